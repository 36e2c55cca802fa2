/*
 * The preemption counter. Like Linux, one per-CPU int counts nested
 * preempt_disable() calls (low byte), softirq and hardirq nesting. Non-zero
 * means the current task may not be switched out, so sleeping is forbidden.
 */
#ifndef KERNEL_SCHED_PREEMPT_H
#define KERNEL_SCHED_PREEMPT_H

#include "kernel/cpu/percpu.h"

#define PREEMPT_MASK	0x000000ff
#define SOFTIRQ_OFFSET	0x00000100
#define SOFTIRQ_MASK	0x0000ff00
#define HARDIRQ_OFFSET	0x00010000
#define HARDIRQ_MASK	0x00ff0000
#define NMI_OFFSET	0x01000000

static inline int preempt_count(void)
{
	int c;

	__asm__ volatile("movl %%gs:%c1, %0" : "=r"(c) : "i"(offsetof(struct percpu, preempt_count)));
	return c;
}

static inline void preempt_count_add(int v)
{
	__asm__ volatile("addl %0, %%gs:%c1" :: "ri"(v), "i"(offsetof(struct percpu, preempt_count)) : "memory");
}

static inline void preempt_count_sub(int v)
{
	__asm__ volatile("subl %0, %%gs:%c1" :: "ri"(v), "i"(offsetof(struct percpu, preempt_count)) : "memory");
}

#define in_irq()	(preempt_count() & HARDIRQ_MASK)
#define in_nmi()	(preempt_count() & NMI_OFFSET)
#define in_interrupt()	(preempt_count() & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_OFFSET))
#define in_atomic()	(preempt_count() != 0)

void preempt_schedule(void);

#define preempt_disable() do { preempt_count_add(1); barrier(); } while (0)
#define preempt_enable_no_resched() do { barrier(); preempt_count_sub(1); } while (0)
#define preempt_enable() do {						\
	barrier();							\
	preempt_count_sub(1);						\
	if (unlikely(preempt_count() == 0 && READ_ONCE(this_cpu()->need_resched))) \
		preempt_schedule();					\
} while (0)

#endif
