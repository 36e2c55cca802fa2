/*
 * virtio-blk (drivers/block/virtio_blk.c): the driver's state, and the
 * raw-command path its tests use to talk to the device without the block
 * layer.
 */
#ifndef DRIVERS_BLOCK_VIRTIO_BLK_H
#define DRIVERS_BLOCK_VIRTIO_BLK_H

#include "drivers/block/blkdev.h"
#include "drivers/virtio/virtio.h"
#include "kernel/sync/completion.h"
#include "kernel/sync/spinlock.h"
#include "kernel/time/timer.h"

/* Feature bits and request types (virtio 1.x, "Block Device"). */
#define VIRTIO_BLK_F_SIZE_MAX	1
#define VIRTIO_BLK_F_SEG_MAX	2
#define VIRTIO_BLK_F_GEOMETRY	4
#define VIRTIO_BLK_F_RO		5
#define VIRTIO_BLK_F_BLK_SIZE	6
#define VIRTIO_BLK_F_FLUSH	9

#define VIRTIO_BLK_T_IN		0
#define VIRTIO_BLK_T_OUT	1
#define VIRTIO_BLK_T_FLUSH	4

#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_S_IOERR	1
#define VIRTIO_BLK_S_UNSUPP	2

/* What the device reads first in every request. */
struct virtio_blk_outhdr {
	u32 type;
	u32 ioprio;
	u64 sector;
};

#define VIRTBLK_TIMEOUT_MS	5000	/* a request older than this fails */
#define VIRTBLK_MAX_DISKS	26	/* vda .. vdz */

struct virtblk_raw;

/*
 * One request the device holds (or is about to): the header and status
 * byte it reads and writes, in DMA-able memory, and what it is for. Slot i
 * of vblk->reqs; free slots are on vblk->free_slots.
 */
struct virtblk_req {
	struct virtio_blk_outhdr hdr;	/* device reads */
	u8 status;			/* device writes */
	/* vblk->lock: */
	u8 steps;			/* VIRTBLK_STEP_* still to send */
	u8 step;			/* the one the device holds now */
	bool abandoned;			/* failed by the timeout: the device still holds it */
	struct request *rq;		/* from the block layer, or */
	struct virtblk_raw *raw;	/* from virtblk_raw_submit */
	u64 started;			/* jiffies when this step went to the device */
	unsigned long rtc_start;	/* vblk->rtc_seconds then */
	struct list_head inflight;	/* vblk->inflight or vblk->deferred */
	/* Owned by the completing context once off every list: */
	struct virtblk_req *next_done;
	int error;
};

#define VIRTBLK_STEP_PREFLUSH	1	/* flush before the data */
#define VIRTBLK_STEP_DATA	2	/* the read, write or flush itself */
#define VIRTBLK_STEP_POSTFLUSH	4	/* flush after the data (FUA) */

struct virtio_blk {
	struct virtio_device vdev;
	char name[DISK_NAME_LEN];	/* const: "vda" */
	unsigned index;			/* const: 0 for vda */
	/* const after probe: */
	u64 capacity;			/* sectors */
	u32 seg_max;			/* data segments per request */
	u32 size_max;			/* bytes per segment (0: unlimited) */
	u32 blk_size;			/* logical block size */
	u16 cylinders;			/* geometry (VIRTIO_BLK_F_GEOMETRY) or 0 */
	u8 heads, sectors;
	bool read_only, can_flush;
	struct virtqueue *vq;		/* const */
	struct gendisk *disk;		/* const after probe */
	/*
	 * lock (IRQs off): the queue, the slots, the lists and the timer's
	 * arming. Taken by ->queue_rq, the completion interrupt, the timeout
	 * timer and the raw path; never held while calling the block layer.
	 */
	spinlock_t lock;
	struct virtblk_req *reqs;	/* const pointer: nr_slots of them */
	unsigned nr_slots;		/* const */
	unsigned reqs_order;		/* const */
	u16 *free_slots;		/* lock: stack of free slot numbers */
	unsigned nr_free;		/* lock */
	struct list_head inflight;	/* lock: held by the device, oldest first */
	struct list_head deferred;	/* lock: next step waits for descriptors */
	struct virtio_buf *bufs;	/* lock: scratch for building a chain */
	unsigned nr_abandoned;		/* lock: timed out, not yet returned */
	bool stalled;			/* lock: test hook: notify nothing */
	bool timer_armed;		/* lock */
	unsigned timeout_ms;		/* lock: VIRTBLK_TIMEOUT_MS unless a test changes it */
	u64 rtc_last;			/* lock: the RTC at the last timeout scan */
	unsigned long rtc_seconds;	/* lock: scans that saw the RTC move on */
	struct timer_list timer;	/* armed while requests are in flight */
	/* Statistics (lock). */
	unsigned long nr_completed, nr_errors, nr_timeouts, nr_busy;
	unsigned long nr_flushes;	/* VIRTIO_BLK_T_FLUSH commands sent */
	unsigned long nr_buf_merges;	/* physically contiguous data sent as one buffer */
	unsigned max_inflight, cur_inflight;
};

/* A command sent straight to the device (tests, bypassing the queue). */
struct virtblk_raw {
	u32 type;			/* VIRTIO_BLK_T_* */
	sector_t sector;
	const struct virtio_buf *bufs;	/* data; device-written for T_IN */
	unsigned nbufs;
	int error;			/* out: 0 or -EIO */
	u8 dev_status;			/* out: VIRTIO_BLK_S_* (0xff if none) */
	struct completion done;		/* completed when error is set */
};

/* The device probed as vd<'a' + index>, or NULL. Const after boot. */
struct virtio_blk *virtblk_get(unsigned index);

/* Start cmd (init_completion is done here). 0, -EBUSY (ring full now), or
 * -EINVAL (more buffers than the ring holds). Any context. */
int virtblk_raw_submit(struct virtio_blk *vblk, struct virtblk_raw *cmd);
/* Submit and sleep until done; returns cmd->error or the submit error
 * (retrying while the ring is full). */
int virtblk_raw_sync(struct virtio_blk *vblk, struct virtblk_raw *cmd);

/* Test hook: while stalled the driver notifies the device of nothing, as
 * if it had stopped answering; unstalling notifies it of everything. */
void virtblk_set_stalled(struct virtio_blk *vblk, bool stalled);
void virtblk_set_timeout(struct virtio_blk *vblk, unsigned ms);

#endif
