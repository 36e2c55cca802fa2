/*
 * Terminals. A struct tty_struct is one terminal: a driver below it that
 * sends bytes out and feeds typed bytes in, the line discipline (n_tty.c:
 * editing, echo, signals, output mapping) in the middle, and files above
 * it (/dev/console, /dev/tty, /dev/ttyS0) whose read, write, poll and ioctl
 * land in tty_io.c. A tty may be the controlling terminal of one session;
 * its foreground process group gets the signals typed at it.
 *
 * Today there is one tty, the console (console_tty.c): the serial line,
 * with output mirrored on VGA.
 *
 * Locking:
 *  - tty->lock (spinlock, IRQ-safe: the receive path runs in the serial
 *    interrupt) protects the termios, the window size, the foreground
 *    group and session, the open count and all of the line discipline's
 *    state, and serialises output to the driver (echo and writes), so the
 *    output column stays right.
 *  - tty->atomic_write_lock (mutex) keeps one write() whole against other
 *    writers; taken before tty->lock.
 *  - tasklist_lock is taken before tty->lock (job control compares task
 *    pgid/sid with the tty's pgrp/session). Signals are sent with no tty
 *    lock held.
 */
#ifndef DRIVERS_TTY_TTY_H
#define DRIVERS_TTY_TTY_H

#include "kernel/types.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sync/mutex.h"
#include "kernel/sched/wait_types.h"
#include "drivers/tty/termios.h"

#define N_TTY_BUF_SIZE	4096	/* input buffer, a power of two */
#define TTY_DEFAULT_ROWS	25
#define TTY_DEFAULT_COLS	80

struct tty_struct;
struct file;

/* What a tty driver provides. */
struct tty_operations {
	/* Send n bytes to the device as they are (output processing is done
	 * already). tty->lock held, IRQs off: must not sleep. */
	void (*write)(struct tty_struct *tty, const char *buf, size_t n);
	/* The first open and the last close. tty->lock held: must not sleep.
	 * Optional. */
	void (*open)(struct tty_struct *tty);
	void (*close)(struct tty_struct *tty);
};

/* The line discipline's state (n_tty.c). All of it: tty->lock. */
struct n_tty_data {
	char read_buf[N_TTY_BUF_SIZE];		/* input ring, indexed modulo its size */
	u8 read_flags[N_TTY_BUF_SIZE / 8];	/* bit set: this byte ends a line */
	size_t read_head;			/* where the next typed byte goes */
	size_t canon_head;			/* ICANON: end of the last complete line */
	size_t read_tail;			/* the next byte a reader gets */
	unsigned column;			/* output column, for tabs and erase */
	unsigned canon_column;			/* column where the edited line began */
	bool lnext;				/* the next byte is taken literally (^V) */
	bool icanon;				/* ICANON as the buffer was set up for */
};

struct tty_struct {
	const char *name;			/* const: "console" */
	const struct tty_operations *ops;	/* const */
	void *driver_data;			/* const */

	spinlock_t lock;
	struct termios termios;			/* lock */
	struct winsize winsize;			/* lock */
	int pgrp;				/* lock (+ tasklist_lock to set): foreground group, 0 none */
	int session;				/* lock (+ tasklist_lock to set): session it controls, 0 none */
	int count;				/* lock: open files */
	struct n_tty_data ldata;		/* lock */

	struct wait_queue_head read_wait;	/* readers and pollers waiting for input */
	struct wait_queue_head write_wait;	/* pollers waiting for output room */
	struct mutex atomic_write_lock;		/* one write() at a time */
};

/* Set up a tty with Linux's default termios (canonical, echo, ISIG,
 * ICRNL, OPOST|ONLCR) and an 80x25 window. */
void tty_init(struct tty_struct *tty, const char *name,
	      const struct tty_operations *ops, void *driver_data);
/* The termios a fresh tty starts with. */
void tty_default_termios(struct termios *t);

/* Typed input from the driver: any context (the serial interrupt).
 * Takes tty->lock; may send signals to the foreground group. */
void tty_receive_buf(struct tty_struct *tty, const char *buf, size_t n);
static inline void tty_receive_char(struct tty_struct *tty, char c)
{
	tty_receive_buf(tty, &c, 1);
}

/* The open file side (tty_io.c). Attach file to tty: private_data, f_op,
 * the open count; when noctty is false a session leader without a
 * controlling tty acquires this one. Process context. */
int tty_open_file(struct tty_struct *tty, struct file *file, bool noctty);
/* The current task's controlling tty (for /dev/tty), or NULL. */
struct tty_struct *tty_current_ctty(void);
/* do_exit() of a session leader, before it becomes a zombie: its
 * controlling tty controls no session any more, and the tty's foreground
 * group gets SIGHUP and SIGCONT (Linux's disassociate_ctty). No lock
 * held. */
void tty_exit_session(void);

/* The system console's tty (console_tty.c). */
extern struct tty_struct console_tty;
void console_tty_init(void);

/* Line discipline operations, also used directly by the ktests. n_tty_read
 * and n_tty_write work on kernel buffers; they may sleep (no lock held). */
ssize_t n_tty_read(struct tty_struct *tty, char *buf, size_t n, bool nonblock);
ssize_t n_tty_write(struct tty_struct *tty, const char *buf, size_t n);
/* Bytes a read could take now (FIONREAD). tty->lock held. */
size_t n_tty_inq_locked(struct tty_struct *tty);
/* Drop typed input (TCIFLUSH, ISIG, last close). tty->lock held. */
void n_tty_flush_input_locked(struct tty_struct *tty);
/* Would a read or poll find input? tty->lock held. */
bool n_tty_input_available_locked(struct tty_struct *tty, bool poll);
/* Install new termios, adjusting the buffer when ICANON changes.
 * tty->lock held. */
void n_tty_set_termios_locked(struct tty_struct *tty, const struct termios *t);

#endif
