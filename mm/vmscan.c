/*
 * Reclaim (mm/vmscan.h): kswapd, direct reclaim, and the scan of the
 * inactive LRU lists.
 *
 * One pass (shrink_pages) works in batches of SWAP_CLUSTER pages:
 * - the active lists are cut down to about the size of the inactive ones
 *   (their oldest pages move over);
 * - the inactive file list: each folio is isolated (a reference), then
 *   looked at under a trylock of its folio lock. A folio referenced since
 *   the last look (PG_referenced: read() found it) gets one more round.
 *   A mapped folio is unmapped from every process first (through its
 *   mapping's i_mmap list: mm/rmap.h, i_mmap_rwsem by trylock). A dirty
 *   folio is handed to ->writepage in cleansing mode (WB_SYNC_NONE,
 *   for_reclaim), which starts the write or redirties it; a later pass
 *   frees it once clean. A clean one whose private data (buffer heads)
 *   may go (filemap_release_folio: ->release_folio) and that nobody else
 *   holds leaves the page cache and is freed. A folio whose mapping has
 *   no ->writepage (tmpfs: memory is its only store) is never dropped:
 *   it goes to the active list.
 * - anonymous pages go to swap (mm/swap.h: swap_reclaim), when swap is on;
 * - the shrinkers (dcache, icache) free what they can.
 *
 * Direct reclaim does not write (->writepage may need locks its caller
 * holds) and takes every lock others may hold across an allocation by
 * trylock; kswapd writes. Both mark themselves TIF_MEMALLOC.
 */
#include "mm/vmscan.h"
#include "mm/compaction.h"
#include "mm/lru.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/internal.h"
#include "mm/shrinker.h"
#include "mm/swap.h"
#include "fs/vfs/aops.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/printk.h"
#include "kernel/panic.h"

#define SWAP_CLUSTER	32	/* pages per batch, as Linux's SWAP_CLUSTER_MAX */

struct scan_control {
	unsigned long nr_to_reclaim;	/* stop once this many are freed */
	unsigned long nr_reclaimed;
	bool may_writepage;		/* kswapd: ->writepage dirty folios */
};

static struct reclaim_stats stats;	/* atomic counters */
#define STAT_ADD(f, n)	__atomic_add_fetch(&stats.f, (n), __ATOMIC_RELAXED)

void reclaim_get_stats(struct reclaim_stats *st)
{
	st->scanned = READ_ONCE(stats.scanned);
	st->reclaimed = READ_ONCE(stats.reclaimed);
	st->written = READ_ONCE(stats.written);
	st->swapped_out = READ_ONCE(stats.swapped_out);
	st->kswapd_runs = READ_ONCE(stats.kswapd_runs);
	st->direct_runs = READ_ONCE(stats.direct_runs);
}


void reclaim_count_swapout(void)
{
	STAT_ADD(swapped_out, 1);
}

/* ------------------------------------------------------------ file folios */

/*
 * Unmap the locked folio from every process mapping it, taking its
 * mapping's i_mmap_rwsem by trylock (its holder may be allocating).
 * True if it is no longer mapped.
 */
static bool try_to_unmap_file(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	struct vm_area_struct *vma;

	if (!down_read_trylock(&mapping->i_mmap_rwsem))
		return false;
	list_for_each_entry(vma, &mapping->i_mmap, vm_i_mmap) {
		unsigned long first = vma->vm_pgoff;
		unsigned long last = first + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) - 1;
		unsigned long addr;

		if (folio->index < first || folio->index > last)
			continue;
		addr = vma->vm_start + ((folio->index - first) << PAGE_SHIFT);
		unmap_vma_range(vma, addr, addr + PAGE_SIZE, NULL, &folio->page);
	}
	up_read(&mapping->i_mmap_rwsem);
	return !folio_mapped(folio);
}

/* Write the locked dirty folio for reclaim; it comes back unlocked. */
static void pageout(struct folio *folio)
{
	struct writeback_control wbc = {
		.nr_to_write = 1, .range_start = folio_pos(folio),
		.range_end = folio_pos(folio) + PAGE_SIZE - 1,
		.sync_mode = WB_SYNC_NONE, .for_reclaim = 1,
	};
	int err;

	if (!folio_clear_dirty_for_io(folio)) {
		folio_unlock(folio);
		return;
	}
	STAT_ADD(written, 1);
	err = call_writepage(&folio->page, &wbc);	/* unlocks */
	mapping_set_error(folio->mapping, err);
}

enum verdict { KEEP, ACTIVATE, FREED };

/* Decide about one isolated file folio (our reference). */
static enum verdict shrink_file_folio(struct folio *folio, struct scan_control *sc)
{
	struct address_space *mapping;

	if (folio_test_clear_flag(folio, PG_referenced))
		return KEEP;
	if (!folio_trylock(folio))
		return KEEP;
	mapping = folio->mapping;
	if (!mapping || folio_test_writeback(folio))
		goto keep_locked;
	if (!mapping->a_ops || !mapping->a_ops->writepage) {
		/* Memory is its only store (tmpfs): never dropped. */
		folio_unlock(folio);
		return ACTIVATE;
	}
	if (folio_mapped(folio) && !try_to_unmap_file(folio))
		goto keep_locked;
	if (folio_test_dirty(folio)) {
		if (!sc->may_writepage)
			goto keep_locked;
		pageout(folio);
		return KEEP;
	}
	if (!filemap_release_folio(folio, GFP_KERNEL))
		goto keep_locked;
	/* The cache's reference and ours: nobody else uses it. */
	if (folio_ref_count(folio) != 2 || folio_mapped(folio) || folio_test_dirty(folio))
		goto keep_locked;
	filemap_remove_folio(folio);
	folio_unlock(folio);
	return FREED;
keep_locked:
	folio_unlock(folio);
	return KEEP;
}

static void shrink_inactive_file(struct scan_control *sc, unsigned long nr_scan)
{
	struct page *pages[SWAP_CLUSTER];

	while (nr_scan && sc->nr_reclaimed < sc->nr_to_reclaim) {
		int n = lru_isolate(LRU_INACTIVE_FILE, pages, (int)MIN(nr_scan, (unsigned long)SWAP_CLUSTER));

		if (!n)
			break;
		nr_scan -= MIN(nr_scan, (unsigned long)n);
		STAT_ADD(scanned, n);
		for (int i = 0; i < n; i++) {
			switch (shrink_file_folio(page_folio(pages[i]), sc)) {
			case FREED:
				sc->nr_reclaimed++;
				put_page(pages[i]);	/* the last reference: freed */
				break;
			case ACTIVATE:
				lru_putback(pages[i], true);
				break;
			default:
				lru_putback(pages[i], false);
			}
		}
	}
}

/* Keep the active lists no larger than the inactive ones. */
static void balance_lists(void)
{
	unsigned long a = lru_pages(LRU_ACTIVE_FILE), in = lru_pages(LRU_INACTIVE_FILE);

	if (a > in)
		lru_deactivate(false, MIN((a - in) / 2 + SWAP_CLUSTER, a));
	a = lru_pages(LRU_ACTIVE_ANON);
	in = lru_pages(LRU_INACTIVE_ANON);
	if (a > in)
		lru_deactivate(true, MIN((a - in) / 2 + SWAP_CLUSTER, a));
}

/* One reclaim pass; returns the pages freed by it. */
static unsigned long shrink_pages(struct scan_control *sc)
{
	unsigned long file, before = nr_free_pages();

	balance_lists();
	file = lru_pages(LRU_INACTIVE_FILE);
	shrink_inactive_file(sc, MAX(file, (unsigned long)SWAP_CLUSTER));
	if (sc->nr_reclaimed < sc->nr_to_reclaim)
		sc->nr_reclaimed += swap_reclaim(sc->nr_to_reclaim - sc->nr_reclaimed,
						 sc->may_writepage);
	if (sc->nr_reclaimed < sc->nr_to_reclaim)
		shrink_all();
	STAT_ADD(reclaimed, sc->nr_reclaimed);
	return MAX(sc->nr_reclaimed, nr_free_pages() > before ? nr_free_pages() - before : 0UL);
}

static unsigned long do_reclaim(unsigned long nr, bool may_write)
{
	struct scan_control sc = { .nr_to_reclaim = nr, .may_writepage = may_write };
	bool nested = current->thread_flags & TIF_MEMALLOC;
	unsigned long freed;

	current->thread_flags |= TIF_MEMALLOC;
	freed = shrink_pages(&sc);
	if (!nested)
		current->thread_flags &= ~TIF_MEMALLOC;
	return freed;
}

unsigned long try_to_free_pages(unsigned order)
{
	might_sleep();
	STAT_ADD(direct_runs, 1);
	return do_reclaim(MAX((unsigned long)SWAP_CLUSTER, 2UL << order), false);
}

unsigned long shrink_memory(unsigned long nr)
{
	might_sleep();
	return do_reclaim(nr, true);
}

/* ------------------------------------------------------------ kswapd */

static struct task_struct *kswapd_task;		/* const once started */

/*
 * Putting an mm that reclaim or the OOM killer looked at: the last
 * reference tears the mm down (exit_mmap takes its mmap_lock for
 * writing), which an allocating task must not do under its own locks
 * (its mmap_lock, a folio lock). Such a put goes to kswapd.
 */
static DEFINE_SPINLOCK(deferred_lock);
static struct mm_struct *deferred_mms[64];	/* deferred_lock */
static int nr_deferred;				/* deferred_lock */

void reclaim_mmput(struct mm_struct *mm)
{
	int n = __atomic_load_n(&mm->mm_users, __ATOMIC_RELAXED);
	bool queued = false;

	while (n > 1)
		if (__atomic_compare_exchange_n(&mm->mm_users, &n, n - 1, false,
						__ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return;		/* not the last: nothing is torn down */
	if (current != READ_ONCE(kswapd_task)) {
		spin_lock(&deferred_lock);
		if (nr_deferred < (int)ARRAY_SIZE(deferred_mms)) {
			deferred_mms[nr_deferred++] = mm;
			queued = true;
		}
		spin_unlock(&deferred_lock);
	}
	if (queued)
		wakeup_kswapd();
	else
		mmput(mm);
}

static void put_deferred_mms(void)
{
	for (;;) {
		struct mm_struct *mm = NULL;

		spin_lock(&deferred_lock);
		if (nr_deferred)
			mm = deferred_mms[--nr_deferred];
		spin_unlock(&deferred_lock);
		if (!mm)
			return;
		mmput(mm);
	}
}
static DECLARE_WAIT_QUEUE_HEAD(kswapd_wait);
static bool kswapd_wanted;			/* atomic */

void wakeup_kswapd(void)
{
	/* IRQs off: maybe the scheduler's own locks are held; the next
	 * allocation wakes it. */
	if (!READ_ONCE(kswapd_task) || READ_ONCE(kswapd_wanted) || irqs_disabled())
		return;
	WRITE_ONCE(kswapd_wanted, true);
	wake_up(&kswapd_wait);
}

static int kswapd(void *arg)
{
	for (;;) {
		int idle = 0;

		wait_event(kswapd_wait, READ_ONCE(kswapd_wanted));
		STAT_ADD(kswapd_runs, 1);
		put_deferred_mms();
		while (nr_free_pages() < high_free_pages && idle < 3) {
			unsigned long want = high_free_pages - nr_free_pages();

			if (do_reclaim(MAX(want, (unsigned long)SWAP_CLUSTER), true))
				idle = 0;
			else
				idle++;
			if (idle)
				msleep(10);	/* writes in flight: let them finish */
		}
		WRITE_ONCE(kswapd_wanted, false);
		put_deferred_mms();
	}
	return 0;
}

void kswapd_init(void)
{
	struct task_struct *t = kthread_run(kswapd, NULL, "kswapd0");

	if (!t)
		panic("cannot start kswapd");
	WRITE_ONCE(kswapd_task, t);
	compaction_proc_init();		/* the rest of mm's /proc files */
}
