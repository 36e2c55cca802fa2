/*
 * The only way the mm calls a vm_operations_struct: one wrapper per
 * operation, as fs/vfs/ops.h does for the VFS tables. Each describes the
 * caller's state for what the seed's vm table names — the mapping mm's
 * mmap_lock (read or write) — has the rule checker compare it with the
 * row of fs/lockrules/rules.def (whose block column also checks in_atomic:
 * map_pages must be called where sleeping is forbidden, under
 * page_table_lock; the others where it is allowed), and makes the call.
 * A wrapper takes and drops no lock.
 */
#ifndef MM_VM_OPS_H
#define MM_VM_OPS_H

#include "mm/mm.h"
#include "fs/lockrules/lockrules.h"

static inline void lr_vm(struct lr_observed *o, const struct vm_area_struct *vma)
{
	lr_set(o, LR_mmap_lock, lr_rwsem_rw_state(&vma->vm_mm->mmap_lock));
}

#define LR_VM_CHECK(op, vma) do {					\
	struct lr_observed __o = { 0 };					\
	lr_vm(&__o, (vma));						\
	lockrule_check(LR_OP_vm_##op, &__o);				\
} while (0)

/* A new VMA (a split, a copy at fork or mremap) refers to the object. */
static inline void call_vm_open(struct vm_area_struct *vma)
{
	LR_VM_CHECK(open, vma);
	vma->vm_ops->open(vma);
}

/* The VMA is going away (munmap, exit, the old place of an mremap). */
static inline void call_vm_close(struct vm_area_struct *vma)
{
	LR_VM_CHECK(close, vma);
	vma->vm_ops->close(vma);
}

static inline vm_fault_t call_vm_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	LR_VM_CHECK(fault, vma);
	return vma->vm_ops->fault(vma, vmf);
}

/* Called with the mm's page_table_lock held: must not sleep. */
static inline vm_fault_t call_vm_map_pages(struct vm_fault *vmf, unsigned long start_pgoff,
					   unsigned long end_pgoff)
{
	LR_VM_CHECK(map_pages, vmf->vma);
	return vmf->vma->vm_ops->map_pages(vmf, start_pgoff, end_pgoff);
}

static inline vm_fault_t call_vm_page_mkwrite(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	LR_VM_CHECK(page_mkwrite, vma);
	return vma->vm_ops->page_mkwrite(vma, vmf);
}

static inline vm_fault_t call_vm_pfn_mkwrite(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	LR_VM_CHECK(pfn_mkwrite, vma);
	return vma->vm_ops->pfn_mkwrite(vma, vmf);
}

static inline int call_vm_access(struct vm_area_struct *vma, unsigned long addr, void *buf,
				 int len, int write)
{
	LR_VM_CHECK(access, vma);
	return vma->vm_ops->access(vma, addr, buf, len, write);
}

#endif
