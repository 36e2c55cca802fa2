/*
 * Wait queues. wq->lock (IRQ-safe: wakeups come from interrupt handlers)
 * protects the list of waiters. The sleeper queues itself and sets its state
 * under the lock, then tests its condition; the waker changes the condition
 * first and then walks the list, so one of the two always sees the other.
 */
#include "kernel/sched/wait.h"

void __init_waitqueue_head(struct wait_queue_head *wq, const char *name,
			   struct lock_class_key *key)
{
	__spin_lock_init(&wq->lock, name, key, __FILE__, __LINE__);
	INIT_LIST_HEAD(&wq->head);
}

static void __prepare(struct wait_queue_head *wq, struct wait_queue_entry *w,
		      long state, unsigned flags)
{
	unsigned long irqf;

	w->flags = flags;
	spin_lock_irqsave(&wq->lock, irqf);
	if (list_empty(&w->entry)) {
		if (flags & WQ_FLAG_EXCLUSIVE)
			list_add_tail(&w->entry, &wq->head);
		else
			list_add(&w->entry, &wq->head);
	}
	set_current_state(state);
	spin_unlock_irqrestore(&wq->lock, irqf);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *w, long state)
{
	__prepare(wq, w, state, 0);
}

void prepare_to_wait_exclusive(struct wait_queue_head *wq, struct wait_queue_entry *w, long state)
{
	__prepare(wq, w, state, WQ_FLAG_EXCLUSIVE);
}

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *w)
{
	unsigned long irqf;

	__set_current_state(TASK_RUNNING);
	if (!list_empty(&w->entry)) {
		spin_lock_irqsave(&wq->lock, irqf);
		list_del_init(&w->entry);
		spin_unlock_irqrestore(&wq->lock, irqf);
	}
}

/* Caller holds wq->lock. */
void __wake_up_locked(struct wait_queue_head *wq, int nr)
{
	struct wait_queue_entry *w, *tmp;

	lockdep_assert_held(&wq->lock);
	list_for_each_entry_safe(w, tmp, &wq->head, entry) {
		wake_up_process(w->task);
		if ((w->flags & WQ_FLAG_EXCLUSIVE) && nr && --nr == 0)
			break;
	}
}

void __wake_up(struct wait_queue_head *wq, int nr)
{
	unsigned long irqf;

	spin_lock_irqsave(&wq->lock, irqf);
	__wake_up_locked(wq, nr);
	spin_unlock_irqrestore(&wq->lock, irqf);
}

bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}
