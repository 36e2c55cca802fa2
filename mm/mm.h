/*
 * Address spaces of user processes. A struct mm_struct owns a PML4 whose
 * kernel half (slots 256-511) is copied from the kernel page tables at
 * creation (those slots never change: mm/paging.c pre-creates them), and
 * whose user half maps 4 KiB pages. What user space may touch is the list
 * of its virtual memory areas (struct vm_area_struct, "VMAs"): a VMA
 * reserves an address range with a protection; its pages are allocated
 * at the first touch (mm/fault.c), and fork shares them copy-on-write.
 *
 * Locking:
 * - mmap_lock (rw_semaphore) protects the VMA list, brk, and the user
 *   page tables. Writers (mmap, munmap, mprotect, mremap, brk, fork,
 *   exec) change both; a page fault holds it for reading and changes
 *   page-table entries under page_table_lock as well. So: a PTE changes
 *   under mmap_lock held for writing, or for reading plus page_table_lock.
 * - mmap_lock comes after i_rwsem (a write() may fault on its buffer) and
 *   before invalidate_lock, the folio lock and page_table_lock. Nothing
 *   that takes i_rwsem (reading a file) runs under it, and no
 *   copy_*_user() may run under it either (its fault would take it).
 * - A process is one thread: an mm is loaded (in CR3) on at most the CPU
 *   where its task runs, so a change to the current task's mm flushes
 *   this CPU's TLB, and a change to any other mm flushes nothing.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "mm/paging.h"
#include "kernel/lib/list.h"
#include "kernel/sync/rwsem.h"
#include "kernel/sync/spinlock.h"

#define USER_TOP	0x0000800000000000UL	/* first address above user space */
#define MMAP_MIN_ADDR	0x10000UL		/* nothing is ever mapped below (NULL faults) */
/* mmap() without an address searches down from here; the top gigabyte
 * is left to the stack (RLIMIT_STACK, 8 MiB by default). */
#define MMAP_BASE	(USER_TOP - (1UL << 30))
/* A stack does not grow to within this distance of the area below it. */
#define STACK_GUARD_GAP	(256UL * PAGE_SIZE)

/* vm_flags of a VMA (Linux's values). */
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL	/* writes are seen by every mapper */
#define VM_MAYREAD	0x00000010UL	/* mprotect may add VM_READ */
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_GROWSDOWN	0x00000100UL	/* a stack: a fault just below extends it */
#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)

/* mm_map_range()'s prot: VM_WRITE, VM_GROWSDOWN and this one; a range is
 * always readable, and executable unless VM_NOEXEC. */
#define VM_NOEXEC	(1UL << 63)

/* Software bits of a user PTE (the CPU ignores bits 9-11). */
#define PTE_COW		(1UL << 9)	/* read-only because the page is shared copy-on-write */
#define PTE_PROTNONE	(1UL << 10)	/* not present, but holds a page (PROT_NONE) */

struct file;
struct shared_anon;

struct vm_area_struct {
	/* vm_mm->mmap_lock: */
	unsigned long vm_start, vm_end;	/* page aligned, [start, end) */
	unsigned long vm_flags;		/* VM_* */
	unsigned long vm_pgoff;		/* page of the file (or shared object) at vm_start */
	struct vm_area_struct *vm_next, *vm_prev;	/* sorted by address */
	/* const after creation: */
	struct mm_struct *vm_mm;
	struct file *vm_file;		/* file read at fault time (a reference), or NULL */
	struct shared_anon *vm_shared_anon;	/* MAP_SHARED|MAP_ANONYMOUS pages (a reference) */
};

struct mm_struct {
	u64 *pgd;			/* const: the PML4 (direct-map address) */
	int mm_users;			/* atomic */
	struct rw_semaphore mmap_lock;
	spinlock_t page_table_lock;	/* PTE changes under mmap_lock held for reading */
	/* mmap_lock: */
	struct vm_area_struct *mmap;	/* first VMA; the list is sorted by address */
	int map_count;			/* VMAs on the list */
	unsigned long start_brk, brk;	/* heap: [start_brk, brk) */
	unsigned long mmap_base;	/* top of the area mmap() picks addresses in */
	long rss;			/* atomic: pages mapped, the shared zero page excepted */
};

/* A new, empty address space (one user). NULL when out of memory. */
struct mm_struct *mm_alloc(void);
/* fork: a copy of old's VMAs whose pages are shared copy-on-write (the
 * caller must be old's only user, as a single-threaded process is).
 * Takes old's mmap_lock for writing. NULL when out of memory. May sleep. */
struct mm_struct *mm_dup(struct mm_struct *old);
/* Drop a user; the last one unmaps everything and frees the tables. The
 * mm must not be loaded in CR3 on any CPU. May sleep. */
void mmput(struct mm_struct *mm);

/* Reserve [start, start+len) (rounded out to pages) as private anonymous
 * memory with prot (VM_WRITE | VM_NOEXEC | VM_GROWSDOWN), filled with
 * zeros on first touch. A part already reserved is kept and its
 * protection widened. 0, -ENOMEM or -EINVAL. Caller holds mmap_lock for
 * writing. */
int mm_map_range(struct mm_struct *mm, unsigned long start, size_t len, u64 prot);
/* Copy into the pages of [va, va+len) through the direct map, whatever
 * their protection (the ELF loader fills read-only text), allocating
 * them or breaking copy-on-write as a write fault would. 0 or -EFAULT
 * (no VMA there, out of memory, or a file page not read yet). Caller
 * holds mmap_lock for writing. */
int mm_copy_to(struct mm_struct *mm, unsigned long va, const void *src, size_t len);

/* The first VMA that ends above addr (it may start above it too), or
 * NULL. Caller holds mmap_lock. */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
/* The first VMA overlapping [start, end), or NULL. Caller holds mmap_lock. */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);

/* Pages mapped by mm (the zero page not counted), for tests and /proc. */
long mm_rss(struct mm_struct *mm);

/* Load next's page tables, or the kernel's for NULL, on this CPU.
 * Called with preemption or IRQs off (the context switch). */
void switch_mm(struct mm_struct *next);

#endif
