/*
 * The first syscalls: console I/O on fds 0-2, exit, brk, arch_prctl,
 * set_tid_address, getpid, uname, ioctl. Process context, IRQs on; every
 * user pointer goes through kernel/user/uaccess.h. There is no per-process
 * fd table yet: fd 0 reads the console, fds 1 and 2 write it.
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

#define ARCH_SET_FS	0x1002
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
	struct user_wait *uw = current->uwait;

	printk(KERN_CONT "%.*s", (int)n, buf);
	if (!uw)
		return;
	uw->console_bytes += n;
	if (uw->capture && uw->capture_len < uw->capture_size) {
		size_t room = uw->capture_size - uw->capture_len;
		size_t c = n < room ? n : room;

		memcpy(uw->capture + uw->capture_len, buf, c);
		uw->capture_len += c;
	}
}

long sys_write(int fd, const char *buf, size_t count)
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

long sys_writev(int fd, const void *uiov, int iovcnt)
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
long sys_read(int fd, char *buf, size_t count)
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

long sys_exit(int code)
{
	do_exit(W_EXITCODE(code, 0));
}

long sys_getpid(void)
{
	return current->pid;
}

long sys_set_tid_address(int *tidptr)
{
	return current->pid;		/* no threads yet: nothing to clear at exit */
}

long sys_arch_prctl(int code, unsigned long addr)
{
	if (code != ARCH_SET_FS)
		return -EINVAL;
	if (addr >= USER_TOP)
		return -EPERM;
	current->fsbase = addr;
	wrmsr(MSR_FS_BASE, addr);	/* preemption after this reloads it anyway */
	return 0;
}

long sys_ioctl(int fd, unsigned cmd, unsigned long arg)
{
	if (fd < 0 || fd > 2)
		return -EBADF;
	return -ENOTTY;			/* no tty yet: stdout is fully buffered */
}

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

long sys_uname(void *ubuf)
{
	static const struct new_utsname uts = {
		.sysname = "Lockstep", .nodename = "lockstep", .release = "0.1",
		.version = "#1", .machine = "x86_64", .domainname = "(none)",
	};

	return copy_to_user(ubuf, &uts, sizeof(uts));
}

/* Grow or shrink the heap; returns the new break, or the old one when the
 * request is refused (Linux's convention). */
long sys_brk(unsigned long addr)
{
	struct mm_struct *mm = current->mm;
	unsigned long old, oldp, newp;

	down_write(&mm->mmap_lock);
	old = mm->brk;
	if (addr < mm->start_brk || addr >= USER_TOP - (1UL << 30))
		goto out;
	oldp = ALIGN_UP(old, PAGE_SIZE);
	newp = ALIGN_UP(addr, PAGE_SIZE);
	if (newp > oldp) {
		if (mm_map_range(mm, oldp, newp - oldp, VM_WRITE | VM_NOEXEC)) {
			mm_unmap_range(mm, oldp, newp - oldp);
			goto out;
		}
	} else if (newp < oldp) {
		mm_unmap_range(mm, newp, oldp - newp);
	}
	mm->brk = addr;
out:
	addr = mm->brk;
	up_write(&mm->mmap_lock);
	return addr;
}
