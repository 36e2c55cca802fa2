/*
 * Folios: the page cache's unit. Linux's struct folio is one or more
 * physically contiguous pages; here a folio is always one page (order 0),
 * and struct folio is struct page seen through the fields the page cache
 * uses (the same memory: page_folio()/&folio->page convert).
 *
 * State bits (atomic, in flags), as Linux has them:
 *   PG_locked     the folio lock: held while the folio is read in, while
 *                 it is being written to, truncated or written back until
 *                 writeback has started. A sleeping bit lock
 *                 (folio_lock/folio_unlock); it may be released by another
 *                 context than the one that took it (a read completion).
 *   PG_uptodate   the contents are valid (set once read or fully written;
 *                 never cleared while the folio is in the cache unless a
 *                 read failed);
 *   PG_dirty      newer than the backing store; writeback must write it;
 *   PG_writeback  being written; set under the folio lock, cleared by the
 *                 I/O completion (any context);
 *   PG_error      the last I/O on it failed.
 *
 * Waiting: every wait (for PG_locked to clear, for PG_writeback to clear)
 * sleeps on the hashed wait queues of kernel/sched/wait_bit.h; the side
 * that clears the bit wakes the folio's queue.
 *
 * lockdep sees folio locks in two lock classes, chosen by the folio's
 * mapping when the lock is taken: "bdev_folio_lock" for the folios of a
 * block device's page cache (mapping->bdev_cache: the buffer cache, where
 * sb_bread and the other metadata reads lock them), "folio_lock" for every
 * other folio (files, the swap cache). A lock is held, in lockdep's view,
 * by the task that took it until it unlocks it, or until it hands the
 * locked folio to an operation that unlocks it asynchronously
 * (->read_folio, ->readahead; see folio_lock_handoff()). So the order
 * i_rwsem -> invalidate_lock -> folio_lock -> i_pages_lock is checked, and
 * so is the order of a file's folio before the block device's, as in
 * Linux: a filesystem maps blocks under a file's locked folio (->write_begin,
 * ->writepage, block_truncate_page) by reading indirect blocks and bitmaps
 * through the block device's cache, and nothing may lock a file's folio
 * while holding a block device's. Taking a second folio lock of the same
 * class while holding one (which can deadlock against a task taking the two
 * in the other order) is reported unless it is a trylock. A new folio is
 * locked before it has a mapping; filemap_add_folio moves its lock to the
 * mapping's class (folio_lock_set_class()).
 *
 * References: _refcount; the page cache holds one for each cached folio,
 * every lookup returns one more (folio_put drops it). mapping and index
 * change only under the folio lock and the mapping's i_pages_lock.
 */
#ifndef MM_FOLIO_H
#define MM_FOLIO_H

#include "mm/page.h"
#include "mm/page_alloc.h"
#include "kernel/compiler.h"
#include "kernel/sync/lockdep.h"
#include "fs/vfs/types.h"

struct address_space;

struct folio {
	union {
		struct {
			unsigned long flags;		/* PG_* bits, atomic */
			int _refcount;			/* atomic */
			int _mapcount;			/* atomic: page tables mapping it */
			struct address_space *mapping;	/* folio lock + i_pages_lock to change */
			unsigned long index;		/* in the mapping, in pages (same) */
			struct list_head lru;		/* unused by the page cache */
			void *private;			/* folio lock: the owner's (buffer heads) */
		};
		struct page page;
	};
};

#define FOLIO_MATCH(pg, fl) \
	_Static_assert(offsetof(struct page, pg) == offsetof(struct folio, fl), "folio layout: " #fl)
FOLIO_MATCH(flags, flags);
FOLIO_MATCH(_refcount, _refcount);
FOLIO_MATCH(_mapcount, _mapcount);
FOLIO_MATCH(mapping, mapping);
FOLIO_MATCH(index, index);
FOLIO_MATCH(private, private);
#undef FOLIO_MATCH

static inline struct folio *page_folio(struct page *page) { return (struct folio *)page; }
static inline struct page *folio_page(struct folio *folio, unsigned long n) { return &folio->page + n; }
static inline void *folio_address(const struct folio *folio) { return page_address(&folio->page); }
static inline size_t folio_size(const struct folio *folio) { return PAGE_SIZE; }
static inline unsigned folio_order(const struct folio *folio) { return 0; }
static inline long folio_nr_pages(const struct folio *folio) { return 1; }
/* Byte position of the folio in its file. */
static inline loff_t folio_pos(const struct folio *folio) { return (loff_t)folio->index << PAGE_SHIFT; }

/* ---- references */

static inline void folio_get(struct folio *folio) { get_page(&folio->page); }
static inline int folio_ref_count(const struct folio *folio) { return page_ref_count(&folio->page); }
/* Drop a reference; the last one frees the folio. Any context. */
static inline void folio_put(struct folio *folio) { put_page(&folio->page); }
static inline bool folio_mapped(const struct folio *folio) { return page_mapcount(&folio->page) > 0; }

/* ---- state bits */

#define FOLIO_FLAG_FUNCS(name, bit)						\
static inline bool folio_test_##name(const struct folio *f) { return PageFlag(&f->page, bit); } \
static inline void folio_set_##name(struct folio *f) { SetPageFlag(&f->page, bit); }	\
static inline void folio_clear_##name(struct folio *f) { ClearPageFlag(&f->page, bit); }

FOLIO_FLAG_FUNCS(locked, PG_locked)
FOLIO_FLAG_FUNCS(dirty, PG_dirty)
FOLIO_FLAG_FUNCS(writeback, PG_writeback)
FOLIO_FLAG_FUNCS(error, PG_error)
#undef FOLIO_FLAG_FUNCS

/* Returns the old value of the bit. */
static inline bool folio_test_set_flag(struct folio *f, int bit)
{
	return __atomic_fetch_or(&f->flags, 1UL << bit, __ATOMIC_ACQ_REL) & (1UL << bit);
}
static inline bool folio_test_clear_flag(struct folio *f, int bit)
{
	return __atomic_fetch_and(&f->flags, ~(1UL << bit), __ATOMIC_ACQ_REL) & (1UL << bit);
}
static inline bool folio_test_clear_dirty(struct folio *f) { return folio_test_clear_flag(f, PG_dirty); }

/* Uptodate is read with acquire and set with release (after the data). */
static inline bool folio_test_uptodate(const struct folio *f) { return PageFlag(&f->page, PG_uptodate); }
/* The contents are valid: set once the data is in (a read completion, any
 * context, or a write of the whole folio). */
void folio_mark_uptodate(struct folio *folio);
static inline void folio_clear_uptodate(struct folio *f) { ClearPageFlag(&f->page, PG_uptodate); }

/* ---- private data (buffer heads): under the folio lock */

static inline void *folio_get_private(const struct folio *f) { return f->private; }
static inline bool folio_has_private(const struct folio *f) { return f->private != NULL; }
/* Attach data; the folio gains a reference for it, as in Linux. */
static inline void folio_attach_private(struct folio *f, void *data)
{
	folio_get(f);
	f->private = data;
}
/* Detach and return the data, dropping the reference attach took. */
static inline void *folio_detach_private(struct folio *f)
{
	void *data = f->private;

	if (data) {
		f->private = NULL;
		folio_put(f);
	}
	return data;
}

/* ---- the folio lock */

extern struct lockdep_map folio_lock_map;	/* the "folio_lock" class */
extern struct lockdep_map bdev_folio_lock_map;	/* "bdev_folio_lock": block devices' */

/* Take the lock, sleeping while another holds it. Process context. */
void folio_lock(struct folio *folio);
/* Take it if free: true if taken. Any context (does not wait). */
bool folio_trylock(struct folio *folio);
/* Release it and wake its waiters. Any context (a read completion in an
 * interrupt unlocks folios handed off to it). */
void folio_unlock(struct folio *folio);
/* Sleep until nobody holds the lock (without taking it). */
void folio_wait_locked(struct folio *folio);
/*
 * The locked folio is being handed to an operation that will unlock it
 * from another context (I/O completion): it leaves the current task's
 * lockdep stack now, so that the unlock, wherever it happens, is not an
 * imbalance. The lock itself stays held.
 */
void folio_lock_handoff(struct folio *folio);
/* The locked folio (locked by the current task) was just given a mapping:
 * its lock moves to that mapping's lockdep class, as if taken by a
 * trylock there. Called by filemap_add_folio. */
void folio_lock_set_class(struct folio *folio);
/* Whether the current task holds a folio lock of either class (as
 * lockdep sees it). */
bool folio_lock_held_by_current(void);

/* ---- writeback and dirtying */

/* Mark the locked folio under writeback and tag it in its mapping; the
 * caller then starts the I/O. */
void folio_start_writeback(struct folio *folio);
/* The write finished (any context, usually its completion interrupt):
 * clear writeback and its tag, wake waiters. */
void folio_end_writeback(struct folio *folio);
/* Sleep until the folio is not under writeback. Process context. */
void folio_wait_writeback(struct folio *folio);

/* Linux's page-based names for the seed's ->writepage contract. */
static inline void set_page_writeback(struct page *page) { folio_start_writeback(page_folio(page)); }
static inline void end_page_writeback(struct page *page) { folio_end_writeback(page_folio(page)); }
static inline void lock_page(struct page *page) { folio_lock(page_folio(page)); }
static inline void unlock_page(struct page *page) { folio_unlock(page_folio(page)); }

/* Wake every task waiting on a bit of the folio (after clearing it). Any
 * context. */
void folio_wake(struct folio *folio);

#endif
