/*
 * The page cache: the folios of a file (an address_space) kept in memory
 * by index, how they are found, filled, written and dropped (Linux's
 * linux/pagemap.h). The files:
 *
 *   mm/filemap.c    the index (i_pages): add, find, remove; reading
 *                   through ->read_folio (filemap_read) and writing
 *                   through ->write_begin/->write_end (generic_perform_write)
 *   mm/writeback.c  dirtying (->dirty_folio), writeback state, writing back
 *                   a range (->writepages, else ->writepage per folio) and
 *                   waiting for it
 *   mm/truncate.c   dropping folios: truncate (->invalidate_folio) and
 *                   invalidation of clean folios (->release_folio)
 *
 * Every address_space_operations call goes through fs/vfs/aops.h, which
 * checks the caller's locks against the seed's table.
 *
 * Lock order: i_rwsem -> invalidate_lock -> folio lock -> i_pages_lock
 * (struct address_space in fs/vfs/fs.h says what each protects).
 */
#ifndef MM_PAGEMAP_H
#define MM_PAGEMAP_H

#include "fs/vfs/fs.h"
#include "mm/folio.h"
#include "mm/writeback.h"
#include "kernel/lib/uio.h"

/* Radix tree tags of i_pages. */
#define PAGECACHE_TAG_DIRTY	0
#define PAGECACHE_TAG_WRITEBACK	1

/* Set up a mapping's page-cache fields (inode init). */
void mapping_init(struct address_space *mapping, struct inode *host);
/* Set up the page cache at boot. */
void pagecache_init(void);

/* The mapping's folios are not worth keeping after their last user? (no) */
static inline bool mapping_empty(const struct address_space *mapping)
{
	return READ_ONCE(mapping->nrpages) == 0;
}

static inline void filemap_invalidate_lock(struct address_space *m) { down_write(&m->invalidate_lock); }
static inline void filemap_invalidate_unlock(struct address_space *m) { up_write(&m->invalidate_lock); }
static inline void filemap_invalidate_lock_shared(struct address_space *m) { down_read(&m->invalidate_lock); }
static inline void filemap_invalidate_unlock_shared(struct address_space *m) { up_read(&m->invalidate_lock); }

/* ---- the index */

/* __filemap_get_folio flags (Linux's) */
#define FGP_ACCESSED	0x01	/* accepted, no LRU here */
#define FGP_LOCK	0x02	/* return it locked */
#define FGP_CREAT	0x04	/* add a new folio if there is none */
#define FGP_WRITE	0x08	/* about to be written (accepted) */
#define FGP_NOWAIT	0x20	/* do not sleep for the lock: -EAGAIN */

/* A new folio for the page cache (not yet in it): one reference, flags
 * clear. NULL if out of memory. */
struct folio *filemap_alloc_folio(gfp_t gfp, unsigned order);

/*
 * Put the locked folio into mapping at index: the cache takes a reference
 * of its own. 0, -EEXIST if a folio is already there, -ENOMEM. Caller holds
 * the folio lock (a new folio is locked before it is visible).
 */
int filemap_add_folio(struct address_space *mapping, struct folio *folio,
		      unsigned long index, gfp_t gfp);

/*
 * Find the folio at index, with a reference. fgp_flags: FGP_LOCK returns
 * it locked (and still in this mapping), FGP_CREAT adds a new one (not
 * uptodate) if there is none, FGP_NOWAIT with FGP_LOCK gives -EAGAIN
 * rather than sleep. ERR_PTR(-ENOENT) if there is none and FGP_CREAT is not
 * set, ERR_PTR(-ENOMEM). May sleep with FGP_LOCK or FGP_CREAT.
 */
struct folio *__filemap_get_folio(struct address_space *mapping, unsigned long index,
				  unsigned fgp_flags, gfp_t gfp);
static inline struct folio *filemap_get_folio(struct address_space *mapping, unsigned long index)
{
	return __filemap_get_folio(mapping, index, 0, 0);
}
static inline struct folio *filemap_lock_folio(struct address_space *mapping, unsigned long index)
{
	return __filemap_get_folio(mapping, index, FGP_LOCK, 0);
}

/* The folio at index with a reference and uptodate, read in through
 * ->read_folio if needed (invalidate_lock shared). ERR_PTR(-EIO/-ENOMEM), or
 * ERR_PTR(-ENODATA) for a regular file whose end is below index.
 * Process context, may sleep. */
struct folio *read_mapping_folio(struct address_space *mapping, unsigned long index,
				 struct file *file);

/*
 * The first folio at an index >= *index (with tag, or RADIX_TREE_ANY_TAG),
 * with a reference, its index in *index; NULL when none is left. Any
 * context but an interrupt (takes i_pages_lock).
 */
struct folio *filemap_next_folio(struct address_space *mapping, unsigned long *index,
				 unsigned tag);

/* Take the locked folio out of its mapping (dropping the cache's
 * reference, calling ->free_folio). The folio must be clean and not under
 * writeback. */
void filemap_remove_folio(struct folio *folio);

/* ---- reading and writing through the cache */

/*
 * Read from iocb->ki_pos into iter through the page cache, up to the
 * inode's size; ki_pos advances. Missing folios are added and read with
 * ->read_folio under invalidate_lock shared. Returns bytes read plus
 * already_read, or the error if nothing was read. May sleep.
 */
ssize_t filemap_read(struct kiocb *iocb, struct iov_iter *iter, ssize_t already_read);
/* ->read_iter for files whose data is all in the page cache. */
ssize_t generic_file_read_iter(struct kiocb *iocb, struct iov_iter *iter);

/*
 * Copy iter into the file at iocb->ki_pos through ->write_begin and
 * ->write_end, a folio at a time. Caller holds the host's i_rwsem
 * exclusive. Returns bytes written or the error (-EFAULT when the source
 * faulted before anything was written). Does not move ki_pos.
 */
ssize_t generic_perform_write(struct kiocb *iocb, struct iov_iter *iter);

/*
 * Readahead (mm/readahead.c): add the missing folios of [index, index +
 * nr), cut at the end of the file, and start their reads (->read_folio)
 * under one plug. Caller holds invalidate_lock shared. May sleep.
 */
void page_cache_readahead(struct file *file, struct address_space *mapping,
			  unsigned long index, unsigned long nr);
/* Readahead windows: from RA_MIN_PAGES, doubling for sequential reads up
 * to RA_MAX_PAGES. */
#define RA_MIN_PAGES	8
#define RA_MAX_PAGES	256	/* 1 MiB */
/* The window for a read that has req_pages pages left to go. */
unsigned long ra_window(unsigned long req_pages);
/*
 * The file's readahead (ra: its f_ra; mm/readahead.c says how the window
 * grows). sync: a read of req_pages pages from index missed the cache:
 * read a window from index. async: the read reached the folio at index
 * marked PG_readahead (the caller cleared the mark): read the next window.
 * Caller holds invalidate_lock shared. May sleep.
 */
void page_cache_sync_ra(struct file_ra_state *ra, struct file *file,
			struct address_space *mapping, unsigned long index, unsigned long req_pages);
void page_cache_async_ra(struct file_ra_state *ra, struct file *file,
			 struct address_space *mapping, unsigned long index, unsigned long req_pages);

/*
 * One batch of readahead for ->readahead (Linux's readahead_control): the
 * folios of [_index, _index + _nr_pages) are in the page cache, locked and
 * not uptodate, each with a reference of the batch's. The op takes them in
 * order with readahead_folio() (which drops the batch's reference: the
 * cache keeps its own, and the folio lock keeps it there) and starts a
 * read for each that unlocks it when done (marking it uptodate on
 * success). Folios it leaves are unlocked by page_cache_readahead, not
 * uptodate, for a reader to read through ->read_folio. The folio locks are
 * handed off (folio_lock_handoff) before the call, since the reads' ends
 * unlock them from interrupts. Owned by the caller of ->readahead; no lock
 * of its own.
 */
struct readahead_control {
	struct file *file;			/* may be NULL */
	struct address_space *mapping;
	unsigned long _index;			/* the next folio readahead_folio gives */
	unsigned long _nr_pages;		/* folios left after _index */
};

/* The next folio of the batch (locked), or NULL at its end. */
struct folio *readahead_folio(struct readahead_control *rac);
static inline unsigned long readahead_index(const struct readahead_control *rac)
{
	return rac->_index;
}
static inline unsigned long readahead_count(const struct readahead_control *rac)
{
	return rac->_nr_pages;
}
static inline loff_t readahead_pos(const struct readahead_control *rac)
{
	return (loff_t)rac->_index << PAGE_SHIFT;
}
static inline size_t readahead_length(const struct readahead_control *rac)
{
	return rac->_nr_pages << PAGE_SHIFT;
}

/* Copy helpers between a folio and an iterator (no lock needed for the
 * folio's data beyond what the caller holds). */
size_t copy_folio_to_iter(struct folio *folio, size_t offset, size_t bytes, struct iov_iter *i);
size_t copy_folio_from_iter(struct folio *folio, size_t offset, size_t bytes, struct iov_iter *i);
/* Zero bytes [start, end) of the folio. */
void folio_zero_segment(struct folio *folio, size_t start, size_t end);

/* ---- dirtying and writeback (mm/writeback.c) */

/*
 * Mark the folio dirty through ->dirty_folio (filemap_dirty_folio if the
 * mapping has none). The caller holds the folio lock, or otherwise keeps
 * truncation away. Returns true if it was clean. Does not sleep.
 */
bool folio_mark_dirty(struct folio *folio);
/* The generic ->dirty_folio: set PG_dirty and tag the folio dirty. */
bool filemap_dirty_folio(struct address_space *mapping, struct folio *folio);
/* Before writing a locked folio back: clear PG_dirty; true if it was set. */
bool folio_clear_dirty_for_io(struct folio *folio);
/* A ->writepage that cannot write now: dirty again (the seed's
 * redirty_page_for_writepage). */
void folio_redirty_for_writepage(struct writeback_control *wbc, struct folio *folio);
static inline void redirty_page_for_writepage(struct writeback_control *wbc, struct page *page)
{
	folio_redirty_for_writepage(wbc, page_folio(page));
}
/* Drop a dirty folio's dirty state (truncate). Folio locked. */
void folio_cancel_dirty(struct folio *folio);
/* An I/O error to report at the next fsync of the mapping. */
void mapping_set_error(struct address_space *mapping, int err);
/* The error recorded since the last call (and forget it), or 0. */
int filemap_check_errors(struct address_space *mapping);

/* A writepage-like function for write_cache_pages (the folio is locked
 * and clean-for-io; it must unlock it). */
typedef int (*writepage_t)(struct folio *folio, struct writeback_control *wbc, void *data);

/* Call writepage for each dirty folio of the range wbc asks for. */
int write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,
		      writepage_t writepage, void *data);
/* ->writepages if the mapping has one, else ->writepage per dirty folio. */
int do_writepages(struct address_space *mapping, struct writeback_control *wbc);

/* Start writeback of the dirty folios in [start, end] (bytes, inclusive)
 * and wait for it all; 0 or the first error (also a recorded one). May
 * sleep. */
int filemap_write_and_wait_range(struct address_space *mapping, loff_t start, loff_t end);
static inline int filemap_write_and_wait(struct address_space *mapping)
{
	return filemap_write_and_wait_range(mapping, 0, LLONG_MAX);
}
int filemap_fdatawrite_range(struct address_space *mapping, loff_t start, loff_t end);
int filemap_fdatawait_range(struct address_space *mapping, loff_t start, loff_t end);
/* Any dirty or writeback folios in the mapping? */
bool mapping_tagged(struct address_space *mapping, unsigned tag);

/*
 * Memory limits, before reclaim (mm/vmscan.c) has to step in:
 * a writer that dirtied folios calls balance_dirty_pages_ratelimited
 * (no lock held), which starts writeback of its mapping while more than
 * dirty_limit_pages (an eighth of RAM) folios are dirty, and trims the
 * mapping's clean folios while the page caches hold more than
 * pagecache_limit_pages (half of RAM). A read that misses trims the
 * same way, keeping the folios of the window it reads. Only the mapping
 * in use gives folios back.
 */
extern unsigned long dirty_limit_pages;
extern unsigned long pagecache_limit_pages;
unsigned long global_dirty_folios(void);
unsigned long global_writeback_folios(void);	/* folios under writeback */
unsigned long pagecache_pages(void);
void balance_dirty_pages_ratelimited(struct address_space *mapping);
/* Drop clean unused folios of mapping outside [keep_start, keep_end] if
 * the page caches are over their limit. No lock held; may sleep. */
void pagecache_trim(struct address_space *mapping, unsigned long keep_start,
		    unsigned long keep_end);

/* ---- dropping folios (mm/truncate.c) */

/*
 * Remove the folios of [lstart, lend] (bytes, inclusive; lend -1 = to the
 * end) from the cache: waits for writeback, calls ->invalidate_folio for
 * folios with private data, zeroes the part of a partial folio that is in
 * the range. Dirty data in the range is lost. Caller holds invalidate_lock
 * exclusive. May sleep.
 */
void truncate_inode_pages_range(struct address_space *mapping, loff_t lstart, loff_t lend);
void truncate_inode_pages(struct address_space *mapping, loff_t lstart);
/* Everything, at eviction (takes invalidate_lock itself). */
void truncate_inode_pages_final(struct address_space *mapping);
/* Cut the cache at newsize after i_size shrank (takes invalidate_lock). */
void truncate_pagecache(struct inode *inode, loff_t newsize);

/*
 * Drop the clean, unlocked, unmapped folios of [start, end] (indices,
 * inclusive) that can be dropped (->release_folio agrees). Locked, dirty,
 * mapped and writeback folios stay. Returns how many went. May sleep.
 */
unsigned long invalidate_mapping_pages(struct address_space *mapping,
				       unsigned long start, unsigned long end);
/*
 * Drop every folio of [start, end] (indices, inclusive), mapped ones too
 * (unmapped first), for coherence after I/O that bypassed the cache
 * (O_DIRECT): a dirty folio is cleaned by ->launder_folio (and if it
 * stays dirty, or its private data stays, it stays too). 0, or -EBUSY if
 * some folio could not go (or launder_folio's error). No lock held (the
 * O_DIRECT writer's i_rwsem is fine). May sleep.
 */
int invalidate_inode_pages2_range(struct address_space *mapping, unsigned long start,
				  unsigned long end);
static inline int invalidate_inode_pages2(struct address_space *mapping)
{
	return invalidate_inode_pages2_range(mapping, 0, ~0UL);
}
/* May the folio's private data go (->release_folio; without one,
 * try_to_free_buffers of fs/buffer_head.h)? Folio locked. */
bool filemap_release_folio(struct folio *folio, gfp_t gfp);

/*
 * The generic ->error_remove_page (memory failure): the poisoned page
 * leaves the cache as a truncate would take it (unmapped, private data
 * invalidated, dirty data lost); a later access reads the file again.
 * Caller holds invalidate_lock exclusive (as truncate does) and the folio
 * lock. 0, -EBUSY if it could not go (under writeback), -EIO for a mapping
 * that is not a regular file's.
 */
int generic_error_remove_page(struct address_space *mapping, struct page *page);

#endif
