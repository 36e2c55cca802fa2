/* What the boot loader tells the kernel (multiboot2 from GRUB, multiboot
 * version 1 from QEMU's -kernel), parsed once. */
#ifndef KERNEL_BOOT_MULTIBOOT2_H
#define KERNEL_BOOT_MULTIBOOT2_H

#include "kernel/types.h"

#define MB2_BOOTLOADER_MAGIC 0x36d76289
#define MB1_BOOTLOADER_MAGIC 0x2badb002	/* QEMU's -kernel loader */

struct boot_module {
	phys_addr_t start, end;
	char name[32];
};

struct boot_info {
	char cmdline[512];
	const void *rsdp;		/* GRUB's copy of the ACPI RSDP, or NULL */
	unsigned nr_modules;
	struct boot_module modules[4];
	u64 ram_bytes;			/* usable RAM in the memory map */
	char bootloader[64];
};

extern struct boot_info boot_info;	/* const after multiboot2_parse */

/* Record the memory map with memblock (RAM, and the ranges in use by the
 * kernel, the boot information and the modules) and fill boot_info.
 * Returns 0 or -EINVAL for a malformed structure. */
int multiboot2_parse(phys_addr_t info);
/* The same from multiboot (version 1) information (kernel/boot/multiboot1.c). */
int multiboot1_parse(phys_addr_t info);

#endif
