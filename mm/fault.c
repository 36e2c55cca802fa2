/*
 * User page faults (see fault.h): pages are filled on first touch.
 *
 * - Private anonymous memory: a read maps the shared zero page read-only,
 *   a write a fresh zeroed page.
 * - Shared anonymous memory: the page of the shared object (shared_anon.h).
 * - A mapping with vm_ops (a file): a read first lets ->map_pages map the
 *   pages around it that are ready (fault-around), then asks ->fault for
 *   the page, which comes back locked; a shared mapping maps that page, a
 *   write to it first calling ->page_mkwrite; a private one maps it
 *   read-only and a write copies it (copy-on-write). The VM unlocks it.
 * - A write to a present read-only page: in a shared mapping,
 *   ->page_mkwrite (or ->pfn_mkwrite for a page-less entry) then the PTE
 *   becomes writable; in a private one the page is copied, or just made
 *   writable when it is anonymous and this PTE holds its only reference.
 * - A fault just below a stack (VM_GROWSDOWN) extends it, up to
 *   RLIMIT_STACK, with mmap_lock taken for writing for that moment.
 *
 * Locking: takes the mm's mmap_lock for reading (the vm_operations are
 * called with it, as the seed's table says); a PTE is set under
 * page_table_lock after checking that nobody set it meanwhile, and a page
 * a PTE maps is used only with a reference taken under that lock (the page
 * cache may unmap a file VMA's PTEs at any time: mm/rmap.h).
 */
#include "mm/fault.h"
#include "mm/internal.h"
#include "mm/shared_anon.h"
#include "mm/vm_ops.h"
#include "mm/folio.h"
#include "mm/pagemap.h"
#include "mm/swap.h"
#include "kernel/sched/sched.h"
#include "kernel/user/signal.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"

#define DEFAULT_STACK_LIMIT	(8UL << 20)
#define FAULT_AROUND_PAGES	16	/* ->map_pages window, as Linux's default */
#define PTES_PER_TABLE		512

static unsigned long linear_pgoff(const struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
}

/* What handle_mm_fault reports for a handler's result. */
static int vm_fault_errno(vm_fault_t ret)
{
	if (ret & VM_FAULT_OOM)
		return -ENOMEM;
	if (ret & VM_FAULT_SIGBUS)
		return -EIO;
	if (ret & VM_FAULT_SIGSEGV)
		return -EFAULT;
	return 0;
}

/* *pte, and a reference to the page it maps in *pagep (NULL if none or a
 * page-less entry), read under page_table_lock. */
static u64 pte_get_page(struct mm_struct *mm, u64 *pte, struct page **pagep)
{
	u64 e;

	spin_lock(&mm->page_table_lock);
	e = *pte;
	*pagep = NULL;
	if (pte_has_page(e) && !(e & PTE_SPECIAL)) {
		*pagep = pte_page(e);
		get_page(*pagep);
	}
	spin_unlock(&mm->page_table_lock);
	return e;
}

/* Set *pte from old to new unless it changed meanwhile; flush it. */
static bool set_pte_checked(struct mm_struct *mm, unsigned long addr, u64 *pte, u64 old, u64 new)
{
	bool done;

	spin_lock(&mm->page_table_lock);
	done = *pte == old;
	if (done)
		WRITE_ONCE(*pte, new);
	spin_unlock(&mm->page_table_lock);
	if (done)
		flush_tlb_mm_range(mm, addr, addr + PAGE_SIZE);
	return done;
}

/* Map page at an empty *pte; the PTE takes over the caller's reference.
 * False (the reference still the caller's) if the slot was filled
 * meanwhile. */
static bool install_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte,
			 struct page *page, bool writable)
{
	u64 e = mk_pte(page, vmf->vma->vm_flags, writable);

	if (page == zero_page())
		e |= PTE_COW;
	if (writable)
		e |= PTE_D;
	spin_lock(&mm->page_table_lock);
	if (pte_has_page(*pte)) {		/* filled meanwhile */
		spin_unlock(&mm->page_table_lock);
		return false;
	}
	WRITE_ONCE(*pte, e);
	mm_add_page(mm, page);
	spin_unlock(&mm->page_table_lock);
	return true;
}

/* install_page for a page with no other use: dropped if the slot filled. */
static int install_new_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte,
			    struct page *page, bool writable)
{
	if (!install_page(mm, vmf, pte, page, writable))
		put_page(page);
	return 0;
}

bool do_set_pte(struct vm_fault *vmf, struct page *page, unsigned long addr)
{
	struct mm_struct *mm = vmf->vma->vm_mm;
	u64 *pte = vmf->pte + (long)(addr - vmf->address) / (long)PAGE_SIZE;

	lockdep_assert_held(&mm->page_table_lock);
	if (pte_has_page(*pte) || is_swap_pte(*pte))	/* a swapped-out private copy */
		return false;
	WRITE_ONCE(*pte, mk_pte(page, vmf->vma->vm_flags, false));
	mm_add_page(mm, page);
	return true;
}

vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn)
{
	struct mm_struct *mm = vma->vm_mm;
	bool writable = (vma->vm_flags & (VM_SHARED | VM_WRITE)) == (VM_SHARED | VM_WRITE) &&
			!(vma->vm_ops && vma->vm_ops->pfn_mkwrite);
	u64 *pte = pte_alloc(mm, addr);
	u64 e = pte_set_prot(((u64)pfn << PAGE_SHIFT) | (writable ? PTE_W : 0), vma->vm_flags);

	lockdep_assert_held(&mm->mmap_lock);
	if (!pte)
		return VM_FAULT_OOM;
	spin_lock(&mm->page_table_lock);
	if (!pte_has_page(*pte))
		WRITE_ONCE(*pte, e | PTE_SPECIAL);
	spin_unlock(&mm->page_table_lock);
	return VM_FAULT_NOPAGE;
}

/* ------------------------------------------------- faults through vm_ops */

/*
 * Let ->map_pages map what it can of the FAULT_AROUND_PAGES-aligned
 * window around the fault (inside the VMA and the page table of *pte).
 * True if the faulting address is now mapped.
 */
static bool do_fault_around(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte)
{
	struct vm_area_struct *vma = vmf->vma;
	unsigned long table = ALIGN_DOWN(vmf->address, PTES_PER_TABLE * PAGE_SIZE);
	unsigned long start = ALIGN_DOWN(vmf->address, FAULT_AROUND_PAGES * PAGE_SIZE);
	unsigned long end = start + FAULT_AROUND_PAGES * PAGE_SIZE;

	start = MAX(start, MAX(vma->vm_start, table));
	end = MIN(end, MIN(vma->vm_end, table + PTES_PER_TABLE * PAGE_SIZE));
	vmf->pte = pte;
	spin_lock(&mm->page_table_lock);
	call_vm_map_pages(vmf, linear_pgoff(vma, start), linear_pgoff(vma, end - PAGE_SIZE));
	spin_unlock(&mm->page_table_lock);
	vmf->pte = NULL;
	return pte_has_page(READ_ONCE(*pte));
}

/* ->fault: vmf->page locked on success. */
static vm_fault_t __do_fault(struct vm_fault *vmf)
{
	vm_fault_t ret;

	vmf->page = NULL;
	ret = call_vm_fault(vmf->vma, vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return ret;
	if (!(ret & VM_FAULT_LOCKED))
		folio_lock(page_folio(vmf->page));
	return ret | VM_FAULT_LOCKED;
}

/* Map the locked page ->fault gave, unlock it. */
static int finish_fault(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte, bool writable)
{
	struct folio *folio = page_folio(vmf->page);
	bool mapped = install_page(mm, vmf, pte, vmf->page, writable);

	folio_unlock(folio);
	if (!mapped)
		folio_put(folio);
	return 0;
}

/*
 * ->page_mkwrite for vmf->page (a reference, unlocked): on success the page
 * is locked and may be mapped writable. Returns VM_FAULT_* (NOPAGE when it
 * was truncated meanwhile: the access retries).
 */
static vm_fault_t do_page_mkwrite(struct vm_fault *vmf)
{
	struct folio *folio = page_folio(vmf->page);
	vm_fault_t ret = call_vm_page_mkwrite(vmf->vma, vmf);

	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return ret;
	if (!(ret & VM_FAULT_LOCKED)) {
		folio_lock(folio);
		if (!folio->mapping) {
			folio_unlock(folio);
			return VM_FAULT_NOPAGE;
		}
	}
	return ret | VM_FAULT_LOCKED;
}

/* A read of a missing page: mapped read-only, so that the first write,
 * even to a shared mapping, faults (->page_mkwrite, or dirtying). */
static int do_read_fault(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte)
{
	vm_fault_t ret;

	if (vmf->vma->vm_ops->map_pages && do_fault_around(mm, vmf, pte))
		return 0;
	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return vm_fault_errno(ret);
	return finish_fault(mm, vmf, pte, false);
}

/* A write to a missing page of a private mapping: a copy of the page. */
static int do_cow_fault(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte)
{
	struct page *new = alloc_page(GFP_KERNEL);
	vm_fault_t ret;

	if (!new)
		return -ENOMEM;
	ret = __do_fault(vmf);
	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) {
		put_page(new);
		return vm_fault_errno(ret);
	}
	memcpy(page_address(new), page_address(vmf->page), PAGE_SIZE);
	folio_unlock(page_folio(vmf->page));
	put_page(vmf->page);
	return install_new_page(mm, vmf, pte, new, vmf->vma->vm_flags & VM_WRITE);
}

/* A write to a missing page of a shared mapping: the page itself, made
 * ready for writing by ->page_mkwrite. */
static int do_shared_fault(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte)
{
	struct folio *folio;
	vm_fault_t ret = __do_fault(vmf);

	if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
		return vm_fault_errno(ret);
	folio = page_folio(vmf->page);
	if (vmf->vma->vm_ops->page_mkwrite) {
		folio_unlock(folio);
		ret = do_page_mkwrite(vmf);
		if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE)) {
			folio_put(folio);
			return vm_fault_errno(ret);
		}
	} else {
		folio_mark_dirty(folio);
	}
	return finish_fault(mm, vmf, pte, true);
}

/* ------------------------------------------------- missing and present */

static int do_missing_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte)
{
	struct vm_area_struct *vma = vmf->vma;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	struct page *page;

	if (vma->vm_shared_anon) {
		page = shared_anon_get_page(vma->vm_shared_anon, vmf->pgoff);
		return page ? install_new_page(mm, vmf, pte, page, true) : -ENOMEM;
	}
	if (vma->vm_file) {
		if (!vma->vm_ops || !vma->vm_ops->fault)
			return -EIO;		/* nothing can fill it: SIGBUS */
		if (!write)
			return do_read_fault(mm, vmf, pte);
		if (vma->vm_flags & VM_SHARED)
			return do_shared_fault(mm, vmf, pte);
		return do_cow_fault(mm, vmf, pte);
	}
	if (!write) {
		page = zero_page();
		get_page(page);
		return install_new_page(mm, vmf, pte, page, false);
	}
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	return page ? install_new_page(mm, vmf, pte, page, true) : -ENOMEM;
}

/* A write to a present read-only entry of a shared mapping: tell the
 * owner (->page_mkwrite, ->pfn_mkwrite), then make it writable. page: our
 * reference, or NULL for a page-less entry. */
static int do_wp_shared(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte, u64 e,
			struct page *page)
{
	const struct vm_operations_struct *ops = vmf->vma->vm_ops;
	vm_fault_t ret = 0;

	if (!(vmf->vma->vm_flags & VM_WRITE))
		return 0;		/* a forced write: the kernel writes past the PTE */
	if (!page) {
		if (ops && ops->pfn_mkwrite)
			ret = call_vm_pfn_mkwrite(vmf->vma, vmf);
		if (!(ret & VM_FAULT_ERROR))
			set_pte_checked(mm, vmf->address, pte, e, e | PTE_W | PTE_D);
		return vm_fault_errno(ret);
	}
	if (ops && ops->page_mkwrite) {
		vmf->page = page;
		ret = do_page_mkwrite(vmf);
		if (ret & (VM_FAULT_ERROR | VM_FAULT_NOPAGE))
			return vm_fault_errno(ret);
	} else if (page->mapping) {		/* a file page, no ->page_mkwrite */
		folio_lock(page_folio(page));
		if (page->mapping)
			folio_mark_dirty(page_folio(page));
		folio_unlock(page_folio(page));
	}
	set_pte_checked(mm, vmf->address, pte, e, e | PTE_W | PTE_D);
	if (ret & VM_FAULT_LOCKED)
		folio_unlock(page_folio(page));
	return 0;
}

/* A write to a present read-only page of a private mapping (the VMA allows
 * it, or the kernel forces it). page: our reference. An anonymous page
 * only this PTE (and our reference) holds is written in place; any other
 * (shared after fork, the zero page, a page of the file) is copied. A
 * forced write to a read-only VMA leaves the PTE read-only. */
static int do_wp_private(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte, u64 e,
			 struct page *old)
{
	bool writable = vmf->vma->vm_flags & VM_WRITE;
	struct page *new;

	if (old != zero_page() && !old->mapping && page_ref_count(old) == 2) {
		set_pte_checked(mm, vmf->address, pte, e, (e & ~PTE_COW) | (writable ? PTE_W : 0));
		return 0;
	}
	new = alloc_page(GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	memcpy(page_address(new), page_address(old), PAGE_SIZE);
	spin_lock(&mm->page_table_lock);
	if (*pte != e) {			/* changed meanwhile: retry */
		spin_unlock(&mm->page_table_lock);
		put_page(new);
		return 0;
	}
	WRITE_ONCE(*pte, mk_pte(new, vmf->vma->vm_flags, writable) | (writable ? PTE_D : 0));
	mm_add_page(mm, new);
	spin_unlock(&mm->page_table_lock);
	flush_tlb_mm_range(mm, vmf->address, vmf->address + PAGE_SIZE);
	mm_remove_page(mm, old);	/* after the flush: nothing reaches it from here */
	return 0;
}

static bool access_permitted(const struct vm_fault *vmf)
{
	unsigned long f = vmf->vma->vm_flags;

	if (vmf->flags & FAULT_FLAG_WRITE) {
		if (f & VM_WRITE)
			return true;
		/* A forced write (ptrace, exec) may break copy-on-write in a
		 * private mapping, never write a shared read-only one. */
		return (vmf->flags & FAULT_FLAG_FORCE) && !(f & VM_SHARED) && (f & VM_MAYWRITE);
	}
	if (vmf->flags & FAULT_FLAG_FORCE)
		return f & (VM_ACCESS_FLAGS | VM_MAYREAD);
	if (vmf->flags & FAULT_FLAG_INSTRUCTION)
		return f & VM_EXEC;
	return f & VM_ACCESS_FLAGS;
}

/* The fault in vmf->vma, access already checked. mmap_lock held. */
static int do_fault_locked(struct mm_struct *mm, struct vm_fault *vmf)
{
	u64 *pte = pte_alloc(mm, vmf->address), e, want;
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	struct page *page;
	int ret = 0;

	if (!pte)
		return -ENOMEM;
	vmf->pgoff = linear_pgoff(vmf->vma, vmf->address);
	e = pte_get_page(mm, pte, &page);
	if (is_swap_pte(e))
		return do_swap_page(mm, vmf, pte, e);
	if (!pte_has_page(e))
		return do_missing_page(mm, vmf, pte);
	want = pte_set_prot(e, vmf->vma->vm_flags);
	if (want != e) {	/* behind its VMA's protection: the retry sees it */
		set_pte_checked(mm, vmf->address, pte, e, want);
	} else if (write && !(e & PTE_W)) {
		if (vmf->vma->vm_flags & VM_SHARED)
			ret = do_wp_shared(mm, vmf, pte, e, page);
		else if (page)
			ret = do_wp_private(mm, vmf, pte, e, page);
	} else if (vmf->flags & FAULT_FLAG_KERNEL) {
		/* Nothing to do. In kernel mode, a protection fault on a page
		 * that allows the access is SMAP's (a user access outside
		 * stac/clac). */
		ret = -EFAULT;
	} else {
		flush_tlb_mm_range(mm, vmf->address, vmf->address + PAGE_SIZE);
	}
	if (page)
		put_page(page);
	return ret;
}

/* ------------------------------------------------- the entry points */

static unsigned long stack_limit(struct mm_struct *mm)
{
	u64 lim = DEFAULT_STACK_LIMIT;

	if (current && current->mm == mm)
		lim = current->rlim[RLIMIT_STACK].rlim_cur;
	return lim > USER_TOP ? USER_TOP : lim;
}

int expand_stack(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr), *prev;
	unsigned long start = ALIGN_DOWN(addr, PAGE_SIZE);

	lockdep_assert_held_write(&mm->mmap_lock);
	if (!vma || !(vma->vm_flags & VM_GROWSDOWN))
		return -EFAULT;
	if (vma->vm_start <= start)
		return 0;
	if (start < MMAP_MIN_ADDR || vma->vm_end - start > stack_limit(mm))
		return -EFAULT;
	prev = vma->vm_prev;
	if (prev && prev->vm_end + STACK_GUARD_GAP > start)
		return -EFAULT;
	vma->vm_start = start;
	return 0;
}

/* The VMA for vmf->address, growing a stack to it; NULL if none. Called
 * and returns with mmap_lock held for reading. */
static struct vm_area_struct *fault_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);
	int err;

	if (!vma || vma->vm_start <= addr)
		return vma;
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return NULL;
	up_read(&mm->mmap_lock);
	down_write(&mm->mmap_lock);
	err = expand_stack(mm, addr);
	downgrade_write(&mm->mmap_lock);
	vma = err ? NULL : find_vma(mm, addr);
	return vma && vma->vm_start <= addr ? vma : NULL;
}

static unsigned fault_flags(unsigned long error_code)
{
	unsigned flags = 0;

	if (error_code & PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	if (!(error_code & PF_USER) && (error_code & PF_PROT))
		flags |= FAULT_FLAG_KERNEL;
	return flags;
}

int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned long error_code)
{
	struct vm_fault vmf = {
		.address = ALIGN_DOWN(addr, PAGE_SIZE),
		.flags = fault_flags(error_code),
	};
	int ret = -EFAULT;

	might_sleep();
	if (addr >= USER_TOP || (error_code & PF_RSVD))
		return -EFAULT;
	down_read(&mm->mmap_lock);
	vmf.vma = fault_vma(mm, vmf.address);
	if (vmf.vma && access_permitted(&vmf))
		ret = do_fault_locked(mm, &vmf);
	up_read(&mm->mmap_lock);
	return ret;
}

struct page *get_user_page_locked(struct mm_struct *mm, unsigned long va, bool write)
{
	struct vm_fault vmf = {
		.address = ALIGN_DOWN(va, PAGE_SIZE),
		.flags = FAULT_FLAG_FORCE | FAULT_FLAG_REMOTE | (write ? FAULT_FLAG_WRITE : 0),
	};
	struct page *page;
	u64 *pte;

	lockdep_assert_held(&mm->mmap_lock);
	vmf.vma = find_vma(mm, va);
	if (!vmf.vma || vmf.vma->vm_start > va || (vmf.vma->vm_flags & (VM_IO | VM_PFNMAP)))
		return NULL;
	if (!access_permitted(&vmf) || do_fault_locked(mm, &vmf))
		return NULL;
	pte = pte_lookup(mm, va);
	if (!pte)
		return NULL;
	pte_get_page(mm, pte, &page);
	return page;
}

struct page *fault_in_for_kernel_write(struct mm_struct *mm, unsigned long va)
{
	struct page *page;

	lockdep_assert_held_write(&mm->mmap_lock);
	page = get_user_page_locked(mm, va, true);
	if (page)
		put_page(page);		/* mmap_lock (write) keeps it mapped */
	return page;
}
