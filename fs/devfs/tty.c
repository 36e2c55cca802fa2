/*
 * The terminal devices, as Linux numbers them:
 *
 *   /dev/tty      5, 0   the opener's controlling tty (-ENXIO without one)
 *   /dev/console  5, 1   the system console's tty; never becomes a
 *                        controlling tty by being opened (TIOCSCTTY can)
 *   /dev/ttyS0    4, 64  the same tty as the serial line it is: a session
 *                        leader without a controlling tty that opens it
 *                        (without O_NOCTTY) acquires it
 *
 * Opening one hands the file to the tty layer (drivers/tty/), whose
 * operations (line discipline, job control, ioctls) it then has.
 *
 * Locks: none here.
 */
#include "fs/devfs/internal.h"
#include "fs/devfs/chrdev.h"
#include "fs/devfs/devfs.h"
#include "drivers/tty/tty.h"
#include "kernel/errno.h"
#include "kernel/panic.h"

#define TTY_MINOR	0
#define CONSOLE_MINOR	1
#define TTYS0_MINOR	64

/* ->open of major 5: no lock held. -ENXIO for a minor we do not have. */
static int ttyaux_open(struct inode *inode, struct file *file)
{
	struct tty_struct *tty;

	switch (MINOR(inode->i_rdev)) {
	case TTY_MINOR:
		tty = tty_current_ctty();
		if (!tty)
			return -ENXIO;
		return tty_open_file(tty, file, true);
	case CONSOLE_MINOR:
		return tty_open_file(&console_tty, file, true);
	default:
		return -ENXIO;
	}
}

/* ->open of major 4: the serial lines; only ttyS0 exists. */
static int serial_tty_open(struct inode *inode, struct file *file)
{
	if (MINOR(inode->i_rdev) != TTYS0_MINOR)
		return -ENXIO;
	return tty_open_file(&console_tty, file, file->f_flags & O_NOCTTY);
}

static const struct file_operations ttyaux_fops = {
	.open = ttyaux_open,
};

static const struct file_operations serial_tty_fops = {
	.open = serial_tty_open,
};

void tty_chrdev_init(void)
{
	console_tty_init();
	if (register_chrdev(TTYAUX_MAJOR, "tty", &ttyaux_fops) != TTYAUX_MAJOR)
		panic("devfs: cannot register the console devices (major %d)", TTYAUX_MAJOR);
	if (register_chrdev(TTY_MAJOR, "ttyS", &serial_tty_fops) != TTY_MAJOR)
		panic("devfs: cannot register the serial tty (major %d)", TTY_MAJOR);
}
