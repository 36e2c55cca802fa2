/*
 * The swap cache, swap I/O, swap-in at fault, swap-out by a walk of every
 * process's page tables, and swapoff's bringing every page back
 * (mm/swap.h).
 *
 * The swap cache index is a radix tree keyed by entry value under
 * swap_lock; a page in it holds a reference for it, PG_swapcache, and its
 * entry in private; the slot's count has SWAP_HAS_CACHE meanwhile. Pages
 * enter it locked; they leave it locked, clean, not under writeback, and
 * only when nobody else holds them (reference count checked under
 * swap_lock, where lookups take theirs) or nobody can need the slot any
 * more (no PTE holds the entry).
 *
 * Swap-out (swap_out_mm): for each private anonymous page mapped in an
 * mm (not in shared or VM_IO/PFNMAP areas, not a page-cache page, not
 * the zero page), under page_table_lock: a PTE with the accessed bit set
 * loses it (the page was used: it stays); another has its page put in
 * the swap cache (a new slot; the page is locked by trylock) and becomes
 * the swap entry, the entry's count taking the PTE's place. The TLB is
 * flushed before page_table_lock is dropped, so no CPU writes the page
 * once it left the PTE. A page no PTE maps any more is written (async,
 * under a plug), waited for, and freed if unused.
 *
 * Locks: mmap_lock of a scanned mm by trylock (its owner may be the
 * allocating task, or waiting for memory with it held for writing);
 * page_table_lock -> folio lock (trylock) -> swap_lock. A fault takes
 * the folio lock, then page_table_lock, then swap_lock.
 */
#include "mm/swap.h"
#include "mm/internal.h"
#include "mm/lru.h"
#include "mm/folio.h"
#include "mm/vmscan.h"
#include "fs/vfs/aops.h"
#include "drivers/block/bio.h"
#include "kernel/lib/radix_tree.h"
#include "kernel/lib/uio.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/mutex.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/panic.h"

static struct radix_tree_root swap_cache = RADIX_TREE_INIT;	/* swap_lock */
static long nr_swapcache;					/* swap_lock (atomic reads) */
static DEFINE_MUTEX(swap_out_lock);	/* one walk of the mms at a time */

static swp_entry_t page_swp_entry(const struct page *page)
{
	return (swp_entry_t){ page->private };
}

unsigned long swap_cache_pages(void)
{
	return (unsigned long)MAX(READ_ONCE(nr_swapcache), 0L);
}

/* The page of entry in the swap cache, with a reference, or NULL. */
static struct page *lookup_swap_cache(swp_entry_t entry)
{
	struct page *page;

	spin_lock(&swap_lock);
	page = radix_tree_lookup(&swap_cache, entry.val);
	if (page)
		get_page(page);
	spin_unlock(&swap_lock);
	return page;
}

/* Insert the locked page for entry, whose HAS_CACHE the caller set.
 * Caller holds swap_lock. 0 or -ENOMEM/-EEXIST. */
static int __add_to_swap_cache(struct page *page, swp_entry_t entry)
{
	int err = radix_tree_insert(&swap_cache, entry.val, page);

	if (err)
		return err;
	get_page(page);				/* the cache's reference */
	page->private = entry.val;
	SetPageFlag(page, PG_swapcache);
	nr_swapcache++;
	return 0;
}

/* Take the locked page out of the cache; the caller drops the cache's
 * reference (put_page) after swap_lock. Caller holds swap_lock. */
static void __delete_from_swap_cache(struct page *page)
{
	swp_entry_t entry = page_swp_entry(page);

	radix_tree_delete(&swap_cache, entry.val);
	ClearPageFlag(page, PG_swapcache);
	page->private = 0;
	nr_swapcache--;
	__swap_cache_put_entry(entry, page);
}

/* A new slot for the locked page, which enters the cache. An anonymous
 * page's contents are valid by definition: it is marked uptodate, so a
 * process that faults on the slot while the page is still in the cache
 * (another mm after fork, say) maps it instead of taking it for a failed
 * read. */
static bool add_to_swap(struct page *page)
{
	swp_entry_t entry = get_swap_page();
	int err;

	if (!entry.val)
		return false;
	SetPageFlag(page, PG_uptodate);
	spin_lock(&swap_lock);
	err = __add_to_swap_cache(page, entry);
	if (err)
		__swap_cache_put_entry(entry, page);
	spin_unlock(&swap_lock);
	return !err;
}

/*
 * Free the locked swap-cache page if it is clean and unused (our
 * reference and the cache's only), or if no PTE needs its slot any more
 * and nobody maps it. Returns true if it left the cache.
 */
static bool try_free_swap_cache_page(struct page *page, bool slot_unused_only)
{
	bool gone = false;

	if (!PageFlag(page, PG_swapcache) || PageFlag(page, PG_writeback))
		return false;
	spin_lock(&swap_lock);
	if (swap_pte_count_locked(page_swp_entry(page)) == 0 ||
	    (!slot_unused_only && !PageFlag(page, PG_dirty) && page_ref_count(page) == 2 &&
	     !page_mapcount(page))) {
		__delete_from_swap_cache(page);
		gone = true;
	}
	spin_unlock(&swap_lock);
	if (gone) {
		ClearPageFlag(page, PG_dirty);	/* its data is in no slot now, or not needed */
		put_page(page);			/* the cache's reference */
	}
	return gone;
}

/* ------------------------------------------------------------ I/O */

static sector_t map_swap_page(struct swap_info_struct *sis, unsigned long offset)
{
	for (int i = 0; i < sis->nr_extents; i++) {
		struct swap_extent *se = &sis->extents[i];

		if (offset >= se->start_page && offset < se->start_page + se->nr_pages)
			return se->start_block + ((offset - se->start_page) << (PAGE_SHIFT - SECTOR_SHIFT));
	}
	BUG_ON(1);
	return 0;
}

/* I/O through ->swap_rw: synchronous here; returns 0 or -EIO. The lock
 * is handed off by the wrapper; the caller, the completion, unlocks. */
static int swap_rw_sync(struct swap_info_struct *sis, struct page *page, unsigned long offset,
			bool write)
{
	struct kiocb iocb = { .ki_filp = sis->swap_file, .ki_pos = (loff_t)offset << PAGE_SHIFT };
	struct kvec kv = { page_address(page), PAGE_SIZE };
	struct iov_iter iter;
	int ret;

	iov_iter_kvec(&iter, write ? ITER_SOURCE : ITER_DEST, &kv, 1, PAGE_SIZE);
	ret = call_swap_rw(&iocb, &iter, page_folio(page));
	return ret == PAGE_SIZE ? 0 : -EIO;
}

static void end_swap_bio_write(struct bio *bio)
{
	struct page *page = bio->bi_private;

	if (bio->bi_status) {
		SetPageFlag(page, PG_error);
		SetPageFlag(page, PG_dirty);	/* it is not on disk: keep it */
		pr_warn("swap: write error %d on slot %lu\n", bio->bi_status,
			swp_offset(page_swp_entry(page)));
	}
	folio_end_writeback(page_folio(page));
	bio_put(bio);
}

void swap_writepage(struct page *page)
{
	struct folio *folio = page_folio(page);
	swp_entry_t entry = page_swp_entry(page);
	struct swap_info_struct *sis = swp_info(entry);
	struct bio *bio;

	if (!folio_test_clear_dirty(folio)) {
		folio_unlock(folio);
		return;
	}
	folio_start_writeback(folio);
	reclaim_count_swapout();
	if (sis->flags & SWP_FS_OPS) {
		int err = swap_rw_sync(sis, page, swp_offset(entry), true);

		if (err) {
			SetPageFlag(page, PG_error);
			SetPageFlag(page, PG_dirty);
		}
		folio_end_writeback(folio);
		folio_unlock(folio);		/* handed off: the completion's unlock */
		return;
	}
	bio = bio_alloc(sis->bdev, 1, REQ_OP_WRITE, GFP_KERNEL | __GFP_NOWARN);
	if (!bio) {
		SetPageFlag(page, PG_dirty);
		folio_end_writeback(folio);
		folio_unlock(folio);
		return;
	}
	bio->bi_sector = map_swap_page(sis, swp_offset(entry));
	bio_add_page(bio, page, PAGE_SIZE, 0);
	bio->bi_end_io = end_swap_bio_write;
	bio->bi_private = page;
	folio_unlock(folio);
	submit_bio(bio);
}

int swap_readpage(struct page *page, swp_entry_t entry)
{
	struct folio *folio = page_folio(page);
	struct swap_info_struct *sis = swp_info(entry);
	int err;

	if (sis->flags & SWP_FS_OPS) {
		err = swap_rw_sync(sis, page, swp_offset(entry), false);
	} else {
		struct bio *bio = bio_alloc(sis->bdev, 1, REQ_OP_READ | REQ_SYNC, GFP_KERNEL);

		if (!bio) {
			folio_unlock(folio);
			return -ENOMEM;
		}
		bio->bi_sector = map_swap_page(sis, swp_offset(entry));
		bio_add_page(bio, page, PAGE_SIZE, 0);
		err = submit_bio_wait(bio) ? -EIO : 0;
		bio_put(bio);
	}
	if (!err)
		folio_mark_uptodate(folio);
	else
		SetPageFlag(page, PG_error);
	folio_unlock(folio);
	return err;
}

/* ------------------------------------------------------------ swap-in */

/*
 * The page for entry with a reference, from the cache or read into a new
 * page added there; unlocked. NULL with *err: -ENOMEM, -EIO, or -EAGAIN
 * (the slot was freed meanwhile: the PTE changed).
 */
static struct page *swapin_page(swp_entry_t entry, int *err)
{
	for (;;) {
		struct page *page = lookup_swap_cache(entry);

		if (page)
			return page;
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			*err = -ENOMEM;
			return NULL;
		}
		if (!folio_trylock(page_folio(page)))
			BUG_ON(1);		/* nobody else can see it */
		spin_lock(&swap_lock);
		*err = __swapcache_prepare(entry);
		if (!*err) {
			*err = __add_to_swap_cache(page, entry);
			if (*err)
				__swap_cache_put_entry(entry, page);
		}
		spin_unlock(&swap_lock);
		if (*err) {
			folio_unlock(page_folio(page));
			put_page(page);
			if (*err == -EEXIST) {	/* another is adding it: look again */
				schedule();
				continue;
			}
			*err = -EAGAIN;
			return NULL;
		}
		lru_cache_add_anon(page);
		*err = swap_readpage(page, entry);	/* unlocks */
		if (*err) {
			folio_lock(page_folio(page));
			if (PageFlag(page, PG_swapcache)) {
				spin_lock(&swap_lock);
				__delete_from_swap_cache(page);
				spin_unlock(&swap_lock);
				put_page(page);
			}
			folio_unlock(page_folio(page));
			put_page(page);
			return NULL;
		}
		return page;
	}
}

int do_swap_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte, u64 e)
{
	swp_entry_t entry = pte_to_swp_entry(e);
	bool write = vmf->flags & FAULT_FLAG_WRITE, removed = false, writable;
	struct folio *folio;
	struct page *page;
	int err = 0;
	u64 new;

	if (is_hwpoison_entry(entry))
		return -EIO;			/* the page had a memory failure: SIGBUS */
	page = swapin_page(entry, &err);
	if (!page)
		return err == -EAGAIN ? 0 : err;
	folio = page_folio(page);
	folio_lock(folio);
	if (!PageFlag(page, PG_swapcache) || page->private != entry.val) {
		/* Left the cache meanwhile: the retry finds the PTE changed,
		 * or reads the slot again. */
		folio_unlock(folio);
		put_page(page);
		return 0;
	}
	if (!folio_test_uptodate(folio)) {	/* its read failed */
		folio_unlock(folio);
		put_page(page);
		return -EIO;
	}
	spin_lock(&mm->page_table_lock);
	if (READ_ONCE(*pte) != e) {
		spin_unlock(&mm->page_table_lock);
		folio_unlock(folio);
		put_page(page);
		return 0;
	}
	spin_lock(&swap_lock);
	__swap_free_entry(entry, page);
	if (swap_pte_count_locked(entry) == 0 && !PageFlag(page, PG_writeback)) {
		__delete_from_swap_cache(page);	/* the slot is free: its data lives here */
		removed = true;
	}
	spin_unlock(&swap_lock);
	writable = write && removed && !page_mapcount(page) && (vmf->vma->vm_flags & VM_WRITE);
	new = mk_pte(page, vmf->vma->vm_flags, writable) | (writable ? PTE_D : 0);
	get_page(page);				/* the PTE's */
	mm_add_page(mm, page);
	WRITE_ONCE(*pte, new);
	spin_unlock(&mm->page_table_lock);
	if (removed) {
		SetPageFlag(page, PG_dirty);	/* only memory holds it now */
		put_page(page);			/* the cache's reference */
	}
	folio_unlock(folio);
	put_page(page);
	return 0;
}

/* ------------------------------------------------------------ swap-out */

#define SWAP_BATCH	32

struct swap_batch {
	int n;
	struct page *pages[SWAP_BATCH];	/* each with the reference its PTE had */
};

/* Write the batch's pages that no PTE maps, wait, and free those unused.
 * Returns the pages freed. */
static unsigned long swap_batch_finish(struct swap_batch *b)
{
	struct blk_plug plug;
	unsigned long freed = 0;

	blk_start_plug(&plug);
	for (int i = 0; i < b->n; i++) {
		struct page *page = b->pages[i];

		if (page_mapcount(page) || !folio_trylock(page_folio(page)))
			continue;
		if (PageFlag(page, PG_swapcache) && PageFlag(page, PG_dirty) &&
		    !PageFlag(page, PG_writeback))
			swap_writepage(page);	/* unlocks */
		else
			folio_unlock(page_folio(page));
	}
	blk_finish_plug(&plug);
	for (int i = 0; i < b->n; i++) {
		struct page *page = b->pages[i];

		folio_wait_writeback(page_folio(page));
		if (!page_mapcount(page) && folio_trylock(page_folio(page))) {
			if (try_free_swap_cache_page(page, false))
				freed++;
			folio_unlock(page_folio(page));
		}
		put_page(page);
	}
	b->n = 0;
	return freed;
}

/*
 * Look at the PTEs of one page table's worth of vma, [addr, end), under
 * page_table_lock. Returns false when swap is full.
 */
static bool swap_out_ptes(struct mm_struct *mm, u64 *pte, unsigned long addr, unsigned long end,
			  struct swap_batch *b, unsigned long *left)
{
	unsigned long first = addr, last = addr;
	bool flush = false, more = true;

	spin_lock(&mm->page_table_lock);
	for (; addr < end && *left && b->n < SWAP_BATCH; addr += PAGE_SIZE, pte++) {
		u64 e = READ_ONCE(*pte);
		struct page *page;

		if (!pte_has_page(e) || (e & PTE_SPECIAL))
			continue;
		page = pte_page(e);
		if (page->mapping || page == zero_page() || PageFlag(page, PG_reserved))
			continue;
		if (e & PTE_A) {		/* used lately: keep it, look again later */
			WRITE_ONCE(*pte, e & ~PTE_A);
			flush = true;
			last = addr + PAGE_SIZE;
			continue;
		}
		if (!folio_trylock(page_folio(page)))
			continue;
		if (!PageFlag(page, PG_swapcache)) {
			if (!add_to_swap(page)) {
				folio_unlock(page_folio(page));
				more = false;
				break;
			}
			SetPageFlag(page, PG_dirty);
		} else if (e & PTE_D) {
			SetPageFlag(page, PG_dirty);
		}
		swap_duplicate(page_swp_entry(page));
		WRITE_ONCE(*pte, swp_entry_to_pte(page_swp_entry(page)));
		page_remove_map(page);
		__atomic_fetch_sub(&mm->rss, 1, __ATOMIC_RELAXED);
		folio_unlock(page_folio(page));
		b->pages[b->n++] = page;	/* the PTE's reference, dropped later */
		flush = true;
		last = addr + PAGE_SIZE;
		(*left)--;
	}
	if (flush)
		flush_tlb_mm_range(mm, first, last);
	spin_unlock(&mm->page_table_lock);
	return more;
}

static bool swappable_vma(const struct vm_area_struct *vma)
{
	return !(vma->vm_flags & (VM_SHARED | VM_IO | VM_PFNMAP)) && !vma->vm_shared_anon;
}

unsigned long swap_out_mm(struct mm_struct *mm, unsigned long nr, bool may_write)
{
	struct swap_batch b = { 0 };
	unsigned long freed = 0, left = nr;
	struct vm_area_struct *vma;
	bool more = true;

	if (!down_read_trylock(&mm->mmap_lock))
		return 0;
	for (vma = mm->mmap; vma && more && left; vma = vma->vm_next) {
		unsigned long addr = vma->vm_start;

		if (!swappable_vma(vma))
			continue;
		while (addr < vma->vm_end && more && left) {
			unsigned long tend = MIN(ALIGN_DOWN(addr, 512 * PAGE_SIZE) + 512 * PAGE_SIZE,
						 vma->vm_end);
			u64 *pte = pte_lookup(mm, addr);

			if (pte) {
				while (addr < tend && more && left) {
					unsigned long stop = MIN(tend, addr + SWAP_BATCH * PAGE_SIZE);

					more = swap_out_ptes(mm, pte, addr, stop, &b, &left);
					pte += (stop - addr) >> PAGE_SHIFT;
					addr = stop;
					if (b.n)
						freed += swap_batch_finish(&b);
				}
			}
			addr = tend;
		}
	}
	up_read(&mm->mmap_lock);
	return freed;
}

/* ------------------------------------------------------------ reclaim */

/* Free what the inactive anonymous list holds of swap-cache pages that
 * no PTE maps (written ones, or ones whose slot nobody needs). */
static unsigned long shrink_swap_cache(unsigned long nr)
{
	struct page *pages[SWAP_BATCH];
	unsigned long freed = 0, budget = MAX(4 * nr, 256UL);

	while (budget && freed < nr && swap_cache_pages()) {
		int n = lru_isolate(LRU_INACTIVE_ANON, pages, (int)MIN(budget, (unsigned long)SWAP_BATCH));

		if (!n)
			break;
		budget -= MIN(budget, (unsigned long)n);
		for (int i = 0; i < n; i++) {
			struct page *page = pages[i];
			bool gone = false;

			if (PageFlag(page, PG_swapcache) && !page_mapcount(page) &&
			    folio_trylock(page_folio(page))) {
				if (PageFlag(page, PG_dirty) && !PageFlag(page, PG_writeback) &&
				    swap_pte_count(page_swp_entry(page))) {
					swap_writepage(page);		/* unlocks */
				} else {
					gone = try_free_swap_cache_page(page, false);
					folio_unlock(page_folio(page));
				}
			}
			if (gone) {
				freed++;
				put_page(page);		/* the last: freed */
			} else {
				lru_putback(page, false);
			}
		}
	}
	return freed;
}

int get_user_tasks(struct task_struct **tasks, int max)
{
	struct task_struct *t;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process_locked(t) {
		if (n == max)
			break;
		if (t->mm && !t->exit_state && tryget_task_struct(t))
			tasks[n++] = t;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

/* Walk the mms of every process, from where the last walk stopped. */
static unsigned long swap_out_all(unsigned long nr, bool may_write)
{
	static int next;		/* swap_out_lock: index to start from */
	struct task_struct *tasks[64];
	struct mm_struct *mms[64];
	unsigned long freed = 0;
	int n, m = 0;

	n = get_user_tasks(tasks, ARRAY_SIZE(tasks));
	for (int i = 0; i < n; i++) {
		struct mm_struct *mm = get_task_mm(tasks[i]);

		if (mm)
			mms[m++] = mm;
		put_task_struct(tasks[i]);
	}
	mutex_lock(&swap_out_lock);
	for (int i = 0; i < m && freed < nr; i++)
		freed += swap_out_mm(mms[(next + i) % m], nr - freed, may_write);
	if (m)
		next = (next + 1) % m;
	mutex_unlock(&swap_out_lock);
	for (int i = 0; i < m; i++)
		reclaim_mmput(mms[i]);	/* a last one goes to kswapd */
	return freed;
}

unsigned long swap_reclaim(unsigned long nr, bool may_write)
{
	unsigned long freed = 0;

	if (swap_cache_pages())
		freed += shrink_swap_cache(nr);
	if (freed < nr && nr_swap_free())
		freed += swap_out_all(nr - freed, may_write);
	return freed;
}

/* ------------------------------------------------------------ swapoff */

int unuse_mm(struct mm_struct *mm, int type)
{
	struct vm_area_struct *vma;
	int err = 0;

	down_read(&mm->mmap_lock);
	for (vma = mm->mmap; vma && !err; vma = vma->vm_next) {
		for (unsigned long addr = vma->vm_start; addr < vma->vm_end && !err;
		     addr += PAGE_SIZE) {
			struct vm_fault vmf = { .vma = vma, .address = addr };
			u64 *pte = pte_lookup(mm, addr), e;

			if (!pte) {
				addr = ALIGN_DOWN(addr, 512 * PAGE_SIZE) + 511 * PAGE_SIZE;
				continue;
			}
			e = READ_ONCE(*pte);
			if (!is_swap_pte(e) || swp_type(pte_to_swp_entry(e)) != (unsigned)type)
				continue;
			vmf.pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
			err = do_swap_page(mm, &vmf, pte, e);
		}
	}
	up_read(&mm->mmap_lock);
	return err;
}

/* Drop the swap-cache pages of area type that no PTE needs. */
static void unuse_swap_cache(int type)
{
	unsigned long index = swp_entry((unsigned)type, 0).val;
	unsigned long last = swp_entry((unsigned)type + 1, 0).val - 1;

	for (;;) {
		struct page *page;

		spin_lock(&swap_lock);
		page = radix_tree_next(&swap_cache, &index, RADIX_TREE_ANY_TAG);
		if (page && index <= last)
			get_page(page);
		else
			page = NULL;
		spin_unlock(&swap_lock);
		if (!page)
			return;
		folio_lock(page_folio(page));
		folio_wait_writeback(page_folio(page));
		if (PageFlag(page, PG_swapcache) && page->private == index)
			try_free_swap_cache_page(page, true);
		folio_unlock(page_folio(page));
		put_page(page);
		index++;
	}
}

int try_to_unuse(int type)
{
	struct swap_info_struct *sis = swap_info_of(type);

	might_sleep();
	for (int pass = 0; pass < 16; pass++) {
		struct task_struct *tasks[64];
		int n = get_user_tasks(tasks, ARRAY_SIZE(tasks)), err = 0;

		for (int i = 0; i < n; i++) {
			struct mm_struct *mm = err ? NULL : get_task_mm(tasks[i]);

			if (mm) {
				err = unuse_mm(mm, type);
				mmput(mm);
			}
			put_task_struct(tasks[i]);
		}
		if (err)
			return err == -EIO ? -EIO : -ENOMEM;
		unuse_swap_cache(type);
		if (!READ_ONCE(sis->inuse_pages))
			return 0;
		msleep(10);		/* a fork or a fault in flight: look again */
	}
	return -EBUSY;
}
