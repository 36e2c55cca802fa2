/*
 * Dropping folios from the page cache (mm/pagemap.h): truncation, which
 * removes everything in a range whatever its state, and invalidation,
 * which removes only what is clean and unused.
 *
 * Truncation runs with the mapping's invalidate_lock held exclusive (so
 * no read re-adds a folio in the range meanwhile), takes each folio's
 * lock, waits for its writeback and calls ->invalidate_folio for folios
 * with private data (buffer heads) before taking them out.
 */
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "fs/vfs/aops.h"
#include "fs/buffer_head.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

/* The locked folio leaves the cache: its private data, dirty state, and
 * the cache's reference go. */
static void truncate_cleanup_folio(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;

	if (folio_mapped(folio))	/* a fault mapped it after the caller unmapped the range */
		unmap_mapping_folio(folio);
	if (folio_has_private(folio) && mapping->a_ops && mapping->a_ops->invalidate_folio)
		call_invalidate_folio(folio, 0, folio_size(folio));
	folio_cancel_dirty(folio);
	filemap_remove_folio(folio);
}

/* Only [from, to) of the locked folio lies in the range: zero it and let
 * the owner drop that part of its private data. */
static void truncate_partial_folio(struct folio *folio, size_t from, size_t to)
{
	struct address_space *mapping = folio->mapping;

	folio_zero_segment(folio, from, to);
	if (folio_has_private(folio) && mapping->a_ops && mapping->a_ops->invalidate_folio)
		call_invalidate_folio(folio, from, to - from);
}

void truncate_inode_pages_range(struct address_space *mapping, loff_t lstart, loff_t lend)
{
	unsigned long index = (unsigned long)(lstart >> PAGE_SHIFT);
	unsigned long last = lend < 0 ? ~0UL : (unsigned long)(lend >> PAGE_SHIFT);
	struct folio *folio;

	might_sleep();
	lockdep_assert_held_write(&mapping->invalidate_lock);
	while ((folio = filemap_next_folio(mapping, &index, RADIX_TREE_ANY_TAG))) {
		loff_t fpos = folio_pos(folio);
		loff_t from = MAX(lstart, fpos) - fpos;
		loff_t to = (lend < 0 ? fpos + (loff_t)PAGE_SIZE : MIN(lend + 1, fpos + (loff_t)PAGE_SIZE)) - fpos;

		if (index > last) {
			folio_put(folio);
			break;
		}
		folio_lock(folio);
		if (folio->mapping == mapping) {
			folio_wait_writeback(folio);
			if (from == 0 && to == (loff_t)PAGE_SIZE)
				truncate_cleanup_folio(folio);
			else
				truncate_partial_folio(folio, (size_t)from, (size_t)to);
		}
		folio_unlock(folio);
		folio_put(folio);
		if (index == ~0UL)
			break;
		index++;
	}
}

void truncate_inode_pages(struct address_space *mapping, loff_t lstart)
{
	truncate_inode_pages_range(mapping, lstart, -1);
}

void truncate_inode_pages_final(struct address_space *mapping)
{
	if (mapping_empty(mapping))
		return;
	filemap_invalidate_lock(mapping);
	truncate_inode_pages(mapping, 0);
	filemap_invalidate_unlock(mapping);
}

void truncate_pagecache(struct inode *inode, loff_t newsize)
{
	struct address_space *mapping = inode->i_mapping;

	filemap_invalidate_lock(mapping);
	unmap_mapping_range(mapping, ALIGN_UP(newsize, PAGE_SIZE), 0, true);
	truncate_inode_pages(mapping, newsize);
	filemap_invalidate_unlock(mapping);
}

bool filemap_release_folio(struct folio *folio, gfp_t gfp)
{
	struct address_space *mapping = folio->mapping;

	WARN_ON(!folio_test_locked(folio));
	if (!folio_has_private(folio))
		return true;
	if (folio_test_writeback(folio))
		return false;
	if (mapping && mapping->a_ops && mapping->a_ops->release_folio)
		return call_release_folio(folio, gfp);
	return try_to_free_buffers(folio);
}

/* Drop one folio if it is clean and unused. Folio locked. */
static bool invalidate_one(struct address_space *mapping, struct folio *folio)
{
	if (folio->mapping != mapping || folio_test_dirty(folio) ||
	    folio_test_writeback(folio) || folio_mapped(folio))
		return false;
	if (!filemap_release_folio(folio, GFP_KERNEL))
		return false;
	filemap_remove_folio(folio);
	return true;
}

unsigned long invalidate_mapping_pages(struct address_space *mapping,
				       unsigned long start, unsigned long end)
{
	unsigned long index = start, count = 0;
	struct folio *folio;

	might_sleep();
	while ((folio = filemap_next_folio(mapping, &index, RADIX_TREE_ANY_TAG))) {
		if (index > end) {
			folio_put(folio);
			break;
		}
		if (folio_trylock(folio)) {
			count += invalidate_one(mapping, folio);
			folio_unlock(folio);
		}
		folio_put(folio);
		if (index == ~0UL)
			break;
		index++;
	}
	return count;
}

int generic_error_remove_page(struct address_space *mapping, struct page *page)
{
	struct folio *folio = page_folio(page);

	might_sleep();
	WARN_ON(!folio_test_locked(folio));
	lockdep_assert_held_write(&mapping->invalidate_lock);
	if (!mapping->host || !S_ISREG(mapping->host->i_mode))
		return -EIO;		/* only file data can be read again (Linux's rule) */
	if (folio->mapping != mapping)
		return 0;		/* gone already */
	if (folio_test_writeback(folio))
		return -EBUSY;
	truncate_cleanup_folio(folio);
	return 0;
}

/* ->launder_folio of a dirty folio about to be invalidated (it stays
 * locked). 0 if clean or the mapping has none. */
static int folio_launder(struct address_space *mapping, struct folio *folio)
{
	if (!folio_test_dirty(folio) || folio->mapping != mapping ||
	    !mapping->a_ops || !mapping->a_ops->launder_folio)
		return 0;
	return call_launder_folio(folio);
}

/* Take the locked, clean folio out if its private data can go. */
static bool invalidate_complete_folio2(struct address_space *mapping, struct folio *folio)
{
	if (folio->mapping != mapping)
		return true;
	if (folio_test_dirty(folio) || !filemap_release_folio(folio, GFP_KERNEL))
		return false;
	filemap_remove_folio(folio);
	return true;
}

int invalidate_inode_pages2_range(struct address_space *mapping, unsigned long start,
				  unsigned long end)
{
	unsigned long index = start;
	struct folio *folio;
	int ret = 0;

	might_sleep();
	while ((folio = filemap_next_folio(mapping, &index, RADIX_TREE_ANY_TAG))) {
		int err = 0;

		if (index > end) {
			folio_put(folio);
			break;
		}
		folio_lock(folio);
		if (folio->mapping == mapping) {
			folio_wait_writeback(folio);
			if (folio_mapped(folio))
				unmap_mapping_folio(folio);
			err = folio_launder(mapping, folio);
			if (!err && !invalidate_complete_folio2(mapping, folio))
				err = -EBUSY;
		}
		folio_unlock(folio);
		folio_put(folio);
		if (err && !ret)
			ret = err;
		if (index == ~0UL)
			break;
		index++;
	}
	return ret;
}
