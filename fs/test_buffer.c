/*
 * Tests of buffer heads and block device files (ktest=buffer, ktest=blkdev_file):
 * buffers round trip on /dev/ram0 and on vda (checked underneath with raw
 * bios), buffers of one page used by threads on every CPU, the b_end_io
 * LOCKRULE row (in_atomic=held), and /dev/ram0 and /dev/vda read and
 * written through the VFS: buffered, O_DIRECT, lseek, fsync, BLKFLSBUF.
 *
 * Disk areas: ram0 sectors 5120..8191 (the block-layer tests use 100..4700
 * and 0, 8192..); vda from 16 MiB up (the virtio tests stay below).
 * Each test drops what it cached of the device when it is done.
 */
#include "fs/buffer_head.h"
#include "fs/block_dev.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/dcache.h"
#include "fs/lockrules/lockrules.h"
#include "drivers/block/blkdev.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/cpu/percpu.h"
#include "kernel/errno.h"
#include "mm/pagemap.h"
#include "mm/slab.h"

#define RAM0_FIRST	5120UL		/* sectors */
#define RAM0_END	8192UL
#define VDA_FIRST	32768UL		/* 16 MiB */
#define VDA_END		65536UL		/* 32 MiB */
#define BLKFLSBUF	0x1261

/* Write back and drop everything bdev has cached, once the reads still in
 * flight (readahead past what a test read) are done. */
static void drop_cache(struct block_device *bdev)
{
	struct address_space *m = bdev->bd_inode->i_mapping;
	unsigned long index = 0;
	struct folio *folio;

	while ((folio = filemap_next_folio(m, &index, RADIX_TREE_ANY_TAG))) {
		folio_wait_locked(folio);
		folio_put(folio);
		index++;
	}
	sync_blockdev(bdev);
	invalidate_bdev(bdev);
}

static struct block_device *open_disk(const char *path)
{
	return blkdev_get_by_path(path, FMODE_READ | FMODE_WRITE, NULL);
}

/* Read or write one page's worth (nsect sectors) at sector, bypassing
 * every cache. */
static int raw_rw(struct block_device *bdev, enum req_op op, sector_t sector, void *buf,
		  unsigned nsect)
{
	struct bio *bio = bio_alloc(bdev, 1, op, GFP_KERNEL);
	int err;

	if (!bio)
		return -ENOMEM;
	bio->bi_sector = sector;
	bio_add_page(bio, virt_to_page(buf), nsect << SECTOR_SHIFT,
		     (unsigned)((unsigned long)buf & (PAGE_SIZE - 1)));
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

static char fill_byte(sector_t block, unsigned size, unsigned i, unsigned salt)
{
	return (char)((block * 31 + size + i * 7 + salt) & 0xff);
}

/*
 * Write blocks [first, first + n) of size through buffers, sync them,
 * check them on the disk with raw bios, drop the cache, read them back
 * with __bread. Returns a message on failure, NULL on success.
 */
static const char *buffer_round_trip(struct block_device *bdev, sector_t first, unsigned n,
				     unsigned size, unsigned salt)
{
	char *raw = kmalloc(PAGE_SIZE, GFP_KERNEL);
	const char *why = NULL;

	if (!raw)
		return "no memory";
	for (unsigned b = 0; b < n && !why; b++) {
		struct buffer_head *bh = __getblk(bdev, first + b, size);

		if (!bh) {
			why = "__getblk failed";
			break;
		}
		lock_buffer(bh);
		for (unsigned i = 0; i < size; i++)
			bh->b_data[i] = fill_byte(first + b, size, i, salt);
		set_buffer_uptodate(bh);
		unlock_buffer(bh);
		mark_buffer_dirty(bh);
		if (sync_dirty_buffer(bh))
			why = "sync_dirty_buffer failed";
		else if (buffer_dirty(bh) || !buffer_uptodate(bh) || buffer_locked(bh))
			why = "buffer state after sync";
		brelse(bh);
	}
	for (unsigned b = 0; b < n && !why; b++) {
		sector_t sector = (first + b) * (size >> SECTOR_SHIFT);

		if (raw_rw(bdev, REQ_OP_READ, sector, raw, size >> SECTOR_SHIFT))
			why = "raw read failed";
		for (unsigned i = 0; i < size && !why; i++)
			if (raw[i] != fill_byte(first + b, size, i, salt))
				why = "the disk does not hold what the buffer wrote";
	}
	drop_cache(bdev);
	for (unsigned b = 0; b < n && !why; b++) {
		struct buffer_head *bh = __bread(bdev, first + b, size);

		if (!bh) {
			why = "__bread failed";
			break;
		}
		for (unsigned i = 0; i < size && !why; i++)
			if (bh->b_data[i] != fill_byte(first + b, size, i, salt))
				why = "__bread gave other data";
		brelse(bh);
	}
	drop_cache(bdev);
	kfree(raw);
	return why;
}

KTEST(buffer_round_trip_ram0)
{
	struct block_device *bdev = open_disk("/dev/ram0");
	const char *why;

	KT_ASSERT(!IS_ERR(bdev), "open ram0: %ld", PTR_ERR(bdev));
	why = buffer_round_trip(bdev, RAM0_FIRST / 2, 16, 1024, 1);
	if (!why)
		why = buffer_round_trip(bdev, RAM0_FIRST / 8 + 8, 8, 4096, 2);
	if (!why)
		why = buffer_round_trip(bdev, RAM0_FIRST + 64, 24, 512, 3);
	KT_ASSERT(!why, "%s", why);
	KT_ASSERT_EQ(bdev->bd_inode->i_mapping->nrpages, 0);
	blkdev_put(bdev, FMODE_READ | FMODE_WRITE);
}

KTEST(buffer_round_trip_vda)
{
	struct block_device *bdev = open_disk("/dev/vda");
	const char *why;

	KT_ASSERT(!IS_ERR(bdev), "open vda: %ld", PTR_ERR(bdev));
	why = buffer_round_trip(bdev, VDA_FIRST / 2, 32, 1024, 4);
	if (!why)
		why = buffer_round_trip(bdev, VDA_FIRST / 8 + 100, 16, 4096, 5);
	KT_ASSERT(!why, "%s", why);
	blkdev_put(bdev, FMODE_READ | FMODE_WRITE);
}

KTEST(buffer_bread_beyond_end_fails)
{
	struct block_device *bdev = open_disk("/dev/ram0");
	struct buffer_head *bh;

	KT_ASSERT(!IS_ERR(bdev), "open ram0: %ld", PTR_ERR(bdev));
	bh = __bread(bdev, bdev_nr_sectors(bdev) / 2 + 3, 1024);
	KT_ASSERT(!bh, "a block past the end was read");
	KT_ASSERT(!__getblk(bdev, 0, 1000), "a block size that is not a power of two");
	drop_cache(bdev);
	blkdev_put(bdev, FMODE_READ | FMODE_WRITE);
}

/* Threads share the pages of one area: thread i owns 1 KiB block 4k + i. */
struct bh_threads {
	struct block_device *bdev;
	long bad;
};

#define BH_THREAD_ROUNDS	40
#define BH_THREAD_PAGES		8

static void bh_thread(void *arg, unsigned i)
{
	struct bh_threads *t = arg;

	for (unsigned round = 0; round < BH_THREAD_ROUNDS; round++) {
		sector_t block = RAM0_FIRST / 2 + 256 + (round % BH_THREAD_PAGES) * 4 + (i % 4);
		struct buffer_head *bh = (round & 1) ? __bread(t->bdev, block, 1024)
						     : __getblk(t->bdev, block, 1024);

		if (!bh) {
			__atomic_fetch_add(&t->bad, 1, __ATOMIC_RELAXED);
			continue;
		}
		lock_buffer(bh);
		memset(bh->b_data, (int)(i * 16 + round), 1024);
		set_buffer_uptodate(bh);
		unlock_buffer(bh);
		mark_buffer_dirty(bh);
		if (sync_dirty_buffer(bh) || bh->b_data[1023] != (char)(i * 16 + round))
			__atomic_fetch_add(&t->bad, 1, __ATOMIC_RELAXED);
		brelse(bh);
	}
}

KTEST(buffer_threads_share_pages_all_cpus)
{
	static struct bh_threads t;

	memset(&t, 0, sizeof(t));
	t.bdev = open_disk("/dev/ram0");
	KT_ASSERT(!IS_ERR(t.bdev), "open ram0: %ld", PTR_ERR(t.bdev));
	KT_ASSERT_EQ(ktest_run_threads(bh_thread, &t, 4), 0);
	KT_ASSERT_EQ(t.bad, 0);
	drop_cache(t.bdev);
	KT_ASSERT_EQ(t.bdev->bd_inode->i_mapping->nrpages, 0);
	blkdev_put(t.bdev, FMODE_READ | FMODE_WRITE);
}

/* The b_end_io calls the round trips made: all atomic, none broke its row. */
KTEST(buffer_b_end_io_lockrule_in_atomic)
{
	static char report[8192];
	struct block_device *bdev = open_disk("/dev/ram0");
	const char *row;

	KT_ASSERT(!IS_ERR(bdev), "open ram0: %ld", PTR_ERR(bdev));
	KT_ASSERT(!buffer_round_trip(bdev, RAM0_FIRST / 2 + 200, 2, 1024, 9), "round trip");
	blkdev_put(bdev, FMODE_READ | FMODE_WRITE);
	lockrule_format_report(report, sizeof(report));
	row = strstr(report, "LOCKRULE buffer_head.b_end_io ");
	KT_ASSERT(row, "no buffer_head.b_end_io row in the report");
	KT_ASSERT(!strncmp(row, "LOCKRULE buffer_head.b_end_io in_atomic=held calls=", 51),
		  "b_end_io seen outside atomic context: %.80s", row);
	KT_ASSERT(!strstr(row + 1, "LOCKRULE buffer_head.b_end_io "), "a second b_end_io combination");
	KT_ASSERT_EQ(lockrule_violations(), 0);
}

/* ------------------------------------------------------------ block device files */

static bool pattern_ok(const char *buf, size_t len, char salt)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != (char)(i * 13 + salt))
			return false;
	return true;
}

static void pattern_fill(char *buf, size_t len, char salt)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(i * 13 + salt);
}

static ssize_t pread_k(struct file *f, void *buf, size_t len, loff_t pos)
{
	return vfs_read(f, buf, len, &pos);
}

static ssize_t pwrite_k(struct file *f, const void *buf, size_t len, loff_t pos)
{
	return vfs_write(f, buf, len, &pos);
}

static struct block_device *file_bdev_of(struct file *f)
{
	return I_BDEV(f->f_mapping->host);
}

/* The bytes at pos of the device underneath f (raw), compared with the
 * pattern: false if they differ. len <= PAGE_SIZE - (pos % 512). */
static bool device_holds(struct file *f, loff_t pos, size_t len, char salt, char *raw)
{
	size_t head = pos & (SECTOR_SIZE - 1);

	if (raw_rw(file_bdev_of(f), REQ_OP_READ, (sector_t)(pos >> SECTOR_SHIFT), raw, 8))
		return false;
	return pattern_ok(raw + head, MIN(len, PAGE_SIZE - head), salt);
}

static const char *file_round_trip_on(struct file *f, loff_t pos, size_t len, char *buf, char *raw)
{
	pattern_fill(buf, len, 5);
	if (pwrite_k(f, buf, len, pos) != (ssize_t)len)
		return "write";
	memset(buf, 0, len);
	if (pread_k(f, buf, len, pos) != (ssize_t)len || !pattern_ok(buf, len, 5))
		return "read back from the cache";
	if (vfs_fsync(f, 0))
		return "fsync";
	if (!device_holds(f, pos, len, 5, raw))
		return "the device does not hold the data after fsync";
	drop_cache(file_bdev_of(f));
	if (f->f_mapping->nrpages)
		return "clean pages left after invalidate_bdev";
	memset(buf, 0, len);
	if (pread_k(f, buf, len, pos) != (ssize_t)len || !pattern_ok(buf, len, 5))
		return "read back from the device";
	return NULL;
}

/* Buffered write and read of a file of a block device, and what lies
 * underneath after fsync. */
static const char *file_round_trip(const char *path, loff_t pos, size_t len)
{
	struct file *f = filp_open(path, O_RDWR, 0);
	char *buf = kmalloc(len, GFP_KERNEL), *raw = kmalloc(PAGE_SIZE, GFP_KERNEL);
	const char *why = "no memory";

	if (IS_ERR(f)) {
		why = "open failed";
		f = NULL;
	} else if (buf && raw) {
		why = file_round_trip_on(f, pos, len, buf, raw);
	}
	if (f) {
		drop_cache(file_bdev_of(f));
		fput(f);
	}
	kfree(buf);
	kfree(raw);
	return why;
}

KTEST(blkdev_file_ram0_round_trip)
{
	const char *why = file_round_trip("/dev/ram0", RAM0_FIRST * SECTOR_SIZE + 100, 10000);

	KT_ASSERT(!why, "%s", why);
}

KTEST(blkdev_file_vda_round_trip)
{
	const char *why = file_round_trip("/dev/vda", VDA_FIRST * SECTOR_SIZE + 3 * PAGE_SIZE + 7, 70000);

	KT_ASSERT(!why, "%s", why);
}

/* lseek's SEEK_END is the device size; reads stop there, writes get
 * -ENOSPC there and are cut short across it. */
KTEST(blkdev_file_llseek_and_end)
{
	struct file *f = filp_open("/dev/ram0", O_RDWR, 0);
	char *buf = kmalloc(1024, GFP_KERNEL);
	loff_t size;

	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	KT_ASSERT(buf, "no memory");
	size = (loff_t)bdev_nr_bytes(file_bdev_of(f));
	KT_ASSERT_EQ(vfs_llseek(f, 0, SEEK_END), size);
	KT_ASSERT_EQ(vfs_llseek(f, -512, SEEK_END), size - 512);
	KT_ASSERT_EQ(vfs_llseek(f, 1, SEEK_END), -EINVAL);
	KT_ASSERT_EQ(vfs_llseek(f, 100, SEEK_SET), 100);
	KT_ASSERT_EQ(vfs_llseek(f, 28, SEEK_CUR), 128);
	KT_ASSERT_EQ(pread_k(f, buf, 10, size), 0);
	KT_ASSERT_EQ(pread_k(f, buf, 1024, size - 512), 512);
	KT_ASSERT_EQ(pwrite_k(f, buf, 10, size), -ENOSPC);
	KT_ASSERT_EQ(pwrite_k(f, buf, 1024, size - 512), 512);	/* its own bytes back */
	KT_ASSERT_EQ(vfs_fsync(f, 0), 0);
	drop_cache(file_bdev_of(f));
	fput(f);
	kfree(buf);
}

/* O_DIRECT: straight to the device (nothing cached), coherent with what
 * the cache holds dirty, misaligned requests refused. */
KTEST(blkdev_file_o_direct)
{
	struct file *f = filp_open("/dev/ram0", O_RDWR | O_DIRECT, 0);
	struct file *fb = filp_open("/dev/ram0", O_RDWR, 0);
	char *buf = kmalloc(2 * PAGE_SIZE, GFP_KERNEL), *raw = kmalloc(PAGE_SIZE, GFP_KERNEL);
	loff_t pos = (RAM0_FIRST + 256) * SECTOR_SIZE;

	KT_ASSERT(!IS_ERR(f) && !IS_ERR(fb), "open");
	KT_ASSERT(buf && raw, "no memory");
	drop_cache(file_bdev_of(f));
	pattern_fill(buf, 2 * PAGE_SIZE, 7);
	KT_ASSERT_EQ(pwrite_k(f, buf, 2 * PAGE_SIZE, pos), 2 * PAGE_SIZE);
	KT_ASSERT_EQ(f->f_mapping->nrpages, 0);
	KT_ASSERT(device_holds(f, pos, PAGE_SIZE, 7, raw), "the device lacks the direct write");
	KT_ASSERT_EQ(pwrite_k(f, buf, 100, pos), -EINVAL);
	KT_ASSERT_EQ(pwrite_k(f, buf, 512, pos + 1), -EINVAL);
	KT_ASSERT_EQ(pread_k(f, buf + 1, 512, pos), -EINVAL);

	/* A buffered write still dirty in the cache: a direct read sees it. */
	pattern_fill(buf, 512, 9);
	KT_ASSERT_EQ(pwrite_k(fb, buf, 512, pos + 512), 512);
	memset(buf, 0, 2 * PAGE_SIZE);
	KT_ASSERT_EQ(pread_k(f, buf, 1024, pos), 1024);
	KT_ASSERT(pattern_ok(buf, 512, 7) && pattern_ok(buf + 512, 512, 9), "direct read after a buffered write");
	drop_cache(file_bdev_of(f));
	fput(fb);
	fput(f);
	kfree(buf);
	kfree(raw);
}

/* BLKFLSBUF writes dirty pages back and drops the clean ones; the last
 * close of a writer writes back too. */
KTEST(blkdev_file_blkflsbuf_and_close)
{
	struct file *f = filp_open("/dev/ram0", O_RDWR, 0);
	char *buf = kmalloc(3 * PAGE_SIZE, GFP_KERNEL), *raw = kmalloc(PAGE_SIZE, GFP_KERNEL);
	loff_t pos = (RAM0_FIRST + 512) * SECTOR_SIZE;
	struct address_space *m;

	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	KT_ASSERT(buf && raw, "no memory");
	m = f->f_mapping;
	drop_cache(file_bdev_of(f));
	KT_ASSERT_EQ(pread_k(f, buf, 3 * PAGE_SIZE, pos), 3 * PAGE_SIZE);
	pattern_fill(buf, 100, 11);
	KT_ASSERT_EQ(pwrite_k(f, buf, 100, pos + 8), 100);
	KT_ASSERT(m->nrpages >= 3, "%lu pages cached", m->nrpages);	/* and readahead's */
	KT_ASSERT(mapping_tagged(m, PAGECACHE_TAG_DIRTY), "not dirty");
	KT_ASSERT_EQ(vfs_ioctl(f, BLKFLSBUF, 0), 0);
	KT_ASSERT_EQ(m->nrpages, 0);
	KT_ASSERT(device_holds(f, pos + 8, 100, 11, raw), "BLKFLSBUF did not write the dirty page");

	pattern_fill(buf, 300, 12);
	KT_ASSERT_EQ(pwrite_k(f, buf, 300, pos + 4000), 300);
	fput(f);
	f = filp_open("/dev/ram0", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f), "reopen: %ld", PTR_ERR(f));
	KT_ASSERT(device_holds(f, pos + 4000, 300, 12, raw), "close did not write the dirty page");
	drop_cache(file_bdev_of(f));
	fput(f);
	kfree(buf);
	kfree(raw);
}

/* The buffer cache and the device file share one page cache. */
KTEST(blkdev_file_and_buffers_share_the_cache)
{
	struct file *f = filp_open("/dev/ram0", O_RDWR, 0);
	char *buf = kmalloc(1024, GFP_KERNEL);
	loff_t pos = (RAM0_FIRST + 1024) * SECTOR_SIZE;
	struct buffer_head *bh;

	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	KT_ASSERT(buf, "no memory");
	pattern_fill(buf, 1024, 21);
	KT_ASSERT_EQ(pwrite_k(f, buf, 1024, pos), 1024);
	bh = __bread(file_bdev_of(f), (sector_t)(pos / PAGE_SIZE), PAGE_SIZE);	/* the cache's size */
	KT_ASSERT(bh, "__bread");
	KT_ASSERT(pattern_ok(bh->b_data, 1024, 21), "the buffer does not see the file's write");
	KT_ASSERT(buffer_dirty(bh), "the buffer of a written page is clean");
	brelse(bh);
	KT_ASSERT_EQ(vfs_fsync(f, 0), 0);
	drop_cache(file_bdev_of(f));
	fput(f);
	kfree(buf);
}

/* With low limits, a long buffered write keeps few folios dirty and a
 * long read few folios cached: the writer and the reader give back. */
KTEST(blkdev_file_dirty_and_cache_limits)
{
	struct file *f = filp_open("/dev/ram0", O_RDWR, 0);
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	loff_t pos = RAM0_FIRST * SECTOR_SIZE;
	unsigned long max_dirty = 0, max_cached = 0, pages = (RAM0_END - RAM0_FIRST) / 8;
	unsigned long written = 0, checked = 0;

	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	KT_ASSERT(buf, "no memory");
	drop_cache(file_bdev_of(f));
	dirty_limit_pages = 32;
	pagecache_limit_pages = 48;
	for (unsigned long i = 0; i < pages; i++) {
		pattern_fill(buf, PAGE_SIZE, (char)i);
		if (pwrite_k(f, buf, PAGE_SIZE, pos + (loff_t)(i * PAGE_SIZE)) != PAGE_SIZE)
			break;
		written++;
		max_dirty = MAX(max_dirty, global_dirty_folios());
		max_cached = MAX(max_cached, f->f_mapping->nrpages);
	}
	KT_ASSERT(vfs_fsync(f, 0) == 0, "fsync");
	drop_cache(file_bdev_of(f));
	for (unsigned long i = 0; i < pages; i++) {
		if (pread_k(f, buf, PAGE_SIZE, pos + (loff_t)(i * PAGE_SIZE)) != PAGE_SIZE ||
		    !pattern_ok(buf, PAGE_SIZE, (char)i))
			break;
		checked++;
		max_cached = MAX(max_cached, f->f_mapping->nrpages);
	}
	dirty_limit_pages = 0;
	pagecache_limit_pages = 0;
	drop_cache(file_bdev_of(f));
	fput(f);
	kfree(buf);
	KT_ASSERT_EQ(written, pages);
	KT_ASSERT_EQ(checked, pages);
	KT_ASSERT(max_dirty > 0 && max_dirty <= 33, "up to %lu folios dirty", max_dirty);
	/* The limit, or the rest of the reader's window and the next one,
	 * read ahead while it still reads this one. */
	KT_ASSERT(max_cached <= MAX(48, 2 * RA_MAX_PAGES) + 1, "up to %lu folios cached", max_cached);
}

/* ------------------------------------------------------------ a get_block filesystem */

/*
 * The block helpers as a disk filesystem uses them: a file of 1 KiB blocks
 * (four buffers a page) on ram0 whose blocks lie where a block map says,
 * with holes; get_block allocates on write. Written through
 * generic_perform_write (block_write_begin/generic_write_end), written
 * back (block_write_full_folio), read (block_read_full_folio), truncated
 * (block_invalidate_folio); every step checked against a model of the
 * file and against the disk underneath.
 */
#define GB_BLOCKS	8		/* file blocks: two pages */
#define GB_DEV_FIRST	3900UL		/* 1 KiB device blocks handed out from here */

struct gb_fs {
	struct block_device *bdev;
	sector_t map[GB_BLOCKS];	/* device block of a file block; 0: a hole */
	sector_t next_free;
	struct inode *inode;
	struct file file;		/* f_mapping and f_inode only */
	char model[GB_BLOCKS * 1024];	/* what the file must read as */
};

static struct gb_fs *gb;

static int gb_get_block(struct inode *inode, sector_t iblock, struct buffer_head *bh, int create)
{
	if (iblock >= GB_BLOCKS)
		return -EIO;
	if (!gb->map[iblock]) {
		if (!create)
			return 0;		/* a hole */
		gb->map[iblock] = gb->next_free++;
		set_buffer_new(bh);
	}
	bh->b_bdev = gb->bdev;
	bh->b_blocknr = gb->map[iblock];
	set_buffer_mapped(bh);
	return 0;
}

static int gb_read_folio(struct file *file, struct folio *folio)
{
	return block_read_full_folio(folio, gb_get_block);
}

static int gb_writepage(struct page *page, struct writeback_control *wbc)
{
	return block_write_full_folio(page_folio(page), gb_get_block, wbc);
}

static int gb_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			  unsigned len, struct page **pagep, void **fsdata)
{
	return block_write_begin(mapping, pos, len, pagep, gb_get_block);
}

static const struct address_space_operations gb_aops = {
	.read_folio = gb_read_folio,
	.writepage = gb_writepage,
	.write_begin = gb_write_begin,
	.write_end = generic_write_end,
	.dirty_folio = block_dirty_folio,
	.invalidate_folio = block_invalidate_folio,
};

static ssize_t gb_rw(loff_t pos, void *buf, size_t len, bool write)
{
	struct kiocb iocb = { .ki_filp = &gb->file, .ki_pos = pos };
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_kvec(&iter, write ? ITER_SOURCE : ITER_DEST, &kv, 1, len);
	if (!write)
		return filemap_read(&iocb, &iter, 0);
	inode_lock(gb->inode);
	ret = generic_perform_write(&iocb, &iter);
	inode_unlock(gb->inode);
	if (ret > 0)
		memcpy(gb->model + pos, buf, (size_t)ret);
	return ret;
}

/* The whole file read back equals the model (after dropping the cache if
 * asked); NULL or what differed. */
static const char *gb_check(bool drop)
{
	static char buf[GB_BLOCKS * 1024];
	loff_t size = i_size_read(gb->inode);

	if (drop) {
		if (filemap_write_and_wait(gb->inode->i_mapping))
			return "writeback failed";
		truncate_inode_pages_final(gb->inode->i_mapping);
	}
	memset(buf, 0x77, sizeof(buf));
	if (gb_rw(0, buf, sizeof(buf), false) != size)
		return "short read";
	return memcmp(buf, gb->model, (size_t)size) ? "the file reads other bytes" : NULL;
}

/* File block iblock on the disk equals the model. */
static bool gb_on_disk(sector_t iblock, char *raw)
{
	return gb->map[iblock] && !raw_rw(gb->bdev, REQ_OP_READ, gb->map[iblock] * 2, raw, 2) &&
	       !memcmp(raw, gb->model + iblock * 1024, 1024);
}

static int gb_setup(void)
{
	struct path root;
	char *raw = kmalloc(1024, GFP_KERNEL);
	int err;

	gb = kzalloc(sizeof(*gb), GFP_KERNEL);
	if (!gb || !raw)
		return -ENOMEM;
	gb->bdev = open_disk("/dev/ram0");
	if (IS_ERR(gb->bdev))
		return (int)PTR_ERR(gb->bdev);
	/* Blocks 0, 2 and 3 exist with data; 1 and the second page are holes. */
	gb->next_free = GB_DEV_FIRST + 10;
	for (sector_t b = 0; b < 4; b++) {
		if (b == 1)
			continue;
		gb->map[b] = GB_DEV_FIRST + b;
		for (unsigned i = 0; i < 1024; i++)
			gb->model[b * 1024 + i] = raw[i] = fill_byte(b, 1024, i, 40);
		err = raw_rw(gb->bdev, REQ_OP_WRITE, gb->map[b] * 2, raw, 2);
		if (err)
			return err;
	}
	kfree(raw);
	err = kern_path("/", 0, &root);
	if (err)
		return err;
	gb->inode = new_inode(root.dentry->d_sb);
	path_put(&root);
	if (!gb->inode)
		return -ENOMEM;
	gb->inode->i_mode = S_IFREG | 0600;
	gb->inode->i_blkbits = 10;
	gb->inode->i_mapping->a_ops = &gb_aops;
	i_size_write(gb->inode, 4096);
	gb->file.f_inode = gb->inode;
	gb->file.f_mapping = gb->inode->i_mapping;
	return 0;
}

static void gb_teardown(void)
{
	if (!gb)
		return;
	if (gb->inode) {
		truncate_inode_pages_final(gb->inode->i_mapping);
		iput(gb->inode);
	}
	if (!IS_ERR_OR_NULL(gb->bdev)) {
		drop_cache(gb->bdev);
		blkdev_put(gb->bdev, FMODE_READ | FMODE_WRITE);
	}
	kfree(gb);
	gb = NULL;
}

KTEST(buffer_get_block_file_write_read_truncate)
{
	char *raw = kmalloc(1024, GFP_KERNEL);
	char data[700];
	const char *why;

	KT_ASSERT(raw, "no memory");
	KT_ASSERT_EQ(gb_setup(), 0);
	why = gb_check(false);				/* block 1 is a hole: zeros */
	KT_ASSERT(!why, "first read: %s", why);

	/* Into the hole (allocated, the rest of its block zeroed), across
	 * blocks 2 and 3, and into page 1, which was never read: its
	 * other blocks stay holes. The file grows to 6000 bytes. */
	memset(data, 'a', sizeof(data));
	KT_ASSERT_EQ(gb_rw(1024 + 10, data, 100, true), 100);
	memset(data, 'b', sizeof(data));
	KT_ASSERT_EQ(gb_rw(3000, data, 700, true), 700);
	memset(data, 'c', sizeof(data));
	i_size_write(gb->inode, 6000);
	KT_ASSERT_EQ(gb_rw(5000, data, 50, true), 50);
	KT_ASSERT(gb->map[1] && gb->map[4] && !gb->map[5] && !gb->map[6],
		  "allocation: %lu %lu %lu %lu", (unsigned long)gb->map[1],
		  (unsigned long)gb->map[4], (unsigned long)gb->map[5], (unsigned long)gb->map[6]);
	why = gb_check(false);
	KT_ASSERT(!why, "read from the cache: %s", why);

	/* Written back: the blocks on the disk; read again from the disk. */
	KT_ASSERT_EQ(filemap_write_and_wait(gb->inode->i_mapping), 0);
	for (sector_t b = 0; b < 5; b++)
		KT_ASSERT(gb_on_disk(b, raw), "file block %lu on the disk", (unsigned long)b);
	why = gb_check(true);
	KT_ASSERT(!why, "read from the disk: %s", why);

	/* Truncate into block 2: page 1 goes, page 0 is zeroed past the
	 * cut, and block 3's buffer (wholly past it) is forgotten. */
	inode_lock(gb->inode);
	i_size_write(gb->inode, 2500);
	truncate_pagecache(gb->inode, 2500);
	inode_unlock(gb->inode);
	memset(gb->model + 2500, 0, sizeof(gb->model) - 2500);
	KT_ASSERT_EQ(gb->inode->i_mapping->nrpages, 1);
	{
		struct folio *folio = filemap_lock_folio(gb->inode->i_mapping, 0);
		struct buffer_head *bh = IS_ERR(folio) ? NULL : folio_buffers(folio);
		bool zero = !IS_ERR(folio) && !memcmp((char *)folio_address(folio) + 2500,
						     gb->model + 2500, PAGE_SIZE - 2500);
		bool forgotten = bh && !buffer_mapped(bh->b_this_page->b_this_page->b_this_page) &&
				 buffer_mapped(bh->b_this_page->b_this_page);

		if (!IS_ERR(folio)) {
			folio_unlock(folio);
			folio_put(folio);
		}
		KT_ASSERT(zero, "the page is not zeroed past the cut");
		KT_ASSERT(forgotten, "buffers after truncate: block 2 mapped, block 3 not, expected");
	}
	why = gb_check(false);
	KT_ASSERT(!why, "after truncate: %s", why);
	gb_teardown();
	kfree(raw);
}
