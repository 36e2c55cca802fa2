/*
 * virtio-blk: a disk behind a modern virtio-pci device (drivers/virtio/),
 * one request queue (virtqueue 0) with many requests in flight.
 *
 * A request on the ring is a descriptor chain: the virtio_blk_outhdr
 * (type, sector), the data buffers (device-written for reads), then one
 * status byte the device writes. A write with REQ_PREFLUSH or REQ_FUA is
 * sent in steps (flush, data, flush) when the device has a write cache
 * (VIRTIO_BLK_F_FLUSH). Completions arrive on the queue's MSI-X vector (or
 * INTx) and end the block-layer request from the interrupt.
 *
 * A device that stops answering: a timer, armed while requests are in
 * flight, fails any request older than VIRTBLK_TIMEOUT_MS with -EIO. Its
 * descriptors and slot stay with the device until it returns them. The
 * age is counted twice: in jiffies, and in seconds of the CMOS clock,
 * which QEMU drives from the host's clock. Under -icount with sleep=off
 * the guest's clocks race ahead while it idles waiting for the host, so
 * jiffies alone would fail a slow host fsync after a few real
 * milliseconds.
 *
 * Locks: vblk->lock (spinlock, IRQs off), see drivers/block/virtio_blk.h.
 * It is never held while calling into the block layer, because
 * blk_mq_end_request may call ->queue_rq again.
 */
#include "drivers/block/virtio_blk.h"
#include "drivers/pci/internal.h"
#include "kernel/errno.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/time.h"
#include "kernel/time/clock.h"
#include "mm/page_alloc.h"

/* Device configuration (struct virtio_blk_config). */
#define VIRTIO_BLK_CFG_CAPACITY		0	/* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX		8	/* le32 */
#define VIRTIO_BLK_CFG_SEG_MAX		12	/* le32 */
#define VIRTIO_BLK_CFG_CYLINDERS	16	/* le16 */
#define VIRTIO_BLK_CFG_HEADS		18	/* u8 */
#define VIRTIO_BLK_CFG_SECTORS		19	/* u8 */
#define VIRTIO_BLK_CFG_BLK_SIZE		20	/* le32 */

#define VIRTBLK_NR_SLOTS	(VIRTQ_MAX_SIZE / 2)	/* a request takes >= 2 descriptors */
#define VIRTBLK_TICK		HZ			/* timeout scan period */
#define VIRTBLK_RTC_FALLBACK	12	/* x timeout in jiffies: expire even if the RTC is stuck */

static struct virtio_blk *virtblk_devs[VIRTBLK_MAX_DISKS];	/* const after boot */
static unsigned nr_virtblk;					/* const after boot */

struct virtio_blk *virtblk_get(unsigned index)
{
	return index < nr_virtblk ? virtblk_devs[index] : NULL;
}

/* ---- slots ---- */

static struct virtblk_req *get_slot(struct virtio_blk *vblk)
{
	lockdep_assert_held(&vblk->lock);
	if (!vblk->nr_free)
		return NULL;
	return &vblk->reqs[vblk->free_slots[--vblk->nr_free]];
}

static void put_slot(struct virtio_blk *vblk, struct virtblk_req *req)
{
	lockdep_assert_held(&vblk->lock);
	req->rq = NULL;
	req->raw = NULL;
	vblk->free_slots[vblk->nr_free++] = req - vblk->reqs;
}

/* ---- building a chain ---- */

/*
 * Append len bytes at addr to the chain being built in vblk->bufs (n
 * buffers so far; buffer 0 is the header, never merged). Data that
 * continues the previous data buffer in physical memory extends it, up to
 * size_max bytes a buffer. Returns the new count, or ~0u if the chain
 * would exceed seg_max data buffers or the ring.
 */
static unsigned add_buf(struct virtio_blk *vblk, unsigned n, phys_addr_t addr, u32 len)
{
	u32 room = vblk->size_max ? vblk->size_max : ~0u;

	while (len) {
		struct virtio_buf *prev = n > 1 ? &vblk->bufs[n - 1] : NULL;
		u32 chunk;

		if (prev && prev->addr + prev->len == addr && prev->len < room) {
			chunk = MIN(len, room - prev->len);
			prev->len += chunk;
			vblk->nr_buf_merges++;
		} else {
			/* Leave room for the status byte. */
			if (n + 1 >= vblk->vq->num || (n && n > vblk->seg_max))
				return ~0u;
			chunk = MIN(len, room);
			vblk->bufs[n++] = (struct virtio_buf){ addr, chunk };
		}
		addr += chunk;
		len -= chunk;
	}
	return n;
}

static unsigned add_data(struct virtio_blk *vblk, struct virtblk_req *req, unsigned n)
{
	if (req->rq) {
		struct bio *b;
		struct bio_vec *bv;
		unsigned i;

		rq_for_each_bvec(bv, req->rq, b, i) {
			n = add_buf(vblk, n, page_to_phys(bv->bv_page) + bv->bv_offset, bv->bv_len);
			if (n == ~0u)
				break;
		}
		return n;
	}
	for (unsigned i = 0; i < req->raw->nbufs && n != ~0u; i++)
		n = add_buf(vblk, n, req->raw->bufs[i].addr, req->raw->bufs[i].len);
	return n;
}

static u32 step_type(const struct virtblk_req *req)
{
	if (req->step != VIRTBLK_STEP_DATA)
		return VIRTIO_BLK_T_FLUSH;
	if (req->raw)
		return req->raw->type;
	switch (req_op(req->rq)) {
	case REQ_OP_WRITE:
		return VIRTIO_BLK_T_OUT;
	case REQ_OP_FLUSH:
		return VIRTIO_BLK_T_FLUSH;
	default:
		return VIRTIO_BLK_T_IN;
	}
}

static sector_t req_sector(const struct virtblk_req *req)
{
	return req->rq ? blk_rq_pos(req->rq) : req->raw->sector;
}

/* Take the next step off req->steps; false when none is left. */
static bool next_step(struct virtblk_req *req)
{
	if (!req->steps)
		return false;
	req->step = req->steps & -req->steps;
	req->steps &= ~req->step;
	return true;
}

static void arm_timer(struct virtio_blk *vblk)
{
	lockdep_assert_held(&vblk->lock);
	if (vblk->timer_armed)
		return;
	vblk->timer.expires = jiffies + VIRTBLK_TICK;
	add_timer(&vblk->timer);
	vblk->timer_armed = true;
}

/*
 * Put req's current step on the ring and note it in flight. 0, -ENOSPC
 * (not enough free descriptors now) or -EINVAL (it can never fit).
 * Caller holds vblk->lock; never sleeps.
 */
static int send_step(struct virtio_blk *vblk, struct virtblk_req *req)
{
	u32 type = step_type(req);
	unsigned n = 0, nout;
	int head;

	lockdep_assert_held(&vblk->lock);
	req->hdr = (struct virtio_blk_outhdr){
		.type = type,
		.sector = type == VIRTIO_BLK_T_FLUSH ? 0 : req_sector(req),
	};
	req->status = 0xff;
	n = add_buf(vblk, n, virt_to_phys(&req->hdr), sizeof(req->hdr));
	if (type != VIRTIO_BLK_T_FLUSH)
		n = add_data(vblk, req, n);
	if (n == ~0u)
		return -EINVAL;
	nout = type == VIRTIO_BLK_T_OUT ? n : 1;
	vblk->bufs[n++] = (struct virtio_buf){ virt_to_phys(&req->status), 1 };
	head = virtqueue_add_bufs(vblk->vq, vblk->bufs, nout, n - nout, req);
	if (head < 0)
		return head;
	req->started = jiffies;
	req->rtc_start = vblk->rtc_seconds;
	if (type == VIRTIO_BLK_T_FLUSH)
		vblk->nr_flushes++;
	list_add_tail(&req->inflight, &vblk->inflight);
	if (++vblk->cur_inflight > vblk->max_inflight)
		vblk->max_inflight = vblk->cur_inflight;
	arm_timer(vblk);
	return 0;
}

/* Whether to write the notify register once the lock is dropped. */
static bool kick_locked(struct virtio_blk *vblk)
{
	lockdep_assert_held(&vblk->lock);
	return !vblk->stalled && virtqueue_kick_prepare(vblk->vq);
}

/* ---- completion ---- */

/* End one request (no lock held): the block layer's, or a raw command's
 * waiter. req is not touched by anyone else until its slot is put back. */
static void end_req(struct virtblk_req *req, int error, u8 status)
{
	if (req->rq) {
		blk_mq_end_request(req->rq, error);
		return;
	}
	req->raw->error = error;
	req->raw->dev_status = status;
	complete(&req->raw->done);
}

static void log_error(struct virtio_blk *vblk, struct virtblk_req *req)
{
	u32 type = req->hdr.type;

	pr_err("%s: I/O error at sector %lu (%s, device status %u)\n", vblk->name,
	       (unsigned long)req->hdr.sector,
	       type == VIRTIO_BLK_T_IN ? "read" : type == VIRTIO_BLK_T_OUT ? "write" : "flush",
	       req->status);
}

/* Requests waiting for descriptors go out first as soon as some free up. */
static void retry_deferred(struct virtio_blk *vblk)
{
	struct virtblk_req *req, *tmp;

	list_for_each_entry_safe(req, tmp, &vblk->deferred, inflight) {
		list_del(&req->inflight);
		if (send_step(vblk, req)) {
			list_add(&req->inflight, &vblk->deferred);
			break;
		}
	}
}

/*
 * A chain the device returned (lock held). Returns true if req is now
 * finished (req->error set, on nobody's list); false if it went on with
 * its next step, or was a timed-out request whose slot is now free.
 */
static bool reap_one(struct virtio_blk *vblk, struct virtblk_req *req)
{
	list_del(&req->inflight);
	vblk->cur_inflight--;
	if (req->abandoned) {
		pr_warn("%s: the device answered a timed-out request (sector %lu) at last\n",
			vblk->name, (unsigned long)req->hdr.sector);
		vblk->nr_abandoned--;
		req->abandoned = false;
		put_slot(vblk, req);
		return false;
	}
	if (req->status == VIRTIO_BLK_S_OK && next_step(req)) {
		int err = send_step(vblk, req);

		if (err == -ENOSPC) {
			req->started = jiffies;
			req->rtc_start = vblk->rtc_seconds;
			list_add_tail(&req->inflight, &vblk->deferred);
		}
		if (err != -EINVAL)
			return false;
		req->status = VIRTIO_BLK_S_IOERR;
	}
	req->error = req->status == VIRTIO_BLK_S_OK ? 0 : -EIO;
	vblk->nr_completed++;
	if (req->error) {
		vblk->nr_errors++;
		log_error(vblk, req);
	}
	return true;
}

/* The queue's interrupt (hardirq): end every request the device finished. */
static void virtblk_done(struct virtqueue *vq)
{
	struct virtio_blk *vblk = vq->priv;
	struct virtblk_req *req, *head = NULL, **tail = &head;
	unsigned long flags;
	bool notify;

	spin_lock_irqsave(&vblk->lock, flags);
	while ((req = virtqueue_get_buf(vq, NULL))) {
		if (!reap_one(vblk, req))
			continue;
		req->next_done = NULL;
		*tail = req;
		tail = &req->next_done;
	}
	retry_deferred(vblk);
	notify = kick_locked(vblk);
	spin_unlock_irqrestore(&vblk->lock, flags);
	if (notify)
		virtqueue_notify(vq);
	for (req = head; req; req = req->next_done)
		end_req(req, req->error, req->status);
	if (!head)
		return;
	spin_lock_irqsave(&vblk->lock, flags);
	for (req = head; req; req = req->next_done)
		put_slot(vblk, req);
	spin_unlock_irqrestore(&vblk->lock, flags);
}

/* ---- timeout ---- */

/* Whether req has waited out the timeout, in jiffies and in RTC seconds
 * (lock held). */
static bool req_expired(const struct virtio_blk *vblk, const struct virtblk_req *req)
{
	u64 limit = msecs_to_jiffies(vblk->timeout_ms), age = jiffies - req->started;
	unsigned long secs = DIV_ROUND_UP(vblk->timeout_ms, 1000);

	if (age < limit)
		return false;
	return vblk->rtc_seconds - req->rtc_start >= secs || age >= VIRTBLK_RTC_FALLBACK * limit;
}

/* The oldest request past its time (lock held), taken off its list; NULL
 * if there is none. *held says whether the device still holds it. */
static struct virtblk_req *expired_req(struct virtio_blk *vblk, bool *held)
{
	struct virtblk_req *req;

	list_for_each_entry(req, &vblk->inflight, inflight) {
		if (req->abandoned || !req_expired(vblk, req))
			continue;
		list_del_init(&req->inflight);
		*held = true;
		return req;
	}
	list_for_each_entry(req, &vblk->deferred, inflight) {
		if (!req_expired(vblk, req))
			continue;
		list_del_init(&req->inflight);
		*held = false;
		return req;
	}
	return NULL;
}

/* Fail one expired request (lock held on entry and exit, dropped while the
 * request is ended). A request the device holds keeps its slot and its
 * descriptors: it is only marked, re-added to inflight so the device can
 * return it, and ended here. */
static void fail_expired(struct virtio_blk *vblk, struct virtblk_req *req, bool held,
			 unsigned long *flags)
{
	struct request *rq = req->rq;
	struct virtblk_raw *raw = req->raw;

	vblk->nr_timeouts++;
	vblk->nr_errors++;
	pr_err("%s: I/O error: request at sector %lu (type %u) timed out after %u ms (device not answering; ring: avail %u, notified %u, used %u, reaped %u)\n",
	       vblk->name, (unsigned long)req->hdr.sector, req->hdr.type, vblk->timeout_ms,
	       vblk->vq->avail_idx, vblk->vq->kicked_avail_idx, vblk->vq->used->idx,
	       vblk->vq->last_used_idx);
	if (held) {
		req->abandoned = true;
		vblk->nr_abandoned++;
		list_add_tail(&req->inflight, &vblk->inflight);
	}
	spin_unlock_irqrestore(&vblk->lock, *flags);
	if (rq) {
		blk_mq_end_request(rq, -EIO);
	} else {
		raw->error = -EIO;
		raw->dev_status = 0xff;
		complete(&raw->done);
	}
	spin_lock_irqsave(&vblk->lock, *flags);
	if (!held)
		put_slot(vblk, req);
}

/* The timeout scan (timer, hardirq), every VIRTBLK_TICK while requests
 * are in flight. */
static void virtblk_timeout(struct timer_list *t)
{
	struct virtio_blk *vblk = container_of(t, struct virtio_blk, timer);
	u64 rtc = rtc_read_seconds();		/* takes cmos_lock: not under ours */
	struct virtblk_req *req;
	unsigned long flags;
	bool held;

	spin_lock_irqsave(&vblk->lock, flags);
	if (rtc != vblk->rtc_last) {		/* at most one second per scan */
		vblk->rtc_last = rtc;
		vblk->rtc_seconds++;
	}
	while ((req = expired_req(vblk, &held)))
		fail_expired(vblk, req, held, &flags);
	vblk->timer_armed = false;
	if (vblk->cur_inflight > vblk->nr_abandoned || !list_empty(&vblk->deferred))
		arm_timer(vblk);
	spin_unlock_irqrestore(&vblk->lock, flags);
}

/* ---- raw commands (tests) ---- */

int virtblk_raw_submit(struct virtio_blk *vblk, struct virtblk_raw *cmd)
{
	struct virtblk_req *req;
	unsigned long flags;
	bool notify = false;
	int err = 0;

	init_completion(&cmd->done);
	cmd->error = 0;
	cmd->dev_status = 0xff;
	spin_lock_irqsave(&vblk->lock, flags);
	req = get_slot(vblk);
	if (!req) {
		err = -EBUSY;
		goto out_unlock;
	}
	req->raw = cmd;
	req->steps = 0;
	req->step = VIRTBLK_STEP_DATA;
	req->abandoned = false;
	err = send_step(vblk, req);
	if (err) {
		put_slot(vblk, req);
		if (err == -ENOSPC)
			err = -EBUSY;
		goto out_unlock;
	}
	notify = kick_locked(vblk);
out_unlock:
	spin_unlock_irqrestore(&vblk->lock, flags);
	if (notify)
		virtqueue_notify(vblk->vq);
	return err;
}

int virtblk_raw_sync(struct virtio_blk *vblk, struct virtblk_raw *cmd)
{
	int err;

	might_sleep();
	while ((err = virtblk_raw_submit(vblk, cmd)) == -EBUSY)
		msleep(1);
	if (err)
		return err;
	wait_for_completion(&cmd->done);
	return cmd->error;
}

void virtblk_set_stalled(struct virtio_blk *vblk, bool stalled)
{
	unsigned long flags;
	bool notify;

	spin_lock_irqsave(&vblk->lock, flags);
	vblk->stalled = stalled;
	notify = kick_locked(vblk);
	spin_unlock_irqrestore(&vblk->lock, flags);
	if (notify)
		virtqueue_notify(vblk->vq);
}

void virtblk_set_timeout(struct virtio_blk *vblk, unsigned ms)
{
	unsigned long flags;

	spin_lock_irqsave(&vblk->lock, flags);
	vblk->timeout_ms = ms;
	spin_unlock_irqrestore(&vblk->lock, flags);
}

/* ---- the block layer's side ---- */

/* The steps of rq: a write may need a flush before (REQ_PREFLUSH) and
 * after (REQ_FUA: virtio-blk has no FUA write) when the device caches
 * writes. 0: nothing to send (a flush of a device without a cache). */
static u8 rq_steps(const struct virtio_blk *vblk, const struct request *rq)
{
	u8 steps = VIRTBLK_STEP_DATA;

	if (req_op(rq) == REQ_OP_FLUSH)
		return vblk->can_flush ? steps : 0;
	if (req_op(rq) == REQ_OP_WRITE && vblk->can_flush) {
		if (rq->cmd_flags & REQ_PREFLUSH)
			steps |= VIRTBLK_STEP_PREFLUSH;
		if (rq->cmd_flags & REQ_FUA)
			steps |= VIRTBLK_STEP_POSTFLUSH;
	}
	return steps;
}

/* No room: -EBUSY (the block layer retries after a completion), unless
 * everything the device holds timed out: then it is not answering and
 * waiting would hang the caller. lock held. */
static int busy_or_dead(struct virtio_blk *vblk)
{
	lockdep_assert_held(&vblk->lock);
	vblk->nr_busy++;
	if (vblk->nr_abandoned && vblk->cur_inflight == vblk->nr_abandoned)
		return -EIO;
	return -EBUSY;
}

/*
 * ->queue_rq: start rq on the device. Called with no block-layer lock
 * held, from process or interrupt context; never sleeps. 0, -EBUSY (ring
 * full), or -EIO (the block layer then ends rq with it).
 */
static int virtblk_queue_rq(struct request *rq)
{
	struct virtio_blk *vblk = rq->q->queuedata;
	u8 steps = rq_steps(vblk, rq);
	struct virtblk_req *req;
	unsigned long flags;
	bool notify;
	int err;

	if (!steps) {
		blk_mq_end_request(rq, 0);
		return 0;
	}
	spin_lock_irqsave(&vblk->lock, flags);
	req = get_slot(vblk);
	if (!req) {
		err = busy_or_dead(vblk);
		goto out_unlock;
	}
	req->rq = rq;
	req->steps = steps;
	req->abandoned = false;
	next_step(req);
	err = send_step(vblk, req);
	if (err) {
		put_slot(vblk, req);
		if (err == -EINVAL)
			pr_err("%s: request at sector %lu has more segments than the ring holds\n",
			       vblk->name, (unsigned long)blk_rq_pos(rq));
		err = err == -ENOSPC ? busy_or_dead(vblk) : -EIO;
		goto out_unlock;
	}
	notify = kick_locked(vblk);
	spin_unlock_irqrestore(&vblk->lock, flags);
	if (notify)
		virtqueue_notify(vblk->vq);
	return 0;
out_unlock:
	spin_unlock_irqrestore(&vblk->lock, flags);
	return err;
}

static const struct blk_queue_ops virtblk_mq_ops = {
	.queue_rq = virtblk_queue_rq,
};

/* HDIO_GETGEO: the device's geometry if it gave one, else Linux's
 * virtio-blk default (64 heads, 32 sectors). */
static int virtblk_getgeo(struct block_device *bdev, struct hd_geometry *geo)
{
	struct virtio_blk *vblk = bdev->bd_disk->private_data;

	if (vblk->cylinders && vblk->heads && vblk->sectors) {
		geo->heads = vblk->heads;
		geo->sectors = vblk->sectors;
		geo->cylinders = vblk->cylinders;
	} else {
		geo->heads = 1 << 6;
		geo->sectors = 1 << 5;
		geo->cylinders = get_capacity(bdev->bd_disk) >> 11;
	}
	return 0;
}

static const struct block_device_operations virtblk_fops = {
	.getgeo = virtblk_getgeo,
};

/* Segments and sectors per request: what the device takes (seg_max,
 * size_max) and what one chain in the ring can hold. */
static void set_limits(struct virtio_blk *vblk, struct queue_limits *lim)
{
	unsigned per_page = 1, segs = MIN(vblk->seg_max, vblk->vq->num - 2);

	if (vblk->size_max && vblk->size_max < PAGE_SIZE)
		per_page = DIV_ROUND_UP(PAGE_SIZE, vblk->size_max);
	lim->max_segments = MAX(segs / per_page, 1u);
	lim->max_sectors = MIN(lim->max_segments * (PAGE_SIZE >> SECTOR_SHIFT), 2048u);
	if (vblk->blk_size > SECTOR_SIZE && vblk->blk_size <= PAGE_SIZE &&
	    !(vblk->blk_size & (vblk->blk_size - 1)))
		lim->logical_block_size = vblk->blk_size;
}

/* Make vd<x> visible (reads its partition table). Process context. */
static int virtblk_add_disk(struct virtio_blk *vblk)
{
	struct gendisk *disk = blk_alloc_disk(&virtblk_mq_ops, vblk);
	int err;

	if (!disk)
		return -ENOMEM;
	strlcpy(disk->disk_name, vblk->name, sizeof(disk->disk_name));
	disk->major = VIRTBLK_MAJOR;
	disk->first_minor = vblk->index * DISK_MAX_PARTS;
	disk->minors = DISK_MAX_PARTS;
	disk->fops = &virtblk_fops;
	disk->private_data = vblk;
	disk->read_only = vblk->read_only;
	set_limits(vblk, &disk->queue->limits);
	set_capacity(disk, vblk->capacity);
	vblk->disk = disk;
	err = add_disk(disk);
	if (err) {
		vblk->disk = NULL;
		put_disk(disk);
	}
	return err;
}

/* ---- probe ---- */

static void read_config(struct virtio_blk *vblk)
{
	struct virtio_device *vdev = &vblk->vdev;

	vblk->capacity = virtio_cread64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	vblk->seg_max = VIRTQ_MAX_SIZE - 2;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX))
		vblk->seg_max = virtio_cread32(vdev, VIRTIO_BLK_CFG_SEG_MAX);
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SIZE_MAX))
		vblk->size_max = virtio_cread32(vdev, VIRTIO_BLK_CFG_SIZE_MAX);
	if (vblk->size_max && vblk->size_max < SECTOR_SIZE)
		vblk->size_max = SECTOR_SIZE;
	vblk->blk_size = SECTOR_SIZE;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_BLK_SIZE))
		vblk->blk_size = virtio_cread32(vdev, VIRTIO_BLK_CFG_BLK_SIZE);
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_GEOMETRY)) {
		vblk->cylinders = virtio_cread16(vdev, VIRTIO_BLK_CFG_CYLINDERS);
		vblk->heads = virtio_cread8(vdev, VIRTIO_BLK_CFG_HEADS);
		vblk->sectors = virtio_cread8(vdev, VIRTIO_BLK_CFG_SECTORS);
	}
	vblk->read_only = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	vblk->can_flush = virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH);
}

static int alloc_slots(struct virtio_blk *vblk)
{
	size_t bytes = sizeof(struct virtblk_req) * VIRTBLK_NR_SLOTS;

	while (((size_t)PAGE_SIZE << vblk->reqs_order) < bytes)
		vblk->reqs_order++;
	/* Headers and status bytes are DMA targets: whole pages, not slab. */
	vblk->reqs = __get_free_pages(GFP_KERNEL | __GFP_ZERO, vblk->reqs_order);
	vblk->free_slots = kcalloc(VIRTBLK_NR_SLOTS, sizeof(u16), GFP_KERNEL);
	vblk->bufs = kcalloc(VIRTQ_MAX_SIZE, sizeof(struct virtio_buf), GFP_KERNEL);
	if (!vblk->reqs || !vblk->free_slots || !vblk->bufs)
		return -ENOMEM;
	vblk->nr_slots = VIRTBLK_NR_SLOTS;
	for (unsigned i = 0; i < VIRTBLK_NR_SLOTS; i++)
		vblk->free_slots[vblk->nr_free++] = VIRTBLK_NR_SLOTS - 1 - i;
	return 0;
}

static void free_slots(struct virtio_blk *vblk)
{
	if (vblk->reqs)
		free_pages_addr(vblk->reqs, vblk->reqs_order);
	kfree(vblk->free_slots);
	kfree(vblk->bufs);
}

static void init_state(struct virtio_blk *vblk)
{
	spin_lock_init(&vblk->lock);
	INIT_LIST_HEAD(&vblk->inflight);
	INIT_LIST_HEAD(&vblk->deferred);
	timer_setup(&vblk->timer, virtblk_timeout, 0);
	vblk->timeout_ms = VIRTBLK_TIMEOUT_MS;
	vblk->index = nr_virtblk;
	snprintf(vblk->name, sizeof(vblk->name), "vd%c", 'a' + vblk->index);
}

#define VIRTBLK_FEATURES ((1ULL << VIRTIO_BLK_F_SIZE_MAX) | (1ULL << VIRTIO_BLK_F_SEG_MAX) | \
			  (1ULL << VIRTIO_BLK_F_GEOMETRY) | (1ULL << VIRTIO_BLK_F_RO) | \
			  (1ULL << VIRTIO_BLK_F_BLK_SIZE) | (1ULL << VIRTIO_BLK_F_FLUSH))

static void (*const virtblk_callbacks[])(struct virtqueue *) = { virtblk_done };

/* The configuration-change interrupt (hardirq): a resize is only logged,
 * the disk keeps the capacity it was added with. */
static void virtblk_config_changed(struct virtio_device *vdev)
{
	struct virtio_blk *vblk = vdev->priv;

	if (!vblk)
		return;
	pr_warn("%s: device configuration changed: capacity now %lu sectors (not applied)\n",
		vblk->name, (unsigned long)virtio_cread64(vdev, VIRTIO_BLK_CFG_CAPACITY));
}

/* Boot, process context. Once interrupts are attached (virtio_find_vqs)
 * vblk is never freed: a shared INTx handler keeps pointing at it. */
static int virtblk_probe(struct pci_dev *pci, const struct pci_device_id *id)
{
	struct virtio_blk *vblk;
	int err;

	if (nr_virtblk == VIRTBLK_MAX_DISKS)
		return -ENOSPC;
	vblk = kzalloc(sizeof(*vblk), GFP_KERNEL);
	if (!vblk)
		return -ENOMEM;
	init_state(vblk);
	err = alloc_slots(vblk);
	if (err)
		goto out_free;
	err = virtio_pci_init(&vblk->vdev, pci);
	if (err)
		goto out_free;
	err = virtio_negotiate(&vblk->vdev, VIRTBLK_FEATURES);
	if (err)
		goto out_free;
	read_config(vblk);
	err = virtio_find_vqs(&vblk->vdev, 1, virtblk_callbacks, vblk);
	if (err)
		goto out_failed;
	vblk->vq = vblk->vdev.vqs[0];
	vblk->vdev.priv = vblk;
	vblk->vdev.config_changed = virtblk_config_changed;
	virtio_device_ready(&vblk->vdev);
	pr_info("%s: virtio-blk %s, %lu sectors (%lu MiB), %u-entry ring, seg_max %u, size_max %u%s%s, %s\n",
		vblk->name, vblk->vdev.name, (unsigned long)vblk->capacity,
		(unsigned long)(vblk->capacity >> 11), vblk->vq->num, vblk->seg_max,
		vblk->size_max, vblk->can_flush ? ", write cache (flush)" : "",
		vblk->read_only ? ", read-only" : "", vblk->vdev.msix ? "MSI-X" : "INTx");
	pci->driver_data = vblk;
	virtblk_devs[nr_virtblk++] = vblk;
	err = virtblk_add_disk(vblk);
	if (err)
		pr_err("%s: cannot add the disk (error %d)\n", vblk->name, err);
	return 0;
out_failed:
	virtio_add_status(&vblk->vdev, VIRTIO_STATUS_FAILED);
out_free:
	free_slots(vblk);
	kfree(vblk);
	return err;
}

static const struct pci_device_id virtblk_ids[] = {
	{ VIRTIO_PCI_VENDOR, VIRTIO_PCI_MODERN_BASE + VIRTIO_ID_BLOCK, 0 },
	{ VIRTIO_PCI_VENDOR, 0x1001, 0 },	/* transitional: modern interface if offered */
	{ 0 }
};

const struct pci_driver virtio_blk_pci_driver = {
	.name = "virtio-blk",
	.id_table = virtblk_ids,
	.probe = virtblk_probe,
};
