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
#include "kernel/panic.h"
#include "kernel/user/signal.h"
#include "mm/mm.h"
#include "mm/kstack.h"

_Static_assert(offsetof(struct percpu, kernel_stack_top) == PERCPU_KERNEL_STACK, "asm-offsets.h");
_Static_assert(offsetof(struct percpu, user_rsp_scratch) == PERCPU_USER_RSP, "asm-offsets.h");

extern const struct syscall_desc __syscalls_start[], __syscalls_end[];

static syscall_fn_t syscall_table[NR_SYSCALLS];	/* const after syscall_table_init */

static const char *const syscall_names[NR_SYSCALLS] = {
#define X(name, nr) [nr] = #name,
#include "kernel/user/syscall_list.h"
#undef X
};

const char *syscall_name(unsigned long nr)
{
	return nr < NR_SYSCALLS ? syscall_names[nr] : NULL;
}

bool syscall_implemented(unsigned long nr)
{
	return nr < NR_SYSCALLS && syscall_table[nr];
}

void syscall_table_init(void)
{
	unsigned n = 0;

	for (const struct syscall_desc *d = __syscalls_start; d < __syscalls_end; d++, n++) {
		if (d->nr >= NR_SYSCALLS || syscall_table[d->nr])
			panic("syscall %u (%s) registered twice or out of range", d->nr,
			      syscall_name(d->nr) ?: "?");
		syscall_table[d->nr] = d->fn;
	}
	pr_info("syscalls: %u implemented\n", n);
}

static u8 enosys_logged[NR_SYSCALLS / 8];	/* atomic bit operations */

/* An unimplemented number: -ENOSYS, and one console line per number. */
static long sys_ni_syscall(unsigned long nr)
{
	unsigned idx = nr < NR_SYSCALLS ? nr : NR_SYSCALLS - 1;
	u8 bit = 1u << (idx % 8);

	if (!(__atomic_fetch_or(&enosys_logged[idx / 8], bit, __ATOMIC_RELAXED) & bit))
		pr_notice("%s[%d]: syscall %lu (%s) not implemented: ENOSYS\n",
			  current->comm, current->pid, nr,
			  syscall_name(nr) ?: "no such syscall");
	return -ENOSYS;
}

/* The checks on every return to user space: no lock held, preemption on,
 * then rescheduling and signals until neither is due; returns with IRQs
 * off, ready for sysret or iret. */
void exit_to_user_mode(struct pt_regs *regs)
{
	lockdep_assert_no_locks_held("user space");
	if (preempt_count())
		lockdep_report("returning to user space with preemption disabled",
			       "%s/%d: preempt_count %#x\n", current->comm, current->pid,
			       preempt_count());
	for (;;) {
		local_irq_disable();
		if (preempt_count())
			return;
		if (READ_ONCE(this_cpu()->need_resched)) {
			local_irq_enable();
			schedule();
			continue;
		}
		if (!signal_pending(current))
			return;
		local_irq_enable();
		do_signal(regs);
	}
}

struct pt_regs *current_user_regs(void)
{
	return (struct pt_regs *)((char *)current->stack + KSTACK_SIZE) - 1;
}

/* Called by entry_syscall_64; returns nonzero when sysretq may be used. */
long do_syscall_64(struct pt_regs *regs)
{
	unsigned long nr = regs->rax;
	syscall_fn_t fn = nr < NR_SYSCALLS ? syscall_table[nr] : NULL;

	local_irq_enable();
	regs->error_code = nr;	/* a syscall frame keeps its number here, to restart it */
	if (fn)
		regs->rax = fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9);
	else
		regs->rax = sys_ni_syscall(nr);
	exit_to_user_mode(regs);
	if (current->thread_flags & TIF_FORCE_IRET) {
		current->thread_flags &= ~TIF_FORCE_IRET;
		return 0;	/* every register was rewritten: iretq restores them all */
	}
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
