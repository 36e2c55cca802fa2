/*
 * Extended attributes: getxattr, lgetxattr, fgetxattr, setxattr,
 * lsetxattr, fsetxattr, listxattr, llistxattr, flistxattr, removexattr,
 * lremovexattr, fremovexattr. Each finds its file (by path, following a
 * final symlink or not, or by descriptor), copies the name and value in
 * or out through kernel buffers, and calls the vfs_*xattr() operations of
 * fs/vfs/xattr.c, which check permission (trusted.* is root's) and take
 * the inode's i_rwsem for changes.
 *
 * Sizes as Linux: a value over XATTR_SIZE_MAX is -E2BIG to set; a get or
 * list buffer is cut to XATTR_SIZE_MAX / XATTR_LIST_MAX, and -ERANGE at
 * that size becomes -E2BIG. A name of 0 or more than 255 bytes is -ERANGE.
 *
 * Process context, no lock held.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "fs/vfs/file.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/xattr.h"
#include "kernel/errno.h"
#include "mm/slab.h"

/* The file an xattr call is about: a path (follow or not) or a descriptor. */
struct xattr_target {
	bool by_fd;
	int fd;
	const char *upath;
	bool follow;		/* follow a final symlink of upath */
};

static int xattr_resolve(const struct xattr_target *t, struct path *path)
{
	struct file *f;
	char *name;
	int err;

	if (t->by_fd) {
		if (!(f = fdget(t->fd)))
			return -EBADF;
		*path = f->f_path;
		path_get(path);
		fput(f);
		return 0;
	}
	name = getname(t->upath);
	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path(name, t->follow ? LOOKUP_FOLLOW : 0, path);
	putname(name);
	return err;
}

/* A user attribute name into kname (XATTR_NAME_MAX + 1 bytes). */
static int import_xattr_name(char *kname, const char *uname)
{
	long len = strncpy_from_user(kname, uname, XATTR_NAME_MAX + 1);

	if (len == 0 || len == -ENAMETOOLONG)
		return -ERANGE;
	return len < 0 ? (int)len : 0;
}

static long do_getxattr(const struct xattr_target *t, const char *uname, void *uvalue,
			size_t size)
{
	char kname[XATTR_NAME_MAX + 1];
	struct path path;
	void *kvalue = NULL;
	long err;

	if ((err = import_xattr_name(kname, uname)))
		return err;
	if ((err = xattr_resolve(t, &path)))
		return err;
	size = MIN(size, (size_t)XATTR_SIZE_MAX);
	if (size && !(kvalue = kmalloc(size, GFP_KERNEL))) {
		err = -ENOMEM;
		goto out;
	}
	err = vfs_getxattr(path.dentry, kname, kvalue, size);
	if (err > 0 && size && copy_to_user(uvalue, kvalue, err))
		err = -EFAULT;
	if (err == -ERANGE && size >= XATTR_SIZE_MAX)
		err = -E2BIG;
	kfree(kvalue);
out:
	path_put(&path);
	return err;
}

static long do_setxattr(const struct xattr_target *t, const char *uname, const void *uvalue,
			size_t size, int flags)
{
	char kname[XATTR_NAME_MAX + 1];
	struct path path;
	void *kvalue = NULL;
	long err;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if ((err = import_xattr_name(kname, uname)))
		return err;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	if (size) {
		if (!(kvalue = kmalloc(size, GFP_KERNEL)))
			return -ENOMEM;
		if (copy_from_user(kvalue, uvalue, size)) {
			kfree(kvalue);
			return -EFAULT;
		}
	}
	err = xattr_resolve(t, &path);
	if (!err) {
		err = mnt_is_readonly(path.mnt) ? -EROFS :
		      vfs_setxattr(path.dentry, kname, kvalue, size, flags);
		path_put(&path);
	}
	kfree(kvalue);
	return err;
}

static long do_listxattr(const struct xattr_target *t, char *ulist, size_t size)
{
	struct path path;
	char *klist = NULL;
	long err;

	if ((err = xattr_resolve(t, &path)))
		return err;
	size = MIN(size, (size_t)XATTR_LIST_MAX);
	if (size && !(klist = kmalloc(size, GFP_KERNEL))) {
		err = -ENOMEM;
		goto out;
	}
	err = vfs_listxattr(path.dentry, klist, size);
	if (err > 0 && size && copy_to_user(ulist, klist, err))
		err = -EFAULT;
	if (err == -ERANGE && size >= XATTR_LIST_MAX)
		err = -E2BIG;
	kfree(klist);
out:
	path_put(&path);
	return err;
}

static long do_removexattr(const struct xattr_target *t, const char *uname)
{
	char kname[XATTR_NAME_MAX + 1];
	struct path path;
	long err;

	if ((err = import_xattr_name(kname, uname)))
		return err;
	if ((err = xattr_resolve(t, &path)))
		return err;
	err = mnt_is_readonly(path.mnt) ? -EROFS : vfs_removexattr(path.dentry, kname);
	path_put(&path);
	return err;
}

#define BY_PATH(p)	(&(struct xattr_target){ .upath = (p), .follow = true })
#define BY_LPATH(p)	(&(struct xattr_target){ .upath = (p), .follow = false })
#define BY_FD(f)	(&(struct xattr_target){ .by_fd = true, .fd = (f) })

static long sys_getxattr(const char *path, const char *name, void *value, size_t size)
{
	return do_getxattr(BY_PATH(path), name, value, size);
}

static long sys_lgetxattr(const char *path, const char *name, void *value, size_t size)
{
	return do_getxattr(BY_LPATH(path), name, value, size);
}

static long sys_fgetxattr(int fd, const char *name, void *value, size_t size)
{
	return do_getxattr(BY_FD(fd), name, value, size);
}

static long sys_setxattr(const char *path, const char *name, const void *value, size_t size,
			 int flags)
{
	return do_setxattr(BY_PATH(path), name, value, size, flags);
}

static long sys_lsetxattr(const char *path, const char *name, const void *value, size_t size,
			  int flags)
{
	return do_setxattr(BY_LPATH(path), name, value, size, flags);
}

static long sys_fsetxattr(int fd, const char *name, const void *value, size_t size, int flags)
{
	return do_setxattr(BY_FD(fd), name, value, size, flags);
}

static long sys_listxattr(const char *path, char *list, size_t size)
{
	return do_listxattr(BY_PATH(path), list, size);
}

static long sys_llistxattr(const char *path, char *list, size_t size)
{
	return do_listxattr(BY_LPATH(path), list, size);
}

static long sys_flistxattr(int fd, char *list, size_t size)
{
	return do_listxattr(BY_FD(fd), list, size);
}

static long sys_removexattr(const char *path, const char *name)
{
	return do_removexattr(BY_PATH(path), name);
}

static long sys_lremovexattr(const char *path, const char *name)
{
	return do_removexattr(BY_LPATH(path), name);
}

static long sys_fremovexattr(int fd, const char *name)
{
	return do_removexattr(BY_FD(fd), name);
}

SYSCALL_ENTRY(getxattr, sys_getxattr);
SYSCALL_ENTRY(lgetxattr, sys_lgetxattr);
SYSCALL_ENTRY(fgetxattr, sys_fgetxattr);
SYSCALL_ENTRY(setxattr, sys_setxattr);
SYSCALL_ENTRY(lsetxattr, sys_lsetxattr);
SYSCALL_ENTRY(fsetxattr, sys_fsetxattr);
SYSCALL_ENTRY(listxattr, sys_listxattr);
SYSCALL_ENTRY(llistxattr, sys_llistxattr);
SYSCALL_ENTRY(flistxattr, sys_flistxattr);
SYSCALL_ENTRY(removexattr, sys_removexattr);
SYSCALL_ENTRY(lremovexattr, sys_lremovexattr);
SYSCALL_ENTRY(fremovexattr, sys_fremovexattr);
