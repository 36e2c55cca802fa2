/*
 * The folio lock and the writeback bit: setting, clearing, and sleeping
 * until they clear (mm/folio.h). Waiters sleep on the hashed wait queues
 * of kernel/sched/wait_bit.h; whoever clears a bit wakes the folio's
 * queue.
 *
 * Locks: none of its own. folio_lock_map is lockdep's view of folio locks
 * (mm/folio.h says when it is held).
 */
#include "mm/folio.h"
#include "kernel/sched/wait_bit.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/preempt.h"
#include "kernel/panic.h"

struct lockdep_map folio_lock_map = LOCKDEP_MAP_INIT("folio_lock", LD_OTHER);

void folio_wake(struct folio *folio)
{
	wake_up_bit(&folio->flags, PG_locked);
}

void folio_lock(struct folio *folio)
{
	might_sleep();
	lock_acquire(&folio_lock_map, 0, 0, LOCK_WRITE, _RET_IP_);
	wait_on_bit_lock(&folio->flags, PG_locked, "folio_lock");
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
	wait_on_bit(&folio->flags, PG_locked, "folio_wait_locked");
}

void folio_mark_uptodate(struct folio *folio)
{
	SetPageFlag(&folio->page, PG_uptodate);	/* seq_cst: after the data */
}

void folio_wait_writeback(struct folio *folio)
{
	might_sleep();
	wait_on_bit(&folio->flags, PG_writeback, "folio_writeback");
}
