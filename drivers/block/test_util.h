/* Helpers of the block-layer ktests (drivers/block/test_*.c). */
#ifndef DRIVERS_BLOCK_TEST_UTIL_H
#define DRIVERS_BLOCK_TEST_UTIL_H

#include "drivers/block/bio.h"
#include "kernel/errno.h"

/* Read or write nsect sectors (at most a page) of page at sector of bdev
 * and wait: bi_status, or -ENOMEM. May sleep. */
static inline int blk_test_rw(struct block_device *bdev, enum req_op op, sector_t sector,
			      struct page *page, unsigned nsect)
{
	struct bio *bio = bio_alloc(bdev, 1, op, GFP_KERNEL);
	int err;

	if (!bio)
		return -ENOMEM;
	bio->bi_sector = sector;
	bio_add_page(bio, page, nsect << SECTOR_SHIFT, 0);
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

#endif
