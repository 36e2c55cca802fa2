/*
 * The file side of a tty, as Linux's drivers/tty/tty_io.c: what open(),
 * read(), write(), poll(), ioctl() and close() on a tty device do. The
 * character devices (fs/devfs/tty.c) find the tty and call
 * tty_open_file(); from then on the file's operations are tty_fops, with
 * the tty in file->private_data.
 *
 * Reads and writes go to the line discipline (n_tty.c) after the job
 * control checks (tty_jobctrl.c); what a process writes is also handed to
 * user_output_capture(), so that tests can see a program's output.
 *
 * Locking: tty->lock for the open count (the driver's open/close hooks
 * run under it); see tty.h for the rest.
 */
#include "drivers/tty/internal.h"
#include "fs/poll.h"
#include "fs/vfs/fs.h"
#include "kernel/sched/wait.h"
#include "kernel/user/process.h"
#include "kernel/user/signal.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"

static struct lock_class_key tty_lock_key, tty_write_lock_key;
static struct lock_class_key tty_read_wait_key, tty_write_wait_key;

void tty_default_termios(struct termios *t)
{
	static const cc_t init_cc[NCCS] = {
		[VINTR] = 003, [VQUIT] = 034, [VERASE] = 0177, [VKILL] = 025,
		[VEOF] = 004, [VTIME] = 0, [VMIN] = 1, [VSTART] = 021, [VSTOP] = 023,
		[VSUSP] = 032, [VREPRINT] = 022, [VDISCARD] = 017, [VWERASE] = 027,
		[VLNEXT] = 026,
	};

	memset(t, 0, sizeof(*t));
	t->c_iflag = ICRNL | IXON;
	t->c_oflag = OPOST | ONLCR;
	t->c_cflag = B38400 | CS8 | CREAD | HUPCL;
	t->c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
	memcpy(t->c_cc, init_cc, sizeof(init_cc));
}

void tty_init(struct tty_struct *tty, const char *name,
	      const struct tty_operations *ops, void *driver_data)
{
	memset(tty, 0, sizeof(*tty));
	tty->name = name;
	tty->ops = ops;
	tty->driver_data = driver_data;
	__spin_lock_init(&tty->lock, "&tty->lock", &tty_lock_key, __FILE__, __LINE__);
	__mutex_init(&tty->atomic_write_lock, "&tty->atomic_write_lock", &tty_write_lock_key,
		     __FILE__, __LINE__);
	__init_waitqueue_head(&tty->read_wait, "&tty->read_wait", &tty_read_wait_key);
	__init_waitqueue_head(&tty->write_wait, "&tty->write_wait", &tty_write_wait_key);
	tty_default_termios(&tty->termios);
	tty->ldata.icanon = true;
	tty->winsize.ws_row = TTY_DEFAULT_ROWS;
	tty->winsize.ws_col = TTY_DEFAULT_COLS;
}

/* ---- file operations ---- */

/* ->read: no lock held (VFS). Background groups get SIGTTIN first. */
static ssize_t tty_read(struct file *file, char *buf, size_t n, loff_t *pos)
{
	struct tty_struct *tty = file->private_data;
	int ret = tty_check_change(tty, SIGTTIN);

	if (ret)
		return ret;
	return n_tty_read(tty, buf, n, READ_ONCE(file->f_flags) & O_NONBLOCK);
}

/* ->write: no lock held (VFS). Under TOSTOP, background groups get
 * SIGTTOU first. Always all of n. */
static ssize_t tty_write(struct file *file, const char *buf, size_t n, loff_t *pos)
{
	struct tty_struct *tty = file->private_data;

	if (READ_ONCE(tty->termios.c_lflag) & TOSTOP) {
		int ret = tty_check_change(tty, SIGTTOU);

		if (ret)
			return ret;
	}
	user_output_capture(buf, n);
	return n_tty_write(tty, buf, n);
}

/* ->poll: readable when a read would not block, always writable. */
static unsigned tty_poll(struct file *file, poll_table *pt)
{
	struct tty_struct *tty = file->private_data;
	unsigned mask = POLLOUT | POLLWRNORM;
	unsigned long flags;

	poll_wait(file, &tty->read_wait, pt);
	poll_wait(file, &tty->write_wait, pt);
	spin_lock_irqsave(&tty->lock, flags);
	if (n_tty_input_available_locked(tty, true))
		mask |= POLLIN | POLLRDNORM;
	spin_unlock_irqrestore(&tty->lock, flags);
	return mask;
}

/* ->unlocked_ioctl: no lock held. Unknown commands: -ENOTTY. */
static long tty_ioctl(struct file *file, unsigned cmd, unsigned long arg)
{
	struct tty_struct *tty = file->private_data;
	long ret;

	ret = tty_jobctrl_ioctl(tty, file, cmd, arg);
	if (ret == -ENOIOCTLCMD)
		ret = tty_mode_ioctl(tty, file, cmd, arg);
	return ret == -ENOIOCTLCMD ? -ENOTTY : ret;
}

/* A terminal cannot seek. */
static loff_t tty_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

/* ->release: the last close drops typed input and tells the driver. */
static int tty_release(struct inode *inode, struct file *file)
{
	struct tty_struct *tty = file->private_data;
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	if (--tty->count == 0) {
		n_tty_flush_input_locked(tty);
		if (tty->ops->close)
			tty->ops->close(tty);
	}
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

static const struct file_operations tty_fops = {
	.llseek = tty_llseek,
	.read = tty_read,
	.write = tty_write,
	.poll = tty_poll,
	.unlocked_ioctl = tty_ioctl,
	.release = tty_release,
};

int tty_open_file(struct tty_struct *tty, struct file *file, bool noctty)
{
	unsigned long flags;

	might_sleep();
	file->private_data = tty;
	file->f_op = &tty_fops;
	spin_lock_irqsave(&tty->lock, flags);
	if (tty->count++ == 0 && tty->ops->open)
		tty->ops->open(tty);
	spin_unlock_irqrestore(&tty->lock, flags);
	/* As Linux: write-only opens do not make a controlling tty. */
	if (!noctty && (file->f_mode & FMODE_READ))
		tty_open_set_ctty(tty);
	return 0;
}
