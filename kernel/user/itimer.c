/*
 * alarm(2), setitimer(2) and getitimer(2) for ITIMER_REAL (see itimer.h).
 * ITIMER_VIRTUAL and ITIMER_PROF are not implemented (-EINVAL).
 *
 * Times are kept in nanoseconds of the monotonic clock (what
 * clock_gettime(CLOCK_MONOTONIC) reads); the kernel timer that carries
 * them ticks in jiffies, so its callback checks the clock and waits one
 * more tick when the tick came early: SIGALRM never comes before the
 * deadline as user space measures it.
 *
 * Locking: itimer_lock (IRQ-safe spinlock, taken by the timer callback in
 * hardirq context) guards the table and each entry's interval and
 * stopping flag. Only the owner process arms, disarms or frees its entry
 * (a process is one task), so entries are freed without racing another
 * setter; the callback may still run, hence stopping + del_timer_sync.
 * The callback drops itimer_lock before it takes tasklist_lock to signal.
 */
#include "kernel/user/itimer.h"
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/signal.h"
#include "kernel/user/process.h"
#include "kernel/sched/sched.h"
#include "kernel/time/clock.h"
#include "kernel/time/timer.h"
#include "kernel/errno.h"
#include "mm/slab.h"

#define ITIMER_REAL	0
#define ITIMER_VIRTUAL	1
#define ITIMER_PROF	2

struct itimer_real {
	int pid;			/* const */
	struct timer_list timer;	/* armed by the owner and by the callback */
	/* itimer_lock: */
	u64 deadline;			/* ns on the monotonic clock */
	u64 interval;			/* ns; 0 = one shot */
	bool armed;			/* a SIGALRM is still to come */
	bool stopping;			/* the callback must not rearm */
	struct list_head list;
};

static DEFINE_SPINLOCK(itimer_lock);
static LIST_HEAD(itimers);		/* itimer_lock */

struct timeval_k {
	long tv_sec, tv_usec;
};

struct itimerval_k {
	struct timeval_k it_interval, it_value;
};

/* The entry of pid, or NULL. itimer_lock held. */
static struct itimer_real *itimer_find_locked(int pid)
{
	struct itimer_real *e;

	lockdep_assert_held(&itimer_lock);
	list_for_each_entry(e, &itimers, list)
		if (e->pid == pid)
			return e;
	return NULL;
}

/* Queue the kernel timer for e->deadline: the tick after it (ticks are
 * coarser than the clock, so the callback checks the clock again).
 * itimer_lock held. */
static void itimer_queue_locked(struct itimer_real *e, u64 now)
{
	u64 left = e->deadline > now ? e->deadline - now : 0;

	e->timer.expires = jiffies + left / TICK_NSEC + 1;
	add_timer(&e->timer);
}

/*
 * The tick reached the timer (hardirq). Early by the clock: wait another
 * tick. Due: rearm if periodic, then SIGALRM the owner (after dropping
 * itimer_lock, under tasklist_lock).
 */
static void itimer_fire(struct timer_list *t)
{
	struct itimer_real *e = container_of(t, struct itimer_real, timer);
	struct task_struct *task;
	unsigned long flags;
	u64 now = ktime_get_ns();
	bool due;
	int pid;

	spin_lock_irqsave(&itimer_lock, flags);
	pid = e->pid;
	due = !e->stopping && e->armed && now >= e->deadline;
	if (!e->stopping && e->armed) {
		if (due && e->interval) {
			e->deadline += e->interval;
			if (e->deadline <= now)		/* missed periods: no burst */
				e->deadline = now + e->interval;
		} else if (due) {
			e->armed = false;
		}
		if (e->armed)
			itimer_queue_locked(e, now);
	}
	spin_unlock_irqrestore(&itimer_lock, flags);
	if (!due)
		return;

	spin_lock_irqsave(&tasklist_lock, flags);
	task = find_task_by_pid(pid);
	if (task && task->mm && !task->exit_state)
		send_signal(task, SIGALRM, SI_KERNEL);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* Stop e's timer for good; afterwards no callback runs or is queued.
 * No lock held; may spin on a running callback. */
static void itimer_stop(struct itimer_real *e)
{
	unsigned long flags;

	spin_lock_irqsave(&itimer_lock, flags);
	e->stopping = true;
	e->armed = false;
	spin_unlock_irqrestore(&itimer_lock, flags);
	del_timer_sync(&e->timer);
}

static void ns_to_timeval(u64 ns, struct timeval_k *tv)
{
	u64 us = (ns + 999) / 1000;		/* a running timer never reads 0 */

	tv->tv_sec = us / 1000000;
	tv->tv_usec = us % 1000000;
}

static u64 timeval_to_ns(const struct timeval_k *tv)
{
	if (tv->tv_sec > (long)(1UL << 33))
		return (1UL << 33) * NSEC_PER_SEC;	/* ~270 years: never */
	return tv->tv_sec * NSEC_PER_SEC + tv->tv_usec * 1000UL;
}

/* The current state of the caller's timer. */
static void itimer_get(struct itimerval_k *out)
{
	struct itimer_real *e;
	unsigned long flags;
	u64 value = 0, interval = 0, now = ktime_get_ns();

	spin_lock_irqsave(&itimer_lock, flags);
	e = itimer_find_locked(current->pid);
	if (e && e->armed) {
		value = e->deadline > now ? e->deadline - now : 1;
		interval = e->interval;
	}
	spin_unlock_irqrestore(&itimer_lock, flags);
	ns_to_timeval(value, &out->it_value);
	ns_to_timeval(interval, &out->it_interval);
}

/* Free the caller's (or an exiting task's) timer. No lock held. */
static void itimer_remove(int pid)
{
	struct itimer_real *e;
	unsigned long flags;

	spin_lock_irqsave(&itimer_lock, flags);
	e = itimer_find_locked(pid);
	if (e)
		list_del(&e->list);
	spin_unlock_irqrestore(&itimer_lock, flags);
	if (e) {
		itimer_stop(e);
		kfree(e);
	}
}

/* Arm (or, with a zero value, disarm) the caller's timer; old gets the
 * state before. -ENOMEM. Process context. */
static long itimer_set(const struct itimerval_k *new, struct itimerval_k *old)
{
	u64 value = timeval_to_ns(&new->it_value);
	u64 interval = timeval_to_ns(&new->it_interval);
	struct itimer_real *fresh = NULL;
	unsigned long flags;
	u64 now;

	might_sleep();
	itimer_get(old);
	if (value) {
		fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
		if (!fresh)
			return -ENOMEM;
		fresh->pid = current->pid;
		timer_setup(&fresh->timer, itimer_fire, 0);
	}
	itimer_remove(current->pid);
	if (!fresh)
		return 0;
	spin_lock_irqsave(&itimer_lock, flags);
	now = ktime_get_ns();
	fresh->interval = interval;
	fresh->deadline = now + value;
	fresh->armed = true;
	list_add(&fresh->list, &itimers);
	itimer_queue_locked(fresh, now);
	spin_unlock_irqrestore(&itimer_lock, flags);
	return 0;
}

void itimer_exit(struct task_struct *t)
{
	itimer_remove(t->pid);
}

static bool timeval_valid(const struct timeval_k *tv)
{
	return tv->tv_sec >= 0 && tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

static long sys_getitimer(int which, struct itimerval_k *uval)
{
	struct itimerval_k v;

	if (which != ITIMER_REAL)
		return -EINVAL;
	itimer_get(&v);
	return copy_to_user(uval, &v, sizeof(v));
}
SYSCALL_ENTRY(getitimer, sys_getitimer);

/* A NULL new value disarms, as Linux does. */
static long sys_setitimer(int which, const struct itimerval_k *unew, struct itimerval_k *uold)
{
	struct itimerval_k new = { 0 }, old;
	long err;

	if (which != ITIMER_REAL)
		return -EINVAL;
	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (!timeval_valid(&new.it_value) || !timeval_valid(&new.it_interval))
		return -EINVAL;
	err = itimer_set(&new, &old);
	if (err)
		return err;
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(setitimer, sys_setitimer);

/* alarm: seconds left on the previous alarm, rounded to nearest, at
 * least 1 if any time was left (Linux's rule). */
static long sys_alarm(unsigned int seconds)
{
	struct itimerval_k new = { .it_value = { .tv_sec = seconds } }, old;
	long secs;

	if (itimer_set(&new, &old))
		return 0;
	secs = old.it_value.tv_sec;
	if ((!secs && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
		secs++;
	return secs;
}
SYSCALL_ENTRY(alarm, sys_alarm);
