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
#include "kernel/sync/spinlock.h"
#include "kernel/user/cred.h"
#include "kernel/user/signal_types.h"
#include "kernel/sched/wait_types.h"

#define TASK_RUNNING		0
#define TASK_INTERRUPTIBLE	1
#define TASK_UNINTERRUPTIBLE	2
#define TASK_DEAD		16

/* task->exit_state of a process (kernel/user/process.c). */
#define EXIT_ZOMBIE		16	/* exited, waiting for its parent's wait4 */
#define EXIT_DEAD		32	/* reaped */

#define TIF_FORCE_IRET		0x1	/* leave the next syscall by iretq (sigreturn) */
#define TIF_MEMALLOC		0x2	/* reclaiming memory: its allocations do not reclaim (mm/vmscan.c) */

#define TASK_COMM_LEN		16
#define SCHED_SLICE_TICKS	5	/* 50 ms at HZ=100 */

struct mm_struct;
struct user_wait;
struct completion;
struct tty_struct;
struct files_struct;
struct fs_struct;
struct task_cmdline;

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

	/* Bios held back by blk_start_plug (drivers/block/bio.h); schedule()
	 * sends them before the task blocks. Owner task only. */
	struct blk_plug *plug;

	/* User space (kernel/user/); NULL/0 for kernel threads. The owner
	 * task sets them; the context switch reads them on the owner's CPU. */
	struct mm_struct *mm;		/* address space loaded while it runs; task_lock to change */
	unsigned long fsbase;		/* arch_prctl(ARCH_SET_FS) */
	struct user_wait *uwait;	/* const: who waits for its exit */
	u8 fpu_state[512] __aligned(16);	/* fxsave area, valid while switched out */

	/* The process (kernel/user/process.h). A process is one task: its
	 * thread group id is its pid. */
	struct task_struct *parent;	/* tasklist_lock; init after reparenting */
	struct list_head children;	/* tasklist_lock: its child processes */
	struct list_head sibling;	/* tasklist_lock: in parent->children */
	int pgid, sid;			/* tasklist_lock: process group, session */
	int exit_state;			/* tasklist_lock: 0, EXIT_ZOMBIE, EXIT_DEAD */
	int exit_signal;		/* const: sent to the parent at exit (SIGCHLD) */
	int wait_status;		/* tasklist_lock: wait4 status once a zombie */
	int stop_status;		/* tasklist_lock: W_STOPCODE not yet reported */
	bool continued;			/* tasklist_lock: a SIGCONT not yet reported */
	unsigned long thread_flags;	/* owner: TIF_* */
	struct tty_struct *tty;		/* tasklist_lock: controlling terminal */
	struct completion *vfork_done;	/* owner: completed at exec or exit */
	struct cred cred;		/* owner writes; others read (kill, /proc) */
	struct files_struct *files;	/* task_lock: descriptor table */
	struct fs_struct *fs;		/* task_lock: root, cwd, umask */
	spinlock_t alloc_lock;		/* task_lock(): files, fs, comm */
	struct signal_state signal;	/* signal.siglock */
	struct rlimit rlim[RLIM_NLIMITS];	/* owner writes (prlimit64 on itself) */
	u64 start_ticks;		/* const: jiffies at fork */
	u64 utime_ticks, stime_ticks;	/* owner CPU: ticks in user and kernel mode */
	struct task_cmdline *cmdline;	/* task_lock: argv for /proc (kernel/user/cmdline.h) */

	/* Exit. */
	int exit_code;			/* set once before TASK_DEAD */
	int usage;			/* atomic: references; the last put frees it */
	wait_queue_head_t wait_chldexit;	/* wait4 sleeps here for its children */
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
/* Wake p only if it sleeps in one of the states of state_mask (a signal
 * wakes TASK_INTERRUPTIBLE sleepers, not TASK_UNINTERRUPTIBLE ones). */
int wake_up_state(struct task_struct *p, unsigned state_mask);
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
/* A stopped task for a forked process: its first switch returns to user
 * mode with a copy of regs (kernel/user/process.c sets the rest). */
struct pt_regs;
struct task_struct *fork_task_create(const char *name, const struct pt_regs *regs);
/* Task references: the scheduler holds one until the task's last switch,
 * a parent one until it reaps the zombie. The last put frees the task. */
void get_task_struct(struct task_struct *t);
void put_task_struct(struct task_struct *t);
/* A reference to a task found on the task list (tasklist_lock held),
 * unless its last reference is already gone and it is on its way to being
 * freed: false then, and the caller must treat it as not found. */
bool tryget_task_struct(struct task_struct *t);
/* The idle task of an AP (smp.c); it starts on its own stack directly. */
struct task_struct *idle_task_create(unsigned cpu);

/* The lock of the task list and of the process tree (parent, children,
 * pgid, sid, exit_state, tty). A spinlock taken with IRQs saved: signals
 * to a process group are sent from the tty's receive path. */
extern spinlock_t tasklist_lock;
extern struct list_head task_list;	/* tasklist_lock: every task */
#define for_each_process_locked(t) list_for_each_entry(t, &task_list, tasks)
static inline void task_lock(struct task_struct *t) { spin_lock(&t->alloc_lock); }
static inline void task_unlock(struct task_struct *t) { spin_unlock(&t->alloc_lock); }

/* Iterate over all tasks for reports (tasklist_lock held inside). */
void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg);
unsigned nr_tasks(void);
void sched_print_tasks(void);		/* the monitor's `ps` */

#endif
