/*
 * Kernel timers: call a function from the tick interrupt of the CPU that
 * armed the timer once jiffies reaches `expires`. The function runs in
 * hardirq context and must not sleep. The timer code never touches a
 * timer after calling its function, so the function may free it (a
 * one-shot request's timer, say); del_timer_sync finds a running callback
 * through the per-CPU bases, not through the timer.
 */
#ifndef KERNEL_TIME_TIMER_H
#define KERNEL_TIME_TIMER_H

#include "kernel/lib/list.h"

struct task_struct;

struct timer_list {
	u64 expires;				/* jiffies; owner until armed */
	void (*function)(struct timer_list *t);	/* const while armed */
	struct task_struct *task;		/* for wakeup timers */
	struct list_head entry;			/* per-CPU timer lock */
	int cpu;				/* per-CPU timer lock: -1 if not armed */
};

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), u64 expires);
/* A timer that wakes `task` (used by schedule_timeout). */
void timer_setup_wakeup(struct timer_list *t, struct task_struct *task, u64 expires);
void add_timer(struct timer_list *t);		/* any context */
/* Disarm; returns whether it was pending. _sync also waits for a running
 * callback to finish, so it must not be called from the callback. */
bool del_timer(struct timer_list *t);
bool del_timer_sync(struct timer_list *t);

void timers_init_cpu(unsigned cpu);
void run_local_timers(void);		/* the tick, hardirq */
void local_timer_init(void);		/* calibrate and start the LAPIC tick */

#endif
