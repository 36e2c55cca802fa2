/* The wait queue structures alone (kernel/sched/wait.h has the API), so
 * that struct task_struct can embed a wait queue head. */
#ifndef KERNEL_SCHED_WAIT_TYPES_H
#define KERNEL_SCHED_WAIT_TYPES_H

#include "kernel/sync/spinlock.h"
#include "kernel/lib/list.h"

struct task_struct;

struct wait_queue_entry {
	struct task_struct *task;	/* const */
	unsigned flags;			/* const: WQ_FLAG_EXCLUSIVE */
	struct list_head entry;		/* wq->lock */
};
#define WQ_FLAG_EXCLUSIVE 1

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head;		/* lock */
};
typedef struct wait_queue_head wait_queue_head_t;

#endif
