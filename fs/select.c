/*
 * poll(2), ppoll(2), select(2) and pselect6(2), as Linux's fs/select.c.
 *
 * A poller asks each file's ->poll (through vfs_poll) for its readiness.
 * On the first pass it also hands ->poll a poll table whose qproc,
 * __pollwait(), puts an entry for the task on every wait queue ->poll
 * names (holding a reference on the file, so the queue outlives the
 * wait). Then it sleeps until one of those queues is woken, the timeout
 * ends, or a signal arrives, and asks again. The task state is set to
 * TASK_INTERRUPTIBLE before each pass: a wake-up during the pass sets it
 * back to running, so the sleep that follows returns at once and no event
 * is lost between asking and sleeping.
 *
 * Interrupted by a signal, poll and select return -ERESTARTNOHAND (EINTR
 * once a handler runs; restarted otherwise, with select's timeval set to
 * the time left). ppoll and pselect6 install their signal mask for the
 * wait; the old one comes back on return, or after the handler when a
 * signal interrupted the wait (saved_sigmask, as rt_sigsuspend).
 *
 * Locking: none of its own. The entries are the poller's; each wait
 * queue's lock covers adding and removing them. ->poll is called with no
 * lock held.
 */
#include "fs/poll.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/ops.h"
#include "kernel/user/signal.h"
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/time.h"
#include "mm/slab.h"

#define POLL_INLINE_ENTRIES	16
#define POLL_PAGE_ENTRIES	60

#define POLLIN_SET	(POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET	(POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET	(POLLPRI)

#define TIMEOUT_MAX_SEC	(1UL << 32)	/* longer counts as no timeout */

unsigned vfs_poll(struct file *file, poll_table *pt)
{
	struct lr_observed o = { 0 };

	if (!file->f_op || !file->f_op->poll)
		return DEFAULT_POLLMASK;
	lr_file(&o, file);
	LR_CHECK(file_poll, &o);
	return file->f_op->poll(file, pt);
}

/* ---- the poll table ---- */

/* The task queued on one wait queue on behalf of one file. */
struct poll_table_entry {
	struct file *filp;			/* a reference, until poll_freewait */
	struct wait_queue_head *wq;
	struct wait_queue_entry wait;
};

struct poll_table_page {
	struct poll_table_page *next;
	unsigned nr;
	struct poll_table_entry entries[POLL_PAGE_ENTRIES];
};

/* A poller's table; lives on its stack for the call. Owner task only. */
struct poll_wqueues {
	poll_table pt;
	struct poll_table_page *pages;
	int error;				/* -ENOMEM when an entry could not be made */
	unsigned inline_nr;
	struct poll_table_entry inline_entries[POLL_INLINE_ENTRIES];
};

static struct poll_table_entry *poll_get_entry(struct poll_wqueues *p)
{
	struct poll_table_page *page = p->pages;

	if (p->inline_nr < POLL_INLINE_ENTRIES)
		return &p->inline_entries[p->inline_nr++];
	if (!page || page->nr == POLL_PAGE_ENTRIES) {
		page = kmalloc(sizeof(*page), GFP_KERNEL);
		if (!page)
			return NULL;
		page->nr = 0;
		page->next = p->pages;
		p->pages = page;
	}
	return &page->entries[page->nr++];
}

/* qproc: queue the current task on wq until poll_freewait(). */
static void __pollwait(struct file *file, struct wait_queue_head *wq, poll_table *pt)
{
	struct poll_wqueues *p = container_of(pt, struct poll_wqueues, pt);
	struct poll_table_entry *e = poll_get_entry(p);
	unsigned long flags;

	if (!e) {
		p->error = -ENOMEM;
		return;
	}
	e->filp = get_file(file);
	e->wq = wq;
	e->wait.task = current;
	e->wait.flags = 0;
	INIT_LIST_HEAD(&e->wait.entry);
	spin_lock_irqsave(&wq->lock, flags);
	list_add(&e->wait.entry, &wq->head);
	spin_unlock_irqrestore(&wq->lock, flags);
}

static void poll_initwait(struct poll_wqueues *p)
{
	p->pt.qproc = __pollwait;
	p->pages = NULL;
	p->error = 0;
	p->inline_nr = 0;
}

static void free_poll_entry(struct poll_table_entry *e)
{
	unsigned long flags;

	spin_lock_irqsave(&e->wq->lock, flags);
	list_del_init(&e->wait.entry);
	spin_unlock_irqrestore(&e->wq->lock, flags);
	fput(e->filp);
}

/* Off every queue, file references dropped. May sleep (fput). */
static void poll_freewait(struct poll_wqueues *p)
{
	struct poll_table_page *page = p->pages;

	for (unsigned i = 0; i < p->inline_nr; i++)
		free_poll_entry(&p->inline_entries[i]);
	while (page) {
		struct poll_table_page *next = page->next;

		for (unsigned i = 0; i < page->nr; i++)
			free_poll_entry(&page->entries[i]);
		kfree(page);
		page = next;
	}
}

/* ---- timeouts ----
 *
 * Deadlines are times of the monotonic clock (ktime_get_ns(), what
 * CLOCK_MONOTONIC reads), so that a timeout never ends early by that
 * clock: the sleep is in whole ticks, and one more follows if the ticks
 * came short. NO_DEADLINE: wait for ever. */

#define NO_DEADLINE	(~0ULL)

/* The deadline sec s + nsec ns from now. */
static u64 deadline_after(u64 sec, u64 nsec)
{
	u64 now = ktime_get_ns();

	if (sec > TIMEOUT_MAX_SEC)
		return NO_DEADLINE;		/* practically for ever */
	return now + sec * NSEC_PER_SEC + nsec;
}

/* Ticks to sleep towards deadline: 0 once it has passed, -1 for none. */
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

/* Sleep (state already set) until woken or deadline. */
static void poll_schedule(u64 deadline)
{
	long left = ticks_left(deadline);

	current->blocked_kind = "poll";
	current->blocked_on = NULL;
	if (left < 0)
		schedule();
	else if (left)
		schedule_timeout(left);
	current->blocked_kind = NULL;
}

/* The nanoseconds left until deadline, for writing back. */
static u64 ns_left(u64 deadline)
{
	u64 now = ktime_get_ns();

	return deadline > now ? deadline - now : 0;
}

/* ---- poll ---- */

/* Readiness of one entry; NULL pt after the first pass. */
static unsigned poll_one(struct pollfd *pfd, poll_table *pt)
{
	struct file *f;
	unsigned mask;

	if (pfd->fd < 0)
		return 0;
	f = current->files ? fget(current->files, (unsigned)pfd->fd) : NULL;
	if (!f)
		return POLLNVAL;
	mask = vfs_poll(f, pt);
	fput(f);
	return mask & ((unsigned short)pfd->events | POLLERR | POLLHUP);
}

/* One pass over the entries: revents set, the number ready. */
struct poll_args {
	struct pollfd *fds;
	unsigned nfds;
};

static int poll_pass(void *arg, poll_table *pt)
{
	struct poll_args *pa = arg;
	int count = 0;

	for (unsigned i = 0; i < pa->nfds; i++) {
		pa->fds[i].revents = (short)poll_one(&pa->fds[i], pt);
		if (pa->fds[i].revents)
			count++;
	}
	return count;
}

/* The wait of poll and select: pass over the files (registering on their
 * wait queues the first time), sleep until one wakes us, the deadline or
 * a signal, and pass again. Returns what the pass returned (> 0 ready,
 * or -errno), 0 on timeout, -ERESTARTNOHAND on a signal, -ENOMEM. */
static int poll_wait_loop(int (*pass)(void *arg, poll_table *pt), void *arg, u64 deadline)
{
	struct poll_wqueues table;
	poll_table *pt = &table.pt;
	int count;

	might_sleep();
	poll_initwait(&table);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		count = pass(arg, pt);
		pt = NULL;
		if (!count && table.error)
			count = table.error;
		else if (!count && signal_pending(current))
			count = -ERESTARTNOHAND;
		if (count || !ticks_left(deadline))
			break;
		poll_schedule(deadline);
	}
	__set_current_state(TASK_RUNNING);
	poll_freewait(&table);
	return count;
}

static int do_poll(struct pollfd *fds, unsigned nfds, u64 deadline)
{
	struct poll_args pa = { fds, nfds };

	return poll_wait_loop(poll_pass, &pa, deadline);
}

/* Copy in, poll, copy the revents back. */
static long poll_fds(struct pollfd *ufds, unsigned nfds, u64 deadline)
{
	struct pollfd *fds;
	size_t size = (size_t)nfds * sizeof(*fds);
	long ret;

	if (nfds > NR_OPEN_MAX || nfds > current->rlim[RLIMIT_NOFILE].rlim_cur)
		return -EINVAL;
	fds = kmalloc(size ? size : 1, GFP_KERNEL);
	if (!fds)
		return -ENOMEM;
	ret = copy_from_user(fds, ufds, size);
	if (!ret)
		ret = do_poll(fds, nfds, deadline);
	for (unsigned i = 0; ret >= 0 && i < nfds; i++)
		if (copy_to_user(&ufds[i].revents, &fds[i].revents, sizeof(short)))
			ret = -EFAULT;
	kfree(fds);
	return ret;
}

/* The deadline of a timeout in milliseconds (negative: none). */
static u64 ms_deadline(int timeout_ms)
{
	if (timeout_ms < 0)
		return NO_DEADLINE;
	return deadline_after((u64)timeout_ms / 1000, (u64)(timeout_ms % 1000) * NSEC_PER_MSEC);
}

int kernel_poll(struct pollfd *fds, unsigned nfds, int timeout_ms)
{
	return do_poll(fds, nfds, ms_deadline(timeout_ms));
}

static long sys_poll(struct pollfd *ufds, unsigned nfds, int timeout_ms)
{
	return poll_fds(ufds, nfds, ms_deadline(timeout_ms));
}
SYSCALL_ENTRY(poll, sys_poll);

/* The temporary signal masks of ppoll and pselect6: set_user_sigmask()
 * and restore_user_sigmask() (kernel/user/signal.h). */

struct k_timespec {
	long tv_sec;
	long tv_nsec;
};

struct k_timeval {
	long tv_sec;
	long tv_usec;
};

/* A timespec from user space as a deadline; -EINVAL if malformed. */
static long timespec_deadline(const struct k_timespec *uts, u64 *deadline)
{
	struct k_timespec ts;

	*deadline = NO_DEADLINE;
	if (!uts)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	*deadline = deadline_after((u64)ts.tv_sec, (u64)ts.tv_nsec);
	return 0;
}

/* Linux writes the time left back into the caller's timespec. */
static void timespec_write_left(struct k_timespec *uts, u64 deadline)
{
	u64 ns = ns_left(deadline);
	struct k_timespec ts = { (long)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };

	if (uts && deadline != NO_DEADLINE)
		copy_to_user(uts, &ts, sizeof(ts));
}

static long sys_ppoll(struct pollfd *ufds, unsigned nfds, struct k_timespec *uts,
		      const sigset_t *umask, size_t sigsetsize)
{
	u64 deadline;
	long ret;

	ret = timespec_deadline(uts, &deadline);
	if (ret)
		return ret;
	ret = set_user_sigmask(umask, sigsetsize);
	if (ret)
		return ret;
	ret = poll_fds(ufds, nfds, deadline);
	restore_user_sigmask(ret);
	timespec_write_left(uts, deadline);
	return ret;
}
SYSCALL_ENTRY(ppoll, sys_ppoll);

/* ---- select ---- */

#define BITS_PER_LONG	64
#define FDS_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/* The three sets in and the three results out, one allocation. */
struct fd_sets {
	unsigned long *in, *out, *ex;
	unsigned long *res_in, *res_out, *res_ex;
};

static bool fd_isset(const unsigned long *set, unsigned fd)
{
	return set[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

static void fd_set_bit(unsigned long *set, unsigned fd)
{
	set[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
}

/* Mark fd ready in a result set; returns 1 if it is. */
static int select_result(unsigned long *set, unsigned fd, bool ready)
{
	if (ready)
		fd_set_bit(set, fd);
	return ready;
}

/* One pass over fds 0..n-1. Returns the bits set in the results, or
 * -EBADF for a closed descriptor in a set. */
static int select_pass(struct fd_sets *s, unsigned n, poll_table *pt)
{
	size_t bytes = FDS_LONGS(n) * sizeof(long);
	int count = 0;

	memset(s->res_in, 0, bytes);
	memset(s->res_out, 0, bytes);
	memset(s->res_ex, 0, bytes);
	for (unsigned fd = 0; fd < n; fd++) {
		bool in = fd_isset(s->in, fd), out = fd_isset(s->out, fd), ex = fd_isset(s->ex, fd);
		struct file *f;
		unsigned mask;

		if (!in && !out && !ex)
			continue;
		f = current->files ? fget(current->files, fd) : NULL;
		if (!f)
			return -EBADF;
		mask = vfs_poll(f, pt);
		fput(f);
		count += select_result(s->res_in, fd, in && (mask & POLLIN_SET));
		count += select_result(s->res_out, fd, out && (mask & POLLOUT_SET));
		count += select_result(s->res_ex, fd, ex && (mask & POLLEX_SET));
	}
	return count;
}

struct select_args {
	struct fd_sets *s;
	unsigned n;
};

static int select_pass_arg(void *arg, poll_table *pt)
{
	struct select_args *sa = arg;

	return select_pass(sa->s, sa->n, pt);
}

static int do_select(struct fd_sets *s, unsigned n, u64 deadline)
{
	struct select_args sa = { s, n };

	return poll_wait_loop(select_pass_arg, &sa, deadline);
}

/* Copy a user set in (zeros for NULL). */
static int get_fd_set(unsigned long *set, const unsigned long *uset, size_t bytes)
{
	if (!uset) {
		memset(set, 0, bytes);
		return 0;
	}
	return copy_from_user(set, uset, bytes);
}

static int put_fd_set(unsigned long *uset, const unsigned long *set, size_t bytes)
{
	return uset ? copy_to_user(uset, set, bytes) : 0;
}

static long core_sys_select(int n, unsigned long *uin, unsigned long *uout,
			    unsigned long *uex, u64 deadline)
{
	struct fd_sets s;
	unsigned long *bits;
	size_t bytes;
	long ret;

	if (n < 0)
		return -EINVAL;
	if ((unsigned)n > NR_OPEN_MAX)
		n = NR_OPEN_MAX;	/* as Linux: no descriptor is above the table */
	bytes = FDS_LONGS((unsigned)n) * sizeof(long);
	bits = kmalloc(bytes ? 6 * bytes : 1, GFP_KERNEL);
	if (!bits)
		return -ENOMEM;
	s.in = bits;
	s.out = (unsigned long *)((char *)bits + bytes);
	s.ex = (unsigned long *)((char *)bits + 2 * bytes);
	s.res_in = (unsigned long *)((char *)bits + 3 * bytes);
	s.res_out = (unsigned long *)((char *)bits + 4 * bytes);
	s.res_ex = (unsigned long *)((char *)bits + 5 * bytes);
	ret = get_fd_set(s.in, uin, bytes);
	if (!ret)
		ret = get_fd_set(s.out, uout, bytes);
	if (!ret)
		ret = get_fd_set(s.ex, uex, bytes);
	if (!ret)
		ret = do_select(&s, (unsigned)n, deadline);
	if (ret >= 0 && (put_fd_set(uin, s.res_in, bytes) || put_fd_set(uout, s.res_out, bytes) ||
			 put_fd_set(uex, s.res_ex, bytes)))
		ret = -EFAULT;
	kfree(bits);
	return ret;
}

static long sys_select(int n, unsigned long *uin, unsigned long *uout, unsigned long *uex,
		       struct k_timeval *utv)
{
	u64 deadline = NO_DEADLINE;
	struct k_timeval tv;
	long ret;

	if (utv) {
		if (copy_from_user(&tv, utv, sizeof(tv)))
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		deadline = deadline_after((u64)tv.tv_sec, (u64)tv.tv_usec * 1000);
	}
	ret = core_sys_select(n, uin, uout, uex, deadline);
	if (utv && deadline != NO_DEADLINE) {
		u64 ns = ns_left(deadline);

		tv.tv_sec = (long)(ns / NSEC_PER_SEC);
		tv.tv_usec = (long)(ns % NSEC_PER_SEC / 1000);
		copy_to_user(utv, &tv, sizeof(tv));
	}
	return ret;
}
SYSCALL_ENTRY(select, sys_select);

/* pselect6's sixth argument: the mask and its size, by address. */
struct sigset_argpack {
	const sigset_t *p;
	size_t size;
};

static long sys_pselect6(int n, unsigned long *uin, unsigned long *uout, unsigned long *uex,
			 struct k_timespec *uts, const struct sigset_argpack *usig)
{
	struct sigset_argpack pack = { NULL, 0 };
	u64 deadline;
	long ret;

	ret = timespec_deadline(uts, &deadline);
	if (ret)
		return ret;
	if (usig && copy_from_user(&pack, usig, sizeof(pack)))
		return -EFAULT;
	ret = set_user_sigmask(pack.p, pack.size);
	if (ret)
		return ret;
	ret = core_sys_select(n, uin, uout, uex, deadline);
	restore_user_sigmask(ret);
	timespec_write_left(uts, deadline);
	return ret;
}
SYSCALL_ENTRY(pselect6, sys_pselect6);
