/*
 * The mmap family on an mm: what mmap, munmap, mprotect, mremap, madvise
 * and brk do once their arguments are checked (kernel/user/sys_mm.c
 * checks them and takes mmap_lock). Values of flags are Linux's.
 *
 * VMAs taken out of an mm under its mmap_lock hold references (a file)
 * that must not be dropped under it (the last fput() may take any VFS
 * lock): such functions chain them on *dead, and the caller hands the
 * chain to release_vmas() once mmap_lock is dropped.
 */
#ifndef MM_MMAP_H
#define MM_MMAP_H

#include "mm/mm.h"

#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_GROWSDOWN	0x01000000
#define PROT_GROWSUP	0x02000000

#define MAP_SHARED		0x01
#define MAP_PRIVATE		0x02
#define MAP_SHARED_VALIDATE	0x03
#define MAP_TYPE		0x0f
#define MAP_FIXED		0x10
#define MAP_ANONYMOUS		0x20
#define MAP_GROWSDOWN		0x0100
#define MAP_DENYWRITE		0x0800
#define MAP_EXECUTABLE		0x1000
#define MAP_LOCKED		0x2000
#define MAP_NORESERVE		0x4000
#define MAP_POPULATE		0x8000
#define MAP_NONBLOCK		0x10000
#define MAP_STACK		0x20000
#define MAP_HUGETLB		0x40000
#define MAP_SYNC		0x80000
#define MAP_FIXED_NOREPLACE	0x100000

#define MREMAP_MAYMOVE		1
#define MREMAP_FIXED		2
#define MREMAP_DONTUNMAP	4

#define MADV_NORMAL		0
#define MADV_RANDOM		1
#define MADV_SEQUENTIAL		2
#define MADV_WILLNEED		3
#define MADV_DONTNEED		4
#define MADV_FREE		8
#define MADV_REMOVE		9
#define MADV_DONTFORK		10
#define MADV_DOFORK		11
#define MADV_MERGEABLE		12
#define MADV_UNMERGEABLE	13
#define MADV_HUGEPAGE		14
#define MADV_NOHUGEPAGE		15
#define MADV_DONTDUMP		16
#define MADV_DODUMP		17
#define MADV_WIPEONFORK		18
#define MADV_KEEPONFORK		19
#define MADV_COLD		20
#define MADV_PAGEOUT		21
#define MADV_HWPOISON		100	/* root: treat the pages as failed memory (a test hook) */

#define MS_ASYNC		1
#define MS_INVALIDATE		2
#define MS_SYNC			4

/* Map [addr, addr+len) (len page aligned, not 0) with prot (PROT_*) and
 * flags (MAP_*, the type already checked); file (with pgoff, in pages)
 * or NULL for anonymous memory. Without MAP_FIXED(_NOREPLACE), addr is a
 * hint. Returns the address or -ENOMEM, -EEXIST (MAP_FIXED_NOREPLACE
 * over a mapping), -EPERM (below MMAP_MIN_ADDR), -EACCES, -ENODEV.
 * mmap_lock for writing; what MAP_FIXED replaced goes on *dead. */
long do_mmap(struct mm_struct *mm, unsigned long addr, unsigned long len, unsigned long prot,
	     unsigned long flags, struct file *file, unsigned long pgoff,
	     struct vm_area_struct **dead);
/* Unmap [start, start+len) (page aligned): split the VMAs at the edges,
 * take out those inside, free their pages and page tables. 0 or -ENOMEM
 * (a split failed; nothing unmapped then). mmap_lock for writing. */
int do_munmap(struct mm_struct *mm, unsigned long start, unsigned long len,
	      struct vm_area_struct **dead);
/* Drop what buried VMAs hold and free them. No mmap_lock held. May sleep. */
void release_vmas(struct vm_area_struct *dead);
/* An unmapped range of len bytes: at hint if it is free, else the highest
 * one below mmap_base. The address or -ENOMEM. mmap_lock. */
long get_unmapped_area(struct mm_struct *mm, unsigned long hint, unsigned long len);

/* mprotect: [start, start+len) must be mapped throughout (-ENOMEM) and
 * each VMA must allow prot (-EACCES). 0, -ENOMEM, -EACCES, -EINVAL.
 * mmap_lock for writing. */
int do_mprotect(struct mm_struct *mm, unsigned long start, unsigned long len,
		unsigned long prot);
/* mremap; returns the new address or -errno. mmap_lock for writing. */
long do_mremap(struct mm_struct *mm, unsigned long addr, unsigned long old_len,
	       unsigned long new_len, unsigned long flags, unsigned long new_addr,
	       struct vm_area_struct **dead);
/* madvise; MADV_DONTNEED/MADV_FREE drop the pages (they read as zeros,
 * or the file, again), the other known advice is accepted and ignored.
 * 0, -EINVAL, -ENOMEM (a hole in the range). mmap_lock for writing. */
int do_madvise(struct mm_struct *mm, unsigned long start, unsigned long len, int advice);
/*
 * MAP_POPULATE: fault in [start, start + len) of the current process now,
 * as reads (as writes for a private writable mapping, which gets its own
 * copies, as Linux does). Stops quietly at the first page that cannot be
 * had (the mapping stays) or at a fatal signal. No lock held; may sleep.
 */
void mm_populate(unsigned long start, unsigned long len, bool write);
/* brk: move the end of the heap to addr; returns the break now in
 * force (the old one if refused). mmap_lock for writing. */
unsigned long do_brk(struct mm_struct *mm, unsigned long addr, struct vm_area_struct **dead);

#endif
