/*
 * Tasks and the scheduler. Every CPU has a run queue of runnable tasks and
 * an idle task; the LAPIC tick preempts a task whose time slice is used up.
 * A task sleeps by setting its state and calling schedule(); a waker calls
 * wake_up_process() (usually through a wait queue, kernel/sched/wait.h).
 */
#ifndef KERNEL_SCHED_SCHED_H
#define KERNEL_SCHED_SCHED_H

#include "kernel/types.h"
#include "kernel/lib/list.h"
#include "kernel/cpu/percpu.h"
#include "kernel/sched/preempt.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/arch_spinlock.h"

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_DEAD		16

#define TASK_COMM_LEN		16
#define SCHED_SLICE_TICKS	5	/* 50 ms at HZ=100 */

struct mm_struct;
struct user_wait;

struct task_struct {
	/* Context switch (kernel/sched/switch.S); owner CPU. */
	unsigned long thread_rsp;	/* saved stack pointer while switched out */
	void *stack;			/* const: lowest address of the kernel stack */

	/* Identity; const after creation. */
	int pid;
	char comm[TASK_COMM_LEN];
	u64 cpus_allowed;		/* bit n: may run on CPU n */
	int (*fn)(void *arg);		/* kernel thread body */
	void *fn_arg;

	/* Scheduling state. */
	volatile long state;		/* owner sets to sleep; wakers set RUNNING under rq lock */
	int cpu;			/* rq lock: run queue it belongs to */
	int on_rq;			/* rq lock: runnable (queued or running) */
	volatile int on_cpu;		/* rq lock: executing right now */
	struct list_head run_list;	/* rq lock: position in rq->queue */
	int time_slice;			/* owner CPU: ticks left */
	u64 nr_switches;		/* owner CPU */
	u64 sleep_ticks;		/* owner CPU, for lk-ps */

	/* What the task waits for, for lk-ps and hung-task reports. Owner. */
	const char *blocked_kind;	/* "mutex", "rwsem", "waitqueue", "timer", NULL */
	const void *blocked_on;

	/* lockdep: held-lock stack. Owner task only (and its IRQ handlers). */
	int lockdep_depth;
	struct held_lock held_locks[MAX_LOCK_DEPTH];
	int lockdep_recursion;		/* >0 while lockdep itself runs */

	int rcu_read_lock_nesting;	/* owner task */

	/* User space (kernel/user/); NULL/0 for kernel threads. The owner
	 * task sets them; the context switch reads them on the owner's CPU. */
	struct mm_struct *mm;		/* address space loaded while it runs */
	unsigned long fsbase;		/* arch_prctl(ARCH_SET_FS) */
	struct user_wait *uwait;	/* const: who waits for its exit */
	u8 fpu_state[512] __aligned(16);	/* fxsave area, valid while switched out */

	/* Exit. */
	int exit_code;			/* set once before TASK_DEAD */
	struct list_head tasks;		/* tasklist_lock: all tasks */
};

struct rq {
	arch_spinlock_t lock;		/* raw: taken with IRQs off, innermost */
	struct list_head queue;		/* lock: runnable tasks not running now */
	unsigned nr_queued;		/* lock */
	struct task_struct *curr;	/* lock: running task */
	struct task_struct *idle;	/* const after init */
	u64 nr_switches;		/* lock */
	unsigned cpu;			/* const */
};

extern u64 sched_seed;			/* const after boot: 0 = deterministic default */

void sched_init(void);			/* CPU 0: boot context becomes its idle task */
void sched_init_ap(unsigned cpu);	/* on each AP */
void cpu_idle_loop(void) __noreturn;

/* Switch to another task. Must not be called in atomic context. */
void schedule(void);
void preempt_schedule(void);
void preempt_schedule_irq(void);	/* from interrupt exit, IRQs off */
void yield(void);
void scheduler_tick(void);		/* hardirq: the LAPIC timer */

/* Make p runnable. Any context. Returns 1 if it was asleep. */
int wake_up_process(struct task_struct *p);
/* Sleep for a number of ticks (state already set by the caller). */
long schedule_timeout(long ticks);
void msleep(unsigned long ms);

#define set_current_state(s) __atomic_store_n(&current->state, (s), __ATOMIC_SEQ_CST)
#define __set_current_state(s) (current->state = (s))

/* Kernel threads. The thread runs fn(arg) and exits with its return value.
 * kthread_create() returns it stopped; wake_up_process() starts it.
 * Returns NULL when out of memory. */
struct task_struct *kthread_create(int (*fn)(void *), void *arg, const char *name);
struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name);
void kthread_bind(struct task_struct *p, unsigned cpu);	/* before it first runs */
void kthread_exit(int code) __noreturn;
/* The idle task of an AP (smp.c); it starts on its own stack directly. */
struct task_struct *idle_task_create(unsigned cpu);

/* Iterate over all tasks for reports (tasklist_lock held inside). */
void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg);
unsigned nr_tasks(void);
void sched_print_tasks(void);		/* the monitor's `ps` */

#endif
