/*
 * Helpers of the file syscalls (see sys_fs.h): path names in, descriptors
 * of the current process.
 */
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "kernel/errno.h"
#include "mm/slab.h"

char *getname_flags(const char *uname, bool empty_ok)
{
	char *name = kmalloc(PATH_MAX, GFP_KERNEL);
	long len;

	if (!name)
		return ERR_PTR(-ENOMEM);
	len = strncpy_from_user(name, uname, PATH_MAX);
	if (len == 0 && !empty_ok)
		len = -ENOENT;
	if (len < 0) {
		kfree(name);
		return ERR_PTR(len);
	}
	return name;
}

char *getname(const char *uname)
{
	return getname_flags(uname, false);
}

void putname(char *name)
{
	kfree(name);
}

struct file *fdget_raw(int fd)
{
	if (fd < 0 || !current->files)
		return NULL;
	return fget(current->files, (unsigned)fd);
}

struct file *fdget(int fd)
{
	struct file *f = fdget_raw(fd);

	if (f && (f->f_mode & FMODE_PATH)) {
		fput(f);
		return NULL;
	}
	return f;
}

unsigned rlimit_nofile(void)
{
	u64 lim = current->rlim[RLIMIT_NOFILE].rlim_cur;

	return lim < NR_OPEN_MAX ? (unsigned)lim : NR_OPEN_MAX;
}

int fd_install_current(struct file *f, unsigned min, bool cloexec)
{
	int fd = -EMFILE;

	if (current->files)
		fd = fd_install_range(current->files, f, min, rlimit_nofile(), cloexec);
	if (fd < 0)
		fput(f);
	return fd;
}
