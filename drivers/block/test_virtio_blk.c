/*
 * virtio-blk through the block layer (ktest=virtio_blk_bio): patterns
 * written and read back with submit_bio on vda (sectors 8192..32767 are
 * these tests'; below 16 MiB), 64 bios in flight at once, threads on every
 * CPU, flushes (REQ_OP_FLUSH, REQ_PREFLUSH, REQ_FUA), I/O past the end,
 * a device error reaching the bio, vdb's host-made partitions, getgeo.
 */
#include "drivers/block/blkdev.h"
#include "drivers/block/ops.h"
#include "drivers/block/test_util.h"
#include "drivers/block/virtio_blk.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/lib/string.h"
#include "kernel/sched/sched.h"

#define VDA		MKDEV(VIRTBLK_MAJOR, 0)
#define VDB1		MKDEV(VIRTBLK_MAJOR, DISK_MAX_PARTS + 1)
#define VDB2		MKDEV(VIRTBLK_MAJOR, DISK_MAX_PARTS + 2)
#define RW		(FMODE_READ | FMODE_WRITE)
#define SECT_PER_PAGE	(PAGE_SIZE / SECTOR_SIZE)

static void fill(u8 *p, size_t bytes, sector_t sector, unsigned seed)
{
	for (size_t i = 0; i < bytes; i++)
		p[i] = (u8)((sector + i / SECTOR_SIZE) * 13 + i * 5 + seed);
}

static bool matches(const u8 *p, size_t bytes, sector_t sector, unsigned seed)
{
	for (size_t i = 0; i < bytes; i++)
		if (p[i] != (u8)((sector + i / SECTOR_SIZE) * 13 + i * 5 + seed))
			return false;
	return true;
}

/* npages pages of the block at pages (an order-k allocation) as one bio,
 * submitted and waited for. */
static int rw_pages(struct block_device *bdev, unsigned opf, sector_t sector,
		    struct page *pages, unsigned npages)
{
	struct bio *bio = bio_alloc(bdev, npages, opf, GFP_KERNEL);
	int err;

	if (!bio)
		return -ENOMEM;
	bio->bi_sector = sector;
	for (unsigned i = 0; i < npages; i++)
		bio_add_page(bio, pages + i, PAGE_SIZE, 0);
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

/* 16 pages (64 KiB) in one bio, then read back in one bio. */
KTEST(virtio_blk_bio_pattern)
{
	struct block_device *bdev = blkdev_get_by_dev(VDA, RW, NULL);
	struct page *pages = alloc_pages(GFP_KERNEL, 4);
	u8 *p = pages ? page_address(pages) : NULL;
	int werr, rerr;

	KT_ASSERT(!IS_ERR(bdev), "open vda: %ld", PTR_ERR(bdev));
	KT_ASSERT(pages, "no memory");
	fill(p, 16 * PAGE_SIZE, 8192, 1);
	werr = rw_pages(bdev, REQ_OP_WRITE, 8192, pages, 16);
	memset(p, 0, 16 * PAGE_SIZE);
	rerr = rw_pages(bdev, REQ_OP_READ, 8192, pages, 16);
	blkdev_put(bdev, RW);
	KT_ASSERT_EQ(werr, 0);
	KT_ASSERT_EQ(rerr, 0);
	KT_ASSERT(matches(p, 16 * PAGE_SIZE, 8192, 1), "read back differs");
	free_pages(pages, 4);
}

#define NR_BIOS 64

struct many_ctx {
	int left;			/* atomic: bios not yet ended */
	int errors;			/* atomic */
	struct completion done;
};

static void many_end_io(struct bio *bio)
{
	struct many_ctx *c = bio->bi_private;

	if (bio->bi_status)
		__atomic_fetch_add(&c->errors, 1, __ATOMIC_RELAXED);
	bio_put(bio);
	if (__atomic_sub_fetch(&c->left, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&c->done);
}

/*
 * 64 one-page bios on sectors that do not touch (no merging), all
 * submitted before any completion can be taken: on CPU 0, where the
 * device interrupts, with interrupts off (submit_bio never sleeps). The
 * ring then holds all 64 at once.
 */
struct many_arg {
	struct block_device *bdev;
	unsigned op;
	struct page *pages;
	int err;
};

static void submit_many_on_cpu0(void *arg, unsigned i)
{
	struct many_arg *a = arg;
	struct many_ctx c = { .left = NR_BIOS };
	struct bio *bios[NR_BIOS];
	unsigned long flags;

	init_completion(&c.done);
	for (unsigned n = 0; n < NR_BIOS; n++) {
		bios[n] = bio_alloc(a->bdev, 1, a->op, GFP_KERNEL);
		if (!bios[n]) {
			while (n--)
				bio_put(bios[n]);
			a->err = -ENOMEM;
			return;
		}
		bios[n]->bi_sector = 12288 + n * 2 * SECT_PER_PAGE;
		bios[n]->bi_end_io = many_end_io;
		bios[n]->bi_private = &c;
		bio_add_page(bios[n], a->pages + n, PAGE_SIZE, 0);
	}
	local_irq_save(flags);
	for (unsigned n = 0; n < NR_BIOS; n++)
		submit_bio(bios[n]);
	local_irq_restore(flags);
	wait_for_completion(&c.done);
	a->err = c.errors ? -EIO : 0;
}

static int submit_many(struct block_device *bdev, unsigned op, struct page *pages)
{
	struct many_arg a = { bdev, op, pages, 0 };
	int err = ktest_run_threads(submit_many_on_cpu0, &a, 1);

	return err ? err : a.err;
}

static void reset_max_inflight(struct virtio_blk *vblk)
{
	unsigned long flags;

	spin_lock_irqsave(&vblk->lock, flags);
	vblk->max_inflight = 0;
	spin_unlock_irqrestore(&vblk->lock, flags);
}

KTEST(virtio_blk_bio_many_in_flight)
{
	struct block_device *bdev = blkdev_get_by_dev(VDA, RW, NULL);
	struct virtio_blk *vblk = virtblk_get(0);
	struct page *pages = alloc_pages(GFP_KERNEL, 6);
	u8 *p = pages ? page_address(pages) : NULL;
	int werr, rerr;

	KT_ASSERT(!IS_ERR(bdev), "open vda: %ld", PTR_ERR(bdev));
	KT_ASSERT(pages && vblk, "no memory or no vda");
	for (unsigned i = 0; i < NR_BIOS; i++)
		fill(p + i * PAGE_SIZE, PAGE_SIZE, 12288 + i * 2 * SECT_PER_PAGE, 2);
	reset_max_inflight(vblk);
	werr = submit_many(bdev, REQ_OP_WRITE, pages);
	memset(p, 0, NR_BIOS * PAGE_SIZE);
	rerr = submit_many(bdev, REQ_OP_READ, pages);
	blkdev_put(bdev, RW);
	KT_ASSERT_EQ(werr, 0);
	KT_ASSERT_EQ(rerr, 0);
	for (unsigned i = 0; i < NR_BIOS; i++)
		KT_ASSERT(matches(p + i * PAGE_SIZE, PAGE_SIZE, 12288 + i * 2 * SECT_PER_PAGE, 2),
			  "bio %u read back differs", i);
	KT_ASSERT(vblk->max_inflight >= NR_BIOS, "at most %u request(s) on the ring at once",
		  vblk->max_inflight);
	free_pages(pages, 6);
}

/* Each thread writes and reads back its own 64 KiB, 4 pages at a time. */
struct thread_arg {
	struct block_device *bdev;
	int errors;			/* atomic */
};

static void io_thread(void *arg, unsigned i)
{
	struct thread_arg *a = arg;
	struct page *pages = alloc_pages(GFP_KERNEL, 2);
	sector_t base = 16384 + i * 128;
	u8 *p;

	if (!pages) {
		__atomic_fetch_add(&a->errors, 1, __ATOMIC_RELAXED);
		return;
	}
	p = page_address(pages);
	for (unsigned round = 0; round < 16; round++) {
		sector_t s = base + (round % 4) * 4 * SECT_PER_PAGE;
		bool bad;

		fill(p, 4 * PAGE_SIZE, s, i * 32 + round);
		bad = rw_pages(a->bdev, REQ_OP_WRITE, s, pages, 4) != 0;
		memset(p, 0, 4 * PAGE_SIZE);
		bad = bad || rw_pages(a->bdev, REQ_OP_READ, s, pages, 4) != 0;
		bad = bad || !matches(p, 4 * PAGE_SIZE, s, i * 32 + round);
		if (bad)
			__atomic_fetch_add(&a->errors, 1, __ATOMIC_RELAXED);
	}
	free_pages(pages, 2);
}

KTEST(virtio_blk_bio_threads_all_cpus)
{
	struct thread_arg a = { .bdev = blkdev_get_by_dev(VDA, RW, NULL) };
	unsigned n = nr_cpus_online * 2 < 4 ? 4 : nr_cpus_online * 2;

	KT_ASSERT(!IS_ERR(a.bdev), "open vda: %ld", PTR_ERR(a.bdev));
	KT_ASSERT(n * 128 <= 8192, "too many threads for the test area");
	KT_ASSERT_EQ(ktest_run_threads(io_thread, &a, n), 0);
	blkdev_put(a.bdev, RW);
	KT_ASSERT_EQ(a.errors, 0);
}

/* Both disks at once (on one shared INTx line with `virtio_intx` and the
 * devices in slots 4 and 8): even threads write and read vda, odd ones
 * read vdb1's host-made bytes. */
struct two_arg {
	struct thread_arg vda;
	struct block_device *vdb1;
};

static void two_disks_thread(void *arg, unsigned i)
{
	struct two_arg *a = arg;
	struct page *pages;
	u8 *p;

	if (i % 2 == 0) {
		io_thread(&a->vda, i / 2);
		return;
	}
	pages = alloc_pages(GFP_KERNEL, 2);
	if (!pages) {
		__atomic_fetch_add(&a->vda.errors, 1, __ATOMIC_RELAXED);
		return;
	}
	p = page_address(pages);
	for (unsigned round = 0; round < 16; round++) {
		bool bad;

		memset(p, 0, 4 * PAGE_SIZE);
		bad = rw_pages(a->vdb1, REQ_OP_READ, (i * 16 + round) * 4 % 8000, pages, 4) != 0;
		for (unsigned k = 0; k < 4 * PAGE_SIZE && !bad; k++)
			bad = p[k] != 0xa1;
		if (bad)
			__atomic_fetch_add(&a->vda.errors, 1, __ATOMIC_RELAXED);
	}
	free_pages(pages, 2);
}

KTEST(virtio_blk_bio_two_disks_at_once)
{
	struct two_arg a = {
		.vda.bdev = blkdev_get_by_dev(VDA, RW, NULL),
		.vdb1 = blkdev_get_by_dev(VDB1, FMODE_READ, NULL),
	};

	KT_ASSERT(!IS_ERR(a.vda.bdev), "open vda: %ld", PTR_ERR(a.vda.bdev));
	KT_ASSERT(!IS_ERR(a.vdb1), "open vdb1: %ld", PTR_ERR(a.vdb1));
	KT_ASSERT_EQ(ktest_run_threads(two_disks_thread, &a, 8), 0);
	blkdev_put(a.vda.bdev, RW);
	blkdev_put(a.vdb1, FMODE_READ);
	KT_ASSERT_EQ(a.vda.errors, 0);
}

/* REQ_OP_FLUSH sends one VIRTIO_BLK_T_FLUSH; a write with REQ_PREFLUSH
 * and REQ_FUA is sent as flush, write, flush. */
KTEST(virtio_blk_bio_flush)
{
	struct block_device *bdev = blkdev_get_by_dev(VDA, RW, NULL);
	struct virtio_blk *vblk = virtblk_get(0);
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long before;
	int err;

	KT_ASSERT(!IS_ERR(bdev), "open vda: %ld", PTR_ERR(bdev));
	KT_ASSERT(page && vblk && vblk->can_flush, "no memory, no vda or no FLUSH");
	before = vblk->nr_flushes;
	err = blkdev_issue_flush(bdev);
	KT_ASSERT(err == 0, "flush: %d", err);
	KT_ASSERT_EQ(vblk->nr_flushes, before + 1);
	fill(page_address(page), PAGE_SIZE, 24576, 3);
	err = rw_pages(bdev, REQ_OP_WRITE | REQ_PREFLUSH | REQ_FUA, 24576, page, 1);
	KT_ASSERT(err == 0, "write with PREFLUSH|FUA: %d", err);
	KT_ASSERT_EQ(vblk->nr_flushes, before + 3);
	memset(page_address(page), 0, PAGE_SIZE);
	err = rw_pages(bdev, REQ_OP_READ, 24576, page, 1);
	blkdev_put(bdev, RW);
	KT_ASSERT(err == 0, "read: %d", err);
	KT_ASSERT(matches(page_address(page), PAGE_SIZE, 24576, 3), "read back differs");
	free_page(page);
}

KTEST(virtio_blk_bio_beyond_end)
{
	struct block_device *bdev = blkdev_get_by_dev(VDA, RW, NULL);
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	sector_t end;
	int e1, e2, e3;

	KT_ASSERT(!IS_ERR(bdev), "open vda: %ld", PTR_ERR(bdev));
	KT_ASSERT(page, "no memory");
	end = bdev_nr_sectors(bdev);
	e1 = blk_test_rw(bdev, REQ_OP_READ, end, page, 1);
	e2 = blk_test_rw(bdev, REQ_OP_WRITE, end - 4, page, 8);
	e3 = blk_test_rw(bdev, REQ_OP_READ, end - 8, page, 8);
	blkdev_put(bdev, RW);
	free_page(page);
	KT_ASSERT_EQ(e1, -EIO);
	KT_ASSERT_EQ(e2, -EIO);
	KT_ASSERT_EQ(e3, 0);
}

/*
 * A device error reaches the bio: the disk is made to look 8 sectors
 * longer than the device, so the block layer lets a read past the real
 * end through; the device answers IOERR and the driver ends it with -EIO.
 */
KTEST(virtio_blk_bio_device_error)
{
	struct block_device *bdev = blkdev_get_by_dev(VDA, RW, NULL);
	struct virtio_blk *vblk = virtblk_get(0);
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long errors;
	int err;

	KT_ASSERT(!IS_ERR(bdev), "open vda: %ld", PTR_ERR(bdev));
	KT_ASSERT(page && vblk, "no memory or no vda");
	errors = vblk->nr_errors;
	mutex_lock(&vblk->disk->open_mutex);
	set_capacity(vblk->disk, vblk->capacity + 8);
	mutex_unlock(&vblk->disk->open_mutex);
	err = blk_test_rw(bdev, REQ_OP_READ, vblk->capacity, page, 8);
	mutex_lock(&vblk->disk->open_mutex);
	set_capacity(vblk->disk, vblk->capacity);
	mutex_unlock(&vblk->disk->open_mutex);
	blkdev_put(bdev, RW);
	free_page(page);
	KT_ASSERT_EQ(err, -EIO);
	KT_ASSERT_EQ(vblk->nr_errors, errors + 1);
}

/* vdb1 (sectors 2048..10239, 0xa1) and vdb2 (10240..end, 0xb2), made on
 * the host; a partition's sector 0 is its first; its end is its own. */
static void check_part(struct ktest_ctx *__kt, dev_t dev, sector_t start, sector_t len, u8 byte)
{
	struct block_device *bdev = blkdev_get_by_dev(dev, FMODE_READ, NULL);
	struct page *page = alloc_page(GFP_KERNEL);
	u8 *p = page ? page_address(page) : NULL;
	int e1, e2, e3;
	bool same = true;

	KT_ASSERT(!IS_ERR(bdev), "open partition: %ld", PTR_ERR(bdev));
	KT_ASSERT(page, "no memory");
	KT_ASSERT_EQ(bdev->bd_start_sect, start);
	KT_ASSERT_EQ(bdev_nr_sectors(bdev), len);
	e1 = blk_test_rw(bdev, REQ_OP_READ, 0, page, 8);
	for (unsigned i = 0; i < PAGE_SIZE; i++)
		same = same && p[i] == byte;
	e2 = blk_test_rw(bdev, REQ_OP_READ, len - 1, page, 1);
	for (unsigned i = 0; i < SECTOR_SIZE; i++)
		same = same && p[i] == byte;
	e3 = blk_test_rw(bdev, REQ_OP_READ, len, page, 1);
	blkdev_put(bdev, FMODE_READ);
	free_page(page);
	KT_ASSERT_EQ(e1, 0);
	KT_ASSERT_EQ(e2, 0);
	KT_ASSERT(same, "partition data is not all %#x", byte);
	KT_ASSERT_EQ(e3, -EIO);
}

KTEST(virtio_blk_bio_vdb_partitions)
{
	check_part(KT_CTX, VDB1, 2048, 8192, 0xa1);
	if (KT_CTX->failed)
		return;
	check_part(KT_CTX, VDB2, 10240, 16 * 2048 - 10240, 0xb2);
}

KTEST(virtio_blk_bio_getgeo)
{
	struct block_device *bdev = blkdev_get_by_dev(VDA, FMODE_READ, NULL);
	struct hd_geometry geo = { 0 };
	int err;

	KT_ASSERT(!IS_ERR(bdev), "open vda: %ld", PTR_ERR(bdev));
	err = call_bdev_getgeo(bdev, &geo);
	blkdev_put(bdev, FMODE_READ);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(geo.heads && geo.sectors && geo.cylinders, "geometry %u/%u/%u",
		  geo.cylinders, geo.heads, geo.sectors);
	KT_ASSERT((u64)geo.cylinders * geo.heads * geo.sectors <= 32 * 2048,
		  "geometry %u/%u/%u is larger than the disk", geo.cylinders, geo.heads, geo.sectors);
}
