/*
 * Readahead: when a read misses the page cache, the missing folios of a
 * window starting there are added and their reads started together, under
 * a block plug, so that the device sees one large request instead of a
 * page at a time, and the next reads of a sequential reader find their
 * folios already on the way.
 *
 * No state is kept per file (Linux's file_ra_state): the window is twice
 * what is left of the current read, between RA_MIN_PAGES and
 * RA_MAX_PAGES, cut at the end of the file. Each folio is read by
 * ->readahead in contiguous batches when the mapping has one (fs/mpage.c
 * sends a run of blocks as one bio), else by ->read_folio; each folio is
 * unlocked when its I/O completes; a failed read
 * leaves the folio not uptodate, and the reader that finds it so reads it
 * again itself (and reports the error).
 */
#include "mm/pagemap.h"
#include "fs/vfs/aops.h"
#include "drivers/block/bio.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

#define RA_MIN_PAGES	8
#define RA_MAX_PAGES	64

unsigned long ra_window(unsigned long req_pages)
{
	return MIN(MAX(2 * req_pages, (unsigned long)RA_MIN_PAGES), (unsigned long)RA_MAX_PAGES);
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

void page_cache_readahead(struct file *file, struct address_space *mapping,
			  unsigned long index, unsigned long nr)
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
