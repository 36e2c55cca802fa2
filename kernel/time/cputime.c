/*
 * CPU time per task, by sampling: each LAPIC tick charges one tick to the
 * task it interrupted, as user time when it came from ring 3, else as
 * system time (the idle task is charged too; nobody reads it). Resolution
 * is one tick (10 ms at HZ=100), as Linux without VIRT_CPU_ACCOUNTING.
 *
 * Locking: utime_ticks and stime_ticks are written only by the tick of the
 * CPU the task runs on; readers (clock_gettime, times, /proc) read them
 * without a lock.
 */
#include "kernel/time/clock.h"
#include "kernel/sched/sched.h"
#include "kernel/cpu/interrupts.h"

void account_process_tick(const struct pt_regs *regs)
{
	struct task_struct *t = current;

	if ((regs->cs & 3) == 3)
		WRITE_ONCE(t->utime_ticks, t->utime_ticks + 1);
	else
		WRITE_ONCE(t->stime_ticks, t->stime_ticks + 1);
}

u64 task_utime_ns(const struct task_struct *t)
{
	return READ_ONCE(t->utime_ticks) * TICK_NSEC;
}

u64 task_stime_ns(const struct task_struct *t)
{
	return READ_ONCE(t->stime_ticks) * TICK_NSEC;
}
