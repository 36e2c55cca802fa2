/*
 * The `syscall` instruction's entry (MSR_LSTAR) and the first entry of a
 * new process into ring 3.
 *
 * syscall leaves the user %rip in %rcx and %rflags in %r11, with IF, TF
 * and DF cleared by MSR_SYSCALL_MASK, still on the user stack and user GS.
 * entry_syscall_64 swaps GS, parks the user %rsp in the per-CPU scratch
 * slot, moves to the task's kernel stack and builds a struct pt_regs as an
 * interrupt from user mode would, so interrupt_return can also leave it.
 * do_syscall_64() returns nonzero when sysretq may be used (canonical
 * %rip, plain flags); otherwise the frame leaves through iretq.
 */
#include "kernel/cpu/regs_macros.h"
#include "kernel/cpu/asm-offsets.h"
#include "kernel/cpu/smap.h"

	.text
	.globl entry_syscall_64
entry_syscall_64:
	swapgs
	movq	%rsp, %gs:PERCPU_USER_RSP
	movq	%gs:PERCPU_KERNEL_STACK, %rsp
	pushq	$0x23			/* ss: USER_DS */
	pushq	%gs:PERCPU_USER_RSP	/* rsp */
	pushq	%r11			/* rflags */
	pushq	$0x2b			/* cs: USER_CS */
	pushq	%rcx			/* rip */
	pushq	$0			/* error_code */
	pushq	$-1			/* vector: none, this is a syscall */
	PUSH_REGS
	cld
	xorl	%ebp, %ebp		/* ends kernel backtraces here */
	movq	%rsp, %rdi
	call	do_syscall_64		/* returns with IRQs off */
	testl	%eax, %eax
	jz	interrupt_return	/* iretq: it swaps GS back itself */
	POP_REGS			/* r11 = rflags, rcx = rip (do_syscall_64 set them) */
	addq	$16, %rsp		/* vector and error code */
	movq	24(%rsp), %rsp		/* the user stack */
	swapgs
	sysretq

/* void enter_user_mode(struct pt_regs *regs): leave for ring 3 with the
 * frame regs (on the current kernel stack); IRQs must be off. */
	.globl enter_user_mode
enter_user_mode:
	movq	%rdi, %rsp
	jmp	interrupt_return

/*
 * User memory access. Each instruction that touches user memory has an
 * __ex_table entry; a fault there resumes at the fix-up instead of
 * panicking. The C callers (kernel/user/uaccess.c) check the range first.
 *
 * unsigned long __copy_user(void *to, const void *from, unsigned long n):
 * returns the number of bytes not copied.
 */
	.globl __copy_user
__copy_user:
	ASM_STAC
	movq	%rdx, %rcx
1:	rep movsb
	xorl	%eax, %eax
	ASM_CLAC
	ret
2:	movq	%rcx, %rax
	ASM_CLAC
	ret

/* long __strncpy_from_user(char *dst, const char *src, long n): the length
 * of the string copied (its NUL included in the copy), n if no NUL came in
 * n bytes, or -14 (-EFAULT) on a fault. */
	.globl __strncpy_from_user
__strncpy_from_user:
	ASM_STAC
	xorl	%eax, %eax
3:	cmpq	%rdx, %rax
	jae	5f
4:	movb	(%rsi,%rax), %cl
	movb	%cl, (%rdi,%rax)
	testb	%cl, %cl
	jz	5f
	incq	%rax
	jmp	3b
5:	ASM_CLAC
	ret
6:	movq	$-14, %rax
	ASM_CLAC
	ret

	.pushsection __ex_table, "a"
	.balign 8
	.quad	1b, 2b
	.quad	4b, 6b
	.popsection
