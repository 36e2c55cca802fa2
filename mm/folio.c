/*
 * The folio lock and the writeback bit: setting, clearing, and sleeping
 * until they clear (mm/folio.h). Waiters sleep on one of FOLIO_WAIT_QUEUES
 * hashed wait queues; whoever clears a bit wakes that whole queue, and
 * every woken task checks its own folio again.
 *
 * The sleeper queues itself (under the queue's lock) before it tests the
 * bit; the waker clears the bit (a full barrier) before it takes the
 * queue's lock to wake. So either the sleeper sees the bit clear, or the
 * waker finds the sleeper queued: no lost wakeup.
 *
 * Locks: the queues' own (IRQ-safe spinlocks, leaves). folio_lock_map is
 * lockdep's view of folio locks (mm/folio.h says when it is held).
 */
#include "mm/folio.h"
#include "kernel/sched/wait.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/preempt.h"
#include "kernel/panic.h"

#define FOLIO_WAIT_BITS		6
#define FOLIO_WAIT_QUEUES	(1 << FOLIO_WAIT_BITS)

static struct wait_queue_head folio_wait_table[FOLIO_WAIT_QUEUES];	/* const after init */
struct lockdep_map folio_lock_map = LOCKDEP_MAP_INIT("folio_lock", LD_OTHER);

void folio_wait_table_init(void)
{
	static struct lock_class_key key;

	for (unsigned i = 0; i < FOLIO_WAIT_QUEUES; i++)
		__init_waitqueue_head(&folio_wait_table[i], "folio_wait_table", &key);
}

static struct wait_queue_head *folio_waitqueue(const struct folio *folio)
{
	unsigned long h = page_to_pfn(&folio->page) * 0x9E3779B97F4A7C15UL;

	return &folio_wait_table[h >> (64 - FOLIO_WAIT_BITS)];
}

void folio_wake(struct folio *folio)
{
	wake_up_all(folio_waitqueue(folio));
}

/*
 * Sleep until bit is clear; with take, until this task has set it. The
 * caller may sleep.
 */
static void folio_wait_bit(struct folio *folio, int bit, bool take, const char *kind)
{
	struct wait_queue_head *wq = folio_waitqueue(folio);
	DEFINE_WAIT(w);

	for (;;) {
		prepare_to_wait(wq, &w, TASK_UNINTERRUPTIBLE);
		if (take ? !folio_test_set_flag(folio, bit) : !PageFlag(&folio->page, bit))
			break;
		current->blocked_kind = kind;
		current->blocked_on = folio;
		schedule();
	}
	current->blocked_kind = NULL;
	finish_wait(wq, &w);
}

void folio_lock(struct folio *folio)
{
	might_sleep();
	lock_acquire(&folio_lock_map, 0, 0, LOCK_WRITE, _RET_IP_);
	if (folio_test_set_flag(folio, PG_locked))
		folio_wait_bit(folio, PG_locked, true, "folio_lock");
	SetPageFlag(&folio->page, PG_lock_tracked);
}

bool folio_trylock(struct folio *folio)
{
	if (folio_test_set_flag(folio, PG_locked))
		return false;
	if (!in_interrupt()) {
		lock_acquire(&folio_lock_map, 0, 1, LOCK_WRITE, _RET_IP_);
		SetPageFlag(&folio->page, PG_lock_tracked);
	}
	return true;
}

void folio_lock_handoff(struct folio *folio)
{
	if (folio_test_clear_flag(folio, PG_lock_tracked))
		lock_release(&folio_lock_map, _RET_IP_);
}

bool folio_lock_held_by_current(void)
{
	return lock_is_held(&folio_lock_map);
}

void folio_unlock(struct folio *folio)
{
	WARN_ON(!folio_test_locked(folio));
	if (PageFlag(&folio->page, PG_lock_tracked)) {
		/* Only its holder can drop a tracked lock; an interrupt
		 * unlocking one means the hand-off was forgotten. */
		if (!WARN_ON(in_interrupt()))
			folio_lock_handoff(folio);
	}
	folio_clear_locked(folio);	/* a full barrier, before the wakeup's lock */
	folio_wake(folio);
}

void folio_wait_locked(struct folio *folio)
{
	might_sleep();
	if (!folio_test_locked(folio))
		return;
	/* Waiting for a folio lock orders like taking one. */
	lock_acquire(&folio_lock_map, 0, 0, LOCK_WRITE, _RET_IP_);
	lock_release(&folio_lock_map, _RET_IP_);
	folio_wait_bit(folio, PG_locked, false, "folio_wait_locked");
}

void folio_mark_uptodate(struct folio *folio)
{
	SetPageFlag(&folio->page, PG_uptodate);	/* seq_cst: after the data */
}

void folio_wait_writeback(struct folio *folio)
{
	might_sleep();
	if (folio_test_writeback(folio))
		folio_wait_bit(folio, PG_writeback, false, "folio_writeback");
}
