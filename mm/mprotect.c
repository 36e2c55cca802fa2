/*
 * mprotect: change the protection of a range of VMAs (see mm/mmap.h). The
 * VMAs at the edges are split, the PTEs inside are rewritten
 * (change_protection()), and VMAs that end up alike are merged again.
 * Caller holds mmap_lock for writing.
 */
#include "mm/mmap.h"
#include "mm/internal.h"
#include "kernel/errno.h"

static unsigned long prot_to_vm(unsigned long prot)
{
	return (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
	       (prot & PROT_EXEC ? VM_EXEC : 0);
}

/* Is [start, end) mapped throughout, each VMA allowing vm_flags? */
static int check_range(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	unsigned long addr = start;

	for (; addr < end; vma = vma->vm_next) {
		if (!vma || vma->vm_start > addr)
			return -ENOMEM;
		if (((vm_flags & VM_READ) && !(vma->vm_flags & VM_MAYREAD)) ||
		    ((vm_flags & VM_WRITE) && !(vma->vm_flags & VM_MAYWRITE)) ||
		    ((vm_flags & VM_EXEC) && !(vma->vm_flags & VM_MAYEXEC)))
			return -EACCES;
		addr = vma->vm_end;
	}
	return 0;
}

int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot)
{
	unsigned long end = start + len, vm_flags = prot_to_vm(prot);
	struct vm_area_struct *vma;
	int err;

	lockdep_assert_held_write(&mm->mmap_lock);
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_GROWSDOWN))
		return -EINVAL;
	if (prot & PROT_GROWSDOWN) {	/* down to the start of the stack */
		vma = find_vma(mm, start);
		if (!vma || vma->vm_start >= end)
			return -ENOMEM;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
		start = vma->vm_start;
	}
	err = check_range(mm, start, end, vm_flags);
	if (!err)
		err = vma_isolate_range(mm, start, end);
	if (err)
		return err;
	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma->vm_next) {
		unsigned long newflags = (vma->vm_flags & ~VM_ACCESS_FLAGS) | vm_flags;

		if (newflags == vma->vm_flags)
			continue;
		vma->vm_flags = newflags;
		change_protection(mm, vma->vm_start, vma->vm_end, newflags);
	}
	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma->vm_next)
		vma = vma_merge_neighbours(vma);
	return 0;
}
