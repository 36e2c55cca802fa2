/*
 * Completions: a counter and a wait queue; c->wait.lock protects done.
 * The wakeup happens under that lock: a waiter cannot see done and return
 * (its completion often lives on its stack) until complete() has finished
 * touching the completion.
 */
#include "kernel/sync/completion.h"

void complete(struct completion *c)
{
	unsigned long flags;

	spin_lock_irqsave(&c->wait.lock, flags);
	if (c->done != COMPLETE_ALL)
		c->done++;
	__wake_up_locked(&c->wait, 1);
	spin_unlock_irqrestore(&c->wait.lock, flags);
}

void complete_all(struct completion *c)
{
	unsigned long flags;

	spin_lock_irqsave(&c->wait.lock, flags);
	c->done = COMPLETE_ALL;
	__wake_up_locked(&c->wait, 0);
	spin_unlock_irqrestore(&c->wait.lock, flags);
}

bool try_wait_for_completion(struct completion *c)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&c->wait.lock, flags);
	ok = c->done > 0;
	if (ok && c->done != COMPLETE_ALL)
		c->done--;
	spin_unlock_irqrestore(&c->wait.lock, flags);
	return ok;
}

bool completion_done(struct completion *c)
{
	return READ_ONCE(c->done) > 0;
}

long wait_for_completion_timeout(struct completion *c, long ticks)
{
	DEFINE_WAIT(w);

	might_sleep();
	for (;;) {
		prepare_to_wait_exclusive(&c->wait, &w, TASK_UNINTERRUPTIBLE);
		if (try_wait_for_completion(c)) {
			ticks = ticks > 0 ? ticks : 1;
			break;
		}
		if (ticks <= 0) {
			ticks = 0;
			break;
		}
		current->blocked_kind = "completion";
		current->blocked_on = c;
		ticks = schedule_timeout(ticks);
	}
	current->blocked_kind = NULL;
	finish_wait(&c->wait, &w);
	return ticks;
}

void wait_for_completion(struct completion *c)
{
	DEFINE_WAIT(w);

	might_sleep();
	for (;;) {
		prepare_to_wait_exclusive(&c->wait, &w, TASK_UNINTERRUPTIBLE);
		if (try_wait_for_completion(c))
			break;
		current->blocked_kind = "completion";
		current->blocked_on = c;
		schedule();
	}
	current->blocked_kind = NULL;
	finish_wait(&c->wait, &w);
}
