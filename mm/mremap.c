/*
 * mremap: shrink a mapping, grow it in place when the range after it is
 * free, or move it (MREMAP_MAYMOVE, MREMAP_FIXED) by moving its page-table
 * entries, so that its pages follow without a copy (see mm/mmap.h).
 * MREMAP_DONTUNMAP and old_len 0 (a second mapping of shared memory) are
 * not supported: -EINVAL. Caller holds mmap_lock for writing.
 */
#include "mm/mmap.h"
#include "mm/internal.h"
#include "mm/rmap.h"
#include "kernel/errno.h"

/* Move [old, old+old_len), all inside one VMA, to [new, new+new_len)
 * (free, new_len >= old_len: the rest is new memory of the same kind).
 * A file VMA moves with its file's i_mmap_rwsem held for writing, so the
 * page cache never sees its pages half way between the two places. */
static long move_vma(struct mm_struct *mm, unsigned long old, unsigned long old_len,
		     unsigned long new, unsigned long new_len, struct vm_area_struct **dead)
{
	struct vm_area_struct *vma, *moved;
	struct address_space *mapping;
	int err;

	err = vma_isolate_range(mm, old, old + old_len);
	if (err)
		return err;
	vma = find_vma(mm, old);
	moved = vm_area_dup(vma, mm);
	if (!moved)
		return -ENOMEM;
	moved->vm_start = new;
	moved->vm_end = new + new_len;
	mapping = vma->vm_file ? vma->vm_file->f_mapping : NULL;
	if (mapping)
		i_mmap_lock_write(mapping);
	err = move_page_tables(mm, old, new, old_len);
	if (!err) {
		vma_link_locked(moved);
		vma_unlink_locked(vma);
	}
	if (mapping)
		i_mmap_unlock_write(mapping);
	if (err) {
		vma_close(moved);
		vma_bury(moved, dead);
		return err;
	}
	vma_close(vma);
	vma_bury(vma, dead);
	free_pgtables(mm, old, old + old_len);
	vma_merge_neighbours(moved);
	return new;
}

/* MREMAP_FIXED: whatever is at [new, new+new_len) goes first. */
static long mremap_to(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
		      unsigned long new_len, unsigned long new, struct vm_area_struct **dead)
{
	int err;

	if ((new & ~PAGE_MASK) || new_len > USER_TOP || new > USER_TOP - new_len)
		return -EINVAL;
	if (new < MMAP_MIN_ADDR)
		return -EPERM;
	if (new < addr + old_len && addr < new + new_len)
		return -EINVAL;		/* the two ranges overlap */
	err = do_munmap(mm, new, new_len, dead);
	if (!err && new_len < old_len)
		err = do_munmap(mm, addr + new_len, old_len - new_len, dead);
	if (err)
		return err;
	return move_vma(mm, addr, MIN(old_len, new_len), new, new_len, dead);
}

long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
	       unsigned long new_len, unsigned long flags, unsigned long new_addr,
	       struct vm_area_struct **dead)
{
	struct vm_area_struct *vma;
	long where;
	int err;

	lockdep_assert_held_write(&mm->mmap_lock);
	if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) || !old_len || !new_len)
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	vma = find_vma(mm, addr);
	if (!vma || vma->vm_start > addr || old_len > vma->vm_end - addr)
		return -EFAULT;
	if (flags & MREMAP_FIXED)
		return mremap_to(mm, addr, old_len, new_len, new_addr, dead);
	if (new_len <= old_len) {
		err = do_munmap(mm, addr + new_len, old_len - new_len, dead);
		return err ? err : (long)addr;
	}
	/* Grow in place if it ends its VMA and nothing follows too close. */
	if (addr + old_len == vma->vm_end && new_len <= USER_TOP - addr &&
	    (!vma->vm_next || vma->vm_next->vm_start >= addr + new_len)) {
		vma_set_end(vma, addr + new_len);
		vma_merge_neighbours(vma);
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	where = get_unmapped_area(mm, 0, new_len);
	if (where < 0)
		return where;
	return move_vma(mm, addr, old_len, where, new_len, dead);
}
