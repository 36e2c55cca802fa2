/*
 * What the files of mm/ that manage user address spaces share among
 * themselves: VMA list surgery (vma.c), the user page tables (memory.c),
 * and the fault path's entry for the kernel's own writes (fault.c).
 * Locking follows mm/mm.h: everything here expects the mm's mmap_lock
 * as each comment says.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "mm/mm.h"
#include "mm/page_alloc.h"

struct address_space;

#define PAGE_MASK	(~(PAGE_SIZE - 1))

/* ---- vma.c: the VMA list ---- */

/* A VMA for mm covering [start, end) with flags, not on any list yet;
 * NULL when out of memory. No references taken. */
struct vm_area_struct *vm_area_alloc(struct mm_struct *mm, unsigned long start,
				     unsigned long end, unsigned long flags);
/* A copy of vma (for mm), taking new references on its file and shared
 * object, and telling its ->open. NULL when out of memory. mm's mmap_lock
 * for writing. */
struct vm_area_struct *vm_area_dup(struct vm_area_struct *vma, struct mm_struct *mm);
/* Insert vma into its mm's list, and a file VMA into its file's i_mmap; it
 * must overlap no VMA there. mmap_lock for writing; takes i_mmap_rwsem
 * (the _locked form: the caller holds it for writing). */
void vma_link(struct vm_area_struct *vma);
void vma_link_locked(struct vm_area_struct *vma);
/* Take vma off its mm's list (and its file's i_mmap). mmap_lock for
 * writing; takes i_mmap_rwsem (_locked: held by the caller). */
void vma_unlink(struct vm_area_struct *vma);
void vma_unlink_locked(struct vm_area_struct *vma);
/* Move the end of vma (growing or shrinking it in place). mmap_lock for
 * writing; takes i_mmap_rwsem. */
void vma_set_end(struct vm_area_struct *vma, unsigned long end);
/* vma is being taken away for good: tell its ->close. mmap_lock. */
void vma_close(struct vm_area_struct *vma);
/* Cut vma at addr (page aligned, strictly inside it): vma keeps the part
 * below, a new VMA after it on the list gets the rest. 0 or -ENOMEM.
 * mmap_lock for writing. */
int split_vma(struct vm_area_struct *vma, unsigned long addr);
/* Split the VMAs that straddle start or end, so that every VMA is then
 * inside [start, end) or outside it. 0 or -ENOMEM (nothing undone: the
 * splits done are harmless). mmap_lock for writing. */
int vma_isolate_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Merge vma with its neighbours where they continue it exactly (same
 * flags, same file or object at the next offset). The merged-away VMAs
 * are freed at once: the survivor holds the same file or object, so
 * their references are never the last. Returns the VMA now covering
 * vma's range. mmap_lock for writing. */
struct vm_area_struct *vma_merge_neighbours(struct vm_area_struct *vma);
/* Chain vma (unlinked) onto *dead, for release_vmas(). */
void vma_bury(struct vm_area_struct *vma, struct vm_area_struct **dead);

/* ---- memory.c: user page tables ---- */

/* The shared zero page: mapped read-only (copy-on-write) by read faults
 * on private anonymous memory. Never freed. */
struct page *zero_page(void);
/* Does a PTE value hold a page (present, or PROT_NONE)? */
static inline bool pte_has_page(u64 e) { return e & (PTE_P | PTE_PROTNONE); }
static inline struct page *pte_page(u64 e) { return pfn_to_page((e & PTE_ADDR_MASK) >> PAGE_SHIFT); }
/* The PTE value mapping page in a VMA with vm_flags; writable only when
 * asked and the VMA allows it. */
u64 mk_pte(struct page *page, unsigned long vm_flags, bool writable);
/* e with the protection of vm_flags: present or PROT_NONE, NX, and W
 * dropped if the VMA is read-only (set if it is shared and writable; a
 * private page stays read-only until a write fault decides). */
u64 pte_set_prot(u64 e, unsigned long vm_flags);

/* The PTE slot of va, or NULL when a table above it is missing. mmap_lock. */
u64 *pte_lookup(struct mm_struct *mm, unsigned long va);
/* The same, creating the missing tables (under page_table_lock); NULL
 * when out of memory. mmap_lock, for reading or writing. */
u64 *pte_alloc(struct mm_struct *mm, unsigned long va);
/* Account for one more (or one less) PTE mapping page in mm. */
void mm_add_page(struct mm_struct *mm, struct page *page);
void mm_remove_page(struct mm_struct *mm, struct page *page);

/* Unmap every page of [start, end) and drop its reference; flush the TLB.
 * mmap_lock for writing. */
void zap_page_range(struct mm_struct *mm, unsigned long start, unsigned long end);
/* Free the page tables of [start, end) that map nothing any more.
 * mmap_lock for writing. */
void free_pgtables(struct mm_struct *mm, unsigned long start, unsigned long end);
/* fork: map vma's pages into dst as well; private writable ones become
 * read-only copy-on-write in both. 0 or -ENOMEM. src's mmap_lock for
 * writing; dst is not visible to anyone yet. The caller flushes src's TLB. */
int copy_page_range(struct mm_struct *dst, struct vm_area_struct *vma);
/* Give the PTEs of [start, end) the protection of vm_flags; flush the TLB.
 * mmap_lock for writing. */
void change_protection(struct mm_struct *mm, unsigned long start, unsigned long end,
		       unsigned long vm_flags);
/* Move the PTEs of [from, from+len) to [to, to+len) (ranges apart).
 * 0 or -ENOMEM, then nothing moved. mmap_lock for writing. */
int move_page_tables(struct mm_struct *mm, unsigned long from, unsigned long to,
		     unsigned long len);
/* Free every user page table (the pages must be unmapped already). */
void free_user_tables(struct mm_struct *mm);

/* For the page cache (mm/rmap.c), which holds the file mapping's
 * i_mmap_rwsem and not mmap_lock; both take vma's page_table_lock and
 * flush the TLBs. unmap_vma_range clears the PTEs of [start, end) that
 * map only (if set), else a page of mapping (if set: the file's own
 * pages, not private copies), else any page. */
void unmap_vma_range(struct vm_area_struct *vma, unsigned long start, unsigned long end,
		     struct address_space *mapping, const struct page *only);
/* Make the PTE at addr read-only and clean if it maps page; true if it was
 * writable (the next write faults: ->page_mkwrite). */
bool wrprotect_vma_page(struct vm_area_struct *vma, unsigned long addr, const struct page *page);

/* ---- tlb.c ---- */

/* Flush mm's TLB entries for [start, end) on every CPU that has mm loaded
 * (waiting for the others). Process context, IRQs on, no spinlock that a
 * CPU may spin on with IRQs off (i_pages_lock, ...) held. */
void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end);
void flush_tlb_mm(struct mm_struct *mm);
/* This CPU now has mm's page tables loaded (NULL: the kernel's).
 * switch_mm(), with preemption or IRQs off, before it loads CR3. */
void tlb_note_loaded(struct mm_struct *mm);

/* Replace every PTE of vma that maps page with a hwpoison entry (the
 * page's map count and reference go). Returns how many, the first one's
 * address in *addr. mmap_lock held. */
int poison_vma_page(struct vm_area_struct *vma, struct page *page, unsigned long *addr);

/* ---- fault.c ---- */

/* The page at va, made present and private to mm as a write fault would
 * do but whatever the VMA's protection (mm_copy_to), without a reference
 * (mmap_lock held for writing keeps it mapped). NULL: no VMA there, or out
 * of memory. mmap_lock for writing. */
struct page *fault_in_for_kernel_write(struct mm_struct *mm, unsigned long va);
/* The page at va with a reference, faulted in as an access would (with
 * write: a forced write, breaking copy-on-write even in a read-only
 * private mapping), for another process or the kernel. NULL if there is
 * none to have (no VMA, a VM_IO/VM_PFNMAP area, a shared read-only mapping
 * for a write, SIGBUS, no memory). mmap_lock held (read or write). */
struct page *get_user_page_locked(struct mm_struct *mm, unsigned long va, bool write);
/* Extend the stack VMA above addr down to it. 0 or -EFAULT (not a stack,
 * over RLIMIT_STACK, or too close to the VMA below). mmap_lock for
 * writing. */
int expand_stack(struct mm_struct *mm, unsigned long addr);

#endif
