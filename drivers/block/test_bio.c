/*
 * Block-layer tests on the RAM disk /dev/ram0 (ktest=blk_bio): a bio's
 * round trip, never-written sectors reading zeros, a bio beyond the end
 * and a write to a read-only device failing with -EIO, a flush, and bios
 * from threads on every CPU at once.
 */
#include "drivers/block/blkdev.h"
#include "drivers/block/test_util.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"

KTEST(blk_bio_ram0_round_trip)
{
	struct block_device *bdev = blkdev_get_by_dev(MKDEV(RAMDISK_MAJOR, 0), FMODE_READ | FMODE_WRITE, NULL);
	struct page *page = alloc_page(GFP_KERNEL);
	u8 *p;
	int err;

	KT_ASSERT(!IS_ERR(bdev), "open ram0: %ld", PTR_ERR(bdev));
	KT_ASSERT(page, "no page");
	p = page_address(page);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		p[i] = (u8)(i * 7 + 3);
	err = blk_test_rw(bdev, REQ_OP_WRITE, 100, page, 8);
	memset(p, 0, PAGE_SIZE);
	if (!err)
		err = blk_test_rw(bdev, REQ_OP_READ, 100, page, 8);
	for (unsigned i = 0; i < PAGE_SIZE && !err; i++)
		if (p[i] != (u8)(i * 7 + 3))
			err = -EINVAL;
	if (!err)		/* sector 1000 was never written */
		err = blk_test_rw(bdev, REQ_OP_READ, 1000, page, 1);
	for (unsigned i = 0; i < SECTOR_SIZE && !err; i++)
		if (p[i])
			err = -ENODATA;
	free_page(page);
	blkdev_put(bdev, FMODE_READ | FMODE_WRITE);
	KT_ASSERT_EQ(err, 0);
}

KTEST(blk_bio_beyond_end_and_read_only_eio)
{
	struct block_device *bdev = blkdev_get_by_dev(MKDEV(RAMDISK_MAJOR, 0), FMODE_READ | FMODE_WRITE, NULL);
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	sector_t end;
	int e1, e2, e3, e4;

	KT_ASSERT(!IS_ERR(bdev), "open ram0: %ld", PTR_ERR(bdev));
	KT_ASSERT(page, "no page");
	end = bdev_nr_sectors(bdev);
	e1 = blk_test_rw(bdev, REQ_OP_READ, end, page, 1);
	e2 = blk_test_rw(bdev, REQ_OP_WRITE, end - 4, page, 8);	/* straddles the end */
	e3 = blk_test_rw(bdev, REQ_OP_READ, end - 8, page, 8);	/* the last page: fine */
	bdev->bd_read_only = true;
	e4 = blk_test_rw(bdev, REQ_OP_WRITE, 0, page, 1);
	bdev->bd_read_only = false;
	free_page(page);
	blkdev_put(bdev, FMODE_READ | FMODE_WRITE);
	KT_ASSERT_EQ(e1, -EIO);
	KT_ASSERT_EQ(e2, -EIO);
	KT_ASSERT_EQ(e3, 0);
	KT_ASSERT_EQ(e4, -EIO);
}

KTEST(blk_bio_flush_ram0)
{
	struct block_device *bdev = bdev_lookup(MKDEV(RAMDISK_MAJOR, 0));

	KT_ASSERT(bdev, "no ram0");
	KT_ASSERT_EQ(blkdev_issue_flush(bdev), 0);
}

/* Each thread writes its own 4 KiB pattern to its own sectors, many
 * times, reading it back each time. */
struct conc_arg {
	struct block_device *bdev;
	int errors;			/* atomic */
};

static void conc_thread(void *arg, unsigned i)
{
	struct conc_arg *a = arg;
	struct page *page = alloc_page(GFP_KERNEL);
	sector_t sector = 4096 + i * 64;
	u8 *p;

	if (!page) {
		__atomic_fetch_add(&a->errors, 1, __ATOMIC_RELAXED);
		return;
	}
	p = page_address(page);
	for (unsigned round = 0; round < 50; round++) {
		sector_t s = sector + (round % 8) * 8;
		bool bad = false;

		memset(p, (int)(i * 16 + round), PAGE_SIZE);
		bad = blk_test_rw(a->bdev, REQ_OP_WRITE, s, page, 8) != 0;
		memset(p, 0, PAGE_SIZE);
		bad = bad || blk_test_rw(a->bdev, REQ_OP_READ, s, page, 8) != 0;
		for (unsigned k = 0; k < PAGE_SIZE && !bad; k++)
			bad = p[k] != (u8)(i * 16 + round);
		if (bad)
			__atomic_fetch_add(&a->errors, 1, __ATOMIC_RELAXED);
	}
	free_page(page);
}

KTEST(blk_bio_ram0_concurrent_threads_all_cpus)
{
	struct conc_arg a = { .bdev = blkdev_get_by_dev(MKDEV(RAMDISK_MAJOR, 0), FMODE_READ | FMODE_WRITE, NULL) };

	KT_ASSERT(!IS_ERR(a.bdev), "open ram0: %ld", PTR_ERR(a.bdev));
	KT_ASSERT_EQ(ktest_run_threads(conc_thread, &a, 8), 0);
	blkdev_put(a.bdev, FMODE_READ | FMODE_WRITE);
	KT_ASSERT_EQ(a.errors, 0);
}
