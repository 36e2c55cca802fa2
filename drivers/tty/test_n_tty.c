/*
 * ktests of the line discipline (ktest=tty_). Each test builds its own tty
 * on a driver that keeps what is written to it, types into it with
 * tty_receive_buf() as the serial interrupt would, and reads back with
 * n_tty_read(): editing, echo, end of file, non-canonical VMIN/VTIME,
 * output mapping, and the signals typed characters send.
 */
#include "kernel/ktest/ktest.h"
#include "drivers/tty/tty.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/user/process.h"
#include "kernel/user/signal.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/time.h"
#include "fs/initramfs.h"
#include "mm/slab.h"

#define TT_OUT 1024

/* A tty whose device is a buffer. */
struct tt {
	struct tty_struct tty;
	char out[TT_OUT];		/* tty->lock: what was written (echo, output) */
	size_t out_len;			/* tty->lock */
};

static void tt_write(struct tty_struct *tty, const char *buf, size_t n)
{
	struct tt *t = tty->driver_data;

	for (size_t i = 0; i < n && t->out_len < TT_OUT - 1; i++)
		t->out[t->out_len++] = buf[i];
	t->out[t->out_len] = 0;
}

static const struct tty_operations tt_ops = {
	.write = tt_write,
};

static struct tt *tt_new(void)
{
	struct tt *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (t)
		tty_init(&t->tty, "ktest", &tt_ops, t);
	return t;
}

static void tt_type(struct tt *t, const char *s)
{
	tty_receive_buf(&t->tty, s, strlen(s));
}

/* Forget the output so far. */
static void tt_clear(struct tt *t)
{
	unsigned long flags;

	spin_lock_irqsave(&t->tty.lock, flags);
	t->out_len = 0;
	t->out[0] = 0;
	spin_unlock_irqrestore(&t->tty.lock, flags);
}

/* Change the local flags (and VMIN/VTIME when vmin >= 0). */
static void tt_mode(struct tt *t, tcflag_t lclear, tcflag_t lset, int vmin, int vtime)
{
	struct termios tio;
	unsigned long flags;

	spin_lock_irqsave(&t->tty.lock, flags);
	tio = t->tty.termios;
	tio.c_lflag = (tio.c_lflag & ~lclear) | lset;
	if (vmin >= 0) {
		tio.c_cc[VMIN] = (cc_t)vmin;
		tio.c_cc[VTIME] = (cc_t)vtime;
	}
	n_tty_set_termios_locked(&t->tty, &tio);
	spin_unlock_irqrestore(&t->tty.lock, flags);
}

static size_t tt_inq(struct tt *t)
{
	unsigned long flags;
	size_t n;

	spin_lock_irqsave(&t->tty.lock, flags);
	n = n_tty_inq_locked(&t->tty);
	spin_unlock_irqrestore(&t->tty.lock, flags);
	return n;
}

/* Read without blocking into buf (NUL-terminated). */
static ssize_t tt_read(struct tt *t, char *buf, size_t n)
{
	ssize_t r = n_tty_read(&t->tty, buf, n - 1, true);

	buf[r > 0 ? r : 0] = 0;
	return r;
}

#define TT_NEW(t) do {							\
	(t) = tt_new();							\
	KT_ASSERT((t), "no memory");					\
} while (0)

#define KT_ASSERT_STR(got, want) \
	KT_ASSERT(strcmp((got), (want)) == 0, "got \"%s\", expected \"%s\"", (got), (want))

/* ---- canonical mode ---- */

static void canon_line_body(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[64];

	tt_type(t, "hello");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), -EAGAIN);	/* no line yet */
	KT_ASSERT_EQ(tt_inq(t), 0);
	tt_type(t, "\r");				/* ICRNL: CR ends the line */
	KT_ASSERT_EQ(tt_inq(t), 6);
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 6);
	KT_ASSERT_STR(buf, "hello\n");
	KT_ASSERT_STR(t->out, "hello\r\n");		/* echo, ONLCR */
	/* Two lines typed ahead come back one per read. */
	tt_type(t, "one\ntwo\n");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 4);
	KT_ASSERT_STR(buf, "one\n");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 4);
	KT_ASSERT_STR(buf, "two\n");
	/* A short buffer takes the line in pieces. */
	tt_type(t, "abcdef\n");
	KT_ASSERT_EQ(tt_read(t, buf, 5), 4);
	KT_ASSERT_STR(buf, "abcd");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 3);
	KT_ASSERT_STR(buf, "ef\n");
}

KTEST(tty_canonical_line_and_echo)
{
	struct tt *t;

	TT_NEW(t);
	canon_line_body(__kt, t);
	kfree(t);
}

static void erase_body(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[64];

	tt_type(t, "abx\x7f" "c\r");			/* VERASE (^?) */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 4);
	KT_ASSERT_STR(buf, "abc\n");
	KT_ASSERT_STR(t->out, "abx\b \bc\r\n");		/* ECHOE */
	tt_clear(t);
	tt_type(t, "ab\bc\n");				/* ^H erases too */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 3);
	KT_ASSERT_STR(buf, "ac\n");
	tt_type(t, "\x7f\x7fok\n");			/* nothing to erase: ignored */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 3);
	KT_ASSERT_STR(buf, "ok\n");
	tt_clear(t);
	tt_type(t, "garbage\x15" "fine\n");		/* VKILL (^U), ECHOKE */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 5);
	KT_ASSERT_STR(buf, "fine\n");
	KT_ASSERT_STR(t->out, "garbage\b \b\b \b\b \b\b \b\b \b\b \b\b \bfine\r\n");
	tt_type(t, "one two\x17" "three\n");		/* VWERASE (^W) */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 10);
	KT_ASSERT_STR(buf, "one three\n");
	tt_clear(t);
	tt_type(t, "a\x01\x7f\n");			/* a control char echoes as ^A, erases 2 */
	KT_ASSERT_STR(t->out, "a^A\b \b\b \b\r\n");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 2);
	KT_ASSERT_STR(buf, "a\n");
	tt_type(t, "x\x16\x7f\n");			/* VLNEXT: ^V^? is a literal DEL */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 3);
	KT_ASSERT_STR(buf, "x\x7f\n");
}

KTEST(tty_erase_kill_werase)
{
	struct tt *t;

	TT_NEW(t);
	erase_body(__kt, t);
	kfree(t);
}

static void tab_erase_body(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[64];

	tt_type(t, "ab\t");
	KT_ASSERT_EQ(t->tty.ldata.column, 8);
	tt_clear(t);
	tt_type(t, "\x7f");				/* back to column 2: six backspaces */
	KT_ASSERT_STR(t->out, "\b\b\b\b\b\b");
	KT_ASSERT_EQ(t->tty.ldata.column, 2);
	tt_type(t, "\n");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 3);
	KT_ASSERT_STR(buf, "ab\n");
}

KTEST(tty_erase_tab_goes_back_to_its_column)
{
	struct tt *t;

	TT_NEW(t);
	tab_erase_body(__kt, t);
	kfree(t);
}

static void eof_body(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[64];

	tt_type(t, "\x04");				/* VEOF alone: end of file */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 0);
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), -EAGAIN);	/* consumed */
	tt_type(t, "abc\x04");				/* after text: the line, no newline */
	KT_ASSERT_EQ(tt_inq(t), 3);
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 3);
	KT_ASSERT_STR(buf, "abc");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), -EAGAIN);
	tt_type(t, "xy\x04\x04");			/* a second ^D is a second EOF */
	KT_ASSERT_EQ(tt_read(t, buf, 3), 2);
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 0);
	KT_ASSERT_STR(t->out, "abcxy");			/* ^D is not echoed */
}

KTEST(tty_eof_ends_a_line_or_reads_as_eof)
{
	struct tt *t;

	TT_NEW(t);
	eof_body(__kt, t);
	kfree(t);
}

static void echo_flags_body(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[64];

	tt_mode(t, ECHO, ECHONL, -1, 0);
	tt_type(t, "secret\r");				/* ECHONL: only the newline */
	KT_ASSERT_STR(t->out, "\r\n");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 7);
	tt_mode(t, ECHONL, 0, -1, 0);
	tt_clear(t);
	tt_type(t, "quiet\n");
	KT_ASSERT_STR(t->out, "");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 6);
	/* ECHOK without ECHOKE: the kill character, then a newline. */
	tt_mode(t, ECHOKE, ECHO | ECHOK, -1, 0);
	tt_type(t, "xx\x15" "y\n");
	KT_ASSERT_STR(t->out, "xx^U\r\ny\r\n");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 2);
	KT_ASSERT_STR(buf, "y\n");
}

KTEST(tty_echo_flags)
{
	struct tt *t;

	TT_NEW(t);
	echo_flags_body(__kt, t);
	kfree(t);
}

static void icrnl_body(struct ktest_ctx *__kt, struct tt *t)
{
	unsigned long flags;
	char buf[64];

	spin_lock_irqsave(&t->tty.lock, flags);
	t->tty.termios.c_iflag &= ~ICRNL;
	spin_unlock_irqrestore(&t->tty.lock, flags);
	tt_type(t, "a\rb");				/* CR is an ordinary byte now */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), -EAGAIN);
	tt_type(t, "\n");
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 4);
	KT_ASSERT_STR(buf, "a\rb\n");
}

KTEST(tty_without_icrnl_cr_does_not_end_a_line)
{
	struct tt *t;

	TT_NEW(t);
	icrnl_body(__kt, t);
	kfree(t);
}

static void full_body(struct ktest_ctx *__kt, struct tt *t)
{
	static char buf[N_TTY_BUF_SIZE + 8];

	for (int i = 0; i < N_TTY_BUF_SIZE + 100; i++)
		tty_receive_char(&t->tty, 'x');
	tty_receive_char(&t->tty, '\n');		/* still fits: the slot kept for it */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), N_TTY_BUF_SIZE);
	KT_ASSERT(buf[N_TTY_BUF_SIZE - 2] == 'x' && buf[N_TTY_BUF_SIZE - 1] == '\n',
		  "the line does not end with a newline");
}

KTEST(tty_full_buffer_keeps_room_for_the_newline)
{
	struct tt *t;

	TT_NEW(t);
	full_body(__kt, t);
	kfree(t);
}

/* ---- output ---- */

static void output_body(struct ktest_ctx *__kt, struct tt *t)
{
	unsigned long flags;

	KT_ASSERT_EQ(n_tty_write(&t->tty, "a\nb\tc", 5), 5);
	KT_ASSERT_STR(t->out, "a\r\nb\tc");		/* ONLCR */
	KT_ASSERT_EQ(t->tty.ldata.column, 9);
	tt_clear(t);
	spin_lock_irqsave(&t->tty.lock, flags);
	t->tty.termios.c_oflag |= XTABS;
	spin_unlock_irqrestore(&t->tty.lock, flags);
	n_tty_write(&t->tty, "\rab\tc", 5);
	KT_ASSERT_STR(t->out, "\rab      c");
	tt_clear(t);
	spin_lock_irqsave(&t->tty.lock, flags);
	t->tty.termios.c_oflag &= ~OPOST;
	spin_unlock_irqrestore(&t->tty.lock, flags);
	n_tty_write(&t->tty, "raw\n", 4);
	KT_ASSERT_STR(t->out, "raw\n");
}

KTEST(tty_output_processing)
{
	struct tt *t;

	TT_NEW(t);
	output_body(__kt, t);
	kfree(t);
}

/* ---- non-canonical mode ---- */

struct feeder {
	struct tt *t;
	const char *parts[3];		/* typed one after the other */
	unsigned delay_ms;		/* before each */
	struct completion done;
};

static int feeder_thread(void *arg)
{
	struct feeder *f = arg;

	for (int i = 0; i < 3 && f->parts[i]; i++) {
		msleep(f->delay_ms);
		tt_type(f->t, f->parts[i]);
	}
	complete(&f->done);
	return 0;
}

static bool start_feeder(struct feeder *f, struct tt *t, unsigned delay_ms,
			 const char *a, const char *b)
{
	f->t = t;
	f->parts[0] = a;
	f->parts[1] = b;
	f->parts[2] = NULL;
	f->delay_ms = delay_ms;
	init_completion(&f->done);
	return kthread_run(feeder_thread, f, "tty-feeder") != NULL;
}

static void noncanon_body(struct ktest_ctx *__kt, struct tt *t)
{
	struct feeder f;
	char buf[64];
	u64 start;
	ssize_t r;

	tt_type(t, "part");
	tt_mode(t, ICANON, 0, 0, 0);			/* VMIN 0, VTIME 0: a poll */
	KT_ASSERT_EQ(tt_inq(t), 4);			/* the unfinished line is readable */
	KT_ASSERT_EQ(n_tty_read(&t->tty, buf, sizeof(buf), false), 4);
	KT_ASSERT_EQ(n_tty_read(&t->tty, buf, sizeof(buf), false), 0);
	tt_type(t, "\x7f");				/* no editing: a byte like others */
	KT_ASSERT_EQ(n_tty_read(&t->tty, buf, sizeof(buf), false), 1);
	KT_ASSERT_EQ(buf[0], 0x7f);

	tt_mode(t, 0, 0, 0, 2);				/* VMIN 0, VTIME 0.2 s: a timed read */
	start = ktime_get_ns();
	KT_ASSERT_EQ(n_tty_read(&t->tty, buf, sizeof(buf), false), 0);
	KT_ASSERT(ktime_get_ns() - start >= 200 * NSEC_PER_MSEC, "timed out after %lu ns",
		  ktime_get_ns() - start);

	tt_mode(t, 0, 0, 2, 0);				/* VMIN 2: wait for two bytes */
	KT_ASSERT(start_feeder(&f, t, 30, "x", "yz"), "no memory");
	r = n_tty_read(&t->tty, buf, sizeof(buf), false);
	wait_for_completion(&f.done);
	KT_ASSERT(r == 3 || r == 2, "read %ld bytes", r);
	KT_ASSERT(!memcmp(buf, "xyz", r), "read the wrong bytes");
	n_tty_read(&t->tty, buf, sizeof(buf), true);

	tt_mode(t, 0, 0, 5, 1);				/* VMIN 5, VTIME 0.1 s between bytes */
	KT_ASSERT(start_feeder(&f, t, 30, "ab", NULL), "no memory");
	r = n_tty_read(&t->tty, buf, sizeof(buf), false);
	wait_for_completion(&f.done);
	KT_ASSERT_EQ(r, 2);				/* the timer ended it before VMIN */
}

KTEST(tty_noncanonical_vmin_vtime)
{
	struct tt *t;

	TT_NEW(t);
	noncanon_body(__kt, t);
	kfree(t);
}

/* A reader asleep in canonical mode wakes when the line is complete. */
static void wakeup_body(struct ktest_ctx *__kt, struct tt *t)
{
	struct feeder f;
	char buf[64];
	ssize_t r;

	KT_ASSERT(start_feeder(&f, t, 30, "la", "te\r"), "no memory");
	r = n_tty_read(&t->tty, buf, sizeof(buf) - 1, false);
	wait_for_completion(&f.done);
	KT_ASSERT_EQ(r, 5);
	buf[r] = 0;
	KT_ASSERT_STR(buf, "late\n");
}

KTEST(tty_blocked_reader_wakes_at_end_of_line)
{
	struct tt *t;

	TT_NEW(t);
	wakeup_body(__kt, t);
	kfree(t);
}

/* ---- signals ---- */

struct sig_run {
	int status;
	struct completion done;
};

static int pause_runner(void *arg)
{
	struct sig_run *r = arg;
	char *const argv[] = { "pause", NULL };

	r->status = run_user_program("/bin/pause", argv);
	complete(&r->done);
	return 0;
}

/* The process group of the running /bin/pause, once it is in user space;
 * 0 if it did not get there within 5 s. */
static int find_pause_pgrp(void)
{
	for (int tries = 0; tries < 500; tries++) {
		struct task_struct *p;
		unsigned long flags;
		int pgid = 0;

		spin_lock_irqsave(&tasklist_lock, flags);
		for_each_process_locked(p)
			if (!strcmp(p->comm, "pause") && p->mm && !p->exit_state)
				pgid = p->pgid;
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (pgid)
			return pgid;
		msleep(10);
	}
	return 0;
}

/* Type c at a tty whose foreground group is a /bin/pause; returns its
 * wait status (or -1). The typed line before it must be flushed. */
static void isig_one(struct ktest_ctx *__kt, struct tt *t, char c, int sig)
{
	struct sig_run run = { .status = -1 };
	char typed[8] = { 'a', 'b', c, 0 };
	int pgrp;

	init_completion(&run.done);
	KT_ASSERT(kthread_run(pause_runner, &run, "pause-runner"), "no memory");
	pgrp = find_pause_pgrp();
	if (!pgrp)
		wait_for_completion(&run.done);
	KT_ASSERT(pgrp, "/bin/pause did not start (status %d)", run.status);
	t->tty.pgrp = pgrp;
	tt_clear(t);
	tt_type(t, typed);
	if (sig == SIGTSTP) {
		msleep(50);
		KT_ASSERT(wait_for_completion_timeout(&run.done, 0) == 0, "^Z ended the process");
		kill_pgrp(pgrp, SIGKILL, SI_KERNEL);
		sig = SIGKILL;
	}
	wait_for_completion(&run.done);
	t->tty.pgrp = 0;
	KT_ASSERT_EQ(run.status, W_EXITCODE(0, sig));
	KT_ASSERT_EQ(tt_inq(t), 0);			/* "ab" was flushed */
	KT_ASSERT_EQ(t->out[2], '^');			/* echoed as ^C, ^\, ^Z */
	KT_ASSERT_EQ(t->out[3], c ^ 0100);
}

KTEST(tty_isig_signals_the_foreground_group)
{
	struct tt *t;

	if (!initramfs_module())
		return;
	TT_NEW(t);
	isig_one(__kt, t, 0x03, SIGINT);
	if (!__kt->failed)
		isig_one(__kt, t, 0x1c, SIGQUIT);
	if (!__kt->failed)
		isig_one(__kt, t, 0x1a, SIGTSTP);
	kfree(t);
}

static void noflsh_body(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[16];

	tt_mode(t, 0, NOFLSH, -1, 0);
	tt_type(t, "keep\n" "ab\x03" "c\n");		/* no foreground group: nobody signalled */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 5);
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 4);
	KT_ASSERT_STR(buf, "abc\n");
	tt_mode(t, NOFLSH | ISIG, 0, -1, 0);
	tt_type(t, "\x03\n");				/* without ISIG, ^C is data */
	KT_ASSERT_EQ(tt_read(t, buf, sizeof(buf)), 2);
	KT_ASSERT_EQ(buf[0], 0x03);
}

KTEST(tty_noflsh_and_no_isig)
{
	struct tt *t;

	TT_NEW(t);
	noflsh_body(__kt, t);
	kfree(t);
}
