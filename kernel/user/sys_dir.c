/*
 * Directories as a process sees them: getdents64 (reading one), chdir,
 * fchdir, chroot, getcwd (where the process stands).
 *
 * getdents64 fills a kernel buffer from the filesystem's ->iterate_shared
 * (the directory's i_rwsem is held shared around it) and copies it out
 * afterwards, so no user memory is touched under the lock.
 *
 * Process context, no lock held.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/cred.h"
#include "kernel/sched/sched.h"
#include "fs/vfs/d_path.h"
#include "fs/vfs/file.h"
#include "fs/vfs/fs_struct.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/namei.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "mm/slab.h"

#define DIRENT_BUF_MAX	(32 * 1024)	/* a bigger request gets fewer entries */

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;		/* position of the next entry */
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

struct getdents_ctx {
	struct dir_context ctx;
	char *buf;			/* kernel buffer */
	size_t size, used;
	struct linux_dirent64 *prev;	/* the last entry written: its d_off */
	bool full;
};

/* The actor: append one entry if it fits (false stops the readdir). */
static bool filldir64(struct dir_context *ctx, const char *name, int namelen, loff_t pos,
		      u64 ino, unsigned type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + namelen + 1, 8);
	struct linux_dirent64 *d;

	if (g->used + reclen > g->size) {
		g->full = true;
		return false;
	}
	if (g->prev)
		g->prev->d_off = pos;
	d = (struct linux_dirent64 *)(g->buf + g->used);
	d->d_ino = ino;
	d->d_off = 0;
	d->d_reclen = (unsigned short)reclen;
	d->d_type = (unsigned char)type;
	memcpy(d->d_name, name, namelen);
	memset(d->d_name + namelen, 0, reclen - offsetof(struct linux_dirent64, d_name) - namelen);
	g->prev = d;
	g->used += reclen;
	return true;
}

/* getdents64: entries from the directory position on; 0 at the end,
 * -EINVAL when not even one entry fits in count. */
static long sys_getdents64(int fd, void *dirent, unsigned count)
{
	struct getdents_ctx g = { .ctx.actor = filldir64 };
	struct file *f = fdget(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = -EFAULT;
	if (!access_ok(dirent, count))
		goto out_put;
	g.size = MIN((size_t)count, (size_t)DIRENT_BUF_MAX);
	ret = -ENOMEM;
	if (!(g.buf = kmalloc(MAX(g.size, (size_t)1), GFP_KERNEL)))
		goto out_put;
	mutex_lock(&f->f_pos_lock);
	g.ctx.pos = f->f_pos;
	ret = iterate_dir(f, &g.ctx);
	if (g.prev) {
		g.prev->d_off = g.ctx.pos;
		ret = copy_to_user(dirent, g.buf, g.used) ? -EFAULT : (long)g.used;
		if (ret >= 0)
			f->f_pos = g.ctx.pos;
	} else if (ret >= 0) {
		ret = g.full ? -EINVAL : 0;
	}
	mutex_unlock(&f->f_pos_lock);
	kfree(g.buf);
out_put:
	fput(f);
	return ret;
}

/* A directory the caller may search: the new cwd or root. */
static int may_chdir(const struct path *path)
{
	if (!S_ISDIR(d_inode(path->dentry)->i_mode))
		return -ENOTDIR;
	return inode_permission(d_inode(path->dentry), MAY_EXEC);
}

/* The directory a user path names, with a reference, if the caller may
 * enter it (chdir, chroot). 0 or -errno. */
static int user_dir_path(const char *filename, struct path *path)
{
	char *name = getname(filename);
	int err;

	if (IS_ERR(name))
		return PTR_ERR(name);
	err = kern_path(name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, path);
	putname(name);
	if (err)
		return err;
	err = may_chdir(path);
	if (err)
		path_put(path);
	return err;
}

static long sys_chdir(const char *filename)
{
	struct path path;
	int err = user_dir_path(filename, &path);

	if (err)
		return err;
	if (current->fs)
		fs_set_pwd(current->fs, &path);
	path_put(&path);
	return 0;
}

static long sys_fchdir(int fd)
{
	struct file *f = fdget_raw(fd);
	int err;

	if (!f)
		return -EBADF;
	err = may_chdir(&f->f_path);
	if (!err && current->fs)
		fs_set_pwd(current->fs, &f->f_path);
	fput(f);
	return err;
}

/* chroot: root only (CAP_SYS_CHROOT). The cwd stays where it was. */
static long sys_chroot(const char *filename)
{
	struct path path;
	int err = user_dir_path(filename, &path);

	if (err)
		return err;
	if (!capable_root())
		err = -EPERM;
	else if (current->fs)
		fs_set_root(current->fs, &path);
	path_put(&path);
	return err;
}

/* getcwd: the length with the NUL; -ERANGE if size is too small,
 * -ENOENT if the cwd was removed. */
static long sys_getcwd(char *buf, unsigned long size)
{
	struct path root, pwd;
	char *page = kmalloc(PATH_MAX, GFP_KERNEL), *p;
	long ret;

	if (!page)
		return -ENOMEM;
	get_current_root(&root);
	get_current_pwd(&pwd);
	if (d_unlinked(pwd.dentry)) {
		ret = -ENOENT;
	} else {
		p = d_path_from(&pwd, &root, page, PATH_MAX);
		ret = IS_ERR(p) ? PTR_ERR(p) : (long)(page + PATH_MAX - p);
		if (ret > 0 && (unsigned long)ret > size)
			ret = -ERANGE;
		else if (ret > 0 && copy_to_user(buf, p, ret))
			ret = -EFAULT;
	}
	path_put(&pwd);
	path_put(&root);
	kfree(page);
	return ret;
}

SYSCALL_ENTRY(getdents64, sys_getdents64);
SYSCALL_ENTRY(chdir, sys_chdir);
SYSCALL_ENTRY(fchdir, sys_fchdir);
SYSCALL_ENTRY(chroot, sys_chroot);
SYSCALL_ENTRY(getcwd, sys_getcwd);
