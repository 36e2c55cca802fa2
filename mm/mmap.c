/*
 * Creating and removing mappings: mmap, munmap, brk, and the choice of
 * an address (see mm/mmap.h). A new mapping is only a VMA: its pages come
 * at the first touch (mm/fault.c).
 *
 * Addresses: mmap() without MAP_FIXED takes the hint if that range is
 * free, else the highest free range below mm->mmap_base (the top
 * gigabyte is the stack's); brk grows up from the end of the program.
 *
 * A file mapping is set up by the file's ->mmap (which gives the VMA its
 * vm_ops: mm/filemap_fault.h for files in the page cache); files without
 * one cannot be mapped (-ENODEV).
 *
 * Locking: every function here expects the mm's mmap_lock held for
 * writing; VMAs removed go on the caller's *dead chain.
 */
#include "mm/mmap.h"
#include "mm/internal.h"
#include "mm/shared_anon.h"
#include "fs/vfs/file.h"
#include "fs/vfs/ops.h"
#include "mm/fault.h"
#include "kernel/sched/sched.h"
#include "kernel/user/signal.h"
#include "kernel/errno.h"

static unsigned long prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* The bottom of the gap below vma that other mappings may use. */
static unsigned long gap_top_below(const struct vm_area_struct *vma)
{
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return vma->vm_start;
	return vma->vm_start > STACK_GUARD_GAP ? vma->vm_start - STACK_GUARD_GAP : 0;
}

/* Is [addr, addr+len) free, and clear of a stack's growing room? */
static bool range_free(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return !vma || gap_top_below(vma) >= addr + len;
}

long get_unmapped_area(struct mm_struct *mm, unsigned long hint, unsigned long len)
{
	unsigned long prev_end = MMAP_MIN_ADDR;
	struct vm_area_struct *vma;
	long best = -ENOMEM;

	lockdep_assert_held(&mm->mmap_lock);
	if (len > USER_TOP - MMAP_MIN_ADDR)
		return -ENOMEM;
	hint = ALIGN_UP(hint, PAGE_SIZE);
	if (hint >= MMAP_MIN_ADDR && hint <= USER_TOP - len && range_free(mm, hint, len))
		return hint;
	/* The highest gap below mmap_base that is big enough. */
	for (vma = mm->mmap;; vma = vma->vm_next) {
		unsigned long gap_end = vma ? gap_top_below(vma) : USER_TOP;

		gap_end = MIN(gap_end, mm->mmap_base);
		if (gap_end > prev_end && gap_end - prev_end >= len)
			best = gap_end - len;
		if (!vma || vma->vm_start >= mm->mmap_base)
			break;
		prev_end = MAX(prev_end, vma->vm_end);
	}
	return best;
}

/* The VMA flags of a mapping, or -errno if the file does not allow it. */
static long mmap_vm_flags(unsigned long prot, unsigned long flags, struct file *file)
{
	unsigned long vm_flags = prot_to_vm(prot) | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;

	if (shared)
		vm_flags |= VM_SHARED;
	if (flags & MAP_GROWSDOWN) {
		if (file || shared)
			return -EINVAL;
		vm_flags |= VM_GROWSDOWN;
	}
	if (!file)
		return vm_flags;
	if (!(file->f_mode & FMODE_READ))
		return -EACCES;
	if (shared && (prot & PROT_WRITE) && !(file->f_mode & FMODE_WRITE))
		return -EACCES;
	if (!file->f_op || !file->f_op->mmap)
		return -ENODEV;
	/* A shared mapping of a file not open for writing may never become
	 * writable (mprotect). */
	if (shared && !(file->f_mode & FMODE_WRITE))
		vm_flags &= ~VM_MAYWRITE;
	return vm_flags;
}

/* Where the mapping goes: addr checked, or a free range chosen. What
 * MAP_FIXED replaces is unmapped here. */
static long mmap_place(struct mm_struct *mm, unsigned long addr, unsigned long len,
		       unsigned long flags, struct vm_area_struct **dead)
{
	int err;

	if (!(flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)))
		return get_unmapped_area(mm, addr, len);
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (len > USER_TOP || addr > USER_TOP - len)
		return -ENOMEM;
	if (addr < MMAP_MIN_ADDR)
		return -EPERM;
	if (flags & MAP_FIXED_NOREPLACE)
		return find_vma_intersection(mm, addr, addr + len) ? -EEXIST : (long)addr;
	err = do_munmap(mm, addr, len, dead);
	return err ? err : (long)addr;
}

long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long prot,
	     unsigned long flags, struct file *file, unsigned long pgoff,
	     struct vm_area_struct **dead)
{
	struct vm_area_struct *vma;
	long vm_flags, where;

	lockdep_assert_held_write(&mm->mmap_lock);
	vm_flags = mmap_vm_flags(prot, flags, file);
	if (vm_flags < 0)
		return vm_flags;
	if (file && pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	where = mmap_place(mm, addr, len, flags, dead);
	if (where < 0)
		return where;
	vma = vm_area_alloc(mm, where, where + len, vm_flags);
	if (!vma)
		return -ENOMEM;
	if (file) {
		int err;

		vma->vm_file = get_file(file);
		vma->vm_pgoff = pgoff;
		err = call_mmap(file, vma);		/* sets vm_ops */
		if (err) {
			vma_bury(vma, dead);
			return err;
		}
	} else if (vm_flags & VM_SHARED) {
		vma->vm_shared_anon = shared_anon_create();
		if (!vma->vm_shared_anon) {
			vma_bury(vma, dead);
			return -ENOMEM;
		}
	}
	vma_link(vma);
	vma_merge_neighbours(vma);
	return where;
}

int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len,
	      struct vm_area_struct **dead)
{
	unsigned long end = start + len;
	struct vm_area_struct *vma;
	int err;

	lockdep_assert_held_write(&mm->mmap_lock);
	if (!find_vma_intersection(mm, start, end))
		return 0;
	err = vma_isolate_range(mm, start, end);
	if (err)
		return err;
	vma = find_vma(mm, start);
	while (vma && vma->vm_start < end) {
		struct vm_area_struct *next = vma->vm_next;

		zap_page_range(mm, vma->vm_start, vma->vm_end);
		vma_close(vma);
		vma_unlink(vma);
		vma_bury(vma, dead);
		vma = next;
	}
	free_pgtables(mm, start, end);
	return 0;
}

unsigned long do_brk(struct mm_struct *mm, unsigned long addr, struct vm_area_struct **dead)
{
	unsigned long oldp = ALIGN_UP(mm->brk, PAGE_SIZE), newp;
	struct vm_area_struct *vma;

	lockdep_assert_held_write(&mm->mmap_lock);
	if (addr < mm->start_brk || addr > USER_TOP - PAGE_SIZE)
		return mm->brk;
	newp = ALIGN_UP(addr, PAGE_SIZE);
	if (newp < oldp && do_munmap(mm, newp, oldp - newp, dead))
		return mm->brk;
	if (newp > oldp) {
		/* Room up to the next mapping, one page kept free. */
		if (find_vma_intersection(mm, oldp, newp + PAGE_SIZE))
			return mm->brk;
		vma = vm_area_alloc(mm, oldp, newp, VM_READ | VM_WRITE | VM_MAYREAD |
				    VM_MAYWRITE | VM_MAYEXEC);
		if (!vma)
			return mm->brk;
		vma_link(vma);
		vma_merge_neighbours(vma);
	}
	mm->brk = addr;
	return addr;
}

void mm_populate(unsigned long start, unsigned long len, bool write)
{
	struct mm_struct *mm = current->mm;
	unsigned long err_code = PF_USER | (write ? PF_WRITE : 0);

	might_sleep();
	for (unsigned long va = start; va < start + len; va += PAGE_SIZE) {
		if (fatal_signal_pending(current) || handle_mm_fault(mm, va, err_code))
			break;
	}
}
