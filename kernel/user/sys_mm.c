/*
 * The memory syscalls: mmap, munmap, mprotect, mremap, madvise, msync,
 * mincore, brk. Each checks its arguments as Linux does, takes the
 * process's mmap_lock (for writing, mincore and msync for reading) around the mm/
 * call that does the work (mm/mmap.h), and drops the references of the
 * VMAs it removed only after releasing the lock. No user memory is
 * touched under mmap_lock: a fault there would take it again.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "kernel/errno.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "mm/internal.h"
#include "mm/mmap.h"
#include "mm/memory_failure.h"

#define MAP_KNOWN_FLAGS	(MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | \
			 MAP_DENYWRITE | MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | \
			 MAP_POPULATE | MAP_NONBLOCK | MAP_STACK | MAP_HUGETLB | \
			 MAP_SYNC | MAP_FIXED_NOREPLACE)
#define MINCORE_CHUNK	256	/* pages looked at per hold of mmap_lock */

/* len rounded up to pages; 0 if that overflows or leaves user space. */
static unsigned long page_len(unsigned long len)
{
	unsigned long l = ALIGN_UP(len, PAGE_SIZE);

	return l < len || l > USER_TOP ? 0 : l;
}

static long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot,
		     unsigned long flags, int fd, unsigned long off)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *dead = NULL;
	unsigned long type = flags & MAP_TYPE;
	struct file *file = NULL;
	long ret;

	if (!len || (off & ~PAGE_MASK))
		return -EINVAL;
	if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN_FLAGS))
		return -EOPNOTSUPP;
	if (flags & (MAP_HUGETLB | MAP_SYNC))
		return type == MAP_SHARED_VALIDATE ? -EOPNOTSUPP : -EINVAL;
	len = page_len(len);
	if (!len)
		return -ENOMEM;
	if (!(flags & MAP_ANONYMOUS)) {
		if ((off >> PAGE_SHIFT) + (len >> PAGE_SHIFT) < (off >> PAGE_SHIFT))
			return -EOVERFLOW;
		file = fget(current->files, fd);
		if (!file)
			return -EBADF;
	}
	down_write(&mm->mmap_lock);
	ret = do_mmap(mm, addr, len, prot & (PROT_READ | PROT_WRITE | PROT_EXEC), flags,
		      file, off >> PAGE_SHIFT, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	if (file)
		fput(file);
	if (ret >= 0 && (flags & MAP_POPULATE) && (prot & (PROT_READ | PROT_WRITE | PROT_EXEC)))
		mm_populate((unsigned long)ret, len, (prot & PROT_WRITE) && type == MAP_PRIVATE);
	return ret;
}
SYSCALL_ENTRY(mmap, sys_mmap);

static long sys_munmap(unsigned long addr, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *dead = NULL;
	long ret;

	len = page_len(len);
	if ((addr & ~PAGE_MASK) || !len || addr > USER_TOP - len)
		return -EINVAL;
	down_write(&mm->mmap_lock);
	ret = do_munmap(mm, addr, len, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	return ret;
}
SYSCALL_ENTRY(munmap, sys_munmap);

static long sys_mprotect(unsigned long addr, unsigned long len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	unsigned long plen = page_len(len);
	long ret;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if ((prot & PROT_GROWSDOWN) && (prot & PROT_GROWSUP))
		return -EINVAL;
	if (!len)
		return 0;
	if (!plen || addr > USER_TOP - plen)
		return -ENOMEM;
	down_write(&mm->mmap_lock);
	ret = do_mprotect(mm, addr, plen, prot);
	up_write(&mm->mmap_lock);
	return ret;
}
SYSCALL_ENTRY(mprotect, sys_mprotect);

static long sys_mremap(unsigned long addr, unsigned long old_len, unsigned long new_len,
		       unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *dead = NULL;
	long ret;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = page_len(new_len);
	if (!new_len)
		return -EINVAL;
	if (old_len > USER_TOP || addr > USER_TOP - old_len)
		return -EFAULT;
	down_write(&mm->mmap_lock);
	ret = do_mremap(mm, addr, old_len, new_len, flags, new_addr, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	return ret;
}
SYSCALL_ENTRY(mremap, sys_mremap);

static long sys_madvise(unsigned long addr, unsigned long len, int advice)
{
	struct mm_struct *mm = current->mm;
	unsigned long plen = page_len(len);
	long ret;

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (len && (!plen || addr > USER_TOP - plen))
		return -EINVAL;
	if (advice == MADV_HWPOISON)		/* no mmap_lock: it takes what it needs */
		return madvise_hwpoison(addr, len ? plen : 0);
	down_write(&mm->mmap_lock);
	ret = do_madvise(mm, addr, len ? plen : 0, advice);
	up_write(&mm->mmap_lock);
	return ret;
}
SYSCALL_ENTRY(madvise, sys_madvise);

/* Is [addr, end) mapped throughout? mmap_lock held. */
static bool range_mapped(struct mm_struct *mm, unsigned long addr, unsigned long end)
{
	struct vm_area_struct *vma;

	for (vma = find_vma(mm, addr); addr < end; vma = vma->vm_next) {
		if (!vma || vma->vm_start > addr)
			return false;
		addr = vma->vm_end;
	}
	return true;
}

/*
 * The file to write back for the part of [*addr, end) at *addr: the VMA's
 * file (a reference) if it is a shared file mapping, else NULL; *addr
 * moves to the end of that VMA. -ENOMEM in *gap if there is a hole before
 * it; false when nothing is mapped at or after *addr below end.
 */
static bool msync_next(struct mm_struct *mm, unsigned long *addr, unsigned long end,
		       struct file **file, long *gap)
{
	struct vm_area_struct *vma;

	*file = NULL;
	down_read(&mm->mmap_lock);
	vma = find_vma(mm, *addr);
	if (!vma || vma->vm_start >= end) {
		up_read(&mm->mmap_lock);
		return false;
	}
	if (vma->vm_start > *addr)
		*gap = -ENOMEM;
	if (vma->vm_file && (vma->vm_flags & VM_SHARED))
		*file = get_file(vma->vm_file);
	*addr = vma->vm_end;
	up_read(&mm->mmap_lock);
	return true;
}

/*
 * msync: MS_SYNC writes back the files of the shared file mappings in the
 * range and waits for it (vfs_fsync, with mmap_lock dropped: it may take
 * i_rwsem, which comes first). The dirty pages are known without looking
 * at the PTEs: a write through a shared mapping always went through
 * ->page_mkwrite, which dirtied the folio, and writeback write-protects
 * it again. MS_ASYNC and MS_INVALIDATE have nothing to do: every mapping
 * and read() see the same page-cache folios. -ENOMEM if part of the range
 * is unmapped (the rest is still synced), or fsync's error.
 */
static long sys_msync(unsigned long addr, unsigned long len, int flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long plen = page_len(len), end;
	long gap = 0, err = 0;
	struct file *file;

	if ((addr & ~PAGE_MASK) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	if (!len)
		return 0;
	if (!plen || addr > USER_TOP - plen)
		return -ENOMEM;
	end = addr + plen;
	while (addr < end) {
		if (!msync_next(mm, &addr, end, &file, &gap)) {
			gap = -ENOMEM;
			break;
		}
		if (!file)
			continue;
		if ((flags & MS_SYNC) && file->f_op && file->f_op->fsync && !err)
			err = vfs_fsync(file, 1);
		fput(file);
	}
	return err ? err : gap;
}
SYSCALL_ENTRY(msync, sys_msync);

/* One chunk of mincore: a byte per page, 1 if a page is present. */
static int mincore_chunk(struct mm_struct *mm, unsigned long addr, unsigned long n, u8 *vec)
{
	int err = 0;

	down_read(&mm->mmap_lock);
	if (!range_mapped(mm, addr, addr + n * PAGE_SIZE)) {
		err = -ENOMEM;
	} else {
		for (unsigned long i = 0; i < n; i++) {
			u64 *pte = pte_lookup(mm, addr + i * PAGE_SIZE);

			vec[i] = pte && pte_has_page(*pte);
		}
	}
	up_read(&mm->mmap_lock);
	return err;
}

static long sys_mincore(unsigned long addr, unsigned long len, u8 *uvec)
{
	struct mm_struct *mm = current->mm;
	unsigned long plen = page_len(len);
	u8 vec[MINCORE_CHUNK];

	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	if (!plen || addr > USER_TOP - plen)
		return -ENOMEM;
	for (unsigned long done = 0; done < plen >> PAGE_SHIFT;) {
		unsigned long n = MIN((unsigned long)MINCORE_CHUNK, (plen >> PAGE_SHIFT) - done);
		int err = mincore_chunk(mm, addr + done * PAGE_SIZE, n, vec);

		if (!err && copy_to_user(uvec + done, vec, n))
			err = -EFAULT;
		if (err)
			return err;
		done += n;
	}
	return 0;
}
SYSCALL_ENTRY(mincore, sys_mincore);

/* Grow or shrink the heap; returns the new break, or the old one when the
 * request is refused (Linux's convention). */
static long sys_brk(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *dead = NULL;

	down_write(&mm->mmap_lock);
	addr = do_brk(mm, addr, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	return addr;
}
SYSCALL_ENTRY(brk, sys_brk);
