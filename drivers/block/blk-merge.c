/*
 * Merging a bio into a pending request: the bio continues the request
 * (back merge) or ends where it starts (front merge), the two do the same
 * operation, and the request stays within the queue's limits. A request
 * is given to the driver as one command, so a merge saves a command and
 * an interrupt.
 *
 * Locks: the caller holds q->queue_lock (the request is still pending).
 */
#include "drivers/block/internal.h"
#include "kernel/sync/lockdep.h"

#define NOMERGE_FLAGS	(REQ_PREFLUSH | REQ_FUA)

bool bio_mergeable(const struct bio *bio)
{
	return bio_op(bio) != REQ_OP_FLUSH && !(bio->bi_opf & NOMERGE_FLAGS) && bio->bi_size;
}

static bool rq_mergeable(const struct request *rq)
{
	return req_op(rq) != REQ_OP_FLUSH && !(rq->cmd_flags & NOMERGE_FLAGS);
}

/* Whether rq could grow by bio without breaking the queue's limits. */
static bool fits_limits(const struct request_queue *q, const struct request *rq,
			const struct bio *bio)
{
	return blk_rq_sectors(rq) + (bio->bi_size >> SECTOR_SHIFT) <= q->limits.max_sectors &&
	       rq->nr_phys_segments + bio->bi_vcnt <= q->limits.max_segments;
}

bool blk_attempt_merge(struct request_queue *q, struct request *rq, struct bio *bio)
{
	sector_t len = bio->bi_size >> SECTOR_SHIFT;

	lockdep_assert_held(&q->queue_lock);
	if (req_op(rq) != bio_op(bio) || !rq_mergeable(rq) || !bio_mergeable(bio) ||
	    !fits_limits(q, rq, bio))
		return false;
	if (blk_rq_pos(rq) + blk_rq_sectors(rq) == bio->bi_sector) {
		rq->biotail->bi_next = bio;
		rq->biotail = bio;
	} else if (bio->bi_sector + len == blk_rq_pos(rq)) {
		bio->bi_next = rq->bio;
		rq->bio = bio;
		rq->__sector = bio->bi_sector;
	} else {
		return false;
	}
	rq->__data_len += bio->bi_size;
	rq->nr_phys_segments += bio->bi_vcnt;
	rq->cmd_flags |= bio->bi_opf & REQ_SYNC;
	return true;
}
