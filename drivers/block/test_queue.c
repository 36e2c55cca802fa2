/*
 * Request-queue tests (ktest=blk_queue) on a disk of a fake in-memory
 * driver written here: its ->queue_rq puts the request on a list and a
 * timer completes it from the tick interrupt, so completion happens
 * outside process context, as a device's would. It can refuse requests
 * with -EBUSY beyond a number in flight.
 *
 * Plugged adjacent writes merge (fewer requests than bios, counted in
 * q->nr_merges), in either order; no request exceeds the queue's limits;
 * flushes never merge; -EBUSY requests are retried after a completion;
 * a task that sleeps while plugged does not wait for its own plug.
 */
#include "drivers/block/internal.h"
#include "drivers/block/test_util.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/time.h"

#define FAKE_PAGES	64			/* 256 KiB */
#define FAKE_SECTORS	(FAKE_PAGES * (PAGE_SIZE >> SECTOR_SHIFT))
#define FAKE_MAJOR	240			/* local/experimental use */

struct fake_dev {
	spinlock_t lock;			/* IRQs off */
	struct list_head started;		/* lock: requests to complete */
	bool armed;				/* lock: the timer is pending */
	unsigned in_flight, max_in_flight;	/* lock; 0: no limit */
	unsigned long busy;			/* lock: -EBUSY answers */
	unsigned max_rq_sectors, max_rq_segs;	/* lock: the largest seen */
	unsigned long flushes;			/* lock */
	struct timer_list timer;
	u8 *data;				/* the disk's contents */
};

static void fake_transfer(struct fake_dev *fd, struct request *rq)
{
	sector_t sector = blk_rq_pos(rq);
	struct bio_vec *bv;
	struct bio *b;
	unsigned i;

	rq_for_each_bvec(bv, rq, b, i) {
		u8 *mem = (u8 *)page_address(bv->bv_page) + bv->bv_offset;
		u8 *disk = fd->data + (sector << SECTOR_SHIFT);

		if (req_op(rq) == REQ_OP_WRITE)
			memcpy(disk, mem, bv->bv_len);
		else
			memcpy(mem, disk, bv->bv_len);
		sector += bv->bv_len >> SECTOR_SHIFT;
	}
}

/* The "interrupt": complete every started request. */
static void fake_timer(struct timer_list *t)
{
	struct fake_dev *fd = container_of(t, struct fake_dev, timer);
	struct list_head done;
	struct request *rq, *tmp;
	unsigned long flags;

	INIT_LIST_HEAD(&done);
	spin_lock_irqsave(&fd->lock, flags);
	fd->armed = false;
	list_for_each_entry_safe(rq, tmp, &fd->started, queuelist) {
		list_del(&rq->queuelist);
		list_add_tail(&rq->queuelist, &done);
	}
	spin_unlock_irqrestore(&fd->lock, flags);
	list_for_each_entry_safe(rq, tmp, &done, queuelist) {
		list_del_init(&rq->queuelist);
		if (req_op(rq) != REQ_OP_FLUSH)
			fake_transfer(fd, rq);
		spin_lock_irqsave(&fd->lock, flags);
		fd->in_flight--;
		spin_unlock_irqrestore(&fd->lock, flags);
		blk_mq_end_request(rq, 0);
	}
}

static int fake_queue_rq(struct request *rq)
{
	struct fake_dev *fd = rq->q->queuedata;
	unsigned long flags;

	spin_lock_irqsave(&fd->lock, flags);
	if (fd->max_in_flight && fd->in_flight >= fd->max_in_flight) {
		fd->busy++;
		spin_unlock_irqrestore(&fd->lock, flags);
		return -EBUSY;
	}
	fd->in_flight++;
	if (blk_rq_sectors(rq) > fd->max_rq_sectors)
		fd->max_rq_sectors = blk_rq_sectors(rq);
	if (rq->nr_phys_segments > fd->max_rq_segs)
		fd->max_rq_segs = rq->nr_phys_segments;
	if (req_op(rq) == REQ_OP_FLUSH)
		fd->flushes++;
	list_add_tail(&rq->queuelist, &fd->started);
	if (!fd->armed) {
		fd->armed = true;
		fd->timer.expires = jiffies + 1;
		add_timer(&fd->timer);
	}
	spin_unlock_irqrestore(&fd->lock, flags);
	return 0;
}

static const struct blk_queue_ops fake_queue_ops = { .queue_rq = fake_queue_rq };
static const struct block_device_operations fake_fops = { 0 };

static struct gendisk *fake_disk_create(struct fake_dev *fd)
{
	struct gendisk *disk;

	memset(fd, 0, sizeof(*fd));
	spin_lock_init(&fd->lock);
	INIT_LIST_HEAD(&fd->started);
	timer_setup(&fd->timer, fake_timer, 0);
	fd->data = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 6);
	if (!fd->data)
		return NULL;
	disk = blk_alloc_disk(&fake_queue_ops, fd);
	if (!disk) {
		free_pages_addr(fd->data, 6);
		return NULL;
	}
	strlcpy(disk->disk_name, "fakeq", sizeof(disk->disk_name));
	disk->major = FAKE_MAJOR;
	disk->fops = &fake_fops;
	disk->private_data = fd;
	set_capacity(disk, FAKE_SECTORS);
	return disk;
}

static void fake_disk_destroy(struct fake_dev *fd, struct gendisk *disk)
{
	del_timer_sync(&fd->timer);
	put_disk(disk);
	free_pages_addr(fd->data, 6);
}

/* A batch of one-page bios and what their completions saw. */
struct batch {
	struct completion done;
	int remaining;			/* atomic */
	int errors;			/* atomic */
	int in_irq;			/* atomic: completions in hardirq context */
	struct bio *bios[64];
	struct page *pages[64];
	unsigned n;
};

static void batch_end_io(struct bio *bio)
{
	struct batch *b = bio->bi_private;

	if (bio->bi_status)
		__atomic_fetch_add(&b->errors, 1, __ATOMIC_RELAXED);
	if (in_irq())
		__atomic_fetch_add(&b->in_irq, 1, __ATOMIC_RELAXED);
	if (__atomic_sub_fetch(&b->remaining, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&b->done);
}

/* n one-page bios of op at sector first + i * stride * 8; page i filled
 * with the byte seed + i for writes. -ENOMEM if something is missing. */
static int batch_build(struct batch *b, struct block_device *bdev, enum req_op op,
		       unsigned n, sector_t first, unsigned stride, u8 seed)
{
	memset(b, 0, sizeof(*b));
	init_completion(&b->done);
	b->n = n;
	b->remaining = (int)n;
	for (unsigned i = 0; i < n; i++) {
		b->pages[i] = alloc_page(GFP_KERNEL | __GFP_ZERO);
		b->bios[i] = bio_alloc(bdev, 1, op, GFP_KERNEL);
		if (!b->pages[i] || !b->bios[i])
			return -ENOMEM;
		if (op == REQ_OP_WRITE)
			memset(page_address(b->pages[i]), seed + i, PAGE_SIZE);
		b->bios[i]->bi_sector = first + (sector_t)i * stride * 8;
		b->bios[i]->bi_end_io = batch_end_io;
		b->bios[i]->bi_private = b;
		bio_add_page(b->bios[i], b->pages[i], PAGE_SIZE, 0);
	}
	return 0;
}

static void batch_free(struct batch *b)
{
	for (unsigned i = 0; i < b->n; i++) {
		if (b->bios[i])
			bio_put(b->bios[i]);
		if (b->pages[i])
			free_page(b->pages[i]);
	}
}

/* Submit bios in order (or reversed), plugged or not, and wait. */
static void batch_run(struct batch *b, bool reverse, bool plug)
{
	struct blk_plug p;

	if (plug)
		blk_start_plug(&p);
	for (unsigned i = 0; i < b->n; i++)
		submit_bio(b->bios[reverse ? b->n - 1 - i : i]);
	if (plug)
		blk_finish_plug(&p);
	wait_for_completion(&b->done);
}

static bool batch_pages_are(struct batch *b, u8 seed)
{
	for (unsigned i = 0; i < b->n; i++) {
		const u8 *p = page_address(b->pages[i]);

		for (unsigned k = 0; k < PAGE_SIZE; k++)
			if (p[k] != (u8)(seed + i))
				return false;
	}
	return true;
}

static struct fake_dev fake;		/* test thread only (and its driver) */
static struct batch wb, rb;

static void merge_test(struct ktest_ctx *__kt, bool reverse)
{
	struct gendisk *disk = fake_disk_create(&fake);
	struct request_queue *q;
	unsigned long reqs, merges;
	bool same;
	int err;

	KT_ASSERT(disk, "no memory for the fake disk");
	q = disk->queue;
	err = batch_build(&wb, disk->part0, REQ_OP_WRITE, 64, 0, 1, 0x10);
	if (!err)
		err = batch_build(&rb, disk->part0, REQ_OP_READ, 64, 0, 1, 0);
	if (!err) {
		batch_run(&wb, reverse, true);
		batch_run(&rb, false, false);
	}
	reqs = q->nr_requests;
	merges = q->nr_merges;
	same = !err && batch_pages_are(&rb, 0x10);
	batch_free(&wb);
	batch_free(&rb);
	fake_disk_destroy(&fake, disk);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(wb.errors + rb.errors, 0);
	KT_ASSERT(same, "read back differs from what was written");
	KT_ASSERT(merges >= 56, "only %lu merges for 64 adjacent plugged writes", merges);
	KT_ASSERT(reqs < 64 + 64, "%lu requests for 128 bios", reqs);
	KT_ASSERT(fake.max_rq_sectors <= 256, "a request of %u sectors", fake.max_rq_sectors);
	KT_ASSERT(fake.max_rq_segs <= 64, "a request of %u segments", fake.max_rq_segs);
	KT_ASSERT_EQ(wb.in_irq, 64);
}

KTEST(blk_queue_plugged_adjacent_writes_back_merge)
{
	merge_test(__kt, false);
}

KTEST(blk_queue_plugged_descending_writes_front_merge)
{
	merge_test(__kt, true);
}

static void flush_end_io(struct bio *bio)
{
	complete(bio->bi_private);
}

KTEST(blk_queue_flushes_never_merge)
{
	struct gendisk *disk = fake_disk_create(&fake);
	struct completion done[2];
	struct bio *bio[2] = { NULL, NULL };
	struct blk_plug plug;
	unsigned long merges;

	KT_ASSERT(disk, "no memory for the fake disk");
	blk_start_plug(&plug);
	for (int i = 0; i < 2; i++) {
		init_completion(&done[i]);
		bio[i] = bio_alloc(disk->part0, 0, REQ_OP_FLUSH | REQ_PREFLUSH, GFP_KERNEL);
		if (!bio[i])
			break;
		bio[i]->bi_end_io = flush_end_io;
		bio[i]->bi_private = &done[i];
		submit_bio(bio[i]);
	}
	blk_finish_plug(&plug);
	for (int i = 0; i < 2; i++)
		if (bio[i])
			wait_for_completion(&done[i]);
	merges = disk->queue->nr_merges;
	for (int i = 0; i < 2; i++)
		if (bio[i])
			bio_put(bio[i]);
	fake_disk_destroy(&fake, disk);
	KT_ASSERT(bio[0] && bio[1], "no memory for the bios");
	KT_ASSERT_EQ(merges, 0);
	KT_ASSERT_EQ(fake.flushes, 2);
}

KTEST(blk_queue_busy_requests_retried_after_completion)
{
	struct gendisk *disk = fake_disk_create(&fake);
	int err;

	KT_ASSERT(disk, "no memory for the fake disk");
	fake.max_in_flight = 2;
	/* Every other page: nothing merges, 16 requests through 2 slots. */
	err = batch_build(&wb, disk->part0, REQ_OP_WRITE, 16, 0, 2, 0x40);
	if (!err)
		batch_run(&wb, false, false);
	batch_free(&wb);
	fake_disk_destroy(&fake, disk);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(wb.errors, 0);
	KT_ASSERT(fake.busy > 0, "the driver never said -EBUSY");
}

KTEST(blk_queue_sleeping_while_plugged_flushes_the_plug)
{
	struct gendisk *disk = fake_disk_create(&fake);
	struct blk_plug plug;
	unsigned long reqs = 0;
	int err;

	KT_ASSERT(disk, "no memory for the fake disk");
	err = batch_build(&wb, disk->part0, REQ_OP_WRITE, 8, 64, 1, 0x70);
	if (!err) {
		blk_start_plug(&plug);
		for (unsigned i = 0; i < wb.n; i++)
			submit_bio(wb.bios[i]);
		/* Sleeping must send the plug: else this waits forever. */
		wait_for_completion(&wb.done);
		reqs = disk->queue->nr_requests;
		blk_finish_plug(&plug);
	}
	batch_free(&wb);
	fake_disk_destroy(&fake, disk);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(wb.errors, 0);
	KT_ASSERT_EQ(reqs, 1);
}

/* Each thread writes and reads back its own pages, through a driver
 * that takes at most 3 requests at once: dispatch from every CPU, in
 * process context and from the completion interrupt, with -EBUSY. */
struct conc_q {
	struct block_device *bdev;
	int errors;			/* atomic */
};

static void conc_q_thread(void *arg, unsigned i)
{
	struct conc_q *c = arg;
	struct page *page = alloc_page(GFP_KERNEL);
	sector_t sector = (sector_t)(i % 8) * 64;

	for (unsigned round = 0; page && round < 20; round++) {
		sector_t s = sector + (round % 8) * 8;
		bool bad;

		memset(page_address(page), (int)(i * 32 + round), PAGE_SIZE);
		bad = blk_test_rw(c->bdev, REQ_OP_WRITE, s, page, 8) != 0;
		memset(page_address(page), 0, PAGE_SIZE);
		bad = bad || blk_test_rw(c->bdev, REQ_OP_READ, s, page, 8) != 0;
		bad = bad || ((u8 *)page_address(page))[PAGE_SIZE - 1] != (u8)(i * 32 + round);
		if (bad)
			__atomic_fetch_add(&c->errors, 1, __ATOMIC_RELAXED);
	}
	if (page)
		free_page(page);
	else
		__atomic_fetch_add(&c->errors, 1, __ATOMIC_RELAXED);
}

KTEST(blk_queue_concurrent_threads_all_cpus_busy_driver)
{
	struct gendisk *disk = fake_disk_create(&fake);
	struct conc_q c = { 0 };
	unsigned long in_flight, pending;
	int err;

	KT_ASSERT(disk, "no memory for the fake disk");
	fake.max_in_flight = 3;
	c.bdev = disk->part0;
	err = ktest_run_threads(conc_q_thread, &c, 8);
	in_flight = disk->queue->in_flight;
	pending = !list_empty(&disk->queue->pending);
	fake_disk_destroy(&fake, disk);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(c.errors, 0);
	KT_ASSERT_EQ(in_flight, 0);
	KT_ASSERT_EQ(pending, 0);
}
