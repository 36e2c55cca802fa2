/*
 * arch_spinlock_t: the bare ticket lock under every spinlock. It knows
 * nothing of preemption or lockdep; only the lowest layers use it directly
 * (printk, lockdep's own graph lock, run queues, sleeping locks' wait lists).
 */
#ifndef KERNEL_SYNC_ARCH_SPINLOCK_H
#define KERNEL_SYNC_ARCH_SPINLOCK_H

#include "kernel/types.h"
#include "kernel/cpu/x86.h"

typedef struct {
	volatile u16 next;	/* next ticket to hand out (atomic xadd) */
	volatile u16 owner;	/* ticket now being served */
} arch_spinlock_t;

#define ARCH_SPIN_LOCK_UNLOCKED { 0, 0 }

static inline void arch_spin_lock(arch_spinlock_t *l)
{
	u16 ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

static inline bool arch_spin_trylock(arch_spinlock_t *l)
{
	u16 owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	u32 old = ((u32)owner << 16) | owner;	/* unlocked: next == owner */
	u32 new = ((u32)owner << 16) | (u16)(owner + 1);

	return __atomic_compare_exchange_n((volatile u32 *)l, &old, new, false,
					   __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline void arch_spin_unlock(arch_spinlock_t *l)
{
	__atomic_store_n(&l->owner, (u16)(l->owner + 1), __ATOMIC_RELEASE);
}

static inline bool arch_spin_is_locked(arch_spinlock_t *l)
{
	return __atomic_load_n(&l->owner, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->next, __ATOMIC_RELAXED);
}

#endif
