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
 *   exec) change both; a page fault holds it for reading.
 * - page_table_lock (spinlock) is held for every change of a PTE and for
 *   creating or freeing a page table, whoever makes it: besides the
 *   holders of mmap_lock, the page cache changes the PTEs of file VMAs
 *   without mmap_lock (unmapping a truncated range, write-protecting a
 *   folio before writeback: mm/rmap.h), finding the VMAs through the
 *   file's i_mmap list under i_mmap_rwsem. A PTE that maps a page holds a
 *   reference on it, so a fault reads a PTE and takes its own reference
 *   to the page under page_table_lock before using the page.
 * - mmap_lock comes after i_rwsem (a write() may fault on its buffer) and
 *   before invalidate_lock, the folio lock, i_mmap_rwsem and
 *   page_table_lock. Nothing that takes i_rwsem runs under it, and no
 *   copy_*_user() may run under it either (its fault would take it).
 * - TLBs: each CPU records the mm it has loaded (mm/tlb.c); a change of a
 *   PTE flushes it on every CPU that has that mm loaded (an IPI to the
 *   others, waiting for them), so a page whose last PTE went can be freed
 *   at once. A process is one thread, so that is usually its own CPU only.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include "mm/paging.h"
#include "kernel/types.h"
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
#define VM_PFNMAP	0x00000400UL	/* page frames without struct page references (vmf_insert_pfn) */
#define VM_IO		0x00004000UL	/* device memory: get_user_pages never touches it */
#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)

/* mm_map_range()'s prot: VM_WRITE, VM_GROWSDOWN and this one; a range is
 * always readable, and executable unless VM_NOEXEC. */
#define VM_NOEXEC	(1UL << 63)

/* Software bits of a user PTE (the CPU ignores bits 9-11). */
#define PTE_COW		(1UL << 9)	/* read-only because the page is shared copy-on-write */
#define PTE_PROTNONE	(1UL << 10)	/* not present, but holds a page (PROT_NONE) */
#define PTE_SPECIAL	(1UL << 11)	/* maps a page frame it holds no reference to (VM_PFNMAP) */

struct file;
struct shared_anon;
struct page;
struct vm_operations_struct;

/*
 * A mapping of a range of an address space. Of a file VMA (vm_file set),
 * vm_start, vm_end and vm_pgoff change only with the file mapping's
 * i_mmap_rwsem held for writing as well as mmap_lock, because the page
 * cache reaches the VMA through that mapping's i_mmap list (mm/rmap.h)
 * without mmap_lock.
 */
struct vm_area_struct {
	/* vm_mm->mmap_lock (and i_mmap_rwsem for a file VMA's range): */
	unsigned long vm_start, vm_end;	/* page aligned, [start, end) */
	unsigned long vm_flags;		/* VM_* */
	unsigned long vm_pgoff;		/* page of the file (or shared object) at vm_start */
	struct vm_area_struct *vm_next, *vm_prev;	/* sorted by address */
	/* const after creation: */
	struct mm_struct *vm_mm;
	struct file *vm_file;		/* the file mapped (a reference), or NULL */
	struct shared_anon *vm_shared_anon;	/* MAP_SHARED|MAP_ANONYMOUS pages (a reference) */
	const struct vm_operations_struct *vm_ops;	/* set by the file's ->mmap, or NULL */
	void *vm_private_data;		/* the vm_ops owner's */
	struct list_head vm_i_mmap;	/* vm_file's mapping->i_mmap_rwsem: on its i_mmap */
};

/* ---- faults and the vm_operations_struct (the seed's table) */

/* What a fault handler returns (Linux's values). */
typedef unsigned vm_fault_t;
#define VM_FAULT_OOM		0x0001	/* out of memory */
#define VM_FAULT_SIGBUS		0x0002	/* no page there (beyond the end of a file, I/O error) */
#define VM_FAULT_MAJOR		0x0004	/* the page had to be read */
#define VM_FAULT_SIGSEGV	0x0040
#define VM_FAULT_NOPAGE		0x0100	/* the PTE is set (or the page went): retry the access */
#define VM_FAULT_LOCKED		0x0200	/* vmf->page is returned locked */
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)

/* vm_fault.flags */
#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_INSTRUCTION	0x02
#define FAULT_FLAG_FORCE	0x04	/* the kernel accesses whatever the protection (exec, /proc/PID/mem) */
#define FAULT_FLAG_KERNEL	0x08	/* a protection fault in kernel mode (copy_*_user) */
#define FAULT_FLAG_REMOTE	0x10	/* not the current process's mm */

/*
 * One fault, as the handlers of a vm_operations_struct see it. Filled by
 * handle_mm_fault with the mm's mmap_lock held (for reading).
 */
struct vm_fault {
	struct vm_area_struct *vma;	/* the VMA of address */
	unsigned long address;		/* page aligned */
	unsigned long pgoff;		/* the file page (or object page) at address */
	unsigned flags;			/* FAULT_FLAG_* */
	u64 *pte;			/* ->map_pages: address's PTE slot, page_table_lock held */
	struct page *page;		/* ->fault's result and ->page_mkwrite's page: a
					 * reference, locked with VM_FAULT_LOCKED */
};

/*
 * What a mapping does at fault time, the seed's vm_operations_struct. All
 * are called with the mm's mmap_lock held (read or write) through the
 * checked wrappers of mm/vm_ops.h; all may sleep but ->map_pages, which
 * runs under page_table_lock. Prototypes are the seed's, ->map_pages's
 * Linux's (the seed lists none).
 *
 * ->fault finds the page for vmf->pgoff and returns it in vmf->page with a
 * reference, locked if it says VM_FAULT_LOCKED (the VM unlocks it), or
 * VM_FAULT_SIGBUS / VM_FAULT_OOM. ->map_pages maps the pages of [start,
 * end] it can reach without sleeping (do_set_pte), around a read fault.
 * ->page_mkwrite makes vmf->page ready to be written through a shared
 * mapping and returns it locked (VM_FAULT_LOCKED), or VM_FAULT_NOPAGE
 * when it was truncated meanwhile. ->pfn_mkwrite is the same for a
 * page-less (VM_PFNMAP) entry. ->access reads or writes len bytes at addr
 * for another process (/proc/PID/mem) where there are no pages to take;
 * it returns the bytes done or -errno.
 */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *vma);
	void (*close)(struct vm_area_struct *vma);
	vm_fault_t (*fault)(struct vm_area_struct *vma, struct vm_fault *vmf);
	vm_fault_t (*map_pages)(struct vm_fault *vmf, unsigned long start_pgoff,
				unsigned long end_pgoff);
	vm_fault_t (*page_mkwrite)(struct vm_area_struct *vma, struct vm_fault *vmf);
	vm_fault_t (*pfn_mkwrite)(struct vm_area_struct *vma, struct vm_fault *vmf);
	int (*access)(struct vm_area_struct *vma, unsigned long addr, void *buf, int len,
		      int write);
};

/* ->map_pages: map page (the caller's reference goes to the PTE) read-only
 * at addr, whose slot is vmf->pte moved by (addr - vmf->address). False,
 * and nothing done, if that slot holds a page already. page_table_lock
 * held (as ->map_pages is called). */
bool do_set_pte(struct vm_fault *vmf, struct page *page, unsigned long addr);
/* ->fault of a VM_PFNMAP mapping: map page frame pfn at addr (writable if
 * the VMA is shared and writable), holding no reference on it. Returns
 * VM_FAULT_NOPAGE, or VM_FAULT_OOM. mmap_lock held. */
vm_fault_t vmf_insert_pfn(struct vm_area_struct *vma, unsigned long addr, unsigned long pfn);

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

/* Another process's address space, with a reference (mm_users), or NULL
 * if it has none (a kernel thread, a process that exited). mmput() it. */
struct task_struct;
struct mm_struct *get_task_mm(struct task_struct *task);

/*
 * Copy len bytes between buf (a kernel buffer) and mm at addr, for
 * another process or the kernel: the pages are faulted in as the owner's
 * access would be, with writes forced through read-only private mappings
 * (copy-on-write) as ptrace does; VM_IO and VM_PFNMAP areas go through
 * their ->access. Takes mm's mmap_lock (read). Returns the bytes done
 * (fewer at an unmapped address), 0 if none. May sleep.
 */
int access_remote_vm(struct mm_struct *mm, unsigned long addr, void *buf, int len,
		     bool write);

/* Pages mapped by mm (the zero page not counted), for tests and /proc. */
long mm_rss(struct mm_struct *mm);

/* Load next's page tables, or the kernel's for NULL, on this CPU.
 * Called with preemption or IRQs off (the context switch). */
void switch_mm(struct mm_struct *next);
/* At boot, before the other CPUs start: the TLB flush IPI (mm/tlb.c). */
void tlb_init(void);

#endif
