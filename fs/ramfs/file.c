/*
 * tmpfs file data: a regular file's data is its page cache. Every folio of
 * a tmpfs mapping that holds data is uptodate and charged to the mount's
 * size and to quota; a page without a folio is a hole and reads as zeros.
 * Nothing is ever written back: memory is the only store (there is no
 * swap yet), so folios leave the cache only by truncation or eviction.
 * Here: the address_space operations, the file operations (read, write,
 * fallocate) and the truncate and eviction helpers tmpfs.c uses. What both
 * files share is in fs/ramfs/internal.h.
 *
 * Above: the VFS, which calls ->read_iter, ->write_iter and ->fallocate
 * with no lock held, and the page cache (mm/filemap.c), which calls the
 * a_ops through fs/vfs/aops.h. Locks of its own: none. A file's data
 * changes under its i_rwsem (reads take it shared, writes, truncate and
 * fallocate exclusive); folios are added with the folio lock held and,
 * by page faults, with invalidate_lock shared; truncation holds
 * invalidate_lock exclusive, so the charged count cannot change under it.
 * The usage counters of a superblock are atomic.
 */
#include "fs/ramfs/tmpfs.h"
#include "fs/ramfs/internal.h"
#include "fs/libfs.h"
#include "fs/quota/dquot.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"
#include "mm/pagemap.h"
#include "mm/filemap_fault.h"

static long tmpfs_all_pages;		/* atomic: every mount's charged pages */
static const char tmpfs_zeros[PAGE_SIZE];	/* what a hole reads as */

long tmpfs_total_pages(void)
{
	return __atomic_load_n(&tmpfs_all_pages, __ATOMIC_RELAXED);
}

/* ------------------------------------------------------------ charging */

/*
 * One more page of data for inode: against the mount's size and the
 * owner's quota. -ENOSPC, -EDQUOT. May sleep (quota).
 */
static int tmpfs_charge(struct inode *inode)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(inode->i_sb);
	int err;

	if (!tmpfs_reserve(&sbi->used_pages, 1, READ_ONCE(sbi->max_pages)))
		return -ENOSPC;
	err = dquot_alloc_block(inode, 1);
	if (err) {
		tmpfs_unreserve(&sbi->used_pages, 1);
		return err;
	}
	__atomic_add_fetch(&TMPFS_I(inode)->nr_pages, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&tmpfs_all_pages, 1, __ATOMIC_RELAXED);
	return 0;
}

/* n pages of inode's data are gone. May sleep (quota). */
static void tmpfs_uncharge(struct inode *inode, long n)
{
	if (!n)
		return;
	__atomic_sub_fetch(&TMPFS_I(inode)->nr_pages, n, __ATOMIC_RELAXED);
	__atomic_sub_fetch(&tmpfs_all_pages, n, __ATOMIC_RELAXED);
	tmpfs_unreserve(&TMPFS_SB(inode->i_sb)->used_pages, n);
	dquot_free_block(inode, n);
}

/*
 * Make the locked folio a page of data: charge it and fill it with zeros
 * unless it is uptodate (charged) already. On failure the folio stays in
 * the cache, not uptodate and uncharged, and a later use tries again.
 */
static int tmpfs_fill_folio(struct inode *inode, struct folio *folio)
{
	int err;

	if (folio_test_uptodate(folio))
		return 0;
	err = tmpfs_charge(inode);
	if (err)
		return err;
	folio_zero_segment(folio, 0, PAGE_SIZE);
	folio_mark_uptodate(folio);
	return 0;
}

/*
 * The charged folios of mapping from index first to last, which are about
 * to leave the cache: count them and clear their dirty flag, which tmpfs sets
 * without the page cache's dirty accounting (tmpfs_dirty_folio), so that
 * truncation does not take them off that count. Caller holds
 * invalidate_lock exclusive (and i_rwsem exclusive), or is evicting: no
 * folio there can be filled or dirtied meanwhile (page_mkwrite finds them
 * past i_size).
 */
static long tmpfs_forget_data(struct address_space *mapping, unsigned long first,
			      unsigned long last)
{
	unsigned long index = first;
	struct folio *folio;
	long n = 0;

	while ((folio = filemap_next_folio(mapping, &index, RADIX_TREE_ANY_TAG))) {
		if (index > last) {
			folio_put(folio);
			break;
		}
		folio_lock(folio);
		if (folio->mapping == mapping) {
			n += folio_test_uptodate(folio);
			folio_test_clear_dirty(folio);
		}
		folio_unlock(folio);
		folio_put(folio);
		if (index++ == ~0UL)
			break;
	}
	return n;
}

/* ------------------------------------------------------ address space */

/*
 * ->read_folio: the folio is locked and invalidate_lock held shared (a
 * page fault on a hole). A hole reads as zeros; the new page is charged.
 * Unlocks the folio. -ENOSPC/-EDQUOT (the fault then raises SIGBUS).
 */
static int tmpfs_read_folio(struct file *file, struct folio *folio)
{
	int err = tmpfs_fill_folio(folio->mapping->host, folio);

	folio_unlock(folio);
	return err;
}

/*
 * ->write_begin: i_rwsem exclusive. Returns the folio of pos locked and
 * uptodate (a new one charged and zeroed), in *pagep. -ENOSPC, -EDQUOT,
 * -ENOMEM.
 */
static int tmpfs_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			     unsigned len, struct page **pagep, void **fsdata)
{
	struct folio *folio;
	int err;

	lockdep_assert_held_write(&mapping->host->i_rwsem);
	folio = __filemap_get_folio(mapping, (unsigned long)(pos >> PAGE_SHIFT),
				    FGP_LOCK | FGP_CREAT | FGP_WRITE, GFP_KERNEL);
	if (IS_ERR(folio))
		return (int)PTR_ERR(folio);
	err = tmpfs_fill_folio(mapping->host, folio);
	if (err) {
		folio_unlock(folio);
		folio_put(folio);
		return err;
	}
	*pagep = &folio->page;
	return 0;
}

/*
 * ->write_end: i_rwsem exclusive, the folio locked. copied bytes landed
 * (the folio was uptodate already, so a short copy leaves nothing stale);
 * the size grows to cover them. Unlocks and drops the folio. Returns
 * copied.
 */
static int tmpfs_write_end(struct file *file, struct address_space *mapping, loff_t pos,
			   unsigned len, unsigned copied, struct page *page, void *fsdata)
{
	struct folio *folio = page_folio(page);
	struct inode *inode = mapping->host;

	lockdep_assert_held_write(&inode->i_rwsem);
	if (copied) {
		if (pos + copied > i_size_read(inode))
			i_size_write(inode, pos + copied);
		folio_mark_dirty(folio);
	}
	folio_unlock(folio);
	folio_put(folio);
	return (int)copied;
}

/*
 * ->dirty_folio: only the flag (which keeps invalidation away from the
 * folio), never the DIRTY tag nor the page cache's dirty count: there is
 * nothing to write back to, so writeback and the dirty limits must not
 * see tmpfs folios. Does not sleep.
 */
static bool tmpfs_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	return !folio_test_set_flag(folio, PG_dirty);
}

/* No ->writepage(s): tmpfs has no backing store (until swap exists, a
 * folio stays in memory for as long as it is in the file). */
const struct address_space_operations tmpfs_aops = {
	.read_folio = tmpfs_read_folio,
	.write_begin = tmpfs_write_begin,
	.write_end = tmpfs_write_end,
	.dirty_folio = tmpfs_dirty_folio,
};

/* ------------------------------------------------------ size changes */

/*
 * Zero the bytes of the page holding from that lie at or after it: past
 * the end of the file they may hold what a shared mapping wrote there,
 * which must not show once the file grows over them. i_rwsem exclusive.
 */
static void tmpfs_zero_tail(struct inode *inode, loff_t from)
{
	size_t off = (size_t)(from & (PAGE_SIZE - 1));
	struct folio *folio;

	if (!off)
		return;
	folio = filemap_lock_folio(inode->i_mapping, (unsigned long)(from >> PAGE_SHIFT));
	if (IS_ERR(folio))
		return;
	if (folio_test_uptodate(folio))
		folio_zero_segment(folio, off, PAGE_SIZE);
	folio_unlock(folio);
	folio_put(folio);
}

/*
 * New size of a regular file, from oldsize (setattr has checked it and
 * may have stored it already). Growing only moves i_size (after zeroing
 * the old last page's tail); shrinking unmaps the pages past the new end
 * from every process, so that touching them raises SIGBUS, then drops
 * them from the cache and zeroes the tail of the new last page. Caller
 * holds i_rwsem exclusive; takes invalidate_lock exclusive around the
 * dropping, as a truncate must, so no page fault or read can bring a page
 * back in meanwhile.
 */
void tmpfs_setsize(struct inode *inode, loff_t oldsize, loff_t newsize)
{
	struct address_space *mapping = inode->i_mapping;
	long dropped;

	lockdep_assert_held_write(&inode->i_rwsem);

	if (newsize > oldsize)
		tmpfs_zero_tail(inode, oldsize);
	i_size_write(inode, newsize);
	if (newsize < oldsize) {
		filemap_invalidate_lock(mapping);
		unmap_mapping_range(mapping, ALIGN_UP(newsize, PAGE_SIZE), 0, true);
		dropped = tmpfs_forget_data(mapping, DIV_ROUND_UP((u64)newsize, PAGE_SIZE), ~0UL);
		truncate_inode_pages(mapping, newsize);
		filemap_invalidate_unlock(mapping);
		tmpfs_uncharge(inode, dropped);
	}
	if (newsize != oldsize)
		inode->i_mtime = inode->i_ctime = current_time(inode);
}

void tmpfs_evict_data(struct inode *inode)
{
	long n = tmpfs_forget_data(&inode->i_data, 0, ~0UL);

	truncate_inode_pages_final(&inode->i_data);
	tmpfs_uncharge(inode, n);
}

int tmpfs_getattr(const struct path *path, struct kstat *stat, u32 request_mask,
		  unsigned flags)
{
	struct inode *inode = d_inode(path->dentry);

	generic_fillattr(inode, stat);
	stat->blocks = (u64)__atomic_load_n(&TMPFS_I(inode)->nr_pages, __ATOMIC_RELAXED)
		       << (PAGE_SHIFT - 9);
	return 0;
}

/* ------------------------------------------------------ file operations */

/*
 * ->read_iter: no lock held by the VFS; takes i_rwsem shared, so reads run
 * in parallel but never see half a write. Copies from the page cache; a
 * hole reads as zeros and stays a hole (as Linux's shmem does: reading a
 * sparse file costs no memory). May sleep.
 */
static ssize_t tmpfs_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	ssize_t done = 0;

	might_sleep();
	if (iocb->ki_pos < 0)
		return -EINVAL;
	inode_lock_shared(inode);
	while (iov_iter_count(to) && iocb->ki_pos < i_size_read(inode)) {
		loff_t pos = iocb->ki_pos;
		size_t off = (size_t)(pos & (PAGE_SIZE - 1));
		size_t n = MIN(PAGE_SIZE - off, (size_t)(i_size_read(inode) - pos)), copied;
		struct folio *folio = filemap_get_folio(inode->i_mapping,
							(unsigned long)(pos >> PAGE_SHIFT));

		if (!IS_ERR(folio) && folio_test_uptodate(folio))
			copied = copy_folio_to_iter(folio, off, n, to);
		else		/* a hole, or a page a fault is filling with zeros */
			copied = copy_to_iter(tmpfs_zeros, n, to);
		if (!IS_ERR(folio))
			folio_put(folio);
		iocb->ki_pos += copied;
		done += copied;
		if (copied < n) {
			if (!done)
				done = -EFAULT;
			break;
		}
	}
	inode_unlock_shared(inode);
	return done;
}

/*
 * ->write_iter: no lock held by the VFS; takes i_rwsem exclusive (size,
 * data and times change together) and writes through the page cache
 * (generic_perform_write: ->write_begin/->write_end). A short count if the
 * mount's size or the quota runs out part way. May sleep.
 */
static ssize_t tmpfs_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	loff_t maxbytes = inode->i_sb->s_maxbytes;
	ssize_t ret;

	might_sleep();
	inode_lock(inode);
	if (iocb->ki_flags & IOCB_APPEND)
		iocb->ki_pos = i_size_read(inode);
	ret = iocb->ki_pos < 0 ? -EINVAL : 0;
	if (!ret && !iov_iter_count(from))
		goto out_unlock;
	if (!ret && iocb->ki_pos >= maxbytes)
		ret = -EFBIG;
	if (ret)
		goto out_unlock;
	iov_iter_truncate(from, (size_t)(maxbytes - iocb->ki_pos));
	if (iocb->ki_pos > i_size_read(inode))
		tmpfs_zero_tail(inode, i_size_read(inode));
	ret = generic_perform_write(iocb, from);
	if (ret > 0) {
		iocb->ki_pos += ret;
		inode->i_mtime = inode->i_ctime = current_time(inode);
	}
out_unlock:
	inode_unlock(inode);
	return ret;
}

/* Make [offset, end) data: a folio for each page, charged and zeroed
 * where there was a hole. i_rwsem exclusive. Pages made before a failure
 * stay (beyond i_size they read as nothing). */
static long tmpfs_fallocate_locked(struct inode *inode, int mode, loff_t offset, loff_t end)
{
	for (u64 i = (u64)offset >> PAGE_SHIFT; i <= (u64)(end - 1) >> PAGE_SHIFT; i++) {
		struct folio *folio = __filemap_get_folio(inode->i_mapping, (unsigned long)i,
							  FGP_LOCK | FGP_CREAT, GFP_KERNEL);
		int err;

		if (IS_ERR(folio))
			return PTR_ERR(folio);
		err = tmpfs_fill_folio(inode, folio);
		if (!err)
			folio_mark_dirty(folio);
		folio_unlock(folio);
		folio_put(folio);
		if (err)
			return err;
	}
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > i_size_read(inode)) {
		tmpfs_zero_tail(inode, i_size_read(inode));
		i_size_write(inode, end);
	}
	inode->i_ctime = current_time(inode);
	return 0;
}

/*
 * Punch [offset, end) out of the file, whose size stays: whole pages
 * become holes (their charge given back), the parts of pages at the edges
 * are zeroed. Every process mapping the range loses the punched pages
 * first (private copies stay, as in Linux). i_rwsem exclusive; takes
 * invalidate_lock exclusive, so no page fault can map or refill a page of
 * the range until the hole is made.
 */
static long tmpfs_punch_hole(struct inode *inode, loff_t offset, loff_t end)
{
	struct address_space *mapping = inode->i_mapping;
	unsigned long first = (unsigned long)DIV_ROUND_UP((u64)offset, PAGE_SIZE);
	unsigned long last = (unsigned long)((u64)end >> PAGE_SHIFT);	/* first page not whole */
	long dropped = 0;

	filemap_invalidate_lock(mapping);
	unmap_mapping_range(mapping, offset, end - offset, false);
	if (last > first)
		dropped = tmpfs_forget_data(mapping, first, last - 1);
	truncate_inode_pages_range(mapping, offset, end - 1);
	filemap_invalidate_unlock(mapping);
	tmpfs_uncharge(inode, dropped);
	inode->i_mtime = inode->i_ctime = current_time(inode);
	return 0;
}

/*
 * ->fallocate: no lock held by the VFS; takes i_rwsem exclusive. Mode 0
 * allocates and extends i_size, FALLOC_FL_KEEP_SIZE only allocates,
 * FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE makes a hole; other modes
 * -EOPNOTSUPP. -EINVAL, -EFBIG, -ENOSPC, -ENOMEM. May sleep.
 */
static long tmpfs_fallocate(struct file *file, int mode, loff_t offset, loff_t len)
{
	struct inode *inode = file_inode(file);
	bool punch = mode & FALLOC_FL_PUNCH_HOLE;
	long ret;

	might_sleep();
	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	if (punch && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (offset > inode->i_sb->s_maxbytes - len)
		return -EFBIG;
	inode_lock(inode);
	if (punch)
		ret = tmpfs_punch_hole(inode, offset, offset + len);
	else
		ret = tmpfs_fallocate_locked(inode, mode, offset, offset + len);
	inode_unlock(inode);
	return ret;
}

const struct file_operations tmpfs_file_operations = {
	.llseek = generic_file_llseek,
	.mmap = generic_file_mmap,
	.read_iter = tmpfs_read_iter,
	.write_iter = tmpfs_write_iter,
	.fsync = noop_fsync,
	.fallocate = tmpfs_fallocate,
};
