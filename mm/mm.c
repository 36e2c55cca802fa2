/*
 * User address spaces (see mm/mm.h). Page tables of the user half are
 * private to one mm and changed only under its mmap_lock; the kernel half
 * is shared with the kernel PML4 and never written here.
 */
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "kernel/cpu/x86.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

static u64 *table_of(u64 e)
{
	return phys_to_virt(e & PTE_ADDR_MASK);
}

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);
	struct page *pg;

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
	INIT_LIST_HEAD(&mm->regions);
	return mm;
}

/* The PTE of va, creating the tables above it when create is set. */
static u64 *user_walk(struct mm_struct *mm, unsigned long va, bool create)
{
	u64 *table = mm->pgd;

	for (int l = 3; l > 0; l--) {
		u64 *e = &table[(va >> (12 + 9 * l)) & 511];
		if (!(*e & PTE_P)) {
			struct page *pg;

			if (!create)
				return NULL;
			pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
			if (!pg)
				return NULL;
			*e = page_to_phys(pg) | PTE_P | PTE_W | PTE_U;
		}
		table = table_of(*e);
	}
	return &table[(va >> 12) & 511];
}

/* Record [start, end) in the region list, merging with an equal neighbour. */
static int add_region(struct mm_struct *mm, unsigned long start, unsigned long end, u64 prot)
{
	struct vm_region *r, *n;

	list_for_each_entry(r, &mm->regions, vr_list) {
		if (r->vr_prot == prot && r->vr_end == start) {
			r->vr_end = end;
			return 0;
		}
		if (r->vr_start >= end)
			break;
	}
	n = kzalloc(sizeof(*n), GFP_KERNEL);
	if (!n)
		return -ENOMEM;
	n->vr_start = start;
	n->vr_end = end;
	n->vr_prot = prot;
	list_add_tail(&n->vr_list, &r->vr_list);	/* before r (or at the end) */
	return 0;
}

int mm_map_range(struct mm_struct *mm, unsigned long start, size_t len, u64 prot)
{
	unsigned long end = ALIGN_UP(start + len, PAGE_SIZE);

	lockdep_assert_held(&mm->mmap_lock);
	start = ALIGN_DOWN(start, PAGE_SIZE);
	if (end > USER_TOP || end < start || (prot & ~(VM_WRITE | VM_NOEXEC)))
		return -EINVAL;
	for (unsigned long va = start; va < end; va += PAGE_SIZE) {
		u64 *pte = user_walk(mm, va, true);
		struct page *pg;

		if (!pte)
			return -ENOMEM;
		if (*pte & PTE_P) {		/* shared page of two segments */
			*pte = (*pte | (prot & PTE_W)) & ~(PTE_NX & ~prot);
			invlpg(va);
			continue;
		}
		pg = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!pg)
			return -ENOMEM;
		*pte = page_to_phys(pg) | PTE_P | PTE_U | prot;
	}
	return add_region(mm, start, end, prot);
}

/* Trim [start, end) out of the region list. */
static void del_regions(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_region *r, *tmp;

	list_for_each_entry_safe(r, tmp, &mm->regions, vr_list) {
		if (r->vr_end <= start || r->vr_start >= end)
			continue;
		if (r->vr_start >= start && r->vr_end <= end) {
			list_del(&r->vr_list);
			kfree(r);
		} else if (r->vr_start < start) {
			r->vr_end = start;	/* a hole in the middle is not split */
		} else {
			r->vr_start = end;
		}
	}
}

void mm_unmap_range(struct mm_struct *mm, unsigned long start, size_t len)
{
	unsigned long end = ALIGN_UP(start + len, PAGE_SIZE);

	lockdep_assert_held(&mm->mmap_lock);
	start = ALIGN_DOWN(start, PAGE_SIZE);
	for (unsigned long va = start; va < end && va < USER_TOP; va += PAGE_SIZE) {
		u64 *pte = user_walk(mm, va, false);

		if (!pte || !(*pte & PTE_P))
			continue;
		free_page(pfn_to_page((*pte & PTE_ADDR_MASK) >> PAGE_SHIFT));
		*pte = 0;
		invlpg(va);
	}
	del_regions(mm, start, end);
}

int mm_copy_to(struct mm_struct *mm, unsigned long va, const void *src, size_t len)
{
	const char *s = src;

	lockdep_assert_held(&mm->mmap_lock);
	while (len) {
		u64 *pte = va < USER_TOP ? user_walk(mm, va, false) : NULL;
		size_t off = va & (PAGE_SIZE - 1), n = PAGE_SIZE - off;

		if (!pte || !(*pte & PTE_P))
			return -EFAULT;
		if (n > len)
			n = len;
		memcpy((char *)phys_to_virt(*pte & PTE_ADDR_MASK) + off, s, n);
		s += n;
		va += n;
		len -= n;
	}
	return 0;
}

struct vm_region *mm_find_region(struct mm_struct *mm, unsigned long addr)
{
	struct vm_region *r;

	list_for_each_entry(r, &mm->regions, vr_list)
		if (addr >= r->vr_start && addr < r->vr_end)
			return r;
	return NULL;
}

/* Free a table of the user half and everything below it (level 0 = PT). */
static void free_table(u64 *table, int level)
{
	for (int i = 0; i < 512; i++) {
		if (!(table[i] & PTE_P))
			continue;
		if (level > 0)
			free_table(table_of(table[i]), level - 1);
		else
			free_page(pfn_to_page((table[i] & PTE_ADDR_MASK) >> PAGE_SHIFT));
	}
	free_page(virt_to_page(table));
}

void mmput(struct mm_struct *mm)
{
	struct vm_region *r, *tmp;

	might_sleep();
	if (__atomic_sub_fetch(&mm->mm_users, 1, __ATOMIC_ACQ_REL))
		return;
	for (int i = 0; i < 256; i++)
		if (mm->pgd[i] & PTE_P)
			free_table(table_of(mm->pgd[i]), 2);
	list_for_each_entry_safe(r, tmp, &mm->regions, vr_list)
		kfree(r);
	free_page(virt_to_page(mm->pgd));
	kfree(mm);
}

void switch_mm(struct mm_struct *next)
{
	u64 cr3 = next ? virt_to_phys(next->pgd) : kernel_pml4_phys;

	if (read_cr3() != cr3)
		write_cr3(cr3);
}

/* Copy every present user page of old into new (eager copy: no sharing). */
static int copy_user_pages(struct mm_struct *new, struct mm_struct *old)
{
	struct vm_region *r;

	list_for_each_entry(r, &old->regions, vr_list) {
		for (unsigned long va = r->vr_start; va < r->vr_end; va += PAGE_SIZE) {
			u64 *src = user_walk(old, va, false), *dst;
			struct page *pg;

			if (!src || !(*src & PTE_P))
				continue;
			dst = user_walk(new, va, true);
			pg = dst ? alloc_page(GFP_KERNEL) : NULL;
			if (!pg)
				return -ENOMEM;
			memcpy(page_address(pg), table_of(*src), PAGE_SIZE);
			*dst = page_to_phys(pg) | (*src & ~PTE_ADDR_MASK);
		}
		if (add_region(new, r->vr_start, r->vr_end, r->vr_prot))
			return -ENOMEM;
	}
	return 0;
}

struct mm_struct *mm_dup(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	int err;

	if (!mm)
		return NULL;
	down_read(&old->mmap_lock);
	err = copy_user_pages(mm, old);
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	up_read(&old->mmap_lock);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}
