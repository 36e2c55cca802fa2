/*
 * Address spaces of user processes. A struct mm_struct owns a PML4 whose
 * kernel half (slots 256-511) is copied from the kernel page tables at
 * creation (those slots never change: mm/paging.c pre-creates them), and
 * whose user half maps 4 KiB pages allocated for it. The user regions are
 * kept in a short list, enough for brk and for fault reports; page faults
 * never fill pages in yet: everything is mapped when it is created.
 *
 * Locking: mmap_lock (rw_semaphore) protects the user page tables, the
 * region list and the brk fields. mm_users is atomic.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "mm/paging.h"
#include "kernel/lib/list.h"
#include "kernel/sync/rwsem.h"

#define USER_TOP	0x0000800000000000UL	/* first address above user space */

/* Protection of a user mapping: PTE bits, PTE_U is implied. */
#define VM_WRITE	PTE_W
#define VM_NOEXEC	PTE_NX

struct vm_region {
	unsigned long vr_start, vr_end;	/* page aligned, [start, end) */
	u64 vr_prot;			/* VM_WRITE | VM_NOEXEC */
	struct list_head vr_list;	/* mm->mmap_lock */
};

struct mm_struct {
	u64 *pgd;			/* const: the PML4 (direct-map address) */
	int mm_users;			/* atomic */
	struct rw_semaphore mmap_lock;
	/* mmap_lock: */
	struct list_head regions;	/* vm_region, sorted by address */
	unsigned long start_brk, brk;	/* heap: [start_brk, brk) */
};

/* A new, empty address space (one user). NULL when out of memory. */
struct mm_struct *mm_alloc(void);
/* fork: a copy of old's user half (the caller must be old's only user,
 * as a single-threaded process is). NULL when out of memory. May sleep. */
struct mm_struct *mm_dup(struct mm_struct *old);
/* Drop a user; the last one frees every user page and table. The mm must
 * not be loaded in CR3 on any CPU. May sleep. */
void mmput(struct mm_struct *mm);

/* Map zeroed pages over [start, start+len) with prot (VM_*). Pages already
 * mapped are kept and their protection widened. 0, -ENOMEM or -EINVAL.
 * Caller holds mmap_lock for writing. */
int mm_map_range(struct mm_struct *mm, unsigned long start, size_t len, u64 prot);
/* Unmap and free the pages of [start, start+len). Caller holds mmap_lock
 * for writing; flushes this CPU's TLB (a process is one thread for now). */
void mm_unmap_range(struct mm_struct *mm, unsigned long start, size_t len);
/* Copy into mapped user pages through the direct map, whatever their
 * protection (the ELF loader fills read-only text). 0 or -EFAULT.
 * Caller holds mmap_lock. */
int mm_copy_to(struct mm_struct *mm, unsigned long va, const void *src, size_t len);
/* The region containing addr, or NULL. Caller holds mmap_lock. */
struct vm_region *mm_find_region(struct mm_struct *mm, unsigned long addr);

/* Load next's page tables, or the kernel's for NULL, on this CPU.
 * Called with preemption or IRQs off (the context switch). */
void switch_mm(struct mm_struct *next);

#endif
