/*
 * Reverse mapping of file pages (mm/rmap.h): walks of a mapping's i_mmap
 * list that change the PTEs of every process mapping a range of the file.
 * The list is a plain list of VMAs (a process here has tens of mappings,
 * a file a handful of mappers): each walk looks at every VMA and keeps the
 * part of its range that covers the file pages asked for.
 *
 * Locks: the mapping's i_mmap_rwsem for reading across the walk (a VMA on
 * the list, its range and its page tables stay as they are: the mmap
 * family changes them only with the lock held for writing), then each
 * mm's page_table_lock inside the PTE helpers of mm/memory.c.
 */
#include "mm/rmap.h"
#include "mm/internal.h"
#include "mm/folio.h"
#include "kernel/panic.h"

/* The pages of vma that hold file pages [first, last]: [*start, *end) in
 * addresses. False if they do not meet. */
static bool vma_file_range(const struct vm_area_struct *vma, unsigned long first,
			   unsigned long last, unsigned long *start, unsigned long *end)
{
	unsigned long vlast = vma->vm_pgoff + ((vma->vm_end - vma->vm_start) >> PAGE_SHIFT) - 1;

	if (last < vma->vm_pgoff || first > vlast)
		return false;
	first = MAX(first, vma->vm_pgoff);
	last = MIN(last, vlast);
	*start = vma->vm_start + ((first - vma->vm_pgoff) << PAGE_SHIFT);
	*end = vma->vm_start + ((last - vma->vm_pgoff + 1) << PAGE_SHIFT);
	return true;
}

void unmap_mapping_range(struct address_space *mapping, loff_t holebegin, loff_t holelen,
			 bool even_cows)
{
	unsigned long first = (unsigned long)(holebegin >> PAGE_SHIFT), last = ~0UL;
	struct vm_area_struct *vma;

	might_sleep();
	if (holelen > 0)
		last = (unsigned long)((holebegin + holelen + PAGE_SIZE - 1) >> PAGE_SHIFT) - 1;
	if (!mapping_mapped(mapping) || last < first)
		return;
	i_mmap_lock_read(mapping);
	list_for_each_entry(vma, &mapping->i_mmap, vm_i_mmap) {
		unsigned long start, end;

		if (vma_file_range(vma, first, last, &start, &end))
			unmap_vma_range(vma, start, end, even_cows ? NULL : mapping, NULL);
	}
	i_mmap_unlock_read(mapping);
}

void unmap_mapping_folio(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	struct vm_area_struct *vma;

	might_sleep();
	WARN_ON(!folio_test_locked(folio));
	if (!mapping)
		return;
	i_mmap_lock_read(mapping);
	list_for_each_entry(vma, &mapping->i_mmap, vm_i_mmap) {
		unsigned long start, end;

		if (vma_file_range(vma, folio->index, folio->index, &start, &end))
			unmap_vma_range(vma, start, end, NULL, &folio->page);
	}
	i_mmap_unlock_read(mapping);
}

int folio_mkclean(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	struct vm_area_struct *vma;
	int cleaned = 0;

	might_sleep();
	WARN_ON(!folio_test_locked(folio));
	if (!mapping || !mapping_mapped(mapping))
		return 0;
	i_mmap_lock_read(mapping);
	list_for_each_entry(vma, &mapping->i_mmap, vm_i_mmap) {
		unsigned long start, end;

		if ((vma->vm_flags & VM_SHARED) &&
		    vma_file_range(vma, folio->index, folio->index, &start, &end))
			cleaned += wrprotect_vma_page(vma, start, &folio->page);
	}
	i_mmap_unlock_read(mapping);
	return cleaned;
}
