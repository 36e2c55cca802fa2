/*
 * Per-CPU timer lists, sorted by expiry, run by each CPU's LAPIC tick.
 *
 * Locking: each CPU's base->lock (IRQ-safe spinlock) protects its list and
 * the cpu field of the timers on it. A timer is armed on the CPU that calls
 * add_timer(); del_timer() locks the base recorded in t->cpu and rechecks.
 */
#include "kernel/time/timer.h"
#include "kernel/time/clock.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sched/sched.h"
#include "kernel/cpu/percpu.h"
#include "kernel/time.h"
#include "kernel/cpu/apic.h"
#include "kernel/cpu/interrupts.h"

struct timer_base {
	spinlock_t lock;
	struct list_head timers;	/* lock: sorted by expires */
	struct timer_list *running_timer;	/* atomic: whose callback runs now */
};

static struct timer_base timer_bases[MAX_CPUS];

void timers_init_cpu(unsigned cpu)
{
	static struct lock_class_key key;	/* one class for every CPU's base */

	__spin_lock_init(&timer_bases[cpu].lock, "timer_base.lock", &key, __FILE__, __LINE__);
	INIT_LIST_HEAD(&timer_bases[cpu].timers);
}

void timer_setup(struct timer_list *t, void (*fn)(struct timer_list *), u64 expires)
{
	t->function = fn;
	t->expires = expires;
	t->task = NULL;
	t->cpu = -1;
	INIT_LIST_HEAD(&t->entry);
}

static void wakeup_fn(struct timer_list *t)
{
	wake_up_process(t->task);
}

void timer_setup_wakeup(struct timer_list *t, struct task_struct *task, u64 expires)
{
	timer_setup(t, wakeup_fn, expires);
	t->task = task;
}

void add_timer(struct timer_list *t)
{
	unsigned long flags;
	struct timer_base *base;
	struct timer_list *pos;

	local_irq_save(flags);
	base = &timer_bases[smp_processor_id()];
	spin_lock(&base->lock);
	list_for_each_entry(pos, &base->timers, entry)
		if (time_after(pos->expires, t->expires))
			break;
	list_add_tail(&t->entry, &pos->entry);	/* before pos */
	t->cpu = smp_processor_id();
	spin_unlock(&base->lock);
	local_irq_restore(flags);
}

bool del_timer(struct timer_list *t)
{
	unsigned long flags;

	for (;;) {
		int cpu = READ_ONCE(t->cpu);
		if (cpu < 0)
			return false;
		spin_lock_irqsave(&timer_bases[cpu].lock, flags);
		if (t->cpu == cpu) {
			list_del_init(&t->entry);
			t->cpu = -1;
			spin_unlock_irqrestore(&timer_bases[cpu].lock, flags);
			return true;
		}
		spin_unlock_irqrestore(&timer_bases[cpu].lock, flags);
	}
}

/* Whether t's callback runs on some CPU now. */
static bool timer_running(const struct timer_list *t)
{
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
		if (READ_ONCE(timer_bases[cpu].running_timer) == t)
			return true;
	return false;
}

bool del_timer_sync(struct timer_list *t)
{
	bool was = del_timer(t);

	while (timer_running(t))
		cpu_relax();
	return was;
}

void run_local_timers(void)
{
	struct timer_base *base = &timer_bases[smp_processor_id()];
	u64 now = jiffies;

	spin_lock(&base->lock);
	while (!list_empty(&base->timers)) {
		struct timer_list *t = list_first_entry(&base->timers, struct timer_list, entry);
		if (time_after(t->expires, now))
			break;
		list_del_init(&t->entry);
		t->cpu = -1;
		WRITE_ONCE(base->running_timer, t);
		spin_unlock(&base->lock);
		t->function(t);			/* may free t */
		WRITE_ONCE(base->running_timer, NULL);
		spin_lock(&base->lock);
	}
	spin_unlock(&base->lock);
}

/* The LAPIC tick, HZ times a second on every CPU (hardirq). */
static void local_timer_interrupt(struct pt_regs *regs, void *data)
{
	if (smp_processor_id() == 0)
		__atomic_fetch_add(&jiffies, 1, __ATOMIC_RELAXED);
	run_local_timers();
	account_process_tick(regs);	/* utime/stime (kernel/time/cputime.c) */
	scheduler_tick();
}

/* A wakeup IPI: need_resched is already set; the interrupt exit path
 * preempts. Nothing else to do. */
static void reschedule_interrupt(struct pt_regs *regs, void *data)
{
}

/* CPU 0, once: measure the LAPIC timer and start CPU 0's tick. */
void local_timer_init(void)
{
	set_vector_handler(LOCAL_TIMER_VECTOR, local_timer_interrupt, NULL);
	set_vector_handler(RESCHEDULE_VECTOR, reschedule_interrupt, NULL);
	lapic_timer_calibrate();
	lapic_timer_start();
}
