/*
 * The block layer on a real request-based disk (ktest=blk_vdb): vdb, the
 * virtio disk that tools/mkdisks partitions on the host (vdb1: sectors
 * 2048..10239 filled with 0xa1; vdb2: 10240 to the end, 0xb2). Its
 * partitions are found at add_disk, have /dev nodes, read their pattern
 * through the partition remap, and plugged adjacent reads merge on its
 * queue. Read-only: vdb's contents stay as the host made them.
 */
#include "drivers/block/internal.h"
#include "drivers/block/test_util.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/sync/completion.h"

static int find_vdb(struct gendisk *disk, void *arg)
{
	if (strcmp(disk->disk_name, "vdb"))
		return 0;
	*(struct gendisk **)arg = disk;
	return 1;
}

static struct gendisk *vdb_disk(void)
{
	struct gendisk *disk = NULL;

	for_each_disk(find_vdb, &disk);
	return disk;
}

/* Whether nsect sectors at sector of bdev all hold byte. */
static int sectors_hold(struct block_device *bdev, sector_t sector, u8 byte, struct page *page)
{
	int err = blk_test_rw(bdev, REQ_OP_READ, sector, page, 8);
	const u8 *p = page_address(page);

	for (unsigned i = 0; i < PAGE_SIZE && !err; i++)
		if (p[i] != byte)
			err = -EINVAL;
	return err;
}

KTEST(blk_vdb_partitions_from_the_host)
{
	struct gendisk *disk = vdb_disk();
	struct block_device *p1, *p2;
	struct page *page = alloc_page(GFP_KERNEL);
	int e1 = -1, e2 = -1, e3 = -1, e4 = -1;

	KT_ASSERT(page, "no page");
	if (!disk)
		free_page(page);
	KT_ASSERT(disk, "no disk vdb");
	p1 = blkdev_get_by_path("/dev/vdb1", FMODE_READ, NULL);
	p2 = blkdev_get_by_path("/dev/vdb2", FMODE_READ, NULL);
	if (!IS_ERR(p1)) {
		e1 = sectors_hold(p1, 0, 0xa1, page);
		e2 = sectors_hold(p1, 8192 - 8, 0xa1, page);
	}
	if (!IS_ERR(p2)) {
		e3 = sectors_hold(p2, 0, 0xb2, page);
		e4 = blk_test_rw(p2, REQ_OP_READ, bdev_nr_sectors(p2), page, 1);
	}
	free_page(page);
	KT_ASSERT(!IS_ERR(p1), "open /dev/vdb1: %ld", PTR_ERR(p1));
	blkdev_put(p1, FMODE_READ);
	KT_ASSERT(!IS_ERR(p2), "open /dev/vdb2: %ld", PTR_ERR(p2));
	blkdev_put(p2, FMODE_READ);
	KT_ASSERT_EQ(p1->bd_start_sect, 2048);
	KT_ASSERT_EQ(bdev_nr_sectors(p1), 8192);
	KT_ASSERT_EQ(p2->bd_start_sect, 10240);
	KT_ASSERT_EQ(bdev_nr_sectors(p2), get_capacity(disk) - 10240);
	KT_ASSERT_EQ(e1, 0);
	KT_ASSERT_EQ(e2, 0);
	KT_ASSERT_EQ(e3, 0);
	KT_ASSERT_EQ(e4, -EIO);
}

struct plug_batch {
	struct completion done;
	int remaining;			/* atomic */
	int errors;			/* atomic */
};

static void plug_end_io(struct bio *bio)
{
	struct plug_batch *b = bio->bi_private;

	if (bio->bi_status)
		__atomic_fetch_add(&b->errors, 1, __ATOMIC_RELAXED);
	if (__atomic_sub_fetch(&b->remaining, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&b->done);
}

#define VDB_BIOS	32

KTEST(blk_vdb_plugged_adjacent_reads_merge)
{
	struct gendisk *disk = vdb_disk();
	struct block_device *p1;
	struct plug_batch b = { .remaining = VDB_BIOS };
	struct page *pages[VDB_BIOS] = { NULL };
	struct bio *bios[VDB_BIOS] = { NULL };
	unsigned long merges, reqs;
	struct blk_plug plug;
	int err = 0;
	bool pattern = true;

	KT_ASSERT(disk, "no disk vdb");
	p1 = blkdev_get_by_path("/dev/vdb1", FMODE_READ, NULL);
	KT_ASSERT(!IS_ERR(p1), "open /dev/vdb1: %ld", PTR_ERR(p1));
	init_completion(&b.done);
	for (int i = 0; i < VDB_BIOS && !err; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		bios[i] = bio_alloc(p1, 1, REQ_OP_READ, GFP_KERNEL);
		if (!pages[i] || !bios[i]) {
			err = -ENOMEM;
			break;
		}
		bios[i]->bi_sector = 1024 + (sector_t)i * 8;
		bios[i]->bi_end_io = plug_end_io;
		bios[i]->bi_private = &b;
		bio_add_page(bios[i], pages[i], PAGE_SIZE, 0);
	}
	merges = disk->queue->nr_merges;
	reqs = disk->queue->nr_requests;
	if (!err) {
		blk_start_plug(&plug);
		for (int i = 0; i < VDB_BIOS; i++)
			submit_bio(bios[i]);
		blk_finish_plug(&plug);
		wait_for_completion(&b.done);
	}
	merges = disk->queue->nr_merges - merges;
	reqs = disk->queue->nr_requests - reqs;
	for (int i = 0; i < VDB_BIOS; i++) {
		if (pages[i]) {
			pattern = pattern && (err || ((u8 *)page_address(pages[i]))[100] == 0xa1);
			free_page(pages[i]);
		}
		if (bios[i])
			bio_put(bios[i]);
	}
	blkdev_put(p1, FMODE_READ);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(b.errors, 0);
	KT_ASSERT(pattern, "vdb1 did not read 0xa1");
	/* Other tests may use vda/vdb meanwhile: only ours count, at least. */
	KT_ASSERT(merges >= VDB_BIOS / 2, "%lu merges for %d adjacent plugged reads", merges, VDB_BIOS);
	KT_ASSERT(reqs < VDB_BIOS, "%lu requests for %d bios", reqs, VDB_BIOS);
}
