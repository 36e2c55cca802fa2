/*
 * User address spaces (see mm/mm.h): creating one, copying it for fork
 * (copy-on-write), tearing it down, and the two calls the ELF loader
 * builds a new program with (mm_map_range, mm_copy_to). The kernel half
 * of every PML4 is shared with the kernel page tables and never written
 * here.
 */
#include "mm/internal.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "kernel/cpu/x86.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm;
	struct page *pg;

	if (!zero_page())
		return NULL;
	mm = kzalloc(sizeof(*mm), GFP_KERNEL);
	if (!mm)
		return NULL;
	pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!pg) {
		kfree(mm);
		return NULL;
	}
	mm->pgd = page_address(pg);
	memcpy(mm->pgd + 256, (u64 *)phys_to_virt(kernel_pml4_phys) + 256, 256 * sizeof(u64));
	mm->mm_users = 1;
	init_rwsem(&mm->mmap_lock);
	spin_lock_init(&mm->page_table_lock);
	mm->mmap_base = MMAP_BASE;
	return mm;
}

/* Copy old's VMAs into mm and share their pages. Both mmap_locks held
 * for writing. */
static int dup_mmap(struct mm_struct *mm, struct mm_struct *old)
{
	struct vm_area_struct *vma, *copy;
	int err;

	for (vma = old->mmap; vma; vma = vma->vm_next) {
		copy = vm_area_dup(vma, mm);
		if (!copy)
			return -ENOMEM;
		vma_link(copy);
		err = copy_page_range(mm, vma);
		if (err)
			return err;
	}
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->mmap_base = old->mmap_base;
	return 0;
}

struct mm_struct *mm_dup(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	int err;

	might_sleep();
	if (!mm)
		return NULL;
	down_write(&old->mmap_lock);
	down_write_nested(&mm->mmap_lock, 1);	/* a new mm: nobody else has it */
	err = dup_mmap(mm, old);
	/* The parent's private pages lost their write permission; its CR3 is
	 * live on this CPU. */
	flush_tlb_mm(old);
	up_write(&mm->mmap_lock);
	up_write(&old->mmap_lock);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}

/* Unmap everything: the pages, the VMAs, the tables. */
static void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *dead = NULL;

	down_write(&mm->mmap_lock);
	while (mm->mmap) {
		struct vm_area_struct *vma = mm->mmap;

		zap_page_range(mm, vma->vm_start, vma->vm_end);
		vma_close(vma);
		vma_unlink(vma);
		vma_bury(vma, &dead);
	}
	free_user_tables(mm);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
}

void mmput(struct mm_struct *mm)
{
	might_sleep();
	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL))
		return;
	exit_mmap(mm);
	WARN_ON(mm_rss(mm) != 0);
	free_page(virt_to_page(mm->pgd));
	kfree(mm);
}

void switch_mm(struct mm_struct *next)
{
	u64 cr3 = next ? virt_to_phys(next->pgd) : kernel_pml4_phys;

	tlb_note_loaded(next);
	if (read_cr3() != cr3)
		write_cr3(cr3);
}

/* Give the VMAs inside [start, end) at least flags, and make new ones with
 * flags over the holes. The VMAs at the edges are already split. */
static int widen_or_fill(struct mm_struct *mm, unsigned long start, unsigned long end,
			 unsigned long flags)
{
	unsigned long addr = start;

	while (addr < end) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		unsigned long hole_end;

		if (vma && vma->vm_start <= addr) {
			if ((vma->vm_flags | flags) != vma->vm_flags) {
				vma->vm_flags |= flags;
				change_protection(mm, vma->vm_start, vma->vm_end, vma->vm_flags);
			}
			addr = vma->vm_end;
			continue;
		}
		hole_end = vma && vma->vm_start < end ? vma->vm_start : end;
		vma = vm_area_alloc(mm, addr, hole_end, flags);
		if (!vma)
			return -ENOMEM;
		vma_link(vma);
		addr = hole_end;
	}
	return 0;
}

int mm_map_range(struct mm_struct *mm, unsigned long start, size_t len, u64 prot)
{
	unsigned long end = ALIGN_UP(start + len, PAGE_SIZE), flags;
	struct vm_area_struct *vma;
	int err;

	lockdep_assert_held_write(&mm->mmap_lock);
	start = ALIGN_DOWN(start, PAGE_SIZE);
	if (end > USER_TOP || end < start || (prot & ~(VM_WRITE | VM_NOEXEC | VM_GROWSDOWN)))
		return -EINVAL;
	flags = VM_READ | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC |
		(prot & (VM_WRITE | VM_GROWSDOWN)) | (prot & VM_NOEXEC ? 0 : VM_EXEC);
	err = vma_isolate_range(mm, start, end);
	if (!err)
		err = widen_or_fill(mm, start, end, flags);
	for (vma = find_vma(mm, start); vma && vma->vm_start < end; vma = vma->vm_next)
		vma = vma_merge_neighbours(vma);
	return err;
}

int mm_copy_to(struct mm_struct *mm, unsigned long va, const void *src, size_t len)
{
	const char *s = src;

	lockdep_assert_held_write(&mm->mmap_lock);
	while (len) {
		struct page *page = va < USER_TOP ? fault_in_for_kernel_write(mm, va) : NULL;
		size_t off = va & (PAGE_SIZE - 1), n = MIN(PAGE_SIZE - off, len);

		if (!page)
			return -EFAULT;
		memcpy((char *)page_address(page) + off, s, n);
		s += n;
		va += n;
		len -= n;
	}
	return 0;
}
