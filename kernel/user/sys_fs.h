/*
 * What the file syscalls (kernel/user/sys_*.c) share: copying path names
 * in from user space, finding the struct file behind a descriptor of the
 * current process, and installing a new one under RLIMIT_NOFILE.
 *
 * Process context, no lock held: every function here may sleep (a user
 * copy may fault, an fput may release the file).
 */
#ifndef KERNEL_USER_SYS_FS_H
#define KERNEL_USER_SYS_FS_H

#include "fs/vfs/fs.h"

/* Largest count one read or write moves, as Linux (INT_MAX, page-aligned). */
#define MAX_RW_COUNT	0x7ffff000L
#define IOV_MAX		1024

struct iovec {
	void *iov_base;
	size_t iov_len;
};

/* A user path name copied into a new kernel buffer of PATH_MAX bytes:
 * ERR_PTR(-EFAULT), -ENAMETOOLONG, -ENOMEM, or -ENOENT for an empty name
 * (getname_flags with empty_ok allows it, for AT_EMPTY_PATH). Free it with
 * putname(). */
char *getname(const char *uname);
char *getname_flags(const char *uname, bool empty_ok);
void putname(char *name);

/* The file open at fd in the current process, with a reference (fput()
 * it), or NULL: -EBADF for the caller. fdget() refuses O_PATH files, as
 * every call that does I/O must; fdget_raw() takes them too (fstat,
 * fchdir, close, dup, fcntl). */
struct file *fdget(int fd);
struct file *fdget_raw(int fd);

/* The current process's RLIMIT_NOFILE (soft), at most NR_OPEN_MAX. */
unsigned rlimit_nofile(void);
/* Install f (consuming the reference, even on failure) at the lowest free
 * descriptor >= min below RLIMIT_NOFILE. The descriptor or -EMFILE. */
int fd_install_current(struct file *f, unsigned min, bool cloexec);

#endif
