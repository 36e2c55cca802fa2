/*
 * syslog(2) (klogctl): the kernel log ring (kernel/printk.c) for dmesg.
 * SYSLOG_ACTION_READ_ALL copies the most recent text, as many bytes as
 * asked; SIZE_BUFFER gives the ring's size; CONSOLE_LEVEL, _ON and _OFF
 * set what reaches the console. READ (the consuming read of klogd),
 * READ_CLEAR and CLEAR are not implemented (-EOPNOTSUPP): the ring has no
 * read or clear position. Lines carry no "<level>" prefix (the ring
 * keeps the text only).
 *
 * Permission: reading is open to everyone (Linux with dmesg_restrict=0);
 * changing the console level needs root.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/cred.h"
#include "kernel/printk.h"
#include "kernel/errno.h"
#include "mm/slab.h"

#define SYSLOG_ACTION_CLOSE		0
#define SYSLOG_ACTION_OPEN		1
#define SYSLOG_ACTION_READ		2
#define SYSLOG_ACTION_READ_ALL		3
#define SYSLOG_ACTION_READ_CLEAR	4
#define SYSLOG_ACTION_CLEAR		5
#define SYSLOG_ACTION_CONSOLE_OFF	6
#define SYSLOG_ACTION_CONSOLE_ON	7
#define SYSLOG_ACTION_CONSOLE_LEVEL	8
#define SYSLOG_ACTION_SIZE_UNREAD	9
#define SYSLOG_ACTION_SIZE_BUFFER	10

#define LOG_RING_SIZE	(64 * 1024)	/* kernel/printk.c's LOG_BUF_SIZE */
#define CONSOLE_LOGLEVEL_DEFAULT 7
#define CONSOLE_LOGLEVEL_MIN	1

static int saved_console_loglevel = -1;	/* console_loglevel before CONSOLE_OFF */

static long syslog_read_all(char *ubuf, int len)
{
	char *buf;
	size_t n;
	long ret;

	if (!ubuf || len < 0)
		return -EINVAL;
	if (len == 0)
		return 0;
	if (len > LOG_RING_SIZE)
		len = LOG_RING_SIZE;
	buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	n = printk_log_read(buf, len);
	ret = copy_to_user(ubuf, buf, n) ? -EFAULT : (long)n;
	kfree(buf);
	return ret;
}

static long sys_syslog(int type, char *ubuf, int len)
{
	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
		return 0;
	case SYSLOG_ACTION_READ_ALL:
		return syslog_read_all(ubuf, len);
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_RING_SIZE;
	case SYSLOG_ACTION_SIZE_UNREAD:
		return 0;
	case SYSLOG_ACTION_READ:
	case SYSLOG_ACTION_READ_CLEAR:
	case SYSLOG_ACTION_CLEAR:
		return -EOPNOTSUPP;
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		break;
	default:
		return -EINVAL;
	}
	if (!capable_root())
		return -EPERM;
	if (type == SYSLOG_ACTION_CONSOLE_OFF) {
		if (saved_console_loglevel < 0)
			saved_console_loglevel = console_loglevel;
		console_loglevel = CONSOLE_LOGLEVEL_MIN;
	} else if (type == SYSLOG_ACTION_CONSOLE_ON) {
		if (saved_console_loglevel >= 0) {
			console_loglevel = saved_console_loglevel;
			saved_console_loglevel = -1;
		}
	} else {
		if (len < 1 || len > 8)
			return -EINVAL;
		console_loglevel = len < CONSOLE_LOGLEVEL_MIN ? CONSOLE_LOGLEVEL_MIN : len;
		saved_console_loglevel = -1;
	}
	return 0;
}
SYSCALL_ENTRY(syslog, sys_syslog);
