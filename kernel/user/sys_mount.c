/*
 * mount(2) and umount2(2): root only (CAP_SYS_ADMIN). The strings are
 * copied in and handed to do_mount()/do_umount_path() (fs/vfs/namespace.c),
 * which resolve the paths from the caller's cwd and root.
 *
 * mount: new mounts of a registered type (tmpfs, proc, devfs...), MS_BIND,
 * MS_REMOUNT (with MS_RDONLY; with MS_BIND per mount). The access-time and
 * nosuid/nodev/noexec flags are accepted and ignored; MS_MOVE is -EINVAL.
 * umount2: MNT_FORCE, MNT_DETACH, UMOUNT_NOFOLLOW; MNT_EXPIRE is -EINVAL.
 *
 * Process context, no lock held.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/cred.h"
#include "fs/vfs/mount.h"
#include "kernel/errno.h"
#include "mm/slab.h"

#define MOUNT_DATA_MAX	4096	/* the options string, as Linux's one page */

/* What mount(2) ignores: no nosuid/nodev/noexec enforcement, no atime. */
#define MS_IGNORED	(MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_SYNCHRONOUS | MS_MANDLOCK | \
			 MS_DIRSYNC | MS_NOSYMFOLLOW | MS_NOATIME | MS_NODIRATIME | MS_SILENT | \
			 MS_RELATIME | MS_STRICTATIME | MS_LAZYTIME | MS_REC)

/* A user string of at most max bytes (NULL stays NULL), or an ERR_PTR. */
static char *copy_mount_string(const char *ustr, long max)
{
	char *s;
	long len;

	if (!ustr)
		return NULL;
	s = kmalloc(max, GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(s, ustr, max);
	if (len < 0) {
		kfree(s);
		return ERR_PTR(len == -ENAMETOOLONG ? -EINVAL : len);
	}
	return s;
}

static long sys_mount(const char *dev_name, const char *dir_name, const char *type,
		      unsigned long flags, void *data)
{
	char *dev, *dir, *fstype, *opts;
	long err;

	if (!capable_root())
		return -EPERM;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	dir = getname(dir_name);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	dev = copy_mount_string(dev_name, PATH_MAX);
	if (IS_ERR(dev)) {
		err = PTR_ERR(dev);
		goto out_dir;
	}
	fstype = copy_mount_string(type, PATH_MAX);
	if (IS_ERR(fstype)) {
		err = PTR_ERR(fstype);
		goto out_dev;
	}
	opts = copy_mount_string(data, MOUNT_DATA_MAX);
	if (IS_ERR(opts)) {
		err = PTR_ERR(opts);
		goto out_type;
	}
	err = do_mount(dev, dir, fstype, flags & ~MS_IGNORED, opts);
	kfree(opts);
out_type:
	kfree(fstype);
out_dev:
	kfree(dev);
out_dir:
	putname(dir);
	return err;
}

static long sys_umount2(const char *name, int flags)
{
	char *dir;
	long err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW))
		return -EINVAL;		/* MNT_EXPIRE among them */
	if (!capable_root())
		return -EPERM;
	dir = getname(name);
	if (IS_ERR(dir))
		return PTR_ERR(dir);
	err = do_umount_path(dir, flags);
	putname(dir);
	return err;
}

SYSCALL_ENTRY(mount, sys_mount);
SYSCALL_ENTRY(umount2, sys_umount2);
