/*
 * Reader/writer semaphores. All state lives under wait_lock, a raw spinlock
 * held only for a few instructions with IRQs off. A waiter sleeps until the
 * releasing task grants it the lock (sets w->granted and adjusts count on
 * its behalf), so a woken task never has to compete again.
 */
#include "kernel/sync/rwsem.h"
#include "kernel/sched/sched.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/panic.h"

struct rwsem_waiter {
	struct list_head list;		/* wait_lock */
	struct task_struct *task;	/* const */
	bool writer;			/* const */
	volatile bool granted;		/* wait_lock */
};

void __init_rwsem(struct rw_semaphore *s, const char *name, struct lock_class_key *key,
		  const char *file, int line)
{
	s->count = 0;
	s->owner = NULL;
	s->wait_lock = (arch_spinlock_t)ARCH_SPIN_LOCK_UNLOCKED;
	INIT_LIST_HEAD(&s->wait_list);
	lockdep_init_map(&s->dep_map, name, key, file, line, LD_RWSEM);
}

/* Grant the lock to the waiters at the head of the queue: one writer, or
 * every reader up to the first writer. Caller holds wait_lock. */
static void rwsem_wake(struct rw_semaphore *s)
{
	while (!list_empty(&s->wait_list)) {
		struct rwsem_waiter *w = list_first_entry(&s->wait_list, struct rwsem_waiter, list);

		if (w->writer) {
			if (s->count != 0)
				return;
			s->count = -1;
			s->owner = w->task;
		} else {
			if (s->count < 0)
				return;
			s->count++;
		}
		list_del(&w->list);
		struct task_struct *t = w->task;
		w->granted = true;		/* w may vanish once this is seen */
		wake_up_process(t);
		if (s->count < 0)
			return;
	}
}

/* Queue as a waiter and sleep until granted. Called with wait_lock held
 * and IRQs off (flags from the caller); returns with it released. */
static void rwsem_wait(struct rw_semaphore *s, bool writer, unsigned long flags)
{
	struct rwsem_waiter w = { .task = current, .writer = writer };

	list_add_tail(&w.list, &s->wait_list);
	current->blocked_kind = writer ? "rwsem (write)" : "rwsem (read)";
	current->blocked_on = s;
	for (;;) {
		set_current_state(TASK_UNINTERRUPTIBLE);
		if (w.granted)
			break;
		arch_spin_unlock(&s->wait_lock);
		local_irq_restore(flags);
		schedule();
		local_irq_save(flags);
		arch_spin_lock(&s->wait_lock);
	}
	__set_current_state(TASK_RUNNING);
	current->blocked_kind = NULL;
	arch_spin_unlock(&s->wait_lock);
	local_irq_restore(flags);
}

static void do_down_read(struct rw_semaphore *s, unsigned subclass, unsigned long ip)
{
	unsigned long flags;

	might_sleep();
	lock_acquire(&s->dep_map, subclass, 0, LOCK_READ, ip);
	local_irq_save(flags);
	arch_spin_lock(&s->wait_lock);
	if (s->count >= 0 && list_empty(&s->wait_list)) {
		s->count++;
		arch_spin_unlock(&s->wait_lock);
		local_irq_restore(flags);
	} else {
		lock_contended(&s->dep_map, ip);
		rwsem_wait(s, false, flags);
	}
	lock_acquired(&s->dep_map, ip);
}

/* Takes s shared, sleeping while a writer holds or waits for it. */
void down_read(struct rw_semaphore *s)
{
	do_down_read(s, 0, _RET_IP_);
}

void down_read_nested(struct rw_semaphore *s, unsigned subclass)
{
	do_down_read(s, subclass, _RET_IP_);
}

static void do_down_write(struct rw_semaphore *s, unsigned subclass, unsigned long ip)
{
	unsigned long flags;

	might_sleep();
	lock_acquire(&s->dep_map, subclass, 0, LOCK_WRITE, ip);
	local_irq_save(flags);
	arch_spin_lock(&s->wait_lock);
	if (s->count == 0 && list_empty(&s->wait_list)) {
		s->count = -1;
		s->owner = current;
		arch_spin_unlock(&s->wait_lock);
		local_irq_restore(flags);
	} else {
		lock_contended(&s->dep_map, ip);
		rwsem_wait(s, true, flags);
	}
	lock_acquired(&s->dep_map, ip);
}

/* Takes s exclusive, sleeping while anyone holds it. */
void down_write(struct rw_semaphore *s)
{
	do_down_write(s, 0, _RET_IP_);
}

/* down_write() for a second rwsem of the same class, in a defined order. */
void down_write_nested(struct rw_semaphore *s, unsigned subclass)
{
	do_down_write(s, subclass, _RET_IP_);
}

static bool try_take(struct rw_semaphore *s, bool writer)
{
	unsigned long flags;
	bool ok;

	local_irq_save(flags);
	arch_spin_lock(&s->wait_lock);
	ok = list_empty(&s->wait_list) && (writer ? s->count == 0 : s->count >= 0);
	if (ok && writer) {
		s->count = -1;
		s->owner = current;
	} else if (ok) {
		s->count++;
	}
	arch_spin_unlock(&s->wait_lock);
	local_irq_restore(flags);
	return ok;
}

bool down_read_trylock(struct rw_semaphore *s)
{
	if (!try_take(s, false))
		return false;
	lock_acquire(&s->dep_map, 0, 1, LOCK_READ, _RET_IP_);
	lock_acquired(&s->dep_map, _RET_IP_);
	return true;
}

bool down_write_trylock(struct rw_semaphore *s)
{
	if (!try_take(s, true))
		return false;
	lock_acquire(&s->dep_map, 0, 1, LOCK_WRITE, _RET_IP_);
	lock_acquired(&s->dep_map, _RET_IP_);
	return true;
}

/* Releases a shared hold. */
void up_read(struct rw_semaphore *s)
{
	unsigned long flags;

	lock_release(&s->dep_map, _RET_IP_);
	local_irq_save(flags);
	arch_spin_lock(&s->wait_lock);
	if (!WARN_ON(s->count <= 0) && --s->count == 0)
		rwsem_wake(s);
	arch_spin_unlock(&s->wait_lock);
	local_irq_restore(flags);
}

/* Releases an exclusive hold. */
void up_write(struct rw_semaphore *s)
{
	unsigned long flags;

	lock_release(&s->dep_map, _RET_IP_);
	local_irq_save(flags);
	arch_spin_lock(&s->wait_lock);
	if (!WARN_ON(s->count != -1)) {
		s->count = 0;
		s->owner = NULL;
		rwsem_wake(s);
	}
	arch_spin_unlock(&s->wait_lock);
	local_irq_restore(flags);
}

/* Turns the caller's exclusive hold into a shared one, letting queued
 * readers in, without a window where a writer could slip in. */
void downgrade_write(struct rw_semaphore *s)
{
	unsigned long flags;

	lock_release(&s->dep_map, _RET_IP_);
	lock_acquire(&s->dep_map, 0, 1, LOCK_READ, _RET_IP_);
	local_irq_save(flags);
	arch_spin_lock(&s->wait_lock);
	s->count = 1;
	s->owner = NULL;
	rwsem_wake(s);
	arch_spin_unlock(&s->wait_lock);
	local_irq_restore(flags);
}

bool rwsem_is_locked(struct rw_semaphore *s)
{
	return READ_ONCE(s->count) != 0;
}
