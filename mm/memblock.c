/*
 * The boot memory map. Ranges are kept in two small sorted-free arrays; the
 * allocator hands out pages from the first RAM range above the kernel that
 * is not reserved, and reserves what it hands out.
 */
#include "mm/memblock.h"
#include "kernel/boot/layout.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/compiler.h"

#define MAX_RANGES 64
#define EARLY_LIMIT (1UL << 30)	/* the boot page tables map the first GiB */

struct range {
	phys_addr_t base;
	u64 size;
};

static struct range ram[MAX_RANGES], reserved[MAX_RANGES];
static int nr_ram, nr_reserved;

static void add_range(struct range *r, int *n, phys_addr_t base, u64 size)
{
	if (*n == MAX_RANGES)
		panic("memblock: too many ranges");
	r[(*n)++] = (struct range){ base, size };
}

void memblock_add(phys_addr_t base, u64 size)
{
	add_range(ram, &nr_ram, base, size);
}

void memblock_reserve(phys_addr_t base, u64 size)
{
	phys_addr_t start = ALIGN_DOWN(base, PAGE_SIZE), end = ALIGN_UP(base + size, PAGE_SIZE);

	for (int i = 0; i < nr_reserved; i++) {	/* grow a range this one touches */
		struct range *r = &reserved[i];
		if (start <= r->base + r->size && r->base <= end) {
			phys_addr_t lo = MIN(start, r->base), hi = MAX(end, r->base + r->size);
			r->base = lo;
			r->size = hi - lo;
			return;
		}
	}
	add_range(reserved, &nr_reserved, start, end - start);
}

static bool overlaps_reserved(phys_addr_t base, u64 size, phys_addr_t *end)
{
	for (int i = 0; i < nr_reserved; i++) {
		struct range *r = &reserved[i];
		if (base < r->base + r->size && r->base < base + size) {
			*end = r->base + r->size;
			return true;
		}
	}
	return false;
}

bool memblock_is_ram(phys_addr_t pa)
{
	for (int i = 0; i < nr_ram; i++)
		if (pa >= ram[i].base && pa < ram[i].base + ram[i].size)
			return true;
	return false;
}

phys_addr_t memblock_alloc(u64 size)
{
	size = ALIGN_UP(size, PAGE_SIZE);
	for (int i = 0; i < nr_ram; i++) {
		phys_addr_t p = ALIGN_UP(MAX(ram[i].base, 0x100000UL), PAGE_SIZE);
		phys_addr_t end = ram[i].base + ram[i].size, skip;

		while (p + size <= end && p + size <= EARLY_LIMIT) {
			if (overlaps_reserved(p, size, &skip)) {
				p = ALIGN_UP(skip, PAGE_SIZE);
				continue;
			}
			memblock_reserve(p, size);
			memset((void *)(p + PAGE_OFFSET), 0, size);
			return p;
		}
	}
	panic("memblock: out of early memory (%lu bytes wanted)", size);
}

phys_addr_t memblock_end_of_ram(void)
{
	phys_addr_t end = 0;

	for (int i = 0; i < nr_ram; i++)
		end = MAX(end, ram[i].base + ram[i].size);
	return end;
}

u64 memblock_total_ram(void)
{
	u64 total = 0;

	for (int i = 0; i < nr_ram; i++)
		total += ram[i].size;
	return total;
}

void memblock_for_each_free_pfn(void (*fn)(unsigned long pfn))
{
	for (int i = 0; i < nr_ram; i++) {
		phys_addr_t p = ALIGN_UP(ram[i].base, PAGE_SIZE);
		phys_addr_t end = ALIGN_DOWN(ram[i].base + ram[i].size, PAGE_SIZE), skip;

		while (p < end) {
			if (overlaps_reserved(p, PAGE_SIZE, &skip)) {
				p = ALIGN_UP(skip, PAGE_SIZE);
				continue;
			}
			fn(p >> PAGE_SHIFT);
			p += PAGE_SIZE;
		}
	}
}
