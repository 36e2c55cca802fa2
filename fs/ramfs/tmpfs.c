/*
 * tmpfs: files, directories, symlinks and device nodes that live only in
 * memory. The dcache is the directory tree (libfs helpers; each positive
 * dentry pins itself), a regular file's data is an array of pages, and
 * extended attributes sit in a struct simple_xattrs in the inode.
 *
 * Above: the VFS, which calls every operation here with the locks the rule
 * table names (each function asserts them). Below: the page and slab
 * allocators. Locks of its own: none; a file's pages are protected by its
 * i_rwsem (read shared, write/truncate/fallocate exclusive), the usage
 * counters of a superblock are atomic.
 */
#include "fs/ramfs/tmpfs.h"
#include "fs/libfs.h"
#include "fs/quota/dquot.h"
#include "fs/seq_file.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/super.h"
#include "fs/vfs/xattr.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sync/lockdep.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"


/* The page-pointer array is one kmalloc block (at most 4 MiB), which
 * bounds a file at 2^19 pages = 2 GiB. */
#define TMPFS_MAX_PAGES		(1UL << 19)
#define TMPFS_MAX_BYTES		((loff_t)TMPFS_MAX_PAGES << PAGE_SHIFT)
#define TMPFS_MIN_SLOTS		16
#define TMPFS_UNLIMITED		(~0UL >> 1)

struct tmpfs_sb_info {
	unsigned long max_pages;	/* s_umount (write) to change; read unlocked */
	unsigned long max_inodes;	/* s_umount (write) to change; read unlocked */
	long used_pages;		/* atomic */
	long used_inodes;		/* atomic */
};

struct tmpfs_inode_info {
	struct inode vfs_inode;
	/* The data of a regular file, under vfs_inode.i_rwsem. */
	struct page **pages;		/* page i of the file, or NULL: a hole */
	unsigned long nr_slots;		/* length of pages[] */
	unsigned long nr_pages;		/* non-NULL entries of pages[] */
	struct simple_xattrs xattrs;	/* its own lock; set under i_rwsem */
	bool dq_charged;		/* const after creation: counted by quota */
	char *symlink;			/* const: a symlink's target (= i_private) */
};

static struct kmem_cache *tmpfs_inode_cachep;	/* const after tmpfs_init() */

static const struct inode_operations tmpfs_dir_inode_operations;
static const struct inode_operations tmpfs_file_inode_operations;
static const struct inode_operations tmpfs_symlink_inode_operations;
static const struct inode_operations tmpfs_special_inode_operations;
static const struct file_operations tmpfs_file_operations;

static inline struct tmpfs_inode_info *TMPFS_I(struct inode *inode)
{
	return container_of(inode, struct tmpfs_inode_info, vfs_inode);
}

static inline struct tmpfs_sb_info *TMPFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* ------------------------------------------------------- usage limits */

/* Take n units of a counter bounded by max; false if that would pass it. */
static bool tmpfs_reserve(long *used, long n, unsigned long max)
{
	long now = __atomic_add_fetch(used, n, __ATOMIC_RELAXED);

	if ((unsigned long)now > max) {
		__atomic_sub_fetch(used, n, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

static void tmpfs_unreserve(long *used, long n)
{
	__atomic_sub_fetch(used, n, __ATOMIC_RELAXED);
}

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
static void tmpfs_free_pages(struct inode *inode, unsigned long first)
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
static void tmpfs_setsize(struct inode *inode, loff_t oldsize, loff_t newsize)
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

/* ---------------------------------------------------------- attributes */

/*
 * ->setattr: the inode's i_rwsem exclusive (VFS). simple_setattr() checks
 * and copies the attributes; a new size of a regular file also frees or
 * keeps pages. -EINVAL / -EFBIG for a bad size.
 */
static int tmpfs_setattr(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);
	bool resize = attr->ia_valid & ATTR_SIZE;
	loff_t oldsize = i_size_read(inode);
	int err;

	lockdep_assert_held_write(&inode->i_rwsem);

	if (resize && !S_ISREG(inode->i_mode))
		return -EINVAL;
	if (resize && (attr->ia_size < 0 || attr->ia_size > inode->i_sb->s_maxbytes))
		return attr->ia_size < 0 ? -EINVAL : -EFBIG;
	err = simple_setattr(dentry, attr);
	if (err)
		return err;
	if (resize)
		tmpfs_setsize(inode, oldsize, attr->ia_size);
	return 0;
}

/* ->listxattr: no lock (the store has its own). */
static ssize_t tmpfs_listxattr(struct dentry *dentry, char *list, size_t size)
{
	struct inode *inode = d_inode(dentry);

	return simple_xattr_list(inode, &TMPFS_I(inode)->xattrs, list, size);
}

/*
 * ->update_time: no i_rwsem (rule table), so the times are stored as they
 * are, like Linux's generic_update_time(): a racing reader may see an old
 * value, never a harmful one.
 */
static int tmpfs_update_time(struct inode *inode, struct timespec64 *time, int flags)
{
	if (flags & S_ATIME)
		inode->i_atime = *time;
	if (flags & S_MTIME)
		inode->i_mtime = *time;
	if (flags & S_CTIME)
		inode->i_ctime = *time;
	return 0;
}

/* ------------------------------------------------------------- xattrs */

/* xattr_handler->get: no lock; the store's spinlock inside. */
static int tmpfs_xattr_get(const struct xattr_handler *h, struct dentry *dentry,
			   struct inode *inode, const char *name, void *buffer, size_t size)
{
	return simple_xattr_get(&TMPFS_I(inode)->xattrs, xattr_full_name(h, name),
				buffer, size);
}

/*
 * xattr_handler->set (value NULL: remove): the inode's i_rwsem exclusive
 * (VFS). trusted.* will need CAP_SYS_ADMIN once processes have credentials;
 * until then everyone is allowed.
 */
static int tmpfs_xattr_set(const struct xattr_handler *h, struct dentry *dentry,
			   struct inode *inode, const char *name, const void *value,
			   size_t size, int flags)
{
	int err;

	lockdep_assert_held_write(&inode->i_rwsem);

	err = simple_xattr_set(&TMPFS_I(inode)->xattrs, xattr_full_name(h, name),
			       value, size, flags);
	if (!err)
		inode->i_ctime = current_time(inode);
	return err;
}

static const struct xattr_handler tmpfs_user_xattr_handler = {
	.prefix = XATTR_USER_PREFIX,
	.get = tmpfs_xattr_get,
	.set = tmpfs_xattr_set,
};

static const struct xattr_handler tmpfs_trusted_xattr_handler = {
	.prefix = XATTR_TRUSTED_PREFIX,
	.get = tmpfs_xattr_get,
	.set = tmpfs_xattr_set,
};

static const struct xattr_handler *const tmpfs_xattr_handlers[] = {
	&tmpfs_user_xattr_handler,
	&tmpfs_trusted_xattr_handler,
	NULL,
};

/* --------------------------------------------------------------- inodes */

/*
 * A new inode of sb for mode: the ops of its type, times now, owner from
 * dir (NULL for the root). Not yet reachable, so no lock. -ENOSPC when the
 * mount's inode count is used up, else -ENOMEM.
 */
static struct inode *tmpfs_get_inode(struct super_block *sb, const struct inode *dir,
				     umode_t mode, dev_t dev)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);
	struct inode *inode = new_inode(sb);
	int err;

	if (!inode)
		return ERR_PTR((unsigned long)READ_ONCE(sbi->used_inodes) >=
			       READ_ONCE(sbi->max_inodes) ? -ENOSPC : -ENOMEM);
	inode->i_ino = get_next_ino();
	if (dir) {
		inode_init_owner(inode, dir, mode);
	} else {
		inode->i_mode = mode;
		inode->i_uid = 0;
		inode->i_gid = 0;
	}
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
	switch (mode & S_IFMT) {
	case S_IFREG:
		inode->i_op = &tmpfs_file_inode_operations;
		inode->i_fop = &tmpfs_file_operations;
		break;
	case S_IFDIR:
		inode->i_op = &tmpfs_dir_inode_operations;
		inode->i_fop = &simple_dir_operations;
		inc_nlink(inode);		/* "." */
		break;
	case S_IFLNK:
		inode->i_op = &tmpfs_symlink_inode_operations;
		break;
	default:
		inode->i_op = &tmpfs_special_inode_operations;
		init_special_inode(inode, mode, dev);
		break;
	}
	err = dquot_alloc_inode(inode);
	if (err) {
		clear_nlink(inode);
		iput(inode);
		return ERR_PTR(err);
	}
	TMPFS_I(inode)->dq_charged = true;
	return inode;
}

/* Give the new inode its name. The extra dentry reference is the file's
 * existence: tmpfs has no other place that remembers it. */
static void tmpfs_instantiate(struct inode *dir, struct dentry *dentry, struct inode *inode)
{
	d_instantiate(dentry, inode);
	dget(dentry);
	dir->i_mtime = dir->i_ctime = current_time(dir);
}

/* ------------------------------------------------ directory operations */

/* ->mknod: dir's i_rwsem exclusive (VFS). */
static int tmpfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev)
{
	struct inode *inode;

	lockdep_assert_held_write(&dir->i_rwsem);

	inode = tmpfs_get_inode(dir->i_sb, dir, mode, dev);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	tmpfs_instantiate(dir, dentry, inode);
	return 0;
}

/* ->create: dir's i_rwsem exclusive (VFS). */
static int tmpfs_create(struct inode *dir, struct dentry *dentry, umode_t mode, bool excl)
{
	lockdep_assert_held_write(&dir->i_rwsem);

	return tmpfs_mknod(dir, dentry, (mode & ~S_IFMT) | S_IFREG, 0);
}

/* ->mkdir: dir's i_rwsem exclusive (VFS). The new ".." links dir. */
static int tmpfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);

	err = tmpfs_mknod(dir, dentry, (mode & ~S_IFMT) | S_IFDIR, 0);
	if (!err)
		inc_nlink(dir);
	return err;
}

/* ->symlink: dir's i_rwsem exclusive (VFS). -ENAMETOOLONG for a target
 * of a page or more. */
static int tmpfs_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	size_t len = strnlen(target, PAGE_SIZE);
	struct inode *inode;
	char *copy;

	lockdep_assert_held_write(&dir->i_rwsem);

	if (len >= PAGE_SIZE)
		return -ENAMETOOLONG;
	inode = tmpfs_get_inode(dir->i_sb, dir, S_IFLNK | S_IRWXUGO, 0);
	if (IS_ERR(inode))
		return PTR_ERR(inode);
	copy = kmalloc(len + 1, GFP_KERNEL);
	if (!copy) {
		iput(inode);
		return -ENOMEM;
	}
	memcpy(copy, target, len + 1);
	TMPFS_I(inode)->symlink = copy;
	inode->i_private = copy;
	i_size_write(inode, (loff_t)len);
	tmpfs_instantiate(dir, dentry, inode);
	return 0;
}

static const struct inode_operations tmpfs_dir_inode_operations = {
	.lookup = simple_lookup,
	.create = tmpfs_create,
	.link = simple_link,
	.unlink = simple_unlink,
	.symlink = tmpfs_symlink,
	.mkdir = tmpfs_mkdir,
	.rmdir = simple_rmdir,
	.mknod = tmpfs_mknod,
	.rename = simple_rename,
	.setattr = tmpfs_setattr,
	.getattr = simple_getattr,
	.listxattr = tmpfs_listxattr,
	.update_time = tmpfs_update_time,
};

static const struct inode_operations tmpfs_file_inode_operations = {
	.setattr = tmpfs_setattr,
	.getattr = simple_getattr,
	.listxattr = tmpfs_listxattr,
	.update_time = tmpfs_update_time,
};

static const struct inode_operations tmpfs_symlink_inode_operations = {
	.get_link = simple_get_link,
	.getattr = simple_getattr,
	.listxattr = tmpfs_listxattr,
};

static const struct inode_operations tmpfs_special_inode_operations = {
	.setattr = tmpfs_setattr,
	.getattr = simple_getattr,
	.listxattr = tmpfs_listxattr,
};

static const struct file_operations tmpfs_file_operations = {
	.llseek = generic_file_llseek,
	.read = tmpfs_read,
	.write = tmpfs_write,
	.fsync = noop_fsync,
	.fallocate = tmpfs_fallocate,
};

/* ------------------------------------------------------ super operations */

/* ->alloc_inode: counts against the mount's nr_inodes; NULL past it or
 * without memory. The VFS initialises vfs_inode. */
static struct inode *tmpfs_alloc_inode(struct super_block *sb)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);
	struct tmpfs_inode_info *info;

	if (!tmpfs_reserve(&sbi->used_inodes, 1, READ_ONCE(sbi->max_inodes)))
		return NULL;
	info = kmem_cache_zalloc(tmpfs_inode_cachep, GFP_KERNEL);
	if (!info) {
		tmpfs_unreserve(&sbi->used_inodes, 1);
		return NULL;
	}
	simple_xattrs_init(&info->xattrs);
	return &info->vfs_inode;
}

/* ->evict_inode: the last reference is gone; free the data, attributes
 * and symlink target. */
static void tmpfs_evict_inode(struct inode *inode)
{
	struct tmpfs_inode_info *info = TMPFS_I(inode);

	might_sleep();
	tmpfs_free_pages(inode, 0);
	if (info->dq_charged)
		dquot_free_inode(inode);
	kfree(info->pages);
	info->pages = NULL;
	info->nr_slots = 0;
	simple_xattrs_free(&info->xattrs);
	kfree(info->symlink);
	info->symlink = NULL;
	inode->i_private = NULL;
}

/* ->destroy_inode: gives back the inode count (at once, so statfs sees it). */
static void tmpfs_destroy_inode(struct inode *inode)
{
	tmpfs_unreserve(&TMPFS_SB(inode->i_sb)->used_inodes, 1);
}

/* ->free_inode: from an RCU callback, a grace period after eviction, so an
 * RCU-walk that still looks at the inode is done. Does not sleep. */
static void tmpfs_free_inode(struct inode *inode)
{
	kmem_cache_free(tmpfs_inode_cachep, TMPFS_I(inode));
}

/* ->statfs: maybe s_umount (read); takes nothing. */
static int tmpfs_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(dentry->d_sb);
	unsigned long max_pages = READ_ONCE(sbi->max_pages);
	unsigned long max_inodes = READ_ONCE(sbi->max_inodes);
	unsigned long pages = (unsigned long)MAX(READ_ONCE(sbi->used_pages), 0L);
	unsigned long inodes = (unsigned long)MAX(READ_ONCE(sbi->used_inodes), 0L);

	simple_statfs(dentry, buf);
	buf->f_blocks = max_pages;
	buf->f_bfree = buf->f_bavail = max_pages > pages ? max_pages - pages : 0;
	buf->f_files = max_inodes;
	buf->f_ffree = max_inodes > inodes ? max_inodes - inodes : 0;
	return 0;
}

/* ->put_super: s_umount (write). Every inode has been evicted by now, so
 * anything still counted was leaked. */
static void tmpfs_put_super(struct super_block *sb)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);

	lockdep_assert_held_write(&sb->s_umount);
	dquot_disable(sb);
	if (!sbi)
		return;
	if (READ_ONCE(sbi->used_pages) || READ_ONCE(sbi->used_inodes))
		pr_warn("tmpfs: %s: %ld pages and %ld inodes still in use at umount\n",
			sb->s_id, READ_ONCE(sbi->used_pages), READ_ONCE(sbi->used_inodes));
}

/* ->show_options, for /proc/mounts: namespace_sem held (shared), no
 * s_umount; the limits are read without a lock (each is one word). */
static int tmpfs_show_options(struct seq_file *m, struct dentry *root)
{
	struct super_block *sb = root->d_sb;
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);
	unsigned long pages = READ_ONCE(sbi->max_pages), inodes = READ_ONCE(sbi->max_inodes);

	if (pages != TMPFS_UNLIMITED)
		seq_printf(m, ",size=%luk", pages << (PAGE_SHIFT - 10));
	if (inodes != TMPFS_UNLIMITED)
		seq_printf(m, ",nr_inodes=%lu", inodes);
	seq_printf(m, ",mode=%o", d_inode(root)->i_mode & S_IALLUGO);
	if (sb->s_dquot) {
		if (sb->s_dquot->default_bhardlimit)
			seq_printf(m, ",usrquota_block_hardlimit=%luk",
				   (unsigned long)sb->s_dquot->default_bhardlimit << (PAGE_SHIFT - 10));
		if (sb->s_dquot->default_ihardlimit)
			seq_printf(m, ",usrquota_inode_hardlimit=%lu",
				   (unsigned long)sb->s_dquot->default_ihardlimit);
	}
	return 0;
}

/* ->sync_fs: s_umount, read (sync) or write (umount, freeze). Memory is
 * the backing store: nothing to do. */
static int tmpfs_sync_fs(struct super_block *sb, int wait)
{
	lockdep_assert_held(&sb->s_umount);
	return 0;
}

/* ->freeze_fs / ->unfreeze_fs: s_umount (write). The VFS blocks the
 * writers; tmpfs has nothing to flush or restart. */
static int tmpfs_freeze_fs(struct super_block *sb)
{
	lockdep_assert_held_write(&sb->s_umount);
	return 0;
}

static int tmpfs_unfreeze_fs(struct super_block *sb)
{
	lockdep_assert_held_write(&sb->s_umount);
	return 0;
}

/* ->umount_begin (umount2 MNT_FORCE): no lock. Nothing waits on I/O in
 * tmpfs; say that it was called. */
static void tmpfs_umount_begin(struct super_block *sb)
{
	pr_info("tmpfs: umount_begin on %s\n", sb->s_id);
}

/* ------------------------------------------------------- mount options */

struct tmpfs_options {
	unsigned long max_pages;
	unsigned long max_inodes;
	umode_t mode;			/* of the root directory */
	unsigned long quota_pages;	/* per-user page limit; 0 = no quota */
	unsigned long quota_inodes;	/* per-user inode limit; 0 = no quota */
};

/* "<n>[kmg]" of length len into bytes; -EINVAL if malformed. */
static int tmpfs_parse_size(const char *s, size_t len, unsigned long *bytes)
{
	const char *end;
	unsigned long v = simple_strtoul(s, &end, 0);
	unsigned shift = 0;

	if (end == s)
		return -EINVAL;
	if (end < s + len) {
		switch (*end++) {
		case 'k': case 'K': shift = 10; break;
		case 'm': case 'M': shift = 20; break;
		case 'g': case 'G': shift = 30; break;
		default: return -EINVAL;
		}
	}
	if (end != s + len || v > (~0UL >> shift))
		return -EINVAL;
	*bytes = v << shift;
	return 0;
}

/* One "key=value" of length len. 0 means unlimited, as in Linux. */
static int tmpfs_parse_one(const char *opt, size_t len, struct tmpfs_options *o)
{
	unsigned long v;
	const char *end;

	if (len > 5 && strncmp(opt, "size=", 5) == 0) {
		if (tmpfs_parse_size(opt + 5, len - 5, &v))
			return -EINVAL;
		o->max_pages = v ? DIV_ROUND_UP(v, PAGE_SIZE) : TMPFS_UNLIMITED;
	} else if (len > 10 && strncmp(opt, "nr_inodes=", 10) == 0) {
		if (tmpfs_parse_size(opt + 10, len - 10, &v))
			return -EINVAL;
		o->max_inodes = v ? v : TMPFS_UNLIMITED;
	} else if (len > 25 && strncmp(opt, "usrquota_block_hardlimit=", 25) == 0) {
		if (tmpfs_parse_size(opt + 25, len - 25, &v) || !v)
			return -EINVAL;
		o->quota_pages = DIV_ROUND_UP(v, PAGE_SIZE);
	} else if (len > 25 && strncmp(opt, "usrquota_inode_hardlimit=", 25) == 0) {
		if (tmpfs_parse_size(opt + 25, len - 25, &v) || !v)
			return -EINVAL;
		o->quota_inodes = v;
	} else if (len > 5 && strncmp(opt, "mode=", 5) == 0) {
		v = simple_strtoul(opt + 5, &end, 8);
		if (end != opt + len || v > S_IALLUGO)
			return -EINVAL;
		o->mode = (umode_t)v;
	} else {
		char shown[32];

		strlcpy(shown, opt, MIN(len + 1, sizeof(shown)));
		pr_warn("tmpfs: unknown mount option \"%s\"\n", shown);
		return -EINVAL;
	}
	return 0;
}

/* Comma-separated options (data may be NULL); data is not modified. */
static int tmpfs_parse_options(const char *data, struct tmpfs_options *o)
{
	while (data && *data) {
		const char *comma = strchr(data, ',');
		size_t len = comma ? (size_t)(comma - data) : strlen(data);
		int err = len ? tmpfs_parse_one(data, len, o) : 0;

		if (err)
			return err;
		data = comma ? comma + 1 : NULL;
	}
	return 0;
}

/*
 * ->remount_fs: s_umount (write). "ro"/"rw" are in *flags and the VFS
 * applies them; size= and nr_inodes= may change, but not below what is in
 * use (-EINVAL).
 */
static int tmpfs_remount_fs(struct super_block *sb, int *flags, char *data)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);
	struct tmpfs_options o = { sbi->max_pages, sbi->max_inodes, 0 };
	int err;

	lockdep_assert_held_write(&sb->s_umount);

	err = tmpfs_parse_options(data, &o);
	if (err)
		return err;
	if (o.max_pages < (unsigned long)READ_ONCE(sbi->used_pages) ||
	    o.max_inodes < (unsigned long)READ_ONCE(sbi->used_inodes))
		return -EINVAL;
	if (o.quota_pages || o.quota_inodes)
		return -EINVAL;		/* quota limits are fixed at mount */
	WRITE_ONCE(sbi->max_pages, o.max_pages);
	WRITE_ONCE(sbi->max_inodes, o.max_inodes);
	return 0;
}

static const struct super_operations tmpfs_super_operations = {
	.alloc_inode = tmpfs_alloc_inode,
	.destroy_inode = tmpfs_destroy_inode,
	.free_inode = tmpfs_free_inode,
	.drop_inode = generic_delete_inode,
	.evict_inode = tmpfs_evict_inode,
	.put_super = tmpfs_put_super,
	.show_options = tmpfs_show_options,
	.sync_fs = tmpfs_sync_fs,
	.freeze_fs = tmpfs_freeze_fs,
	.unfreeze_fs = tmpfs_unfreeze_fs,
	.statfs = tmpfs_statfs,
	.remount_fs = tmpfs_remount_fs,
	.umount_begin = tmpfs_umount_begin,
};

/* ------------------------------------------------------------ mounting */

/*
 * fill_super for mount_nodev(): s_umount (write), the superblock not yet
 * visible. Defaults: half of RAM in pages and as many inodes, root mode
 * 1777. s_fs_info is freed by tmpfs_kill_sb() whether or not this works.
 */
static int tmpfs_fill_super(struct super_block *sb, void *data, int silent)
{
	unsigned long half = totalram_pages() / 2;
	struct tmpfs_options o = { half, half, S_ISVTX | S_IRWXUGO };
	struct tmpfs_sb_info *sbi;
	struct inode *root;
	int err;

	lockdep_assert_held_write(&sb->s_umount);

	err = tmpfs_parse_options(data, &o);
	if (err)
		return err;
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi)
		return -ENOMEM;
	sbi->max_pages = o.max_pages;
	sbi->max_inodes = o.max_inodes;
	sb->s_fs_info = sbi;
	sb->s_maxbytes = TMPFS_MAX_BYTES;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_magic = TMPFS_MAGIC;
	sb->s_op = &tmpfs_super_operations;
	sb->s_xattr = tmpfs_xattr_handlers;
	sb->s_d_op = &simple_dentry_operations;
	if (o.quota_pages || o.quota_inodes) {
		err = dquot_enable(sb, &dquot_default_ops, o.quota_pages, o.quota_inodes);
		if (err)
			return err;
	}

	root = tmpfs_get_inode(sb, NULL, S_IFDIR | o.mode, 0);
	if (IS_ERR(root))
		return PTR_ERR(root);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

/* ->mount: no lock held; returns the root with s_umount held (write). */
static struct dentry *tmpfs_mount(struct file_system_type *type, int flags,
				  const char *dev_name, void *data)
{
	might_sleep();
	return mount_nodev(type, flags, data, tmpfs_fill_super);
}

/* ->kill_sb: s_umount (write). kill_litter_super() drops the pinning
 * references of every name, evicts, unlocks and drops the superblock. */
static void tmpfs_kill_sb(struct super_block *sb)
{
	struct tmpfs_sb_info *sbi = TMPFS_SB(sb);

	lockdep_assert_held_write(&sb->s_umount);
	kill_litter_super(sb);
	kfree(sbi);
}

static struct file_system_type tmpfs_fs_type = {
	.name = "tmpfs",
	.mount = tmpfs_mount,
	.kill_sb = tmpfs_kill_sb,
};

static struct file_system_type ramfs_fs_type = {
	.name = "ramfs",
	.mount = tmpfs_mount,
	.kill_sb = tmpfs_kill_sb,
};

void tmpfs_init(void)
{
	tmpfs_inode_cachep = kmem_cache_create("tmpfs_inode_cache",
					       sizeof(struct tmpfs_inode_info), 0, NULL);
	if (!tmpfs_inode_cachep)
		panic("tmpfs: cannot create the inode cache");
	if (register_filesystem(&tmpfs_fs_type) || register_filesystem(&ramfs_fs_type))
		panic("tmpfs: cannot register the filesystem types");
}
