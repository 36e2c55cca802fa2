/*
 * spinlock_t: a busy-waiting lock that disables preemption while held, so
 * the holder may not sleep. Use the _irq/_irqsave forms when the lock is also
 * taken from an interrupt handler. Every spinlock belongs to a lockdep class.
 */
#ifndef KERNEL_SYNC_SPINLOCK_H
#define KERNEL_SYNC_SPINLOCK_H

#include "kernel/sync/arch_spinlock.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sched/preempt.h"
#include "kernel/cpu/irqflags.h"

typedef struct spinlock {
	arch_spinlock_t raw;
	int owner_cpu;			/* -1 when free; for reports and gdb */
	struct lockdep_map dep_map;	/* const after init */
} spinlock_t;

#define __SPIN_LOCK_UNLOCKED(lockname) {				\
	.raw = ARCH_SPIN_LOCK_UNLOCKED, .owner_cpu = -1,		\
	.dep_map = LOCKDEP_MAP_INIT(#lockname, LD_SPIN) }
#define DEFINE_SPINLOCK(x) spinlock_t x = __SPIN_LOCK_UNLOCKED(x)

void __spin_lock_init(spinlock_t *lock, const char *name, struct lock_class_key *key,
		      const char *file, int line);
#define spin_lock_init(lock) do {					\
	static struct lock_class_key __key;				\
	__spin_lock_init((lock), #lock, &__key, __FILE__, __LINE__);	\
} while (0)

void spin_lock(spinlock_t *lock);
void spin_lock_nested(spinlock_t *lock, unsigned subclass);
bool spin_trylock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
void spin_lock_irq(spinlock_t *lock);
void spin_unlock_irq(spinlock_t *lock);
unsigned long _spin_lock_irqsave(spinlock_t *lock);
void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags);
#define spin_lock_irqsave(lock, flags) ((flags) = _spin_lock_irqsave(lock))

static inline bool spin_is_locked(spinlock_t *lock)
{
	return arch_spin_is_locked(&lock->raw);
}

#endif
