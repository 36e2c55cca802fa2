/*
 * Readahead: when a read misses the page cache, the missing folios of a
 * window starting there are added and their reads started together, under
 * a block plug, so that the device sees one large request instead of a
 * page at a time, and the next reads of a sequential reader find their
 * folios already on the way.
 *
 * The window (Linux's on-demand readahead, simplified): each open file
 * keeps its last window in file->f_ra. A miss that continues the file's
 * last read or window (sequential) doubles the window, up to
 * RA_MAX_PAGES; any other miss (random, or the first) starts again at
 * ra_window() of what is left of the read, at least RA_MIN_PAGES. The
 * folio async_size pages before a window's end is marked PG_readahead;
 * a reader that reaches it starts the next window (twice as large) while
 * it still has async_size cached pages to read, so a sequential reader
 * rarely waits.
 *
 * Each window is read by ->readahead in contiguous batches when the
 * mapping has one (fs/mpage.c sends a run of blocks as one bio), else by
 * ->read_folio per folio; each folio is unlocked when its I/O completes.
 * A failed read leaves the folio not uptodate, and the reader that finds
 * it so reads it again itself (and reports the error).
 *
 * Locks: the caller holds the mapping's invalidate_lock shared; f_ra is a
 * racy hint (no lock).
 */
#include "mm/pagemap.h"
#include "fs/vfs/aops.h"
#include "drivers/block/bio.h"
#include "kernel/errno.h"
#include "kernel/panic.h"


unsigned long ra_window(unsigned long req_pages)
{
	return MIN(MAX(2 * req_pages, (unsigned long)RA_MIN_PAGES), (unsigned long)RA_MAX_PAGES);
}

static unsigned ra_next_size(unsigned cur)
{
	return (unsigned)MIN(2UL * cur, (unsigned long)RA_MAX_PAGES);
}

/* A new locked folio at index of mapping (handed off: its read will
 * unlock it), with the caller's reference; NULL if one is there already
 * or memory is short. */
static struct folio *ra_add(struct address_space *mapping, unsigned long index)
{
	struct folio *folio = filemap_get_folio(mapping, index);

	if (!IS_ERR(folio)) {			/* cached (or on its way) already */
		folio_put(folio);
		return NULL;
	}
	folio = filemap_alloc_folio(GFP_KERNEL | __GFP_NORETRY, 0);
	if (!folio)
		return NULL;
	if (!folio_trylock(folio))
		BUG_ON(1);			/* nobody else can see it yet */
	if (filemap_add_folio(mapping, folio, index, GFP_KERNEL)) {
		folio_unlock(folio);
		folio_put(folio);
		return NULL;
	}
	folio_clear_error(folio);
	folio_lock_handoff(folio);		/* unlocked by the read's completion */
	return folio;
}

struct folio *readahead_folio(struct readahead_control *rac)
{
	struct folio *folio;

	if (!rac->_nr_pages)
		return NULL;
	folio = filemap_get_folio(rac->mapping, rac->_index);
	BUG_ON(IS_ERR(folio));			/* locked by the batch: still there */
	folio_put(folio);			/* the lookup's */
	folio_put(folio);			/* the batch's: the cache keeps its own */
	rac->_index++;
	rac->_nr_pages--;
	return folio;
}

/* Hand the batch to ->readahead; unlock what it did not take. */
static void ra_submit(struct readahead_control *rac, struct folio *first)
{
	struct folio *folio;

	if (!rac->_nr_pages)
		return;
	call_readahead(rac, first);
	while ((folio = readahead_folio(rac)))
		folio_unlock(folio);
}

/* Read [index, index + nr) (cut at the end of the file); the folio at
 * mark, if this adds it, gets PG_readahead. */
static void ra_window_read(struct file *file, struct address_space *mapping,
			   unsigned long index, unsigned long nr, unsigned long mark)
{
	loff_t isize = i_size_read(mapping->host);
	struct readahead_control rac = { .file = file, .mapping = mapping };
	struct folio *first = NULL;
	unsigned long last;
	struct blk_plug plug;

	might_sleep();
	lockdep_assert_held_read(&mapping->invalidate_lock);
	if (!isize || !mapping->a_ops ||
	    (!mapping->a_ops->read_folio && !mapping->a_ops->readahead))
		return;
	last = (unsigned long)((isize - 1) >> PAGE_SHIFT);
	if (index > last)
		return;
	nr = MIN(nr, last - index + 1);
	blk_start_plug(&plug);
	for (unsigned long i = 0; i < nr; i++) {
		struct folio *folio = ra_add(mapping, index + i);

		if (!folio) {			/* a gap: send the run so far */
			if (rac._nr_pages)
				ra_submit(&rac, first);
			continue;
		}
		if (index + i == mark)
			SetPageFlag(&folio->page, PG_readahead);
		if (!mapping->a_ops->readahead) {
			call_read_folio(file, folio);	/* unlocks it, now or at completion */
			folio_put(folio);
			continue;
		}
		if (!rac._nr_pages) {
			rac._index = index + i;
			first = folio;
		}
		rac._nr_pages++;
	}
	ra_submit(&rac, first);
	blk_finish_plug(&plug);
}

void page_cache_readahead(struct file *file, struct address_space *mapping,
			  unsigned long index, unsigned long nr)
{
	ra_window_read(file, mapping, index, nr, ~0UL);
}

/* Read the window ra now describes, trimming the cache around it. */
static void ra_read(struct file_ra_state *ra, struct file *file, struct address_space *mapping,
		    unsigned long keep_from)
{
	unsigned long end = ra->start + ra->size - 1;

	pagecache_trim(mapping, keep_from, end);
	ra_window_read(file, mapping, ra->start, ra->size, ra->start + ra->size - ra->async_size);
}

void page_cache_sync_ra(struct file_ra_state *ra, struct file *file,
			struct address_space *mapping, unsigned long index, unsigned long req_pages)
{
	bool seq = ra->size && (index == ra->start + ra->size || index == ra->prev_index ||
				 index + 1 == ra->prev_index);
	unsigned size = seq ? ra_next_size(ra->size) : (unsigned)ra_window(req_pages);

	ra->start = index;
	ra->size = size;
	ra->async_size = size > req_pages ? size - (unsigned)req_pages : size;
	ra_read(ra, file, mapping, index);
}

void page_cache_async_ra(struct file_ra_state *ra, struct file *file,
			 struct address_space *mapping, unsigned long index, unsigned long req_pages)
{
	if (index < ra->start || index >= ra->start + ra->size) {
		/* Not our window (another reader moved it): one from here. */
		ra->start = index;
		ra->size = (unsigned)ra_window(req_pages);
	}
	ra->start += ra->size;
	ra->size = ra_next_size(ra->size);
	ra->async_size = ra->size;
	ra_read(ra, file, mapping, index);
}
