/*
 * File locks: POSIX record locks and flock(2) locks, after Linux's
 * fs/locks.c, with the lock contexts, waiting and checked calls that the
 * leases (fs/vfs/leases.c) share through fs/vfs/locks_internal.h. Called
 * by the fcntl/flock system calls and by the last fput(); below it are the
 * slab, wait queues and the lock-rule checker. The comment below covers
 * leases too: it is the one account of the locks and their order.
 *
 * Data and its locks
 *	inode->i_flctx	the inode's lock context: allocated on first use,
 *			published once under inode->i_lock, read after that
 *			with an acquire load; freed with the inode.
 *	ctx->flc_lock	the context's lists (flc_posix, flc_flock, flc_lease)
 *			and the locks in them.
 *	blocked_lock_lock (global)  who waits for whom: fl_blocker,
 *			fl_blocked_requests, fl_blocked_member; the list of
 *			blocked POSIX requests that deadlock detection walks;
 *			the queue of lock-manager waiters to notify.
 *	flctx_list_lock (global)  every context, for locks_format().
 *
 * Lock order: flctx_list_lock > flc_lock > blocked_lock_lock > fl_wait.lock,
 * and flc_lock > inode->i_lock. The seed's file_lock_operations table says
 * ->fl_copy_lock runs with inode->i_lock held: it dates from when the lock
 * lists lived under i_lock. Linux has since moved them to flc_lock and
 * calls ->fl_copy_lock under flc_lock alone. Here the lists are under
 * flc_lock, and i_lock is taken around ->fl_copy_lock only, as the
 * innermost lock; nothing here takes a lock under i_lock, and installing
 * i_flctx takes i_lock alone.
 *
 * Every ->fl_*, ->lm_* and file ->lock/->flock/->setlease call goes through
 * a call_*() wrapper that tells the rule checker (fs/lockrules/) the state
 * of the locks the seed's row names. ->lm_notify wants blocked_lock_lock
 * held and flc_lock not held, but waiters are woken under flc_lock: a
 * lock-manager waiter is queued on lm_notify_list there, and whoever queued
 * it runs the queue (locks_run_notify()) once flc_lock is dropped.
 *
 * Waiting: a request that conflicts and may sleep (FL_SLEEP) is queued on
 * the conflicting lock (fl_blocker); its owner sleeps on fl_wait until
 * fl_blocker is NULL, then tries again. Removing, trimming or downgrading a
 * lock wakes all its waiters, and a lock leaves its list only after its
 * waiters were taken off it, so fl_blocker never points at a freed lock.
 * A waiter always finishes with locks_delete_block(), which takes
 * blocked_lock_lock: the waker holds it while waking, so it is done with
 * the request before the requester can free it.
 */
#include "fs/vfs/locks.h"
#include "fs/vfs/locks_internal.h"
#include "fs/vfs/ops.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/panic.h"
#include "kernel/sched/sched.h"
#include "kernel/user/signal.h"
#include "mm/slab.h"

#define MAX_DEADLK_ITERATIONS 10

static DEFINE_SPINLOCK(blocked_lock_lock);
static LIST_HEAD(blocked_posix);	/* blocked_lock_lock: blocked POSIX requests (fl_link) */
static LIST_HEAD(lm_notify_list);	/* blocked_lock_lock: woken lock-manager requests */
static DEFINE_SPINLOCK(flctx_list_lock);
static LIST_HEAD(flctx_list);		/* flctx_list_lock: every context (flc_all) */

/* ------------------------------------------------ checked calls */

/* file_lock_operations rows name the inode's i_lock. */
static void lr_fl(struct lr_observed *o, struct inode *inode)
{
	lr_set(o, LR_i_lock, inode ? lr_spin_state(&inode->i_lock) : LRS_none);
}

/* lock_manager_operations rows name flc_lock and blocked_lock_lock. */
static void lr_lm(struct lr_observed *o, struct file_lock_context *ctx)
{
	lr_set(o, LR_flc_lock, ctx ? lr_spin_state(&ctx->flc_lock) : LRS_none);
	lr_set(o, LR_blocked_lock_lock, lr_spin_state(&blocked_lock_lock));
}

static void call_fl_copy_lock(struct inode *inode, struct file_lock *dst, struct file_lock *src)
{
	struct lr_observed o = { 0 };

	lr_fl(&o, inode);
	LR_CHECK(file_lock_fl_copy_lock, &o);
	src->fl_ops->fl_copy_lock(dst, src);
}

static void call_fl_release_private(struct file_lock *fl)
{
	struct lr_observed o = { 0 };

	lr_fl(&o, fl_inode(fl));
	LR_CHECK(file_lock_fl_release_private, &o);
	fl->fl_ops->fl_release_private(fl);
}

static void call_lm_notify(struct file_lock *fl)
{
	struct lr_observed o = { 0 };

	lr_lm(&o, locks_ctx(fl_inode(fl)));
	LR_CHECK(lock_manager_lm_notify, &o);
	fl->fl_lmops->lm_notify(fl);
}

static int call_lm_grant(struct file_lock *fl, struct file_lock *conf, int result)
{
	struct lr_observed o = { 0 };

	lr_lm(&o, locks_ctx(fl_inode(fl)));
	LR_CHECK(lock_manager_lm_grant, &o);
	return fl->fl_lmops->lm_grant(fl, conf, result);
}

void call_lm_break(struct file_lock_context *ctx, struct file_lock *lease)
{
	struct lr_observed o = { 0 };

	lr_lm(&o, ctx);
	LR_CHECK(lock_manager_lm_break, &o);
	lease->fl_lmops->lm_break(lease);
}

int call_lm_change(struct file_lock_context *ctx, struct file_lock **lease, int arg)
{
	struct lr_observed o = { 0 };

	lr_lm(&o, ctx);
	LR_CHECK(lock_manager_lm_change, &o);
	return (*lease)->fl_lmops->lm_change(lease, arg);
}

bool call_lm_breaker_owns_lease(struct file_lock_context *ctx, struct file_lock *lease)
{
	struct lr_observed o = { 0 };

	lr_lm(&o, ctx);
	LR_CHECK(lock_manager_lm_breaker_owns_lease, &o);
	return lease->fl_lmops->lm_breaker_owns_lease(lease);
}

static bool call_lm_lock_expirable(struct file_lock_context *ctx, struct file_lock *fl)
{
	struct lr_observed o = { 0 };

	lr_lm(&o, ctx);
	LR_CHECK(lock_manager_lm_lock_expirable, &o);
	return fl->fl_lmops->lm_lock_expirable(fl);
}

static void call_lm_expire_lock(struct file_lock_context *ctx,
				const struct lock_manager_operations *lmops)
{
	struct lr_observed o = { 0 };

	lr_lm(&o, ctx);
	LR_CHECK(lock_manager_lm_expire_lock, &o);
	lmops->lm_expire_lock();
}

static int call_lock(struct file *filp, int cmd, struct file_lock *fl)
{
	struct lr_observed o = { 0 };

	lr_file(&o, filp);
	LR_CHECK(file_lock, &o);
	return filp->f_op->lock(filp, cmd, fl);
}

static int call_flock(struct file *filp, int cmd, struct file_lock *fl)
{
	struct lr_observed o = { 0 };

	lr_file(&o, filp);
	LR_CHECK(file_flock, &o);
	return filp->f_op->flock(filp, cmd, fl);
}

int call_setlease(struct file *filp, long arg, struct file_lock **lease, void **priv)
{
	struct lr_observed o = { 0 };

	lr_file(&o, filp);
	LR_CHECK(file_setlease, &o);
	return filp->f_op->setlease(filp, arg, lease, priv);
}

/* ------------------------------------------------ lock objects */

void locks_init_lock(struct file_lock *fl)
{
	memset(fl, 0, sizeof(*fl));
	INIT_LIST_HEAD(&fl->fl_list);
	INIT_LIST_HEAD(&fl->fl_blocked_requests);
	INIT_LIST_HEAD(&fl->fl_blocked_member);
	INIT_LIST_HEAD(&fl->fl_link);
	init_waitqueue_head(&fl->fl_wait);
}

struct file_lock *locks_alloc_lock(void)
{
	struct file_lock *fl = kmalloc(sizeof(*fl), GFP_KERNEL);

	if (fl)
		locks_init_lock(fl);
	return fl;
}

/* May sleep unless fl is a lease (the seed's footnote to the table). */
void locks_release_private(struct file_lock *fl)
{
	if (fl->fl_ops && fl->fl_ops->fl_release_private)
		call_fl_release_private(fl);
	fl->fl_ops = NULL;
}

void locks_free_lock(struct file_lock *fl)
{
	BUG_ON(!list_empty(&fl->fl_list) || !list_empty(&fl->fl_blocked_requests) ||
	       !list_empty(&fl->fl_blocked_member) || fl->fl_blocker);
	locks_release_private(fl);
	kfree(fl);
}

/* Free the locks a change took out of the lists. No lock held; may sleep. */
static void locks_dispose_list(struct list_head *dispose)
{
	struct file_lock *fl;

	if (list_empty(dispose))
		return;
	might_sleep();
	while (!list_empty(dispose)) {
		fl = list_first_entry(dispose, struct file_lock, fl_list);
		list_del_init(&fl->fl_list);
		locks_free_lock(fl);
	}
}

/* What F_GETLK and a conflict report: no file, no private data. */
static void locks_copy_conflock(struct file_lock *new, const struct file_lock *fl)
{
	new->fl_owner = fl->fl_owner;
	new->fl_pid = fl->fl_pid;
	new->fl_file = NULL;
	new->fl_flags = fl->fl_flags;
	new->fl_type = fl->fl_type;
	new->fl_start = fl->fl_start;
	new->fl_end = fl->fl_end;
	new->fl_ops = NULL;
	new->fl_lmops = NULL;
	new->fl_private = NULL;
}

/* A full copy; ->fl_copy_lock with inode->i_lock held (innermost). Any
 * lock but i_lock may be held; does not sleep. */
static void __locks_copy_lock(struct inode *inode, struct file_lock *new, struct file_lock *fl)
{
	locks_copy_conflock(new, fl);
	new->fl_file = fl->fl_file;
	new->fl_ops = fl->fl_ops;
	new->fl_lmops = fl->fl_lmops;
	new->fl_private = fl->fl_private;
	if (!fl->fl_ops || !fl->fl_ops->fl_copy_lock)
		return;
	if (inode)
		spin_lock(&inode->i_lock);
	call_fl_copy_lock(inode, new, fl);
	if (inode)
		spin_unlock(&inode->i_lock);
}

void locks_copy_lock(struct file_lock *new, struct file_lock *fl)
{
	__locks_copy_lock(fl_inode(fl), new, fl);
}

/* ------------------------------------------------ contexts */

/* inode's context, created unless the request is an unlock (then there is
 * nothing to remove). NULL: none, or no memory. No lock held. */
struct file_lock_context *locks_get_lock_context(struct inode *inode, int type)
{
	struct file_lock_context *ctx = locks_ctx(inode), *new;

	if (ctx || type == F_UNLCK)
		return ctx;
	new = kmalloc(sizeof(*new), GFP_KERNEL);
	if (!new)
		return NULL;
	spin_lock_init(&new->flc_lock);
	INIT_LIST_HEAD(&new->flc_flock);
	INIT_LIST_HEAD(&new->flc_posix);
	INIT_LIST_HEAD(&new->flc_lease);
	new->flc_inode = inode;

	spin_lock(&inode->i_lock);
	ctx = inode->i_flctx;
	if (!ctx)
		__atomic_store_n(&inode->i_flctx, new, __ATOMIC_RELEASE);
	spin_unlock(&inode->i_lock);
	if (ctx) {			/* another CPU installed one first */
		kfree(new);
		return ctx;
	}
	spin_lock(&flctx_list_lock);
	list_add_tail(&new->flc_all, &flctx_list);
	spin_unlock(&flctx_list_lock);
	return new;
}

/* The inode is being destroyed: nobody can reach it. No lock held. */
void locks_free_lock_context(struct inode *inode)
{
	struct file_lock_context *ctx = inode->i_flctx;

	lockdep_assert_not_held(&flctx_list_lock);
	if (!ctx)
		return;
	spin_lock(&flctx_list_lock);
	list_del(&ctx->flc_all);
	spin_unlock(&flctx_list_lock);
	/* A leak is a bug of the caller (a file freed without
	 * locks_remove_file()); the locks are left, not freed twice. */
	WARN_ON(!list_empty(&ctx->flc_posix) || !list_empty(&ctx->flc_flock) ||
		!list_empty(&ctx->flc_lease));
	inode->i_flctx = NULL;
	kfree(ctx);
}

/* ------------------------------------------------ waiting */

/* Queue waiter behind blocker. blocked_lock_lock (and blocker's flc_lock) held. */
static void __locks_insert_block(struct file_lock *blocker, struct file_lock *waiter)
{
	lockdep_assert_held(&blocked_lock_lock);
	__atomic_store_n(&waiter->fl_blocker, blocker, __ATOMIC_RELAXED);
	list_add_tail(&waiter->fl_blocked_member, &blocker->fl_blocked_requests);
	if (waiter->fl_flags & FL_POSIX)
		list_add_tail(&waiter->fl_link, &blocked_posix);
}

/* Take waiter off whatever it waits for. blocked_lock_lock held. */
static void __locks_delete_block(struct file_lock *waiter)
{
	lockdep_assert_held(&blocked_lock_lock);
	list_del_init(&waiter->fl_blocked_member);
	list_del_init(&waiter->fl_link);
	__atomic_store_n(&waiter->fl_blocker, NULL, __ATOMIC_RELEASE);
}

/* Wake everything queued on blocker; lock-manager waiters also go to
 * lm_notify_list. blocked_lock_lock held. */
static void __locks_wake_up_blocks(struct file_lock *blocker)
{
	struct file_lock *w;

	lockdep_assert_held(&blocked_lock_lock);
	while (!list_empty(&blocker->fl_blocked_requests)) {
		w = list_first_entry(&blocker->fl_blocked_requests, struct file_lock,
				     fl_blocked_member);
		__locks_delete_block(w);
		if (w->fl_lmops && w->fl_lmops->lm_notify)
			list_add_tail(&w->fl_blocked_member, &lm_notify_list);
		wake_up_all(&w->fl_wait);
	}
}

/* blocker changed or goes away. Its flc_lock held: waiters are only added
 * under it, so a list seen empty here stays empty. */
void locks_wake_up_blocks(struct file_lock_context *ctx, struct file_lock *blocker)
{
	lockdep_assert_held(&ctx->flc_lock);
	if (list_empty(&blocker->fl_blocked_requests))
		return;
	spin_lock(&blocked_lock_lock);
	__locks_wake_up_blocks(blocker);
	spin_unlock(&blocked_lock_lock);
}

/* Call ->lm_notify for the queued lock-manager waiters, with
 * blocked_lock_lock held as the seed asks. No flc_lock held. */
void locks_run_notify(void)
{
	struct file_lock *w;

	lockdep_assert_not_held(&blocked_lock_lock);
	if (READ_ONCE(lm_notify_list.next) == &lm_notify_list)
		return;			/* whoever queues one runs the queue after us */
	spin_lock(&blocked_lock_lock);
	while (!list_empty(&lm_notify_list)) {
		w = list_first_entry(&lm_notify_list, struct file_lock, fl_blocked_member);
		list_del_init(&w->fl_blocked_member);
		call_lm_notify(w);
	}
	spin_unlock(&blocked_lock_lock);
}

/* Queue request behind blocker (it was queued elsewhere before a retry).
 * blocker's flc_lock held. */
void locks_queue(struct file_lock *blocker, struct file_lock *request)
{
	spin_lock(&blocked_lock_lock);
	__locks_delete_block(request);
	__locks_insert_block(blocker, request);
	spin_unlock(&blocked_lock_lock);
}

/* No lock held (->lm_notify must not call it: blocked_lock_lock is held). */
int locks_delete_block(struct file_lock *waiter)
{
	int status;

	lockdep_assert_not_held(&blocked_lock_lock);
	spin_lock(&blocked_lock_lock);
	status = waiter->fl_blocker || !list_empty(&waiter->fl_blocked_member) ? 0 : -ENOENT;
	__locks_delete_block(waiter);
	spin_unlock(&blocked_lock_lock);
	return status;
}

/* The lock block_fl's owner is itself waiting for, or NULL. */
static struct file_lock *what_owner_is_waiting_for(struct file_lock *block_fl)
{
	struct file_lock *fl;

	lockdep_assert_held(&blocked_lock_lock);
	list_for_each_entry(fl, &blocked_posix, fl_link)
		if (fl->fl_owner == block_fl->fl_owner)
			return fl->fl_blocker;
	return NULL;
}

/* Would caller waiting for block_fl close a cycle of owners waiting for
 * each other? Gives up (no) after MAX_DEADLK_ITERATIONS hops, like Linux.
 * blocked_lock_lock held: every wait is added under it, so the last one
 * of a cycle sees all the others. */
static bool posix_locks_deadlock(struct file_lock *caller, struct file_lock *block_fl)
{
	int i = 0;

	lockdep_assert_held(&blocked_lock_lock);
	while ((block_fl = what_owner_is_waiting_for(block_fl))) {
		if (i++ > MAX_DEADLK_ITERATIONS)
			return false;
		if (block_fl->fl_owner == caller->fl_owner)
			return true;
	}
	return false;
}

/* ------------------------------------------------ POSIX locks */

static bool locks_overlap(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_start <= b->fl_end && b->fl_start <= a->fl_end;
}

/* Overlapping or adjacent (a's end + 1 == b's start, or the other way). */
static bool locks_touch(const struct file_lock *a, const struct file_lock *b)
{
	return (a->fl_end == OFFSET_MAX || a->fl_end + 1 >= b->fl_start) &&
	       (b->fl_end == OFFSET_MAX || b->fl_end + 1 >= a->fl_start);
}

static bool posix_locks_conflict(const struct file_lock *req, const struct file_lock *fl)
{
	return req->fl_owner != fl->fl_owner && locks_overlap(req, fl) && locks_conflict(req, fl);
}

/* The first lock of another owner that conflicts with req. flc_lock held. */
static struct file_lock *posix_conflict(struct file_lock_context *ctx, struct file_lock *req)
{
	struct file_lock *fl;

	lockdep_assert_held(&ctx->flc_lock);
	list_for_each_entry(fl, &ctx->flc_posix, fl_list)
		if (posix_locks_conflict(req, fl))
			return fl;
	return NULL;
}

/* If a lock manager says fl may be expired, drop flc_lock, let it expire
 * its locks (may sleep) and return true: the caller starts again. */
static bool posix_expire_conflict(struct file_lock_context *ctx, struct file_lock *fl)
{
	const struct lock_manager_operations *lmops = fl->fl_lmops;

	lockdep_assert_held(&ctx->flc_lock);
	if (!lmops || !lmops->lm_lock_expirable || !lmops->lm_expire_lock ||
	    !call_lm_lock_expirable(ctx, fl))
		return false;
	spin_unlock(&ctx->flc_lock);
	call_lm_expire_lock(ctx, lmops);
	return true;
}

/* request conflicts with fl: report fl, and queue request if it may sleep
 * and waiting would not deadlock. flc_lock held. */
static int posix_block(struct file_lock_context *ctx, struct file_lock *request,
		       struct file_lock *fl, struct file_lock *conflock)
{
	int error = -EDEADLK;

	lockdep_assert_held(&ctx->flc_lock);
	if (conflock)
		locks_copy_conflock(conflock, fl);
	if (!(request->fl_flags & FL_SLEEP))
		return -EAGAIN;
	spin_lock(&blocked_lock_lock);
	__locks_delete_block(request);
	if (!posix_locks_deadlock(request, fl)) {
		__locks_insert_block(fl, request);
		error = FILE_LOCK_DEFERRED;
	}
	spin_unlock(&blocked_lock_lock);
	return error;
}

/* Move fl to dispose, waking its waiters. flc_lock held. */
static void locks_unlink_lock(struct file_lock_context *ctx, struct file_lock *fl,
			      struct list_head *dispose)
{
	locks_wake_up_blocks(ctx, fl);
	list_del_init(&fl->fl_list);
	list_add_tail(&fl->fl_list, dispose);
}

/* Take req's range out of fl (same owner, overlapping, not merged into
 * req): what lies outside it stays, split in two if needed (using *spare).
 * flc_lock held. */
static void posix_cut(struct file_lock_context *ctx, struct file_lock *fl,
		      struct file_lock *req, struct file_lock **spare, struct list_head *dispose)
{
	bool left = fl->fl_start < req->fl_start, right = fl->fl_end > req->fl_end;
	struct file_lock *r;

	lockdep_assert_held(&ctx->flc_lock);
	if (!left && !right) {
		locks_unlink_lock(ctx, fl, dispose);
		return;
	}
	locks_wake_up_blocks(ctx, fl);
	if (left && right) {
		r = *spare;
		*spare = NULL;
		__locks_copy_lock(ctx->flc_inode, r, fl);
		r->fl_start = req->fl_end + 1;
		list_add(&r->fl_list, &fl->fl_list);	/* after fl: the caller's walk skips it */
	}
	if (left)
		fl->fl_end = req->fl_start - 1;
	else
		fl->fl_start = req->fl_end + 1;
}

/* Make the owner's locks say what request says over its range: same-type
 * locks that touch it merge into one new lock, others lose the range.
 * Returns 0, or -ENOENT for an FL_EXISTS unlock that found nothing.
 * flc_lock held; does not fail for lack of memory (the caller allocated). */
static int posix_apply(struct file_lock_context *ctx, struct file_lock *request,
		       struct file_lock **new_fl, struct file_lock **spare,
		       struct list_head *dispose)
{
	loff_t start = request->fl_start, end = request->fl_end;
	struct file_lock *fl, *tmp;
	bool found = false;

	lockdep_assert_held(&ctx->flc_lock);
	list_for_each_entry_safe(fl, tmp, &ctx->flc_posix, fl_list) {
		if (fl->fl_owner != request->fl_owner)
			continue;
		if (fl->fl_type == request->fl_type && locks_touch(fl, request)) {
			start = MIN(start, fl->fl_start);
			end = MAX(end, fl->fl_end);
			locks_unlink_lock(ctx, fl, dispose);
			found = true;
		} else if (locks_overlap(fl, request)) {
			posix_cut(ctx, fl, request, spare, dispose);
			found = true;
		}
	}
	if (request->fl_type == F_UNLCK)
		return !found && (request->fl_flags & FL_EXISTS) ? -ENOENT : 0;
	__locks_copy_lock(ctx->flc_inode, *new_fl, request);
	(*new_fl)->fl_flags &= ~(FL_SLEEP | FL_EXISTS);
	(*new_fl)->fl_start = start;
	(*new_fl)->fl_end = end;
	locks_insert_lock(ctx, &ctx->flc_posix, *new_fl);
	*new_fl = NULL;
	return 0;
}

/* One attempt at a POSIX request (see posix_lock_file). No lock held; may
 * sleep only in ->lm_expire_lock. */
static int posix_lock_inode(struct inode *inode, struct file_lock *request,
			    struct file_lock *conflock)
{
	struct file_lock *new_fl = NULL, *spare = NULL, *fl;
	struct file_lock_context *ctx;
	LIST_HEAD(dispose);
	int error = -ENOLCK;

	might_sleep();
	ctx = locks_get_lock_context(inode, request->fl_type);
	if (!ctx)
		return request->fl_type == F_UNLCK ? 0 : -ENOMEM;
	if (!(request->fl_flags & FL_ACCESS)) {
		if (request->fl_type != F_UNLCK && !(new_fl = locks_alloc_lock()))
			goto out_free;
		/* Only a request with locked bytes on both sides can split. */
		if (request->fl_start > 0 && request->fl_end < OFFSET_MAX &&
		    !(spare = locks_alloc_lock()))
			goto out_free;
	}
retry:
	spin_lock(&ctx->flc_lock);
	fl = request->fl_type != F_UNLCK ? posix_conflict(ctx, request) : NULL;
	if (fl && posix_expire_conflict(ctx, fl))
		goto retry;
	if (fl)
		error = posix_block(ctx, request, fl, conflock);
	else if (request->fl_flags & FL_ACCESS)
		error = 0;
	else
		error = posix_apply(ctx, request, &new_fl, &spare, &dispose);
	spin_unlock(&ctx->flc_lock);
	locks_run_notify();
out_free:
	if (new_fl)
		locks_free_lock(new_fl);
	if (spare)
		locks_free_lock(spare);
	locks_dispose_list(&dispose);
	return error;
}

int posix_lock_file(struct file *filp, struct file_lock *fl, struct file_lock *conflock)
{
	return posix_lock_inode(file_inode(filp), fl, conflock);
}

void posix_test_lock(struct file *filp, struct file_lock *fl)
{
	struct file_lock_context *ctx = locks_ctx(file_inode(filp));
	struct file_lock *cfl;

	might_sleep();
	if (!ctx) {
		fl->fl_type = F_UNLCK;
		return;
	}
retry:
	spin_lock(&ctx->flc_lock);
	cfl = posix_conflict(ctx, fl);
	if (cfl && posix_expire_conflict(ctx, cfl))
		goto retry;
	if (cfl)
		locks_copy_conflock(fl, cfl);
	else
		fl->fl_type = F_UNLCK;
	spin_unlock(&ctx->flc_lock);
}

/* ------------------------------------------------ flock locks */

static bool flock_locks_conflict(const struct file_lock *req, const struct file_lock *fl)
{
	return req->fl_file != fl->fl_file && locks_conflict(req, fl);
}

/* One attempt at a flock request. A conversion drops the old lock first
 * (flock(2): conversion is not atomic). Returns 0, -EAGAIN,
 * FILE_LOCK_DEFERRED (FL_SLEEP), -ENOENT (FL_EXISTS), -ENOMEM. No lock held. */
static int flock_lock_inode(struct inode *inode, struct file_lock *request)
{
	struct file_lock *new_fl = NULL, *fl;
	struct file_lock_context *ctx;
	LIST_HEAD(dispose);
	bool found = false;
	int error = 0;

	might_sleep();
	ctx = locks_get_lock_context(inode, request->fl_type);
	if (!ctx)
		return request->fl_type != F_UNLCK ? -ENOMEM :
		       (request->fl_flags & FL_EXISTS) ? -ENOENT : 0;
	if (!(request->fl_flags & FL_ACCESS) && request->fl_type != F_UNLCK &&
	    !(new_fl = locks_alloc_lock()))
		return -ENOMEM;

	spin_lock(&ctx->flc_lock);
	list_for_each_entry(fl, &ctx->flc_flock, fl_list) {
		if ((request->fl_flags & FL_ACCESS) || fl->fl_file != request->fl_file)
			continue;
		if (fl->fl_type == request->fl_type)
			goto out_unlock;		/* already so */
		found = true;
		locks_unlink_lock(ctx, fl, &dispose);
		break;
	}
	if (request->fl_type == F_UNLCK) {
		error = !found && (request->fl_flags & FL_EXISTS) ? -ENOENT : 0;
		goto out_unlock;
	}
	list_for_each_entry(fl, &ctx->flc_flock, fl_list) {
		if (!flock_locks_conflict(request, fl))
			continue;
		error = -EAGAIN;
		if (request->fl_flags & FL_SLEEP) {
			locks_queue(fl, request);
			error = FILE_LOCK_DEFERRED;
		}
		goto out_unlock;
	}
	if (!(request->fl_flags & FL_ACCESS)) {
		__locks_copy_lock(inode, new_fl, request);
		new_fl->fl_flags &= ~(FL_SLEEP | FL_EXISTS);
		locks_insert_lock(ctx, &ctx->flc_flock, new_fl);
		new_fl = NULL;
	}
out_unlock:
	spin_unlock(&ctx->flc_lock);
	locks_run_notify();
	if (new_fl)
		locks_free_lock(new_fl);
	locks_dispose_list(&dispose);
	return error;
}

/* ------------------------------------------------ waiting entry points */

/* Sleep until fl no longer waits for a lock, or a signal comes for the
 * caller: 0, or -ERESTARTSYS (fcntl F_SETLKW and flock are restarted
 * after a SA_RESTART handler, as in Linux). No lock held. */
static int locks_wait_unblocked(struct file_lock *fl)
{
	DEFINE_WAIT(w);
	int ret = 0;

	might_sleep();
	for (;;) {
		prepare_to_wait(&fl->fl_wait, &w, TASK_INTERRUPTIBLE);
		if (locks_unblocked(fl))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		current->blocked_kind = "waitqueue";
		current->blocked_on = &fl->fl_wait;
		schedule();
	}
	current->blocked_kind = NULL;
	finish_wait(&fl->fl_wait, &w);
	return ret;
}

int locks_lock_file_wait(struct file *filp, struct file_lock *fl)
{
	struct inode *inode = file_inode(filp);
	int error;

	might_sleep();
	if (!(fl->fl_flags & (FL_POSIX | FL_FLOCK)))
		return -EINVAL;
	for (;;) {
		if (fl->fl_flags & FL_POSIX)
			error = posix_lock_inode(inode, fl, NULL);
		else
			error = flock_lock_inode(inode, fl);
		if (error != FILE_LOCK_DEFERRED)
			break;
		if ((error = locks_wait_unblocked(fl)))
			break;
	}
	locks_delete_block(fl);
	return error;
}

int vfs_test_lock(struct file *filp, struct file_lock *fl)
{
	might_sleep();
	if (filp->f_op && filp->f_op->lock)
		return call_lock(filp, F_GETLK, fl);
	posix_test_lock(filp, fl);
	return 0;
}

/* One attempt: the filesystem's ->lock, or the generic code. */
static int __vfs_lock_file(struct file *filp, unsigned cmd, struct file_lock *fl,
			   struct file_lock *conf)
{
	if (filp->f_op && filp->f_op->lock)
		return call_lock(filp, cmd, fl);
	return posix_lock_file(filp, fl, conf);
}

int vfs_lock_file(struct file *filp, unsigned cmd, struct file_lock *fl,
		  struct file_lock *conf)
{
	int error;

	might_sleep();
	if (cmd == F_GETLK)
		return vfs_test_lock(filp, fl);
	if (cmd == F_SETLK)
		return __vfs_lock_file(filp, cmd, fl, conf);
	if (cmd != F_SETLKW)
		return -EINVAL;
	fl->fl_flags |= FL_SLEEP;
	for (;;) {
		error = __vfs_lock_file(filp, cmd, fl, conf);
		if (error != FILE_LOCK_DEFERRED)
			break;
		if ((error = locks_wait_unblocked(fl)))
			break;
	}
	locks_delete_block(fl);
	return error;
}

int locks_lm_grant(struct file_lock *fl, struct file_lock *conf, int result)
{
	if (!fl->fl_lmops || !fl->fl_lmops->lm_grant)
		return -ENOLCK;
	return call_lm_grant(fl, conf, result);
}

/* ------------------------------------------------ fcntl and flock(2) */

/* struct flock -> a POSIX request of owner on filp. -EINVAL for a bad
 * l_type, l_whence, or a range before 0 or past OFFSET_MAX. */
static int flock_to_posix_lock(struct file *filp, void *owner, struct file_lock *fl,
			       const struct flock *l)
{
	loff_t start;

	switch (l->l_whence) {
	case SEEK_SET: start = 0; break;
	case SEEK_CUR: start = READ_ONCE(filp->f_pos); break;
	case SEEK_END: start = i_size_read(file_inode(filp)); break;
	default: return -EINVAL;
	}
	if (l->l_type != F_RDLCK && l->l_type != F_WRLCK && l->l_type != F_UNLCK)
		return -EINVAL;
	if (l->l_start > OFFSET_MAX - start || (start += l->l_start) < 0)
		return -EINVAL;
	fl->fl_start = start;
	fl->fl_end = OFFSET_MAX;
	if (l->l_len > 0) {
		if (l->l_len - 1 > OFFSET_MAX - start)
			return -EINVAL;
		fl->fl_end = start + l->l_len - 1;
	} else if (l->l_len < 0) {
		if (start + l->l_len < 0)
			return -EINVAL;
		fl->fl_end = start - 1;
		fl->fl_start = start + l->l_len;
	}
	fl->fl_owner = owner;
	fl->fl_pid = current->pid;
	fl->fl_file = filp;
	fl->fl_flags = FL_POSIX;
	fl->fl_type = (unsigned char)l->l_type;
	return 0;
}

int fcntl_getlk(struct file *filp, void *owner, struct flock *l)
{
	struct file_lock fl;
	int error;

	might_sleep();
	locks_init_lock(&fl);
	if (l->l_type == F_UNLCK)
		return -EINVAL;
	error = flock_to_posix_lock(filp, owner, &fl, l);
	if (!error)
		error = vfs_test_lock(filp, &fl);
	if (!error) {
		l->l_type = fl.fl_type;
		if (fl.fl_type != F_UNLCK) {
			l->l_whence = SEEK_SET;
			l->l_start = fl.fl_start;
			l->l_len = fl.fl_end == OFFSET_MAX ? 0 : fl.fl_end - fl.fl_start + 1;
			l->l_pid = fl.fl_pid;
		}
	}
	locks_release_private(&fl);
	return error;
}

int fcntl_setlk(struct file *filp, void *owner, unsigned cmd, struct flock *l)
{
	struct file_lock fl;
	int error;

	might_sleep();
	if (cmd != F_SETLK && cmd != F_SETLKW)
		return -EINVAL;
	locks_init_lock(&fl);
	error = flock_to_posix_lock(filp, owner, &fl, l);
	if (error)
		return error;
	if ((fl.fl_type == F_RDLCK && !(filp->f_mode & FMODE_READ)) ||
	    (fl.fl_type == F_WRLCK && !(filp->f_mode & FMODE_WRITE)))
		return -EBADF;
	error = vfs_lock_file(filp, cmd, &fl, NULL);
	locks_release_private(&fl);
	return error;
}

int do_flock(struct file *filp, unsigned cmd)
{
	bool can_sleep = !(cmd & LOCK_NB);
	struct file_lock fl;
	int error;

	might_sleep();
	locks_init_lock(&fl);
	switch (cmd & ~LOCK_NB) {
	case LOCK_SH: fl.fl_type = F_RDLCK; break;
	case LOCK_EX: fl.fl_type = F_WRLCK; break;
	case LOCK_UN: fl.fl_type = F_UNLCK; break;
	default: return -EINVAL;
	}
	if (fl.fl_type != F_UNLCK && !(filp->f_mode & (FMODE_READ | FMODE_WRITE)))
		return -EBADF;
	fl.fl_owner = filp;
	fl.fl_pid = current->pid;
	fl.fl_file = filp;
	fl.fl_flags = FL_FLOCK | (can_sleep ? FL_SLEEP : 0);
	fl.fl_end = OFFSET_MAX;
	if (filp->f_op && filp->f_op->flock)
		error = call_flock(filp, can_sleep ? F_SETLKW : F_SETLK, &fl);
	else
		error = locks_lock_file_wait(filp, &fl);
	locks_release_private(&fl);
	return error;
}

/* ------------------------------------------------ close */

void locks_remove_posix(struct file *filp, void *owner)
{
	struct file_lock_context *ctx = locks_ctx(file_inode(filp));
	struct file_lock lock;

	might_sleep();
	if (!ctx || list_empty(&ctx->flc_posix))
		return;
	locks_init_lock(&lock);
	lock.fl_type = F_UNLCK;
	lock.fl_flags = FL_POSIX | FL_CLOSE;
	lock.fl_end = OFFSET_MAX;
	lock.fl_owner = owner;
	lock.fl_pid = current->pid;
	lock.fl_file = filp;
	vfs_lock_file(filp, F_SETLK, &lock, NULL);
	locks_release_private(&lock);
}

/* Tell the filesystem's ->flock that filp's flock lock goes. */
static void locks_remove_flock(struct file *filp)
{
	struct file_lock lock;

	locks_init_lock(&lock);
	lock.fl_type = F_UNLCK;
	lock.fl_flags = FL_FLOCK | FL_CLOSE;
	lock.fl_end = OFFSET_MAX;
	lock.fl_owner = filp;
	lock.fl_pid = current->pid;
	lock.fl_file = filp;
	call_flock(filp, F_SETLKW, &lock);
	locks_release_private(&lock);
}

/*
 * The last reference to filp is going. There are no processes yet, so no
 * close has necessarily removed the POSIX locks taken through filp: every
 * lock that still points at filp is removed here, whoever owns it (leases
 * through ->lm_change), so none is left pointing at a freed file.
 */
void locks_remove_file(struct file *filp)
{
	struct file_lock_context *ctx = locks_ctx(file_inode(filp));
	struct list_head *lists[2];
	struct file_lock *fl, *tmp;
	LIST_HEAD(dispose);

	might_sleep();
	if (!ctx)
		return;
	if (filp->f_op && filp->f_op->lock)
		locks_remove_posix(filp, filp);
	if (filp->f_op && filp->f_op->flock && !list_empty(&ctx->flc_flock))
		locks_remove_flock(filp);
	lists[0] = &ctx->flc_posix;
	lists[1] = &ctx->flc_flock;
	spin_lock(&ctx->flc_lock);
	for (unsigned i = 0; i < ARRAY_SIZE(lists); i++)
		list_for_each_entry_safe(fl, tmp, lists[i], fl_list)
			if (fl->fl_file == filp)
				locks_unlink_lock(ctx, fl, &dispose);
	list_for_each_entry_safe(fl, tmp, &ctx->flc_lease, fl_list) {
		struct file_lock *lease = fl;

		if (fl->fl_file == filp)
			call_lm_change(ctx, &lease, F_UNLCK);
	}
	spin_unlock(&ctx->flc_lock);
	locks_run_notify();
	locks_dispose_list(&dispose);
}

/* ------------------------------------------------ reports */

struct locks_buf {
	char *buf;
	size_t len, pos;
};

static __printf(2, 3) void lb_add(struct locks_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->pos + 1 >= b->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->pos, b->len - b->pos, fmt, ap);
	va_end(ap);
	b->pos = MIN(b->pos + (size_t)n, b->len - 1);
}

/* One /proc/locks line, as Linux's lock_get_status() prints it. */
static void lock_get_status(struct locks_buf *b, struct file_lock *fl, struct inode *inode,
			    unsigned id, bool waiter)
{
	dev_t dev = inode->i_sb ? inode->i_sb->s_dev : 0;
	int type = (fl->fl_flags & FL_LEASE) ? target_leasetype(fl) : fl->fl_type;

	lb_add(b, "%u:%s ", id, waiter ? " ->" : "");
	if (fl->fl_flags & FL_POSIX)
		lb_add(b, "%s ADVISORY  ", fl->fl_flags & FL_ACCESS ? "ACCESS" : "POSIX ");
	else if (fl->fl_flags & FL_FLOCK)
		lb_add(b, "FLOCK  ADVISORY  ");
	else if (fl->fl_flags & FL_LEASE)
		lb_add(b, "LEASE  %s", lease_breaking(fl) ? "BREAKING  " :
		       fl->fl_file ? "ACTIVE    " : "BREAKER   ");
	if (fl->fl_flags & FL_LEASE)
		lb_add(b, "%s ", type == F_WRLCK ? "WRITE" : type == F_RDLCK ? "READ" : "UNLCK");
	else
		lb_add(b, "%s ", type == F_WRLCK ? "WRITE" : "READ ");
	lb_add(b, "%d %02x:%02x:%lu ", fl->fl_pid, MAJOR(dev), MINOR(dev), inode->i_ino);
	if (!(fl->fl_flags & FL_POSIX))
		lb_add(b, "0 EOF\n");
	else if (fl->fl_end == OFFSET_MAX)
		lb_add(b, "%lld EOF\n", fl->fl_start);
	else
		lb_add(b, "%lld %lld\n", fl->fl_start, fl->fl_end);
}

/* The locks of one list and their waiters. ctx->flc_lock held. */
static void locks_format_list(struct locks_buf *b, struct file_lock_context *ctx,
			      struct list_head *list, unsigned *id)
{
	struct file_lock *fl, *w;

	lockdep_assert_held(&ctx->flc_lock);
	list_for_each_entry(fl, list, fl_list) {
		lock_get_status(b, fl, ctx->flc_inode, ++*id, false);
		spin_lock(&blocked_lock_lock);
		list_for_each_entry(w, &fl->fl_blocked_requests, fl_blocked_member)
			lock_get_status(b, w, ctx->flc_inode, *id, true);
		spin_unlock(&blocked_lock_lock);
	}
}

size_t locks_format(char *buf, size_t len)
{
	struct locks_buf b = { buf, len, 0 };
	struct file_lock_context *ctx;
	unsigned id = 0;

	lockdep_assert_not_held(&flctx_list_lock);
	if (len)
		buf[0] = 0;
	spin_lock(&flctx_list_lock);
	list_for_each_entry(ctx, &flctx_list, flc_all) {
		spin_lock(&ctx->flc_lock);
		locks_format_list(&b, ctx, &ctx->flc_posix, &id);
		locks_format_list(&b, ctx, &ctx->flc_flock, &id);
		locks_format_list(&b, ctx, &ctx->flc_lease, &id);
		spin_unlock(&ctx->flc_lock);
	}
	spin_unlock(&flctx_list_lock);
	return b.pos;
}

unsigned locks_count_waiters(struct inode *inode)
{
	struct file_lock_context *ctx = locks_ctx(inode);
	struct list_head *lists[3];
	struct list_head *pos;
	struct file_lock *fl;
	unsigned n = 0;

	lockdep_assert_not_held(&blocked_lock_lock);
	if (!ctx)
		return 0;
	lists[0] = &ctx->flc_posix;
	lists[1] = &ctx->flc_flock;
	lists[2] = &ctx->flc_lease;
	spin_lock(&ctx->flc_lock);
	spin_lock(&blocked_lock_lock);
	for (unsigned i = 0; i < ARRAY_SIZE(lists); i++)
		list_for_each_entry(fl, lists[i], fl_list)
			list_for_each(pos, &fl->fl_blocked_requests)
				n++;
	spin_unlock(&blocked_lock_lock);
	spin_unlock(&ctx->flc_lock);
	return n;
}
