/*
 * The syscall dispatcher: Linux x86-64 numbering (rax = number; arguments
 * in rdi, rsi, rdx, r10, r8, r9; result in rax). Runs in process context
 * on the task's kernel stack with IRQs enabled, so a syscall may sleep.
 * On the way back to user space no lock may be held and preemption must
 * be enabled: either is a lockdep report.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/process.h"
#include "kernel/cpu/asm-offsets.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/x86.h"
#include "kernel/sched/sched.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/mm.h"

_Static_assert(offsetof(struct percpu, kernel_stack_top) == PERCPU_KERNEL_STACK, "asm-offsets.h");
_Static_assert(offsetof(struct percpu, user_rsp_scratch) == PERCPU_USER_RSP, "asm-offsets.h");

typedef long (*syscall_fn_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);

#define SC(nr, fn) [nr] = (syscall_fn_t)(void (*)(void))(fn)

static const syscall_fn_t syscall_table[NR_SYSCALLS] = {
	SC(__NR_read, sys_read),
	SC(__NR_write, sys_write),
	SC(__NR_brk, sys_brk),
	SC(__NR_ioctl, sys_ioctl),
	SC(__NR_writev, sys_writev),
	SC(__NR_getpid, sys_getpid),
	SC(__NR_exit, sys_exit),
	SC(__NR_uname, sys_uname),
	SC(__NR_arch_prctl, sys_arch_prctl),
	SC(__NR_set_tid_address, sys_set_tid_address),
	SC(__NR_exit_group, sys_exit),
};

static u8 enosys_logged[NR_SYSCALLS / 8];	/* atomic bit operations */

/* An unimplemented number: -ENOSYS, and one console line per number. */
static long sys_ni_syscall(unsigned long nr)
{
	unsigned idx = nr < NR_SYSCALLS ? nr : NR_SYSCALLS - 1;
	u8 bit = 1u << (idx % 8);

	if (!(__atomic_fetch_or(&enosys_logged[idx / 8], bit, __ATOMIC_RELAXED) & bit))
		pr_notice("%s[%d]: syscall %lu not implemented (ENOSYS)\n",
			  current->comm, current->pid, nr);
	return -ENOSYS;
}

/* The checks on every return to user space, then IRQs off for the exit. */
void exit_to_user_mode(void)
{
	lockdep_assert_no_locks_held("user space");
	if (preempt_count())
		lockdep_report("returning to user space with preemption disabled",
			       "%s/%d: preempt_count %#x\n", current->comm, current->pid,
			       preempt_count());
	for (;;) {
		local_irq_disable();
		if (!READ_ONCE(this_cpu()->need_resched) || preempt_count())
			return;
		local_irq_enable();
		schedule();
	}
}

/* Called by entry_syscall_64; returns nonzero when sysretq may be used. */
long do_syscall_64(struct pt_regs *regs)
{
	unsigned long nr = regs->rax;
	syscall_fn_t fn = nr < NR_SYSCALLS ? syscall_table[nr] : NULL;

	local_irq_enable();
	if (fn)
		regs->rax = fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9);
	else
		regs->rax = sys_ni_syscall(nr);
	exit_to_user_mode();
	/* sysret takes rip from rcx and rflags from r11; it faults in ring 0
	 * on a non-canonical rip, so such a return goes through iretq. */
	regs->rcx = regs->rip;
	regs->r11 = regs->rflags;
	return regs->rip < USER_TOP - PAGE_SIZE && regs->cs == USER_CS && regs->ss == USER_DS &&
	       !(regs->rflags & (0x100 | 0x10000));	/* TF, RF */
}

void entry_syscall_64(void);

void syscall_init(void)
{
	write_cr0((read_cr0() & ~(X86_CR0_EM | X86_CR0_TS)) | X86_CR0_MP);
	write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	/* sysret: CS = 0x18 + 16 = USER_CS, SS = 0x18 + 8 = USER_DS (RPL 3) */
	wrmsr(MSR_STAR, ((u64)0x18 << 48) | ((u64)KERNEL_CS << 32));
	wrmsr(MSR_LSTAR, (u64)entry_syscall_64);
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_IF | 0x100 | 0x400 | 0x40000);	/* IF TF DF AC */
}
