/*
 * Memory compaction (Linux's mm/compaction.c, the whole-memory run of
 * /proc/sys/vm/compact_memory only): movable pages low in physical memory
 * move to free pages high in it, so that free memory gathers into large
 * blocks at the bottom.
 *
 * Two scanners meet in the middle: the migrate scanner walks pfns up from
 * the bottom looking for movable pages, the free scanner
 * (alloc_free_page_below) walks down from the top taking free pages as
 * targets. A run ends when they meet or no free page is left above.
 *
 * Movable here:
 *   page-cache folios on the LRU (not swap cache, not hwpoisoned): moved
 *     by migrate_pagecache_folio_to, through the mapping's ->migrate_folio
 *     (checked wrapper; buffer_migrate_folio for buffer-backed folios,
 *     filemap_migrate_folio otherwise); a mapped one is unmapped first
 *     (its next access faults the new folio in);
 *   anonymous pages mapped by one PTE only and used by nobody else
 *     (count 1, map count 1, not in the swap cache): there is no reverse
 *     map for anonymous memory, so this pass walks each process's page
 *     tables instead (mmap_lock for writing): the PTE is cleared and the
 *     TLB flushed, the page copied, the PTE pointed at the copy.
 *
 * Counters (/proc/vmstat): compact_runs (runs; Lockstep only: Linux counts direct compaction in compact_stall), compact_migrate_scanned
 * (movable pages looked at), compact_isolated (pages tried),
 * compact_migrated and compact_fail, pgmigrate_success/pgmigrate_fail
 * (every page-cache migration, mm/migrate.c).
 *
 * Locks: compact_mutex serialises runs. Then, for a page-cache folio, its
 * folio lock (trylock) and mapping's i_pages_lock; for an anonymous page,
 * the process's mmap_lock (write) and page_table_lock. zone_lock inside
 * the free scanner. Process context, may sleep.
 */
#include "mm/compaction.h"
#include "mm/internal.h"
#include "mm/lru.h"
#include "mm/migrate.h"
#include "mm/memory_failure.h"
#include "mm/page_alloc.h"
#include "mm/pagemap.h"
#include "mm/paging.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "fs/proc/proc_fs.h"
#include "fs/seq_file.h"
#include "kernel/lib/string.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/mutex.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

static DEFINE_MUTEX(compact_mutex);

/* atomic counters */
unsigned long compact_runs, compact_migrate_scanned, compact_isolated, compact_migrated,
	compact_fail;

static void count(unsigned long *c)
{
	__atomic_add_fetch(c, 1, __ATOMIC_RELAXED);
}

/* A page-cache folio the migrate scanner may try (racy: rechecked under
 * a reference and again under the folio lock). */
static bool movable_file_page(struct page *page)
{
	return PageFlag(page, PG_lru) && !PageFlag(page, PG_anon) && page->mapping &&
	       !PageFlag(page, PG_swapcache) && !PageFlag(page, PG_hwpoison);
}

/* The free scanner's page as a new folio. */
static struct folio *target_folio(unsigned long pfn, unsigned long *free_cursor)
{
	struct page *page = alloc_free_page_below(pfn + 1, free_cursor);
	struct folio *folio;

	if (!page)
		return NULL;
	folio = page_folio(page);
	folio->private = NULL;
	folio->index = 0;
	return folio;
}

/* Move the referenced page-cache folio to dst (which this takes). */
static int compact_file_folio(struct folio *folio, struct folio *dst)
{
	if (folio_mapped(folio) && folio_trylock(folio)) {
		if (folio->mapping && folio_mapped(folio))
			unmap_mapping_folio(folio);
		folio_unlock(folio);
	}
	return migrate_pagecache_folio_to(folio, dst);
}

/* The page-cache pass; returns false when the scanners met. */
static bool compact_file_pages(unsigned long *free_cursor)
{
	for (unsigned long pfn = 0; pfn < *free_cursor; pfn++) {
		struct page *page = pfn_to_page(pfn);
		struct folio *dst;

		if (!movable_file_page(page))
			continue;
		count(&compact_migrate_scanned);
		if (!get_page_unless_zero(page))
			continue;
		if (!movable_file_page(page)) {
			put_page(page);
			continue;
		}
		count(&compact_isolated);
		dst = target_folio(pfn, free_cursor);
		if (!dst) {
			put_page(page);
			return false;
		}
		count(compact_file_folio(page_folio(page), dst) ? &compact_fail : &compact_migrated);
		put_page(page);
	}
	return true;
}

/* One anonymous page of mm at va (mmap_lock held for writing): moved if
 * only its PTE uses it and a free page lies above it. */
static bool compact_anon_pte(struct mm_struct *mm, unsigned long va, unsigned long *free_cursor)
{
	struct page *page, *dst;
	u64 *pte = pte_lookup(mm, va), e;

	if (!pte)
		return true;
	e = READ_ONCE(*pte);
	if (!(e & PTE_P) || (e & PTE_SPECIAL))
		return true;
	page = pte_page(e);
	if (page->mapping || PageFlag(page, PG_swapcache) || PageFlag(page, PG_hwpoison) ||
	    PageFlag(page, PG_reserved) || page_to_pfn(page) >= *free_cursor)
		return true;
	count(&compact_migrate_scanned);
	if (page_mapcount(page) != 1 || page_ref_count(page) != 1)
		return true;
	count(&compact_isolated);
	dst = alloc_free_page_below(page_to_pfn(page) + 1, free_cursor);
	if (!dst)
		return false;
	spin_lock(&mm->page_table_lock);
	if (READ_ONCE(*pte) != e || page_ref_count(page) != 1) {
		spin_unlock(&mm->page_table_lock);
		free_page(dst);
		count(&compact_fail);
		return true;
	}
	WRITE_ONCE(*pte, 0);			/* no access while it is copied */
	flush_tlb_mm_range(mm, va, va + PAGE_SIZE);
	memcpy(page_address(dst), page_address(page), PAGE_SIZE);
	WRITE_ONCE(*pte, (e & ~PTE_ADDR_MASK) | page_to_phys(dst));
	spin_unlock(&mm->page_table_lock);
	mm_add_page(mm, dst);			/* the PTE's reference is dst's own */
	mm_remove_page(mm, page);		/* and page's goes: it is freed */
	count(&compact_migrated);
	return true;
}

/* The anonymous pass over every process's private mappings. */
static void compact_anon_pages(unsigned long *free_cursor)
{
	struct task_struct *tasks[64];
	int n = get_user_tasks(tasks, ARRAY_SIZE(tasks));
	bool more = true;

	for (int i = 0; i < n; i++) {
		struct mm_struct *mm = more ? get_task_mm(tasks[i]) : NULL;

		put_task_struct(tasks[i]);
		if (!mm)
			continue;
		down_write(&mm->mmap_lock);
		for (struct vm_area_struct *vma = mm->mmap; vma && more; vma = vma->vm_next) {
			if (vma->vm_flags & (VM_SHARED | VM_IO | VM_PFNMAP))
				continue;
			for (unsigned long va = vma->vm_start; va < vma->vm_end && more; va += PAGE_SIZE)
				more = compact_anon_pte(mm, va, free_cursor);
		}
		up_write(&mm->mmap_lock);
		mmput(mm);
	}
}

void compact_memory(void)
{
	unsigned long free_cursor = max_pfn;

	might_sleep();
	mutex_lock(&compact_mutex);
	count(&compact_runs);
	if (compact_file_pages(&free_cursor))
		compact_anon_pages(&free_cursor);
	mutex_unlock(&compact_mutex);
}

/* ------------------------------------------------------------ /proc */

static int compact_memory_show(struct seq_file *m, void *v)
{
	seq_printf(m, "0\n");
	return 0;
}

/* Writing 1 (Linux takes any number) starts a run and returns when it is
 * done. */
static ssize_t compact_memory_write(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	if (!len || buf[0] < '0' || buf[0] > '9')
		return -EINVAL;
	compact_memory();
	*pos += (loff_t)len;
	return (ssize_t)len;
}

static int vmstat_show(struct seq_file *m, void *v)
{
	seq_printf(m, "nr_free_pages %lu\n", nr_free_pages());
	seq_printf(m, "nr_file_pages %lu\n", pagecache_pages());
	seq_printf(m, "nr_dirty %lu\n", global_dirty_folios());
	seq_printf(m, "nr_writeback %lu\n", global_writeback_folios());
	seq_printf(m, "nr_hwpoisoned %lu\n", READ_ONCE(nr_hwpoisoned));
	seq_printf(m, "pgmigrate_success %lu\n", READ_ONCE(nr_migrated));
	seq_printf(m, "pgmigrate_fail %lu\n", READ_ONCE(nr_migrate_failed));
	seq_printf(m, "compact_migrate_scanned %lu\n", READ_ONCE(compact_migrate_scanned));
	seq_printf(m, "compact_isolated %lu\n", READ_ONCE(compact_isolated));
	seq_printf(m, "compact_migrated %lu\n", READ_ONCE(compact_migrated));
	seq_printf(m, "compact_fail %lu\n", READ_ONCE(compact_fail));
	seq_printf(m, "compact_runs %lu\n", READ_ONCE(compact_runs));
	return 0;
}

void compaction_proc_init(void)
{
	struct proc_dir_entry *sys = proc_mkdir_shared("sys", NULL);
	struct proc_dir_entry *vm = IS_ERR(sys) ? sys : proc_mkdir_shared("vm", sys);

	if (IS_ERR(vm) || IS_ERR(proc_create_rw("compact_memory", 0200, vm, compact_memory_show,
						compact_memory_write)))
		pr_err("compaction: no /proc/sys/vm/compact_memory\n");
	if (IS_ERR(proc_create_single("vmstat", vmstat_show)))
		pr_err("compaction: no /proc/vmstat\n");
}
