/*
 * struct rw_semaphore: a sleeping reader/writer lock. Many readers or one
 * writer. Waiters are served in FIFO order and a reader arriving while
 * anyone waits queues behind them, so writers are not starved.
 */
#ifndef KERNEL_SYNC_RWSEM_H
#define KERNEL_SYNC_RWSEM_H

#include "kernel/sync/arch_spinlock.h"
#include "kernel/sync/lockdep.h"
#include "kernel/lib/list.h"

struct task_struct;

struct rw_semaphore {
	long count;			/* wait_lock: readers (>0), -1 writer, 0 free */
	struct task_struct *owner;	/* wait_lock: the writer, for reports and gdb */
	arch_spinlock_t wait_lock;	/* raw, IRQs off */
	struct list_head wait_list;	/* wait_lock: FIFO of struct rwsem_waiter */
	struct lockdep_map dep_map;	/* const after init */
};

#define __RWSEM_INITIALIZER(name) {					\
	.count = 0, .owner = NULL, .wait_lock = ARCH_SPIN_LOCK_UNLOCKED, \
	.wait_list = LIST_HEAD_INIT(name.wait_list),			\
	.dep_map = LOCKDEP_MAP_INIT(#name, LD_RWSEM) }
#define DECLARE_RWSEM(name) struct rw_semaphore name = __RWSEM_INITIALIZER(name)

void __init_rwsem(struct rw_semaphore *s, const char *name, struct lock_class_key *key,
		  const char *file, int line);
#define init_rwsem(s) do {						\
	static struct lock_class_key __key;				\
	__init_rwsem((s), #s, &__key, __FILE__, __LINE__);		\
} while (0)

void down_read(struct rw_semaphore *s);
void down_read_nested(struct rw_semaphore *s, unsigned subclass);
bool down_read_trylock(struct rw_semaphore *s);
void up_read(struct rw_semaphore *s);
void down_write(struct rw_semaphore *s);
void down_write_nested(struct rw_semaphore *s, unsigned subclass);
bool down_write_trylock(struct rw_semaphore *s);
void up_write(struct rw_semaphore *s);
void downgrade_write(struct rw_semaphore *s);
bool rwsem_is_locked(struct rw_semaphore *s);

#endif
