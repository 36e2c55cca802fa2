/*
 * Panics, warnings and backtraces. A backtrace follows the frame-pointer
 * chain (the kernel is built with -fno-omit-frame-pointer) and names each
 * return address with the linked-in symbol table.
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/ksyms.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/percpu.h"
#include "kernel/cpu/apic.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/lockdep.h"
#include "kernel/time.h"

volatile int panic_cpu = -1;
bool panic_exits_qemu;
unsigned long kernel_warnings;
static volatile unsigned cpus_stopped;

#define QEMU_EXIT_PORT 0xf4

void qemu_exit(int status)
{
	outl(QEMU_EXIT_PORT, status);
	/* Not under QEMU (or no isa-debug-exit): halt instead. */
	for (;;) {
		local_irq_disable();
		hlt();
	}
}

static bool kernel_address(unsigned long a)
{
	return a >= 0xffff800000000000UL;
}

void show_backtrace(unsigned long rbp, unsigned long rip)
{
	printk(KERN_EMERG "Call trace:\n");
	if (rip)
		printk(KERN_EMERG "  [<%016lx>] %pS\n", rip, (void *)rip);
	for (int depth = 0; depth < 32; depth++) {
		if (!kernel_address(rbp) || (rbp & 7))
			break;
		unsigned long next = ((unsigned long *)rbp)[0];
		unsigned long ret = ((unsigned long *)rbp)[1];
		if (!kernel_address(ret))
			break;
		printk(KERN_EMERG "  [<%016lx>] %pS\n", ret, (void *)ret);
		if (next <= rbp)
			break;
		rbp = next;
	}
}

void dump_stack(void)
{
	show_backtrace((unsigned long)__builtin_frame_address(0), 0);
}

void show_regs(const struct pt_regs *r)
{
	printk(KERN_EMERG "RIP: %04lx:%pS\n", r->cs, (void *)r->rip);
	printk(KERN_EMERG "RSP: %04lx:%016lx EFLAGS: %08lx\n", r->ss, r->rsp, r->rflags);
	printk(KERN_EMERG "RAX: %016lx RBX: %016lx RCX: %016lx\n", r->rax, r->rbx, r->rcx);
	printk(KERN_EMERG "RDX: %016lx RSI: %016lx RDI: %016lx\n", r->rdx, r->rsi, r->rdi);
	printk(KERN_EMERG "RBP: %016lx R08: %016lx R09: %016lx\n", r->rbp, r->r8, r->r9);
	printk(KERN_EMERG "R10: %016lx R11: %016lx R12: %016lx\n", r->r10, r->r11, r->r12);
	printk(KERN_EMERG "R13: %016lx R14: %016lx R15: %016lx\n", r->r13, r->r14, r->r15);
	printk(KERN_EMERG "CR2: %016lx CR3: %016lx CR4: %016lx\n", read_cr2(), read_cr3(), read_cr4());
}

static void show_cpu_state(const struct pt_regs *regs)
{
	struct task_struct *t = current;

	printk(KERN_EMERG "CPU: %u PID: %d Comm: %s preempt_count=%#x\n",
	       smp_processor_id(), t ? t->pid : -1, t ? t->comm : "?", preempt_count());
	show_regs(regs);
	show_backtrace(regs->rbp, regs->rip);
	if (t)
		lockdep_print_held_locks_current();
}

/* Capture this function's caller's registers as a pt_regs. */
static __noinline void capture_regs(struct pt_regs *r)
{
	__asm__ volatile(
		"movq %%rax, %c[rax](%0)\n\tmovq %%rbx, %c[rbx](%0)\n\t"
		"movq %%rcx, %c[rcx](%0)\n\tmovq %%rdx, %c[rdx](%0)\n\t"
		"movq %%rsi, %c[rsi](%0)\n\tmovq %%rdi, %c[rdi](%0)\n\t"
		"movq %%r8, %c[r8](%0)\n\tmovq %%r9, %c[r9](%0)\n\t"
		"movq %%r10, %c[r10](%0)\n\tmovq %%r11, %c[r11](%0)\n\t"
		"movq %%r12, %c[r12](%0)\n\tmovq %%r13, %c[r13](%0)\n\t"
		"movq %%r14, %c[r14](%0)\n\tmovq %%r15, %c[r15](%0)\n\t"
		:: "r"(r), [rax]"i"(offsetof(struct pt_regs, rax)), [rbx]"i"(offsetof(struct pt_regs, rbx)),
		   [rcx]"i"(offsetof(struct pt_regs, rcx)), [rdx]"i"(offsetof(struct pt_regs, rdx)),
		   [rsi]"i"(offsetof(struct pt_regs, rsi)), [rdi]"i"(offsetof(struct pt_regs, rdi)),
		   [r8]"i"(offsetof(struct pt_regs, r8)), [r9]"i"(offsetof(struct pt_regs, r9)),
		   [r10]"i"(offsetof(struct pt_regs, r10)), [r11]"i"(offsetof(struct pt_regs, r11)),
		   [r12]"i"(offsetof(struct pt_regs, r12)), [r13]"i"(offsetof(struct pt_regs, r13)),
		   [r14]"i"(offsetof(struct pt_regs, r14)), [r15]"i"(offsetof(struct pt_regs, r15))
		: "memory");
	unsigned long *fp = __builtin_frame_address(0);
	r->rbp = fp[0];
	r->rip = fp[1];
	r->rsp = (unsigned long)(fp + 2);
	r->rflags = read_rflags();
	__asm__ volatile("movq %%cs, %0" : "=r"(r->cs));
	__asm__ volatile("movq %%ss, %0" : "=r"(r->ss));
}

static void __noreturn do_panic(const struct pt_regs *regs, const char *fmt, va_list ap)
{
	char msg[256];
	int me;

	local_irq_disable();
	me = this_cpu() ? (int)smp_processor_id() : 0;
	int expected = -1;
	if (!__atomic_compare_exchange_n(&panic_cpu, &expected, me, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		if (expected == me)	/* a panic inside the panic path */
			qemu_exit(1);
		panic_nmi_stop(regs);	/* someone else is panicking: just stop */
	}
	preempt_count_add(1);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	printk(KERN_EMERG "------------[ cut here ]------------\n");
	printk(KERN_EMERG "Kernel panic on CPU %d: %s\n", me, msg);
	show_cpu_state(regs);
	if (nr_cpus_online > 1) {
		apic_send_nmi_allbutself();
		for (u64 end = ktime_get_ns() + 1000 * NSEC_PER_MSEC;
		     cpus_stopped < nr_cpus_online - 1 && ktime_get_ns() < end;)
			cpu_relax();
	}
	printk_bust_locks();
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", msg);
	if (panic_exits_qemu)
		qemu_exit(1);
	for (;;)
		hlt();
}

void panic(const char *fmt, ...)
{
	struct pt_regs regs = { 0 };
	va_list ap;

	capture_regs(&regs);
	va_start(ap, fmt);
	do_panic(&regs, fmt, ap);
}

void panic_regs(const struct pt_regs *regs, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	do_panic(regs, fmt, ap);
}

void panic_nmi_stop(const struct pt_regs *regs)
{
	local_irq_disable();
	printk(KERN_EMERG "NMI: CPU %u stopping for the panic on CPU %d\n",
	       smp_processor_id(), panic_cpu);
	show_cpu_state(regs);
	__atomic_fetch_add(&cpus_stopped, 1, __ATOMIC_SEQ_CST);
	for (;;)
		hlt();
}

void warn_slowpath(const char *file, int line, const char *cond)
{
	__atomic_fetch_add(&kernel_warnings, 1, __ATOMIC_RELAXED);
	printk(KERN_WARNING "WARNING: CPU: %u at %s:%d: WARN_ON(%s)\n",
	       smp_processor_id(), file, line, cond);
	dump_stack();
}
