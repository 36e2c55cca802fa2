/*
 * Wait queues: a list of sleeping tasks behind a spinlock. The sleeping side
 * uses wait_event(wq, condition); the waking side changes the condition and
 * calls wake_up(wq). The condition is re-checked after setting the task's
 * state, so a wakeup between check and sleep is never lost.
 */
#ifndef KERNEL_SCHED_WAIT_H
#define KERNEL_SCHED_WAIT_H

#include "kernel/sync/spinlock.h"
#include "kernel/sched/wait_types.h"
#include "kernel/sched/sched.h"

#define __WAIT_QUEUE_HEAD_INITIALIZER(name) {				\
	.lock = __SPIN_LOCK_UNLOCKED(name.lock),			\
	.head = LIST_HEAD_INIT(name.head) }
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

void __init_waitqueue_head(struct wait_queue_head *wq, const char *name,
			   struct lock_class_key *key);
#define init_waitqueue_head(wq) do {					\
	static struct lock_class_key __key;				\
	__init_waitqueue_head((wq), #wq, &__key);			\
} while (0)

#define DEFINE_WAIT(name) struct wait_queue_entry name = {		\
	.task = current, .flags = 0, .entry = LIST_HEAD_INIT(name.entry) }

/* Queue the entry (if not queued) and set the task state. Takes wq->lock. */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, long state);
void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *w, long state);
/* Back to TASK_RUNNING and off the queue. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w);

/* Wake non-exclusive waiters and up to nr exclusive ones (0 = all). Any context. */
void __wake_up(struct wait_queue_head *wq, int nr);
/* The same with wq->lock already held by the caller. */
void __wake_up_locked(struct wait_queue_head *wq, int nr);
#define wake_up(wq)	__wake_up((wq), 1)
#define wake_up_all(wq)	__wake_up((wq), 0)
bool waitqueue_active(struct wait_queue_head *wq);

/* Sleep until cond is true. Process context; may sleep. */
#define wait_event(wq, cond) do {					\
	DEFINE_WAIT(__w);						\
	might_sleep();							\
	for (;;) {							\
		prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE);	\
		if (cond)						\
			break;						\
		current->blocked_kind = "waitqueue";			\
		current->blocked_on = &(wq);				\
		schedule();						\
	}								\
	current->blocked_kind = NULL;					\
	finish_wait(&(wq), &__w);					\
} while (0)

/* Like wait_event, giving up after `ticks`; evaluates to the ticks left
 * (at least 1) if cond became true, 0 on timeout. */
#define wait_event_timeout(wq, cond, ticks) ({				\
	long __left = (ticks);						\
	DEFINE_WAIT(__w);						\
	might_sleep();							\
	for (;;) {							\
		prepare_to_wait(&(wq), &__w, TASK_UNINTERRUPTIBLE);	\
		if (cond) {						\
			if (!__left) __left = 1;			\
			break;						\
		}							\
		if (!__left)						\
			break;						\
		__left = schedule_timeout(__left);			\
	}								\
	finish_wait(&(wq), &__w);					\
	__left;								\
})

#endif
