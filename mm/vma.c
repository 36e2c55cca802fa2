/*
 * The VMA list of an mm: a doubly linked list sorted by address (mm->mmap
 * is its head), split and merged as mappings change. Small and linear on
 * purpose: a process here has tens of VMAs, not thousands.
 *
 * Locking: the list and every field of its VMAs change under the mm's
 * mmap_lock held for writing; readers hold it for reading. A file VMA is
 * also on its file's i_mmap list (mm/rmap.h): linking, unlinking and any
 * change of its range take that mapping's i_mmap_rwsem for writing too.
 * ->open is called for each new copy of a VMA (split, fork, mremap) and
 * ->close for each VMA taken away (vma_close), under mmap_lock; VMAs whose
 * ops have ->close are never merged.
 */
#include "mm/internal.h"
#include "mm/mmap.h"
#include "mm/rmap.h"
#include "mm/vm_ops.h"
#include "mm/shared_anon.h"
#include "mm/slab.h"
#include "fs/vfs/file.h"
#include "kernel/errno.h"

struct vm_area_struct *vm_area_alloc(struct mm_struct *mm, unsigned long start,
				     unsigned long end, unsigned long flags)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	vma->vm_mm = mm;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_flags = flags;
	INIT_LIST_HEAD(&vma->vm_i_mmap);
	return vma;
}

/* The page cache the VMA maps, or NULL. */
static struct address_space *vma_mapping(const struct vm_area_struct *vma)
{
	return vma->vm_file ? vma->vm_file->f_mapping : NULL;
}

static void vma_lock_mapping(const struct vm_area_struct *vma)
{
	if (vma->vm_file)
		i_mmap_lock_write(vma_mapping(vma));
}

static void vma_unlock_mapping(const struct vm_area_struct *vma)
{
	if (vma->vm_file)
		i_mmap_unlock_write(vma_mapping(vma));
}

void vma_close(struct vm_area_struct *vma)
{
	if (vma->vm_ops && vma->vm_ops->close)
		call_vm_close(vma);
}

struct vm_area_struct *vm_area_dup(struct vm_area_struct *old, struct mm_struct *mm)
{
	struct vm_area_struct *vma = kmalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	*vma = *old;
	vma->vm_mm = mm;
	vma->vm_next = vma->vm_prev = NULL;
	INIT_LIST_HEAD(&vma->vm_i_mmap);
	if (vma->vm_file)
		get_file(vma->vm_file);
	if (vma->vm_shared_anon)
		shared_anon_get(vma->vm_shared_anon);
	if (vma->vm_ops && vma->vm_ops->open)
		call_vm_open(vma);
	return vma;
}

void vma_bury(struct vm_area_struct *vma, struct vm_area_struct **dead)
{
	vma->vm_prev = NULL;
	vma->vm_next = *dead;
	*dead = vma;
}

void release_vmas(struct vm_area_struct *dead)
{
	might_sleep();
	while (dead) {
		struct vm_area_struct *next = dead->vm_next;

		if (dead->vm_file)
			fput(dead->vm_file);
		if (dead->vm_shared_anon)
			shared_anon_put(dead->vm_shared_anon);
		kfree(dead);
		dead = next;
	}
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	lockdep_assert_held(&mm->mmap_lock);
	for (vma = mm->mmap; vma; vma = vma->vm_next)
		if (vma->vm_end > addr)
			return vma;
	return NULL;
}

struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

void vma_link_locked(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = NULL, *next = mm->mmap;

	lockdep_assert_held_write(&mm->mmap_lock);
	if (vma->vm_file) {
		lockdep_assert_held_write(&vma_mapping(vma)->i_mmap_rwsem);
		list_add_tail(&vma->vm_i_mmap, &vma_mapping(vma)->i_mmap);
	}
	while (next && next->vm_start < vma->vm_start) {
		prev = next;
		next = next->vm_next;
	}
	vma->vm_prev = prev;
	vma->vm_next = next;
	if (prev)
		prev->vm_next = vma;
	else
		mm->mmap = vma;
	if (next)
		next->vm_prev = vma;
	mm->map_count++;
}

void vma_link(struct vm_area_struct *vma)
{
	vma_lock_mapping(vma);
	vma_link_locked(vma);
	vma_unlock_mapping(vma);
}

void vma_unlink_locked(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	lockdep_assert_held_write(&mm->mmap_lock);
	if (vma->vm_file) {
		lockdep_assert_held_write(&vma_mapping(vma)->i_mmap_rwsem);
		list_del_init(&vma->vm_i_mmap);
	}
	if (vma->vm_prev)
		vma->vm_prev->vm_next = vma->vm_next;
	else
		mm->mmap = vma->vm_next;
	if (vma->vm_next)
		vma->vm_next->vm_prev = vma->vm_prev;
	vma->vm_next = vma->vm_prev = NULL;
	mm->map_count--;
}

void vma_unlink(struct vm_area_struct *vma)
{
	vma_lock_mapping(vma);
	vma_unlink_locked(vma);
	vma_unlock_mapping(vma);
}

void vma_set_end(struct vm_area_struct *vma, unsigned long end)
{
	lockdep_assert_held_write(&vma->vm_mm->mmap_lock);
	vma_lock_mapping(vma);
	vma->vm_end = end;
	vma_unlock_mapping(vma);
}

int split_vma(struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *tail;

	lockdep_assert_held_write(&vma->vm_mm->mmap_lock);
	tail = vm_area_dup(vma, vma->vm_mm);
	if (!tail)
		return -ENOMEM;
	tail->vm_start = addr;
	tail->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
	vma_lock_mapping(vma);
	vma->vm_end = addr;
	vma_link_locked(tail);
	vma_unlock_mapping(vma);
	return 0;
}

int vma_isolate_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);
	int err;

	if (vma && vma->vm_start < start && vma->vm_end > start) {
		err = split_vma(vma, start);
		if (err)
			return err;
	}
	vma = find_vma(mm, end);
	if (vma && vma->vm_start < end && vma->vm_end > end)
		return split_vma(vma, end);
	return 0;
}

/* Does b continue a exactly, so that one VMA could stand for both? */
static bool vma_continues(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	unsigned long pages = (a->vm_end - a->vm_start) >> PAGE_SHIFT;

	if (a->vm_end != b->vm_start || a->vm_flags != b->vm_flags)
		return false;
	if (a->vm_file != b->vm_file || a->vm_shared_anon != b->vm_shared_anon)
		return false;
	if (a->vm_ops != b->vm_ops || a->vm_private_data != b->vm_private_data ||
	    (a->vm_ops && a->vm_ops->close))
		return false;
	if ((a->vm_file || a->vm_shared_anon) && a->vm_pgoff + pages != b->vm_pgoff)
		return false;
	return true;
}

/* b (which follows a) joins a and is freed. */
static void vma_absorb(struct vm_area_struct *a, struct vm_area_struct *b)
{
	vma_lock_mapping(a);
	a->vm_end = b->vm_end;
	vma_unlink_locked(b);
	vma_unlock_mapping(a);
	release_vmas(b);		/* a chain of one */
}

struct vm_area_struct *vma_merge_neighbours(struct vm_area_struct *vma)
{
	lockdep_assert_held_write(&vma->vm_mm->mmap_lock);
	if (vma->vm_next && vma_continues(vma, vma->vm_next))
		vma_absorb(vma, vma->vm_next);
	if (vma->vm_prev && vma_continues(vma->vm_prev, vma)) {
		struct vm_area_struct *prev = vma->vm_prev;

		vma_absorb(prev, vma);
		vma = prev;
	}
	return vma;
}
