/*
 * Descriptors and their open files: dup, dup2, dup3, fcntl, flock, ioctl.
 *
 * POSIX record locks (F_SETLK...) are owned by the process's descriptor
 * table (current->files), so closing any descriptor of a file drops them
 * and a forked child (with its own table) conflicts with its parent. OFD
 * locks (F_OFD_SETLK...) and flock locks are owned by the open file and go
 * with its last close.
 *
 * Process context, no lock held. f_flags changes (F_SETFL, FIONBIO,
 * FIOASYNC) are made under the file's f_lock.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/locks.h"
#include "kernel/errno.h"

#define F_DUPFD		0
#define F_GETFD		1
#define F_SETFD		2
#define F_GETFL		3
#define F_SETFL		4
#define F_SETOWN	8
#define F_GETOWN	9
#define F_OFD_GETLK	36
#define F_OFD_SETLK	37
#define F_OFD_SETLKW	38
#define F_DUPFD_CLOEXEC	1030
#define FD_CLOEXEC	1

#define FIONREAD	0x541B
#define FIONBIO		0x5421
#define FIONCLEX	0x5450
#define FIOCLEX		0x5451
#define FIOASYNC	0x5452

/* What F_SETFL may change. */
#define SETFL_MASK	(O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

static long sys_dup(unsigned fildes)
{
	struct file *f = fdget_raw((int)fildes);

	if (!f)
		return -EBADF;
	return fd_install_current(f, 0, false);
}

static long sys_dup3(unsigned oldfd, unsigned newfd, int flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd >= rlimit_nofile() || !current->files)
		return -EBADF;
	return replace_fd(current->files, oldfd, newfd, flags & O_CLOEXEC);
}

static long sys_dup2(unsigned oldfd, unsigned newfd)
{
	if (oldfd == newfd) {
		struct file *f = fdget_raw((int)oldfd);

		if (!f)
			return -EBADF;
		fput(f);
		return newfd;
	}
	return sys_dup3(oldfd, newfd, 0);
}

/* Replace the changeable status flags of f with those of arg. */
static void set_file_flags(struct file *f, unsigned mask, unsigned arg)
{
	spin_lock(&f->f_lock);
	f->f_flags = (f->f_flags & ~mask) | (arg & mask);
	spin_unlock(&f->f_lock);
}

/* F_GETLK/F_SETLK/F_SETLKW and their OFD forms: owner is the table or
 * the open file. */
static long fcntl_lock(struct file *f, unsigned cmd, struct flock *ufl)
{
	bool ofd = cmd >= F_OFD_GETLK && cmd <= F_OFD_SETLKW;
	void *owner = ofd ? (void *)f : (void *)current->files;
	struct flock fl;
	long err;

	if (copy_from_user(&fl, ufl, sizeof(fl)))
		return -EFAULT;
	if (ofd) {
		if (fl.l_pid != 0)
			return -EINVAL;
		cmd = cmd - F_OFD_GETLK + F_GETLK;
	}
	if (cmd == F_GETLK) {
		err = fcntl_getlk(f, owner, &fl);
		if (!err && copy_to_user(ufl, &fl, sizeof(fl)))
			err = -EFAULT;
		return err;
	}
	return fcntl_setlk(f, owner, cmd, &fl);
}

static long do_fcntl(int fd, struct file *f, unsigned cmd, unsigned long arg)
{
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= rlimit_nofile())
			return -EINVAL;
		return fd_install_current(get_file(f), (unsigned)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD: {
		int on = get_close_on_exec(current->files, (unsigned)fd);

		return on < 0 ? on : (on ? FD_CLOEXEC : 0);
	}
	case F_SETFD:
		return set_close_on_exec(current->files, (unsigned)fd, arg & FD_CLOEXEC);
	case F_GETFL:
		return READ_ONCE(f->f_flags);
	}
	if (f->f_mode & FMODE_PATH)
		return -EBADF;
	switch (cmd) {
	case F_SETFL:
		set_file_flags(f, SETFL_MASK, (unsigned)arg);
		return 0;
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		return fcntl_lock(f, cmd, (struct flock *)arg);
	case F_SETLEASE:
		return fcntl_setlease(f, (long)arg);
	case F_GETLEASE:
		return fcntl_getlease(f);
	case F_GETOWN:
		return 0;		/* no SIGIO: nobody owns it */
	case F_SETOWN:
		return 0;
	default:
		return -EINVAL;
	}
}

static long sys_fcntl(int fd, unsigned cmd, unsigned long arg)
{
	struct file *f = fdget_raw(fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = do_fcntl(fd, f, cmd, arg);
	fput(f);
	return ret;
}

/* flock(2): whole-file locks of the open file (LOCK_SH, LOCK_EX, LOCK_UN,
 * LOCK_NB); a wait ends with -ERESTARTSYS on a signal. */
static long sys_flock(int fd, unsigned cmd)
{
	struct file *f = fdget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = do_flock(f, cmd);
	fput(f);
	return err;
}

/* An int flag from user space for FIONBIO/FIOASYNC. */
static long ioctl_set_flag(struct file *f, unsigned flag, const int *uarg)
{
	int on;

	if (copy_from_user(&on, uarg, sizeof(on)))
		return -EFAULT;
	set_file_flags(f, flag, on ? flag : 0);
	return 0;
}

/* The ioctls every file understands, then the file's own
 * (->unlocked_ioctl, -ENOTTY without one). */
static long sys_ioctl(int fd, unsigned cmd, unsigned long arg)
{
	struct file *f = fdget(fd);
	long ret;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case FIOCLEX:
	case FIONCLEX:
		ret = set_close_on_exec(current->files, (unsigned)fd, cmd == FIOCLEX);
		break;
	case FIONBIO:
		ret = ioctl_set_flag(f, O_NONBLOCK, (const int *)arg);
		break;
	case FIOASYNC:
		ret = ioctl_set_flag(f, O_ASYNC, (const int *)arg);
		break;
	case FIONREAD:
		if (S_ISREG(file_inode(f)->i_mode)) {
			int n = (int)MAX(i_size_read(file_inode(f)) - READ_ONCE(f->f_pos), 0LL);

			ret = copy_to_user((int *)arg, &n, sizeof(n));
			break;
		}
		__attribute__((fallthrough));	/* a device, pipe or tty answers itself */
	default:
		ret = vfs_ioctl(f, cmd, arg);
	}
	fput(f);
	return ret;
}

SYSCALL_ENTRY(dup, sys_dup);
SYSCALL_ENTRY(dup2, sys_dup2);
SYSCALL_ENTRY(dup3, sys_dup3);
SYSCALL_ENTRY(fcntl, sys_fcntl);
SYSCALL_ENTRY(flock, sys_flock);
SYSCALL_ENTRY(ioctl, sys_ioctl);
