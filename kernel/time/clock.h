/*
 * The clocks user space sees (clock_gettime(2)): a wall clock, read from
 * the CMOS real-time clock once and then kept as an offset from the TSC
 * clock (CLOCK_REALTIME = offset + ktime_get_ns()), and the CPU time of
 * a task, counted in ticks by the LAPIC tick (kernel/time/cputime.c).
 */
#ifndef KERNEL_TIME_CLOCK_H
#define KERNEL_TIME_CLOCK_H

#include "kernel/types.h"
#include "kernel/time.h"

struct task_struct;
struct pt_regs;

#define TICK_NSEC	(NSEC_PER_SEC / HZ)

/* Nanoseconds since 1970-01-01 UTC. The first call reads the RTC
 * (about a millisecond; later calls are a TSC read). Any context that may
 * take a spinlock. */
u64 ktime_get_real_ns(void);
/* Set the wall clock (clock_settime, settimeofday). */
void ktime_set_real_ns(u64 ns);
/* The RTC as seconds since the epoch (reads the CMOS chip; IRQs saved). */
u64 rtc_read_seconds(void);
/* The calendar date of the epoch seconds (for tests and the log). */
u64 rtc_mktime(unsigned year, unsigned mon, unsigned day, unsigned hour,
	       unsigned min, unsigned sec);

/* The tick (hardirq, kernel/time/timer.c): charge one tick to the
 * current task, as user time if regs came from ring 3. */
void account_process_tick(const struct pt_regs *regs);
/* CPU time of t in nanoseconds (tick resolution). Lock-free read. */
u64 task_utime_ns(const struct task_struct *t);
u64 task_stime_ns(const struct task_struct *t);

#endif
