/*
 * Memory failure: what happens to a page whose memory went bad (Linux's
 * mm/memory-failure.c). Real hardware reports are not handled; the test
 * hook madvise(MADV_HWPOISON) (root only) brings a page of the caller here.
 *
 * The page is taken out of use for good: it keeps one reference that is
 * never dropped, so it is never allocated again. Then:
 *
 *   a page-cache page: its mapping's ->error_remove_page (through the
 *     checked wrapper), with invalidate_lock held exclusive and the folio
 *     locked as for truncation; generic_error_remove_page unmaps it and
 *     drops it from the cache, so the next access reads the file again.
 *     Dirty data is lost: the mapping records -EIO for the next fsync. A
 *     mapping without the op (a block device's) gets a clean page
 *     unmapped and dropped the same way; a dirty one stays (-EBUSY).
 *
 *   an anonymous page: every PTE of every process that maps it becomes a
 *     hwpoison entry (an access raises SIGBUS), and each such process is
 *     sent SIGBUS with si_code BUS_MCEERR_AR and the address.
 *
 * Swap-cache pages and pages of no kind known here are refused (-EBUSY).
 *
 * Locks: taken in the usual order (invalidate_lock -> folio lock; a
 * process's mmap_lock -> page_table_lock), nothing held by the caller.
 */
#include "mm/memory_failure.h"
#include "mm/internal.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "mm/swap.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/inode.h"
#include "kernel/sched/sched.h"
#include "kernel/user/signal.h"
#include "kernel/user/cred.h"
#include "mm/gup.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

#define BUS_MCEERR_AR	4	/* hardware memory error consumed: action required */

unsigned long nr_hwpoisoned;	/* atomic: pages taken out of use */

/* A page-cache folio (referenced by the caller). */
static int page_cache_failure(struct folio *folio)
{
	struct address_space *mapping;
	struct inode *host;
	int err = 0;

	folio_lock(folio);
	mapping = folio->mapping;
	host = mapping ? igrab(mapping->host) : NULL;
	folio_unlock(folio);
	if (!host)
		return 0;			/* truncated meanwhile: gone already */
	filemap_invalidate_lock(mapping);
	folio_lock(folio);
	if (folio->mapping == mapping) {
		folio_wait_writeback(folio);
		if (folio_test_dirty(folio))
			mapping_set_error(mapping, -EIO);
		if (mapping->a_ops && mapping->a_ops->error_remove_page) {
			err = call_error_remove_page(mapping, &folio->page);
		} else if (!folio_test_dirty(folio) && filemap_release_folio(folio, GFP_KERNEL)) {
			if (folio_mapped(folio))
				unmap_mapping_folio(folio);
			filemap_remove_folio(folio);
		} else {
			err = -EBUSY;
		}
	}
	folio_unlock(folio);
	filemap_invalidate_unlock(mapping);
	iput(host);
	return err;
}

/* An anonymous page: poison every PTE that maps it, signal its users. */
static int anon_failure(struct page *page)
{
	struct task_struct *tasks[64];
	int n = get_user_tasks(tasks, ARRAY_SIZE(tasks));

	for (int i = 0; i < n; i++) {
		struct mm_struct *mm = get_task_mm(tasks[i]);
		unsigned long addr = 0, first;
		int hits = 0;

		if (mm) {
			down_write(&mm->mmap_lock);
			for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next) {
				if ((vma->vm_flags & VM_SHARED) && vma->vm_file)
					continue;	/* file pages: not this one */
				if (poison_vma_page(vma, page, &first) && !hits++)
					addr = first;
			}
			up_write(&mm->mmap_lock);
			mmput(mm);
		}
		if (hits) {
			pr_err("Memory failure: %#lx: killing process %d with SIGBUS\n",
			       page_to_pfn(page), tasks[i]->pid);
			send_signal_info(tasks[i], SIGBUS,
					 &(struct ksiginfo){ .code = BUS_MCEERR_AR, .addr = addr });
		}
		put_task_struct(tasks[i]);
	}
	return 0;
}

int memory_failure(struct page *page)
{
	struct folio *folio = page_folio(page);
	int err;

	might_sleep();
	if (PageFlag(page, PG_hwpoison))
		return 0;			/* poisoned already */
	if (PageFlag(page, PG_reserved) || PageFlag(page, PG_slab) || PageFlag(page, PG_swapcache))
		return -EBUSY;
	SetPageFlag(page, PG_hwpoison);
	get_page(page);				/* never dropped: out of use for good */
	__atomic_add_fetch(&nr_hwpoisoned, 1, __ATOMIC_RELAXED);
	pr_err("Memory failure: %#lx: %s page\n", page_to_pfn(page),
	       folio->mapping ? "page-cache" : "anonymous");
	if (folio->mapping)
		err = page_cache_failure(folio);
	else
		err = anon_failure(page);
	if (err)
		pr_err("Memory failure: %#lx: recovery failed (%d)\n", page_to_pfn(page), err);
	return err;
}

int madvise_hwpoison(unsigned long start, unsigned long len)
{
	int err = 0;

	if (!capable_root())
		return -EPERM;
	for (unsigned long va = start; va < start + len && !err; va += PAGE_SIZE) {
		struct page *page;

		if (get_user_pages_fast(va, 1, 0, &page) != 1)
			return -EFAULT;
		err = memory_failure(page);
		put_page(page);
	}
	return err;
}
