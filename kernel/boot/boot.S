/*
 * First instructions of the kernel. GRUB (multiboot2) enters _start32 in
 * 32-bit protected mode, paging off, EAX = magic, EBX = boot information.
 * We build a temporary page table that maps the first GiB twice — at 0
 * (identity, for this code) and at KERNEL_VMA (where the kernel is linked) —
 * enable long mode with NX, and jump to the 64-bit higher-half entry, which
 * calls kmain(magic, info). mm/paging.c replaces these tables with the final
 * ones; the APs reuse them during their own boot (kernel/cpu/trampoline.S).
 */
#include "kernel/boot/layout.h"

#define MB2_MAGIC	0xe85250d6
#define MB2_ARCH_I386	0
#define PHYS(x)		((x) - KERNEL_VMA)

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* entry address tag: enter at the physical address of _start32 */
	.balign 8
	.word 3, 0
	.long 12
	.long _start32
	/* end tag */
	.balign 8
	.word 0, 0
	.long 8
mb2_header_end:

/*
 * A multiboot (version 1) header as well, for QEMU's own loader
 * (`qemu -kernel build/kernel.bin`, the fast path of `make bench` and
 * `make qemu-fast`). QEMU refuses 64-bit ELF files, so the header carries
 * the load addresses (flag 16, the "a.out kludge") and QEMU copies the flat
 * image build/kernel.bin (objcopy -O binary: everything from KERNEL_PHYS,
 * bss already zero) to KERNEL_PHYS and enters _start32 with EAX = 0x2badb002.
 */
#define MB1_MAGIC	0x1badb002
#define MB1_FLAGS	((1 << 1) | (1 << 16))	/* memory map; addresses below */
	.balign 4
mb1_header:
	.long MB1_MAGIC
	.long MB1_FLAGS
	.long -(MB1_MAGIC + MB1_FLAGS)
	.long mb1_header			/* header_addr (physical: .boot is) */
	.long 0x100000				/* load_addr: KERNEL_PHYS in linker.ld */
	.long 0					/* load_end_addr: the whole file */
	.long 0					/* bss_end_addr: bss is in the file */
	.long _start32				/* entry_addr */

	.section .boot.text, "ax"
	.code32
	.globl _start32
_start32:
	cli
	cld
	movl	%eax, %edi		/* magic: first argument of kmain */
	movl	%ebx, %esi		/* info:  second argument */
	movl	$PHYS(boot_stack_top), %esp

	/* Long mode and NX available? */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	no_long_mode

	/* PML4[0], [273] and [511] -> PDPTs that all map one PD = the first GiB. */
	movl	$PHYS(boot_pdpt_low), %eax
	orl	$0x3, %eax
	movl	%eax, PHYS(boot_pml4)
	movl	%eax, PHYS(boot_pml4) + 273 * 8	/* PAGE_OFFSET: early direct map */
	movl	$PHYS(boot_pdpt_high), %eax
	orl	$0x3, %eax
	movl	%eax, PHYS(boot_pml4) + 511 * 8
	movl	$PHYS(boot_pd), %eax
	orl	$0x3, %eax
	movl	%eax, PHYS(boot_pdpt_low)
	movl	%eax, PHYS(boot_pdpt_high) + 510 * 8
	xorl	%ecx, %ecx
1:	movl	%ecx, %eax
	shll	$21, %eax
	orl	$0x83, %eax		/* present, writable, 2 MiB page */
	movl	%eax, PHYS(boot_pd)(,%ecx,8)
	incl	%ecx
	cmpl	$512, %ecx
	jne	1b

	movl	$PHYS(boot_pml4), %eax
	movl	%eax, %cr3
	movl	%cr4, %eax
	orl	$(1 << 5), %eax		/* PAE */
	movl	%eax, %cr4
	movl	$0xc0000080, %ecx	/* EFER */
	rdmsr
	orl	$((1 << 8) | (1 << 11)), %eax	/* LME, NXE (checked below) */
	movl	$0x80000001, %ebx
	pushl	%eax
	pushl	%edx
	movl	%ebx, %eax
	pushl	%ecx
	cpuid
	popl	%ecx
	testl	$(1 << 20), %edx	/* NX supported? */
	popl	%edx
	popl	%eax
	jnz	2f
	andl	$~(1 << 11), %eax
2:	wrmsr
	movl	%cr0, %eax
	orl	$((1 << 31) | (1 << 16) | 1), %eax	/* PG, WP, PE */
	movl	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$0x08, $start64_low

no_long_mode:
	movl	$0xb8000, %edi
	movl	$no_lm_msg, %esi
3:	lodsb
	testb	%al, %al
	jz	4f
	movb	$0x4f, %ah
	stosw
	jmp	3b
4:	hlt
	jmp	4b

	.code64
start64_low:
	movabsq	$start64, %rax
	jmp	*%rax

	.section .boot.data, "aw"
no_lm_msg:
	.asciz "Lockstep needs an x86-64 CPU with long mode"
	.balign 8
	.globl boot_gdt
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
boot_gdt_end:
	.globl boot_gdt_ptr
boot_gdt_ptr:
	.word boot_gdt_end - boot_gdt - 1
	.quad boot_gdt

	.text
	.section .text.entry, "ax"
start64:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movabsq	$boot_stack_top, %rsp
	xorq	%rbp, %rbp
	/* %edi = magic, %esi = info (zero-extended by the 32-bit moves) */
	movl	%edi, %edi
	movl	%esi, %esi
	call	kmain
5:	cli
	hlt
	jmp	5b

	.bss
	.balign 4096
	.globl boot_pml4
boot_pml4:	.skip 4096
boot_pdpt_low:	.skip 4096
boot_pdpt_high:	.skip 4096
boot_pd:	.skip 4096
	.globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.skip BOOT_STACK_SIZE
boot_stack_top:
