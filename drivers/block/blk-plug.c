/*
 * Plugging: a task that is about to submit many bios (a writeback pass, a
 * readahead) brackets them with blk_start_plug()/blk_finish_plug(). Its
 * bios then wait on the plug, a list only the task touches, and go to
 * their queues together when it unplugs or sleeps (schedule() calls
 * blk_flush_plug() before the task blocks), so that neighbours merge into
 * a few large requests before any of them is started.
 *
 * Locks: none (the plug is the task's own; bios submitted from interrupt
 * context never go to a plug).
 */
#include "drivers/block/internal.h"
#include "kernel/sched/sched.h"

#define BLK_MAX_PLUG	1024	/* bios kept back at most: 4 MiB of single pages, so
				 * that requests reach the queue limit (about 1 MiB) */
#define PLUG_QUEUES	8	/* queues started in one batch */

void blk_start_plug(struct blk_plug *plug)
{
	plug->head = plug->tail = NULL;
	plug->count = 0;
	if (!current->plug)		/* nested: the outer plug keeps them */
		current->plug = plug;
}

void blk_finish_plug(struct blk_plug *plug)
{
	if (current->plug != plug)
		return;
	blk_flush_plug(plug);
	current->plug = NULL;
}

void blk_plug_add(struct blk_plug *plug, struct bio *bio)
{
	bio->bi_next = NULL;
	if (plug->tail)
		plug->tail->bi_next = bio;
	else
		plug->head = bio;
	plug->tail = bio;
	if (++plug->count >= BLK_MAX_PLUG)
		blk_flush_plug(plug);
}

static void run_queues(struct request_queue **qs, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		blk_mq_run_queue(qs[i]);
}

/* Queue every plugged bio (merging) before starting any of its queues. */
void blk_flush_plug(struct blk_plug *plug)
{
	struct request_queue *qs[PLUG_QUEUES];
	struct bio *bio, *next = plug->head;
	unsigned n = 0, i;

	plug->head = plug->tail = NULL;
	plug->count = 0;
	while ((bio = next)) {
		struct request_queue *q = bio->bi_bdev->bd_disk->queue;

		next = bio->bi_next;
		bio->bi_next = NULL;
		if (!q || bio->bi_bdev->bd_disk->fops->submit_bio) {
			__submit_bio(bio, false);
			continue;
		}
		blk_mq_submit_bio(q, bio, true);
		for (i = 0; i < n && qs[i] != q; i++)
			;
		if (i < n)
			continue;
		if (n == PLUG_QUEUES) {
			run_queues(qs, n);
			n = 0;
		}
		qs[n++] = q;
	}
	run_queues(qs, n);
}
