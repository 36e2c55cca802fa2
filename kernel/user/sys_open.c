/*
 * Opening and closing descriptors: open, openat, creat, close,
 * close_range. The work is do_filp_open() (fs/vfs/file.c: path walk from
 * the caller's cwd or dirfd, permission against its credentials, O_CREAT
 * with its umask); this file copies the name in and installs the file at
 * the lowest free descriptor under RLIMIT_NOFILE.
 *
 * Process context, no lock held. A full table is -EMFILE before the open
 * starts (as Linux, which reserves the descriptor first), so a refused
 * O_CREAT leaves no file behind; the table is not shared between
 * processes, so it cannot fill up between the check and the install.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/sched/sched.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"

#define CLOSE_RANGE_UNSHARE	(1U << 1)
#define CLOSE_RANGE_CLOEXEC	(1U << 2)

static long do_sys_open(int dfd, const char *uname, int flags, umode_t mode)
{
	char *name = getname(uname);
	struct file *f;

	if (IS_ERR(name))
		return PTR_ERR(name);
	if (!current->files || !fd_room_below(current->files, rlimit_nofile())) {
		putname(name);
		return -EMFILE;
	}
	f = do_filp_open(dfd, name, flags | O_LARGEFILE, mode);
	putname(name);
	if (IS_ERR(f))
		return PTR_ERR(f);
	return fd_install_current(f, 0, flags & O_CLOEXEC);
}

static long sys_openat(int dfd, const char *filename, int flags, umode_t mode)
{
	return do_sys_open(dfd, filename, flags, mode);
}

static long sys_open(const char *filename, int flags, umode_t mode)
{
	return do_sys_open(AT_FDCWD, filename, flags, mode);
}

static long sys_creat(const char *filename, umode_t mode)
{
	return do_sys_open(AT_FDCWD, filename, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

static long sys_close(int fd)
{
	if (fd < 0 || !current->files)
		return -EBADF;
	return close_fd(current->files, (unsigned)fd);
}

/* close_range(2): CLOSE_RANGE_CLOEXEC marks instead of closing;
 * CLOSE_RANGE_UNSHARE has nothing to do (tables are never shared). */
static long sys_close_range(unsigned first, unsigned last, unsigned flags)
{
	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	if (current->files)
		close_fd_range(current->files, first, last, flags & CLOSE_RANGE_CLOEXEC);
	return 0;
}

SYSCALL_ENTRY(open, sys_open);
SYSCALL_ENTRY(openat, sys_openat);
SYSCALL_ENTRY(creat, sys_creat);
SYSCALL_ENTRY(close, sys_close);
SYSCALL_ENTRY(close_range, sys_close_range);
