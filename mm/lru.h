/*
 * The LRU lists: every page-cache folio and every private anonymous page
 * sits on one of four lists (inactive and active, for file and for
 * anonymous pages), so that reclaim (mm/vmscan.c) finds the pages least
 * recently used. A folio enters the inactive file list when it is added
 * to the page cache (filemap_add_folio), an anonymous page the inactive
 * anonymous list when a page table first maps it (mm_add_page); a second
 * access (folio_mark_accessed, or a PTE's accessed bit seen by reclaim)
 * moves it to the active list; reclaim moves active pages back to
 * inactive to balance the two. A page leaves its list when it is freed
 * (free_pages calls lru_del_freed) or while reclaim has it isolated.
 *
 * The lists hold no reference: reclaim isolates a page only when it can
 * take one (the count was not zero), and the last put_page of a page on
 * a list takes it off under lru_lock before the page goes to the buddy
 * allocator. PG_lru says a page is on a list, PG_active which, PG_anon
 * of which kind; all three change under lru_lock only.
 *
 * Locking: lru_lock, one spinlock for all lists, taken with IRQs off
 * (the last reference to a page may go in an I/O completion). A leaf:
 * nothing is taken under it, and it nests inside page_table_lock and
 * i_pages_lock.
 */
#ifndef MM_LRU_H
#define MM_LRU_H

#include "mm/page.h"
#include "kernel/sync/spinlock.h"

enum lru_list {
	LRU_INACTIVE_ANON,
	LRU_ACTIVE_ANON,
	LRU_INACTIVE_FILE,
	LRU_ACTIVE_FILE,
	NR_LRU_LISTS,
};

struct folio;

/* Put a page-cache folio on the inactive file list. Any context. */
void lru_cache_add_file(struct page *page);
/* Put an anonymous page on the inactive anonymous list, unless it is on
 * a list already or is not an LRU page (the zero page). Any context. */
void lru_cache_add_anon(struct page *page);
/* The page's last reference went: off its list. free_pages() only. */
void lru_del_freed(struct page *page);
/* An access through read()/a lookup: referenced once, active the
 * second time. Any context. */
void folio_mark_accessed(struct folio *folio);

/* Pages on a list (a snapshot). */
unsigned long lru_pages(enum lru_list lru);

/*
 * Take up to nr pages off the tail (oldest end) of lru, each with a
 * reference (pages being freed are skipped): PG_lru is cleared, and the
 * page belongs to the caller until lru_putback(). Returns how many.
 */
int lru_isolate(enum lru_list lru, struct page **pages, int nr);
/* Put an isolated page back at the head (newest end) of the active or
 * inactive list of its kind, and drop the isolation reference. */
void lru_putback(struct page *page, bool active);
/* Move up to nr pages from the tail of the active list of a kind to the
 * inactive one (file: anon false). Returns how many moved. */
unsigned long lru_deactivate(bool anon, unsigned long nr);

#endif
