/*
 * Readiness of open files, for poll(2) and select(2) (fs/select.c) and
 * for the files that implement ->poll (ttys, pipes).
 *
 * A file's ->poll(file, pt) does two things: it calls poll_wait() for
 * every wait queue on which it will wake a change of readiness, and it
 * returns the POLL* mask that holds now. poll_wait() hands each queue to
 * the poller (pt->qproc), which queues an entry for the sleeping task; a
 * wake_up() on the queue then wakes the poller. pt is NULL (or has no
 * qproc) when the caller only wants the mask. ->poll may be called with
 * no lock held and must not sleep (it may take spinlocks).
 */
#ifndef FS_POLL_H
#define FS_POLL_H

#include "kernel/types.h"
#include "kernel/sched/wait_types.h"

struct file;

/* Linux's poll bits (asm-generic/poll.h). */
#define POLLIN		0x0001
#define POLLPRI		0x0002
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define POLLRDNORM	0x0040
#define POLLRDBAND	0x0080
#define POLLWRNORM	0x0100
#define POLLWRBAND	0x0200
#define POLLMSG		0x0400
#define POLLRDHUP	0x2000

/* What a file without ->poll is: always ready both ways. */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

struct poll_table_struct {
	/* Queue the poller on wq; NULL when nobody will sleep. */
	void (*qproc)(struct file *file, struct wait_queue_head *wq,
		      struct poll_table_struct *pt);
};
typedef struct poll_table_struct poll_table;

/* In ->poll: the poller should be woken through wq. Any lock the caller
 * holds must allow taking wq->lock (IRQ-safe). */
static inline void poll_wait(struct file *file, struct wait_queue_head *wq, poll_table *pt)
{
	if (pt && pt->qproc && wq)
		pt->qproc(file, wq, pt);
}

/* The file's ->poll through the lock-rule check (DEFAULT_POLLMASK when it
 * has none). No lock held. */
unsigned vfs_poll(struct file *file, poll_table *pt);

/* struct pollfd as poll(2) takes it. */
struct pollfd {
	int fd;
	short events;
	short revents;
};

/* poll(2) on kernel memory, over the current task's descriptors: the
 * number of entries with revents set, 0 after timeout_ms (negative: no
 * timeout), -ERESTARTNOHAND on a signal. May sleep. */
int kernel_poll(struct pollfd *fds, unsigned nfds, int timeout_ms);

#endif
