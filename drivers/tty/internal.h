/* drivers/tty/'s private parts: what tty_io.c, tty_ioctl.c and
 * tty_jobctrl.c call in each other. */
#ifndef DRIVERS_TTY_INTERNAL_H
#define DRIVERS_TTY_INTERNAL_H

#include "drivers/tty/tty.h"

struct task_struct;

/* tty_jobctrl.c */

/* Job control before a read (sig = SIGTTIN) or a change to the tty (sig =
 * SIGTTOU: writes under TOSTOP, TCSETS, TIOCSPGRP...): a process of a
 * background group of the tty's session gets sig sent to its group and
 * -ERESTARTSYS; -EIO when it ignores or blocks SIGTTIN, or its group is
 * orphaned; 0 when it may go on (SIGTTOU ignored or blocked lets it).
 * No lock held; takes tasklist_lock and tty->lock. */
int tty_check_change(struct tty_struct *tty, int sig);
/* Is tty the controlling terminal of t (t->tty, and the tty's session is
 * t's and its leader still alive)? tasklist_lock and tty->lock held. */
bool tty_is_ctty_locked(struct tty_struct *tty, struct task_struct *t);
/* At open: a session leader without a controlling tty acquires tty.
 * No lock held. */
void tty_open_set_ctty(struct tty_struct *tty);
/* TIOCSCTTY, TIOCNOTTY, TIOCGPGRP, TIOCSPGRP, TIOCGSID; -ENOIOCTLCMD for
 * other commands. No lock held; may sleep. */
long tty_jobctrl_ioctl(struct tty_struct *tty, struct file *file, unsigned cmd,
		       unsigned long arg);

/* tty_ioctl.c: termios, window size, flushing, FIONREAD; -ENOIOCTLCMD for
 * other commands. No lock held; may sleep. */
long tty_mode_ioctl(struct tty_struct *tty, struct file *file, unsigned cmd,
		    unsigned long arg);

#define ENOIOCTLCMD	515	/* kernel-internal: "not mine", becomes -ENOTTY */

#endif
