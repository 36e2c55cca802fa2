/*
 * Page migration: the generic steps of moving a page-cache folio to a new
 * page (mm/migrate.h).
 *
 * The new folio becomes visible only once it holds src's data and flags:
 * folio_migrate_copy runs first, then folio_migrate_mapping swaps the
 * index slot under i_pages_lock after checking src's reference count
 * there. Lookups take their reference under that same lock, so after the
 * check no new user can find src; a user that found it before holds a
 * reference and makes the check fail (-EAGAIN). Writers need the folio
 * lock (held) or a page table mapping (none: the caller unmapped src).
 *
 * Locks: src and dst folio locks (the caller's), i_pages_lock inside.
 */
#include "mm/migrate.h"
#include "mm/pagemap.h"
#include "mm/lru.h"
#include "fs/vfs/aops.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"

unsigned long nr_migrated, nr_migrate_failed;	/* atomic */

void folio_migrate_copy(struct folio *dst, struct folio *src)
{
	static const int bits[] = { PG_uptodate, PG_error, PG_referenced };

	memcpy(folio_address(dst), folio_address(src), PAGE_SIZE);
	for (unsigned i = 0; i < ARRAY_SIZE(bits); i++)
		if (PageFlag(&src->page, bits[i]))
			SetPageFlag(&dst->page, bits[i]);
}

int folio_migrate_mapping(struct address_space *mapping, struct folio *dst,
			  struct folio *src, int extra_count)
{
	int expected = 2 + (folio_has_private(src) ? 1 : 0) + extra_count;
	unsigned long flags;
	void *old;

	WARN_ON(!folio_test_locked(src) || !folio_test_locked(dst));
	if (folio_test_writeback(src) || folio_mapped(src))
		return -EAGAIN;
	folio_get(dst);				/* the cache's, if it works */
	dst->mapping = mapping;
	dst->index = src->index;
	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	if (src->mapping != mapping || folio_ref_count(src) != expected ||
	    radix_tree_lookup(&mapping->i_pages, src->index) != src) {
		spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
		dst->mapping = NULL;
		folio_put(dst);
		return -EAGAIN;
	}
	if (folio_test_dirty(src))		/* the tag stays with the slot */
		folio_set_dirty(dst);
	old = radix_tree_replace(&mapping->i_pages, src->index, dst);
	BUG_ON(old != src);
	folio_clear_dirty(src);
	src->mapping = NULL;
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
	folio_put(src);				/* the cache's */
	return 0;
}

int filemap_migrate_folio(struct address_space *mapping, struct folio *dst,
			  struct folio *src, enum migrate_mode mode)
{
	if (folio_has_private(src))
		return -EAGAIN;			/* whose is it? not ours to move */
	folio_migrate_copy(dst, src);
	if (folio_migrate_mapping(mapping, dst, src, 0)) {
		__atomic_fetch_and(&dst->page.flags, ~((1UL << PG_uptodate) | (1UL << PG_error) |
				   (1UL << PG_referenced)), __ATOMIC_SEQ_CST);
		return -EAGAIN;
	}
	return 0;
}

int migrate_pagecache_folio_to(struct folio *src, struct folio *dst)
{
	struct address_space *mapping;
	int err = -EAGAIN;

	might_sleep();
	if (!folio_trylock(src))
		goto out;
	mapping = src->mapping;
	if (!mapping || PageFlag(&src->page, PG_swapcache) || PageFlag(&src->page, PG_hwpoison) ||
	    folio_mapped(src) || folio_test_writeback(src) || !folio_test_uptodate(src))
		goto out_unlock;
	if (!folio_trylock(dst))
		BUG_ON(1);			/* nobody else can see it */
	if (mapping->a_ops && mapping->a_ops->migrate_folio)
		err = call_migrate_folio(mapping, dst, src, MIGRATE_SYNC);
	else
		err = filemap_migrate_folio(mapping, dst, src, MIGRATE_SYNC);
	if (!err)
		lru_cache_add_file(&dst->page);
	folio_unlock(dst);
out_unlock:
	folio_unlock(src);
out:
	__atomic_add_fetch(err ? &nr_migrate_failed : &nr_migrated, 1, __ATOMIC_RELAXED);
	folio_put(dst);				/* the cache holds it now, or it goes */
	return err;
}

int migrate_pagecache_folio(struct folio *src, struct folio **dstp)
{
	struct folio *dst = filemap_alloc_folio(GFP_KERNEL | __GFP_NORETRY, 0);
	int err;

	if (!dst)
		return -ENOMEM;
	if (dstp)
		*dstp = dst;
	err = migrate_pagecache_folio_to(src, dst);
	if (err && dstp)
		*dstp = NULL;
	return err;
}
