/*
 * Making and removing names: mkdir, mkdirat, mknod, mknodat, rmdir,
 * unlink, unlinkat, rename, renameat, renameat2, link, linkat, symlink,
 * symlinkat. Each copies its names in and calls the do_*() operation of
 * fs/vfs/namei.c, which walks from the caller's cwd, root or dirfd and
 * checks permission against its credentials.
 *
 * Process context, no lock held.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"

/* Linux's old_decode_dev()/new_decode_dev() for mknod's dev argument. */
static dev_t decode_dev(unsigned dev)
{
	unsigned major = (dev & 0xfff00) >> 8;
	unsigned minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);

	return MKDEV(major, minor);
}

static long sys_mkdirat(int dfd, const char *pathname, umode_t mode)
{
	char *name = getname(pathname);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_mkdirat(dfd, name, mode);
	putname(name);
	return err;
}

static long sys_mkdir(const char *pathname, umode_t mode)
{
	return sys_mkdirat(AT_FDCWD, pathname, mode);
}

static long sys_mknodat(int dfd, const char *filename, umode_t mode, unsigned dev)
{
	char *name = getname(filename);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = do_mknodat(dfd, name, mode, decode_dev(dev));
	putname(name);
	return err;
}

static long sys_mknod(const char *filename, umode_t mode, unsigned dev)
{
	return sys_mknodat(AT_FDCWD, filename, mode, dev);
}

static long do_sys_unlinkat(int dfd, const char *pathname, bool dir)
{
	char *name = getname(pathname);
	long err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = dir ? do_rmdir(dfd, name) : do_unlinkat(dfd, name);
	putname(name);
	return err;
}

static long sys_unlinkat(int dfd, const char *pathname, int flag)
{
	if (flag & ~AT_REMOVEDIR)
		return -EINVAL;
	return do_sys_unlinkat(dfd, pathname, flag & AT_REMOVEDIR);
}

static long sys_unlink(const char *pathname)
{
	return do_sys_unlinkat(AT_FDCWD, pathname, false);
}

static long sys_rmdir(const char *pathname)
{
	return do_sys_unlinkat(AT_FDCWD, pathname, true);
}

/* The two names of rename, link and symlink, copied in (the first may be
 * empty when empty_ok). 0, or -errno with neither left allocated. */
static int getname_pair(const char *uold, bool empty_ok, const char *unew,
			char **old, char **new)
{
	*old = getname_flags(uold, empty_ok);
	if (IS_ERR(*old))
		return PTR_ERR(*old);
	*new = getname(unew);
	if (IS_ERR(*new)) {
		putname(*old);
		return PTR_ERR(*new);
	}
	return 0;
}

static void putname_pair(char *old, char *new)
{
	putname(new);
	putname(old);
}

static long sys_renameat2(int olddfd, const char *oldname, int newdfd, const char *newname,
			  unsigned flags)
{
	char *from = NULL, *to = NULL;
	long err = getname_pair(oldname, false, newname, &from, &to);

	if (err)
		return err;
	err = do_renameat2(olddfd, from, newdfd, to, flags);
	putname_pair(from, to);
	return err;
}

static long sys_renameat(int olddfd, const char *oldname, int newdfd, const char *newname)
{
	return sys_renameat2(olddfd, oldname, newdfd, newname, 0);
}

static long sys_rename(const char *oldname, const char *newname)
{
	return sys_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

static long sys_linkat(int olddfd, const char *oldname, int newdfd, const char *newname,
		       int flags)
{
	char *from = NULL, *to = NULL;
	long err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	err = getname_pair(oldname, flags & AT_EMPTY_PATH, newname, &from, &to);
	if (err)
		return err;
	err = do_linkat(olddfd, from, newdfd, to, flags);
	putname_pair(from, to);
	return err;
}

static long sys_link(const char *oldname, const char *newname)
{
	return sys_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

static long sys_symlinkat(const char *oldname, int newdfd, const char *newname)
{
	char *target = NULL, *to = NULL;
	long err = getname_pair(oldname, false, newname, &target, &to);

	if (err)
		return err;
	err = do_symlinkat(target, newdfd, to);
	putname_pair(target, to);
	return err;
}

static long sys_symlink(const char *oldname, const char *newname)
{
	return sys_symlinkat(oldname, AT_FDCWD, newname);
}

SYSCALL_ENTRY(mkdir, sys_mkdir);
SYSCALL_ENTRY(mkdirat, sys_mkdirat);
SYSCALL_ENTRY(mknod, sys_mknod);
SYSCALL_ENTRY(mknodat, sys_mknodat);
SYSCALL_ENTRY(rmdir, sys_rmdir);
SYSCALL_ENTRY(unlink, sys_unlink);
SYSCALL_ENTRY(unlinkat, sys_unlinkat);
SYSCALL_ENTRY(rename, sys_rename);
SYSCALL_ENTRY(renameat, sys_renameat);
SYSCALL_ENTRY(renameat2, sys_renameat2);
SYSCALL_ENTRY(link, sys_link);
SYSCALL_ENTRY(linkat, sys_linkat);
SYSCALL_ENTRY(symlink, sys_symlink);
SYSCALL_ENTRY(symlinkat, sys_symlinkat);
