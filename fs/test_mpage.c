/*
 * Tests of the get_block helpers of fs/buffer_head.h's last block
 * (ktest=mpage): mpage_readahead, generic_block_bmap,
 * block_is_partially_uptodate (through filemap_read), buffer_migrate_folio,
 * block_truncate_page, blockdev_direct_IO and generic_error_remove_page,
 * on a small get_block "filesystem": a file of 1 KiB blocks on ram0 whose
 * block map is an array (with holes, contiguous runs and a run laid out
 * backwards), every result checked against a model of the file and
 * against the disk underneath (raw bios).
 *
 * Disk area: ram0 1 KiB blocks 2600..2799 (sectors 5200..5599), inside
 * the range fs/test_buffer.c gives the buffer tests; a test drops what it
 * cached when it is done.
 */
#include "fs/buffer_head.h"
#include "fs/block_dev.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/dcache.h"
#include "drivers/block/blkdev.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "mm/migrate.h"
#include "mm/compaction.h"
#include "mm/page_alloc.h"
#include "mm/pagemap.h"
#include "mm/slab.h"

#define MP_BLOCKS	40		/* file blocks: ten pages */
#define MP_DEV_FIRST	2600UL		/* 1 KiB device blocks from here */
#define MP_DEV_ALLOC	2700UL		/* get_block(create) hands out from here */

struct mp_fs {
	struct block_device *bdev;
	sector_t map[MP_BLOCKS];	/* device block of a file block; 0: a hole */
	sector_t next_free;
	unsigned get_block_calls;	/* with create 0 */
	struct inode *inode;
	struct file file;		/* f_mapping and f_inode only */
	char model[MP_BLOCKS * 1024];	/* what the file must read as */
	char *raw;			/* a page: raw I/O buffer */
};

static struct mp_fs *mp;

static int mp_get_block(struct inode *inode, sector_t iblock, struct buffer_head *bh, int create)
{
	if (iblock >= MP_BLOCKS)
		return create ? -EFBIG : 0;
	if (!create)
		mp->get_block_calls++;
	if (!mp->map[iblock]) {
		if (!create)
			return 0;		/* a hole */
		mp->map[iblock] = mp->next_free++;
		set_buffer_new(bh);
	}
	bh->b_bdev = mp->bdev;
	bh->b_blocknr = mp->map[iblock];
	set_buffer_mapped(bh);
	return 0;
}

static int mp_read_folio(struct file *file, struct folio *folio)
{
	return block_read_full_folio(folio, mp_get_block);
}

static void mp_readahead(struct readahead_control *rac)
{
	mpage_readahead(rac, mp_get_block);
}

static int mp_writepage(struct page *page, struct writeback_control *wbc)
{
	return block_write_full_folio(page_folio(page), mp_get_block, wbc);
}

static int mp_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			  unsigned len, struct page **pagep, void **fsdata)
{
	return block_write_begin(mapping, pos, len, pagep, mp_get_block);
}

static sector_t mp_bmap(struct address_space *mapping, sector_t block)
{
	return generic_block_bmap(mapping, block, mp_get_block);
}

static int mp_direct_IO(struct kiocb *iocb, struct iov_iter *iter)
{
	return (int)blockdev_direct_IO(iocb, mp->inode, iter, mp_get_block);
}

/* ->launder_folio: write the locked folio's dirty buffers now and wait
 * (the folio stays locked). */
static unsigned mp_laundered;

static int mp_launder_folio(struct folio *folio)
{
	struct buffer_head *head = folio_buffers(folio), *bh = head;
	int err = 0;

	mp_laundered++;
	if (!folio_clear_dirty_for_io(folio) || !head)
		return 0;
	do {
		if (buffer_dirty(bh) && buffer_mapped(bh) && sync_dirty_buffer(bh))
			err = -EIO;
		bh = bh->b_this_page;
	} while (bh != head);
	return err;
}

static const struct address_space_operations mp_aops = {
	.launder_folio = mp_launder_folio,
	.read_folio = mp_read_folio,
	.readahead = mp_readahead,
	.writepage = mp_writepage,
	.write_begin = mp_write_begin,
	.write_end = generic_write_end,
	.dirty_folio = block_dirty_folio,
	.invalidate_folio = block_invalidate_folio,
	.bmap = mp_bmap,
	.is_partially_uptodate = block_is_partially_uptodate,
	.migrate_folio = buffer_migrate_folio,
	.direct_IO = mp_direct_IO,
	.error_remove_page = generic_error_remove_page,
};

static char mp_byte(sector_t block, unsigned i)
{
	return (char)((block * 13 + i * 7 + 5) & 0xff);
}

static int mp_raw(enum req_op op, sector_t devblock, void *buf)
{
	struct bio *bio = bio_alloc(mp->bdev, 1, op, GFP_KERNEL);
	int err;

	if (!bio)
		return -ENOMEM;
	bio->bi_sector = devblock * 2;
	bio_add_page(bio, virt_to_page(buf), 1024, (unsigned)((unsigned long)buf & (PAGE_SIZE - 1)));
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

static ssize_t mp_rw(loff_t pos, void *buf, size_t len, bool write, bool direct)
{
	struct kiocb iocb = { .ki_filp = &mp->file, .ki_pos = pos,
			      .ki_flags = direct ? IOCB_DIRECT : 0 };
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_kvec(&iter, write ? ITER_SOURCE : ITER_DEST, &kv, 1, len);
	if (direct) {
		if (write)
			inode_lock(mp->inode);
		ret = call_direct_IO(&iocb, &iter);
		if (write)
			inode_unlock(mp->inode);
	} else if (!write) {
		return filemap_read(&iocb, &iter, 0);
	} else {
		inode_lock(mp->inode);
		ret = generic_perform_write(&iocb, &iter);
		inode_unlock(mp->inode);
	}
	if (ret > 0 && write)
		memcpy(mp->model + pos, buf, (size_t)ret);
	return ret;
}

/* The whole file read back equals the model; NULL or what differed. */
static const char *mp_check(void)
{
	static char buf[MP_BLOCKS * 1024];
	loff_t size = i_size_read(mp->inode);

	memset(buf, 0x77, sizeof(buf));
	if (mp_rw(0, buf, (size_t)size, false, false) != size)
		return "short read";
	return memcmp(buf, mp->model, (size_t)size) ? "the file reads other bytes" : NULL;
}

static void mp_drop(void)
{
	struct address_space *m = mp->inode->i_mapping;
	unsigned long index = 0;
	struct folio *folio;

	while ((folio = filemap_next_folio(m, &index, RADIX_TREE_ANY_TAG))) {
		folio_wait_locked(folio);	/* readahead still in flight */
		folio_put(folio);
		index++;
	}
	filemap_write_and_wait(m);
	truncate_inode_pages_final(m);
}

/*
 * The layout: pages 0-3 (blocks 0-15) contiguous on the disk; page 4
 * (16-19) a hole; page 5 (20-23) backwards; page 6 (24-25 mapped, 26-27
 * holes); page 7 (28-31) contiguous again, right after block 15's device
 * block; pages 8-9 (32-39) holes. The file is 40 KiB long.
 */
static int mp_setup(void)
{
	struct path root;
	int err;

	mp = kzalloc(sizeof(*mp), GFP_KERNEL);
	if (!mp)
		return -ENOMEM;
	mp->raw = __get_free_pages(GFP_KERNEL, 0);
	if (!mp->raw)
		return -ENOMEM;
	mp->bdev = blkdev_get_by_path("/dev/ram0", FMODE_READ | FMODE_WRITE, NULL);
	if (IS_ERR(mp->bdev))
		return (int)PTR_ERR(mp->bdev);
	mp->next_free = MP_DEV_ALLOC;
	for (sector_t b = 0; b < 16; b++)
		mp->map[b] = MP_DEV_FIRST + b;
	for (sector_t b = 20; b < 24; b++)
		mp->map[b] = MP_DEV_FIRST + 40 + (23 - b);
	mp->map[24] = MP_DEV_FIRST + 50;
	mp->map[25] = MP_DEV_FIRST + 51;
	for (sector_t b = 28; b < 32; b++)
		mp->map[b] = MP_DEV_FIRST + 16 + (b - 28);
	for (sector_t b = 0; b < MP_BLOCKS; b++) {
		if (!mp->map[b])
			continue;
		for (unsigned i = 0; i < 1024; i++)
			mp->model[b * 1024 + i] = mp->raw[i] = mp_byte(b, i);
		err = mp_raw(REQ_OP_WRITE, mp->map[b], mp->raw);
		if (err)
			return err;
	}
	err = kern_path("/", 0, &root);
	if (err)
		return err;
	mp->inode = new_inode(root.dentry->d_sb);
	path_put(&root);
	if (!mp->inode)
		return -ENOMEM;
	mp->inode->i_mode = S_IFREG | 0600;
	mp->inode->i_blkbits = 10;
	mp->inode->i_mapping->a_ops = &mp_aops;
	i_size_write(mp->inode, MP_BLOCKS * 1024);
	mp->file.f_inode = mp->inode;
	mp->file.f_mapping = mp->inode->i_mapping;
	return 0;
}

static void mp_teardown(void)
{
	if (!mp)
		return;
	if (mp->inode) {
		mp_drop();
		iput(mp->inode);
	}
	if (!IS_ERR_OR_NULL(mp->bdev)) {
		sync_blockdev(mp->bdev);
		invalidate_bdev(mp->bdev);
		blkdev_put(mp->bdev, FMODE_READ | FMODE_WRITE);
	}
	if (mp->raw)
		free_pages_addr(mp->raw, 0);
	kfree(mp);
	mp = NULL;
}

/* The folio at index has buffers? (-1: not cached) */
static int mp_has_buffers(unsigned long index)
{
	struct folio *folio = filemap_get_folio(mp->inode->i_mapping, index);
	int ret;

	if (IS_ERR(folio))
		return -1;
	folio_wait_locked(folio);
	ret = folio_buffers(folio) != NULL;
	folio_put(folio);
	return ret;
}

KTEST(mpage_readahead_reads_runs_without_buffers)
{
	const char *why;

	KT_ASSERT_EQ(mp_setup(), 0);
	why = mp_check();				/* one read: the window covers it all */
	KT_ASSERT(!why, "read: %s", why);
	/* Contiguous pages and holes went through bios (no buffers); the
	 * backwards page was read by block_read_full_folio. */
	for (unsigned long i = 0; i < 10; i++) {
		int want = i == 5 ? 1 : 0;

		KT_ASSERT(mp_has_buffers(i) == want, "page %lu: buffers %d, expected %d", i,
			  mp_has_buffers(i), want);
	}
	/* From the disk again, one page at a time from the middle. */
	mp_drop();
	{
		char buf[100];

		KT_ASSERT_EQ(mp_rw(6 * 4096 + 1000, buf, 100, false, false), 100);
		KT_ASSERT(!memcmp(buf, mp->model + 6 * 4096 + 1000, 100), "middle read");
		KT_ASSERT(mp_has_buffers(6) == 0 && mp_has_buffers(5) == -1,
			  "only from page 6 on is read ahead");
	}
	why = mp_check();
	KT_ASSERT(!why, "second read: %s", why);
	mp_teardown();
}

KTEST(mpage_generic_block_bmap)
{
	KT_ASSERT_EQ(mp_setup(), 0);
	KT_ASSERT_EQ(call_bmap(mp->inode->i_mapping, 0), MP_DEV_FIRST);
	KT_ASSERT_EQ(call_bmap(mp->inode->i_mapping, 21), MP_DEV_FIRST + 42);
	KT_ASSERT_EQ(call_bmap(mp->inode->i_mapping, 17), 0);	/* a hole */
	KT_ASSERT_EQ(call_bmap(mp->inode->i_mapping, 39), 0);
	mp_teardown();
}

KTEST(mpage_block_is_partially_uptodate_skips_the_read)
{
	struct folio *folio;
	char buf[1024];
	unsigned calls;

	KT_ASSERT_EQ(mp_setup(), 0);
	/* A whole-block write into page 1 (never read): its first buffer is
	 * uptodate, the other three are not, nor is the folio. */
	memset(buf, 'w', sizeof(buf));
	KT_ASSERT_EQ(mp_rw(4096, buf, 1024, true, false), 1024);
	folio = filemap_lock_folio(mp->inode->i_mapping, 1);
	KT_ASSERT(!IS_ERR(folio), "page 1 not cached");
	KT_ASSERT(!folio_test_uptodate(folio), "page 1 uptodate already");
	KT_ASSERT(block_is_partially_uptodate(folio, 0, 1024), "block 0 is uptodate");
	KT_ASSERT(block_is_partially_uptodate(folio, 100, 900), "inside block 0");
	KT_ASSERT(!block_is_partially_uptodate(folio, 1000, 100), "into block 1");
	KT_ASSERT(!block_is_partially_uptodate(folio, 2048, 10), "block 2");
	folio_unlock(folio);
	folio_put(folio);
	/* read() of the uptodate part: no read of the folio (no get_block). */
	calls = mp->get_block_calls;
	memset(buf, 0, sizeof(buf));
	KT_ASSERT_EQ(mp_rw(4096 + 10, buf, 1000, false, false), 1000);
	KT_ASSERT(!memcmp(buf, mp->model + 4096 + 10, 1000), "partial read data");
	KT_ASSERT_EQ(mp->get_block_calls, calls);
	/* Past it: the folio is read (its other blocks come from the disk). */
	KT_ASSERT_EQ(mp_rw(4096 + 1000, buf, 1024, false, false), 1024);
	KT_ASSERT(!memcmp(buf, mp->model + 4096 + 1000, 1024), "read across blocks");
	KT_ASSERT(mp->get_block_calls > calls, "the rest of the folio was read");
	KT_ASSERT(!mp_check(), "whole file");
	mp_teardown();
}

KTEST(mpage_buffer_migrate_folio_moves_data_and_buffers)
{
	struct address_space *m;
	struct folio *src, *dst = NULL, *now;
	struct buffer_head *bh;
	char buf[1024];

	KT_ASSERT_EQ(mp_setup(), 0);
	m = mp->inode->i_mapping;
	memset(buf, 'm', sizeof(buf));
	KT_ASSERT_EQ(mp_rw(2 * 4096 + 1024, buf, 1024, true, false), 1024);	/* dirty, buffers */
	KT_ASSERT(!mp_check(), "before");
	src = filemap_get_folio(m, 2);
	KT_ASSERT(!IS_ERR(src) && folio_buffers(src), "page 2 with buffers");
	KT_ASSERT(folio_test_dirty(src), "page 2 dirty");
	KT_ASSERT_EQ(migrate_pagecache_folio(src, &dst), 0);
	KT_ASSERT(dst && dst != src, "a new folio");
	KT_ASSERT(src->mapping == NULL && !folio_buffers(src), "src left the cache");
	now = filemap_get_folio(m, 2);
	KT_ASSERT(now == dst, "the cache holds the new folio");
	KT_ASSERT(folio_test_dirty(now) && folio_test_uptodate(now), "flags moved");
	bh = folio_buffers(now);
	KT_ASSERT(bh && bh->b_folio == now && bh->b_data == folio_address(now) &&
		  bh->b_this_page->b_data == (char *)folio_address(now) + 1024, "buffers moved");
	folio_put(now);
	folio_put(src);				/* the last: src is freed */
	/* Busy: a second reference (not the cache's, not ours) stops it. */
	now = filemap_get_folio(m, 3);
	KT_ASSERT(!IS_ERR(now), "page 3 cached");
	folio_get(now);
	KT_ASSERT_EQ(migrate_pagecache_folio(now, NULL), -EAGAIN);
	folio_put(now);
	KT_ASSERT_EQ(migrate_pagecache_folio(now, NULL), 0);	/* no buffers: filemap_migrate_folio */
	folio_put(now);
	/* The data survives, in the cache and through writeback. */
	KT_ASSERT(!mp_check(), "after migration");
	mp_drop();
	KT_ASSERT(!mp_check(), "from the disk");
	mp_teardown();
}

KTEST(mpage_block_truncate_page_zeroes_the_block_tail)
{
	KT_ASSERT_EQ(mp_setup(), 0);
	/* Cut at 2500: block 2's bytes from 2500 to 3071 become zeros on
	 * the disk (read in, zeroed, dirtied); block 3 is not touched. */
	KT_ASSERT_EQ(block_truncate_page(mp->inode->i_mapping, 2500, mp_get_block), 0);
	memset(mp->model + 2500, 0, 3072 - 2500);
	KT_ASSERT(!mp_check(), "in the cache");
	KT_ASSERT_EQ(filemap_write_and_wait(mp->inode->i_mapping), 0);
	KT_ASSERT_EQ(mp_raw(REQ_OP_READ, mp->map[2], mp->raw), 0);
	KT_ASSERT(!memcmp(mp->raw, mp->model + 2048, 1024), "block 2 on the disk");
	/* A hole stays a hole (no allocation); a block boundary does nothing. */
	KT_ASSERT_EQ(block_truncate_page(mp->inode->i_mapping, 17 * 1024 + 5, mp_get_block), 0);
	KT_ASSERT_EQ(mp->map[17], 0);
	KT_ASSERT_EQ(block_truncate_page(mp->inode->i_mapping, 4096, mp_get_block), 0);
	mp_drop();
	KT_ASSERT(!mp_check(), "from the disk");
	mp_teardown();
}

KTEST(mpage_blockdev_direct_IO)
{
	char *buf = __get_free_pages(GFP_KERNEL, 1);
	sector_t before;

	KT_ASSERT(buf, "no memory");
	KT_ASSERT_EQ(mp_setup(), 0);
	/* Read across the mapped page 3 and the hole of page 4. */
	memset(buf, 0x55, 8192);
	KT_ASSERT_EQ(mp_rw(3 * 4096, buf, 8192, false, true), 8192);
	KT_ASSERT(!memcmp(buf, mp->model + 3 * 4096, 8192), "direct read with a hole");
	/* Read at the end stops at i_size; past it reads nothing. */
	KT_ASSERT_EQ(mp_rw(39 * 1024, buf, 4096, false, true), 1024);
	KT_ASSERT_EQ(mp_rw(40 * 1024, buf, 512, false, true), 0);
	/* Misaligned: -EINVAL. */
	KT_ASSERT_EQ(mp_rw(100, buf, 512, false, true), -EINVAL);
	/* Write over mapped blocks 1-2 (a cached dirty page is written
	 * first, then dropped) and whole hole blocks 16-17 (allocated). */
	memset(buf, 'c', 100);
	KT_ASSERT_EQ(mp_rw(1024 + 10, buf, 100, true, false), 100);	/* cached, dirty */
	for (unsigned i = 0; i < 2048; i++)
		buf[i] = (char)(i * 3);
	KT_ASSERT_EQ(mp_rw(1024, buf, 2048, true, true), 2048);
	KT_ASSERT_EQ(mp_raw(REQ_OP_READ, mp->map[1], mp->raw), 0);
	KT_ASSERT(!memcmp(mp->raw, mp->model + 1024, 1024), "block 1 on the disk");
	before = mp->next_free;
	KT_ASSERT_EQ(mp_rw(16 * 1024, buf, 2048, true, true), 2048);
	KT_ASSERT(mp->map[16] == before && mp->map[17] == before + 1, "blocks 16, 17 allocated");
	/* Part of a hole block: stops before it (the caller writes it
	 * buffered); at i_size: nothing. */
	KT_ASSERT_EQ(mp_rw(18 * 1024, buf, 512, true, true), 0);
	KT_ASSERT_EQ(mp->map[18], 0);
	KT_ASSERT_EQ(mp_rw(17 * 1024, buf, 1024 + 512, true, true), 1024);
	KT_ASSERT_EQ(mp_rw(40 * 1024, buf, 1024, true, true), 0);
	KT_ASSERT(!mp_check(), "buffered read after direct writes");
	mp_drop();
	KT_ASSERT(!mp_check(), "from the disk");
	mp_teardown();
	free_pages_addr(buf, 1);
}

KTEST(mpage_generic_error_remove_page)
{
	struct address_space *m;
	struct folio *folio;
	int err;

	KT_ASSERT_EQ(mp_setup(), 0);
	m = mp->inode->i_mapping;
	KT_ASSERT(!mp_check(), "read");
	filemap_invalidate_lock(m);
	folio = filemap_lock_folio(m, 5);		/* the one with buffers */
	KT_ASSERT(!IS_ERR(folio), "page 5 cached");
	err = call_error_remove_page(m, &folio->page);
	folio_unlock(folio);
	filemap_invalidate_unlock(m);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(folio->mapping == NULL && !folio_buffers(folio), "removed");
	folio_put(folio);
	KT_ASSERT(IS_ERR(filemap_get_folio(m, 5)), "not cached any more");
	KT_ASSERT(!mp_check(), "read again from the disk");
	mp_teardown();
}

KTEST(mpage_invalidate_inode_pages2_launders_dirty_folios)
{
	struct address_space *m;
	char buf[300];

	KT_ASSERT_EQ(mp_setup(), 0);
	m = mp->inode->i_mapping;
	KT_ASSERT(!mp_check(), "read");
	memset(buf, 'L', sizeof(buf));
	KT_ASSERT_EQ(mp_rw(2 * 4096 + 100, buf, sizeof(buf), true, false), (ssize_t)sizeof(buf));
	mp_laundered = 0;
	KT_ASSERT_EQ(invalidate_inode_pages2_range(m, 0, ~0UL), 0);
	KT_ASSERT_EQ(mp_laundered, 1);			/* only the dirty one */
	KT_ASSERT_EQ(m->nrpages, 0);
	KT_ASSERT_EQ(mp_raw(REQ_OP_READ, mp->map[8], mp->raw), 0);
	KT_ASSERT(!memcmp(mp->raw, mp->model + 8 * 1024, 1024), "laundered to the disk");
	KT_ASSERT(!mp_check(), "from the disk");
	mp_teardown();
}

/* ------------------------------------------------------------ readahead windows */

static void ra_drop(struct file *f)
{
	struct address_space *m = f->f_mapping;
	unsigned long index = 0;
	struct folio *folio;

	while ((folio = filemap_next_folio(m, &index, RADIX_TREE_ANY_TAG))) {
		folio_wait_locked(folio);
		folio_put(folio);
		index++;
	}
	invalidate_mapping_pages(m, 0, ~0UL);
}

/* Page-sized reads of /dev/ram0 one after the other: the window doubles
 * from 8 pages at each new window up to the maximum, and stays there;
 * the reader keeps finding its pages read ahead. */
KTEST(readahead_window_grows_for_sequential_reads)
{
	struct file *f = filp_open("/dev/ram0", O_RDONLY, 0);
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	unsigned seen[8], nseen = 0, expect = 8;

	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	KT_ASSERT(buf, "no memory");
	ra_drop(f);
	memset(&f->f_ra, 0, sizeof(f->f_ra));
	for (unsigned i = 0; i < 300; i++) {
		loff_t pos = (loff_t)i * PAGE_SIZE;

		KT_ASSERT_EQ(vfs_read(f, buf, PAGE_SIZE, &pos), PAGE_SIZE);
		if ((!nseen || seen[nseen - 1] != f->f_ra.size) && nseen < 8)
			seen[nseen++] = f->f_ra.size;
		KT_ASSERT(f->f_ra.start + f->f_ra.size > i + 1, "page %u: no window ahead", i);
	}
	for (unsigned i = 0; i < nseen; i++) {
		KT_ASSERT(seen[i] == expect, "window %u: %u pages, expected %u", i, seen[i], expect);
		expect = MIN(expect * 2, seen[nseen - 1]);
	}
	KT_ASSERT(nseen >= 4 && seen[nseen - 1] >= 64, "the window stopped at %u",
		  seen[nseen - 1]);
	ra_drop(f);
	fput(f);
	kfree(buf);
}

/* Reads at scattered pages: each miss gets the initial window again. */
KTEST(readahead_window_stays_for_random_reads)
{
	static const unsigned pages[] = { 700, 100, 400, 37, 1500, 250, 900, 1200 };
	struct file *f = filp_open("/dev/ram0", O_RDONLY, 0);
	char *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);

	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	KT_ASSERT(buf, "no memory");
	ra_drop(f);
	memset(&f->f_ra, 0, sizeof(f->f_ra));
	for (unsigned i = 0; i < ARRAY_SIZE(pages); i++) {
		loff_t pos = (loff_t)pages[i] * PAGE_SIZE;

		KT_ASSERT_EQ(vfs_read(f, buf, PAGE_SIZE, &pos), PAGE_SIZE);
		KT_ASSERT(f->f_ra.size == 8 && f->f_ra.start == pages[i],
			  "read %u (page %u): window %lu+%u", i, pages[i], f->f_ra.start, f->f_ra.size);
	}
	ra_drop(f);
	fput(f);
	kfree(buf);
}

/* A compaction run moves page-cache folios (those of the mp file among
 * them, with buffers or without) and the file still reads the same, from
 * the cache and from the disk after writeback. */
KTEST(mpage_compaction_keeps_the_data)
{
	unsigned long migrated = compact_migrated, stall = compact_runs;
	unsigned long ok = nr_migrated;
	char buf[500];

	KT_ASSERT_EQ(mp_setup(), 0);
	KT_ASSERT(!mp_check(), "read");
	memset(buf, 'k', sizeof(buf));
	KT_ASSERT_EQ(mp_rw(5 * 4096 + 700, buf, sizeof(buf), true, false), (ssize_t)sizeof(buf));
	compact_memory();
	KT_ASSERT_EQ(compact_runs, stall + 1);
	KT_ASSERT(compact_migrated > migrated && nr_migrated > ok,
		  "nothing moved (migrated %lu -> %lu)", migrated, compact_migrated);
	KT_ASSERT(!mp_check(), "after compaction, from the cache");
	mp_drop();
	KT_ASSERT(!mp_check(), "after compaction, from the disk");
	mp_teardown();
}

/* A block freed from metadata whose buffer is still dirty in the block
 * device's cache, then allocated to the file (buffered and O_DIRECT): the
 * stale buffer is not written back over the file's data. */
KTEST(mpage_clean_bdev_aliases_on_allocation)
{
	char *buf = __get_free_pages(GFP_KERNEL, 0);
	struct buffer_head *bh;

	KT_ASSERT(buf, "no memory");
	KT_ASSERT_EQ(mp_setup(), 0);
	KT_ASSERT_EQ(set_blocksize(mp->bdev, 1024), 0);
	for (sector_t b = 0; b < 2; b++) {	/* "metadata" in blocks next_free, next_free + 1 */
		bh = __getblk(mp->bdev, mp->next_free + b, 1024);
		KT_ASSERT(bh, "__getblk");
		memset(bh->b_data, 0xee, 1024);
		set_buffer_uptodate(bh);
		mark_buffer_dirty(bh);
		brelse(bh);
	}
	memset(buf, 'n', 1024);			/* buffered, into the hole of block 16 */
	KT_ASSERT_EQ(mp_rw(16 * 1024, buf, 1024, true, false), 1024);
	KT_ASSERT_EQ(filemap_write_and_wait(mp->inode->i_mapping), 0);
	memset(buf, 'd', 1024);			/* direct, into the hole of block 17 */
	KT_ASSERT_EQ(mp_rw(17 * 1024, buf, 1024, true, true), 1024);
	KT_ASSERT(mp->map[16] == MP_DEV_ALLOC && mp->map[17] == MP_DEV_ALLOC + 1, "allocation");
	KT_ASSERT_EQ(sync_blockdev(mp->bdev), 0);
	for (sector_t b = 16; b < 18; b++) {
		KT_ASSERT_EQ(mp_raw(REQ_OP_READ, mp->map[b], mp->raw), 0);
		KT_ASSERT(!memcmp(mp->raw, mp->model + b * 1024, 1024),
			  "file block %lu on the disk: the stale metadata buffer was written over it",
			  (unsigned long)b);
	}
	mp_teardown();
	free_pages_addr(buf, 0);
}
