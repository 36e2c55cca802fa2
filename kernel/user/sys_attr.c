/*
 * Changing a file's attributes: chmod, fchmod, fchmodat, chown, fchown,
 * lchown, fchownat, umask, truncate, ftruncate, utimensat.
 *
 * Who may do what, as Linux: the owner (fsuid) or root changes the mode
 * (a non-root caller outside the file's group loses S_ISGID); only root
 * gives a file away, while the owner may change its group to one of its
 * own groups; chown of a non-directory clears S_ISUID (and S_ISGID when
 * group-executable). Setting explicit times needs ownership; setting them
 * to "now" needs ownership or write permission.
 *
 * Each change runs in the superblock's write section with the inode's
 * i_rwsem held exclusive around notify_change() (the ->setattr rule).
 * Process context, no lock held on entry.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/cred.h"
#include "kernel/sched/sched.h"
#include "fs/vfs/file.h"
#include "fs/vfs/fs_struct.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/errno.h"

#define UTIME_NOW	((1L << 30) - 1L)
#define UTIME_OMIT	((1L << 30) - 2L)
#define NSEC_PER_SEC_L	1000000000L

struct user_timespec {
	long tv_sec;
	long tv_nsec;
};

/* Resolve (dfd, user name) following the last symlink unless nofollow. */
static int attr_path(int dfd, const char *uname, bool nofollow, bool empty, struct path *path)
{
	char *name = getname_flags(uname, empty);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path_at(dfd, name, (nofollow ? 0 : LOOKUP_FOLLOW) | (empty ? LOOKUP_EMPTY : 0),
			   path);
	putname(name);
	return err;
}

/* A requested change: the attributes, and which times become "now". */
struct attr_change {
	struct iattr attr;
	unsigned now;			/* ATTR_ATIME, ATTR_MTIME: set to the current time */
};

/* The body of every attribute change: the permission check decide()
 * runs under i_rwsem and completes c->attr (or refuses), then ->setattr. */
static int change_attr(const struct path *path, struct attr_change *c,
		       int (*decide)(struct inode *inode, struct attr_change *c))
{
	struct inode *inode = d_inode(path->dentry);
	struct super_block *sb = inode->i_sb;
	int err;

	if (mnt_is_readonly(path->mnt))
		return -EROFS;
	sb_start_write(sb);
	inode_lock(inode);
	err = decide(inode, c);
	if (!err)
		err = notify_change(path->dentry, &c->attr);
	inode_unlock(inode);
	sb_end_write(sb);
	return err;
}

/* ---------------------------------------------------------------- chmod */

static int chmod_decide(struct inode *inode, struct attr_change *c)
{
	if (!inode_owner_or_capable(inode))
		return -EPERM;
	if (!in_group_p(inode->i_gid) && !capable_fs_root())
		c->attr.ia_mode &= ~S_ISGID;
	return 0;
}

static int chmod_common(const struct path *path, umode_t mode)
{
	struct attr_change c = { .attr = { .ia_valid = ATTR_MODE, .ia_mode = mode & S_IALLUGO } };

	return change_attr(path, &c, chmod_decide);
}

static long sys_fchmodat(int dfd, const char *filename, umode_t mode)
{
	struct path path;
	int err = attr_path(dfd, filename, false, false, &path);

	if (err)
		return err;
	err = chmod_common(&path, mode);
	path_put(&path);
	return err;
}

static long sys_chmod(const char *filename, umode_t mode)
{
	return sys_fchmodat(AT_FDCWD, filename, mode);
}

static long sys_fchmod(int fd, umode_t mode)
{
	struct file *f = fdget(fd);
	int err;

	if (!f)
		return -EBADF;
	err = chmod_common(&f->f_path, mode);
	fput(f);
	return err;
}

/* ---------------------------------------------------------------- chown */

static int chown_decide(struct inode *inode, struct attr_change *c)
{
	struct iattr *attr = &c->attr;
	u32 fsuid = current_cred()->fsuid;
	umode_t mode = inode->i_mode;

	if ((attr->ia_valid & ATTR_UID) && !capable_fs_root() &&
	    !(fsuid == inode->i_uid && attr->ia_uid == inode->i_uid))
		return -EPERM;
	if ((attr->ia_valid & ATTR_GID) && !capable_fs_root() &&
	    !(fsuid == inode->i_uid &&
	      (attr->ia_gid == inode->i_gid || in_group_p(attr->ia_gid))))
		return -EPERM;
	if (!S_ISDIR(mode) && (mode & (S_ISUID | S_ISGID))) {
		mode &= ~S_ISUID;
		if (mode & 0010)
			mode &= ~S_ISGID;
		attr->ia_valid |= ATTR_MODE;
		attr->ia_mode = mode & S_IALLUGO;
	}
	return 0;
}

static int chown_common(const struct path *path, u32 user, u32 group)
{
	struct attr_change c = { .attr = { .ia_valid = 0 } };

	if (user != (u32)-1) {
		c.attr.ia_valid |= ATTR_UID;
		c.attr.ia_uid = user;
	}
	if (group != (u32)-1) {
		c.attr.ia_valid |= ATTR_GID;
		c.attr.ia_gid = group;
	}
	return change_attr(path, &c, chown_decide);
}

static long sys_fchownat(int dfd, const char *filename, u32 user, u32 group, int flag)
{
	struct path path;
	int err;

	if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = attr_path(dfd, filename, flag & AT_SYMLINK_NOFOLLOW, flag & AT_EMPTY_PATH, &path);
	if (err)
		return err;
	err = chown_common(&path, user, group);
	path_put(&path);
	return err;
}

static long sys_chown(const char *filename, u32 user, u32 group)
{
	return sys_fchownat(AT_FDCWD, filename, user, group, 0);
}

static long sys_lchown(const char *filename, u32 user, u32 group)
{
	return sys_fchownat(AT_FDCWD, filename, user, group, AT_SYMLINK_NOFOLLOW);
}

static long sys_fchown(int fd, u32 user, u32 group)
{
	struct file *f = fdget(fd);
	int err;

	if (!f)
		return -EBADF;
	err = chown_common(&f->f_path, user, group);
	fput(f);
	return err;
}

static long sys_umask(int mask)
{
	return set_current_umask((unsigned)mask);
}

/* ------------------------------------------------------------- truncate */

static long sys_truncate(const char *filename, long length)
{
	struct path path;
	struct inode *inode;
	int err;

	if (length < 0)
		return -EINVAL;
	if ((err = attr_path(AT_FDCWD, filename, false, false, &path)))
		return err;
	inode = d_inode(path.dentry);
	if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->i_mode))
		err = -EINVAL;
	else if (mnt_is_readonly(path.mnt))
		err = -EROFS;
	else
		err = inode_permission(inode, MAY_WRITE);
	if (!err)
		err = do_truncate(path.dentry, length);
	path_put(&path);
	return err;
}

static long sys_ftruncate(int fd, long length)
{
	struct file *f = fdget(fd);
	int err;

	if (!f)
		return -EBADF;
	if (length < 0 || !(f->f_mode & FMODE_WRITE) || !S_ISREG(file_inode(f)->i_mode))
		err = -EINVAL;
	else if (mnt_is_readonly(f->f_path.mnt))
		err = -EROFS;
	else
		err = do_truncate(f->f_path.dentry, length);
	fput(f);
	return err;
}

/* ------------------------------------------------------------ utimensat */

/* Explicit times need ownership; "now" also accepts write permission. */
static int times_decide(struct inode *inode, struct attr_change *c)
{
	bool explicit = c->attr.ia_valid & (ATTR_ATIME | ATTR_MTIME) & ~c->now;
	struct timespec64 now = current_time(inode);

	if (!inode_owner_or_capable(inode)) {
		if (explicit)
			return -EPERM;
		if (inode_permission(inode, MAY_WRITE))
			return -EACCES;
	}
	if (c->now & ATTR_ATIME)
		c->attr.ia_atime = now;
	if (c->now & ATTR_MTIME)
		c->attr.ia_mtime = now;
	return 0;
}

/* One timespec of utimensat into c (bit is ATTR_ATIME or ATTR_MTIME). */
static int take_time(const struct user_timespec *t, unsigned bit, struct attr_change *c,
		     struct timespec64 *slot)
{
	if (t->tv_nsec == UTIME_OMIT)
		return 0;
	c->attr.ia_valid |= bit;
	if (t->tv_nsec == UTIME_NOW) {
		c->now |= bit;
		return 0;
	}
	if (t->tv_nsec < 0 || t->tv_nsec >= NSEC_PER_SEC_L)
		return -EINVAL;
	slot->tv_sec = t->tv_sec;
	slot->tv_nsec = t->tv_nsec;
	return 0;
}

/* utimensat: NULL times sets both to now; a NULL filename means dfd
 * itself (what futimens() passes). */
static long sys_utimensat(int dfd, const char *filename, const struct user_timespec *utimes,
			  int flags)
{
	struct user_timespec t[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct attr_change c = { .attr = { .ia_valid = 0 } };
	struct path path;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes && copy_from_user(t, utimes, sizeof(t)))
		return -EFAULT;
	if ((err = take_time(&t[0], ATTR_ATIME, &c, &c.attr.ia_atime)) ||
	    (err = take_time(&t[1], ATTR_MTIME, &c, &c.attr.ia_mtime)))
		return err;
	if (!c.attr.ia_valid)
		return 0;		/* both UTIME_OMIT */
	if (!filename) {
		struct file *f;

		if (flags & AT_SYMLINK_NOFOLLOW)
			return -EINVAL;
		if (dfd == AT_FDCWD || !(f = fdget(dfd)))
			return dfd == AT_FDCWD ? -EFAULT : -EBADF;
		path = f->f_path;
		path_get(&path);
		fput(f);
	} else if ((err = attr_path(dfd, filename, flags & AT_SYMLINK_NOFOLLOW,
				    flags & AT_EMPTY_PATH, &path))) {
		return err;
	}
	err = change_attr(&path, &c, times_decide);
	path_put(&path);
	return err;
}

SYSCALL_ENTRY(chmod, sys_chmod);
SYSCALL_ENTRY(fchmod, sys_fchmod);
SYSCALL_ENTRY(fchmodat, sys_fchmodat);
SYSCALL_ENTRY(chown, sys_chown);
SYSCALL_ENTRY(fchown, sys_fchown);
SYSCALL_ENTRY(lchown, sys_lchown);
SYSCALL_ENTRY(fchownat, sys_fchownat);
SYSCALL_ENTRY(umask, sys_umask);
SYSCALL_ENTRY(truncate, sys_truncate);
SYSCALL_ENTRY(ftruncate, sys_ftruncate);
SYSCALL_ENTRY(utimensat, sys_utimensat);
