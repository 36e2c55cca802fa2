/*
 * Mutexes. The fast path is one compare-and-swap of the owner field. The
 * slow path queues the task on wait_list (FIFO) under wait_lock and sleeps;
 * mutex_unlock() hands the mutex straight to the first waiter (owner is set
 * to it before it is woken), so waiters are served in order and cannot be
 * starved by a task that keeps re-taking the lock.
 */
#include "kernel/sync/mutex.h"
#include "kernel/sched/sched.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/panic.h"

struct mutex_waiter {
	struct list_head list;		/* mutex wait_lock */
	struct task_struct *task;	/* const */
};

void __mutex_init(struct mutex *m, const char *name, struct lock_class_key *key,
		  const char *file, int line)
{
	m->owner = NULL;
	m->wait_lock = (arch_spinlock_t)ARCH_SPIN_LOCK_UNLOCKED;
	INIT_LIST_HEAD(&m->wait_list);
	lockdep_init_map(&m->dep_map, name, key, file, line, LD_MUTEX);
}

static bool try_take(struct mutex *m)
{
	struct task_struct *none = NULL;

	return __atomic_compare_exchange_n(&m->owner, &none, current, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

/* Sleep until the mutex is handed to us. */
static void mutex_lock_slow(struct mutex *m, unsigned long ip)
{
	struct mutex_waiter w = { .task = current };
	unsigned long flags;

	lock_contended(&m->dep_map, ip);
	local_irq_save(flags);
	arch_spin_lock(&m->wait_lock);
	if (try_take(m)) {
		arch_spin_unlock(&m->wait_lock);
		local_irq_restore(flags);
		return;
	}
	list_add_tail(&w.list, &m->wait_list);
	current->blocked_kind = "mutex";
	current->blocked_on = m;
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (__atomic_load_n(&m->owner, __ATOMIC_ACQUIRE) == current)
			break;
		arch_spin_unlock(&m->wait_lock);
		local_irq_restore(flags);
		schedule();
		local_irq_save(flags);
		arch_spin_lock(&m->wait_lock);
	}
	__set_current_state(TASK_RUNNING);
	current->blocked_kind = NULL;
	arch_spin_unlock(&m->wait_lock);
	local_irq_restore(flags);
}

static void do_mutex_lock(struct mutex *m, unsigned subclass, unsigned long ip)
{
	might_sleep();
	lock_acquire(&m->dep_map, subclass, 0, LOCK_WRITE, ip);
	if (!try_take(m))
		mutex_lock_slow(m, ip);
	lock_acquired(&m->dep_map, ip);
}

/* Takes m, sleeping while another task holds it. Process context only. */
void mutex_lock(struct mutex *m)
{
	do_mutex_lock(m, 0, _RET_IP_);
}

/* mutex_lock() for a second mutex of the same class, in a defined order. */
void mutex_lock_nested(struct mutex *m, unsigned subclass)
{
	do_mutex_lock(m, subclass, _RET_IP_);
}

/* Takes m if free; returns whether it did. Never sleeps. */
bool mutex_trylock(struct mutex *m)
{
	if (!try_take(m))
		return false;
	lock_acquire(&m->dep_map, 0, 1, LOCK_WRITE, _RET_IP_);
	lock_acquired(&m->dep_map, _RET_IP_);
	return true;
}

/* Releases m, which the caller must own; wakes the first waiter. */
void mutex_unlock(struct mutex *m)
{
	struct mutex_waiter *w = NULL;
	unsigned long flags;

	if (WARN_ON(READ_ONCE(m->owner) != current))
		return;
	lock_release(&m->dep_map, _RET_IP_);
	local_irq_save(flags);
	arch_spin_lock(&m->wait_lock);
	if (!list_empty(&m->wait_list)) {
		w = list_first_entry(&m->wait_list, struct mutex_waiter, list);
		list_del(&w->list);
		__atomic_store_n(&m->owner, w->task, __ATOMIC_RELEASE);	/* hand-off */
		wake_up_process(w->task);
	} else {
		__atomic_store_n(&m->owner, NULL, __ATOMIC_RELEASE);
	}
	arch_spin_unlock(&m->wait_lock);
	local_irq_restore(flags);
}

bool mutex_is_locked(struct mutex *m)
{
	return READ_ONCE(m->owner) != NULL;
}
