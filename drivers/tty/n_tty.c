/*
 * n_tty: the line discipline, between a tty driver (bytes typed, bytes
 * shown) and the processes that read and write the tty. As Linux's
 * drivers/tty/n_tty.c, smaller:
 *
 *  - input: ISTRIP, IGNCR, ICRNL, INLCR; IXON swallows ^S/^Q (output is
 *    never actually stopped); ISIG turns ^C, ^\ and ^Z into SIGINT,
 *    SIGQUIT and SIGTSTP for the foreground group, flushing input unless
 *    NOFLSH;
 *  - canonical mode (ICANON): a line is edited in the buffer (VERASE, and
 *    ^H as well while VERASE is ^?; VKILL; VWERASE, VLNEXT and VREPRINT
 *    with IEXTEN) and given to readers once it ends with '\n', VEOL, VEOL2
 *    or VEOF (which is not passed on: alone on a line it reads as EOF);
 *  - non-canonical mode: VMIN and VTIME as POSIX says;
 *  - echo: ECHO, ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL (^X for control
 *    characters);
 *  - output (OPOST): ONLCR, OCRNL, ONOCR, ONLRET, XTABS, with the output
 *    column kept for tabs and erasing.
 *
 * The receive side runs in the driver's context (the serial interrupt)
 * and echoes at once. Everything here runs under tty->lock (IRQ-safe);
 * only n_tty_read() and n_tty_write() sleep, and never with it held.
 */
#include "drivers/tty/tty.h"
#include "drivers/tty/internal.h"
#include "kernel/sched/wait.h"
#include "kernel/sched/sched.h"
#include "kernel/user/signal.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/time.h"

#define RB_MASK(i)	((i) & (N_TTY_BUF_SIZE - 1))
#define DISABLED_CHAR	'\0'	/* stored for VEOF: a line end that is not data */
#define OUT_CHUNK	64	/* bytes of a write processed per hold of tty->lock */

#define L_FLAG(tty, f)	((tty)->termios.c_lflag & (f))
#define I_FLAG(tty, f)	((tty)->termios.c_iflag & (f))
#define O_FLAG(tty, f)	((tty)->termios.c_oflag & (f))

/* ---- the input ring ---- */

static inline size_t read_cnt(const struct n_tty_data *ld)
{
	return ld->read_head - ld->read_tail;
}

static inline unsigned char rb_get(const struct n_tty_data *ld, size_t i)
{
	return (unsigned char)ld->read_buf[RB_MASK(i)];
}

static inline bool eol_test(const struct n_tty_data *ld, size_t i)
{
	return ld->read_flags[RB_MASK(i) / 8] & (1u << (i % 8));
}

static inline void eol_set(struct n_tty_data *ld, size_t i)
{
	ld->read_flags[RB_MASK(i) / 8] |= 1u << (i % 8);
}

static inline void eol_clear(struct n_tty_data *ld, size_t i)
{
	ld->read_flags[RB_MASK(i) / 8] &= ~(1u << (i % 8));
}

/* Is there room for one more byte? In canonical mode the last slot is kept
 * for the byte that ends the line, so a full line can always be ended. */
static bool queue_room(const struct n_tty_data *ld, bool ends_line)
{
	size_t used = read_cnt(ld);

	if (used >= N_TTY_BUF_SIZE)
		return false;
	return !ld->icanon || ends_line || used < N_TTY_BUF_SIZE - 1;
}

static void put_queue(struct n_tty_data *ld, unsigned char c)
{
	eol_clear(ld, ld->read_head);
	ld->read_buf[RB_MASK(ld->read_head)] = (char)c;
	ld->read_head++;
}

/* ---- character classes ---- */

static inline bool is_cntrl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

static inline bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A UTF-8 continuation byte takes no column (with IUTF8). */
static inline bool is_continuation(const struct tty_struct *tty, unsigned char c)
{
	return I_FLAG(tty, IUTF8) && (c & 0xc0) == 0x80;
}

/* Is c the control character at index idx (and that one enabled)? */
static inline bool is_cc(const struct tty_struct *tty, unsigned idx, unsigned char c)
{
	cc_t v = tty->termios.c_cc[idx];

	return v != _POSIX_VDISABLE && c == v;
}

static bool is_erase(const struct tty_struct *tty, unsigned char c)
{
	return is_cc(tty, VERASE, c) || (c == '\b' && tty->termios.c_cc[VERASE] == 0x7f);
}

/* ---- output to the driver ---- */

/* Output collected on the stack and handed to the driver in batches. */
struct tty_out {
	struct tty_struct *tty;
	size_t n;
	char buf[OUT_CHUNK];
};

static void out_flush(struct tty_out *o)
{
	if (o->n)
		o->tty->ops->write(o->tty, o->buf, o->n);
	o->n = 0;
}

static void out_byte(struct tty_out *o, char c)
{
	if (o->n == sizeof(o->buf))
		out_flush(o);
	o->buf[o->n++] = c;
}

/* One byte through OPOST processing, keeping the column. tty->lock held. */
static void output_char(struct tty_struct *tty, struct tty_out *o, unsigned char c)
{
	struct n_tty_data *ld = &tty->ldata;
	unsigned spaces;

	if (!O_FLAG(tty, OPOST)) {
		out_byte(o, (char)c);
		return;
	}
	switch (c) {
	case '\n':
		if (O_FLAG(tty, ONLRET))
			ld->column = 0;
		if (O_FLAG(tty, ONLCR)) {
			ld->canon_column = ld->column = 0;
			out_byte(o, '\r');
		} else {
			ld->canon_column = ld->column;
		}
		break;
	case '\r':
		if (O_FLAG(tty, ONOCR) && ld->column == 0)
			return;
		if (O_FLAG(tty, OCRNL)) {
			c = '\n';
			if (O_FLAG(tty, ONLRET))
				ld->canon_column = ld->column = 0;
			break;
		}
		ld->canon_column = ld->column = 0;
		break;
	case '\t':
		spaces = 8 - (ld->column & 7);
		ld->column += spaces;
		if (O_FLAG(tty, TABDLY) == XTABS) {
			while (spaces--)
				out_byte(o, ' ');
			return;
		}
		break;
	case '\b':
		if (ld->column > 0)
			ld->column--;
		break;
	default:
		if (!is_cntrl(c) && !is_continuation(tty, c))
			ld->column++;
		break;
	}
	out_byte(o, (char)c);
}

/* Echo c as typed: a control character as ^X under ECHOCTL. */
static void echo_char(struct tty_struct *tty, struct tty_out *o, unsigned char c)
{
	if (L_FLAG(tty, ECHOCTL) && is_cntrl(c) && c != '\t') {
		output_char(tty, o, '^');
		output_char(tty, o, c ^ 0100);
	} else {
		output_char(tty, o, c);
	}
}

/* Take one column back on the screen. */
static void echo_erase(struct tty_struct *tty, struct tty_out *o)
{
	output_char(tty, o, '\b');
	output_char(tty, o, ' ');
	output_char(tty, o, '\b');
}

/* A tab was erased: move back to where it started, which depends on what
 * is left of the line before it. */
static void echo_erase_tab(struct tty_struct *tty, struct tty_out *o)
{
	struct n_tty_data *ld = &tty->ldata;
	unsigned col = ld->canon_column;

	for (size_t i = ld->canon_head; i != ld->read_head; i++) {
		unsigned char c = rb_get(ld, i);

		if (c == '\t')
			col = (col | 7) + 1;
		else if (is_cntrl(c))
			col += L_FLAG(tty, ECHOCTL) ? 2 : 0;
		else if (!is_continuation(tty, c))
			col++;
	}
	while (ld->column > col)
		output_char(tty, o, '\b');
}

/* ---- receiving ---- */

/* Store an ordinary byte, echoing it. */
static void receive_literal(struct tty_struct *tty, struct tty_out *o, unsigned char c)
{
	struct n_tty_data *ld = &tty->ldata;

	if (!queue_room(ld, false))
		return;				/* full: dropped, not echoed */
	if (L_FLAG(tty, ECHO)) {
		if (c == '\n') {
			output_char(tty, o, '\n');
		} else {
			if (ld->canon_head == ld->read_head)
				ld->canon_column = ld->column;
			echo_char(tty, o, c);
		}
	}
	put_queue(ld, c);
	if (!ld->icanon)
		__wake_up(&tty->read_wait, 0);
}

/* End the line being edited with c (stored; DISABLED_CHAR for VEOF). */
static void receive_line_end(struct tty_struct *tty, unsigned char c)
{
	struct n_tty_data *ld = &tty->ldata;

	if (!queue_room(ld, true))
		return;
	eol_set(ld, ld->read_head);
	ld->read_buf[RB_MASK(ld->read_head)] = (char)c;
	ld->read_head++;
	ld->canon_head = ld->read_head;
	__wake_up(&tty->read_wait, 0);
}

/* VERASE, VWERASE or VKILL in canonical mode. */
static void eraser(struct tty_struct *tty, struct tty_out *o, unsigned char c)
{
	struct n_tty_data *ld = &tty->ldata;
	enum { ERASE, WERASE, KILL } kind;
	int seen_alnums = 0;

	if (ld->read_head == ld->canon_head)
		return;				/* nothing typed on this line */
	if (is_erase(tty, c)) {
		kind = ERASE;
	} else if (is_cc(tty, VWERASE, c)) {
		kind = WERASE;
	} else {
		if (!L_FLAG(tty, ECHO)) {
			ld->read_head = ld->canon_head;
			return;
		}
		if (!L_FLAG(tty, ECHOK) || !L_FLAG(tty, ECHOKE) || !L_FLAG(tty, ECHOE)) {
			ld->read_head = ld->canon_head;
			echo_char(tty, o, c);
			if (L_FLAG(tty, ECHOK))
				output_char(tty, o, '\n');
			return;
		}
		kind = KILL;
	}

	while (ld->read_head != ld->canon_head) {
		size_t head = ld->read_head - 1;
		unsigned char ch;

		/* A multibyte UTF-8 character goes as one. */
		while (head != ld->canon_head && is_continuation(tty, rb_get(ld, head)))
			head--;
		ch = rb_get(ld, head);
		if (kind == WERASE) {
			if (is_alnum(ch) || ch == '_')
				seen_alnums++;
			else if (seen_alnums)
				break;
		}
		ld->read_head = head;
		if (L_FLAG(tty, ECHO)) {
			if (kind == ERASE && !L_FLAG(tty, ECHOE)) {
				echo_char(tty, o, c);
			} else if (ch == '\t') {
				echo_erase_tab(tty, o);
			} else {
				if (is_cntrl(ch) && L_FLAG(tty, ECHOCTL))
					echo_erase(tty, o);	/* the '^' */
				if (!is_cntrl(ch) || L_FLAG(tty, ECHOCTL))
					echo_erase(tty, o);
			}
		}
		if (kind == ERASE)
			break;
	}
}

/* VREPRINT: show the line being edited again on a fresh line. */
static void reprint(struct tty_struct *tty, struct tty_out *o, unsigned char c)
{
	struct n_tty_data *ld = &tty->ldata;

	if (!L_FLAG(tty, ECHO))
		return;
	echo_char(tty, o, c);
	output_char(tty, o, '\n');
	ld->canon_column = ld->column;
	for (size_t i = ld->canon_head; i != ld->read_head; i++)
		echo_char(tty, o, rb_get(ld, i));
}

/* ^C, ^\ or ^Z under ISIG: flush (unless NOFLSH) and echo it. The caller
 * sends the signal once tty->lock is dropped. */
static void receive_signal_char(struct tty_struct *tty, struct tty_out *o, unsigned char c)
{
	if (!L_FLAG(tty, NOFLSH))
		n_tty_flush_input_locked(tty);
	if (L_FLAG(tty, ECHO))
		echo_char(tty, o, c);
}

/* The signal a typed byte stands for under ISIG, or 0. */
static int isig_signal(const struct tty_struct *tty, unsigned char c)
{
	if (!L_FLAG(tty, ISIG))
		return 0;
	if (is_cc(tty, VINTR, c))
		return SIGINT;
	if (is_cc(tty, VQUIT, c))
		return SIGQUIT;
	if (is_cc(tty, VSUSP, c))
		return SIGTSTP;
	return 0;
}

/* Canonical-mode special characters; false when c is an ordinary byte. */
static bool receive_canon_special(struct tty_struct *tty, struct tty_out *o, unsigned char c)
{
	struct n_tty_data *ld = &tty->ldata;

	if (is_erase(tty, c) || is_cc(tty, VKILL, c) ||
	    (L_FLAG(tty, IEXTEN) && is_cc(tty, VWERASE, c))) {
		eraser(tty, o, c);
	} else if (L_FLAG(tty, IEXTEN) && is_cc(tty, VLNEXT, c)) {
		ld->lnext = true;
		if (L_FLAG(tty, ECHO) && L_FLAG(tty, ECHOCTL)) {
			output_char(tty, o, '^');
			output_char(tty, o, '\b');
		}
	} else if (L_FLAG(tty, IEXTEN) && is_cc(tty, VREPRINT, c)) {
		reprint(tty, o, c);
	} else if (c == '\n') {
		if (queue_room(ld, true) && (L_FLAG(tty, ECHO) || L_FLAG(tty, ECHONL)))
			output_char(tty, o, '\n');
		receive_line_end(tty, c);
	} else if (is_cc(tty, VEOF, c)) {
		receive_line_end(tty, DISABLED_CHAR);
	} else if (is_cc(tty, VEOL, c) || (L_FLAG(tty, IEXTEN) && is_cc(tty, VEOL2, c))) {
		if (queue_room(ld, true) && L_FLAG(tty, ECHO)) {
			if (ld->canon_head == ld->read_head)
				ld->canon_column = ld->column;
			echo_char(tty, o, c);
		}
		receive_line_end(tty, c);
	} else {
		return false;
	}
	return true;
}

/* One typed byte. Returns the signal to send to the foreground group, or
 * 0. tty->lock held (any context). */
static int receive_char_locked(struct tty_struct *tty, struct tty_out *o, unsigned char c)
{
	struct n_tty_data *ld = &tty->ldata;
	int sig;

	if (I_FLAG(tty, ISTRIP))
		c &= 0x7f;
	if (ld->lnext) {
		ld->lnext = false;
		receive_literal(tty, o, c);	/* its echo covers the '^' of ^V */
		return 0;
	}
	if (c == '\r') {
		if (I_FLAG(tty, IGNCR))
			return 0;
		if (I_FLAG(tty, ICRNL))
			c = '\n';
	} else if (c == '\n' && I_FLAG(tty, INLCR)) {
		c = '\r';
	}
	if (I_FLAG(tty, IXON) && (is_cc(tty, VSTOP, c) || is_cc(tty, VSTART, c)))
		return 0;			/* flow control: accepted, output never stops */
	sig = isig_signal(tty, c);
	if (sig) {
		receive_signal_char(tty, o, c);
		return sig;
	}
	if (ld->icanon && receive_canon_special(tty, o, c))
		return 0;
	receive_literal(tty, o, c);
	return 0;
}

void tty_receive_buf(struct tty_struct *tty, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct tty_out o = { .tty = tty };
		unsigned long flags;
		int sig, pgrp;

		spin_lock_irqsave(&tty->lock, flags);
		sig = receive_char_locked(tty, &o, (unsigned char)buf[i]);
		out_flush(&o);
		pgrp = tty->pgrp;
		spin_unlock_irqrestore(&tty->lock, flags);
		if (sig && pgrp)
			kill_pgrp(pgrp, sig, SI_KERNEL);
	}
}

/* ---- state for the tty layer ---- */

void n_tty_flush_input_locked(struct tty_struct *tty)
{
	struct n_tty_data *ld = &tty->ldata;

	lockdep_assert_held(&tty->lock);
	ld->read_head = ld->canon_head = ld->read_tail = 0;
	memset(ld->read_flags, 0, sizeof(ld->read_flags));
	ld->lnext = false;
	ld->canon_column = ld->column;
}

bool n_tty_input_available_locked(struct tty_struct *tty, bool poll)
{
	const struct n_tty_data *ld = &tty->ldata;
	size_t amt = 1;

	lockdep_assert_held(&tty->lock);
	if (ld->icanon)
		return ld->canon_head != ld->read_tail;
	/* poll with VMIN > 0 and no VTIME: ready only once a read would return */
	if (poll && !tty->termios.c_cc[VTIME] && tty->termios.c_cc[VMIN])
		amt = tty->termios.c_cc[VMIN];
	return read_cnt(ld) >= amt;
}

size_t n_tty_inq_locked(struct tty_struct *tty)
{
	const struct n_tty_data *ld = &tty->ldata;
	size_t n = 0;

	lockdep_assert_held(&tty->lock);
	if (!ld->icanon)
		return read_cnt(ld);
	/* complete lines, without the VEOF markers */
	for (size_t i = ld->read_tail; i != ld->canon_head; i++)
		if (!(eol_test(ld, i) && rb_get(ld, i) == DISABLED_CHAR))
			n++;
	return n;
}

void n_tty_set_termios_locked(struct tty_struct *tty, const struct termios *t)
{
	struct n_tty_data *ld = &tty->ldata;
	bool canon = t->c_lflag & ICANON;

	lockdep_assert_held(&tty->lock);
	tty->termios = *t;
	if (canon != ld->icanon) {
		/* Into canonical mode, what was typed becomes one line; out of
		 * it, every byte is readable. (Linux does the same.) */
		memset(ld->read_flags, 0, sizeof(ld->read_flags));
		if (canon && read_cnt(ld)) {
			eol_set(ld, ld->read_head - 1);
			ld->canon_head = ld->read_head;
		} else {
			ld->canon_head = ld->read_tail;
		}
		ld->lnext = false;
		ld->icanon = canon;
	}
	__wake_up(&tty->read_wait, 0);		/* VMIN or the mode may let a reader go */
}

/* ---- reading ---- */

/* Copy up to n bytes of the first complete line; a VEOF marker ending it
 * is consumed but not copied, so a line holding only VEOF reads as 0
 * bytes (end of file). tty->lock held. */
static size_t canon_copy(struct tty_struct *tty, char *buf, size_t n)
{
	struct n_tty_data *ld = &tty->ldata;
	size_t tail = ld->read_tail, eol = tail, data, take;
	bool eof;

	while (eol != ld->canon_head && !eol_test(ld, eol))
		eol++;
	if (eol == ld->canon_head)
		eol--;				/* cannot happen: a complete line has its mark */
	eof = rb_get(ld, eol) == DISABLED_CHAR;
	data = eol - tail + (eof ? 0 : 1);
	take = n < data ? n : data;
	for (size_t i = 0; i < take; i++)
		buf[i] = (char)rb_get(ld, tail + i);
	ld->read_tail = tail + take;
	if (take == data) {
		eol_clear(ld, eol);
		ld->read_tail = eol + 1;
	}
	return take;
}

/* Copy what is there, up to n bytes (non-canonical). tty->lock held. */
static size_t raw_copy(struct tty_struct *tty, char *buf, size_t n)
{
	struct n_tty_data *ld = &tty->ldata;
	size_t take = read_cnt(ld) < n ? read_cnt(ld) : n;

	for (size_t i = 0; i < take; i++)
		buf[i] = (char)rb_get(ld, ld->read_tail + i);
	ld->read_tail += take;
	return take;
}

/*
 * VMIN/VTIME timers run on the monotonic clock (ktime_get_ns(), what
 * CLOCK_MONOTONIC reads) so that a read never ends early by it: the
 * sleep is in whole ticks, and one more follows if they came short.
 */
#define NO_DEADLINE	(~0ULL)
#define VTIME_NSEC	(NSEC_PER_SEC / 10)	/* VTIME counts tenths of a second */

/* Ticks to sleep towards deadline: 0 once passed, -1 for none. */
static long ticks_left(u64 deadline)
{
	u64 now;

	if (deadline == NO_DEADLINE)
		return -1;
	now = ktime_get_ns();
	if (now >= deadline)
		return 0;
	return (long)((deadline - now + NSEC_PER_SEC / HZ - 1) / (NSEC_PER_SEC / HZ));
}

/* The read's limits from VMIN/VTIME: how many bytes end it, when waiting
 * for the first byte ends, and how long to wait between later ones (0:
 * no such timer). tty->lock held. */
static void read_limits(struct tty_struct *tty, size_t *minimum, u64 *deadline, u64 *inter)
{
	cc_t vmin = tty->termios.c_cc[VMIN], vtime = tty->termios.c_cc[VTIME];

	*minimum = 0;
	*deadline = NO_DEADLINE;
	*inter = 0;
	if (tty->ldata.icanon)
		return;
	if (vmin) {
		*minimum = vmin;
		*inter = (u64)vtime * VTIME_NSEC;
	} else {
		*minimum = 1;
		*deadline = ktime_get_ns() + (u64)vtime * VTIME_NSEC;
	}
}

/* Sleep (state already set) towards deadline. */
static void read_sleep(struct tty_struct *tty, long ticks)
{
	current->blocked_kind = "tty";
	current->blocked_on = tty;
	if (ticks < 0)
		schedule();
	else
		schedule_timeout(ticks);
	current->blocked_kind = NULL;
}

ssize_t n_tty_read(struct tty_struct *tty, char *buf, size_t n, bool nonblock)
{
	DEFINE_WAIT(w);
	unsigned long flags;
	size_t copied = 0, minimum;
	u64 deadline, inter;
	ssize_t err = 0;
	long ticks;

	might_sleep();
	if (!n)
		return 0;
	spin_lock_irqsave(&tty->lock, flags);
	read_limits(tty, &minimum, &deadline, &inter);
	spin_unlock_irqrestore(&tty->lock, flags);
	for (;;) {
		prepare_to_wait(&tty->read_wait, &w, TASK_INTERRUPTIBLE);
		spin_lock_irqsave(&tty->lock, flags);
		if (n_tty_input_available_locked(tty, false)) {
			bool canon = tty->ldata.icanon;

			if (canon)
				copied = canon_copy(tty, buf, n);
			else
				copied += raw_copy(tty, buf + copied, n - copied);
			spin_unlock_irqrestore(&tty->lock, flags);
			if (canon || copied >= minimum || copied == n)
				break;
			if (inter)
				deadline = ktime_get_ns() + inter;
			continue;
		}
		spin_unlock_irqrestore(&tty->lock, flags);
		ticks = ticks_left(deadline);
		if (!ticks)
			break;
		if (nonblock) {
			err = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		read_sleep(tty, ticks);
	}
	finish_wait(&tty->read_wait, &w);
	return copied ? (ssize_t)copied : err;
}

/* ---- writing ---- */

ssize_t n_tty_write(struct tty_struct *tty, const char *buf, size_t n)
{
	size_t done = 0;

	might_sleep();
	mutex_lock(&tty->atomic_write_lock);
	while (done < n) {
		size_t chunk = n - done < OUT_CHUNK ? n - done : OUT_CHUNK;
		struct tty_out o = { .tty = tty };
		unsigned long flags;

		spin_lock_irqsave(&tty->lock, flags);
		if (O_FLAG(tty, OPOST)) {
			for (size_t i = 0; i < chunk; i++)
				output_char(tty, &o, (unsigned char)buf[done + i]);
			out_flush(&o);
		} else {
			tty->ops->write(tty, buf + done, chunk);
		}
		spin_unlock_irqrestore(&tty->lock, flags);
		done += chunk;
	}
	mutex_unlock(&tty->atomic_write_lock);
	return (ssize_t)n;
}
