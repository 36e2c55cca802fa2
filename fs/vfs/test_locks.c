/*
 * Tests of file locking (fs/vfs/locks.c): POSIX record locks, flock(2)
 * locks and leases, on a fake inode and fake files made here (so they do
 * not depend on the rest of the VFS). "Processes" are distinct owner
 * pointers. Blocking is tested with kernel threads; every test ends with
 * no locks left and checks that no call broke its lock rule.
 */
#include "kernel/ktest/ktest.h"
#include "fs/vfs/locks.h"
#include "fs/lockrules/lockrules.h"
#include "kernel/cpu/percpu.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/time.h"
#include "mm/slab.h"

#define NFILES 8

struct lk;

/* A request run in its own thread, so that the test can watch it block. */
struct lk_req {
	struct lk *t;
	int (*fn)(struct lk_req *r);
	unsigned owner, cmd;
	int type;
	loff_t start, len;
	int result;
	bool started;			/* a thread runs it */
	bool reaped;			/* its completion was waited for */
	struct completion done;
};

/* One fake inode, files on it, owners ("processes") and request threads. */
struct lk {
	struct inode *inode;
	struct file *file[NFILES];
	char owner[NFILES];		/* owner i is &owner[i] */
	struct lk_req req[2];
	unsigned long violations;	/* lockrule_violations() at the start */
};

static u64 lk_next_ino = 7000;

static bool lk_setup(struct lk *t, const struct file_operations *fop)
{
	memset(t, 0, sizeof(*t));
	t->violations = lockrule_violations();
	t->inode = kzalloc(sizeof(*t->inode), GFP_KERNEL);
	if (!t->inode)
		return false;
	spin_lock_init(&t->inode->i_lock);
	init_rwsem(&t->inode->i_rwsem);
	t->inode->i_mode = S_IFREG | 0644;
	t->inode->i_ino = __atomic_fetch_add(&lk_next_ino, 1, __ATOMIC_RELAXED);
	t->inode->i_size = 1000;
	for (unsigned i = 0; i < NFILES; i++) {
		struct file *f = kzalloc(sizeof(*f), GFP_KERNEL);

		if (!f)
			return false;
		f->f_inode = t->inode;
		f->f_op = fop;
		f->f_mode = FMODE_READ | FMODE_WRITE;
		f->f_count = 1;
		t->file[i] = f;
	}
	return true;
}

/* Wait (up to 2 s) for a request thread to finish; true if it has. */
static bool lk_wait(struct lk_req *r)
{
	if (!r->reaped)
		r->reaped = wait_for_completion_timeout(&r->done, 2 * HZ) != 0;
	return r->reaped;
}

/* Close every file (as the last fput would) and free the inode. A test
 * that failed may have left a request waiting: closing wakes it, and it is
 * waited for. Returns false if one never finished (t must then stay). */
static bool lk_teardown(struct lk *t)
{
	bool done = true;

	for (int pass = 0; pass < 2; pass++) {
		for (unsigned i = 0; i < NFILES; i++)
			if (t->file[i])
				locks_remove_file(t->file[i]);
		for (unsigned i = 0; i < ARRAY_SIZE(t->req); i++)
			if (t->req[i].started && !lk_wait(&t->req[i]))
				done = false;
	}
	if (!done)
		return false;
	for (unsigned i = 0; i < NFILES; i++)
		kfree(t->file[i]);
	if (t->inode)
		locks_free_lock_context(t->inode);
	kfree(t->inode);
	return true;
}

static unsigned lk_count(struct lk *t, struct list_head *(*which)(struct file_lock_context *))
{
	struct file_lock_context *ctx = t->inode->i_flctx;
	struct list_head *pos;
	unsigned n = 0;

	if (!ctx)
		return 0;
	spin_lock(&ctx->flc_lock);
	list_for_each(pos, which(ctx))
		n++;
	spin_unlock(&ctx->flc_lock);
	return n;
}

static struct list_head *posix_list(struct file_lock_context *ctx) { return &ctx->flc_posix; }
static struct list_head *flock_list(struct file_lock_context *ctx) { return &ctx->flc_flock; }
static struct list_head *lease_list(struct file_lock_context *ctx) { return &ctx->flc_lease; }

/* Whether owner holds exactly [start, end] with type (one lock). */
static bool lk_holds(struct lk *t, unsigned owner, int type, loff_t start, loff_t end)
{
	struct file_lock_context *ctx = t->inode->i_flctx;
	struct file_lock *fl;
	bool found = false;

	if (!ctx)
		return false;
	spin_lock(&ctx->flc_lock);
	list_for_each_entry(fl, &ctx->flc_posix, fl_list)
		if (fl->fl_owner == &t->owner[owner] && fl->fl_type == type &&
		    fl->fl_start == start && fl->fl_end == end)
			found = true;
	spin_unlock(&ctx->flc_lock);
	return found;
}

/* fcntl(F_SETLK/F_SETLKW) by owner through file[owner], SEEK_SET. len 0: to EOF. */
static int lk_set(struct lk *t, unsigned owner, unsigned cmd, int type, loff_t start, loff_t len)
{
	struct flock l = { .l_type = (short)type, .l_whence = SEEK_SET,
			   .l_start = start, .l_len = len };

	return fcntl_setlk(t->file[owner], &t->owner[owner], cmd, &l);
}

/* Wait (up to 2 s) until n requests wait for locks of the inode. */
static bool lk_wait_waiters(struct lk *t, unsigned n)
{
	for (int i = 0; i < 400; i++) {
		if (locks_count_waiters(t->inode) == n)
			return true;
		msleep(5);
	}
	return false;
}

static int lk_req_thread(void *p)
{
	struct lk_req *r = p;

	r->result = r->fn(r);
	complete(&r->done);
	return 0;
}

static int lk_req_setlk(struct lk_req *r)
{
	return lk_set(r->t, r->owner, r->cmd, r->type, r->start, r->len);
}

static int lk_req_flock(struct lk_req *r)
{
	return do_flock(r->t->file[r->owner], r->cmd);
}

static int lk_req_break(struct lk_req *r)
{
	return break_lease(r->t->inode, r->cmd);
}

/* Start request slot n (free, or finished) in a thread; NULL if no thread. */
static struct lk_req *lk_start(struct lk *t, unsigned n, int (*fn)(struct lk_req *),
			       unsigned owner, unsigned cmd, int type, loff_t start, loff_t len)
{
	struct lk_req *r = &t->req[n];

	*r = (struct lk_req){ .t = t, .fn = fn, .owner = owner, .cmd = cmd,
			      .type = type, .start = start, .len = len, .result = 1 };
	init_completion(&r->done);
	r->started = kthread_run(lk_req_thread, r, "lk-req") != NULL;
	return r->started ? r : NULL;
}

/* The end of every test: nothing left, no rule broken. */
#define LK_ASSERT_CLEAN(t) do {							\
	KT_ASSERT_EQ(lk_count((t), posix_list) + lk_count((t), flock_list) +	\
		     lk_count((t), lease_list), 0);				\
	KT_ASSERT_EQ(locks_count_waiters((t)->inode), 0);			\
	KT_ASSERT_EQ(lockrule_violations(), (t)->violations);			\
} while (0)

/* Run a test body with a fixture that is torn down however it ends. */
#define LK_TEST(name, fop)							\
	static void lk_body_##name(struct ktest_ctx *__kt, struct lk *t);	\
	KTEST(name)								\
	{									\
		struct lk *t = kzalloc(sizeof(*t), GFP_KERNEL);			\
		KT_ASSERT(t, "no memory");					\
		if (lk_setup(t, (fop)))						\
			lk_body_##name(__kt, t);				\
		else								\
			ktest_fail(__kt, __FILE__, __LINE__, "no memory");	\
		if (lk_teardown(t))						\
			kfree(t);						\
		else								\
			ktest_fail(__kt, __FILE__, __LINE__, "a request never finished"); \
	}									\
	static void lk_body_##name(struct ktest_ctx *__kt, struct lk *t)

/* ------------------------------------------------ POSIX locks */

LK_TEST(posix_lock_two_owners_coexist, NULL)
{
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 10), 0);
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_WRLCK, 10, 10), 0);
	KT_ASSERT_EQ(lk_count(t, posix_list), 2);
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 0, 9) && lk_holds(t, 1, F_WRLCK, 10, 19), "ranges");
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_UNLCK, 0, 0), 0);
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_UNLCK, 0, 0), 0);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_conflict_eagain, NULL)
{
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 100), 0);
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_WRLCK, 50, 10), -EAGAIN);
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_RDLCK, 99, 1), -EAGAIN);
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_WRLCK, 100, 100), 0);
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 150, 1), -EAGAIN);
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 100), 0);	/* own lock again */
	KT_ASSERT_EQ(lk_count(t, posix_list), 2);
	t->file[2]->f_mode = FMODE_READ;
	KT_ASSERT_EQ(lk_set(t, 2, F_SETLK, F_WRLCK, 500, 1), -EBADF);
	locks_remove_posix(t->file[0], &t->owner[0]);
	locks_remove_posix(t->file[1], &t->owner[1]);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_readers_share, NULL)
{
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_RDLCK, 0, 100), 0);
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_RDLCK, 50, 100), 0);
	KT_ASSERT_EQ(lk_set(t, 2, F_SETLK, F_RDLCK, 0, 0), 0);
	KT_ASSERT_EQ(lk_set(t, 3, F_SETLK, F_WRLCK, 120, 1), -EAGAIN);
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 10, 10), -EAGAIN);	/* upgrade blocked by 2 */
	KT_ASSERT_EQ(lk_count(t, posix_list), 3);
	for (unsigned i = 0; i < 3; i++)
		locks_remove_posix(t->file[i], &t->owner[i]);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_split_and_merge, NULL)
{
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 100), 0);
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_UNLCK, 40, 20), 0);
	KT_ASSERT_EQ(lk_count(t, posix_list), 2);
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 0, 39) && lk_holds(t, 0, F_WRLCK, 60, 99), "split");
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 40, 20), 0);	/* fills the hole */
	KT_ASSERT_EQ(lk_count(t, posix_list), 1);
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 0, 99), "merged");
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 100, 10), 0);	/* adjacent */
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 0, 109) && lk_count(t, posix_list) == 1, "adjacent");
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_RDLCK, 50, 1), 0);	/* downgrade a byte */
	KT_ASSERT_EQ(lk_count(t, posix_list), 3);
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 0, 49) && lk_holds(t, 0, F_RDLCK, 50, 50) &&
		  lk_holds(t, 0, F_WRLCK, 51, 109), "three pieces");
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_RDLCK, 50, 1), 0);	/* shares the read byte */
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 50, 1), -EAGAIN);
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_UNLCK, 0, 0), 0);
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 50, 1), 0);	/* upgrade: one lock again */
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 0, 109) && lk_count(t, posix_list) == 1, "upgraded");
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_UNLCK, 0, 110), 0);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_getlk_reports_conflict, NULL)
{
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100 };

	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 10, 10), 0);
	KT_ASSERT_EQ(fcntl_getlk(t->file[1], &t->owner[1], &l), 0);
	KT_ASSERT(l.l_type == F_WRLCK && l.l_whence == SEEK_SET && l.l_start == 10 &&
		  l.l_len == 10 && l.l_pid == current->pid,
		  "got type %d start %lld len %lld pid %d", l.l_type, l.l_start, l.l_len, l.l_pid);
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 20, .l_len = 0 };
	KT_ASSERT_EQ(fcntl_getlk(t->file[1], &t->owner[1], &l), 0);
	KT_ASSERT_EQ(l.l_type, F_UNLCK);
	l = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0 };
	KT_ASSERT_EQ(fcntl_getlk(t->file[0], &t->owner[0], &l), 0);
	KT_ASSERT_EQ(l.l_type, F_UNLCK);			/* its own lock is no conflict */
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 500, 0), 0);
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 600, .l_len = 1 };
	KT_ASSERT_EQ(fcntl_getlk(t->file[1], &t->owner[1], &l), 0);
	KT_ASSERT(l.l_type == F_WRLCK && l.l_start == 500 && l.l_len == 0, "EOF lock: len 0");
	locks_remove_posix(t->file[0], &t->owner[0]);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_whence_and_bad_ranges, NULL)
{
	struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_END, .l_start = -10, .l_len = 0 };

	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_SETLK, &l), 0);	/* i_size 1000 */
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 990, OFFSET_MAX), "SEEK_END");
	t->file[0]->f_pos = 500;
	l = (struct flock){ .l_type = F_WRLCK, .l_whence = SEEK_CUR, .l_start = 5, .l_len = 1 };
	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_SETLK, &l), 0);
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 505, 505), "SEEK_CUR");
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 100, .l_len = -10 };
	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_SETLK, &l), 0);
	KT_ASSERT(lk_holds(t, 0, F_RDLCK, 90, 99), "negative l_len");
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = 7 };
	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_SETLK, &l), -EINVAL);
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = -1 };
	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_SETLK, &l), -EINVAL);
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = -6 };
	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_SETLK, &l), -EINVAL);
	l = (struct flock){ .l_type = F_RDLCK, .l_whence = SEEK_SET, .l_start = 10, .l_len = OFFSET_MAX };
	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_SETLK, &l), -EINVAL);
	l = (struct flock){ .l_type = 5, .l_whence = SEEK_SET };
	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_SETLK, &l), -EINVAL);
	l = (struct flock){ .l_type = F_UNLCK, .l_whence = SEEK_SET };
	KT_ASSERT_EQ(fcntl_getlk(t->file[0], &t->owner[0], &l), -EINVAL);
	KT_ASSERT_EQ(fcntl_setlk(t->file[0], &t->owner[0], F_GETLK, &l), -EINVAL);
	KT_ASSERT_EQ(lk_count(t, posix_list), 3);
	locks_remove_posix(t->file[1], &t->owner[0]);	/* any close drops them all */
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_setlkw_waits_for_unlock, NULL)
{
	struct lk_req *r;

	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 10), 0);
	KT_ASSERT((r = lk_start(t, 0, lk_req_setlk, 1, F_SETLKW, F_WRLCK, 5, 10)), "no thread");
	KT_ASSERT(lk_wait_waiters(t, 1), "the request did not wait");
	msleep(20);
	KT_ASSERT(!completion_done(&r->done), "SETLKW returned %d while the range was locked", r->result);
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_UNLCK, 0, 10), 0);
	KT_ASSERT(lk_wait(r), "the waiter was not woken");
	KT_ASSERT_EQ(r->result, 0);
	KT_ASSERT(lk_holds(t, 1, F_WRLCK, 5, 14), "the waiter's lock");
	locks_remove_posix(t->file[1], &t->owner[1]);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_deadlock_detected, NULL)
{
	struct lk_req *r;

	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 10), 0);	/* A: 0-9 */
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_WRLCK, 10, 10), 0);	/* B: 10-19 */
	KT_ASSERT((r = lk_start(t, 0, lk_req_setlk, 0, F_SETLKW, F_WRLCK, 10, 10)), "no thread");
	KT_ASSERT(lk_wait_waiters(t, 1), "A did not wait for B");
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLKW, F_WRLCK, 0, 10), -EDEADLK);
	KT_ASSERT(!completion_done(&r->done), "A stopped waiting");
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_UNLCK, 0, 0), 0);
	KT_ASSERT(lk_wait(r), "A was not woken");
	KT_ASSERT_EQ(r->result, 0);
	KT_ASSERT(lk_holds(t, 0, F_WRLCK, 0, 19), "A's locks merged");
	locks_remove_posix(t->file[0], &t->owner[0]);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_close_wakes_waiters, NULL)
{
	struct lk_req *r1, *r2;

	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 100), 0);
	KT_ASSERT((r1 = lk_start(t, 0, lk_req_setlk, 1, F_SETLKW, F_RDLCK, 10, 1)), "no thread");
	KT_ASSERT((r2 = lk_start(t, 1, lk_req_setlk, 2, F_SETLKW, F_RDLCK, 20, 1)), "no thread");
	KT_ASSERT(lk_wait_waiters(t, 2), "the requests did not wait");
	locks_remove_posix(t->file[3], &t->owner[0]);	/* owner 0 closes some file */
	KT_ASSERT(lk_wait(r1), "waiter 1 not woken");
	KT_ASSERT(lk_wait(r2), "waiter 2 not woken");
	KT_ASSERT(r1->result == 0 && r2->result == 0, "results %d %d", r1->result, r2->result);
	KT_ASSERT_EQ(lk_count(t, posix_list), 2);

	KT_ASSERT_EQ(lk_set(t, 3, F_SETLK, F_WRLCK, 200, 10), 0);
	KT_ASSERT((r1 = lk_start(t, 0, lk_req_setlk, 4, F_SETLKW, F_WRLCK, 0, 0)), "no thread");
	KT_ASSERT(lk_wait_waiters(t, 1), "the request did not wait");
	locks_remove_file(t->file[1]);
	locks_remove_file(t->file[2]);
	msleep(20);
	KT_ASSERT(!completion_done(&r1->done), "still conflicts with owner 3");
	locks_remove_file(t->file[3]);			/* last fput of owner 3's file */
	KT_ASSERT(lk_wait(r1), "not woken by the last fput");
	KT_ASSERT_EQ(r1->result, 0);
	locks_remove_file(t->file[4]);
	LK_ASSERT_CLEAN(t);
}

/* ------------------------------------------------ flock */

LK_TEST(flock_shared_exclusive_and_conversion, NULL)
{
	struct file **f = t->file;

	KT_ASSERT_EQ(do_flock(f[0], LOCK_SH), 0);
	KT_ASSERT_EQ(do_flock(f[1], LOCK_SH | LOCK_NB), 0);
	KT_ASSERT_EQ(lk_count(t, flock_list), 2);
	KT_ASSERT_EQ(do_flock(f[2], LOCK_EX | LOCK_NB), -EWOULDBLOCK);
	/* Conversion is not atomic (flock(2)): a failed upgrade lost the lock. */
	KT_ASSERT_EQ(do_flock(f[1], LOCK_EX | LOCK_NB), -EAGAIN);
	KT_ASSERT_EQ(lk_count(t, flock_list), 1);
	KT_ASSERT_EQ(do_flock(f[0], LOCK_EX | LOCK_NB), 0);		/* upgrade, alone */
	KT_ASSERT_EQ(do_flock(f[0], LOCK_EX | LOCK_NB), 0);		/* already so */
	KT_ASSERT_EQ(lk_count(t, flock_list), 1);
	KT_ASSERT_EQ(do_flock(f[1], LOCK_SH | LOCK_NB), -EAGAIN);
	KT_ASSERT_EQ(do_flock(f[0], LOCK_SH), 0);			/* downgrade */
	KT_ASSERT_EQ(do_flock(f[1], LOCK_SH | LOCK_NB), 0);
	KT_ASSERT_EQ(do_flock(f[0], 3), -EINVAL);
	KT_ASSERT_EQ(do_flock(f[0], LOCK_UN), 0);
	KT_ASSERT_EQ(do_flock(f[1], LOCK_UN), 0);
	KT_ASSERT_EQ(do_flock(f[1], LOCK_UN), 0);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(flock_waiter_woken_by_downgrade_and_close, NULL)
{
	struct lk_req *r;

	KT_ASSERT_EQ(do_flock(t->file[0], LOCK_EX), 0);
	KT_ASSERT((r = lk_start(t, 0, lk_req_flock, 1, LOCK_SH, 0, 0, 0)), "no thread");
	KT_ASSERT(lk_wait_waiters(t, 1), "LOCK_SH did not wait");
	KT_ASSERT_EQ(do_flock(t->file[0], LOCK_SH), 0);
	KT_ASSERT(lk_wait(r), "not woken by the downgrade");
	KT_ASSERT_EQ(r->result, 0);
	KT_ASSERT((r = lk_start(t, 0, lk_req_flock, 2, LOCK_EX, 0, 0, 0)), "no thread");
	KT_ASSERT(lk_wait_waiters(t, 1), "LOCK_EX did not wait");
	locks_remove_file(t->file[0]);
	msleep(20);
	KT_ASSERT(!completion_done(&r->done), "file 1 still holds LOCK_SH");
	locks_remove_file(t->file[1]);
	KT_ASSERT(lk_wait(r), "not woken by the close");
	KT_ASSERT_EQ(r->result, 0);
	KT_ASSERT_EQ(lk_count(t, flock_list), 1);
	locks_remove_file(t->file[2]);
	LK_ASSERT_CLEAN(t);
}

/* ------------------------------------------------ filesystem ->lock, ->flock */

static int fs_lock_calls, fs_flock_calls, fs_setlease_calls;

static int test_fs_lock(struct file *filp, int cmd, struct file_lock *fl)
{
	__atomic_fetch_add(&fs_lock_calls, 1, __ATOMIC_RELAXED);
	if (cmd == F_GETLK) {
		posix_test_lock(filp, fl);
		return 0;
	}
	return posix_lock_file(filp, fl, NULL);
}

static int test_fs_flock(struct file *filp, int cmd, struct file_lock *fl)
{
	__atomic_fetch_add(&fs_flock_calls, 1, __ATOMIC_RELAXED);
	return locks_lock_file_wait(filp, fl);
}

static int test_fs_setlease(struct file *filp, long arg, struct file_lock **lease, void **priv)
{
	__atomic_fetch_add(&fs_setlease_calls, 1, __ATOMIC_RELAXED);
	return generic_setlease(filp, arg, lease, priv);
}

static const struct file_operations test_lock_fops = {
	.lock = test_fs_lock,
	.flock = test_fs_flock,
	.setlease = test_fs_setlease,
};

LK_TEST(posix_lock_uses_filesystem_ops, &test_lock_fops)
{
	struct flock l = { .l_type = F_RDLCK, .l_whence = SEEK_SET };

	fs_lock_calls = fs_flock_calls = fs_setlease_calls = 0;
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 10), 0);
	KT_ASSERT_EQ(lk_set(t, 1, F_SETLK, F_WRLCK, 5, 1), -EAGAIN);
	KT_ASSERT_EQ(fcntl_getlk(t->file[1], &t->owner[1], &l), 0);
	KT_ASSERT_EQ(l.l_type, F_WRLCK);
	KT_ASSERT_EQ(do_flock(t->file[0], LOCK_EX | LOCK_NB), 0);
	KT_ASSERT_EQ(do_flock(t->file[1], LOCK_EX | LOCK_NB), -EAGAIN);
	KT_ASSERT_EQ(fs_lock_calls, 3);
	KT_ASSERT_EQ(fs_flock_calls, 2);
	locks_remove_file(t->file[0]);		/* ->lock and ->flock hear of it */
	KT_ASSERT(fs_lock_calls == 4 && fs_flock_calls == 3, "close: %d %d",
		  fs_lock_calls, fs_flock_calls);
	KT_ASSERT_EQ(fcntl_setlease(t->file[1], F_RDLCK), 0);
	KT_ASSERT_EQ(fcntl_setlease(t->file[1], F_UNLCK), 0);
	KT_ASSERT_EQ(fs_setlease_calls, 2);
	LK_ASSERT_CLEAN(t);
}

/* ------------------------------------------------ fl_ops and lm_ops */

static int fl_private_refs;		/* copies made minus copies released */
static int lm_notified, lm_granted, lm_expired;
static bool lm_expirable;
static struct lk *lm_test;

static void test_fl_copy_lock(struct file_lock *dst, struct file_lock *src)
{
	__atomic_fetch_add(&fl_private_refs, 1, __ATOMIC_RELAXED);
}

static void test_fl_release_private(struct file_lock *fl)
{
	__atomic_fetch_sub(&fl_private_refs, 1, __ATOMIC_RELAXED);
}

static const struct file_lock_operations test_fl_ops = {
	.fl_copy_lock = test_fl_copy_lock,
	.fl_release_private = test_fl_release_private,
};

static void test_lm_notify(struct file_lock *fl)
{
	__atomic_fetch_add(&lm_notified, 1, __ATOMIC_RELAXED);
}

static int test_lm_grant(struct file_lock *fl, struct file_lock *conf, int result)
{
	__atomic_fetch_add(&lm_granted, 1, __ATOMIC_RELAXED);
	return 0;
}

static bool test_lm_lock_expirable(struct file_lock *fl)
{
	return lm_expirable;
}

/* Owner 2's locks belong to a client that went away. */
static void test_lm_expire_lock(void)
{
	lm_expired++;
	lm_expirable = false;
	locks_remove_posix(lm_test->file[2], &lm_test->owner[2]);
}

static const struct lock_manager_operations test_lm_ops = {
	.lm_notify = test_lm_notify,
	.lm_grant = test_lm_grant,
	.lm_lock_expirable = test_lm_lock_expirable,
	.lm_expire_lock = test_lm_expire_lock,
};

/* A POSIX request as a lock manager makes it (no struct flock). */
static void lk_make(struct lk *t, struct file_lock *fl, unsigned owner, int type,
		    loff_t start, loff_t end)
{
	locks_init_lock(fl);
	fl->fl_owner = &t->owner[owner];
	fl->fl_pid = 100 + (int)owner;
	fl->fl_file = t->file[owner];
	fl->fl_flags = FL_POSIX;
	fl->fl_type = (unsigned char)type;
	fl->fl_start = start;
	fl->fl_end = end;
}

LK_TEST(posix_lock_private_data_copied_and_released, NULL)
{
	struct file_lock fl;

	fl_private_refs = 1;			/* the request's own */
	lk_make(t, &fl, 0, F_WRLCK, 0, 99);
	fl.fl_ops = &test_fl_ops;
	KT_ASSERT_EQ(vfs_lock_file(t->file[0], F_SETLK, &fl, NULL), 0);
	locks_release_private(&fl);
	KT_ASSERT_EQ(fl_private_refs, 1);	/* the lock in the list */
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_UNLCK, 40, 20), 0);
	KT_ASSERT_EQ(fl_private_refs, 2);	/* split: copied under i_lock */
	locks_remove_posix(t->file[0], &t->owner[0]);
	KT_ASSERT_EQ(fl_private_refs, 0);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(posix_lock_lock_manager_notify_grant_expire, NULL)
{
	struct file_lock fl, conf;

	lm_test = t;
	lm_notified = lm_granted = lm_expired = 0;
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_WRLCK, 0, 10), 0);
	lk_make(t, &fl, 1, F_WRLCK, 0, 9);
	fl.fl_lmops = &test_lm_ops;
	fl.fl_flags |= FL_SLEEP;
	locks_init_lock(&conf);
	KT_ASSERT_EQ(vfs_lock_file(t->file[1], F_SETLK, &fl, &conf), FILE_LOCK_DEFERRED);
	KT_ASSERT(conf.fl_type == F_WRLCK && conf.fl_end == 9, "conflock");
	KT_ASSERT_EQ(lm_notified, 0);
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_UNLCK, 0, 0), 0);
	KT_ASSERT_EQ(lm_notified, 1);		/* under blocked_lock_lock, not flc_lock */
	KT_ASSERT_EQ(vfs_lock_file(t->file[1], F_SETLK, &fl, NULL), 0);
	KT_ASSERT_EQ(locks_delete_block(&fl), -ENOENT);
	KT_ASSERT_EQ(locks_lm_grant(&fl, NULL, 0), 0);
	KT_ASSERT_EQ(lm_granted, 1);
	locks_remove_posix(t->file[1], &t->owner[1]);

	/* Owner 2's lock was taken by the lock manager; it may be expired. */
	lk_make(t, &fl, 2, F_WRLCK, 0, 9);
	fl.fl_lmops = &test_lm_ops;
	KT_ASSERT_EQ(vfs_lock_file(t->file[2], F_SETLK, &fl, NULL), 0);
	lm_expirable = false;
	KT_ASSERT_EQ(lk_set(t, 3, F_SETLK, F_WRLCK, 5, 1), -EAGAIN);
	lm_expirable = true;
	KT_ASSERT_EQ(lk_set(t, 3, F_SETLK, F_WRLCK, 5, 1), 0);
	KT_ASSERT_EQ(lm_expired, 1);
	locks_remove_posix(t->file[3], &t->owner[3]);
	LK_ASSERT_CLEAN(t);
}

/* ------------------------------------------------ /proc/locks */

static unsigned count_lines_with(const char *buf, const char *needle)
{
	unsigned n = 0;

	for (const char *line = buf; *line; ) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		char tmp[128];

		strlcpy(tmp, line, MIN(len + 1, sizeof(tmp)));
		if (strstr(tmp, needle))
			n++;
		line += len + (nl ? 1 : 0);
	}
	return n;
}

LK_TEST(posix_lock_format_proc_locks, NULL)
{
	char *buf = kmalloc(4096, GFP_KERNEL);
	char needle[64], line[128];
	struct lk_req *r;

	KT_ASSERT(buf, "no memory");
	snprintf(needle, sizeof(needle), " 00:00:%lu ", (unsigned long)t->inode->i_ino);
	if (lk_set(t, 0, F_SETLK, F_WRLCK, 100, 0) || lk_set(t, 1, F_SETLK, F_RDLCK, 5, 5) ||
	    do_flock(t->file[2], LOCK_SH))
		goto fail;
	locks_format(buf, 4096);
	KT_ASSERT_EQ(count_lines_with(buf, needle), 3);
	snprintf(line, sizeof(line), "POSIX  ADVISORY  WRITE %d 00:00:%lu 100 EOF\n",
		 current->pid, (unsigned long)t->inode->i_ino);
	KT_ASSERT(strstr(buf, line), "no line \"%s\" in:\n%s", line, buf);
	snprintf(line, sizeof(line), "POSIX  ADVISORY  READ  %d 00:00:%lu 5 9\n",
		 current->pid, (unsigned long)t->inode->i_ino);
	KT_ASSERT(strstr(buf, line), "no line \"%s\" in:\n%s", line, buf);
	KT_ASSERT(strstr(buf, "FLOCK  ADVISORY  READ  "), "no flock line in:\n%s", buf);

	KT_ASSERT((r = lk_start(t, 0, lk_req_setlk, 3, F_SETLKW, F_WRLCK, 200, 1)), "no thread");
	KT_ASSERT(lk_wait_waiters(t, 1), "no waiter");
	locks_format(buf, 4096);
	KT_ASSERT_EQ(count_lines_with(buf, needle), 4);
	KT_ASSERT_EQ(count_lines_with(buf, " -> POSIX  ADVISORY  WRITE"), 1);
	KT_ASSERT(locks_format(buf, 10) == 9 && strlen(buf) == 9, "truncation");
	locks_remove_posix(t->file[0], &t->owner[0]);
	KT_ASSERT(lk_wait(r), "waiter not woken");
	locks_remove_posix(t->file[3], &t->owner[3]);
	locks_remove_posix(t->file[1], &t->owner[1]);
	KT_ASSERT_EQ(do_flock(t->file[2], LOCK_UN), 0);
	locks_format(buf, 4096);
	KT_ASSERT_EQ(count_lines_with(buf, needle), 0);
	kfree(buf);
	LK_ASSERT_CLEAN(t);
	return;
fail:
	kfree(buf);
	KT_ASSERT(false, "could not take the locks");
}

/* ------------------------------------------------ leases */

static struct completion lease_broken;
static int lease_breaker_owns_calls;

static void test_lm_break(struct file_lock *lease)
{
	complete(&lease_broken);
}

static bool test_lm_breaker_owns_lease(struct file_lock *lease)
{
	lease_breaker_owns_calls++;
	return false;
}

static const struct lock_manager_operations test_lease_ops = {
	.lm_break = test_lm_break,
	.lm_change = lease_modify,
	.lm_breaker_owns_lease = test_lm_breaker_owns_lease,
};

LK_TEST(flock_lease_set_get_and_conflicts, NULL)
{
	struct file **f = t->file;

	KT_ASSERT_EQ(fcntl_setlease(f[0], F_RDLCK), 0);
	KT_ASSERT_EQ(fcntl_getlease(f[0]), F_RDLCK);
	KT_ASSERT_EQ(fcntl_setlease(f[1], F_RDLCK), 0);
	KT_ASSERT_EQ(fcntl_setlease(f[1], F_WRLCK), -EAGAIN);	/* file 0 reads */
	KT_ASSERT_EQ(break_lease(t->inode, O_RDONLY | O_NONBLOCK), 0);
	KT_ASSERT_EQ(fcntl_setlease(f[0], F_UNLCK), 0);
	KT_ASSERT_EQ(fcntl_getlease(f[0]), F_UNLCK);
	KT_ASSERT_EQ(fcntl_setlease(f[0], F_UNLCK), -EAGAIN);	/* no lease */
	KT_ASSERT_EQ(fcntl_setlease(f[1], F_WRLCK), 0);		/* upgrade, alone */
	KT_ASSERT_EQ(fcntl_setlease(f[0], F_RDLCK), -EAGAIN);
	KT_ASSERT_EQ(fcntl_setlease(f[0], 7), -EINVAL);
	KT_ASSERT_EQ(break_lease(t->inode, O_RDONLY | O_NONBLOCK), -EWOULDBLOCK);
	KT_ASSERT_EQ(fcntl_getlease(f[1]), F_RDLCK);			/* downgrade pending */
	KT_ASSERT_EQ(fcntl_setlease(f[1], F_RDLCK), 0);		/* the holder complies */
	KT_ASSERT_EQ(break_lease(t->inode, O_RDONLY | O_NONBLOCK), 0);
	KT_ASSERT_EQ(lk_count(t, lease_list), 1);
	locks_remove_file(f[1]);
	LK_ASSERT_CLEAN(t);
}

LK_TEST(flock_lease_break_waits_for_holder, NULL)
{
	struct file_lock *lease = locks_alloc_lock();
	void *priv = NULL;
	struct lk_req *r;

	KT_ASSERT(lease, "no memory");
	init_completion(&lease_broken);
	lease_breaker_owns_calls = 0;
	lease->fl_owner = t->file[0];
	lease->fl_file = t->file[0];
	lease->fl_flags = FL_LEASE;
	lease->fl_end = OFFSET_MAX;
	lease->fl_lmops = &test_lease_ops;
	KT_ASSERT_EQ(vfs_setlease(t->file[0], F_WRLCK, &lease, &priv), 0);
	KT_ASSERT(!lease, "the lease was not taken");
	KT_ASSERT((r = lk_start(t, 0, lk_req_break, 0, O_WRONLY, 0, 0, 0)), "no thread");
	KT_ASSERT(wait_for_completion_timeout(&lease_broken, 2 * HZ), "lm_break not called");
	KT_ASSERT(lk_wait_waiters(t, 1), "the opener did not wait");
	KT_ASSERT_EQ(fcntl_getlease(t->file[0]), F_UNLCK);		/* unlock pending */
	KT_ASSERT(!completion_done(&r->done), "the opener did not wait for the holder");
	KT_ASSERT_EQ(fcntl_setlease(t->file[0], F_UNLCK), 0);
	KT_ASSERT(lk_wait(r), "the opener was not woken");
	KT_ASSERT_EQ(r->result, 0);
	KT_ASSERT(lease_breaker_owns_calls > 0, "lm_breaker_owns_lease not asked");
	LK_ASSERT_CLEAN(t);
}

LK_TEST(flock_lease_break_times_out, NULL)
{
	unsigned saved = lease_break_time;
	u64 start;
	int err;

	KT_ASSERT_EQ(fcntl_setlease(t->file[0], F_RDLCK), 0);
	lease_break_time = 1;
	start = jiffies;
	err = break_lease(t->inode, O_RDWR);
	lease_break_time = saved;
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(jiffies - start >= HZ / 2, "returned after %lu ticks",
		  (unsigned long)(jiffies - start));
	KT_ASSERT_EQ(fcntl_getlease(t->file[0]), F_UNLCK);
	LK_ASSERT_CLEAN(t);
}

/* ------------------------------------------------ all CPUs */

#define STRESS_THREADS_MAX NFILES
#define STRESS_ITERS 300

struct lk_stress {
	struct lk *t;
	unsigned nthreads;
	unsigned long bad;		/* atomic: invariant breaks seen */
	unsigned long deadlocks;	/* atomic */
	unsigned long errors;		/* atomic: unexpected return values */
};

static u32 xorshift(u32 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

/* No two owners' locks conflict; one owner's locks are disjoint and
 * same-type ones do not touch (they would have merged). */
static bool lk_invariants_hold(struct lk *t)
{
	struct file_lock_context *ctx = t->inode->i_flctx;
	struct file_lock *a, *b;
	bool ok = true;

	spin_lock(&ctx->flc_lock);
	list_for_each_entry(a, &ctx->flc_posix, fl_list)
		list_for_each_entry(b, &ctx->flc_posix, fl_list) {
			bool overlap = a->fl_start <= b->fl_end && b->fl_start <= a->fl_end;

			if (a == b || !overlap)
				continue;
			if (a->fl_owner == b->fl_owner || a->fl_type == F_WRLCK || b->fl_type == F_WRLCK)
				ok = false;
		}
	spin_unlock(&ctx->flc_lock);
	return ok;
}

static void lk_stress_worker(void *p, unsigned i)
{
	struct lk_stress *s = p;
	struct lk *t = s->t;
	u32 seed = 0x9e3779b9u * (i + 1);

	for (int n = 0; n < STRESS_ITERS; n++) {
		u32 x = xorshift(&seed);
		int type = (x & 3) == 0 ? F_UNLCK : (x & 4) ? F_WRLCK : F_RDLCK;
		loff_t start = (x >> 8) % 200, len = (x >> 16) % 40;
		int err;

		if ((x >> 24) % 8 == 0) {
			unsigned cmd = ((x >> 27) & 1 ? LOCK_EX : LOCK_SH) | LOCK_NB;

			err = do_flock(t->file[i], (x >> 28) % 4 == 0 ? LOCK_UN : cmd);
		} else {
			err = lk_set(t, i, (x >> 30) == 0 ? F_SETLKW : F_SETLK, type, start, len);
		}
		if (err == -EDEADLK)
			__atomic_fetch_add(&s->deadlocks, 1, __ATOMIC_RELAXED);
		else if (err && err != -EAGAIN)
			__atomic_fetch_add(&s->errors, 1, __ATOMIC_RELAXED);
		if (n % 16 == 0 && !lk_invariants_hold(t))
			__atomic_fetch_add(&s->bad, 1, __ATOMIC_RELAXED);
	}
	locks_remove_posix(t->file[i], &t->owner[i]);
	do_flock(t->file[i], LOCK_UN);
}

LK_TEST(posix_lock_random_ranges_on_all_cpus, NULL)
{
	struct lk_stress s = { .t = t };
	unsigned long before = lockdep_unexpected_count();

	s.nthreads = MIN(MAX(nr_cpus_online * 2, 4u), (unsigned)STRESS_THREADS_MAX);
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_RDLCK, 0, 1), 0);	/* create the context */
	KT_ASSERT_EQ(lk_set(t, 0, F_SETLK, F_UNLCK, 0, 1), 0);
	KT_ASSERT_EQ(ktest_run_threads(lk_stress_worker, &s, s.nthreads), 0);
	KT_ASSERT_EQ(s.bad, 0);
	KT_ASSERT_EQ(s.errors, 0);
	KT_ASSERT_EQ(lockdep_unexpected_count(), before);
	LK_ASSERT_CLEAN(t);
}
