/*
 * The scheduler: per-CPU run queues, round robin with a time slice, and
 * idle CPUs pulling work from busy ones.
 *
 * Locking: rq->lock is a raw arch spinlock taken with IRQs off. It protects
 * the queue, the on_rq/cpu fields of the tasks on it, and rq->curr. A CPU
 * holds its own rq->lock across the context switch; the next task releases
 * it in finish_task_switch(). No other lock is taken under rq->lock, so it
 * stays out of lockdep's graph. A task that is switched out has on_cpu == 0
 * only after its registers are saved, so it is safe to run elsewhere.
 *
 * sched_seed=N on the command line makes the scheduler pick the next task,
 * the CPU of a new task and the time slice from a PRNG seeded with N, so a
 * racy interleaving can be provoked and, under QEMU -icount, replayed.
 */
#include "kernel/sched/internal.h"
#include "drivers/block/bio.h"
#include "kernel/boot/layout.h"
#include "kernel/cpu/apic.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/sync/rcu.h"
#include "kernel/time/timer.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "mm/kstack.h"
#include "mm/mm.h"
#include "kernel/cpu/x86.h"

struct rq runqueues[MAX_CPUS];
u64 sched_seed;

static struct task_struct boot_idle_task;	/* CPU 0's idle: the boot context */

static struct rq *this_rq(void)
{
	return this_cpu()->rq;
}

u64 sched_random(void)
{
	u64 *s = &this_cpu()->sched_rand;	/* xorshift64, per CPU */

	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void resched_cpu(unsigned cpu)
{
	WRITE_ONCE(cpu_data[cpu]->need_resched, true);
	if (cpu != smp_processor_id())
		apic_send_ipi(cpu_data[cpu]->apic_id, RESCHEDULE_VECTOR);
}

/* Caller holds rq->lock. */
static void enqueue_task(struct rq *rq, struct task_struct *p)
{
	list_add_tail(&p->run_list, &rq->queue);
	rq->nr_queued++;
}

/* Caller holds rq->lock. */
static void dequeue_task(struct rq *rq, struct task_struct *p)
{
	list_del(&p->run_list);
	rq->nr_queued--;
}

/* Caller holds rq->lock. With sched_seed, a random queued task runs next. */
static struct task_struct *pick_next_task(struct rq *rq)
{
	struct task_struct *p;
	unsigned skip;

	if (!rq->nr_queued)
		return rq->idle;
	skip = sched_seed ? sched_random() % rq->nr_queued : 0;
	list_for_each_entry(p, &rq->queue, run_list)
		if (skip-- == 0)
			break;
	dequeue_task(rq, p);
	return p;
}

static int new_time_slice(void)
{
	return sched_seed ? 1 + (int)(sched_random() % (2 * SCHED_SLICE_TICKS)) : SCHED_SLICE_TICKS;
}

/*
 * The user-mode state of a process: its FPU/SSE registers (the kernel never
 * uses them: it is built with -mno-sse), its FS base and its page tables.
 * Kernel threads (mm == NULL) run on the kernel page tables, so an exited
 * process's tables are never left loaded on any CPU. rq->lock held.
 */
static void switch_user_state(struct task_struct *prev, struct task_struct *next)
{
	if (prev->mm)
		fxsave(prev->fpu_state);
	if (next->mm) {
		fxrstor(next->fpu_state);
		wrmsr(MSR_FS_BASE, next->fsbase);
	}
	switch_mm(next->mm);
}

/* Runs on the next task's stack, with rq->lock held and IRQs off. */
static void finish_task_switch(struct task_struct *prev)
{
	struct rq *rq = this_rq();

	/* A dead task preempted on its way into schedule() is still queued
	 * (on_rq): it runs once more and is freed after its real last switch. */
	bool dead = prev->state == TASK_DEAD && !prev->on_rq;

	__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	arch_spin_unlock(&rq->lock);
	if (dead)
		put_task_struct(prev);	/* the scheduler's reference */
}

void schedule_tail(struct task_struct *prev)
{
	finish_task_switch(prev);
	local_irq_enable();
}

/*
 * The core: called with IRQs off. `preempt` is true when the task did not
 * ask to sleep (tick or wakeup preemption): it then stays runnable whatever
 * its state says, so a wakeup racing with its way to sleep is not lost.
 */
static void __schedule(bool preempt)
{
	struct rq *rq = this_rq();
	struct task_struct *prev = current, *next;

	this_cpu()->rcu_qs_count++;		/* a context switch is a quiescent state */
	arch_spin_lock(&rq->lock);
	WRITE_ONCE(this_cpu()->need_resched, false);
	if (!preempt && prev->state != TASK_RUNNING) {
		prev->on_rq = 0;
	} else if (prev != rq->idle) {
		enqueue_task(rq, prev);
	}
	next = pick_next_task(rq);
	if (next == prev) {
		arch_spin_unlock(&rq->lock);
		return;
	}
	if (next->time_slice <= 0)
		next->time_slice = new_time_slice();
	rq->curr = next;
	rq->nr_switches++;
	next->nr_switches++;
	next->cpu = rq->cpu;
	/* Wait until next's registers are saved if it just left another CPU. */
	while (__atomic_load_n(&next->on_cpu, __ATOMIC_ACQUIRE))
		cpu_relax();
	next->on_cpu = 1;
	this_cpu()->current_task = next;
	tss_set_kernel_stack((u64)next->stack + KSTACK_SIZE);
	switch_user_state(prev, next);
	prev = __switch_to(prev, next);
	finish_task_switch(prev);
}

void schedule(void)
{
	if (unlikely(preempt_count() || irqs_disabled()))
		lockdep_report("scheduling while atomic",
			       "%s/%d called schedule() with preempt_count %#x, IRQs %s\n",
			       current->comm, current->pid, preempt_count(),
			       irqs_disabled() ? "off" : "on");
	if (current->plug && current->state != TASK_RUNNING)
		blk_flush_plug(current->plug);	/* what it waits for may be plugged */
	local_irq_disable();
	__schedule(false);
	local_irq_enable();
}

void preempt_schedule(void)
{
	if (preempt_count() || irqs_disabled())
		return;
	local_irq_disable();
	__schedule(true);
	local_irq_enable();
}

void preempt_schedule_irq(void)
{
	__schedule(true);
}

void yield(void)
{
	local_irq_disable();
	__schedule(true);
	local_irq_enable();
}

/* Lock the run queue p belongs to (p->cpu may change until it is locked). */
static struct rq *task_rq_lock(struct task_struct *p, unsigned long *flags)
{
	for (;;) {
		struct rq *rq = &runqueues[READ_ONCE(p->cpu)];
		local_irq_save(*flags);
		arch_spin_lock(&rq->lock);
		if (rq->cpu == (unsigned)READ_ONCE(p->cpu))
			return rq;
		arch_spin_unlock(&rq->lock);
		local_irq_restore(*flags);
	}
}

int wake_up_process(struct task_struct *p)
{
	return wake_up_state(p, ~0u);
}

int wake_up_state(struct task_struct *p, unsigned state_mask)
{
	unsigned long flags;
	struct rq *rq;
	int woke = 0;

	if (READ_ONCE(p->cpu) < 0)	/* first start: only its creator wakes it */
		p->cpu = select_task_cpu(p);
	rq = task_rq_lock(p, &flags);

	if (p->state != TASK_RUNNING && !(p->state & state_mask)) {
		arch_spin_unlock(&rq->lock);
		local_irq_restore(flags);
		return 0;
	}
	if (p->state != TASK_RUNNING) {
		__atomic_store_n(&p->state, TASK_RUNNING, __ATOMIC_SEQ_CST);
		woke = 1;
	}
	if (!p->on_rq) {
		p->on_rq = 1;
		enqueue_task(rq, p);
		if (rq->curr == rq->idle || sched_seed)
			resched_cpu(rq->cpu);
	}
	arch_spin_unlock(&rq->lock);
	local_irq_restore(flags);
	return woke;
}

/* First wakeup of a new task: choose its CPU, then queue it there. */
unsigned select_task_cpu(struct task_struct *p)
{
	unsigned best = smp_processor_id(), best_load = ~0u;
	unsigned start = sched_seed ? (unsigned)(sched_random() % nr_cpus_online) : 0;

	for (unsigned i = 0; i < nr_cpus_online; i++) {
		unsigned cpu = (start + i) % nr_cpus_online;
		struct rq *rq = &runqueues[cpu];
		unsigned load = READ_ONCE(rq->nr_queued) + (READ_ONCE(rq->curr) != rq->idle);

		if (!(p->cpus_allowed & (1UL << cpu)) || !cpu_data[cpu] || !cpu_data[cpu]->online)
			continue;
		if (load < best_load)
			best = cpu, best_load = load;
	}
	return best;
}

/* The tick: hardirq context on every CPU. */
void scheduler_tick(void)
{
	struct task_struct *curr = current;
	struct rq *rq = this_rq();

	if (preempt_count() == HARDIRQ_OFFSET && curr->rcu_read_lock_nesting == 0)
		this_cpu()->rcu_qs_count++;	/* interrupted a preemptible context */
	if (curr == rq->idle) {
		if (READ_ONCE(rq->nr_queued))
			WRITE_ONCE(this_cpu()->need_resched, true);
		return;
	}
	if (--curr->time_slice <= 0 && READ_ONCE(rq->nr_queued))
		WRITE_ONCE(this_cpu()->need_resched, true);
}

/* Idle balancing: move one queued task from the busiest other CPU here.
 * Takes one remote rq->lock at a time (with trylock), never two. */
static void pull_task(void)
{
	unsigned me = smp_processor_id();
	struct task_struct *p, *found = NULL;
	unsigned long flags;

	for (unsigned cpu = 0; cpu < nr_cpus_online && !found; cpu++) {
		struct rq *rq = &runqueues[cpu];

		if (cpu == me || !READ_ONCE(rq->nr_queued))
			continue;
		local_irq_save(flags);
		if (arch_spin_trylock(&rq->lock)) {
			list_for_each_entry(p, &rq->queue, run_list) {
				if (p->cpus_allowed & (1UL << me)) {
					dequeue_task(rq, p);
					p->cpu = me;
					found = p;
					break;
				}
			}
			arch_spin_unlock(&rq->lock);
		}
		local_irq_restore(flags);
	}
	if (!found)
		return;
	local_irq_save(flags);
	arch_spin_lock(&this_rq()->lock);
	enqueue_task(this_rq(), found);
	WRITE_ONCE(this_cpu()->need_resched, true);
	arch_spin_unlock(&this_rq()->lock);
	local_irq_restore(flags);
}

void cpu_idle_loop(void)
{
	for (;;) {
		this_cpu()->rcu_qs_count++;
		if (!READ_ONCE(this_cpu()->need_resched))
			pull_task();
		local_irq_disable();
		if (READ_ONCE(this_cpu()->need_resched)) {
			__schedule(true);
			local_irq_enable();
			continue;
		}
		__asm__ volatile("sti; hlt" ::: "memory");	/* atomic: no lost wakeup IPI */
	}
}

static void rq_init(unsigned cpu, struct task_struct *idle)
{
	struct rq *rq = &runqueues[cpu];

	rq->lock = (arch_spinlock_t)ARCH_SPIN_LOCK_UNLOCKED;
	INIT_LIST_HEAD(&rq->queue);
	rq->cpu = cpu;
	rq->idle = idle;
	rq->curr = idle;
	idle->cpu = cpu;
	idle->on_rq = 1;
	idle->on_cpu = 1;
	idle->state = TASK_RUNNING;
	idle->cpus_allowed = 1UL << cpu;
	this_cpu()->rq = rq;
	this_cpu()->current_task = idle;
	this_cpu()->sched_rand = (sched_seed ? sched_seed : 0x9e3779b97f4a7c15UL) * (cpu + 1) | 1;
}

void sched_init(void)
{
	extern char boot_stack_bottom[];
	struct task_struct *t = &boot_idle_task;

	t->stack = boot_stack_bottom;
	strlcpy(t->comm, "swapper/0", sizeof(t->comm));
	INIT_LIST_HEAD(&t->tasks);
	rq_init(0, t);
	task_list_add(t);
}

/* On an AP, running on the idle task's stack prepared by smp.c. */
void sched_init_ap(unsigned cpu)
{
	extern struct task_struct *ap_idle_tasks[MAX_CPUS];

	rq_init(cpu, ap_idle_tasks[cpu]);
	tss_set_kernel_stack((u64)ap_idle_tasks[cpu]->stack + KSTACK_SIZE);
}

long schedule_timeout(long ticks)
{
	struct timer_list timer;
	u64 expires = jiffies + ticks;

	timer_setup_wakeup(&timer, current, expires);
	add_timer(&timer);
	current->blocked_kind = current->blocked_kind ? current->blocked_kind : "timer";
	schedule();
	del_timer_sync(&timer);
	current->blocked_kind = NULL;
	long left = (long)(expires - jiffies);
	return left > 0 ? left : 0;
}

void msleep(unsigned long ms)
{
	long ticks = msecs_to_jiffies(ms) + 1;	/* the next tick may be only a moment away */

	might_sleep();
	while (ticks > 0) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		ticks = schedule_timeout(ticks);
	}
}
