/*
 * The user half of an mm's page tables: walking and creating them,
 * unmapping ranges, sharing pages copy-on-write at fork, changing
 * protections, moving entries (mremap), freeing tables, TLB flushes.
 *
 * A user PTE that holds a page is present, or not present with
 * PTE_PROTNONE (a PROT_NONE mapping keeps its pages). Each such PTE holds
 * one reference on its page (mm/page.h) and counts in its _mapcount and
 * in mm->rss, except for the shared zero page, which only gets the
 * reference, and for PTE_SPECIAL entries (VM_PFNMAP), which hold nothing.
 * Upper-level entries are always user-accessible and writable; the leaf
 * decides.
 *
 * Locking: see mm/mm.h. The functions for the mmap family run with
 * mmap_lock held for writing, so no fault runs meanwhile; every PTE change
 * and the freeing of tables also hold page_table_lock, because the page
 * cache reaches file VMAs without mmap_lock (the rmap functions at the
 * end, called by mm/rmap.c under the file's i_mmap_rwsem).
 */
#include "mm/internal.h"
#include "mm/lru.h"
#include "mm/swap.h"
#include "kernel/cpu/x86.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

#define PT_INDEX(va, level)	(((va) >> (PAGE_SHIFT + 9 * (level))) & 511)

static struct page *the_zero_page;	/* set once (cmpxchg), never freed */

static u64 *table_of(u64 e)
{
	return phys_to_virt(e & PTE_ADDR_MASK);
}

struct page *zero_page(void)
{
	struct page *zp = __atomic_load_n(&the_zero_page, __ATOMIC_ACQUIRE);
	struct page *expected = NULL;

	if (zp)
		return zp;
	zp = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!zp)
		return NULL;
	if (!__atomic_compare_exchange_n(&the_zero_page, &expected, zp, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		free_page(zp);
		zp = expected;
	}
	return zp;
}

u64 pte_set_prot(u64 e, unsigned long vm_flags)
{
	e &= PTE_ADDR_MASK | PTE_COW | PTE_W | PTE_A | PTE_D | PTE_SPECIAL;
	if (!(vm_flags & VM_WRITE))
		e &= ~PTE_W;
	if (!(vm_flags & VM_ACCESS_FLAGS))
		return e | PTE_PROTNONE;
	e |= PTE_P | PTE_U;
	if (!(vm_flags & VM_EXEC))
		e |= PTE_NX;
	return e;
}

u64 mk_pte(struct page *page, unsigned long vm_flags, bool writable)
{
	return pte_set_prot(page_to_phys(page) | (writable ? PTE_W : 0), vm_flags);
}

void mm_add_page(struct mm_struct *mm, struct page *page)
{
	if (page == the_zero_page)
		return;
	if (!page->mapping)		/* anonymous (a COW copy too): on the LRU */
		lru_cache_add_anon(page);
	page_add_map(page);
	__atomic_fetch_add(&mm->rss, 1, __ATOMIC_RELAXED);
}

void mm_remove_page(struct mm_struct *mm, struct page *page)
{
	if (page != the_zero_page) {
		page_remove_map(page);
		__atomic_fetch_sub(&mm->rss, 1, __ATOMIC_RELAXED);
	}
	put_page(page);
}

long mm_rss(struct mm_struct *mm)
{
	return __atomic_load_n(&mm->rss, __ATOMIC_RELAXED);
}

u64 *pte_lookup(struct mm_struct *mm, unsigned long va)
{
	u64 *table = mm->pgd;

	for (int l = 3; l > 0; l--) {
		u64 e = READ_ONCE(table[PT_INDEX(va, l)]);

		if (!(e & PTE_P))
			return NULL;
		table = table_of(e);
	}
	return &table[PT_INDEX(va, 0)];
}

u64 *pte_alloc(struct mm_struct *mm, unsigned long va)
{
	u64 *table = mm->pgd;

	lockdep_assert_held(&mm->mmap_lock);
	for (int l = 3; l > 0; l--) {
		u64 *e = &table[PT_INDEX(va, l)];

		if (!(READ_ONCE(*e) & PTE_P)) {
			struct page *pg = alloc_page(GFP_KERNEL | __GFP_ZERO);

			if (!pg)
				return NULL;
			spin_lock(&mm->page_table_lock);
			if (!(*e & PTE_P)) {
				*e = page_to_phys(pg) | PTE_P | PTE_W | PTE_U;
				pg = NULL;
			}
			spin_unlock(&mm->page_table_lock);
			if (pg)		/* another fault made it meanwhile */
				free_page(pg);
		}
		table = table_of(READ_ONCE(*e));
	}
	return &table[PT_INDEX(va, 0)];
}

/* The PTE slot of the first address in [*va, end) whose page table
 * exists, with *va set to that address; NULL if there is none. Whole
 * missing tables are skipped, so a walk over a sparse range is quick. */
static u64 *next_pte_slot(struct mm_struct *mm, unsigned long *va, unsigned long end)
{
	while (*va < end) {
		u64 *table = mm->pgd;
		unsigned long span;
		int l;

		for (l = 3; l > 0; l--) {
			u64 e = READ_ONCE(table[PT_INDEX(*va, l)]);

			if (!(e & PTE_P))
				break;
			table = table_of(e);
		}
		if (l == 0)
			return &table[PT_INDEX(*va, 0)];
		span = 1UL << (PAGE_SHIFT + 9 * l);	/* what the missing table covers */
		*va = ALIGN_DOWN(*va, span) + span;
	}
	return NULL;
}

/* Pages unmapped but not yet released: their references are dropped only
 * after the TLB forgot them, so no stale entry can reach a freed page. */
struct page_batch {
	struct mm_struct *mm;
	unsigned long start, end;	/* the range to flush */
	bool special;			/* page-less entries went too: flush even if n is 0 */
	int n;
	struct page *pages[32];
};

static void batch_release(struct page_batch *b)
{
	if (!b->n && !b->special)
		return;
	flush_tlb_mm_range(b->mm, b->start, b->end);
	b->special = false;
	for (int i = 0; i < b->n; i++)
		mm_remove_page(b->mm, b->pages[i]);
	b->n = 0;
}

static void batch_add(struct page_batch *b, struct page *page)
{
	if (b->n == ARRAY_SIZE(b->pages))
		batch_release(b);
	b->pages[b->n++] = page;
}

/*
 * Clear the PTEs of [start, end) that hold a page and pass keep's test
 * (NULL: all), releasing the pages once the TLBs forgot them. Caller
 * holds page_table_lock.
 */
static void zap_ptes_locked(struct mm_struct *mm, unsigned long start, unsigned long end,
			    bool (*match)(u64 e, const void *arg), const void *arg)
{
	struct page_batch b = { .mm = mm, .start = start, .end = end };
	unsigned long va;
	u64 *pte;

	lockdep_assert_held(&mm->page_table_lock);
	for (va = start; (pte = next_pte_slot(mm, &va, end)); va += PAGE_SIZE) {
		u64 e = *pte;

		if (is_swap_pte(e)) {		/* the slot's reference goes */
			if (!match || match(e, arg)) {
				WRITE_ONCE(*pte, 0);
				swap_free_entry(pte_to_swp_entry(e));
			}
			continue;
		}
		if (!pte_has_page(e) || (match && !match(e, arg)))
			continue;
		WRITE_ONCE(*pte, 0);
		if (e & PTE_SPECIAL)
			b.special = true;
		else
			batch_add(&b, pte_page(e));
	}
	batch_release(&b);
}

void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	lockdep_assert_held_write(&mm->mmap_lock);
	spin_lock(&mm->page_table_lock);
	zap_ptes_locked(mm, start, end, NULL, NULL);
	spin_unlock(&mm->page_table_lock);
}

int poison_vma_page(struct vm_area_struct *vma, struct page *page, unsigned long *addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct page_batch b = { .mm = mm, .start = vma->vm_start, .end = vma->vm_end };
	unsigned long va;
	int n = 0;
	u64 *pte;

	spin_lock(&mm->page_table_lock);
	for (va = vma->vm_start; (pte = next_pte_slot(mm, &va, vma->vm_end)); va += PAGE_SIZE) {
		u64 e = *pte;

		if (!pte_has_page(e) || (e & PTE_SPECIAL) || pte_page(e) != page)
			continue;
		WRITE_ONCE(*pte, swp_entry_to_pte(make_hwpoison_entry()));
		if (!n++)
			*addr = va;
		batch_add(&b, page);
	}
	batch_release(&b);
	spin_unlock(&mm->page_table_lock);
	return n;
}

static bool table_empty(const u64 *table)
{
	for (int i = 0; i < 512; i++)
		if (table[i])
			return false;
	return true;
}

/* Free the empty tables below table (of the given level, 3 = PML4) that
 * lie in [start, end); base is the first address table maps. Returns the
 * number of tables freed. */
static int free_empty_tables(u64 *table, int level, unsigned long base,
			     unsigned long start, unsigned long end)
{
	unsigned long span = 1UL << (PAGE_SHIFT + 9 * level);
	int nr = level == 3 ? 256 : 512, freed = 0;

	for (int i = 0; i < nr; i++) {
		unsigned long lo = base + i * span;
		u64 *child;

		if (lo + span <= start || lo >= end || !(table[i] & PTE_P))
			continue;
		child = table_of(table[i]);
		if (level > 1)
			freed += free_empty_tables(child, level - 1, lo, start, end);
		if (table_empty(child)) {
			table[i] = 0;
			free_page(virt_to_page(child));
			freed++;
		}
	}
	return freed;
}

void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	int freed;

	lockdep_assert_held_write(&mm->mmap_lock);
	spin_lock(&mm->page_table_lock);
	freed = free_empty_tables(mm->pgd, 3, 0, start, end);
	spin_unlock(&mm->page_table_lock);
	/* The CPU may cache upper-level entries: forget them all. */
	if (freed)
		flush_tlb_mm(mm);
}

/* Copy the PTE *spte (of vma, at va) to *dpte in dst. Both mms'
 * page_table_locks held. */
static void copy_one_pte(struct mm_struct *dst, struct vm_area_struct *vma, u64 *spte,
			 u64 *dpte)
{
	u64 e = *spte;

	if (is_swap_pte(e) && !*dpte) {		/* both hold the entry now */
		swap_duplicate(pte_to_swp_entry(e));
		WRITE_ONCE(*dpte, e);
		return;
	}
	if (!pte_has_page(e) || *dpte)
		return;
	if (e & PTE_SPECIAL) {
		WRITE_ONCE(*dpte, e);
		return;
	}
	if (!(vma->vm_flags & VM_SHARED)) {	/* both now share it read-only */
		e = (e & ~PTE_W) | PTE_COW;
		WRITE_ONCE(*spte, e);
	}
	get_page(pte_page(e));
	mm_add_page(dst, pte_page(e));
	WRITE_ONCE(*dpte, e);
}

int copy_page_range(struct mm_struct *dst, struct vm_area_struct *vma)
{
	struct mm_struct *src = vma->vm_mm;
	unsigned long va;
	u64 *spte;

	lockdep_assert_held_write(&src->mmap_lock);
	for (va = vma->vm_start; (spte = next_pte_slot(src, &va, vma->vm_end)); va += PAGE_SIZE) {
		u64 *dpte;

		if (!pte_has_page(READ_ONCE(*spte)) && !is_swap_pte(READ_ONCE(*spte)))
			continue;
		dpte = pte_alloc(dst, va);
		if (!dpte)
			return -ENOMEM;
		spin_lock(&src->page_table_lock);
		spin_lock_nested(&dst->page_table_lock, 1);
		copy_one_pte(dst, vma, spte, dpte);
		spin_unlock(&dst->page_table_lock);
		spin_unlock(&src->page_table_lock);
	}
	return 0;
}

void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags)
{
	unsigned long va;
	u64 *pte;

	lockdep_assert_held_write(&mm->mmap_lock);
	spin_lock(&mm->page_table_lock);
	for (va = start; (pte = next_pte_slot(mm, &va, end)); va += PAGE_SIZE)
		if (pte_has_page(*pte))
			WRITE_ONCE(*pte, pte_set_prot(*pte, vm_flags));
	spin_unlock(&mm->page_table_lock);
	flush_tlb_mm_range(mm, start, end);
}

int move_page_tables(struct mm_struct *mm, unsigned long from, unsigned long to,
		     unsigned long len)
{
	unsigned long va;
	u64 *spte;

	lockdep_assert_held_write(&mm->mmap_lock);
	/* First the tables the destination needs, so the move cannot fail. */
	for (va = from; (spte = next_pte_slot(mm, &va, from + len)); va += PAGE_SIZE)
		if ((pte_has_page(*spte) || is_swap_pte(*spte)) && !pte_alloc(mm, to + (va - from)))
			return -ENOMEM;
	spin_lock(&mm->page_table_lock);
	for (va = from; (spte = next_pte_slot(mm, &va, from + len)); va += PAGE_SIZE) {
		if (!pte_has_page(*spte) && !is_swap_pte(*spte))
			continue;
		WRITE_ONCE(*pte_lookup(mm, to + (va - from)), *spte);
		WRITE_ONCE(*spte, 0);
	}
	spin_unlock(&mm->page_table_lock);
	flush_tlb_mm_range(mm, from, from + len);
	return 0;
}

/* Free a table of the given level (0 = PT) and the tables below it. */
static void free_table(u64 *table, int level)
{
	for (int i = 0; i < 512; i++) {
		if (!table[i])
			continue;
		if (level > 0)
			free_table(table_of(table[i]), level - 1);
		else
			WARN_ON(pte_has_page(table[i]) && !(table[i] & PTE_SPECIAL));	/* leaked */
	}
	free_page(virt_to_page(table));
}

void free_user_tables(struct mm_struct *mm)
{
	for (int i = 0; i < 256; i++) {
		if (mm->pgd[i] & PTE_P)
			free_table(table_of(mm->pgd[i]), 2);
		mm->pgd[i] = 0;
	}
}

/* ------------------------------------------------------------ rmap */

struct rmap_match {
	struct address_space *mapping;	/* the file's pages only (not COW copies) */
	const struct page *page;	/* only this page */
};

static bool rmap_matches(u64 e, const void *arg)
{
	const struct rmap_match *m = arg;

	if (is_swap_pte(e))		/* a swapped-out private copy: truncation only */
		return !m->page && !m->mapping;
	if (e & PTE_SPECIAL)
		return false;
	if (m->page)
		return pte_page(e) == m->page;
	return !m->mapping || pte_page(e)->mapping == m->mapping;
}

void unmap_vma_range(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		     struct address_space *mapping, const struct page *only)
{
	struct mm_struct *mm = vma->vm_mm;
	struct rmap_match m = { .mapping = mapping, .page = only };

	spin_lock(&mm->page_table_lock);
	zap_ptes_locked(mm, start, end, rmap_matches, &m);
	spin_unlock(&mm->page_table_lock);
}

bool wrprotect_vma_page(struct vm_area_struct *vma, unsigned long addr, const struct page *page)
{
	struct mm_struct *mm = vma->vm_mm;
	bool was = false;
	u64 *pte;

	spin_lock(&mm->page_table_lock);
	pte = pte_lookup(mm, addr);
	if (pte && pte_has_page(*pte) && !(*pte & PTE_SPECIAL) && pte_page(*pte) == page &&
	    (*pte & (PTE_W | PTE_D))) {
		was = *pte & PTE_W;
		WRITE_ONCE(*pte, *pte & ~(PTE_W | PTE_D));
		/* Under the lock: no write may land through a stale entry
		 * once the caller goes on to write the page back. */
		flush_tlb_mm_range(mm, addr, addr + PAGE_SIZE);
	}
	spin_unlock(&mm->page_table_lock);
	return was;
}
