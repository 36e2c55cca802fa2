/*
 * Fixed virtual layout of the kernel's half of the address space, shared by
 * assembly and C.
 */
#ifndef KERNEL_BOOT_LAYOUT_H
#define KERNEL_BOOT_LAYOUT_H

#define KERNEL_VMA	0xffffffff80000000	/* kernel image: phys + KERNEL_VMA */
#define PAGE_OFFSET	0xffff888000000000	/* direct map of all RAM */
#define KSTACK_BASE	0xffffc90000000000	/* kernel stacks, each with a guard page */
#define KSTACK_AREA	0x0000010000000000	/* 1 TiB of virtual space for stacks */

#define PAGE_SHIFT	12
#define PAGE_SIZE	4096
#define BOOT_STACK_SIZE	16384
#define KSTACK_SIZE	16384		/* per task, plus one unmapped guard page */

#define AP_TRAMPOLINE_PHYS	0x8000	/* real-mode entry of application processors */

#endif
