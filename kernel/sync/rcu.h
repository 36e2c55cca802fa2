/*
 * RCU (read-copy-update), the simple non-preemptible kind. Readers run
 * between rcu_read_lock() and rcu_read_unlock() with preemption disabled
 * and take no lock. An updater publishes a new version with
 * rcu_assign_pointer(), then waits with synchronize_rcu() — or defers with
 * call_rcu() — until every CPU has passed a quiescent state (a context
 * switch, the idle loop, or a tick that interrupted preemptible code); no
 * reader can still see the old version after that, so it can be freed.
 */
#ifndef KERNEL_SYNC_RCU_H
#define KERNEL_SYNC_RCU_H

#include "kernel/compiler.h"

struct rcu_head {
	struct rcu_head *next;			/* rcu_cb_lock */
	void (*func)(struct rcu_head *head);	/* const once queued */
};

void rcu_read_lock(void);
void rcu_read_unlock(void);
bool rcu_read_lock_held(void);

void synchronize_rcu(void);		/* may sleep */
void call_rcu(struct rcu_head *head, void (*func)(struct rcu_head *));	/* any context */
void rcu_barrier(void);			/* wait for every queued callback; may sleep */
void rcu_init(void);			/* start the callback thread */
unsigned long rcu_gp_completed(void);	/* grace periods so far */

#define rcu_dereference(p) __atomic_load_n(&(p), __ATOMIC_CONSUME)
#define rcu_assign_pointer(p, v) __atomic_store_n(&(p), (v), __ATOMIC_RELEASE)

#endif
