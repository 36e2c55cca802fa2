/*
 * Multi-page reads for get_block filesystems (fs/buffer_head.h): the
 * ->readahead helper mpage_readahead. Each folio of the batch has its
 * blocks mapped with get_block; a folio whose blocks lie one after the
 * other on the device (with holes only at its end) joins the bio of the
 * previous folio when it continues it on the device, so a file laid out
 * contiguously is read with a few large bios and no buffer heads. A folio
 * that does not fit that shape (blocks out of order, a hole before a
 * mapped block, buffers attached already, an error) is read by
 * block_read_full_folio instead.
 *
 * Completion (mpage_end_io, any context): each folio of the bio becomes
 * uptodate (or gets PG_error) and is unlocked; its lock was handed off by
 * the readahead code before ->readahead was called.
 *
 * Locks: the folios of the batch are locked by the caller; get_block may
 * sleep and take the filesystem's own locks and the block device's folio
 * locks (metadata): no folio lock is on the lockdep stack here.
 */
#include "fs/buffer_head.h"
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/pagemap.h"

#define MPAGE_MAX_VECS	64	/* folios per bio */

/* The bio being built and where its next block must lie to join it. */
struct mpage_state {
	struct bio *bio;
	struct block_device *bdev;	/* of bio */
	sector_t next_block;		/* device block (b_size units) after bio's last */
	unsigned blkbits;
};

static void mpage_end_io(struct bio *bio)
{
	for (unsigned i = 0; i < bio->bi_vcnt; i++) {
		struct folio *folio = page_folio(bio->bi_io_vec[i].bv_page);

		if (!bio->bi_status)
			folio_mark_uptodate(folio);
		else
			folio_set_error(folio);
		folio_unlock(folio);
	}
	bio_put(bio);
}

static void mpage_submit(struct mpage_state *st)
{
	if (st->bio)
		submit_bio(st->bio);
	st->bio = NULL;
}

/*
 * Read one locked folio: by the current bio, a new one, or
 * block_read_full_folio. Unlocks it (at completion or now).
 */
static void mpage_read_one(struct mpage_state *st, struct folio *folio, get_block_t *get_block)
{
	struct inode *inode = folio->mapping->host;
	unsigned blkbits = inode->i_blkbits;
	unsigned per_page = (unsigned)(PAGE_SIZE >> blkbits);
	sector_t iblock = (sector_t)folio->index << (PAGE_SHIFT - blkbits);
	sector_t last_block = ((sector_t)i_size_read(inode) + (1U << blkbits) - 1) >> blkbits;
	struct block_device *bdev = NULL;
	sector_t first = 0;
	unsigned nr_mapped = 0;
	struct buffer_head bh;

	if (folio_buffers(folio))
		goto confused;
	for (unsigned i = 0; i < per_page; i++, iblock++) {
		memset(&bh, 0, sizeof(bh));
		bh.b_size = 1U << blkbits;
		if (iblock < last_block && get_block(inode, iblock, &bh, 0))
			goto confused;
		if (!buffer_mapped(&bh))		/* a hole (or past the end) */
			continue;
		if (nr_mapped != i)			/* mapped after a hole */
			goto confused;
		if (i == 0) {
			first = bh.b_blocknr;
			bdev = bh.b_bdev;
		} else if (bh.b_blocknr != first + i || bh.b_bdev != bdev) {
			goto confused;
		}
		nr_mapped++;
	}
	if (!nr_mapped) {				/* all a hole */
		folio_zero_segment(folio, 0, PAGE_SIZE);
		folio_mark_uptodate(folio);
		folio_unlock(folio);
		return;
	}
	if (nr_mapped < per_page)
		folio_zero_segment(folio, nr_mapped << blkbits, PAGE_SIZE);
	if (st->bio && (st->bdev != bdev || st->next_block != first || st->blkbits != blkbits))
		mpage_submit(st);
	for (int tries = 0; tries < 2; tries++) {
		if (!st->bio) {
			st->bio = bio_alloc(bdev, MPAGE_MAX_VECS, REQ_OP_READ, GFP_KERNEL | __GFP_NORETRY);
			if (!st->bio)
				goto confused;
			st->bio->bi_sector = first << (blkbits - SECTOR_SHIFT);
			st->bio->bi_end_io = mpage_end_io;
			st->bdev = bdev;
			st->blkbits = blkbits;
		}
		if (bio_add_page(st->bio, &folio->page, nr_mapped << blkbits, 0)) {
			st->next_block = first + nr_mapped;
			if (nr_mapped < per_page)	/* a hole follows: nothing joins */
				mpage_submit(st);
			return;
		}
		mpage_submit(st);			/* full: a new one */
	}
confused:
	mpage_submit(st);
	block_read_full_folio(folio, get_block);
}

void mpage_readahead(struct readahead_control *rac, get_block_t *get_block)
{
	struct mpage_state st = { 0 };
	struct folio *folio;

	might_sleep();
	while ((folio = readahead_folio(rac)))
		mpage_read_one(&st, folio, get_block);
	mpage_submit(&st);
}
