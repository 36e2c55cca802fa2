/*
 * Interrupt and exception entry. Each of the 256 vectors has a small stub
 * that pushes a zero error code (when the CPU does not push one) and the
 * vector number, then joins interrupt_common, which saves the general
 * registers as a struct pt_regs and calls interrupt_dispatch(regs).
 * Entries from user mode (CS RPL 3) swap GS to reach the per-CPU data.
 */
#include "kernel/cpu/smap.h"
#include "kernel/cpu/regs_macros.h"
#include "kernel/cpu/asm-offsets.h"

	.text
	.balign 16
	.globl interrupt_stubs
interrupt_stubs:			/* stub for vector v at interrupt_stubs + 16 * v */
	.set vec, 0
	.rept 256
	.balign 16
	.if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$vec
	jmp	interrupt_common
	.set vec, vec + 1
	.endr
	.balign 16

interrupt_common:
	PUSH_REGS
	cld
	ASM_CLAC			/* an interrupted user copy's AC is in the frame */
	testb	$3, PT_REGS_CS(%rsp)
	jz	1f
	swapgs
1:	movq	%rsp, %rdi
	call	interrupt_dispatch
	.globl interrupt_return
interrupt_return:
	testb	$3, PT_REGS_CS(%rsp)
	jz	2f
	swapgs
2:	POP_REGS
	addq	$16, %rsp		/* vector and error code */
	iretq
