/*
 * Per-CPU data, reached through the GS segment base: %gs:0 holds a pointer
 * to the CPU's own struct percpu. Each field is touched only by its own CPU
 * (with preemption or interrupts off) unless the comment says otherwise.
 */
#ifndef KERNEL_CPU_PERCPU_H
#define KERNEL_CPU_PERCPU_H

#include "kernel/types.h"
#include "kernel/compiler.h"

#define MAX_CPUS 16

struct task_struct;
struct rq;

struct percpu {
	struct percpu *self;		/* const after init; must stay first */
	struct task_struct *current_task;/* owner CPU; changed by context switch */
	int preempt_count;		/* owner CPU: preempt/softirq/hardirq depth */
	bool need_resched;		/* set by the tick or a wakeup (any CPU, atomic) */
	unsigned cpu;			/* const after init: 0..nr_cpus-1 */
	u32 apic_id;			/* const after init */
	bool online;			/* written once by the CPU itself */
	struct rq *rq;			/* const after init */
	u64 rcu_qs_count;		/* owner CPU writes; RCU reads (atomic) */
	u64 irq_count;			/* owner CPU: interrupts taken */
	u64 sched_rand;			/* owner CPU: scheduler PRNG (sched_seed=) */
	void *gdt;			/* const after init */
	void *tss;			/* const after init */
	/* The syscall entry (kernel/user/entry_syscall.S) reads these. */
	unsigned long kernel_stack_top;	/* owner CPU: current task's stack top */
	unsigned long user_rsp_scratch;	/* owner CPU: user %rsp during entry */
};

extern struct percpu *cpu_data[MAX_CPUS];	/* const after the CPU comes up */
extern unsigned nr_cpus;			/* CPUs found in the MADT */
extern unsigned nr_cpus_online;			/* atomic */

static inline struct percpu *this_cpu(void)
{
	struct percpu *p;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(p));
	return p;
}

static inline unsigned smp_processor_id(void)
{
	return this_cpu()->cpu;
}

static inline struct task_struct *get_current(void)
{
	struct task_struct *t;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(t) : "i"(offsetof(struct percpu, current_task)));
	return t;
}
#define current get_current()

/* Point GS at p; called once per CPU during its bring-up. */
void percpu_install(struct percpu *p);

#endif
