/*
 * ext2's address_space operations, for regular files, directories and
 * slow symlinks: the page cache reads and writes file blocks through
 * buffer heads and ext2_get_block (blockmap.c). Reads go by
 * block_read_full_folio or, in runs, mpage_readahead; writes by
 * block_write_begin; writeback by ext2_writepages, which sends runs of
 * folios whose blocks follow one another on the disk as one bio each and
 * leaves the others to block_write_full_folio.
 *
 * Above: the page cache (mm/filemap.c, mm/writeback.c, mm/truncate.c)
 * through fs/vfs/aops.h. Below: blockmap.c, the block layer.
 *
 * Locks: the folio lock (held by the caller, as the rule table says);
 * ext2_get_block takes truncate_mutex.
 *
 * lockdep and the folio lock: ext2 maps blocks under the file's locked
 * folio (->write_begin, ->writepage, ->writepages, block_zero_range) by
 * reading indirect blocks and bitmaps through the block device's page
 * cache (sb_bread locks those folios) under truncate_mutex and
 * s_group_lock. As in Linux, a file's folio comes before the block
 * device's: lockdep gives the block device's folios their own class
 * (mm/folio.h) and checks that order.
 */
#include "fs/ext2/blockmap.h"
#include "fs/vfs/inode.h"
#include "drivers/block/bio.h"
#include "kernel/errno.h"
#include "kernel/sync/lockdep.h"
#include "mm/pagemap.h"
#include "mm/writeback.h"

static int ext2_read_folio(struct file *file, struct folio *folio)
{
	(void)file;
	return block_read_full_folio(folio, ext2_get_block);
}

static int ext2_writepage(struct page *page, struct writeback_control *wbc)
{
	return block_write_full_folio(page_folio(page), ext2_get_block, wbc);
}

/* ---- writeback in runs */

#define EXT2_WB_VECS	64	/* folios per bio */

/* The bio being built by ext2_writepages and the device block that would
 * continue it. */
struct ext2_wb {
	struct bio *bio;
	sector_t next;
};

/* Each folio of the bio leaves writeback (with the error recorded for
 * fsync). Any context. */
static void ext2_wb_end_io(struct bio *bio)
{
	for (unsigned i = 0; i < bio->bi_vcnt; i++) {
		struct folio *folio = page_folio(bio->bi_io_vec[i].bv_page);

		if (bio->bi_status) {
			folio_set_error(folio);
			mapping_set_error(folio->mapping, -EIO);
		}
		folio_end_writeback(folio);
	}
	bio_put(bio);
}

static void ext2_wb_submit(struct ext2_wb *wb)
{
	if (wb->bio)
		submit_bio(wb->bio);
	wb->bio = NULL;
}

/*
 * Where the locked folio's n blocks inside the file lie, if one after the
 * other: the first device block, 0 if the folio is not that simple (a
 * buffer unmapped, not uptodate or under I/O, blocks out of order) and
 * block_write_full_folio must write it.
 */
static sector_t ext2_wb_map(struct folio *folio, struct inode *inode, unsigned n)
{
	struct buffer_head *bh = folio_buffers(folio), map = { 0 };
	sector_t first = 0;

	if (!bh) {
		if (!folio_test_uptodate(folio))
			return 0;
		map.b_size = (size_t)n << inode->i_blkbits;
		if (ext2_get_block(inode, (sector_t)folio->index << (PAGE_SHIFT - inode->i_blkbits),
				   &map, 1) || !buffer_mapped(&map) ||
		    (map.b_size >> inode->i_blkbits) < n)
			return 0;
		return map.b_blocknr;
	}
	for (unsigned i = 0; i < n; i++, bh = bh->b_this_page) {
		if (!buffer_mapped(bh) || !buffer_uptodate(bh) || buffer_locked(bh))
			return 0;
		if (!i)
			first = bh->b_blocknr;
		else if (bh->b_blocknr != first + i)
			return 0;
	}
	return first;
}

/* Add the locked folio's n blocks at device block first to the run,
 * starting a new bio when it does not continue the current one. false if
 * no bio could be had. */
static bool ext2_wb_add(struct ext2_wb *wb, struct folio *folio, struct inode *inode,
			sector_t first, unsigned n, struct writeback_control *wbc)
{
	unsigned blkbits = inode->i_blkbits;

	if (wb->bio && wb->next != first)
		ext2_wb_submit(wb);
	for (int tries = 0; tries < 2; tries++) {
		if (!wb->bio) {
			wb->bio = bio_alloc(inode->i_sb->s_bdev, EXT2_WB_VECS,
					    REQ_OP_WRITE | (wbc->sync_mode == WB_SYNC_ALL ? REQ_SYNC : 0),
					    GFP_KERNEL | __GFP_NORETRY);
			if (!wb->bio)
				return false;
			wb->bio->bi_sector = first << (blkbits - SECTOR_SHIFT);
			wb->bio->bi_end_io = ext2_wb_end_io;
		}
		if (bio_add_page(wb->bio, &folio->page, n << blkbits, 0)) {
			wb->next = first + n;
			return true;
		}
		ext2_wb_submit(wb);		/* full: a new one */
	}
	return false;
}

/* One dirty folio, locked and clean for I/O (write_cache_pages): into
 * the run, or written alone. Unlocks it. */
static int ext2_writepage_run(struct folio *folio, struct writeback_control *wbc, void *data)
{
	struct ext2_wb *wb = data;
	struct inode *inode = folio->mapping->host;
	loff_t size = i_size_read(inode), pos = folio_pos(folio);
	unsigned per_page = (unsigned)(PAGE_SIZE >> inode->i_blkbits), n;
	struct buffer_head *head, *bh;
	sector_t first;

	if (pos >= size)
		goto alone;
	n = (unsigned)MIN((u64)per_page, ((u64)(size - pos) + (1U << inode->i_blkbits) - 1) >>
					 inode->i_blkbits);
	first = ext2_wb_map(folio, inode, n);
	if (!first)
		goto alone;
	if (size - pos < (loff_t)PAGE_SIZE)
		folio_zero_segment(folio, (size_t)(size - pos), PAGE_SIZE);
	if (!ext2_wb_add(wb, folio, inode, first, n, wbc))
		goto alone;
	head = folio_buffers(folio);
	if (head) {
		bh = head;
		do {
			clear_buffer_dirty(bh);
			bh = bh->b_this_page;
		} while (bh != head);
	}
	folio_start_writeback(folio);
	folio_unlock(folio);
	if (n < per_page)		/* the end of the file: nothing follows */
		ext2_wb_submit(wb);
	return 0;
alone:
	ext2_wb_submit(wb);
	return block_write_full_folio(folio, ext2_get_block, wbc);
}

static int ext2_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	struct ext2_wb wb = { 0 };
	struct blk_plug plug;
	int err;

	blk_start_plug(&plug);
	err = write_cache_pages(mapping, wbc, ext2_writepage_run, &wb);
	ext2_wb_submit(&wb);
	blk_finish_plug(&plug);
	return err;
}

/* block_write_begin; a failed write may have allocated blocks past the
 * end: they go again. */
static int ext2_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			    unsigned len, struct page **pagep, void **fsdata)
{
	int err;

	(void)file;
	(void)fsdata;
	err = block_write_begin(mapping, pos, len, pagep, ext2_get_block);
	if (err && pos + len > i_size_read(mapping->host))
		ext2_write_failed(mapping->host);
	return err;
}

static int ext2_write_end(struct file *file, struct address_space *mapping, loff_t pos,
			  unsigned len, unsigned copied, struct page *page, void *fsdata)
{
	struct inode *inode = mapping->host;
	loff_t old = i_size_read(inode);
	int ret;

	ret = generic_write_end(file, mapping, pos, len, copied, page, fsdata);
	if (i_size_read(inode) != old)
		mark_inode_dirty(inode);
	if ((unsigned)ret < len && pos + len > i_size_read(inode))
		ext2_write_failed(inode);
	return ret;
}

static void ext2_readahead(struct readahead_control *rac)
{
	mpage_readahead(rac, ext2_get_block);
}

static sector_t ext2_bmap(struct address_space *mapping, sector_t block)
{
	return generic_block_bmap(mapping, block, ext2_get_block);
}

/* O_DIRECT: a write that failed may have allocated blocks past the end. */
static int ext2_direct_IO(struct kiocb *iocb, struct iov_iter *iter)
{
	struct inode *inode = iocb->ki_filp->f_mapping->host;
	ssize_t ret = blockdev_direct_IO(iocb, inode, iter, ext2_get_block);

	if (ret < 0 && iter->data_source == ITER_SOURCE)
		ext2_write_failed(inode);
	return (int)ret;
}

const struct address_space_operations ext2_aops = {
	.read_folio = ext2_read_folio,
	.readahead = ext2_readahead,
	.writepage = ext2_writepage,
	.writepages = ext2_writepages,
	.write_begin = ext2_write_begin,
	.write_end = ext2_write_end,
	.bmap = ext2_bmap,
	.direct_IO = ext2_direct_IO,
	.dirty_folio = block_dirty_folio,
	.invalidate_folio = block_invalidate_folio,
	.is_partially_uptodate = block_is_partially_uptodate,
	.migrate_folio = buffer_migrate_folio,
	.error_remove_page = generic_error_remove_page,
};
