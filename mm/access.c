/*
 * Reaching another address space from the kernel, for ptrace-like users
 * (/proc/PID/mem): get_task_mm() and access_remote_vm() (mm/mm.h).
 *
 * Each page is faulted in as the owner's access would be
 * (get_user_page_locked: a write is forced through a read-only private
 * mapping by copy-on-write, never into a shared read-only one) and copied
 * through the direct map, with the mm's mmap_lock held for reading; a
 * VM_IO or VM_PFNMAP area has no pages to take and goes through its
 * ->access, as the seed says. Only kernel buffers are touched under
 * mmap_lock.
 *
 * Locks: the task's alloc_lock (task_lock) to take a reference on its mm
 * (exit and exec change task->mm under it); the mm's mmap_lock (read).
 */
#include "mm/internal.h"
#include "mm/vm_ops.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"

struct mm_struct *get_task_mm(struct task_struct *task)
{
	struct mm_struct *mm;

	task_lock(task);
	mm = task->mm;
	if (mm)
		__atomic_fetch_add(&mm->mm_users, 1, __ATOMIC_RELAXED);
	task_unlock(task);
	return mm;
}

/* Copy n bytes (inside one page) at addr through ->access of its VMA, if
 * it is a VM_IO/VM_PFNMAP area that has one. Bytes done or -EIO. */
static int access_by_vm_op(struct mm_struct *mm, unsigned long addr, void *buf, int n,
			   bool write)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (!vma || vma->vm_start > addr || !(vma->vm_flags & (VM_IO | VM_PFNMAP)) ||
	    !vma->vm_ops || !vma->vm_ops->access)
		return -EIO;
	return call_vm_access(vma, addr, buf, n, write);
}

int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
		     bool write)
{
	char *p = buf;
	int done = 0;

	might_sleep();
	down_read(&mm->mmap_lock);
	while (done < len && addr < USER_TOP) {
		size_t off = addr & (PAGE_SIZE - 1);
		int n = (int)MIN(PAGE_SIZE - off, (size_t)(len - done));
		struct page *page = get_user_page_locked(mm, addr, write);

		if (page) {
			char *kaddr = (char *)page_address(page) + off;

			if (write)
				memcpy(kaddr, p + done, n);
			else
				memcpy(p + done, kaddr, n);
			put_page(page);
		} else {
			n = access_by_vm_op(mm, addr, p + done, n, write);
			if (n <= 0)
				break;
		}
		done += n;
		addr += n;
	}
	up_read(&mm->mmap_lock);
	return done;
}
