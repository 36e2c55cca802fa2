/*
 * The tty's mode ioctls, as Linux's drivers/tty/tty_ioctl.c: termios
 * (TCGETS, TCSETS, TCSETSW, TCSETSF), the window size (TIOCGWINSZ,
 * TIOCSWINSZ), flushing and flow control (TCFLSH, TCXONC), how much can
 * be read (FIONREAD), and faked typing (TIOCSTI). Output is written out
 * synchronously, so there is never anything to drain (TCSETSW = TCSETS,
 * TCSBRK only returns) or to flush on the output side, and TIOCOUTQ is
 * always 0.
 *
 * The console's line settings (speed, character size, parity: c_cflag's
 * hardware bits) cannot change; the rest of c_cflag and all the other
 * flags can.
 *
 * Locking: tty->lock around every read or change of termios and winsize;
 * user memory is copied with no lock held.
 */
#include "drivers/tty/internal.h"
#include "kernel/user/signal.h"
#include "kernel/user/cred.h"
#include "kernel/user/uaccess.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"

#define CFLAG_SOFT	(HUPCL | CREAD | CLOCAL)	/* c_cflag bits a caller may change */

static long tcgets(struct tty_struct *tty, void *uptr)
{
	struct termios t;
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	t = tty->termios;
	spin_unlock_irqrestore(&tty->lock, flags);
	return copy_to_user(uptr, &t, sizeof(t));
}

/* TCSETS, TCSETSW, TCSETSF (the last also drops unread input). */
static long tcsets(struct tty_struct *tty, unsigned cmd, const void *uptr)
{
	struct termios t;
	unsigned long flags;
	long ret;

	ret = tty_check_change(tty, SIGTTOU);
	if (ret)
		return ret;
	if (copy_from_user(&t, uptr, sizeof(t)))
		return -EFAULT;
	spin_lock_irqsave(&tty->lock, flags);
	t.c_cflag = (t.c_cflag & CFLAG_SOFT) | (tty->termios.c_cflag & ~CFLAG_SOFT);
	if (cmd == TCSETSF)
		n_tty_flush_input_locked(tty);
	n_tty_set_termios_locked(tty, &t);
	spin_unlock_irqrestore(&tty->lock, flags);
	return 0;
}

static long tiocgwinsz(struct tty_struct *tty, void *uptr)
{
	struct winsize ws;
	unsigned long flags;

	spin_lock_irqsave(&tty->lock, flags);
	ws = tty->winsize;
	spin_unlock_irqrestore(&tty->lock, flags);
	return copy_to_user(uptr, &ws, sizeof(ws));
}

/* A new size: the foreground group hears of it with SIGWINCH. */
static long tiocswinsz(struct tty_struct *tty, const void *uptr)
{
	struct winsize ws;
	unsigned long flags;
	bool changed;
	int pgrp;

	if (copy_from_user(&ws, uptr, sizeof(ws)))
		return -EFAULT;
	spin_lock_irqsave(&tty->lock, flags);
	changed = memcmp(&ws, &tty->winsize, sizeof(ws)) != 0;
	tty->winsize = ws;
	pgrp = tty->pgrp;
	spin_unlock_irqrestore(&tty->lock, flags);
	if (changed && pgrp)
		kill_pgrp(pgrp, SIGWINCH, SI_KERNEL);
	return 0;
}

static long fionread(struct tty_struct *tty, int *uptr)
{
	unsigned long flags;
	int n;

	spin_lock_irqsave(&tty->lock, flags);
	n = (int)n_tty_inq_locked(tty);
	spin_unlock_irqrestore(&tty->lock, flags);
	return copy_to_user(uptr, &n, sizeof(n));
}

static long tcflsh(struct tty_struct *tty, unsigned long arg)
{
	unsigned long flags;
	long ret = tty_check_change(tty, SIGTTOU);

	if (ret)
		return ret;
	switch (arg) {
	case TCIFLUSH:
	case TCIOFLUSH:
		spin_lock_irqsave(&tty->lock, flags);
		n_tty_flush_input_locked(tty);
		spin_unlock_irqrestore(&tty->lock, flags);
		return 0;
	case TCOFLUSH:
		return 0;			/* no output queue */
	default:
		return -EINVAL;
	}
}

/* TCXONC: accepted; output is never stopped and no START/STOP is sent. */
static long tcxonc(struct tty_struct *tty, unsigned long arg)
{
	long ret = tty_check_change(tty, SIGTTOU);

	if (ret)
		return ret;
	return arg <= TCION ? 0 : -EINVAL;
}

/* TIOCSTI: push a byte into the input as if typed. Only on the caller's
 * controlling tty, or by root (as Linux's legacy behaviour). */
static long tiocsti(struct tty_struct *tty, const char *uptr)
{
	char c;

	if (!capable_root() && tty_current_ctty() != tty)
		return -EPERM;
	if (copy_from_user(&c, uptr, 1))
		return -EFAULT;
	tty_receive_char(tty, c);
	return 0;
}

long tty_mode_ioctl(struct tty_struct *tty, struct file *file, unsigned cmd,
		    unsigned long arg)
{
	int zero = 0;

	might_sleep();
	switch (cmd) {
	case TCGETS:
		return tcgets(tty, (void *)arg);
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return tcsets(tty, cmd, (const void *)arg);
	case TIOCGWINSZ:
		return tiocgwinsz(tty, (void *)arg);
	case TIOCSWINSZ:
		return tiocswinsz(tty, (const void *)arg);
	case FIONREAD:
		return fionread(tty, (int *)arg);
	case TCFLSH:
		return tcflsh(tty, arg);
	case TCXONC:
		return tcxonc(tty, arg);
	case TCSBRK:
	case TCSBRKP:
		return 0;			/* drained already; no break is sent */
	case TIOCOUTQ:
		return copy_to_user((int *)arg, &zero, sizeof(zero));
	case TIOCSTI:
		return tiocsti(tty, (const char *)arg);
	default:
		return -ENOIOCTLCMD;
	}
}
