/*
 * The folio lock and the writeback bit: setting, clearing, and sleeping
 * until they clear (mm/folio.h). Waiters sleep on the hashed wait queues
 * of kernel/sched/wait_bit.h; whoever clears a bit wakes the folio's
 * queue.
 *
 * Locks: none of its own. folio_lock_map and bdev_folio_lock_map are
 * lockdep's view of folio locks: two classes, chosen by the folio's
 * mapping (mm/folio.h says when they are held).
 */
#include "mm/folio.h"
#include "kernel/sched/wait_bit.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/preempt.h"
#include "kernel/panic.h"
#include "fs/vfs/fs.h"

struct lockdep_map folio_lock_map = LOCKDEP_MAP_INIT("folio_lock", LD_OTHER);
struct lockdep_map bdev_folio_lock_map = LOCKDEP_MAP_INIT("bdev_folio_lock", LD_OTHER);

/* The class a lock of the folio is taken in now: the block device's for a
 * folio of a block device's cache, the other one for every other folio
 * (files, the swap cache, and a folio in no mapping yet). */
static struct lockdep_map *folio_lock_class(const struct folio *folio)
{
	const struct address_space *mapping = READ_ONCE(folio->mapping);

	return mapping && mapping->bdev_cache ? &bdev_folio_lock_map : &folio_lock_map;
}

/* The class the holder's tracked lock was taken in (the mapping may have
 * gone since: a truncate unlocks a folio it took out of the cache). */
static struct lockdep_map *folio_lock_tracked_class(const struct folio *folio)
{
	return PageFlag(&folio->page, PG_lock_bdev) ? &bdev_folio_lock_map : &folio_lock_map;
}

/* The lock is ours now: remember it is on our lockdep stack, and in which
 * class. */
static void folio_lock_track(struct folio *folio, const struct lockdep_map *map)
{
	if (map == &bdev_folio_lock_map)
		SetPageFlag(&folio->page, PG_lock_bdev);
	else
		ClearPageFlag(&folio->page, PG_lock_bdev);
	SetPageFlag(&folio->page, PG_lock_tracked);
}

void folio_wake(struct folio *folio)
{
	wake_up_bit(&folio->flags, PG_locked);
}

void folio_lock(struct folio *folio)
{
	struct lockdep_map *map = folio_lock_class(folio);

	might_sleep();
	lock_acquire(map, 0, 0, LOCK_WRITE, _RET_IP_);
	wait_on_bit_lock(&folio->flags, PG_locked, "folio_lock");
	folio_lock_track(folio, map);
}

bool folio_trylock(struct folio *folio)
{
	if (folio_test_set_flag(folio, PG_locked))
		return false;
	if (!in_interrupt()) {
		struct lockdep_map *map = folio_lock_class(folio);

		lock_acquire(map, 0, 1, LOCK_WRITE, _RET_IP_);
		folio_lock_track(folio, map);
	}
	return true;
}

void folio_lock_set_class(struct folio *folio)
{
	struct lockdep_map *map = folio_lock_class(folio);

	if (!PageFlag(&folio->page, PG_lock_tracked) || folio_lock_tracked_class(folio) == map)
		return;
	/* Taken before the mapping was set, so it could not wait: as a
	 * trylock in the new class. */
	lock_release(folio_lock_tracked_class(folio), _RET_IP_);
	lock_acquire(map, 0, 1, LOCK_WRITE, _RET_IP_);
	folio_lock_track(folio, map);
}

void folio_lock_handoff(struct folio *folio)
{
	if (folio_test_clear_flag(folio, PG_lock_tracked))
		lock_release(folio_lock_tracked_class(folio), _RET_IP_);
}

bool folio_lock_held_by_current(void)
{
	return lock_is_held(&folio_lock_map) || lock_is_held(&bdev_folio_lock_map);
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
	struct lockdep_map *map = folio_lock_class(folio);

	might_sleep();
	if (!folio_test_locked(folio))
		return;
	/* Waiting for a folio lock orders like taking one. */
	lock_acquire(map, 0, 0, LOCK_WRITE, _RET_IP_);
	lock_release(map, _RET_IP_);
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
