/*
 * tmpfs: files, directories, symlinks and device nodes that live only in
 * memory. The dcache is the directory tree (libfs helpers; each positive
 * dentry pins itself), a regular file's data is its page cache
 * (fs/ramfs/file.c), and extended attributes sit in a struct simple_xattrs
 * in the inode. What the two files share is in fs/ramfs/internal.h.
 *
 * Above: the VFS, which calls every operation here with the locks the rule
 * table names (each function asserts them). Below: the page cache, the
 * page and slab allocators. Locks of its own: none; a file's data changes
 * under its i_rwsem (read shared, write/truncate/fallocate exclusive) and
 * the page cache's locks (fs/ramfs/file.c), the usage counters of a
 * superblock are atomic.
 */
#include "fs/ramfs/tmpfs.h"
#include "fs/ramfs/internal.h"
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


static struct kmem_cache *tmpfs_inode_cachep;	/* const after tmpfs_init() */

static const struct inode_operations tmpfs_dir_inode_operations;
static const struct inode_operations tmpfs_file_inode_operations;
static const struct inode_operations tmpfs_symlink_inode_operations;
static const struct inode_operations tmpfs_special_inode_operations;

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
		inode->i_mapping->a_ops = &tmpfs_aops;
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
	.getattr = tmpfs_getattr,
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
	tmpfs_evict_data(inode);
	if (info->dq_charged)
		dquot_free_inode(inode);
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
