/*
 * struct completion: "this has happened". One side calls complete() (any
 * context); the other sleeps in wait_for_completion() until it has.
 */
#ifndef KERNEL_SYNC_COMPLETION_H
#define KERNEL_SYNC_COMPLETION_H

#include "kernel/sched/wait.h"

struct completion {
	unsigned done;			/* wait.lock: completions not yet consumed */
	struct wait_queue_head wait;
};

#define COMPLETION_INITIALIZER(name) { 0, __WAIT_QUEUE_HEAD_INITIALIZER((name).wait) }
#define DECLARE_COMPLETION(name) struct completion name = COMPLETION_INITIALIZER(name)

#define init_completion(c) do {						\
	(c)->done = 0;							\
	init_waitqueue_head(&(c)->wait);				\
} while (0)

#define COMPLETE_ALL (~0u / 2)

void complete(struct completion *c);		/* wakes one waiter */
void complete_all(struct completion *c);	/* wakes all, now and later */
void wait_for_completion(struct completion *c);	/* may sleep */
/* Returns ticks left (>0) or 0 on timeout. */
long wait_for_completion_timeout(struct completion *c, long ticks);
bool try_wait_for_completion(struct completion *c);
bool completion_done(struct completion *c);

#endif
