/*
 * Spinlocks with lockdep and lockstat hooks. Each function is out of line so
 * that lockdep records the caller as the acquire site and so gdb can break
 * on it (lk-break-lock).
 */
#include "kernel/sync/spinlock.h"

void __spin_lock_init(spinlock_t *lock, const char *name, struct lock_class_key *key,
		      const char *file, int line)
{
	lock->raw = (arch_spinlock_t)ARCH_SPIN_LOCK_UNLOCKED;
	lock->owner_cpu = -1;
	lockdep_init_map(&lock->dep_map, name, key, file, line, LD_SPIN);
}

static inline void do_spin_lock(spinlock_t *lock, unsigned subclass, unsigned long ip)
{
	lock_acquire(&lock->dep_map, subclass, 0, LOCK_WRITE, ip);
	if (!arch_spin_trylock(&lock->raw)) {
		lock_contended(&lock->dep_map, ip);
		arch_spin_lock(&lock->raw);
	}
	lock_acquired(&lock->dep_map, ip);
	lock->owner_cpu = smp_processor_id();
}

/* Takes lock; disables preemption until spin_unlock(). Does not sleep. */
void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	do_spin_lock(lock, 0, _RET_IP_);
}

/* Like spin_lock() for a second lock of the same class, taken in a defined order. */
void spin_lock_nested(spinlock_t *lock, unsigned subclass)
{
	preempt_disable();
	do_spin_lock(lock, subclass, _RET_IP_);
}

/* Takes lock if it is free; returns whether it did. Never spins. */
bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (!arch_spin_trylock(&lock->raw)) {
		preempt_enable();
		return false;
	}
	lock_acquire(&lock->dep_map, 0, 1, LOCK_WRITE, _RET_IP_);
	lock_acquired(&lock->dep_map, _RET_IP_);
	lock->owner_cpu = smp_processor_id();
	return true;
}

/* Releases lock (held by the caller) and re-enables preemption. */
void spin_unlock(spinlock_t *lock)
{
	lock->owner_cpu = -1;
	lock_release(&lock->dep_map, _RET_IP_);
	arch_spin_unlock(&lock->raw);
	preempt_enable();
}

/* Disables IRQs (which must be on) and takes lock. */
void spin_lock_irq(spinlock_t *lock)
{
	local_irq_disable();
	preempt_disable();
	do_spin_lock(lock, 0, _RET_IP_);
}

/* Releases lock and enables IRQs unconditionally. */
void spin_unlock_irq(spinlock_t *lock)
{
	lock->owner_cpu = -1;
	lock_release(&lock->dep_map, _RET_IP_);
	arch_spin_unlock(&lock->raw);
	local_irq_enable();
	preempt_enable();
}

/* Saves the IRQ state, disables IRQs, takes lock; returns the saved state. */
unsigned long _spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_disable();
	do_spin_lock(lock, 0, _RET_IP_);
	return flags;
}

/* Releases lock and restores the IRQ state saved by spin_lock_irqsave(). */
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	lock->owner_cpu = -1;
	lock_release(&lock->dep_map, _RET_IP_);
	arch_spin_unlock(&lock->raw);
	local_irq_restore(flags);
	preempt_enable();
}
