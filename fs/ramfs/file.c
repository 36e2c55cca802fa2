/*
 * tmpfs file data: a regular file's data is an array of page pointers (a
 * NULL entry is a hole and reads as zeros), with the file operations on it
 * (read, write, fallocate) and the truncate helpers that ->setattr and
 * ->evict_inode in fs/ramfs/tmpfs.c use. What both files share is in
 * fs/ramfs/internal.h.
 *
 * Above: the VFS, which calls ->read, ->write and ->fallocate with no lock
 * held, and tmpfs.c. Below: the page and slab allocators, and quota. Locks
 * of its own: none; a file's pages are protected by its i_rwsem (read
 * shared, write/truncate/fallocate exclusive), truncate takes the mapping's
 * invalidate_lock exclusive around the freeing, and the usage counters of
 * a superblock are atomic.
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
#include "mm/page_alloc.h"
#include "mm/slab.h"

/* --------------------------------------------------------- file pages */

/* Make pages[] hold at least need slots. Caller holds i_rwsem exclusive. */
static int tmpfs_grow_slots(struct tmpfs_inode_info *info, unsigned long need)
{
	unsigned long n = MAX(info->nr_slots * 2, (unsigned long)TMPFS_MIN_SLOTS);
	struct page **pages;

	if (need <= info->nr_slots)
		return 0;
	n = MIN(MAX(n, need), TMPFS_MAX_PAGES);
	pages = kcalloc(n, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	if (info->pages)
		memcpy(pages, info->pages, info->nr_slots * sizeof(*pages));
	kfree(info->pages);
	info->pages = pages;
	info->nr_slots = n;
	return 0;
}

/* The page at index, or NULL for a hole. Caller holds i_rwsem. */
static void *tmpfs_find_page(struct tmpfs_inode_info *info, unsigned long index)
{
	if (index >= info->nr_slots || !info->pages[index])
		return NULL;
	return page_address(info->pages[index]);
}

/*
 * The page at index, allocated (zeroed) if it is a hole. Caller holds
 * i_rwsem exclusive. -ENOSPC past the mount's size, -ENOMEM.
 */
static void *tmpfs_get_page(struct inode *inode, unsigned long index)
{
	struct tmpfs_inode_info *info = TMPFS_I(inode);
	struct tmpfs_sb_info *sbi = TMPFS_SB(inode->i_sb);
	struct page *page;
	void *addr;
	int err;

	lockdep_assert_held_write(&inode->i_rwsem);

	addr = tmpfs_find_page(info, index);
	if (addr)
		return addr;
	err = tmpfs_grow_slots(info, index + 1);
	if (err)
		return ERR_PTR(err);
	if (!tmpfs_reserve(&sbi->used_pages, 1, READ_ONCE(sbi->max_pages)))
		return ERR_PTR(-ENOSPC);
	err = dquot_alloc_block(inode, 1);
	if (err) {
		tmpfs_unreserve(&sbi->used_pages, 1);
		return ERR_PTR(err);
	}
	page = alloc_page(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN);
	if (!page) {
		dquot_free_block(inode, 1);
		tmpfs_unreserve(&sbi->used_pages, 1);
		return ERR_PTR(-ENOMEM);
	}
	info->pages[index] = page;
	info->nr_pages++;
	inode->i_blocks = info->nr_pages << (PAGE_SHIFT - 9);
	return page_address(page);
}

/*
 * Free every page from index first on. Caller holds i_rwsem exclusive, or
 * is evicting the inode (no other user left).
 */
void tmpfs_free_pages(struct inode *inode, unsigned long first)
{
	struct tmpfs_inode_info *info = TMPFS_I(inode);
	long freed = 0;

	for (unsigned long i = first; i < info->nr_slots; i++) {
		if (info->pages[i]) {
			free_page(info->pages[i]);
			info->pages[i] = NULL;
			freed++;
		}
	}
	info->nr_pages -= freed;
	inode->i_blocks = info->nr_pages << (PAGE_SHIFT - 9);
	tmpfs_unreserve(&TMPFS_SB(inode->i_sb)->used_pages, freed);
	dquot_free_block(inode, freed);
}

/*
 * New size of a regular file, from oldsize (setattr has checked it and
 * may have stored it already). Bytes past i_size
 * in a kept page are always zero, so growing only moves i_size; shrinking
 * frees whole pages and zeroes the tail of the new last one. Caller holds
 * i_rwsem exclusive; takes invalidate_lock exclusive around the freeing, as
 * a truncate must (nothing fills pages under it yet, but page faults will).
 */
void tmpfs_setsize(struct inode *inode, loff_t oldsize, loff_t newsize)
{
	size_t tail = (size_t)(newsize & (PAGE_SIZE - 1));
	char *last;

	lockdep_assert_held_write(&inode->i_rwsem);

	i_size_write(inode, newsize);
	if (newsize < oldsize) {
		down_write(&inode->i_mapping->invalidate_lock);
		tmpfs_free_pages(inode, DIV_ROUND_UP((u64)newsize, PAGE_SIZE));
		last = tmpfs_find_page(TMPFS_I(inode), (u64)newsize >> PAGE_SHIFT);
		if (tail && last)
			memset(last + tail, 0, PAGE_SIZE - tail);
		up_write(&inode->i_mapping->invalidate_lock);
	}
	if (newsize != oldsize)
		inode->i_mtime = inode->i_ctime = current_time(inode);
}

/* ------------------------------------------------------ file operations */

/* Copy out of the file's pages; holes read as zeros. i_rwsem shared. */
static ssize_t tmpfs_read_locked(struct inode *inode, char *buf, size_t len, loff_t *ppos)
{
	loff_t pos = *ppos, size = i_size_read(inode);
	size_t done = 0;

	lockdep_assert_held(&inode->i_rwsem);

	if (pos < 0)
		return -EINVAL;
	if (pos >= size)
		return 0;
	len = MIN(len, (size_t)(size - pos));
	while (done < len) {
		size_t off = (size_t)(pos & (PAGE_SIZE - 1));
		size_t n = MIN(PAGE_SIZE - off, len - done);
		char *page = tmpfs_find_page(TMPFS_I(inode), (u64)pos >> PAGE_SHIFT);

		if (page)
			memcpy(buf + done, page + off, n);
		else
			memset(buf + done, 0, n);
		done += n;
		pos += n;
	}
	*ppos = pos;
	return (ssize_t)done;
}

/* ->read: no lock held by the VFS; takes the inode's i_rwsem shared, so
 * reads run in parallel but never see half a write. May sleep. */
static ssize_t tmpfs_read(struct file *file, char *buf, size_t len, loff_t *ppos)
{
	struct inode *inode = file_inode(file);
	ssize_t ret;

	might_sleep();
	inode_lock_shared(inode);
	ret = tmpfs_read_locked(inode, buf, len, ppos);
	inode_unlock_shared(inode);
	return ret;
}

/* Copy into the file's pages, allocating holes. i_rwsem exclusive. A
 * short count if memory or the mount's size runs out part way. */
static ssize_t tmpfs_write_locked(struct file *file, const char *buf, size_t len,
				  loff_t *ppos)
{
	struct inode *inode = file_inode(file);
	loff_t pos = *ppos;
	size_t done = 0;

	lockdep_assert_held_write(&inode->i_rwsem);

	if (READ_ONCE(file->f_flags) & O_APPEND)
		pos = i_size_read(inode);
	if (pos < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (pos >= inode->i_sb->s_maxbytes)
		return -EFBIG;
	len = MIN(len, (size_t)(inode->i_sb->s_maxbytes - pos));
	while (done < len) {
		size_t off = (size_t)(pos & (PAGE_SIZE - 1));
		size_t n = MIN(PAGE_SIZE - off, len - done);
		char *page = tmpfs_get_page(inode, (u64)pos >> PAGE_SHIFT);

		if (IS_ERR(page)) {
			if (done == 0)
				return PTR_ERR(page);
			break;
		}
		memcpy(page + off, buf + done, n);
		done += n;
		pos += n;
	}
	if (pos > i_size_read(inode))
		i_size_write(inode, pos);
	inode->i_mtime = inode->i_ctime = current_time(inode);
	*ppos = pos;
	return (ssize_t)done;
}

/* ->write: no lock held by the VFS; takes the inode's i_rwsem exclusive
 * (size, pages and times change together). May sleep. */
static ssize_t tmpfs_write(struct file *file, const char *buf, size_t len, loff_t *ppos)
{
	struct inode *inode = file_inode(file);
	ssize_t ret;

	might_sleep();
	inode_lock(inode);
	ret = tmpfs_write_locked(file, buf, len, ppos);
	inode_unlock(inode);
	return ret;
}

/* Allocate the pages of [offset, end). i_rwsem exclusive. Pages allocated
 * before a failure stay (beyond i_size they read as nothing). */
static long tmpfs_fallocate_locked(struct inode *inode, int mode, loff_t offset, loff_t end)
{
	for (u64 i = (u64)offset >> PAGE_SHIFT; i <= (u64)(end - 1) >> PAGE_SHIFT; i++) {
		void *page = tmpfs_get_page(inode, i);

		if (IS_ERR(page))
			return PTR_ERR(page);
	}
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > i_size_read(inode))
		i_size_write(inode, end);
	inode->i_ctime = current_time(inode);
	return 0;
}

/*
 * ->fallocate: no lock held by the VFS; takes i_rwsem exclusive. Mode 0
 * allocates and extends i_size, FALLOC_FL_KEEP_SIZE only allocates; other
 * modes -EOPNOTSUPP. -EINVAL, -EFBIG, -ENOSPC, -ENOMEM. May sleep.
 */
static long tmpfs_fallocate(struct file *file, int mode, loff_t offset, loff_t len)
{
	struct inode *inode = file_inode(file);
	long ret;

	might_sleep();
	if (mode & ~FALLOC_FL_KEEP_SIZE)
		return -EOPNOTSUPP;
	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (offset > inode->i_sb->s_maxbytes - len)
		return -EFBIG;
	inode_lock(inode);
	ret = tmpfs_fallocate_locked(inode, mode, offset, offset + len);
	inode_unlock(inode);
	return ret;
}

const struct file_operations tmpfs_file_operations = {
	.llseek = generic_file_llseek,
	.read = tmpfs_read,
	.write = tmpfs_write,
	.fsync = noop_fsync,
	.fallocate = tmpfs_fallocate,
};
