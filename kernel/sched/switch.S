/*
 * Context switch. __switch_to(prev, next) saves the callee-saved registers
 * on prev's kernel stack, stores the stack pointer in prev->thread_rsp,
 * loads next's and returns on next's stack — returning prev in %rax, as
 * finish_task_switch() needs it. A new task's stack is built by
 * kthread_create() so that the first __switch_to to it "returns" into
 * ret_from_kthread.
 */
	.text
	.globl __switch_to
__switch_to:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, 0(%rdi)		/* prev->thread_rsp (first field) */
	movq	0(%rsi), %rsp		/* next->thread_rsp */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	movq	%rdi, %rax
	ret

	.globl ret_from_kthread
ret_from_kthread:
	movq	%rax, %rdi
	call	schedule_tail		/* finish the switch: unlock, IRQs on */
	call	kthread_main		/* runs current->fn(arg), then exits */
	ud2

/* A forked process's first switch lands here with %rsp at its user
 * pt_regs (kthread.c: fork_task_create): finish the switch, run the
 * return-to-user checks, and leave as an interrupt would. */
	.globl ret_from_fork
ret_from_fork:
	movq	%rax, %rdi
	call	schedule_tail
	movq	%rsp, %rdi
	call	exit_to_user_mode	/* returns with IRQs off */
	jmp	interrupt_return
