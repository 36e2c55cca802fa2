/*
 * Boot-time memory: the RAM ranges from the firmware's map, the ranges in
 * use before the page allocator exists (kernel image, boot information,
 * modules), and a bump allocator for the page allocator's own arrays.
 * Single-threaded: used only by CPU 0 during early boot.
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include "kernel/types.h"

void memblock_add(phys_addr_t base, u64 size);		/* usable RAM */
void memblock_reserve(phys_addr_t base, u64 size);	/* in use */
/* Allocate zeroed, page-aligned memory below 1 GiB (reachable through the
 * boot mappings); panics if none is left, since boot cannot go on. */
phys_addr_t memblock_alloc(u64 size);
phys_addr_t memblock_end_of_ram(void);
u64 memblock_total_ram(void);
/* Call fn for every page frame that is RAM and not reserved. */
void memblock_for_each_free_pfn(void (*fn)(unsigned long pfn));
bool memblock_is_ram(phys_addr_t pa);

#endif
