/*
 * The page cache index and the generic read and write paths through it
 * (mm/pagemap.h).
 *
 * A mapping's folios live in mapping->i_pages, a radix tree under
 * i_pages_lock (a leaf spinlock taken with IRQs off). Each cached folio
 * holds one reference for the cache; lookups take another under the lock,
 * so a folio found is never freed under its finder. Its mapping and index
 * change (add, remove) under both the folio lock and i_pages_lock, so a
 * finder that then locks the folio checks folio->mapping to see whether
 * it was truncated in between.
 *
 * Filling: a folio that is not uptodate is read by ->read_folio with the
 * folio locked and the mapping's invalidate_lock held shared; truncation
 * holds it exclusive, so a read cannot re-insert stale data into a range
 * being truncated.
 */
#include "mm/pagemap.h"
#include "fs/vfs/aops.h"
#include "mm/lru.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sched/wait_bit.h"

static struct lock_class_key i_pages_lock_key, i_mmap_rwsem_key;

void mapping_init(struct address_space *mapping, struct inode *host)
{
	mapping->host = host;
	INIT_RADIX_TREE(&mapping->i_pages);
	__spin_lock_init(&mapping->i_pages_lock, "&mapping->i_pages_lock", &i_pages_lock_key,
			 __FILE__, __LINE__);
	mapping->nrpages = 0;
	mapping->a_ops = NULL;
	mapping->wb_err = 0;
	mapping->private_data = NULL;
	mapping->bdev_cache = false;
	__init_rwsem(&mapping->i_mmap_rwsem, "&mapping->i_mmap_rwsem", &i_mmap_rwsem_key,
		     __FILE__, __LINE__);
	INIT_LIST_HEAD(&mapping->i_mmap);
}

void pagecache_init(void)
{
	wait_bit_init();
}

/* ------------------------------------------------------------ the index */

static long nr_pagecache;		/* atomic: folios in all page caches */
unsigned long pagecache_limit_pages;	/* 0: half of RAM; tests lower it */

unsigned long pagecache_pages(void)
{
	return (unsigned long)MAX(__atomic_load_n(&nr_pagecache, __ATOMIC_RELAXED), 0L);
}

void pagecache_trim(struct address_space *mapping, unsigned long keep_start,
		    unsigned long keep_end)
{
	unsigned long limit = READ_ONCE(pagecache_limit_pages);

	might_sleep();
	if (pagecache_pages() <= (limit ? limit : totalram_pages() / 2))
		return;
	if (keep_start)
		invalidate_mapping_pages(mapping, 0, keep_start - 1);
	if (keep_end != ~0UL)
		invalidate_mapping_pages(mapping, keep_end + 1, ~0UL);
}

struct folio *filemap_alloc_folio(gfp_t gfp, unsigned order)
{
	struct page *page;
	struct folio *folio;

	if (order)
		return NULL;		/* order-0 folios only */
	page = alloc_page(gfp | __GFP_NOWARN);
	if (!page)
		return NULL;
	folio = page_folio(page);
	folio->private = NULL;
	folio->index = 0;
	return folio;
}

int filemap_add_folio(struct address_space *mapping, struct folio *folio,
		      unsigned long index, gfp_t gfp)
{
	unsigned long flags;
	int err;

	WARN_ON(!folio_test_locked(folio));
	folio_get(folio);			/* the cache's reference */
	folio->mapping = mapping;
	folio->index = index;
	folio_lock_set_class(folio);		/* locked before it had a mapping */
	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	err = radix_tree_insert(&mapping->i_pages, index, folio);
	if (!err)
		mapping->nrpages++;
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
	if (!err) {
		__atomic_add_fetch(&nr_pagecache, 1, __ATOMIC_RELAXED);
		lru_cache_add_file(&folio->page);
	}
	if (err) {
		folio->mapping = NULL;
		folio_put(folio);
	}
	return err;
}

/* The folio at index with a reference, or NULL. */
static struct folio *filemap_lookup(struct address_space *mapping, unsigned long index)
{
	struct folio *folio;
	unsigned long flags;

	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	folio = radix_tree_lookup(&mapping->i_pages, index);
	if (folio)
		folio_get(folio);
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
	return folio;
}

struct folio *filemap_next_folio(struct address_space *mapping, unsigned long *index,
				 unsigned tag)
{
	struct folio *folio;
	unsigned long flags;

	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	folio = radix_tree_next(&mapping->i_pages, index, tag);
	if (folio)
		folio_get(folio);
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
	return folio;
}

void filemap_remove_folio(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	unsigned long flags;

	WARN_ON(!folio_test_locked(folio));
	WARN_ON(folio_test_writeback(folio));
	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	radix_tree_delete(&mapping->i_pages, folio->index);
	mapping->nrpages--;
	folio->mapping = NULL;
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
	__atomic_sub_fetch(&nr_pagecache, 1, __ATOMIC_RELAXED);
	if (mapping->a_ops && mapping->a_ops->free_folio)
		call_free_folio(mapping, folio);
	folio_put(folio);			/* the cache's reference */
}

/* Lock a folio found by lookup; false (lock dropped) if it left mapping
 * meanwhile. */
static int lock_found_folio(struct address_space *mapping, struct folio *folio, unsigned fgp)
{
	if (fgp & FGP_NOWAIT) {
		if (!folio_trylock(folio))
			return -EAGAIN;
	} else {
		folio_lock(folio);
	}
	if (folio->mapping != mapping) {
		folio_unlock(folio);
		return -ENOENT;
	}
	return 0;
}

struct folio *__filemap_get_folio(struct address_space *mapping, unsigned long index,
				  unsigned fgp_flags, gfp_t gfp)
{
	struct folio *folio;
	int err;

	if (fgp_flags & (FGP_CREAT | (FGP_LOCK & ~FGP_NOWAIT)))
		might_sleep();
repeat:
	folio = filemap_lookup(mapping, index);
	if (folio) {
		if (!(fgp_flags & FGP_LOCK))
			return folio;
		err = lock_found_folio(mapping, folio, fgp_flags);
		if (!err)
			return folio;
		folio_put(folio);
		if (err == -ENOENT)
			goto repeat;		/* truncated under us */
		return ERR_PTR(err);
	}
	if (!(fgp_flags & FGP_CREAT))
		return ERR_PTR(-ENOENT);
	folio = filemap_alloc_folio(gfp ? gfp : GFP_KERNEL, 0);
	if (!folio)
		return ERR_PTR(-ENOMEM);
	if (!folio_trylock(folio))		/* nobody else can see it yet */
		BUG_ON(1);
	err = filemap_add_folio(mapping, folio, index, gfp);
	if (err) {
		folio_unlock(folio);
		folio_put(folio);
		if (err == -EEXIST)
			goto repeat;
		return ERR_PTR(err);
	}
	if (!(fgp_flags & FGP_LOCK))
		folio_unlock(folio);
	return folio;
}

/* ------------------------------------------------------------ reading */

/*
 * Read the locked folio with ->read_folio and wait for it. Caller holds
 * invalidate_lock shared; the folio comes back unlocked. 0 or -EIO.
 */
static int filemap_read_folio(struct file *file, struct folio *folio)
{
	int err;

	folio_clear_error(folio);
	err = call_read_folio(file, folio);
	if (err)
		return err;
	folio_wait_locked(folio);
	return folio_test_uptodate(folio) ? 0 : -EIO;
}

/*
 * Make the referenced folio uptodate: lock it, read it unless a racing
 * reader did. -EAGAIN if it was truncated meanwhile (look it up again).
 * If the bytes [off, off + want) the caller will copy are uptodate in a
 * folio that is not (->is_partially_uptodate: its buffers say so), 0
 * without a read (want 0: the whole folio is needed). Caller holds
 * invalidate_lock shared.
 */
static int filemap_update_folio(struct file *file, struct address_space *mapping,
				struct folio *folio, size_t off, size_t want)
{
	folio_lock(folio);
	if (folio->mapping != mapping) {
		folio_unlock(folio);
		return -EAGAIN;
	}
	if (folio_test_uptodate(folio) ||
	    (want && folio_has_private(folio) && mapping->a_ops &&
	     mapping->a_ops->is_partially_uptodate &&
	     call_is_partially_uptodate(folio, off, want))) {
		folio_unlock(folio);
		return 0;
	}
	return filemap_read_folio(file, folio);
}

/* Add a new folio at index and read it. -EEXIST if another got there
 * first. Caller holds invalidate_lock shared. */
static struct folio *filemap_create_folio(struct file *file, struct address_space *mapping,
					  unsigned long index)
{
	struct inode *host = mapping->host;
	struct folio *folio;
	int err;

	/* A regular file cut below index since the caller looked at its
	 * size (truncation sets i_size before it takes invalidate_lock,
	 * held shared here): no folio past the end. */
	if (host && S_ISREG(host->i_mode) &&
	    index >= DIV_ROUND_UP((u64)i_size_read(host), PAGE_SIZE))
		return ERR_PTR(-ENODATA);
	folio = filemap_alloc_folio(GFP_KERNEL, 0);
	if (!folio)
		return ERR_PTR(-ENOMEM);
	if (!folio_trylock(folio))
		BUG_ON(1);
	err = filemap_add_folio(mapping, folio, index, GFP_KERNEL);
	if (err) {
		folio_unlock(folio);
		folio_put(folio);
		return ERR_PTR(err);
	}
	err = filemap_read_folio(file, folio);
	if (err) {
		folio_put(folio);
		return ERR_PTR(err);
	}
	return folio;
}

/*
 * The uptodate folio at index (or one whose bytes [off, off + want) are,
 * as filemap_update_folio says), with a reference. With ra (the file's
 * readahead state), a miss reads a window ahead (req_pages is what is
 * left of the read) and then waits for the folio it wants like any
 * reader of a folio in flight, and a hit on a PG_readahead folio starts
 * the next window. May sleep.
 */
static struct folio *filemap_get_read_folio(struct file *file, struct file_ra_state *ra,
					    struct address_space *mapping, unsigned long index,
					    unsigned long req_pages, size_t off, size_t want)
{
	struct folio *folio;
	int err;

	for (;;) {
		folio = filemap_lookup(mapping, index);
		if (folio && ra && PageFlag(&folio->page, PG_readahead)) {
			ClearPageFlag(&folio->page, PG_readahead);
			filemap_invalidate_lock_shared(mapping);
			page_cache_async_ra(ra, file, mapping, index, req_pages);
			filemap_invalidate_unlock_shared(mapping);
		}
		if (folio && folio_test_uptodate(folio)) {
			folio_mark_accessed(folio);
			return folio;
		}
		filemap_invalidate_lock_shared(mapping);
		if (folio) {
			err = filemap_update_folio(file, mapping, folio, off, want);
			if (err)
				folio_put(folio);
			folio = err ? ERR_PTR(err) : folio;
		} else if (ra) {
			page_cache_sync_ra(ra, file, mapping, index, req_pages);
			ra = NULL;		/* once: then wait for it */
			folio = ERR_PTR(-EAGAIN);
		} else {
			folio = filemap_create_folio(file, mapping, index);
		}
		filemap_invalidate_unlock_shared(mapping);
		if (!IS_ERR(folio))
			return folio;
		if (PTR_ERR(folio) != -EAGAIN && PTR_ERR(folio) != -EEXIST)
			return folio;
	}
}

struct folio *read_mapping_folio(struct address_space *mapping, unsigned long index,
				 struct file *file)
{
	might_sleep();
	return filemap_get_read_folio(file, NULL, mapping, index, 1, 0, 0);
}

size_t copy_folio_to_iter(struct folio *folio, size_t offset, size_t bytes, struct iov_iter *i)
{
	return copy_to_iter((char *)folio_address(folio) + offset, bytes, i);
}

size_t copy_folio_from_iter(struct folio *folio, size_t offset, size_t bytes, struct iov_iter *i)
{
	return copy_from_iter((char *)folio_address(folio) + offset, bytes, i);
}

void folio_zero_segment(struct folio *folio, size_t start, size_t end)
{
	if (end > start)
		memset((char *)folio_address(folio) + start, 0, end - start);
}

ssize_t filemap_read(struct kiocb *iocb, struct iov_iter *iter, ssize_t already_read)
{
	struct file *file = iocb->ki_filp;
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	ssize_t done = 0;
	int err = 0;

	might_sleep();
	while (iov_iter_count(iter) && iocb->ki_pos < i_size_read(inode)) {
		loff_t pos = iocb->ki_pos, isize;
		size_t off = pos & (PAGE_SIZE - 1), n, copied;
		size_t left = off + iov_iter_count(iter);
		size_t want = MIN(PAGE_SIZE - off, iov_iter_count(iter));
		struct folio *folio = filemap_get_read_folio(file, &file->f_ra, mapping,
							     pos >> PAGE_SHIFT,
							     DIV_ROUND_UP(left, PAGE_SIZE), off, want);

		if (IS_ERR(folio)) {
			err = (int)PTR_ERR(folio);
			if (err == -ENODATA)	/* truncated meanwhile: the end */
				err = 0;
			break;
		}
		isize = i_size_read(inode);	/* may have shrunk meanwhile */
		n = pos < isize ? MIN((size_t)(isize - pos), want) : 0;
		copied = copy_folio_to_iter(folio, off, n, iter);
		file->f_ra.prev_index = (unsigned long)(pos >> PAGE_SHIFT) + 1;
		folio_put(folio);
		iocb->ki_pos += copied;
		done += copied;
		if (copied < n) {
			err = -EFAULT;
			break;
		}
		if (!n)
			break;
	}
	if (done || already_read)
		return done + already_read;
	return err;
}

ssize_t generic_file_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	if (!iov_iter_count(iter))
		return 0;
	return filemap_read(iocb, iter, 0);
}

/* ------------------------------------------------------------ writing */

ssize_t generic_perform_write(struct kiocb *iocb, struct iov_iter *i)
{
	struct file *file = iocb->ki_filp;
	struct address_space *mapping = file->f_mapping;
	loff_t pos = iocb->ki_pos;
	ssize_t written = 0;
	int status = 0;

	might_sleep();
	while (iov_iter_count(i)) {
		size_t offset = pos & (PAGE_SIZE - 1);
		unsigned bytes = (unsigned)MIN(PAGE_SIZE - offset, iov_iter_count(i));
		struct page *page;
		void *fsdata = NULL;
		size_t copied;

		status = call_write_begin(file, mapping, pos, bytes, &page, &fsdata);
		if (status < 0)
			break;
		copied = copy_folio_from_iter(page_folio(page), offset, bytes, i);
		status = call_write_end(file, mapping, pos, bytes, (unsigned)copied, page, fsdata);
		if (status < 0)
			break;
		if ((size_t)status < copied)	/* the fs took less: give the rest back */
			iov_iter_revert(i, copied - (size_t)status);
		if (!status) {
			status = -EFAULT;	/* the source faulted */
			break;
		}
		pos += status;
		written += status;
	}
	return written ? written : status;
}
