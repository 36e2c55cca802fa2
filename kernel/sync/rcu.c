/*
 * A small RCU. A grace period: snapshot every other online CPU's quiescent
 * state counter (percpu->rcu_qs_count, bumped by the scheduler), then wait
 * until each has moved. The waiting CPU itself is quiescent, since
 * synchronize_rcu() may sleep and so is not inside a read section.
 *
 * call_rcu() queues callbacks on one list (rcu_cb_lock, IRQ-safe); the
 * "rcu_gp" thread takes the whole list, waits for a grace period and runs
 * them in process context.
 */
#include "kernel/sync/rcu.h"
#include "kernel/sync/completion.h"
#include "kernel/sched/sched.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

static struct lockdep_map rcu_lock_map = LOCKDEP_MAP_INIT("rcu_read_lock", LD_RCU);
static DEFINE_SPINLOCK(rcu_cb_lock);
static struct rcu_head *cb_head;		/* rcu_cb_lock: pending callbacks */
static struct rcu_head **cb_tail = &cb_head;	/* rcu_cb_lock */
static DECLARE_WAIT_QUEUE_HEAD(rcu_gp_wait);
static unsigned long gp_completed;		/* atomic */

/* Enters a read section: no sleeping until rcu_read_unlock(). */
void rcu_read_lock(void)
{
	preempt_disable();
	current->rcu_read_lock_nesting++;
	lock_acquire(&rcu_lock_map, 0, 0, LOCK_READ_RECURSIVE, _RET_IP_);
}

void rcu_read_unlock(void)
{
	lock_release(&rcu_lock_map, _RET_IP_);
	current->rcu_read_lock_nesting--;
	preempt_enable();
}

bool rcu_read_lock_held(void)
{
	return current->rcu_read_lock_nesting > 0;
}

void synchronize_rcu(void)
{
	u64 snap[MAX_CPUS];
	unsigned me;

	might_sleep();
	preempt_disable();
	me = smp_processor_id();
	for (unsigned cpu = 0; cpu < nr_cpus_online; cpu++)
		snap[cpu] = __atomic_load_n(&cpu_data[cpu]->rcu_qs_count, __ATOMIC_SEQ_CST);
	preempt_enable();
	for (unsigned cpu = 0; cpu < nr_cpus_online; cpu++) {
		if (cpu == me)
			continue;
		while (__atomic_load_n(&cpu_data[cpu]->rcu_qs_count, __ATOMIC_SEQ_CST) == snap[cpu]) {
			set_current_state(TASK_UNINTERRUPTIBLE);
			current->blocked_kind = "rcu grace period";
			schedule_timeout(1);
		}
	}
	current->blocked_kind = NULL;
	__atomic_fetch_add(&gp_completed, 1, __ATOMIC_RELAXED);
}

unsigned long rcu_gp_completed(void)
{
	return READ_ONCE(gp_completed);
}

void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *))
{
	unsigned long flags;

	head->func = func;
	head->next = NULL;
	spin_lock_irqsave(&rcu_cb_lock, flags);
	*cb_tail = head;
	cb_tail = &head->next;
	spin_unlock_irqrestore(&rcu_cb_lock, flags);
	wake_up(&rcu_gp_wait);
}

static struct rcu_head *take_callbacks(void)
{
	unsigned long flags;
	struct rcu_head *list;

	spin_lock_irqsave(&rcu_cb_lock, flags);
	list = cb_head;
	cb_head = NULL;
	cb_tail = &cb_head;
	spin_unlock_irqrestore(&rcu_cb_lock, flags);
	return list;
}

static int rcu_gp_thread(void *unused)
{
	for (;;) {
		struct rcu_head *list;

		wait_event(rcu_gp_wait, READ_ONCE(cb_head) != NULL);
		list = take_callbacks();
		synchronize_rcu();
		while (list) {
			struct rcu_head *next = list->next;
			list->func(list);
			list = next;
		}
	}
	return 0;
}

struct rcu_barrier_head {
	struct rcu_head head;
	struct completion done;
};

static void rcu_barrier_cb(struct rcu_head *head)
{
	complete(&container_of(head, struct rcu_barrier_head, head)->done);
}

/* Callbacks run in queue order, so when ours has run, all earlier ones have. */
void rcu_barrier(void)
{
	struct rcu_barrier_head b;

	init_completion(&b.done);
	call_rcu(&b.head, rcu_barrier_cb);
	wait_for_completion(&b.done);
}

void rcu_init(void)
{
	if (!kthread_run(rcu_gp_thread, NULL, "rcu_gp"))
		panic("cannot start the RCU thread");
}
