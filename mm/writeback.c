/*
 * Dirty folios and writing them back (mm/pagemap.h).
 *
 * A folio becomes dirty through folio_mark_dirty() (->dirty_folio, or
 * filemap_dirty_folio): PG_dirty and the DIRTY tag in i_pages. Writeback
 * of a range walks the DIRTY tag: each folio is locked, its PG_dirty is
 * cleared (folio_clear_dirty_for_io) and it goes to ->writepage, which
 * starts the write (folio_start_writeback: WRITEBACK tag, DIRTY tag gone
 * unless redirtied) and unlocks it; the completion calls
 * folio_end_writeback. Waiting for a range walks the WRITEBACK tag.
 *
 * There is no background flusher: dirty folios stay until someone writes
 * them (fsync, close of a block device, sync_blockdev, BLKFLSBUF).
 *
 * Locks: the folio lock around dirty->writeback; i_pages_lock (IRQs off)
 * for the tags, from process context and from completions.
 */
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/inode.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

static void mapping_tag(struct address_space *mapping, struct folio *folio,
			unsigned tag, bool set)
{
	unsigned long flags;

	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	if (folio->mapping == mapping) {
		if (set)
			radix_tree_tag_set(&mapping->i_pages, folio->index, tag);
		else
			radix_tree_tag_clear(&mapping->i_pages, folio->index, tag);
	}
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
}

bool mapping_tagged(struct address_space *mapping, unsigned tag)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	ret = radix_tree_tagged(&mapping->i_pages, tag);
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
	return ret;
}

static long nr_dirty;			/* atomic: dirty folios in all page caches */
unsigned long dirty_limit_pages;	/* 0: an eighth of RAM; tests lower it */

unsigned long global_dirty_folios(void)
{
	return (unsigned long)MAX(__atomic_load_n(&nr_dirty, __ATOMIC_RELAXED), 0L);
}

static long nr_writeback;		/* atomic: folios under writeback (swap too) */

unsigned long global_writeback_folios(void)
{
	return (unsigned long)MAX(__atomic_load_n(&nr_writeback, __ATOMIC_RELAXED), 0L);
}

static void account_dirty(long delta)
{
	__atomic_add_fetch(&nr_dirty, delta, __ATOMIC_RELAXED);
}

bool filemap_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	if (folio_test_set_flag(folio, PG_dirty))
		return false;
	account_dirty(1);
	mapping_tag(mapping, folio, PAGECACHE_TAG_DIRTY, true);
	/* After the tag: writeback clears I_DIRTY_PAGES first and sets it
	 * again if the tag is still there. Spinlocks only: no sleeping. */
	if (mapping->host)
		__mark_inode_dirty(mapping->host, I_DIRTY_PAGES);
	return true;
}

void balance_dirty_pages_ratelimited(struct address_space *mapping)
{
	unsigned long limit = READ_ONCE(dirty_limit_pages);

	might_sleep();
	if (global_dirty_folios() > (limit ? limit : totalram_pages() / 8))
		filemap_fdatawrite_range(mapping, 0, LLONG_MAX);
	pagecache_trim(mapping, ~0UL, ~0UL);
}

bool folio_mark_dirty(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;

	if (!mapping)
		return !folio_test_set_flag(folio, PG_dirty);
	if (mapping->a_ops && mapping->a_ops->dirty_folio)
		return call_dirty_folio(mapping, folio);
	return filemap_dirty_folio(mapping, folio);
}

bool folio_clear_dirty_for_io(struct folio *folio)
{
	WARN_ON(!folio_test_locked(folio));
	/* Write-protect it in every shared mapping first: a write after
	 * this point faults (->page_mkwrite) and dirties it again. */
	if (folio_mapped(folio))
		folio_mkclean(folio);
	if (!folio_test_clear_dirty(folio))
		return false;
	if (folio->mapping)
		account_dirty(-1);
	return true;
}

void folio_redirty_for_writepage(struct writeback_control *wbc, struct folio *folio)
{
	wbc->pages_skipped++;
	folio_mark_dirty(folio);
}

void folio_cancel_dirty(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;

	if (folio_test_clear_dirty(folio) && mapping) {
		account_dirty(-1);
		mapping_tag(mapping, folio, PAGECACHE_TAG_DIRTY, false);
	}
}

void folio_start_writeback(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	unsigned long flags;

	WARN_ON(!folio_test_locked(folio));
	WARN_ON(folio_test_set_flag(folio, PG_writeback));
	__atomic_add_fetch(&nr_writeback, 1, __ATOMIC_RELAXED);
	if (!mapping)
		return;
	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	radix_tree_tag_set(&mapping->i_pages, folio->index, PAGECACHE_TAG_WRITEBACK);
	if (!folio_test_dirty(folio))
		radix_tree_tag_clear(&mapping->i_pages, folio->index, PAGECACHE_TAG_DIRTY);
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
}

void folio_end_writeback(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;

	if (mapping)
		mapping_tag(mapping, folio, PAGECACHE_TAG_WRITEBACK, false);
	if (!folio_test_clear_flag(folio, PG_writeback))
		WARN_ON(1);
	else
		__atomic_sub_fetch(&nr_writeback, 1, __ATOMIC_RELAXED);
	folio_wake(folio);
}

void mapping_set_error(struct address_space *mapping, int err)
{
	if (err)
		__atomic_store_n(&mapping->wb_err, err, __ATOMIC_RELEASE);
}

int filemap_check_errors(struct address_space *mapping)
{
	return __atomic_exchange_n(&mapping->wb_err, 0, __ATOMIC_ACQ_REL);
}

/* ------------------------------------------------------------ writing back */

/* Lock the folio found by the dirty walk and make it ready for writepage:
 * false (unlocked) if there is nothing to write after all. */
static bool writeback_prepare(struct address_space *mapping, struct folio *folio,
			      struct writeback_control *wbc)
{
	folio_lock(folio);
	if (folio->mapping != mapping || !folio_test_dirty(folio))
		goto skip;
	if (folio_test_writeback(folio)) {
		if (wbc->sync_mode == WB_SYNC_NONE)
			goto skip;
		folio_wait_writeback(folio);
	}
	if (folio_clear_dirty_for_io(folio))
		return true;
skip:
	folio_unlock(folio);
	return false;
}

int write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,
		      writepage_t writepage, void *data)
{
	unsigned long index = wbc->range_start >> PAGE_SHIFT;
	unsigned long end = wbc->range_end >> PAGE_SHIFT;
	struct folio *folio;
	int ret = 0;

	might_sleep();
	while (wbc->nr_to_write > 0 &&
	       (folio = filemap_next_folio(mapping, &index, PAGECACHE_TAG_DIRTY))) {
		int err;

		if (index > end) {
			folio_put(folio);
			break;
		}
		if (writeback_prepare(mapping, folio, wbc)) {
			err = writepage(folio, wbc, data);	/* unlocks */
			if (err && !ret)
				ret = err;
			wbc->nr_to_write--;
		}
		folio_put(folio);
		if (index == ~0UL)
			break;
		index++;
	}
	return ret;
}

/* ->writepage through the checked call, with errors recorded. */
static int writepage_cb(struct folio *folio, struct writeback_control *wbc, void *data)
{
	struct address_space *mapping = data;
	int err = call_writepage(&folio->page, wbc);

	mapping_set_error(mapping, err);
	return err;
}

int do_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	const struct address_space_operations *a_ops = mapping->a_ops;

	if (a_ops && a_ops->writepages)
		return call_writepages(mapping, wbc);
	if (a_ops && a_ops->writepage)
		return write_cache_pages(mapping, wbc, writepage_cb, mapping);
	return 0;			/* nothing can be written: memory only */
}

int filemap_fdatawrite_range(struct address_space *mapping, loff_t start, loff_t end)
{
	struct writeback_control wbc = {
		.nr_to_write = LONG_MAX, .range_start = start, .range_end = end,
		.sync_mode = WB_SYNC_ALL,
	};

	if (!mapping_tagged(mapping, PAGECACHE_TAG_DIRTY))
		return 0;
	return do_writepages(mapping, &wbc);
}

int filemap_fdatawait_range(struct address_space *mapping, loff_t start, loff_t end)
{
	unsigned long index = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;
	struct folio *folio;

	might_sleep();
	while ((folio = filemap_next_folio(mapping, &index, PAGECACHE_TAG_WRITEBACK))) {
		if (index > last) {
			folio_put(folio);
			break;
		}
		folio_wait_writeback(folio);
		folio_put(folio);
		if (index == ~0UL)
			break;
		index++;
	}
	return 0;
}

int filemap_write_and_wait_range(struct address_space *mapping, loff_t start, loff_t end)
{
	int err, err2, err3;

	might_sleep();
	err = filemap_fdatawrite_range(mapping, start, end);
	err2 = filemap_fdatawait_range(mapping, start, end);
	err3 = filemap_check_errors(mapping);
	return err ? err : err2 ? err2 : err3;
}
