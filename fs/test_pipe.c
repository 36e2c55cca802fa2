/*
 * ktests of pipes and poll (ktest=pipe_, ktest=poll_): the ring's size
 * and its page merging, PIPE_BUF atomicity between two writers, end of
 * file and EPIPE, blocking both ways, ->poll's bits, and kernel_poll()
 * waking on a pipe and a tty, or timing out.
 *
 * The files come from create_pipe_files() and are read and written with
 * kernel_read()/kernel_write(). The poll tests give the test thread a
 * descriptor table of its own for the time of the test.
 */
#include "kernel/ktest/ktest.h"
#include "fs/pipe.h"
#include "fs/poll.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "drivers/tty/tty.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/time.h"
#include "mm/slab.h"

#define KT_PIPE(files, flags) do {					\
	int __e = create_pipe_files((files), (flags));			\
	KT_ASSERT(__e == 0, "create_pipe_files: %d", __e);		\
} while (0)

static void close_pipe(struct file *files[2])
{
	if (files[0])
		fput(files[0]);
	if (files[1])
		fput(files[1]);
	files[0] = files[1] = NULL;
}

/* ---- the ring ---- */

static void ring_body(struct ktest_ctx *__kt, struct file *p[2], char *buf)
{
	ssize_t n;

	KT_ASSERT_EQ(kernel_write(p[1], "hello", 5), 5);
	KT_ASSERT_EQ(kernel_read(p[0], buf, 100), 5);
	KT_ASSERT(!memcmp(buf, "hello", 5), "read back the wrong bytes");
	KT_ASSERT_EQ(kernel_read(p[0], buf, 100), -EAGAIN);	/* empty, O_NONBLOCK */
	/* 64 KiB fit, not a byte more. */
	memset(buf, 'x', 70000);
	n = kernel_write(p[1], buf, 70000);
	KT_ASSERT_EQ(n, PIPE_DEF_BUFFERS * PAGE_SIZE);
	KT_ASSERT_EQ(kernel_write(p[1], "y", 1), -EAGAIN);
	/* Reading a page frees a slot: a page more fits again. */
	KT_ASSERT_EQ(kernel_read(p[0], buf, PAGE_SIZE), PAGE_SIZE);
	KT_ASSERT_EQ(kernel_write(p[1], buf, 2 * PAGE_SIZE), PAGE_SIZE);
	for (int i = 0; i < PIPE_DEF_BUFFERS; i++)
		KT_ASSERT_EQ(kernel_read(p[0], buf, PAGE_SIZE), PAGE_SIZE);
	KT_ASSERT_EQ(kernel_read(p[0], buf, 1), -EAGAIN);
	/* Small writes share a page: 16 pages hold far more than 16 of them. */
	for (int i = 0; i < 100; i++)
		KT_ASSERT_EQ(kernel_write(p[1], "0123456789", 10), 10);
	KT_ASSERT_EQ(kernel_read(p[0], buf, 5000), 1000);
	KT_ASSERT(!memcmp(buf + 990, "0123456789", 10), "small writes out of order");
}

KTEST(pipe_ring_holds_64k_and_merges_small_writes)
{
	struct file *p[2] = { NULL, NULL };
	char *buf = kmalloc(70000, GFP_KERNEL);

	KT_ASSERT(buf, "no memory");
	KT_PIPE(p, O_NONBLOCK);
	ring_body(__kt, p, buf);
	close_pipe(p);
	kfree(buf);
}

KTEST(pipe_eof_and_epipe)
{
	struct file *p[2];
	char buf[8];

	KT_PIPE(p, 0);
	KT_ASSERT_EQ(kernel_write(p[1], "ab", 2), 2);
	fput(p[1]);
	p[1] = NULL;
	KT_ASSERT_EQ(kernel_read(p[0], buf, sizeof(buf)), 2);	/* what was left */
	KT_ASSERT_EQ(kernel_read(p[0], buf, sizeof(buf)), 0);	/* then EOF, no blocking */
	close_pipe(p);

	KT_PIPE(p, 0);
	fput(p[0]);
	p[0] = NULL;
	KT_ASSERT_EQ(kernel_write(p[1], "ab", 2), -EPIPE);	/* SIGPIPE: none for a kthread */
	close_pipe(p);
}

/* ---- two writers, one reader ---- */

#define ATOMIC_CHUNK	3000		/* <= PIPE_BUF: must land whole */
#define ATOMIC_WRITES	60

struct writer {
	struct file *f;
	char c;
	struct completion done;
};

static int writer_thread(void *arg)
{
	struct writer *w = arg;
	char *chunk = kmalloc(ATOMIC_CHUNK, GFP_KERNEL);

	if (chunk) {
		memset(chunk, w->c, ATOMIC_CHUNK);
		for (int i = 0; i < ATOMIC_WRITES; i++)
			if (kernel_write(w->f, chunk, ATOMIC_CHUNK) != ATOMIC_CHUNK)
				break;
		kfree(chunk);
	}
	complete(&w->done);
	return 0;
}

/* Read everything (blocking) and check that each ATOMIC_CHUNK of the
 * stream is one writer's. */
static void atomic_body(struct ktest_ctx *__kt, struct file *p[2], char *stream)
{
	size_t total = 2 * ATOMIC_CHUNK * ATOMIC_WRITES, got = 0;

	while (got < total) {
		ssize_t n = kernel_read(p[0], stream + got, total - got < 777 ? total - got : 777);

		KT_ASSERT(n > 0, "read returned %ld after %zu bytes", n, got);
		got += (size_t)n;
	}
	for (size_t i = 0; i < total; i++)
		KT_ASSERT(stream[i] == stream[i - i % ATOMIC_CHUNK],
			  "byte %zu is '%c', its chunk began with '%c'", i, stream[i],
			  stream[i - i % ATOMIC_CHUNK]);
}

KTEST(pipe_writes_up_to_pipe_buf_are_atomic)
{
	static struct writer w[2];
	struct file *p[2];
	char *stream = kmalloc(2 * ATOMIC_CHUNK * ATOMIC_WRITES, GFP_KERNEL);

	KT_ASSERT(stream, "no memory");
	KT_PIPE(p, 0);
	for (int i = 0; i < 2; i++) {
		w[i].f = p[1];
		w[i].c = 'A' + i;
		init_completion(&w[i].done);
		KT_ASSERT(kthread_run(writer_thread, &w[i], "pipe-writer"), "no memory");
	}
	atomic_body(__kt, p, stream);
	wait_for_completion(&w[0].done);
	wait_for_completion(&w[1].done);
	close_pipe(p);
	kfree(stream);
}

/* A writer blocked on a full pipe goes on when the reader drains it; a
 * reader blocked on an empty one wakes when the last writer closes. */
struct closer {
	struct file *f;
	unsigned delay_ms;
	struct completion done;
};

static int closer_thread(void *arg)
{
	struct closer *c = arg;

	msleep(c->delay_ms);
	fput(c->f);
	complete(&c->done);
	return 0;
}

static int drainer_thread(void *arg)
{
	struct closer *c = arg;
	static char buf[PAGE_SIZE];

	msleep(c->delay_ms);
	kernel_read(c->f, buf, sizeof(buf));
	complete(&c->done);
	return 0;
}

static void blocking_body(struct ktest_ctx *__kt, struct file *p[2], char *buf)
{
	struct closer c = { .delay_ms = 50 };

	memset(buf, 'z', PIPE_DEF_BUFFERS * PAGE_SIZE);
	KT_ASSERT_EQ(kernel_write(p[1], buf, PIPE_DEF_BUFFERS * PAGE_SIZE),
		     PIPE_DEF_BUFFERS * PAGE_SIZE);
	c.f = p[0];
	init_completion(&c.done);
	KT_ASSERT(kthread_run(drainer_thread, &c, "pipe-drainer"), "no memory");
	KT_ASSERT_EQ(kernel_write(p[1], "more", 4), 4);	/* blocks until drained */
	wait_for_completion(&c.done);

	c.f = get_file(p[1]);
	init_completion(&c.done);
	fput(p[1]);
	p[1] = NULL;
	KT_ASSERT(kthread_run(closer_thread, &c, "pipe-closer"), "no memory");
	while (kernel_read(p[0], buf, PAGE_SIZE) > 0)
		;				/* ends at EOF when the closer closes */
	wait_for_completion(&c.done);
}

KTEST(pipe_blocks_both_ways)
{
	struct file *p[2];
	char *buf = kmalloc(PIPE_DEF_BUFFERS * PAGE_SIZE, GFP_KERNEL);

	KT_ASSERT(buf, "no memory");
	KT_PIPE(p, 0);
	blocking_body(__kt, p, buf);
	close_pipe(p);
	kfree(buf);
}

/* ---- ->poll ---- */

static void poll_bits_body(struct ktest_ctx *__kt, struct file *p[2], char *buf)
{
	KT_ASSERT_EQ(vfs_poll(p[0], NULL), 0);
	KT_ASSERT_EQ(vfs_poll(p[1], NULL), POLLOUT | POLLWRNORM);
	kernel_write(p[1], "x", 1);
	KT_ASSERT_EQ(vfs_poll(p[0], NULL), POLLIN | POLLRDNORM);
	memset(buf, 'f', PIPE_DEF_BUFFERS * PAGE_SIZE);
	kernel_write(p[1], buf, PIPE_DEF_BUFFERS * PAGE_SIZE);
	KT_ASSERT_EQ(vfs_poll(p[1], NULL), 0);		/* full */
	fput(p[1]);
	p[1] = NULL;
	KT_ASSERT_EQ(vfs_poll(p[0], NULL), POLLIN | POLLRDNORM | POLLHUP);
}

KTEST(poll_pipe_bits)
{
	struct file *p[2];
	char *buf = kmalloc(PIPE_DEF_BUFFERS * PAGE_SIZE, GFP_KERNEL);

	KT_ASSERT(buf, "no memory");
	KT_PIPE(p, O_NONBLOCK);
	poll_bits_body(__kt, p, buf);
	close_pipe(p);
	KT_PIPE(p, 0);
	fput(p[0]);
	p[0] = NULL;
	KT_ASSERT_EQ(vfs_poll(p[1], NULL), POLLOUT | POLLWRNORM | POLLERR);
	close_pipe(p);
	kfree(buf);
}

/* ---- kernel_poll ---- */

/* Give the test thread a descriptor table; returns the one it had. */
static struct files_struct *kt_files_swap(struct files_struct *files)
{
	struct files_struct *old;

	task_lock(current);
	old = current->files;
	current->files = files;
	task_unlock(current);
	return old;
}

struct typist {
	struct tty_struct *tty;
	struct file *f;
	unsigned delay_ms;
	struct completion done;
};

static int pipe_typist(void *arg)
{
	struct typist *t = arg;

	msleep(t->delay_ms);
	kernel_write(t->f, "!", 1);
	complete(&t->done);
	return 0;
}

static void kernel_poll_body(struct ktest_ctx *__kt, struct files_struct *files)
{
	struct file *p[2], *q[2];
	struct pollfd fds[3];
	struct typist t = { .delay_ms = 60 };
	u64 start;

	KT_PIPE(p, 0);
	KT_PIPE(q, 0);
	fds[0] = (struct pollfd){ .fd = fd_install_lowest(files, p[0], 0, false), .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = fd_install_lowest(files, q[0], 0, false), .events = POLLIN };
	fds[2] = (struct pollfd){ .fd = 77, .events = POLLIN };	/* not open */
	KT_ASSERT(fds[0].fd >= 0 && fds[1].fd >= 0, "no descriptors");
	/* Nothing but the bad descriptor: POLLNVAL, at once. */
	KT_ASSERT_EQ(kernel_poll(fds, 3, 1000), 1);
	KT_ASSERT_EQ(fds[2].revents, POLLNVAL);
	/* A timeout with nothing ready. */
	start = ktime_get_ns();
	KT_ASSERT_EQ(kernel_poll(fds, 2, 100), 0);
	KT_ASSERT(ktime_get_ns() - start >= 100 * NSEC_PER_MSEC, "returned after %lu ns",
		  ktime_get_ns() - start);
	/* A write from another thread wakes the poller. */
	t.f = q[1];
	init_completion(&t.done);
	KT_ASSERT(kthread_run(pipe_typist, &t, "poll-typist"), "no memory");
	start = ktime_get_ns();
	KT_ASSERT_EQ(kernel_poll(fds, 2, 5000), 1);
	KT_ASSERT(ktime_get_ns() - start < 3 * NSEC_PER_SEC, "woke after %lu ns",
		  ktime_get_ns() - start);
	KT_ASSERT_EQ(fds[0].revents, 0);
	KT_ASSERT_EQ(fds[1].revents, POLLIN);
	wait_for_completion(&t.done);
	fput(p[1]);
	fput(q[1]);
}

KTEST(poll_waits_for_a_pipe_or_times_out)
{
	struct files_struct *files = files_alloc(), *old;

	KT_ASSERT(files, "no memory");
	old = kt_files_swap(files);
	kernel_poll_body(__kt, files);
	kt_files_swap(old);
	files_put(files);			/* closes the read ends */
}
