/*
 * The request queue of a request-based disk: bios become requests
 * (merged with pending neighbours, blk-merge.c), requests are started on
 * the driver through ->queue_rq, and blk_mq_end_request() completes them,
 * usually from the device's interrupt, and starts the next ones.
 *
 *   blk_mq_submit_bio -> q->pending -> blk_mq_run_queue -> ->queue_rq
 *   blk_mq_end_request -> bio_endio of each bio -> blk_mq_run_queue
 *
 * One CPU at a time runs the dispatch loop of a queue (q->dispatching);
 * another that finds it busy leaves q->run_again and goes, so ->queue_rq
 * calls of one queue never overlap and a request the driver refused with
 * -EBUSY goes back to the head and keeps its place.
 *
 * Locks: q->queue_lock (spinlock, IRQs off: completions take it from
 * interrupts) guards the pending list and the counters; it is never held
 * across ->queue_rq or a bio's end_io. Nothing here sleeps except
 * blkdev_issue_flush().
 */
#include "drivers/block/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/sync/lockdep.h"

#define MERGE_SCAN	16	/* pending requests looked at for a merge */

static void blk_queue_retry(struct timer_list *t)
{
	struct request_queue *q = container_of(t, struct request_queue, retry_timer);
	unsigned long flags;

	spin_lock_irqsave(&q->queue_lock, flags);
	q->stalled = false;
	spin_unlock_irqrestore(&q->queue_lock, flags);
	blk_mq_run_queue(q);
}

void blk_queue_init(struct request_queue *q, const struct blk_queue_ops *ops, void *queuedata)
{
	spin_lock_init(&q->queue_lock);
	INIT_LIST_HEAD(&q->pending);
	q->ops = ops;
	q->queuedata = queuedata;
	q->limits.logical_block_size = SECTOR_SIZE;
	q->limits.max_sectors = 256;		/* 128 KiB */
	q->limits.max_segments = 64;
	timer_setup(&q->retry_timer, blk_queue_retry, 0);
}

/* Merge bio into one of the last pending requests. queue_lock held. */
static bool merge_pending(struct request_queue *q, struct bio *bio)
{
	struct list_head *pos;
	unsigned n = 0;

	lockdep_assert_held(&q->queue_lock);
	if (!bio_mergeable(bio))
		return false;
	for (pos = q->pending.prev; pos != &q->pending && n++ < MERGE_SCAN; pos = pos->prev) {
		if (blk_attempt_merge(q, list_entry(pos, struct request, queuelist), bio)) {
			q->nr_merges++;
			return true;
		}
	}
	return false;
}

static struct request *rq_from_bio(struct request_queue *q, struct bio *bio)
{
	struct request *rq = kzalloc(sizeof(*rq), GFP_ATOMIC);

	if (!rq)
		return NULL;
	INIT_LIST_HEAD(&rq->queuelist);
	rq->q = q;
	rq->cmd_flags = bio->bi_opf;
	rq->__sector = bio->bi_sector;
	rq->__data_len = bio->bi_size;
	rq->bio = rq->biotail = bio;
	rq->nr_phys_segments = bio->bi_vcnt;
	return rq;
}

void blk_mq_submit_bio(struct request_queue *q, struct bio *bio, bool plugged)
{
	struct request *rq;
	unsigned long flags;
	bool merged;

	spin_lock_irqsave(&q->queue_lock, flags);
	merged = merge_pending(q, bio);
	spin_unlock_irqrestore(&q->queue_lock, flags);
	if (!merged) {
		rq = rq_from_bio(q, bio);
		if (!rq) {
			pr_warn("blk: %s: no memory for a request\n", q->disk->disk_name);
			bio->bi_status = -ENOMEM;
			bio_endio(bio);
			return;
		}
		spin_lock_irqsave(&q->queue_lock, flags);
		list_add_tail(&rq->queuelist, &q->pending);
		spin_unlock_irqrestore(&q->queue_lock, flags);
	}
	if (!plugged)
		blk_mq_run_queue(q);
}

/* ->queue_rq refused rq with -EBUSY: back to the head. Stall until the
 * next completion unless one came meanwhile; with nothing in flight no
 * completion will come, so a timer retries. queue_lock held. */
static void requeue_busy(struct request_queue *q, struct request *rq, unsigned long completed)
{
	lockdep_assert_held(&q->queue_lock);
	list_add(&rq->queuelist, &q->pending);
	q->in_flight--;
	q->nr_requests--;
	if (q->nr_completed != completed || q->run_again)
		return;
	q->stalled = true;
	if (!q->in_flight && READ_ONCE(q->retry_timer.cpu) < 0) {
		q->retry_timer.expires = jiffies + 1;
		add_timer(&q->retry_timer);
	}
}

static void end_request(struct request *rq, int status);

void blk_mq_run_queue(struct request_queue *q)
{
	struct request *rq;
	unsigned long flags, completed;
	int ret;

	spin_lock_irqsave(&q->queue_lock, flags);
	if (q->dispatching) {
		q->run_again = true;
		goto out_unlock;
	}
	q->dispatching = true;
	for (;;) {
		q->run_again = false;
		if (q->stalled || list_empty(&q->pending))
			break;
		rq = list_first_entry(&q->pending, struct request, queuelist);
		list_del_init(&rq->queuelist);
		q->in_flight++;
		q->nr_requests++;
		completed = q->nr_completed;
		spin_unlock_irqrestore(&q->queue_lock, flags);
		rq->start_ns = ktime_get_ns();
		ret = q->ops->queue_rq(rq);
		if (ret && ret != -EBUSY)
			end_request(rq, ret);
		spin_lock_irqsave(&q->queue_lock, flags);
		if (ret == -EBUSY)
			requeue_busy(q, rq, completed);
	}
	q->dispatching = false;
out_unlock:
	spin_unlock_irqrestore(&q->queue_lock, flags);
}

static unsigned long blk_err_reports;	/* atomic: I/O error messages printed */

static const char *op_name(enum req_op op)
{
	return op == REQ_OP_READ ? "READ" : op == REQ_OP_WRITE ? "WRITE" : "FLUSH";
}

/* Complete the bios of rq and free it, without starting more requests. */
static void end_request(struct request *rq, int status)
{
	struct request_queue *q = rq->q;
	struct bio *bio, *next;
	unsigned long flags;

	if (status && __atomic_fetch_add(&blk_err_reports, 1, __ATOMIC_RELAXED) < 50)
		pr_err("blk: %s: I/O error %d, %s sector %lu, %u sectors\n", q->disk->disk_name,
		       status, op_name(req_op(rq)), (unsigned long)blk_rq_pos(rq),
		       blk_rq_sectors(rq));
	spin_lock_irqsave(&q->queue_lock, flags);
	q->in_flight--;
	q->nr_completed++;
	q->stalled = false;
	spin_unlock_irqrestore(&q->queue_lock, flags);
	for (bio = rq->bio; bio; bio = next) {
		next = bio->bi_next;
		bio->bi_next = NULL;
		bio->bi_status = status;
		bio_endio(bio);
	}
	kfree(rq);
}

void blk_mq_end_request(struct request *rq, int status)
{
	struct request_queue *q = rq->q;

	end_request(rq, status);
	blk_mq_run_queue(q);
}

int blkdev_issue_flush(struct block_device *bdev)
{
	struct bio *bio;
	int err;

	might_sleep();
	bio = bio_alloc(bdev, 0, REQ_OP_FLUSH | REQ_PREFLUSH, GFP_KERNEL);
	if (!bio)
		return -ENOMEM;
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}
