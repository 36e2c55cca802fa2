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
 * ->read_folio, which unlocks it when its I/O completes; a failed read
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

/* Add the folio at index (if missing) and start its read. */
static void ra_one(struct file *file, struct address_space *mapping, unsigned long index)
{
	struct folio *folio = filemap_get_folio(mapping, index);

	if (!IS_ERR(folio)) {			/* cached (or on its way) already */
		folio_put(folio);
		return;
	}
	folio = filemap_alloc_folio(GFP_KERNEL | __GFP_NORETRY, 0);
	if (!folio)
		return;
	if (!folio_trylock(folio))
		BUG_ON(1);			/* nobody else can see it yet */
	if (filemap_add_folio(mapping, folio, index, GFP_KERNEL)) {
		folio_unlock(folio);
		folio_put(folio);
		return;
	}
	folio_clear_error(folio);
	call_read_folio(file, folio);		/* unlocks it, now or at completion */
	folio_put(folio);
}

void page_cache_readahead(struct file *file, struct address_space *mapping,
			  unsigned long index, unsigned long nr)
{
	loff_t isize = i_size_read(mapping->host);
	unsigned long last;
	struct blk_plug plug;

	might_sleep();
	lockdep_assert_held_read(&mapping->invalidate_lock);
	if (!isize || !mapping->a_ops || !mapping->a_ops->read_folio)
		return;
	last = (unsigned long)((isize - 1) >> PAGE_SHIFT);
	if (index > last)
		return;
	nr = MIN(nr, last - index + 1);
	blk_start_plug(&plug);
	for (unsigned long i = 0; i < nr; i++)
		ra_one(file, mapping, index + i);
	blk_finish_plug(&plug);
}
