/*
 * Application-processor start-up code. CPU 0 copies this blob to
 * AP_TRAMPOLINE_PHYS, fills in the parameter block at its end and sends
 * INIT-SIPI-SIPI. The AP starts here in 16-bit real mode at that address,
 * switches to protected mode, enables PAE + long mode with the boot page
 * tables (which identity-map this page), and jumps to ap_entry64 in the
 * higher half, which switches to the kernel's page tables (where the AP's
 * stack is mapped) and calls ap_start(cpu) on that stack.
 */
#include "kernel/boot/layout.h"

#define T(x)	((x) - trampoline_start + AP_TRAMPOLINE_PHYS)

	.section .rodata
	.balign 16
	.globl trampoline_start, trampoline_end, trampoline_params
	.code16
trampoline_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	lgdtl	T(tr_gdt_ptr)
	movl	%cr0, %eax
	orl	$1, %eax
	movl	%eax, %cr0
	ljmpl	$0x08, $T(tr_pm32)

	.code32
tr_pm32:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr4, %eax
	orl	$(1 << 5), %eax			/* PAE */
	movl	%eax, %cr4
	movl	T(tr_cr3), %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx		/* EFER: the BSP's LME/NXE bits */
	rdmsr
	orl	T(tr_efer), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$((1 << 31) | (1 << 16)), %eax	/* PG, WP */
	movl	%eax, %cr0
	ljmpl	$0x18, $T(tr_lm64)

	.code64
tr_lm64:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movq	T(tr_stack), %rsi
	movq	T(tr_cpu), %rdi
	movq	T(tr_entry), %rax
	jmp	*%rax			/* ap_entry64, in the higher half */

	.balign 8
tr_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00af9a000000ffff	/* 0x18: 64-bit code */
tr_gdt_ptr:
	.word tr_gdt_ptr - tr_gdt - 1
	.long T(tr_gdt)

	.balign 8
trampoline_params:			/* filled in by smp.c, per AP */
tr_cr3:		.quad 0
tr_efer:	.quad 0
tr_stack:	.quad 0
tr_cpu:		.quad 0
tr_entry:	.quad 0
trampoline_end:

	.text
	.globl ap_entry64
ap_entry64:				/* %rdi = cpu, %rsi = stack top */
	movq	kernel_pml4_phys(%rip), %rax
	movq	%rax, %cr3
	movq	%rsi, %rsp
	xorq	%rbp, %rbp
	call	ap_start
	ud2
