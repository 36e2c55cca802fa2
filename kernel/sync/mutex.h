/*
 * struct mutex: a sleeping lock with an owner. Only the owner may unlock it,
 * it may not be taken in interrupt context, and the holder may sleep.
 */
#ifndef KERNEL_SYNC_MUTEX_H
#define KERNEL_SYNC_MUTEX_H

#include "kernel/sync/arch_spinlock.h"
#include "kernel/sync/lockdep.h"
#include "kernel/lib/list.h"

struct task_struct;

struct mutex {
	struct task_struct *owner;	/* atomic: NULL when free */
	arch_spinlock_t wait_lock;	/* raw, IRQs off: protects wait_list */
	struct list_head wait_list;	/* wait_lock: FIFO of sleeping tasks */
	struct lockdep_map dep_map;	/* const after init */
};

#define __MUTEX_INITIALIZER(name) {					\
	.owner = NULL, .wait_lock = ARCH_SPIN_LOCK_UNLOCKED,		\
	.wait_list = LIST_HEAD_INIT(name.wait_list),			\
	.dep_map = LOCKDEP_MAP_INIT(#name, LD_MUTEX) }
#define DEFINE_MUTEX(name) struct mutex name = __MUTEX_INITIALIZER(name)

void __mutex_init(struct mutex *m, const char *name, struct lock_class_key *key,
		  const char *file, int line);
#define mutex_init(m) do {						\
	static struct lock_class_key __key;				\
	__mutex_init((m), #m, &__key, __FILE__, __LINE__);		\
} while (0)

void mutex_lock(struct mutex *m);
void mutex_lock_nested(struct mutex *m, unsigned subclass);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_is_locked(struct mutex *m);

#endif
