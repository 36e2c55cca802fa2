/*
 * Assembly macros that save and restore the general registers in the
 * order of struct pt_regs (kernel/cpu/interrupts.h), shared by the
 * interrupt entry (entry.S) and the syscall entry (entry_syscall.S).
 */
#ifndef KERNEL_CPU_REGS_MACROS_H
#define KERNEL_CPU_REGS_MACROS_H

#ifdef __ASSEMBLY__
/* Push rax .. r15: afterwards %rsp points at a struct pt_regs whose vector,
 * error code and CPU frame were pushed before. */
.macro PUSH_REGS
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

/* Pop r15 .. rax, the reverse of PUSH_REGS. */
.macro POP_REGS
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
.endm
#endif

#endif
