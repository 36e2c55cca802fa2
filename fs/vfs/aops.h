/*
 * The only way the page cache calls address_space_operations: one wrapper
 * per operation, as fs/vfs/ops.h does for the other VFS tables. Each
 * describes the caller's lock state for the locks the seed's table names
 * (folio_lock, i_rwsem, invalidate_lock), has the rule checker compare it
 * with the row of fs/lockrules/rules.def and count it, then makes the call.
 *
 * The states:
 *   folio_lock       of the folio passed in: held when it is locked (by
 *                    the caller, which the code around makes sure of);
 *                    for write_begin, which gets no folio: whether the
 *                    current task holds any folio lock (lockdep's view);
 *   i_rwsem          of the mapping's host;
 *   invalidate_lock  of the mapping.
 *
 * A wrapper takes or drops no lock. The ones for operations that unlock
 * the folio asynchronously (read_folio, readahead, swap_rw) hand the folio
 * lock off from the caller's lockdep stack after the check
 * (folio_lock_handoff), since the unlock may come from an interrupt.
 */
#ifndef FS_VFS_AOPS_H
#define FS_VFS_AOPS_H

#include "fs/vfs/fs.h"
#include "fs/lockrules/lockrules.h"
#include "mm/folio.h"

static inline enum lr_state lr_folio_state(const struct folio *folio)
{
	if (!folio)
		return folio_lock_held_by_current() ? LRS_held : LRS_none;
	return folio_test_locked(folio) ? LRS_held : LRS_none;
}

/* Fill the three locks of the table for mapping (may be NULL) and folio. */
static inline void lr_aops(struct lr_observed *o, struct address_space *mapping,
			   const struct folio *folio)
{
	struct inode *host = mapping ? mapping->host : NULL;

	lr_set(o, LR_folio_lock, lr_folio_state(folio));
	lr_set(o, LR_i_rwsem, host ? lr_rwsem_state(&host->i_rwsem) : LRS_none);
	lr_set(o, LR_invalidate_lock, mapping ? lr_rwsem_state(&mapping->invalidate_lock) : LRS_none);
}

#define LR_AOPS_CHECK(op, mapping, folio) do {				\
	struct lr_observed __o = { 0 };					\
	lr_aops(&__o, (mapping), (folio));				\
	lockrule_check(LR_OP_address_space_##op, &__o);		\
} while (0)

static inline int call_writepage(struct page *page, struct writeback_control *wbc)
{
	struct folio *folio = page_folio(page);

	LR_AOPS_CHECK(writepage, folio->mapping, folio);
	return folio->mapping->a_ops->writepage(page, wbc);
}

/* Unlocks the folio, possibly from the completion interrupt. */
static inline int call_read_folio(struct file *file, struct folio *folio)
{
	const struct address_space_operations *a_ops = folio->mapping->a_ops;

	LR_AOPS_CHECK(read_folio, folio->mapping, folio);
	folio_lock_handoff(folio);
	return a_ops->read_folio(file, folio);
}

/*
 * ->readahead of the batch rac describes: its folios are locked (checked
 * on the first) and handed off, since the op unlocks each as its read
 * completes. The caller holds invalidate_lock shared.
 */
static inline void call_readahead(struct readahead_control *rac, struct folio *first)
{
	struct address_space *mapping = first->mapping;

	LR_AOPS_CHECK(readahead, mapping, first);
	mapping->a_ops->readahead(rac);
}

static inline int call_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	LR_AOPS_CHECK(writepages, mapping, NULL);
	return mapping->a_ops->writepages(mapping, wbc);
}

static inline bool call_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	LR_AOPS_CHECK(dirty_folio, mapping, folio);
	return mapping->a_ops->dirty_folio(mapping, folio);
}

static inline int call_write_begin(struct file *file, struct address_space *mapping,
				   loff_t pos, unsigned len, struct page **pagep, void **fsdata)
{
	LR_AOPS_CHECK(write_begin, mapping, NULL);
	return mapping->a_ops->write_begin(file, mapping, pos, len, pagep, fsdata);
}

static inline int call_write_end(struct file *file, struct address_space *mapping,
				 loff_t pos, unsigned len, unsigned copied,
				 struct page *page, void *fsdata)
{
	LR_AOPS_CHECK(write_end, mapping, page_folio(page));
	return mapping->a_ops->write_end(file, mapping, pos, len, copied, page, fsdata);
}

static inline sector_t call_bmap(struct address_space *mapping, sector_t block)
{
	LR_AOPS_CHECK(bmap, mapping, NULL);
	return mapping->a_ops->bmap(mapping, block);
}

static inline void call_invalidate_folio(struct folio *folio, size_t offset, size_t len)
{
	LR_AOPS_CHECK(invalidate_folio, folio->mapping, folio);
	folio->mapping->a_ops->invalidate_folio(folio, offset, len);
}

static inline bool call_release_folio(struct folio *folio, gfp_t gfp)
{
	LR_AOPS_CHECK(release_folio, folio->mapping, folio);
	return folio->mapping->a_ops->release_folio(folio, gfp);
}

/* The folio has just left mapping (folio->mapping is already NULL). */
static inline void call_free_folio(struct address_space *mapping, struct folio *folio)
{
	LR_AOPS_CHECK(free_folio, mapping, folio);
	mapping->a_ops->free_folio(folio);
}

static inline int call_direct_IO(struct kiocb *iocb, struct iov_iter *iter)
{
	struct address_space *mapping = iocb->ki_filp->f_mapping;

	LR_AOPS_CHECK(direct_IO, mapping, NULL);
	return mapping->a_ops->direct_IO(iocb, iter);
}

static inline int call_launder_folio(struct folio *folio)
{
	LR_AOPS_CHECK(launder_folio, folio->mapping, folio);
	return folio->mapping->a_ops->launder_folio(folio);
}

static inline bool call_is_partially_uptodate(struct folio *folio, size_t from, size_t count)
{
	LR_AOPS_CHECK(is_partially_uptodate, folio->mapping, folio);
	return folio->mapping->a_ops->is_partially_uptodate(folio, from, count);
}

/* Both folios locked; dst is not in any mapping yet. */
static inline int call_migrate_folio(struct address_space *mapping, struct folio *dst,
				     struct folio *src, enum migrate_mode mode)
{
	LR_AOPS_CHECK(migrate_folio, mapping, src);
	return mapping->a_ops->migrate_folio(mapping, dst, src, mode);
}

/* Memory failure on a page of the locked folio. */
static inline int call_error_remove_page(struct address_space *mapping, struct page *page)
{
	LR_AOPS_CHECK(error_remove_page, mapping, page_folio(page));
	return mapping->a_ops->error_remove_page(mapping, page);
}

/* swapon: the file is not locked by anyone. */
static inline int call_swap_activate(struct swap_info_struct *sis, struct file *file,
				     sector_t *span)
{
	LR_AOPS_CHECK(swap_activate, file->f_mapping, NULL);
	return file->f_mapping->a_ops->swap_activate(sis, file, span);
}

/* swapoff, after a successful ->swap_activate (if there is one). */
static inline void call_swap_deactivate(struct file *file)
{
	if (!file->f_mapping->a_ops->swap_deactivate)
		return;
	LR_AOPS_CHECK(swap_deactivate, file->f_mapping, NULL);
	file->f_mapping->a_ops->swap_deactivate(file);
}

/* Swap I/O of the locked folio through the swap file's filesystem: the
 * lock is handed off, and the swap code's completion unlocks it (after
 * the op returned, or from the op's own completion). */
static inline int call_swap_rw(struct kiocb *iocb, struct iov_iter *iter, struct folio *folio)
{
	struct address_space *mapping = iocb->ki_filp->f_mapping;

	LR_AOPS_CHECK(swap_rw, mapping, folio);
	folio_lock_handoff(folio);
	return mapping->a_ops->swap_rw(iocb, iter);
}

#endif
