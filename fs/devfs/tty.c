/*
 * The console devices of major 5: /dev/tty (minor 0) and /dev/console
 * (minor 1), for now one and the same: writes go to the system console,
 * reads wait for console input. No line discipline yet: no echo, no
 * editing; a read returns what was typed up to and including the first
 * line end ('\n' or '\r'), or len bytes.
 *
 * Writes go out through printk with KERN_CONT, one line (or 256 bytes) at
 * a time: that takes printk_lock, which console_write() needs its caller
 * to hold (the VGA cursor is only safe under it), and KERN_CONT keeps the
 * timestamp off. So console output also lands in the kernel log ring, and
 * it is shown only while console_loglevel lets default messages through.
 *
 * Locks: console_write_lock and console_read_lock (mutexes) make one
 * write() and one read() come out, and go in, whole; they are held across
 * the sleeping console_getc() and printk.
 */
#include "fs/devfs/internal.h"
#include "fs/devfs/chrdev.h"
#include "fs/devfs/devfs.h"
#include "drivers/console/console.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/mutex.h"
#include "kernel/user/process.h"

#define TTY_MINOR	0
#define CONSOLE_MINOR	1
#define CONSOLE_CHUNK	256		/* bytes per printk (its limit is 511) */

static DEFINE_MUTEX(console_write_lock);
static DEFINE_MUTEX(console_read_lock);

/* The length of the next piece of buf to print: up to and including a
 * '\n', at most CONSOLE_CHUNK, and stopping before a NUL byte (which
 * printk's %s would end on). */
static size_t console_piece(const char *buf, size_t len)
{
	size_t n = 0;

	while (n < len && n < CONSOLE_CHUNK && buf[n] != '\0')
		if (buf[n++] == '\n')
			break;
	return n;
}

/* ->write: no lock held (VFS). Takes console_write_lock. NUL bytes are
 * not shown. Always all of len. May sleep. */
static ssize_t console_dev_write(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	char piece[CONSOLE_CHUNK + 1];
	size_t done = 0;

	might_sleep();
	mutex_lock(&console_write_lock);
	while (done < len) {
		size_t n = console_piece(buf + done, len - done);

		if (n == 0) {		/* a NUL */
			done++;
			continue;
		}
		memcpy(piece, buf + done, n);
		piece[n] = '\0';
		printk(KERN_CONT "%s", piece);
		done += n;
	}
	mutex_unlock(&console_write_lock);
	user_output_capture(buf, len);	/* for the ktests' struct user_wait */
	return (ssize_t)len;
}

/* ->read: no lock held (VFS). Takes console_read_lock; sleeps until a
 * byte arrives. */
static ssize_t console_dev_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	size_t n = 0;

	might_sleep();
	mutex_lock(&console_read_lock);
	while (n < len) {
		char c = (char)console_getc();

		buf[n++] = c;
		if (c == '\n' || c == '\r')
			break;
	}
	mutex_unlock(&console_read_lock);
	return (ssize_t)n;
}

/* A terminal cannot seek. */
static loff_t console_dev_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

static const struct file_operations console_dev_fops = {
	.llseek = console_dev_llseek,
	.read = console_dev_read,
	.write = console_dev_write,
};

/* ->open of major 5: no lock held. -ENXIO for a minor we do not have. */
static int tty_open(struct inode *inode, struct file *file)
{
	unsigned minor = MINOR(inode->i_rdev);

	if (minor != TTY_MINOR && minor != CONSOLE_MINOR)
		return -ENXIO;
	file->f_op = &console_dev_fops;
	return 0;
}

static const struct file_operations tty_fops = {
	.open = tty_open,
};

void tty_chrdev_init(void)
{
	if (register_chrdev(TTYAUX_MAJOR, "tty", &tty_fops) != TTYAUX_MAJOR)
		panic("devfs: cannot register the console devices (major %d)", TTYAUX_MAJOR);
}
