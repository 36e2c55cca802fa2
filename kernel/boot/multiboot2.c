/*
 * Multiboot2 boot information: a size-prefixed list of 8-byte-aligned tags.
 * We read the command line, the memory map, the ACPI RSDP and modules, and
 * reserve what GRUB placed in memory so the allocator never hands it out.
 */
#include "kernel/boot/multiboot2.h"
#include "kernel/boot/layout.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "mm/memblock.h"
#include "mm/page.h"

#define TAG_END		0
#define TAG_CMDLINE	1
#define TAG_LOADER	2
#define TAG_MODULE	3
#define TAG_MMAP	6
#define TAG_ACPI_OLD	14
#define TAG_ACPI_NEW	15
#define MMAP_AVAILABLE	1

struct mb2_tag {
	u32 type;
	u32 size;
};

struct mb2_mmap_entry {
	u64 addr;
	u64 len;
	u32 type;
	u32 reserved;
};

struct boot_info boot_info;
extern char _kernel_end[];

static void parse_mmap(const struct mb2_tag *tag)
{
	u32 entry_size = ((const u32 *)(tag + 1))[0];
	const u8 *p = (const u8 *)(tag + 1) + 8, *end = (const u8 *)tag + tag->size;

	if (entry_size < sizeof(struct mb2_mmap_entry))
		return;
	for (; p + entry_size <= end; p += entry_size) {
		const struct mb2_mmap_entry *e = (const void *)p;
		if (e->type == MMAP_AVAILABLE && e->len) {
			memblock_add(e->addr, e->len);
			boot_info.ram_bytes += e->len;
		}
	}
}

static void parse_module(const struct mb2_tag *tag)
{
	const u32 *m = (const u32 *)(tag + 1);
	struct boot_module *bm;

	if (boot_info.nr_modules == ARRAY_SIZE(boot_info.modules))
		return;
	bm = &boot_info.modules[boot_info.nr_modules++];
	bm->start = m[0];
	bm->end = m[1];
	strlcpy(bm->name, (const char *)(m + 2), sizeof(bm->name));
	memblock_reserve(bm->start, bm->end - bm->start);
}

int multiboot2_parse(phys_addr_t info)
{
	const u8 *base = phys_to_virt(info);
	u32 total = *(const u32 *)base;

	if (total < 16 || total > (1u << 20))
		return -EINVAL;
	memblock_reserve(0, 0x100000);			/* BIOS, trampoline, VGA */
	memblock_reserve(0x100000, (u64)_kernel_end - KERNEL_VMA - 0x100000);
	memblock_reserve(info, total);
	for (const u8 *p = base + 8; p + 8 <= base + total;) {
		const struct mb2_tag *tag = (const void *)p;
		if (tag->type == TAG_END || tag->size < 8)
			break;
		switch (tag->type) {
		case TAG_CMDLINE:
			strlcpy(boot_info.cmdline, (const char *)(tag + 1), sizeof(boot_info.cmdline));
			break;
		case TAG_LOADER:
			strlcpy(boot_info.bootloader, (const char *)(tag + 1), sizeof(boot_info.bootloader));
			break;
		case TAG_MODULE:
			parse_module(tag);
			break;
		case TAG_MMAP:
			parse_mmap(tag);
			break;
		case TAG_ACPI_OLD:
		case TAG_ACPI_NEW:
			if (!boot_info.rsdp || tag->type == TAG_ACPI_NEW)
				boot_info.rsdp = tag + 1;
			break;
		}
		p += ALIGN_UP(tag->size, 8);
	}
	return boot_info.ram_bytes ? 0 : -EINVAL;
}
