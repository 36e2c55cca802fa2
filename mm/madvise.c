/*
 * madvise: MADV_DONTNEED and MADV_FREE drop the pages of the range (they
 * read as zeros again, a file mapping reads the file again, shared
 * anonymous memory keeps its contents in the shared object); the advice
 * about access patterns, forking and dumping is accepted and ignored.
 * MADV_REMOVE and unknown advice: -EINVAL (MADV_HWPOISON goes to
 * mm/memory-failure.c before the lock is taken). Caller holds
 * mmap_lock for writing (Linux needs only reading; the page tables here
 * change only under the write lock outside the fault path).
 */
#include "mm/mmap.h"
#include "mm/internal.h"
#include "kernel/errno.h"

static bool advice_known(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK:
	case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_WIPEONFORK: case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT:
		return true;
	default:
		return false;
	}
}

int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len, int advice)
{
	unsigned long end = start + len, addr = start;
	struct vm_area_struct *vma;
	bool zap = advice == MADV_DONTNEED || advice == MADV_FREE;
	int err = 0;

	lockdep_assert_held_write(&mm->mmap_lock);
	if (!advice_known(advice))
		return -EINVAL;
	/* Apply to what is mapped; a hole makes the result -ENOMEM. */
	for (vma = find_vma(mm, start); addr < end; vma = vma->vm_next) {
		if (!vma || vma->vm_start >= end)
			return -ENOMEM;
		if (vma->vm_start > addr)
			err = -ENOMEM;
		if (zap)
			zap_page_range(mm, MAX(addr, vma->vm_start), MIN(end, vma->vm_end));
		addr = vma->vm_end;
	}
	return err;
}
