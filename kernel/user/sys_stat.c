/*
 * Looking at files without opening them: stat, fstat, lstat, newfstatat,
 * statx, access, faccessat, faccessat2, readlink, readlinkat, statfs,
 * fstatfs. Results are converted from the VFS's struct kstat / kstatfs
 * to Linux's x86-64 user layouts here; device numbers are re-encoded as
 * Linux's new_encode_dev() does, which is what musl's major()/minor()
 * decode.
 *
 * Process context, no lock held.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/cred.h"
#include "kernel/sched/sched.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "mm/slab.h"

/* struct stat of x86-64 (144 bytes) */
struct stat {
	unsigned long st_dev, st_ino, st_nlink;
	unsigned st_mode, st_uid, st_gid, __pad0;
	unsigned long st_rdev;
	long st_size, st_blksize, st_blocks;
	unsigned long st_atime, st_atime_nsec;
	unsigned long st_mtime, st_mtime_nsec;
	unsigned long st_ctime, st_ctime_nsec;
	long st_unused[3];
};
_Static_assert(sizeof(struct stat) == 144, "struct stat is 144 bytes on x86-64");

struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};

/* struct statx (256 bytes) */
struct statx {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, __spare0[1];
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align, stx_dio_offset_align;
	u64 __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "struct statx is 256 bytes");

#define STATX_BASIC_STATS	0x7ffU
#define STATX__RESERVED		0x80000000U
#define AT_STATX_SYNC_TYPE	0x6000

/* struct statfs of x86-64 (120 bytes) */
struct statfs {
	long f_type, f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	int f_fsid[2];
	long f_namelen, f_frsize, f_flags, f_spare[4];
};
_Static_assert(sizeof(struct statfs) == 120, "struct statfs is 120 bytes on x86-64");

#define ST_RDONLY	1
#define ST_VALID	0x20

#define F_OK	0
#define X_OK	1
#define W_OK	2
#define R_OK	4

/* Linux's new_encode_dev(): 12 bits of major, 20 of minor, interleaved. */
static unsigned long encode_dev(dev_t dev)
{
	unsigned long major = MAJOR(dev), minor = MINOR(dev);

	return (minor & 0xff) | (major << 8) | ((minor & ~0xffUL) << 12);
}

/* Resolve (dfd, user path, AT_* flags) as the stat family does. */
static int stat_path(int dfd, const char *upath, int flags, struct path *path)
{
	char *name;
	unsigned lookup = (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW;
	int err;

	if (flags & AT_EMPTY_PATH)
		lookup |= LOOKUP_EMPTY;
	name = getname_flags(upath, flags & AT_EMPTY_PATH);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path_at(dfd, name, lookup, path);
	putname(name);
	return err;
}

static int cp_new_stat(const struct kstat *k, struct stat *ubuf)
{
	struct stat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = encode_dev(k->dev);
	st.st_ino = k->ino;
	st.st_nlink = k->nlink;
	st.st_mode = k->mode;
	st.st_uid = k->uid;
	st.st_gid = k->gid;
	st.st_rdev = encode_dev(k->rdev);
	st.st_size = k->size;
	st.st_blksize = k->blksize;
	st.st_blocks = (long)k->blocks;
	st.st_atime = k->atime.tv_sec;
	st.st_atime_nsec = k->atime.tv_nsec;
	st.st_mtime = k->mtime.tv_sec;
	st.st_mtime_nsec = k->mtime.tv_nsec;
	st.st_ctime = k->ctime.tv_sec;
	st.st_ctime_nsec = k->ctime.tv_nsec;
	return copy_to_user(ubuf, &st, sizeof(st));
}

static long do_fstatat(int dfd, const char *upath, struct stat *ubuf, int flags)
{
	struct path path;
	struct kstat k;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = stat_path(dfd, upath, flags, &path)))
		return err;
	err = vfs_getattr(&path, &k);
	path_put(&path);
	return err ? err : cp_new_stat(&k, ubuf);
}

static long sys_newfstatat(int dfd, const char *filename, struct stat *statbuf, int flags)
{
	return do_fstatat(dfd, filename, statbuf, flags);
}

static long sys_stat(const char *filename, struct stat *statbuf)
{
	return do_fstatat(AT_FDCWD, filename, statbuf, 0);
}

static long sys_lstat(const char *filename, struct stat *statbuf)
{
	return do_fstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

static long sys_fstat(int fd, struct stat *statbuf)
{
	struct file *f = fdget_raw(fd);
	struct kstat k;
	int err;

	if (!f)
		return -EBADF;
	err = vfs_getattr(&f->f_path, &k);
	fput(f);
	return err ? err : cp_new_stat(&k, statbuf);
}

static void statx_time(struct statx_timestamp *t, const struct timespec64 *ts)
{
	t->tv_sec = ts->tv_sec;
	t->tv_nsec = (u32)ts->tv_nsec;
}

static int cp_statx(const struct kstat *k, struct statx *ubuf)
{
	struct statx sx;

	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = k->blksize;
	sx.stx_nlink = k->nlink;
	sx.stx_uid = k->uid;
	sx.stx_gid = k->gid;
	sx.stx_mode = (u16)k->mode;
	sx.stx_ino = k->ino;
	sx.stx_size = (u64)k->size;
	sx.stx_blocks = k->blocks;
	statx_time(&sx.stx_atime, &k->atime);
	statx_time(&sx.stx_mtime, &k->mtime);
	statx_time(&sx.stx_ctime, &k->ctime);
	sx.stx_rdev_major = MAJOR(k->rdev);
	sx.stx_rdev_minor = MINOR(k->rdev);
	sx.stx_dev_major = MAJOR(k->dev);
	sx.stx_dev_minor = MINOR(k->dev);
	return copy_to_user(ubuf, &sx, sizeof(sx));
}

/* statx: the basic fields only (no birth time, no attributes). A NULL
 * path with AT_EMPTY_PATH means dfd itself, as in Linux 6.11. */
static long sys_statx(int dfd, const char *filename, int flags, unsigned mask,
		      struct statx *buffer)
{
	struct path path;
	struct kstat k;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	if (!filename && (flags & AT_EMPTY_PATH))
		err = kern_path_at(dfd, "", LOOKUP_EMPTY, &path);
	else
		err = stat_path(dfd, filename, flags, &path);
	if (err)
		return err;
	err = vfs_getattr(&path, &k);
	path_put(&path);
	return err ? err : cp_statx(&k, buffer);
}

/*
 * access/faccessat: the check is made with the real uid and gid as the
 * filesystem ids (unless AT_EACCESS), by swapping them into the task's own
 * credentials for the duration: only the owner task reads its fsuid.
 */
static long do_faccessat(int dfd, const char *filename, int mode, int flags)
{
	struct cred *cred = &current->cred;
	u32 fsuid = cred->fsuid, fsgid = cred->fsgid;
	unsigned lookup;
	struct path path;
	char *name;
	int err, mask = 0;

	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	lookup = ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
		 ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0);
	name = getname_flags(filename, flags & AT_EMPTY_PATH);
	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!(flags & AT_EACCESS)) {
		cred->fsuid = cred->uid;
		cred->fsgid = cred->gid;
	}
	err = kern_path_at(dfd, name, lookup, &path);
	if (!err) {
		mask = ((mode & R_OK) ? MAY_READ : 0) | ((mode & W_OK) ? MAY_WRITE : 0) |
		       ((mode & X_OK) ? MAY_EXEC : 0);
		err = mask ? inode_permission(d_inode(path.dentry), mask) : 0;
		path_put(&path);
	}
	cred->fsuid = fsuid;
	cred->fsgid = fsgid;
	putname(name);
	return err;
}

static long sys_faccessat2(int dfd, const char *filename, int mode, int flags)
{
	return do_faccessat(dfd, filename, mode, flags);
}

static long sys_faccessat(int dfd, const char *filename, int mode)
{
	return do_faccessat(dfd, filename, mode, 0);
}

static long sys_access(const char *filename, int mode)
{
	return do_faccessat(AT_FDCWD, filename, mode, 0);
}

/* readlink: the target, not NUL-terminated, cut at bufsiz bytes. */
static long sys_readlinkat(int dfd, const char *pathname, char *buf, int bufsiz)
{
	char *name, *kbuf;
	int len = MIN(bufsiz, PATH_MAX);
	long ret;

	if (bufsiz <= 0)
		return -EINVAL;
	name = getname_flags(pathname, true);
	if (IS_ERR(name))
		return PTR_ERR(name);
	kbuf = kmalloc(len, GFP_KERNEL);
	ret = kbuf ? do_readlinkat(dfd, name, kbuf, len) : -ENOMEM;
	if (ret > 0 && copy_to_user(buf, kbuf, ret))
		ret = -EFAULT;
	kfree(kbuf);
	putname(name);
	return ret;
}

static long sys_readlink(const char *pathname, char *buf, int bufsiz)
{
	return sys_readlinkat(AT_FDCWD, pathname, buf, bufsiz);
}

static int do_statfs(const struct path *path, struct statfs *ubuf)
{
	struct super_block *sb = path->dentry->d_sb;
	struct kstatfs k;
	struct statfs st;
	int err = vfs_statfs(path, &k);

	if (err)
		return err;
	memset(&st, 0, sizeof(st));
	st.f_type = k.f_type;
	st.f_bsize = k.f_bsize;
	st.f_blocks = k.f_blocks;
	st.f_bfree = k.f_bfree;
	st.f_bavail = k.f_bavail;
	st.f_files = k.f_files;
	st.f_ffree = k.f_ffree;
	st.f_fsid[0] = (int)sb->s_dev;
	st.f_namelen = k.f_namelen;
	st.f_frsize = k.f_frsize ? k.f_frsize : k.f_bsize;
	st.f_flags = ST_VALID | (((sb->s_flags & SB_RDONLY) ||
				  (path->mnt->mnt_flags & MNT_RDONLY)) ? ST_RDONLY : 0);
	return copy_to_user(ubuf, &st, sizeof(st));
}

static long sys_statfs(const char *pathname, struct statfs *buf)
{
	struct path path;
	int err = stat_path(AT_FDCWD, pathname, 0, &path);

	if (err)
		return err;
	err = do_statfs(&path, buf);
	path_put(&path);
	return err;
}

static long sys_fstatfs(int fd, struct statfs *buf)
{
	struct file *f = fdget_raw(fd);
	int err;

	if (!f)
		return -EBADF;
	err = do_statfs(&f->f_path, buf);
	fput(f);
	return err;
}

SYSCALL_ENTRY(stat, sys_stat);
SYSCALL_ENTRY(fstat, sys_fstat);
SYSCALL_ENTRY(lstat, sys_lstat);
SYSCALL_ENTRY(newfstatat, sys_newfstatat);
SYSCALL_ENTRY(statx, sys_statx);
SYSCALL_ENTRY(access, sys_access);
SYSCALL_ENTRY(faccessat, sys_faccessat);
SYSCALL_ENTRY(faccessat2, sys_faccessat2);
SYSCALL_ENTRY(readlink, sys_readlink);
SYSCALL_ENTRY(readlinkat, sys_readlinkat);
SYSCALL_ENTRY(statfs, sys_statfs);
SYSCALL_ENTRY(fstatfs, sys_fstatfs);
