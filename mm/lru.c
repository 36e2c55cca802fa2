/*
 * The LRU lists (mm/lru.h).
 *
 * Locking: lru_lock (IRQ-safe spinlock, a leaf) protects the four lists,
 * their counts, and PG_lru, PG_active and PG_anon of every page.
 */
#include "mm/lru.h"
#include "mm/folio.h"
#include "kernel/panic.h"

#define lru_tail(head)	list_entry((head)->prev, struct page, lru)

static DEFINE_SPINLOCK(lru_lock);
static struct list_head lru_lists[NR_LRU_LISTS] = {	/* lru_lock */
	LIST_HEAD_INIT(lru_lists[0]), LIST_HEAD_INIT(lru_lists[1]),
	LIST_HEAD_INIT(lru_lists[2]), LIST_HEAD_INIT(lru_lists[3]),
};
static unsigned long lru_count[NR_LRU_LISTS];		/* lru_lock */

static enum lru_list page_lru(const struct page *page)
{
	return (PageFlag(page, PG_anon) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE) +
	       (PageFlag(page, PG_active) ? 1 : 0);
}

/* Caller holds lru_lock. */
static void __lru_add(struct page *page, bool anon, bool active)
{
	enum lru_list lru;

	if (anon)
		SetPageFlag(page, PG_anon);
	else
		ClearPageFlag(page, PG_anon);
	if (active)
		SetPageFlag(page, PG_active);
	else
		ClearPageFlag(page, PG_active);
	lru = page_lru(page);
	list_add(&page->lru, &lru_lists[lru]);
	lru_count[lru]++;
	SetPageFlag(page, PG_lru);
}

/* Caller holds lru_lock; the page is on a list. */
static void __lru_del(struct page *page)
{
	enum lru_list lru = page_lru(page);

	list_del_init(&page->lru);
	lru_count[lru]--;
	ClearPageFlag(page, PG_lru);
}

void lru_cache_add_file(struct page *page)
{
	unsigned long flags;

	spin_lock_irqsave(&lru_lock, flags);
	if (!PageFlag(page, PG_lru))
		__lru_add(page, false, false);
	spin_unlock_irqrestore(&lru_lock, flags);
}

void lru_cache_add_anon(struct page *page)
{
	unsigned long flags;

	if (PageFlag(page, PG_lru) || PageFlag(page, PG_reserved) || PageFlag(page, PG_slab))
		return;
	spin_lock_irqsave(&lru_lock, flags);
	if (!PageFlag(page, PG_lru))
		__lru_add(page, true, false);
	spin_unlock_irqrestore(&lru_lock, flags);
}

void lru_del_freed(struct page *page)
{
	unsigned long flags;

	spin_lock_irqsave(&lru_lock, flags);
	/* Nobody else can isolate it now: its count is zero. */
	if (PageFlag(page, PG_lru))
		__lru_del(page);
	spin_unlock_irqrestore(&lru_lock, flags);
}

void folio_mark_accessed(struct folio *folio)
{
	struct page *page = &folio->page;
	unsigned long flags;

	if (!PageFlag(page, PG_referenced)) {
		SetPageFlag(page, PG_referenced);
		return;
	}
	if (PageFlag(page, PG_active))
		return;
	spin_lock_irqsave(&lru_lock, flags);
	if (PageFlag(page, PG_lru) && !PageFlag(page, PG_active)) {
		bool anon = PageFlag(page, PG_anon);

		__lru_del(page);
		__lru_add(page, anon, true);
	}
	spin_unlock_irqrestore(&lru_lock, flags);
	ClearPageFlag(page, PG_referenced);
}

unsigned long lru_pages(enum lru_list lru)
{
	return READ_ONCE(lru_count[lru]);
}

int lru_isolate(enum lru_list lru, struct page **pages, int nr)
{
	struct list_head *head = &lru_lists[lru];
	unsigned long flags, scanned = 0, len;
	int n = 0;

	spin_lock_irqsave(&lru_lock, flags);
	len = lru_count[lru];
	while (n < nr && scanned++ < len && !list_empty(head)) {
		struct page *page = lru_tail(head);

		if (!get_page_unless_zero(page)) {
			/* Being freed: its freer takes it off. Look past it. */
			list_del(&page->lru);
			list_add(&page->lru, head);
			continue;
		}
		__lru_del(page);
		pages[n++] = page;
	}
	spin_unlock_irqrestore(&lru_lock, flags);
	return n;
}

void lru_putback(struct page *page, bool active)
{
	unsigned long flags;

	spin_lock_irqsave(&lru_lock, flags);
	if (!PageFlag(page, PG_lru))
		__lru_add(page, PageFlag(page, PG_anon), active);
	spin_unlock_irqrestore(&lru_lock, flags);
	put_page(page);
}

unsigned long lru_deactivate(bool anon, unsigned long nr)
{
	struct list_head *head = &lru_lists[anon ? LRU_ACTIVE_ANON : LRU_ACTIVE_FILE];
	unsigned long flags, moved = 0;

	spin_lock_irqsave(&lru_lock, flags);
	while (moved < nr && !list_empty(head)) {
		struct page *page = lru_tail(head);

		__lru_del(page);
		__lru_add(page, anon, false);
		ClearPageFlag(page, PG_referenced);
		moved++;
	}
	spin_unlock_irqrestore(&lru_lock, flags);
	return moved;
}
