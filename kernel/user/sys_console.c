/*
 * Console I/O without descriptors: fd 0 reads the console, fds 1 and 2
 * write it. Process context, IRQs on; every user pointer goes through
 * kernel/user/uaccess.h. Replaced by the descriptor-table syscalls.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/process.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "kernel/cpu/x86.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "drivers/console/console.h"
#include "mm/mm.h"

#define TIOCGWINSZ	0x5413
#define IOV_MAX		1024
#define WRITE_CHUNK	256

struct iovec {
	void *iov_base;
	size_t iov_len;
};

/* Print a chunk of user output and, for tests, keep a copy. */
static void console_out(const char *buf, size_t n)
{
	printk(KERN_CONT "%.*s", (int)n, buf);
	user_output_capture(buf, n);
}

static long sys_write(int fd, const char *buf, size_t count)
{
	char chunk[WRITE_CHUNK];
	size_t done = 0;

	if (fd != 1 && fd != 2)
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	while (done < count) {
		size_t n = count - done < WRITE_CHUNK ? count - done : WRITE_CHUNK;

		if (copy_from_user(chunk, buf + done, n))
			return done ? (long)done : -EFAULT;
		console_out(chunk, n);
		done += n;
	}
	return done;
}

static long sys_writev(int fd, const void *uiov, int iovcnt)
{
	struct iovec iov;
	long total = 0;

	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return -EINVAL;
	for (int i = 0; i < iovcnt; i++) {
		long n;

		if (copy_from_user(&iov, (const struct iovec *)uiov + i, sizeof(iov)))
			return -EFAULT;
		n = sys_write(fd, iov.iov_base, iov.iov_len);
		if (n < 0)
			return total ? total : n;
		total += n;
	}
	return total;
}

/* Blocks for the first byte, then takes what is already typed, up to a
 * newline (the console has no line discipline yet). */
static long sys_read(int fd, char *buf, size_t count)
{
	size_t done = 0;

	if (fd != 0)
		return -EBADF;
	if (!access_ok(buf, count))
		return -EFAULT;
	while (done < count) {
		char c = console_getc();

		if (copy_to_user(buf + done, &c, 1))
			return done ? (long)done : -EFAULT;
		done++;
		if (c == '\n' || c == '\r')
			break;
	}
	return done;
}

static long sys_ioctl(int fd, unsigned cmd, unsigned long arg)
{
	if (fd < 0 || fd > 2)
		return -EBADF;
	return -ENOTTY;			/* no tty yet: stdout is fully buffered */
}

SYSCALL_ENTRY(read, sys_read);
SYSCALL_ENTRY(write, sys_write);
SYSCALL_ENTRY(writev, sys_writev);
SYSCALL_ENTRY(ioctl, sys_ioctl);
