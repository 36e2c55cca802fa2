/* Offsets into C structures used by assembly (checked in kernel/cpu/idt.c). */
#ifndef KERNEL_CPU_ASM_OFFSETS_H
#define KERNEL_CPU_ASM_OFFSETS_H

#define PT_REGS_CS	(18 * 8)	/* offsetof(struct pt_regs, cs) */
#define PT_REGS_SIZE	(22 * 8)
#define PERCPU_KERNEL_STACK	88	/* offsetof(struct percpu, kernel_stack_top) */
#define PERCPU_USER_RSP		96	/* offsetof(struct percpu, user_rsp_scratch) */

#endif
