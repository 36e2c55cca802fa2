/*
 * Buffer heads (fs/buffer_head.h): the buffer cache over a block device's
 * page cache (__getblk, __bread, mark_buffer_dirty, sync_dirty_buffer,
 * brelse), buffer I/O (submit_bh and its completions), and the
 * address_space helpers of get_block filesystems and block devices
 * (block_read_full_folio, block_write_full_folio, block_write_begin,
 * generic_write_end, block_invalidate_folio).
 *
 * Above: fs/block_dev.c (def_blk_aops), filesystems. Below: the page cache
 * (folios, the folio lock, writeback state) and the block layer (bios).
 *
 * Completions: a folio's read or writeback may be several buffers in
 * flight. Every one of them is marked (BH_Async_Read/BH_Async_Write)
 * before the first is submitted; each completion clears its mark under
 * bh_async_lock and looks whether any mark is left in the folio's ring,
 * so exactly one - the last - finishes the folio (unlocks it after a read,
 * ends its writeback after a write).
 *
 * Locks: bh_async_lock (a spinlock taken with IRQs off; a leaf but for
 * the wait-queue lock unlock_buffer wakes under it). The folio lock is
 * held while a folio's buffers are made or freed. Memory for buffers and
 * bios is taken with __GFP_NORETRY: the shrinkers (which may evict inodes
 * and lock their folios) never run under a folio lock from here.
 */
#include "fs/buffer_head.h"
#include "drivers/block/blkdev.h"
#include "fs/lockrules/lockrules.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sched/wait_bit.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/preempt.h"
#include "mm/vmscan.h"
#include "mm/pagemap.h"
#include "mm/migrate.h"
#include "mm/slab.h"

#define GFP_NOIO	(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN)
#define MAX_BUF_PER_PAGE (PAGE_SIZE / SECTOR_SIZE)

static DEFINE_SPINLOCK(bh_async_lock);

static unsigned blksize_bits(unsigned long size)
{
	return (unsigned)__builtin_ctzl(size);
}

/* ------------------------------------------------------------ locking */

void lock_buffer(struct buffer_head *bh)
{
	might_sleep();
	wait_on_bit_lock(&bh->b_state, BH_Lock, "buffer_lock");
}

bool trylock_buffer(struct buffer_head *bh)
{
	return !test_set_buffer_locked(bh);
}

void unlock_buffer(struct buffer_head *bh)
{
	clear_buffer_locked(bh);		/* a full barrier, before the wakeup */
	wake_up_bit(&bh->b_state, BH_Lock);
}

void wait_on_buffer(struct buffer_head *bh)
{
	might_sleep();
	wait_on_bit(&bh->b_state, BH_Lock, "buffer_wait");
}

void brelse(struct buffer_head *bh)
{
	if (!bh)
		return;
	if (WARN_ON(__atomic_load_n(&bh->b_count, __ATOMIC_RELAXED) <= 0))
		return;
	put_bh(bh);
}

/* ------------------------------------------------------------ I/O */

/* The checked call of b_end_io (the seed's buffer_head table). The caller
 * has IRQs off. */
static void call_b_end_io(struct buffer_head *bh, int uptodate)
{
	struct lr_observed o = { 0 };

	lockrule_check(LR_OP_buffer_head_b_end_io, &o);
	bh->b_end_io(bh, uptodate);
}

/*
 * A buffer's bio completed: usually the device's interrupt; a driver that
 * completes in the submitter's context (the RAM disk, errors found at
 * submission) runs this with IRQs on, so they are turned off here: b_end_io
 * always runs atomic, as the seed's row says.
 */
static void end_bio_bh_io_sync(struct bio *bio)
{
	struct buffer_head *bh = bio->bi_private;
	int uptodate = !bio->bi_status;
	unsigned long flags;

	bio_put(bio);
	local_irq_save(flags);
	call_b_end_io(bh, uptodate);
	local_irq_restore(flags);
}

void submit_bh(unsigned opf, struct buffer_head *bh)
{
	struct bio *bio;

	BUG_ON(!buffer_locked(bh) || !buffer_mapped(bh) || !bh->b_end_io);
	if (op_is_write(opf)) {
		set_buffer_req(bh);
		clear_buffer_write_io_error(bh);
	}
	bio = bio_alloc(bh->b_bdev, 1, opf, GFP_NOIO);
	/* Out of memory: a write that fails loses data, so wait a little for
	 * kswapd when sleeping is allowed (no reclaim from here: it could
	 * wait for this very I/O). */
	for (int tries = 0; !bio && tries < 50 && !in_atomic() && !irqs_disabled(); tries++) {
		wakeup_kswapd();
		msleep(2);
		bio = bio_alloc(bh->b_bdev, 1, opf, GFP_NOIO);
	}
	if (!bio) {
		unsigned long flags;

		pr_warn("buffer: no memory for a bio (block %lu)\n", (unsigned long)bh->b_blocknr);
		local_irq_save(flags);
		call_b_end_io(bh, 0);
		local_irq_restore(flags);
		return;
	}
	bio->bi_sector = bh->b_blocknr * (bh->b_size >> SECTOR_SHIFT);
	bio_add_page(bio, &bh->b_folio->page, (unsigned)bh->b_size, (unsigned)bh_offset(bh));
	bio->bi_end_io = end_bio_bh_io_sync;
	bio->bi_private = bh;
	submit_bio(bio);
}

void end_buffer_read_sync(struct buffer_head *bh, int uptodate)
{
	if (uptodate)
		set_buffer_uptodate(bh);
	else
		clear_buffer_uptodate(bh);
	unlock_buffer(bh);
	put_bh(bh);
}

void end_buffer_write_sync(struct buffer_head *bh, int uptodate)
{
	if (uptodate) {
		set_buffer_uptodate(bh);
	} else {
		set_buffer_write_io_error(bh);
		clear_buffer_uptodate(bh);
		if (bh->b_folio->mapping)
			mapping_set_error(bh->b_folio->mapping, -EIO);
	}
	unlock_buffer(bh);
	put_bh(bh);
}

/* Clear bh's mark (bit) and say whether it was the folio's last one. */
static bool async_io_done(struct buffer_head *bh, int bit)
{
	struct buffer_head *tmp = bh;
	unsigned long flags;
	bool last = true;

	spin_lock_irqsave(&bh_async_lock, flags);
	__atomic_fetch_and(&bh->b_state, ~(1UL << bit), __ATOMIC_SEQ_CST);
	unlock_buffer(bh);
	do {
		if (tmp->b_state & (1UL << bit))
			last = false;
		tmp = tmp->b_this_page;
	} while (tmp != bh);
	spin_unlock_irqrestore(&bh_async_lock, flags);
	return last;
}

/* b_end_io of the buffers of block_read_full_folio. */
static void end_buffer_async_read(struct buffer_head *bh, int uptodate)
{
	struct folio *folio = bh->b_folio;
	struct buffer_head *tmp;
	bool all_uptodate = true;

	if (uptodate) {
		set_buffer_uptodate(bh);
	} else {
		clear_buffer_uptodate(bh);
		folio_set_error(folio);
	}
	if (!async_io_done(bh, BH_Async_Read))
		return;
	tmp = bh;
	do {
		if (!buffer_uptodate(tmp))
			all_uptodate = false;
		tmp = tmp->b_this_page;
	} while (tmp != bh);
	if (all_uptodate && !folio_test_error(folio))
		folio_mark_uptodate(folio);
	folio_unlock(folio);
}

/* b_end_io of the buffers of block_write_full_folio. */
static void end_buffer_async_write(struct buffer_head *bh, int uptodate)
{
	struct folio *folio = bh->b_folio;

	if (uptodate) {
		set_buffer_uptodate(bh);
	} else {
		set_buffer_write_io_error(bh);
		clear_buffer_uptodate(bh);
		folio_set_error(folio);
		if (folio->mapping)
			mapping_set_error(folio->mapping, -EIO);
	}
	if (async_io_done(bh, BH_Async_Write))
		folio_end_writeback(folio);
}

/* ------------------------------------------------------------ a folio's buffers */

struct buffer_head *folio_create_empty_buffers(struct folio *folio, unsigned long blocksize,
					       unsigned long b_state)
{
	struct buffer_head *head = folio_buffers(folio), *bh, *prev = NULL;
	unsigned n = (unsigned)(PAGE_SIZE / blocksize);

	WARN_ON(!folio_test_locked(folio));
	if (head)
		return head;
	for (unsigned i = n; i-- > 0;) {		/* built from the end */
		bh = kzalloc(sizeof(*bh), GFP_NOIO);
		if (!bh)
			goto out_free;
		bh->b_folio = folio;
		bh->b_size = blocksize;
		bh->b_data = (char *)folio_address(folio) + i * blocksize;
		bh->b_state = b_state;
		bh->b_this_page = prev;
		prev = bh;
	}
	head = prev;
	for (bh = head; bh->b_this_page; bh = bh->b_this_page)
		;
	bh->b_this_page = head;			/* close the ring */
	folio_attach_private(folio, head);
	return head;
out_free:
	while (prev) {
		bh = prev->b_this_page;
		kfree(prev);
		prev = bh;
	}
	return NULL;
}

bool try_to_free_buffers(struct folio *folio)
{
	struct buffer_head *head = folio_buffers(folio), *bh;

	WARN_ON(!folio_test_locked(folio));
	if (!head)
		return true;
	if (folio_test_writeback(folio))
		return false;
	bh = head;
	do {
		if (__atomic_load_n(&bh->b_count, __ATOMIC_ACQUIRE) || buffer_dirty(bh) ||
		    buffer_locked(bh))
			return false;
		bh = bh->b_this_page;
	} while (bh != head);
	folio_detach_private(folio);
	bh = head;
	do {
		struct buffer_head *next = bh->b_this_page;

		kfree(bh);
		bh = next;
	} while (bh != head);
	return true;
}

/* ------------------------------------------------------------ the buffer cache */

/* Map the buffers of the folio at index of bdev's cache to their blocks. */
static void map_bdev_buffers(struct folio *folio, struct block_device *bdev, unsigned size)
{
	struct buffer_head *head = folio_buffers(folio), *bh = head;
	sector_t block = (sector_t)folio->index * (PAGE_SIZE / size);
	bool uptodate = folio_test_uptodate(folio);

	do {
		if (!buffer_mapped(bh)) {
			bh->b_bdev = bdev;
			bh->b_blocknr = block;
			set_buffer_mapped(bh);
		}
		if (uptodate)
			set_buffer_uptodate(bh);
		block++;
		bh = bh->b_this_page;
	} while (bh != head);
}

struct buffer_head *__getblk(struct block_device *bdev, sector_t block, unsigned size)
{
	struct address_space *mapping = bdev->bd_inode->i_mapping;
	unsigned per_page = (unsigned)(PAGE_SIZE / size);
	struct buffer_head *head, *bh = NULL;
	struct folio *folio;

	might_sleep();
	if (size < SECTOR_SIZE || size > PAGE_SIZE || (size & (size - 1)))
		return NULL;
	folio = __filemap_get_folio(mapping, (unsigned long)(block / per_page),
				    FGP_LOCK | FGP_CREAT, GFP_KERNEL);
	if (IS_ERR(folio))
		return NULL;
	head = folio_buffers(folio);
	if (head && head->b_size != size && !try_to_free_buffers(folio)) {
		pr_warn("buffer: block %lu of size %u: its page is in use with %lu-byte buffers\n",
			(unsigned long)block, size, (unsigned long)head->b_size);
		goto out_unlock;
	}
	head = folio_create_empty_buffers(folio, size, 0);
	if (!head)
		goto out_unlock;
	map_bdev_buffers(folio, bdev, size);
	bh = head;
	for (unsigned i = (unsigned)(block % per_page); i; i--)
		bh = bh->b_this_page;
	get_bh(bh);
out_unlock:
	folio_unlock(folio);
	folio_put(folio);
	return bh;
}

struct buffer_head *__bread(struct block_device *bdev, sector_t block, unsigned size)
{
	struct buffer_head *bh = __getblk(bdev, block, size);

	if (!bh || buffer_uptodate(bh))
		return bh;
	lock_buffer(bh);
	if (buffer_uptodate(bh)) {
		unlock_buffer(bh);
		return bh;
	}
	get_bh(bh);
	bh->b_end_io = end_buffer_read_sync;
	submit_bh(REQ_OP_READ, bh);
	wait_on_buffer(bh);
	if (buffer_uptodate(bh))
		return bh;
	brelse(bh);
	return NULL;
}

void mark_buffer_dirty(struct buffer_head *bh)
{
	struct folio *folio = bh->b_folio;

	if (buffer_dirty(bh) || test_set_buffer_dirty(bh))
		return;
	if (folio->mapping)
		filemap_dirty_folio(folio->mapping, folio);
	else
		folio_set_dirty(folio);
}

int sync_dirty_buffer(struct buffer_head *bh)
{
	might_sleep();
	lock_buffer(bh);
	if (!test_clear_buffer_dirty(bh)) {
		unlock_buffer(bh);
		return 0;
	}
	get_bh(bh);
	bh->b_end_io = end_buffer_write_sync;
	submit_bh(REQ_OP_WRITE | REQ_SYNC, bh);
	wait_on_buffer(bh);
	return buffer_uptodate(bh) ? 0 : -EIO;
}

/* ------------------------------------------------------------ a_ops helpers */

/* The folio's buffers, made with the inode's block size if it has none. */
static struct buffer_head *folio_buffers_or_create(struct folio *folio, struct inode *inode,
						   unsigned long b_state)
{
	return folio_create_empty_buffers(folio, 1UL << inode->i_blkbits, b_state);
}

/* Start the marked reads of a folio (read_folio): lock and mark all, then
 * submit (so no completion sees an unmarked sibling). */
static void submit_folio_reads(struct buffer_head **arr, unsigned nr)
{
	for (unsigned i = 0; i < nr; i++) {
		lock_buffer(arr[i]);
		arr[i]->b_end_io = end_buffer_async_read;
		set_buffer_async_read(arr[i]);
	}
	for (unsigned i = 0; i < nr; i++) {
		if (buffer_uptodate(arr[i]))	/* a __bread raced us */
			end_buffer_async_read(arr[i], 1);
		else
			submit_bh(REQ_OP_READ, arr[i]);
	}
}

int block_read_full_folio(struct folio *folio, get_block_t *get_block)
{
	struct inode *inode = folio->mapping->host;
	struct buffer_head *arr[MAX_BUF_PER_PAGE], *head, *bh;
	unsigned bbits, nr = 0;
	sector_t iblock, lblock;

	head = folio_buffers_or_create(folio, inode, 0);
	if (!head) {
		folio_unlock(folio);
		return -ENOMEM;
	}
	bbits = blksize_bits(head->b_size);
	iblock = (sector_t)folio->index << (PAGE_SHIFT - bbits);
	lblock = ((sector_t)i_size_read(inode) + head->b_size - 1) >> bbits;
	bh = head;
	do {
		if (buffer_uptodate(bh))
			continue;
		if (!buffer_mapped(bh)) {
			int err = 0;

			if (iblock < lblock) {
				err = get_block(inode, iblock, bh, 0);
				if (err)
					folio_set_error(folio);
			}
			if (!buffer_mapped(bh)) {	/* a hole, or past the end */
				memset(bh->b_data, 0, bh->b_size);
				if (!err)
					set_buffer_uptodate(bh);
				continue;
			}
			if (buffer_uptodate(bh))
				continue;
		}
		arr[nr++] = bh;
	} while (iblock++, (bh = bh->b_this_page) != head);

	if (!nr) {
		if (!folio_test_error(folio))
			folio_mark_uptodate(folio);
		folio_unlock(folio);
		return 0;
	}
	submit_folio_reads(arr, nr);
	return 0;
}

/* Map the dirty buffers of the folio that need it (writeback); the blocks
 * past the end of the file are clean and uptodate. */
static int map_dirty_buffers(struct folio *folio, struct inode *inode, get_block_t *get_block)
{
	struct buffer_head *head = folio_buffers(folio), *bh = head;
	unsigned bbits = blksize_bits(head->b_size);
	sector_t block = (sector_t)folio->index << (PAGE_SHIFT - bbits);
	sector_t last_block = ((sector_t)i_size_read(inode) - 1) >> bbits;
	int err;

	do {
		if (block > last_block) {
			clear_buffer_dirty(bh);
			set_buffer_uptodate(bh);
		} else if (!buffer_mapped(bh) && buffer_dirty(bh)) {
			err = get_block(inode, block, bh, 1);
			if (err)
				return err;
			if (buffer_new(bh))
				clean_bdev_aliases(bh->b_bdev, bh->b_blocknr, 1, bh->b_size);
			clear_buffer_new(bh);
		}
		block++;
		bh = bh->b_this_page;
	} while (bh != head);
	return 0;
}

/* Lock the dirty mapped buffers and mark them for writeback; the rest go
 * back unlocked. A non-sync writeback skips (and redirties) busy ones. */
static void mark_dirty_buffers(struct folio *folio, struct writeback_control *wbc)
{
	struct buffer_head *head = folio_buffers(folio), *bh = head;

	do {
		if (!buffer_mapped(bh))
			continue;
		if (wbc->sync_mode != WB_SYNC_NONE) {
			lock_buffer(bh);
		} else if (!trylock_buffer(bh)) {
			folio_redirty_for_writepage(wbc, folio);
			continue;
		}
		if (test_clear_buffer_dirty(bh)) {
			bh->b_end_io = end_buffer_async_write;
			set_buffer_async_write(bh);
		} else {
			unlock_buffer(bh);
		}
	} while ((bh = bh->b_this_page) != head);
}

int block_write_full_folio(struct folio *folio, get_block_t *get_block,
			   struct writeback_control *wbc)
{
	struct inode *inode = folio->mapping->host;
	loff_t isize = i_size_read(inode);
	unsigned long end_index = (unsigned long)(isize >> PAGE_SHIFT);
	struct buffer_head *head, *bh;
	unsigned nr = 0;
	int err;

	if (folio->index > end_index || (folio->index == end_index && !(isize & (PAGE_SIZE - 1)))) {
		block_invalidate_folio(folio, 0, folio_size(folio));	/* wholly past the end */
		folio_unlock(folio);
		return 0;
	}
	if (folio->index == end_index)
		folio_zero_segment(folio, isize & (PAGE_SIZE - 1), PAGE_SIZE);
	head = folio_buffers_or_create(folio, inode, (1UL << BH_Dirty) | (1UL << BH_Uptodate));
	err = head ? map_dirty_buffers(folio, inode, get_block) : -ENOMEM;
	if (err) {
		folio_set_error(folio);
		mapping_set_error(folio->mapping, err);
		folio_unlock(folio);
		return err;
	}
	mark_dirty_buffers(folio, wbc);
	folio_start_writeback(folio);
	bh = head;
	do {
		struct buffer_head *next = bh->b_this_page;

		if (buffer_async_write(bh)) {
			submit_bh(REQ_OP_WRITE | (wbc->sync_mode == WB_SYNC_ALL ? REQ_SYNC : 0), bh);
			nr++;
		}
		bh = next;
	} while (bh != head);
	folio_unlock(folio);
	if (!nr)
		folio_end_writeback(folio);	/* nothing was dirty after all */
	return 0;
}

/* A block get_block just allocated: zero what the write will not cover. */
static void zero_new_block(struct folio *folio, struct buffer_head *bh, size_t start,
			   size_t from, size_t to)
{
	size_t end = start + bh->b_size;

	if (from > start)
		folio_zero_segment(folio, start, MIN(from, end));
	if (to < end)
		folio_zero_segment(folio, MAX(to, start), end);
	clear_buffer_new(bh);
	set_buffer_uptodate(bh);
}

/* Map the blocks of [from, to) of the locked folio and read those it only
 * partly covers. 0, -EIO, or get_block's error. */
static int __block_write_begin(struct folio *folio, size_t from, size_t to,
			       get_block_t *get_block)
{
	struct inode *inode = folio->mapping->host;
	struct buffer_head *wait[MAX_BUF_PER_PAGE], *head, *bh;
	unsigned nr_wait = 0, bbits;
	size_t start = 0;
	sector_t block;
	int err = 0;

	head = folio_buffers_or_create(folio, inode, 0);
	if (!head)
		return -ENOMEM;
	bbits = blksize_bits(head->b_size);
	block = (sector_t)folio->index << (PAGE_SHIFT - bbits);
	for (bh = head; !err; block++, start += bh->b_size, bh = bh->b_this_page) {
		bool uptodate = folio_test_uptodate(folio);

		if (bh == head && start)
			break;
		if (start + bh->b_size <= from || start >= to) {
			if (uptodate)
				set_buffer_uptodate(bh);
			continue;
		}
		if (!buffer_mapped(bh)) {
			err = get_block(inode, block, bh, 1);
			if (err)
				continue;
			if (buffer_new(bh)) {
				clean_bdev_aliases(bh->b_bdev, bh->b_blocknr, 1, bh->b_size);
				if (uptodate) {
					clear_buffer_new(bh);
					set_buffer_uptodate(bh);
					mark_buffer_dirty(bh);
				} else {
					zero_new_block(folio, bh, start, from, to);
				}
				continue;
			}
		}
		if (uptodate || buffer_uptodate(bh)) {
			set_buffer_uptodate(bh);
			continue;
		}
		if (start < from || start + bh->b_size > to) {
			lock_buffer(bh);
			if (buffer_uptodate(bh)) {
				unlock_buffer(bh);
				continue;
			}
			get_bh(bh);
			bh->b_end_io = end_buffer_read_sync;
			submit_bh(REQ_OP_READ, bh);
			wait[nr_wait++] = bh;
		}
	}
	for (unsigned i = 0; i < nr_wait; i++) {
		wait_on_buffer(wait[i]);
		if (!buffer_uptodate(wait[i]))
			err = -EIO;
	}
	return err;
}

int block_write_begin(struct address_space *mapping, loff_t pos, unsigned len,
		      struct page **pagep, get_block_t *get_block)
{
	size_t from = pos & (PAGE_SIZE - 1);
	struct folio *folio;
	int err;

	folio = __filemap_get_folio(mapping, (unsigned long)(pos >> PAGE_SHIFT),
				    FGP_LOCK | FGP_WRITE | FGP_CREAT, GFP_KERNEL);
	if (IS_ERR(folio))
		return (int)PTR_ERR(folio);
	err = __block_write_begin(folio, from, from + len, get_block);
	if (err) {
		folio_unlock(folio);
		folio_put(folio);
		return err;
	}
	*pagep = &folio->page;
	return 0;
}

/* The bytes [from, to) of the locked folio are written: those buffers are
 * uptodate and dirty; the folio is uptodate once all its buffers are. */
static void block_commit_write(struct folio *folio, size_t from, size_t to)
{
	struct buffer_head *head = folio_buffers(folio), *bh = head;
	bool partial = false;
	size_t start = 0;

	do {
		size_t end = start + bh->b_size;

		if (end <= from || start >= to) {
			if (!buffer_uptodate(bh))
				partial = true;
		} else {
			set_buffer_uptodate(bh);
			mark_buffer_dirty(bh);
		}
		clear_buffer_new(bh);
		start = end;
		bh = bh->b_this_page;
	} while (bh != head);
	if (!partial)
		folio_mark_uptodate(folio);
}

int generic_write_end(struct file *file, struct address_space *mapping, loff_t pos,
		      unsigned len, unsigned copied, struct page *page, void *fsdata)
{
	struct folio *folio = page_folio(page);
	struct inode *inode = mapping->host;
	size_t from = pos & (PAGE_SIZE - 1);

	if (copied < len && !folio_test_uptodate(folio))
		copied = 0;		/* the rest of the blocks may be junk: retry */
	if (copied)
		block_commit_write(folio, from, from + copied);
	if (pos + copied > i_size_read(inode))
		i_size_write(inode, pos + copied);
	folio_unlock(folio);
	folio_put(folio);
	return (int)copied;
}

/* Forget a buffer's mapping and dirty state (truncate). */
static void discard_buffer(struct buffer_head *bh)
{
	lock_buffer(bh);
	clear_buffer_dirty(bh);
	bh->b_bdev = NULL;
	clear_buffer_mapped(bh);
	clear_buffer_req(bh);
	clear_buffer_new(bh);
	unlock_buffer(bh);
}

void block_invalidate_folio(struct folio *folio, size_t offset, size_t length)
{
	struct buffer_head *head = folio_buffers(folio), *bh;
	size_t start = 0, stop = offset + length;

	WARN_ON(!folio_test_locked(folio));
	if (!head)
		return;
	bh = head;
	do {
		size_t end = start + bh->b_size;

		if (end > stop)
			break;
		if (offset <= start)
			discard_buffer(bh);
		start = end;
		bh = bh->b_this_page;
	} while (bh != head);
	if (length == folio_size(folio))
		filemap_release_folio(folio, 0);
}

bool block_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	struct buffer_head *head = folio_buffers(folio), *bh = head;

	if (head) {
		do {
			set_buffer_dirty(bh);
			bh = bh->b_this_page;
		} while (bh != head);
	}
	return filemap_dirty_folio(mapping, folio);
}

/* ------------------------------------------------------------ more get_block helpers */

/* The buffer of bdev's cache for block (of size bytes) in the folio, or
 * NULL. Folio locked. */
static struct buffer_head *folio_block_buffer(struct folio *folio, sector_t block, size_t size)
{
	struct buffer_head *head = folio_buffers(folio), *bh = head;

	if (!head || head->b_size != size)
		return NULL;
	do {
		if (buffer_mapped(bh) && bh->b_blocknr == block)
			return bh;
		bh = bh->b_this_page;
	} while (bh != head);
	return NULL;
}

void clean_bdev_aliases(struct block_device *bdev, sector_t block, sector_t len, size_t size)
{
	struct address_space *mapping = bdev->bd_inode->i_mapping;
	unsigned per_page = (unsigned)(PAGE_SIZE / size);

	might_sleep();
	for (sector_t b = block; b < block + len; b++) {
		struct folio *folio = filemap_get_folio(mapping, (unsigned long)(b / per_page));
		struct buffer_head *bh;

		if (IS_ERR(folio))
			continue;
		/* The caller may hold a folio lock of its file: a file's
		 * folios come before the block device's. */
		folio_lock(folio);
		if (folio->mapping == mapping && (bh = folio_block_buffer(folio, b, size))) {
			clear_buffer_dirty(bh);
			wait_on_buffer(bh);		/* a write already started */
			clear_buffer_req(bh);
		}
		folio_unlock(folio);
		folio_put(folio);
	}
}

sector_t generic_block_bmap(struct address_space *mapping, sector_t block,
			    get_block_t *get_block)
{
	struct inode *inode = mapping->host;
	struct buffer_head tmp = { .b_size = 1UL << inode->i_blkbits };

	might_sleep();
	if (get_block(inode, block, &tmp, 0) || !buffer_mapped(&tmp))
		return 0;
	return tmp.b_blocknr;
}

bool block_is_partially_uptodate(struct folio *folio, size_t from, size_t count)
{
	struct buffer_head *head = folio_buffers(folio), *bh;
	size_t start = 0, to;

	if (!head || from >= folio_size(folio))
		return false;
	to = MIN(from + count, folio_size(folio));
	bh = head;
	do {
		size_t end = start + bh->b_size;

		if (end > from && start < to && !buffer_uptodate(bh))
			return false;
		if (end >= to)
			break;
		start = end;
		bh = bh->b_this_page;
	} while (bh != head);
	return true;
}

/*
 * ->migrate_folio with buffers: every buffer must be idle (no user, not
 * locked; they are locked here for the move); then the data, the flags,
 * the place in the mapping and the buffers themselves move to dst.
 */
int buffer_migrate_folio(struct address_space *mapping, struct folio *dst,
			 struct folio *src, enum migrate_mode mode)
{
	struct buffer_head *head = folio_buffers(src), *bh;
	int err;

	if (!head)
		return filemap_migrate_folio(mapping, dst, src, mode);
	bh = head;
	do {
		if (__atomic_load_n(&bh->b_count, __ATOMIC_ACQUIRE) || !trylock_buffer(bh)) {
			while (head != bh) {
				unlock_buffer(head);
				head = head->b_this_page;
			}
			return -EAGAIN;
		}
		bh = bh->b_this_page;
	} while (bh != head);
	folio_migrate_copy(dst, src);
	err = folio_migrate_mapping(mapping, dst, src, 0);
	if (err) {
		__atomic_fetch_and(&dst->page.flags, ~((1UL << PG_uptodate) | (1UL << PG_error) |
				   (1UL << PG_referenced) | (1UL << PG_active)), __ATOMIC_SEQ_CST);
		goto out_unlock;
	}
	folio_attach_private(dst, folio_detach_private(src));
	bh = head;
	do {
		size_t off = (size_t)(bh->b_data - (char *)folio_address(src));

		bh->b_folio = dst;
		bh->b_data = (char *)folio_address(dst) + off;
		bh = bh->b_this_page;
	} while (bh != head);
out_unlock:
	bh = head;
	do {
		struct buffer_head *next = bh->b_this_page;

		unlock_buffer(bh);
		bh = next;
	} while (bh != head);
	return err;
}

int block_zero_range(struct address_space *mapping, loff_t from, loff_t to,
		     get_block_t *get_block)
{
	struct inode *inode = mapping->host;
	unsigned blocksize = 1U << inode->i_blkbits;
	size_t offset = (size_t)(from & (PAGE_SIZE - 1));
	size_t start;
	sector_t iblock;
	struct buffer_head *bh;
	struct folio *folio;
	int err = 0;

	might_sleep();
	if (from >= to)
		return 0;
	if (WARN_ON((from >> inode->i_blkbits) != ((to - 1) >> inode->i_blkbits)))
		return -EINVAL;			/* not inside one block */
	iblock = (sector_t)(from >> inode->i_blkbits);
	folio = __filemap_get_folio(mapping, (unsigned long)(from >> PAGE_SHIFT),
				    FGP_LOCK | FGP_CREAT, GFP_KERNEL);
	if (IS_ERR(folio))
		return (int)PTR_ERR(folio);
	bh = folio_buffers_or_create(folio, inode, 0);
	if (!bh) {
		err = -ENOMEM;
		goto out;
	}
	for (start = blocksize; start <= offset; start += blocksize)
		bh = bh->b_this_page;
	if (!buffer_mapped(bh)) {
		err = get_block(inode, iblock, bh, 0);
		if (err || !buffer_mapped(bh))
			goto out;		/* a hole stays a hole: zeros already */
	}
	if (folio_test_uptodate(folio))
		set_buffer_uptodate(bh);
	if (!buffer_uptodate(bh)) {
		lock_buffer(bh);
		if (!buffer_uptodate(bh)) {
			get_bh(bh);
			bh->b_end_io = end_buffer_read_sync;
			submit_bh(REQ_OP_READ, bh);
			wait_on_buffer(bh);
			if (!buffer_uptodate(bh)) {
				err = -EIO;
				goto out;
			}
		} else {
			unlock_buffer(bh);
		}
	}
	folio_zero_segment(folio, offset, offset + (size_t)(to - from));
	mark_buffer_dirty(bh);
out:
	folio_unlock(folio);
	folio_put(folio);
	return err;
}

int block_truncate_page(struct address_space *mapping, loff_t from, get_block_t *get_block)
{
	loff_t blocksize = (loff_t)1 << mapping->host->i_blkbits;

	/* On a block boundary: nothing to zero. */
	return block_zero_range(mapping, from, (from + blocksize - 1) & ~(blocksize - 1),
				get_block);
}
