/*
 * User page faults (see fault.h): pages are filled on first touch.
 *
 * - Private anonymous memory: a read maps the shared zero page read-only,
 *   a write a fresh zeroed page.
 * - Shared anonymous memory: the page of the shared object (shared_anon.h).
 * - A file mapping: a private page filled from the file. The file is read
 *   with mmap_lock dropped (reading takes i_rwsem, which comes before
 *   mmap_lock); the fault then starts again and uses the page if the VMA
 *   still maps that file at that offset.
 * - A write to a present read-only page of a writable private VMA breaks
 *   copy-on-write: the page is copied, or just made writable when this
 *   PTE holds its only reference.
 * - A fault just below a stack (VM_GROWSDOWN) extends it, up to
 *   RLIMIT_STACK, with mmap_lock taken for writing for that moment.
 *
 * Locking: takes the mm's mmap_lock for reading; a PTE is set under
 * page_table_lock after checking that nobody set it meanwhile.
 */
#include "mm/fault.h"
#include "mm/internal.h"
#include "mm/shared_anon.h"
#include "kernel/sched/sched.h"
#include "kernel/user/signal.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "fs/vfs/file.h"

#define FAULT_FLAG_WRITE	0x1
#define FAULT_FLAG_INSTR	0x2
#define FAULT_FLAG_FORCE	0x4	/* the kernel writes, whatever the protection */
#define FAULT_FLAG_KERNEL	0x8	/* from kernel mode (copy_*_user) */

#define VM_FAULT_NEED_READ	1	/* drop mmap_lock, read want_file, retry */

#define DEFAULT_STACK_LIMIT	(8UL << 20)

struct vm_fault {
	struct vm_area_struct *vma;	/* mmap_lock */
	unsigned long address;		/* page aligned */
	unsigned flags;			/* FAULT_FLAG_* */
	/* A file page read without mmap_lock, and which one it is: */
	struct file *file;		/* a reference */
	loff_t pos;
	struct page *page;		/* a reference, or NULL */
	/* Set when the fault needs another page read: */
	struct file *want_file;		/* a reference */
	loff_t want_pos;
};

static unsigned long linear_pgoff(const struct vm_area_struct *vma, unsigned long addr)
{
	return vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
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

/* Map page (whose reference the PTE takes over) at an empty *pte. */
static int install_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte,
			struct page *page, bool writable)
{
	u64 e = mk_pte(page, vmf->vma->vm_flags, writable);

	if (page == zero_page())
		e |= PTE_COW;
	spin_lock(&mm->page_table_lock);
	if (pte_has_page(*pte)) {		/* filled meanwhile */
		spin_unlock(&mm->page_table_lock);
		put_page(page);
		return 0;
	}
	WRITE_ONCE(*pte, e);
	spin_unlock(&mm->page_table_lock);
	mm_add_page(mm, page);
	return 0;
}

/* A private file page: the one read last time if it is the right one,
 * else ask for it to be read (impossible for a forced kernel write). */
static int do_file_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte)
{
	struct vm_area_struct *vma = vmf->vma;
	loff_t pos = (loff_t)linear_pgoff(vma, vmf->address) << PAGE_SHIFT;
	struct page *page = vmf->page;

	if (page && vmf->file == vma->vm_file && vmf->pos == pos) {
		vmf->page = NULL;
		return install_page(mm, vmf, pte, page, true);
	}
	if (vmf->flags & FAULT_FLAG_FORCE)
		return -EFAULT;
	vmf->want_file = get_file(vma->vm_file);
	vmf->want_pos = pos;
	return VM_FAULT_NEED_READ;
}

static int do_missing_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte)
{
	struct vm_area_struct *vma = vmf->vma;
	struct page *page;

	if (vma->vm_shared_anon) {
		page = shared_anon_get_page(vma->vm_shared_anon, linear_pgoff(vma, vmf->address));
		return page ? install_page(mm, vmf, pte, page, true) : -ENOMEM;
	}
	if (vma->vm_file)
		return do_file_page(mm, vmf, pte);
	if (!(vmf->flags & (FAULT_FLAG_WRITE | FAULT_FLAG_FORCE))) {
		page = zero_page();
		get_page(page);
		return install_page(mm, vmf, pte, page, false);
	}
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	return page ? install_page(mm, vmf, pte, page, true) : -ENOMEM;
}

/* Write to a present read-only page (the VMA allows it, or the kernel
 * forces it). A private page is copied unless this PTE is its only
 * holder. A forced write to a read-only VMA leaves the PTE read-only. */
static int do_wp_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte, u64 e)
{
	struct vm_area_struct *vma = vmf->vma;
	bool writable = vma->vm_flags & VM_WRITE;
	struct page *old = pte_page(e), *new;

	if (vma->vm_flags & VM_SHARED) {
		if (writable)
			set_pte_checked(mm, vmf->address, pte, e, e | PTE_W);
		return 0;
	}
	if (old != zero_page() && page_ref_count(old) == 1) {
		set_pte_checked(mm, vmf->address, pte, e, (e & ~PTE_COW) | (writable ? PTE_W : 0));
		return 0;
	}
	new = alloc_page(GFP_KERNEL);
	if (!new)
		return -ENOMEM;
	memcpy(page_address(new), page_address(old), PAGE_SIZE);
	if (!set_pte_checked(mm, vmf->address, pte, e, mk_pte(new, vma->vm_flags, writable))) {
		put_page(new);
		return 0;
	}
	mm_add_page(mm, new);
	mm_remove_page(mm, old);	/* after the flush: nothing reaches it from here */
	return 0;
}

static bool access_permitted(const struct vm_fault *vmf)
{
	unsigned long f = vmf->vma->vm_flags;

	if (vmf->flags & FAULT_FLAG_FORCE)
		return true;
	if (vmf->flags & FAULT_FLAG_WRITE)
		return f & VM_WRITE;
	if (vmf->flags & FAULT_FLAG_INSTR)
		return f & VM_EXEC;
	return f & VM_ACCESS_FLAGS;
}

/* The fault in vmf->vma, access already checked. mmap_lock held. */
static int do_fault_locked(struct mm_struct *mm, struct vm_fault *vmf)
{
	u64 *pte = pte_alloc(mm, vmf->address), e, want;

	if (!pte)
		return -ENOMEM;
	e = READ_ONCE(*pte);
	if (!pte_has_page(e))
		return do_missing_page(mm, vmf, pte);
	want = pte_set_prot(e, vmf->vma->vm_flags);
	if (want != e) {	/* behind its VMA's protection: the retry sees it */
		set_pte_checked(mm, vmf->address, pte, e, want);
		return 0;
	}
	if ((vmf->flags & (FAULT_FLAG_WRITE | FAULT_FLAG_FORCE)) && !(e & PTE_W))
		return do_wp_page(mm, vmf, pte, e);
	/* Nothing to do. In kernel mode, a protection fault on a page that
	 * allows the access is SMAP's (a user access outside stac/clac). */
	if (vmf->flags & FAULT_FLAG_KERNEL)
		return -EFAULT;
	flush_tlb_mm_range(mm, vmf->address, vmf->address + PAGE_SIZE);
	return 0;
}

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

static int fault_once(struct mm_struct *mm, struct vm_fault *vmf)
{
	int ret = -EFAULT;

	down_read(&mm->mmap_lock);
	vmf->vma = fault_vma(mm, vmf->address);
	if (vmf->vma && access_permitted(vmf))
		ret = do_fault_locked(mm, vmf);
	up_read(&mm->mmap_lock);
	return ret;
}

/* Read the page at vmf->pos of vmf->file into a new page (vmf->page).
 * No lock held. 0, -EIO (beyond the end of the file: SIGBUS, or a read
 * error) or -ENOMEM. */
static int read_file_page(struct vm_fault *vmf)
{
	struct page *page;
	loff_t pos = vmf->pos;
	size_t done = 0;
	ssize_t n = 0;

	if (pos >= i_size_read(file_inode(vmf->file)))
		return -EIO;
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	while (done < PAGE_SIZE) {
		n = vfs_read(vmf->file, (char *)page_address(page) + done, PAGE_SIZE - done, &pos);
		if (n <= 0)
			break;
		done += n;
	}
	if (n < 0) {
		put_page(page);
		return -EIO;
	}
	vmf->page = page;
	return 0;
}

/* Forget the last page read; take on the one the fault wants. No lock. */
static void switch_wanted_file(struct vm_fault *vmf)
{
	if (vmf->page)
		put_page(vmf->page);
	if (vmf->file)
		fput(vmf->file);
	vmf->page = NULL;
	vmf->file = vmf->want_file;
	vmf->pos = vmf->want_pos;
	vmf->want_file = NULL;
}

static unsigned fault_flags(unsigned long error_code)
{
	unsigned flags = 0;

	if (error_code & PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & PF_INSTR)
		flags |= FAULT_FLAG_INSTR;
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
	int ret;

	might_sleep();
	if (addr >= USER_TOP || (error_code & PF_RSVD))
		return -EFAULT;
	for (;;) {
		ret = fault_once(mm, &vmf);
		if (ret != VM_FAULT_NEED_READ)
			break;
		switch_wanted_file(&vmf);
		ret = read_file_page(&vmf);
		if (ret)
			break;
		if (fatal_signal_pending(current)) {
			ret = -EFAULT;
			break;
		}
	}
	if (vmf.page)
		put_page(vmf.page);
	if (vmf.file)
		fput(vmf.file);
	return ret;
}

struct page *fault_in_for_kernel_write(struct mm_struct *mm, unsigned long va)
{
	struct vm_fault vmf = {
		.address = ALIGN_DOWN(va, PAGE_SIZE),
		.flags = FAULT_FLAG_WRITE | FAULT_FLAG_FORCE,
	};
	u64 *pte;

	lockdep_assert_held_write(&mm->mmap_lock);
	vmf.vma = find_vma(mm, va);
	if (!vmf.vma || vmf.vma->vm_start > va || do_fault_locked(mm, &vmf))
		return NULL;
	pte = pte_lookup(mm, va);
	return pte && pte_has_page(*pte) ? pte_page(*pte) : NULL;
}
