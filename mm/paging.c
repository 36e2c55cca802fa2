/*
 * Kernel page tables. paging_init() replaces the boot tables (which map the
 * first GiB three times, writable and executable) with the final layout:
 *   PAGE_OFFSET + pa   all RAM, 2 MiB pages, writable, no-execute;
 *   KERNEL_VMA + pa    the kernel image, 4 KiB pages: text read-only and
 *                      executable, rodata read-only, data no-execute;
 *   KSTACK_BASE ...    kernel stacks, mapped page by page (mm/kstack.c);
 *   IOREMAP_BASE ...   device registers, uncached.
 * Upper-level tables for the kernel half are created at boot or under
 * kernel_pt_lock, and never freed, so every address space can share them.
 */
#include "mm/paging.h"
#include "mm/memblock.h"
#include "mm/page_alloc.h"
#include "kernel/cpu/x86.h"
#include "kernel/lib/string.h"
#include "kernel/sync/spinlock.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

#define IOREMAP_BASE 0xffffc00000000000UL
#define IOREMAP_SIZE (1UL << 30)

extern char _text[], _etext[], _rodata[], _erodata[], _data[], _edata[], _kernel_end[];
extern u64 boot_pml4[];

phys_addr_t kernel_pml4_phys;
static u64 *kernel_pml4;			/* const after paging_init */
static DEFINE_SPINLOCK(kernel_pt_lock);		/* creating tables, PTEs of shared ranges */
static unsigned long ioremap_next = IOREMAP_BASE;	/* kernel_pt_lock */

static u64 *pt_alloc(void)
{
	if (page_alloc_ready()) {
		struct page *p = alloc_page(GFP_KERNEL | __GFP_ZERO);
		return p ? page_address(p) : NULL;
	}
	return phys_to_virt(memblock_alloc(PAGE_SIZE));
}

/* The entry for va at the given level (3 = PML4 .. 0 = PT), creating the
 * tables above it. NULL if a table could not be allocated or a large page
 * is in the way. Caller holds kernel_pt_lock (or is single-threaded boot). */
static u64 *walk(u64 *pml4, unsigned long va, int level)
{
	u64 *table = pml4;

	for (int l = 3; l > level; l--) {
		u64 *e = &table[(va >> (12 + 9 * l)) & 511];
		if (!(*e & PTE_P)) {
			u64 *t = pt_alloc();
			if (!t)
				return NULL;
			*e = virt_to_phys(t) | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			return NULL;
		}
		table = phys_to_virt(*e & PTE_ADDR_MASK);
	}
	return &table[(va >> (12 + 9 * level)) & 511];
}

static void map_direct(u64 *pml4, phys_addr_t end)
{
	for (phys_addr_t pa = 0; pa < end; pa += 2UL << 20) {
		u64 *pde = walk(pml4, PAGE_OFFSET + pa, 1);
		*pde = pa | PTE_P | PTE_W | PTE_PS | PTE_G | PTE_NX;
	}
}

static void map_image(u64 *pml4, char *start, char *end, u64 flags)
{
	for (unsigned long va = (unsigned long)start; va < (unsigned long)end; va += PAGE_SIZE) {
		u64 *pte = walk(pml4, va, 0);
		*pte = (va - KERNEL_VMA) | PTE_P | PTE_G | flags;
	}
}

void paging_init(void)
{
	u64 *pml4 = pt_alloc();

	map_direct(pml4, ALIGN_UP(memblock_end_of_ram(), 2UL << 20));
	map_image(pml4, _text, _etext, 0);
	map_image(pml4, _rodata, _erodata, PTE_NX);
	map_image(pml4, _data, _edata, PTE_W | PTE_NX);
	map_image(pml4, _edata, _kernel_end, PTE_NX);
	/* Pre-create the PML4 slots of the shared kernel half so that later
	 * address spaces can copy them once and never miss an update. */
	for (int i = 256; i < 512; i++)
		if (!(pml4[i] & PTE_P))
			pml4[i] = virt_to_phys(pt_alloc()) | PTE_P | PTE_W;
	kernel_pml4 = pml4;
	kernel_pml4_phys = virt_to_phys(pml4);
	write_cr4(read_cr4() | (1 << 7));	/* PGE: global pages */
	write_cr3(kernel_pml4_phys);
}

void paging_load_kernel(void)
{
	write_cr4(read_cr4() | (1 << 7));
	write_cr3(kernel_pml4_phys);
}

int map_kernel_range(unsigned long va, phys_addr_t pa, size_t size, u64 flags)
{
	unsigned long flags_irq;
	int ret = 0;

	spin_lock_irqsave(&kernel_pt_lock, flags_irq);
	for (size_t off = 0; off < size; off += PAGE_SIZE) {
		u64 *pte = walk(kernel_pml4, va + off, 0);
		if (!pte) {
			ret = -ENOMEM;
			break;
		}
		*pte = (pa + off) | PTE_P | PTE_G | flags;
		invlpg(va + off);
	}
	spin_unlock_irqrestore(&kernel_pt_lock, flags_irq);
	return ret;
}

void *ioremap(phys_addr_t pa, size_t size)
{
	phys_addr_t base = ALIGN_DOWN(pa, PAGE_SIZE);
	size_t len = ALIGN_UP(pa + size, PAGE_SIZE) - base;
	unsigned long flags, va;

	spin_lock_irqsave(&kernel_pt_lock, flags);
	va = ioremap_next;
	if (va + len > IOREMAP_BASE + IOREMAP_SIZE) {
		spin_unlock_irqrestore(&kernel_pt_lock, flags);
		return NULL;
	}
	ioremap_next += len;
	spin_unlock_irqrestore(&kernel_pt_lock, flags);
	if (map_kernel_range(va, base, len, PTE_W | PTE_NX | PTE_PCD | PTE_PWT))
		return NULL;
	return (void *)(va + (pa - base));
}

u64 *lookup_kernel_pte(unsigned long va)
{
	u64 *table = kernel_pml4;

	for (int l = 3; l > 0; l--) {
		u64 e = table[(va >> (12 + 9 * l)) & 511];
		if (!(e & PTE_P))
			return NULL;
		if (e & PTE_PS)
			return &table[(va >> (12 + 9 * l)) & 511];
		table = phys_to_virt(e & PTE_ADDR_MASK);
	}
	return &table[(va >> 12) & 511];
}
