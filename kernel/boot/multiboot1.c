/*
 * Multiboot (version 1) boot information, as QEMU's -kernel loader passes
 * it: a fixed structure whose flags say which fields are valid. We read the
 * command line, the memory map and the modules (-initrd), and fill the same
 * struct boot_info as the multiboot2 path; there is no ACPI pointer, so
 * kernel/cpu/acpi.c finds the RSDP by scanning the BIOS area.
 */
#include "kernel/boot/multiboot2.h"
#include "kernel/boot/layout.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "mm/memblock.h"
#include "mm/page.h"

#define MB1_INFO_MEM		(1 << 0)
#define MB1_INFO_CMDLINE	(1 << 2)
#define MB1_INFO_MODS		(1 << 3)
#define MB1_INFO_MMAP		(1 << 6)
#define MB1_INFO_LOADER		(1 << 9)
#define MMAP_AVAILABLE		1

struct mb1_info {
	u32 flags;
	u32 mem_lower, mem_upper;	/* KiB below 1 MiB, above 1 MiB */
	u32 boot_device;
	u32 cmdline;
	u32 mods_count, mods_addr;
	u32 syms[4];
	u32 mmap_length, mmap_addr;
	u32 drives_length, drives_addr;
	u32 config_table;
	u32 boot_loader_name;
} __packed;

struct mb1_module {
	u32 mod_start, mod_end;
	u32 string;
	u32 reserved;
};

struct mb1_mmap_entry {
	u32 size;			/* of the rest of the entry */
	u64 addr, len;
	u32 type;
} __packed;

extern char _kernel_end[];

/* Copy a NUL-terminated string at a physical address (below 1 GiB). */
static void copy_phys_string(char *dst, size_t size, u32 pa)
{
	if (pa)
		strlcpy(dst, phys_to_virt(pa), size);
}

int multiboot1_parse(phys_addr_t info)
{
	const struct mb1_info *mb = phys_to_virt(info);

	memblock_reserve(0, 0x100000);			/* BIOS, trampoline, VGA */
	memblock_reserve(0x100000, (u64)_kernel_end - KERNEL_VMA - 0x100000);
	if (mb->flags & MB1_INFO_CMDLINE)
		copy_phys_string(boot_info.cmdline, sizeof(boot_info.cmdline), mb->cmdline);
	if (mb->flags & MB1_INFO_LOADER)
		copy_phys_string(boot_info.bootloader, sizeof(boot_info.bootloader),
				 mb->boot_loader_name);
	if (mb->flags & MB1_INFO_MODS) {
		const struct mb1_module *m = phys_to_virt(mb->mods_addr);

		for (u32 i = 0; i < mb->mods_count && i < ARRAY_SIZE(boot_info.modules); i++) {
			struct boot_module *bm = &boot_info.modules[boot_info.nr_modules++];

			bm->start = m[i].mod_start;
			bm->end = m[i].mod_end;
			copy_phys_string(bm->name, sizeof(bm->name), m[i].string);
			memblock_reserve(bm->start, bm->end - bm->start);
		}
	}
	if (mb->flags & MB1_INFO_MMAP) {
		const u8 *p = phys_to_virt(mb->mmap_addr), *end = p + mb->mmap_length;

		while (p + sizeof(struct mb1_mmap_entry) <= end) {
			const struct mb1_mmap_entry *e = (const void *)p;

			if (e->type == MMAP_AVAILABLE && e->len) {
				memblock_add(e->addr, e->len);
				boot_info.ram_bytes += e->len;
			}
			p += e->size + sizeof(e->size);
		}
	} else if (mb->flags & MB1_INFO_MEM) {
		memblock_add(0, (u64)mb->mem_lower << 10);
		memblock_add(0x100000, (u64)mb->mem_upper << 10);
		boot_info.ram_bytes = ((u64)mb->mem_lower + mb->mem_upper) << 10;
	}
	return boot_info.ram_bytes ? 0 : -EINVAL;
}
