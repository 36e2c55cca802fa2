/*
 * Open files: open, read, write, seek, readdir, attributes, truncate,
 * fsync, close.
 *
 * A struct file pins its path (mount and dentry) and so its inode. f_count
 * is atomic; the last fput() calls ->release and drops the path. Shared
 * files serialise their position through f_pos_lock (kernel_read/write).
 * Writes enter the superblock's write section (sb_start_write), so a
 * frozen filesystem blocks them.
 */
#include "fs/vfs/file.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/locks.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "fs/vfs/ops.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/user/cred.h"
#include "fs/vfs/fs_struct.h"
#include "mm/slab.h"
#include "kernel/lib/uio.h"
#include "fs/vfs/fiemap.h"
#include "fs/vfs/aops.h"
#include "kernel/user/uaccess.h"

static struct lock_class_key f_lock_key, f_pos_lock_key;

static unsigned open_fmode(int flags)
{
	unsigned acc = flags & O_ACCMODE;

	return FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE |
	       (acc == O_RDONLY || acc == O_RDWR ? FMODE_READ : 0) |
	       (acc == O_WRONLY || acc == O_RDWR ? FMODE_WRITE : 0);
}

static struct file *alloc_file(const struct path *path, int flags, unsigned fmode)
{
	struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	f->f_path = *path;
	path_get(path);
	f->f_inode = d_inode(path->dentry);
	f->f_mapping = f->f_inode->i_mapping;	/* ->open may point it elsewhere (block devices) */
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	f->f_mode = fmode;
	f->f_count = 1;
	f->f_uid = current_cred()->fsuid;
	f->f_gid = current_cred()->fsgid;
	__spin_lock_init(&f->f_lock, "&f->f_lock", &f_lock_key, __FILE__, __LINE__);
	__mutex_init(&f->f_pos_lock, "&f->f_pos_lock", &f_pos_lock_key, __FILE__, __LINE__);
	return f;
}

struct file *dentry_open(const struct path *path, int flags)
{
	struct inode *inode = d_inode(path->dentry);
	unsigned fmode = open_fmode(flags);
	struct file *f;
	int err;

	might_sleep();
	if (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode))
		fmode |= FMODE_ATOMIC_POS;	/* shared offsets stay consistent */
	if (S_ISFIFO(inode->i_mode) || S_ISSOCK(inode->i_mode))	/* streams: -ESPIPE */
		fmode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	f = alloc_file(path, flags, fmode);
	if (!f)
		return ERR_PTR(-ENOMEM);
	f->f_op = inode->i_fop;
	f->f_flags |= flags & O_NOCTTY;	/* ->open sees it, as in Linux (a tty's) */
	if (f->f_op && f->f_op->open) {
		err = call_open(inode, f);
		if (err) {
			path_put(&f->f_path);
			kfree(f);
			return ERR_PTR(err);
		}
	}
	f->f_flags &= ~O_NOCTTY;
	return f;
}

/* O_PATH: a file that names the path and nothing more. No ->open, no
 * file operations; only the descriptor calls and *at() starting points
 * accept it. */
static struct file *path_open(const struct path *path, int flags)
{
	struct file *f = alloc_file(path, flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW), FMODE_PATH);

	return f ? f : ERR_PTR(-ENOMEM);
}

int nonseekable_open(struct inode *inode, struct file *f)
{
	f->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE | FMODE_ATOMIC_POS);
	return 0;
}

struct file *get_file(struct file *f)
{
	__atomic_fetch_add(&f->f_count, 1, __ATOMIC_SEQ_CST);
	return f;
}

/* Drops a reference; the last one releases the file. May sleep. */
void fput(struct file *f)
{
	if (!f || __atomic_sub_fetch(&f->f_count, 1, __ATOMIC_SEQ_CST) > 0)
		return;
	might_sleep();
	locks_remove_file(f);
	if (f->f_op && f->f_op->release)
		call_release(f->f_inode, f);
	path_put(&f->f_path);
	kfree(f);
}

static unsigned open_lookup_flags(int flags)
{
	return ((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
	       ((flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0);
}

/*
 * O_CREAT: find the last component under its locked parent and create it
 * as a regular file if it is missing (*created then says so). An existing
 * one is -EEXIST with O_EXCL; a symlink there is followed (unless
 * O_NOFOLLOW) by walking the whole name again. mode already lacks the
 * umask.
 */
static int open_create(int dfd, const char *name, int flags, umode_t mode,
		       struct path *out, bool *created)
{
	struct path parent;
	struct dentry *d;
	int err = kern_path_create(dfd, name, &parent, &d);

	if (err)
		return err;
	if (!d_inode(d)) {
		err = vfs_create(d_inode(parent.dentry), d, mode, flags & O_EXCL);
		*created = !err;
	} else if (flags & O_EXCL) {
		err = -EEXIST;
	} else if (S_ISLNK(d_inode(d)->i_mode) && !(flags & O_NOFOLLOW)) {
		done_path_create(&parent, d);
		return kern_path_at(dfd, name, open_lookup_flags(flags), out);
	}
	if (!err) {
		out->mnt = mntget(parent.mnt);
		out->dentry = dget(d);
	}
	done_path_create(&parent, d);
	if (!err)
		follow_down(out);	/* something may be mounted on it */
	return err;
}

/* The checks of open on an existing file (a file this open created is
 * not checked: open("f", O_CREAT|O_WRONLY, 0444) succeeds, as in Linux). */
static int may_open(const struct path *path, int flags)
{
	struct inode *inode = d_inode(path->dentry);
	unsigned fmode = open_fmode(flags);
	int mask = (fmode & FMODE_READ ? MAY_READ : 0) | (fmode & FMODE_WRITE ? MAY_WRITE : 0);

	if (flags & O_TRUNC)
		mask |= MAY_WRITE;
	if (S_ISLNK(inode->i_mode))
		return -ELOOP;
	if ((flags & O_DIRECTORY) && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (S_ISDIR(inode->i_mode) && ((mask & MAY_WRITE) || (flags & O_CREAT)))
		return -EISDIR;
	if ((mask & MAY_WRITE) && S_ISREG(inode->i_mode) && mnt_is_readonly(path->mnt))
		return -EROFS;
	return inode_permission(inode, mask);
}

/* Open an existing (or just created) file: checks, leases, O_TRUNC. */
static struct file *open_path(const struct path *path, int flags, bool created)
{
	struct inode *inode = d_inode(path->dentry);
	int err = created ? 0 : may_open(path, flags);

	if (!err)
		err = break_lease(inode, flags);
	if (!err && (flags & O_TRUNC) && !created && S_ISREG(inode->i_mode))
		err = do_truncate(path->dentry, 0);
	return err ? ERR_PTR(err) : dentry_open(path, flags);
}

/* O_TMPFILE: name must be a directory; no filesystem here has ->tmpfile
 * yet (and the VFS has no checked call for it), so that is as far as it
 * goes: -EOPNOTSUPP. */
static struct file *tmpfile_open(int dfd, const char *name, int flags)
{
	struct path dir;
	int err;

	if ((flags & O_TMPFILE) != O_TMPFILE || !(open_fmode(flags) & FMODE_WRITE))
		return ERR_PTR(-EINVAL);
	err = kern_path_at(dfd, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &dir);
	if (err)
		return ERR_PTR(err);
	path_put(&dir);
	return ERR_PTR(-EOPNOTSUPP);
}

struct file *do_filp_open(int dfd, const char *name, int flags, umode_t mode)
{
	struct path path;
	struct file *f;
	bool created = false;
	int err;

	might_sleep();
	if (flags & __O_TMPFILE)
		return tmpfile_open(dfd, name, flags);
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY))
		return ERR_PTR(-EINVAL);
	if (flags & O_CREAT)
		err = open_create(dfd, name, flags, (mode & S_IALLUGO) & ~current_umask(),
				  &path, &created);
	else
		err = kern_path_at(dfd, name, open_lookup_flags(flags), &path);
	if (err)
		return ERR_PTR(err);
	f = (flags & O_PATH) ? path_open(&path, flags) : open_path(&path, flags, created);
	path_put(&path);
	return f;
}

struct file *filp_open(const char *name, int flags, umode_t mode)
{
	return do_filp_open(AT_FDCWD, name, flags, mode);
}

static int iocb_flags(const struct file *f)
{
	return ((f->f_flags & O_APPEND) ? IOCB_APPEND : 0) |
	       ((f->f_flags & O_DIRECT) ? IOCB_DIRECT : 0) |
	       ((f->f_flags & (O_DSYNC | __O_SYNC)) ? IOCB_SYNC : 0);
}

/* ->read_iter on a kernel buffer (the file has no ->read). */
static ssize_t read_through_iter(struct file *f, char *buf, size_t count, loff_t *pos)
{
	struct kiocb iocb = { .ki_filp = f, .ki_pos = *pos, .ki_flags = iocb_flags(f) };
	struct kvec kv = { .iov_base = buf, .iov_len = count };
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, count);
	ret = call_read_iter(f, &iocb, &iter);
	if (ret > 0)
		*pos = iocb.ki_pos;
	return ret;
}

/* ->write_iter from a kernel buffer (the file has no ->write). */
static ssize_t write_through_iter(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	struct kiocb iocb = { .ki_filp = f, .ki_pos = *pos, .ki_flags = iocb_flags(f) };
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = count };
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, count);
	ret = call_write_iter(f, &iocb, &iter);
	if (ret > 0)
		*pos = iocb.ki_pos;
	return ret;
}

ssize_t vfs_read(struct file *f, char *buf, size_t count, loff_t *pos)
{
	might_sleep();
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (S_ISDIR(file_inode(f)->i_mode))
		return -EISDIR;
	if (!f->f_op || (!f->f_op->read && !f->f_op->read_iter))
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	if (!f->f_op->read)
		return read_through_iter(f, buf, count, pos);
	return call_read(f, buf, count, pos);
}

/* A write changed the file: mtime and ctime become now, through
 * ->update_time when the filesystem has one. No lock held (the rule). */
static void file_update_time(struct file *f)
{
	struct inode *inode = file_inode(f);
	struct timespec64 now = current_time(inode);

	if (inode->i_op->update_time) {
		call_update_time(inode, &now, S_MTIME | S_CTIME);
	} else {
		inode->i_mtime = inode->i_ctime = now;
		mark_inode_dirty_sync(inode);
	}
}

ssize_t vfs_write(struct file *f, const char *buf, size_t count, loff_t *pos)
{
	struct super_block *sb = file_inode(f)->i_sb;
	ssize_t ret;

	might_sleep();
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || (!f->f_op->write && !f->f_op->write_iter))
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	sb_start_write(sb);
	if (f->f_flags & O_APPEND)
		*pos = i_size_read(file_inode(f));
	if (f->f_op->write)
		ret = call_write(f, buf, count, pos);
	else
		ret = write_through_iter(f, buf, count, pos);
	if (ret > 0)
		file_update_time(f);
	sb_end_write(sb);
	return ret;
}

ssize_t vfs_iter_read(struct file *f, struct iov_iter *iter, loff_t *pos)
{
	struct kiocb iocb = { .ki_filp = f, .ki_pos = *pos, .ki_flags = iocb_flags(f) };
	ssize_t ret;

	might_sleep();
	if (!(f->f_mode & FMODE_READ))
		return -EBADF;
	if (!f->f_op || !f->f_op->read_iter)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	ret = call_read_iter(f, &iocb, iter);
	if (ret > 0)
		*pos = iocb.ki_pos;
	return ret;
}

ssize_t vfs_iter_write(struct file *f, struct iov_iter *iter, loff_t *pos)
{
	struct kiocb iocb = { .ki_filp = f, .ki_pos = *pos, .ki_flags = iocb_flags(f) };
	struct super_block *sb = file_inode(f)->i_sb;
	ssize_t ret;

	might_sleep();
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->write_iter)
		return -EINVAL;
	if (*pos < 0)
		return -EINVAL;
	sb_start_write(sb);
	if (f->f_flags & O_APPEND)
		iocb.ki_pos = *pos = i_size_read(file_inode(f));
	ret = call_write_iter(f, &iocb, iter);
	if (ret > 0) {
		*pos = iocb.ki_pos;
		file_update_time(f);
	}
	sb_end_write(sb);
	return ret;
}

ssize_t kernel_read(struct file *f, void *buf, size_t count)
{
	ssize_t ret;

	mutex_lock(&f->f_pos_lock);
	ret = vfs_read(f, buf, count, &f->f_pos);
	mutex_unlock(&f->f_pos_lock);
	return ret;
}

ssize_t kernel_write(struct file *f, const void *buf, size_t count)
{
	ssize_t ret;

	mutex_lock(&f->f_pos_lock);
	ret = vfs_write(f, buf, count, &f->f_pos);
	mutex_unlock(&f->f_pos_lock);
	return ret;
}

loff_t generic_file_llseek(struct file *f, loff_t offset, int whence)
{
	loff_t size = i_size_read(file_inode(f)), pos;

	switch (whence) {
	case SEEK_SET: pos = offset; break;
	case SEEK_CUR: pos = f->f_pos + offset; break;
	case SEEK_END: pos = size + offset; break;
	case SEEK_DATA:			/* all data: the offset itself, if inside */
	case SEEK_HOLE:			/* the only hole: at the end */
		if (offset < 0 || offset >= size)
			return -ENXIO;
		pos = whence == SEEK_DATA ? offset : size;
		break;
	default: return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	f->f_pos = pos;
	return pos;
}

/* The caller holds no lock; ->llseek does its own locking (seed's note). */
loff_t vfs_llseek(struct file *f, loff_t offset, int whence)
{
	loff_t ret;

	if (!(f->f_mode & FMODE_LSEEK))
		return -ESPIPE;
	mutex_lock(&f->f_pos_lock);
	if (f->f_op && f->f_op->llseek)
		ret = call_llseek(f, offset, whence);
	else
		ret = generic_file_llseek(f, offset, whence);
	mutex_unlock(&f->f_pos_lock);
	return ret;
}

int iterate_dir(struct file *f, struct dir_context *ctx)
{
	struct inode *inode = file_inode(f);
	int ret;

	might_sleep();
	if (!f->f_op || (!f->f_op->iterate_shared && !f->f_op->iterate))
		return -ENOTDIR;
	if (f->f_op->iterate_shared) {
		inode_lock_shared(inode);
		ret = inode->i_nlink ? call_iterate_shared(f, ctx) : -ENOENT;
		inode_unlock_shared(inode);
	} else {
		inode_lock(inode);
		ret = inode->i_nlink ? call_iterate(f, ctx) : -ENOENT;
		inode_unlock(inode);
	}
	return ret;
}

void generic_fillattr(struct inode *inode, struct kstat *st)
{
	st->ino = inode->i_ino;
	st->dev = inode->i_sb->s_dev;
	st->mode = inode->i_mode;
	st->nlink = inode->i_nlink;
	st->uid = inode->i_uid;
	st->gid = inode->i_gid;
	st->rdev = inode->i_rdev;
	st->size = i_size_read(inode);
	st->atime = inode->i_atime;
	st->mtime = inode->i_mtime;
	st->ctime = inode->i_ctime;
	st->blksize = inode->i_sb->s_blocksize;
	st->blocks = inode->i_blocks;
}

int vfs_getattr(const struct path *path, struct kstat *st)
{
	struct inode *inode = d_inode(path->dentry);

	memset(st, 0, sizeof(*st));
	if (inode->i_op->getattr)
		return call_getattr(path, st);
	generic_fillattr(inode, st);
	return 0;
}

int vfs_stat(const char *name, struct kstat *st)
{
	struct path path;
	int err = kern_path(name, LOOKUP_FOLLOW, &path);

	if (err)
		return err;
	err = vfs_getattr(&path, st);
	path_put(&path);
	return err;
}

int simple_setattr(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);

	lockdep_assert_held_write(&inode->i_rwsem);
	if (attr->ia_valid & ATTR_SIZE)
		i_size_write(inode, attr->ia_size);
	if (attr->ia_valid & ATTR_MODE)
		inode->i_mode = (inode->i_mode & S_IFMT) | (attr->ia_mode & S_IALLUGO);
	if (attr->ia_valid & ATTR_UID)
		inode->i_uid = attr->ia_uid;
	if (attr->ia_valid & ATTR_GID)
		inode->i_gid = attr->ia_gid;
	if (attr->ia_valid & ATTR_ATIME)
		inode->i_atime = attr->ia_atime;
	if (attr->ia_valid & ATTR_MTIME)
		inode->i_mtime = attr->ia_mtime;
	if (attr->ia_valid & ATTR_CTIME)
		inode->i_ctime = attr->ia_ctime;
	return 0;
}

/* Caller holds the inode's i_rwsem exclusive (the setattr rule). */
int notify_change(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);

	lockdep_assert_held_write(&inode->i_rwsem);
	if ((attr->ia_valid & ATTR_SIZE) && attr->ia_size < 0)
		return -EINVAL;
	if ((attr->ia_valid & ATTR_SIZE) && attr->ia_size > inode->i_sb->s_maxbytes)
		return -EFBIG;
	attr->ia_ctime = current_time(inode);
	attr->ia_valid |= ATTR_CTIME;
	if (inode->i_op->setattr)
		return call_setattr(dentry, attr);
	return simple_setattr(dentry, attr);
}

int do_truncate(struct dentry *dentry, loff_t length)
{
	struct inode *inode = d_inode(dentry);
	struct iattr attr = { .ia_valid = ATTR_SIZE | ATTR_MTIME, .ia_size = length };
	int err;

	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(inode->i_mode))
		return -EISDIR;
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	err = break_lease(inode, O_WRONLY);
	if (err)
		return err;
	sb_start_write(inode->i_sb);
	inode_lock(inode);
	attr.ia_mtime = current_time(inode);
	err = notify_change(dentry, &attr);
	inode_unlock(inode);
	sb_end_write(inode->i_sb);
	return err;
}

int vfs_fsync(struct file *f, int datasync)
{
	might_sleep();
	if (!f->f_op || !f->f_op->fsync)
		return -EINVAL;
	return call_fsync(f, 0, ~0ULL >> 1, datasync);
}

long vfs_fallocate(struct file *f, int mode, loff_t offset, loff_t len)
{
	struct super_block *sb = file_inode(f)->i_sb;
	long ret;

	if (offset < 0 || len <= 0)
		return -EINVAL;
	if (!(f->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!f->f_op || !f->f_op->fallocate)
		return -EOPNOTSUPP;
	sb_start_write(sb);
	ret = call_fallocate(f, mode, offset, len);
	sb_end_write(sb);
	return ret;
}

/* FIBMAP: the device block of file block *p (0: a hole), through
 * ->bmap; root only, as Linux (CAP_SYS_RAWIO). */
static long ioctl_fibmap(struct file *f, int *p)
{
	struct address_space *mapping = f->f_mapping;
	sector_t res;
	int block;

	if (!capable_root())
		return -EPERM;
	if (!mapping->a_ops || !mapping->a_ops->bmap)
		return -EINVAL;
	if (copy_from_user(&block, p, sizeof(block)))
		return -EFAULT;
	if (block < 0)
		return -EINVAL;
	res = call_bmap(mapping, (sector_t)block);
	if (res > 0x7fffffff)
		return -ERANGE;
	block = (int)res;
	return copy_to_user(p, &block, sizeof(block));
}

/* FIFREEZE/FITHAW of the file's filesystem: root only; -EOPNOTSUPP for
 * a filesystem that cannot freeze (no ->freeze_fs), as Linux. */
static long ioctl_freeze(struct file *f, bool freeze)
{
	struct super_block *sb = file_inode(f)->i_sb;

	if (!capable_root())
		return -EPERM;
	if (!sb->s_op->freeze_fs)
		return -EOPNOTSUPP;
	return freeze ? freeze_super(sb) : thaw_super(sb);
}

/* The ioctls of every file (Linux's do_vfs_ioctl), then the file's own
 * (->unlocked_ioctl, -ENOTTY without one). */
long vfs_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	struct inode *inode = file_inode(f);

	switch (cmd) {
	case FS_IOC_FIEMAP:
		return ioctl_fiemap(f, (struct fiemap *)arg);
	case FIFREEZE:
	case FITHAW:
		return ioctl_freeze(f, cmd == FIFREEZE);
	case FIGETBSZ: {
		int bsz = (int)inode->i_sb->s_blocksize;

		return copy_to_user((int *)arg, &bsz, sizeof(bsz));
	}
	case FIBMAP:
		if (S_ISREG(inode->i_mode))
			return ioctl_fibmap(f, (int *)arg);
		break;
	}
	if (!f->f_op || !f->f_op->unlocked_ioctl)
		return -ENOTTY;
	return call_unlocked_ioctl(f, cmd, arg);
}
