/*
 * Kernel page tables: the direct map of all RAM at PAGE_OFFSET, the kernel
 * image at KERNEL_VMA with per-section protections, kernel stacks and MMIO.
 * The kernel half is shared by every address space.
 */
#ifndef MM_PAGING_H
#define MM_PAGING_H

#include "mm/page.h"

#define PTE_P	(1UL << 0)
#define PTE_W	(1UL << 1)
#define PTE_U	(1UL << 2)
#define PTE_PWT	(1UL << 3)
#define PTE_PCD	(1UL << 4)
#define PTE_A	(1UL << 5)
#define PTE_D	(1UL << 6)
#define PTE_PS	(1UL << 7)
#define PTE_G	(1UL << 8)
#define PTE_NX	(1UL << 63)
#define PTE_ADDR_MASK 0x000ffffffffff000UL

extern phys_addr_t kernel_pml4_phys;	/* const after paging_init */

/* Build the final kernel page tables and switch to them (CPU 0). */
void paging_init(void);
/* Load the kernel page tables on an AP. */
void paging_load_kernel(void);
/* Map [va, va+size) to [pa, ...) with 4 KiB pages and the given PTE flags.
 * Returns 0 or -ENOMEM. Serialised by kernel_pt_lock. */
int map_kernel_range(unsigned long va, phys_addr_t pa, size_t size, u64 flags);
/* Map device memory uncached; returns its virtual address or NULL. */
void *ioremap(phys_addr_t pa, size_t size);
/* The PTE mapping va in the kernel tables, or NULL (for tests and gdb). */
u64 *lookup_kernel_pte(unsigned long va);

#endif
