/*
 * Leases: fcntl(F_SETLEASE / F_GETLEASE), vfs_setlease() and
 * generic_setlease() for filesystems and lock managers, and __break_lease(),
 * which open calls before touching a file. After Linux's fs/locks.c. The
 * lock contexts, waiting and checked calls are fs/vfs/locks.c's, shared
 * through fs/vfs/locks_internal.h.
 *
 * Data and its locks
 *	ctx->flc_lock	the context's flc_lease list and the leases in it
 *			(their type, FL_*_PENDING, break and downgrade times).
 *	blocked_lock_lock (global, locks.c)  who waits for whom: a breaker
 *			waits on the lease it conflicts with (fl_blocker).
 *
 * Lock order, and why ->lm_notify runs after flc_lock is dropped: the
 * comment at the top of fs/vfs/locks.c. Every ->lm_break, ->lm_change,
 * ->lm_breaker_owns_lease and file ->setlease call goes through a call_*()
 * wrapper there that tells the rule checker (fs/lockrules/) the state of
 * the locks the seed's row names.
 *
 * Waiting: a breaker that conflicts is queued on the conflicting lease
 * (fl_blocker) and sleeps on fl_wait until fl_blocker is NULL or the break
 * times out, then looks again. Changing or removing a lease wakes all its
 * waiters.
 */
#include "fs/vfs/locks_internal.h"
#include "kernel/sched/sched.h"
#include "kernel/time.h"

unsigned lease_break_time = 45;		/* seconds; like Linux's sysctl */

static bool past_time(u64 t)
{
	return t && time_after(jiffies, t);
}

int lease_modify(struct file_lock **lease, int arg)
{
	struct file_lock *fl = *lease;
	struct file_lock_context *ctx = locks_ctx(fl_inode(fl));

	lockdep_assert_held(&ctx->flc_lock);
	if (arg != F_RDLCK && arg != F_WRLCK && arg != F_UNLCK)
		return -EINVAL;
	fl->fl_type = (unsigned char)arg;
	if (arg == F_UNLCK) {
		fl->fl_flags &= ~FL_UNLOCK_PENDING;
		fl->fl_break_time = 0;
	}
	if (arg != F_WRLCK) {
		fl->fl_flags &= ~FL_DOWNGRADE_PENDING;
		fl->fl_downgrade_time = 0;
	}
	locks_wake_up_blocks(ctx, fl);
	if (arg == F_UNLCK) {
		list_del_init(&fl->fl_list);
		locks_free_lock(fl);	/* a lease: ->fl_release_private must not sleep */
		*lease = NULL;
	}
	return 0;
}

/* There are no signals yet to tell the holder (Linux sends SIGIO): it sees
 * the break through F_GETLEASE, or the break times out. */
static void lease_break_callback(struct file_lock *lease)
{
}

static const struct lock_manager_operations lease_manager_ops = {
	.lm_break = lease_break_callback,
	.lm_change = lease_modify,
};

/* Carry out the breaks whose time is up. flc_lock held. */
static void time_out_leases(struct file_lock_context *ctx)
{
	struct file_lock *fl, *tmp, *lease;

	lockdep_assert_held(&ctx->flc_lock);
	list_for_each_entry_safe(fl, tmp, &ctx->flc_lease, fl_list) {
		lease = fl;
		if (past_time(fl->fl_downgrade_time))
			call_lm_change(ctx, &lease, F_RDLCK);
		if (lease && past_time(fl->fl_break_time))
			call_lm_change(ctx, &lease, F_UNLCK);
	}
}

static bool leases_conflict(struct file_lock_context *ctx, struct file_lock *lease,
			    struct file_lock *breaker)
{
	if (lease->fl_lmops->lm_breaker_owns_lease && call_lm_breaker_owns_lease(ctx, lease))
		return false;
	return locks_conflict(breaker, lease);
}

static struct file_lock *first_conflicting_lease(struct file_lock_context *ctx,
						 struct file_lock *breaker)
{
	struct file_lock *fl;

	lockdep_assert_held(&ctx->flc_lock);
	list_for_each_entry(fl, &ctx->flc_lease, fl_list)
		if (leases_conflict(ctx, fl, breaker))
			return fl;
	return NULL;
}

/* Ask the holders of conflicting leases to give them up (a writer) or to
 * downgrade them (a reader), with a deadline. flc_lock held. */
static void lease_start_breaks(struct file_lock_context *ctx, struct file_lock *breaker)
{
	u64 deadline = jiffies + (u64)lease_break_time * HZ;
	struct file_lock *fl;

	lockdep_assert_held(&ctx->flc_lock);
	list_for_each_entry(fl, &ctx->flc_lease, fl_list) {
		if (!leases_conflict(ctx, fl, breaker))
			continue;
		if (breaker->fl_type == F_WRLCK) {
			if (fl->fl_flags & FL_UNLOCK_PENDING)
				continue;
			fl->fl_flags |= FL_UNLOCK_PENDING;
			fl->fl_break_time = deadline ? deadline : 1;
		} else {
			if (lease_breaking(fl))
				continue;
			fl->fl_flags |= FL_DOWNGRADE_PENDING;
			fl->fl_downgrade_time = deadline ? deadline : 1;
		}
		call_lm_break(ctx, fl);
	}
}

/* Sleep until no lease conflicts with breaker, timing out breaks whose
 * holders do not answer. flc_lock held; dropped while sleeping. */
static void lease_wait_breaks(struct file_lock_context *ctx, struct file_lock *breaker)
{
	struct file_lock *fl;
	long ticks;
	u64 t;

	lockdep_assert_held(&ctx->flc_lock);
	while ((fl = first_conflicting_lease(ctx, breaker))) {
		lease_start_breaks(ctx, breaker);	/* leases added meanwhile */
		t = fl->fl_break_time ? fl->fl_break_time : fl->fl_downgrade_time;
		ticks = MAX((long)(t - jiffies), 1L);
		locks_queue(fl, breaker);
		spin_unlock(&ctx->flc_lock);
		locks_run_notify();
		wait_event_timeout(breaker->fl_wait, locks_unblocked(breaker), ticks);
		locks_delete_block(breaker);
		spin_lock(&ctx->flc_lock);
		time_out_leases(ctx);
	}
}

int __break_lease(struct inode *inode, unsigned mode)
{
	struct file_lock_context *ctx = locks_ctx(inode);
	struct file_lock breaker;
	int error = 0;

	might_sleep();
	if (!ctx)
		return 0;
	locks_init_lock(&breaker);
	breaker.fl_type = (mode & O_ACCMODE) != O_RDONLY ? F_WRLCK : F_RDLCK;
	breaker.fl_flags = FL_LEASE;
	breaker.fl_end = OFFSET_MAX;
	breaker.fl_pid = current->pid;

	spin_lock(&ctx->flc_lock);
	time_out_leases(ctx);
	if (first_conflicting_lease(ctx, &breaker)) {
		lease_start_breaks(ctx, &breaker);
		if (mode & O_NONBLOCK)
			error = -EWOULDBLOCK;
		else
			lease_wait_breaks(ctx, &breaker);
	}
	spin_unlock(&ctx->flc_lock);
	locks_run_notify();
	return error;
}

/* Add filp's lease, or change the one it has. flc_lock taken here. */
static int generic_add_lease(struct file *filp, long arg, struct file_lock **flp)
{
	struct file_lock_context *ctx = locks_get_lock_context(file_inode(filp), (int)arg);
	struct file_lock *fl, *my_fl = NULL;
	int error = -EAGAIN;

	if (!ctx)
		return -ENOMEM;
	spin_lock(&ctx->flc_lock);
	time_out_leases(ctx);
	list_for_each_entry(fl, &ctx->flc_lease, fl_list) {
		if (fl->fl_file == filp)
			my_fl = fl;
		else if (arg == F_WRLCK || fl->fl_type == F_WRLCK || (fl->fl_flags & FL_UNLOCK_PENDING))
			goto out_unlock;	/* only read leases share a file */
	}
	if (my_fl) {
		error = call_lm_change(ctx, &my_fl, (int)arg);
	} else {
		(*flp)->fl_type = (unsigned char)arg;
		locks_insert_lock(ctx, &ctx->flc_lease, *flp);
		*flp = NULL;
		error = 0;
	}
out_unlock:
	spin_unlock(&ctx->flc_lock);
	locks_run_notify();
	return error;
}

static int generic_delete_lease(struct file *filp)
{
	struct file_lock_context *ctx = locks_ctx(file_inode(filp));
	struct file_lock *fl, *victim = NULL;
	int error = -EAGAIN;

	if (!ctx)
		return error;
	spin_lock(&ctx->flc_lock);
	list_for_each_entry(fl, &ctx->flc_lease, fl_list)
		if (fl->fl_file == filp)
			victim = fl;
	if (victim)
		error = call_lm_change(ctx, &victim, F_UNLCK);
	spin_unlock(&ctx->flc_lock);
	locks_run_notify();
	return error;
}

int generic_setlease(struct file *filp, long arg, struct file_lock **lease, void **priv)
{
	might_sleep();
	if (!S_ISREG(file_inode(filp)->i_mode))
		return -EINVAL;
	if (arg == F_UNLCK)
		return generic_delete_lease(filp);
	if (arg != F_RDLCK && arg != F_WRLCK)
		return -EINVAL;
	if ((*lease)->fl_file != filp || !((*lease)->fl_flags & FL_LEASE))
		return -EINVAL;
	if (!(*lease)->fl_lmops || !(*lease)->fl_lmops->lm_break || !(*lease)->fl_lmops->lm_change)
		return -ENOLCK;
	return generic_add_lease(filp, arg, lease);
}

int vfs_setlease(struct file *filp, long arg, struct file_lock **lease, void **priv)
{
	might_sleep();
	if (filp->f_op && filp->f_op->setlease)
		return call_setlease(filp, arg, lease, priv);
	return generic_setlease(filp, arg, lease, priv);
}

int fcntl_setlease(struct file *filp, long arg)
{
	struct file_lock *fl = NULL;
	void *priv = NULL;
	int error;

	might_sleep();
	if (arg != F_UNLCK) {
		if (!(fl = locks_alloc_lock()))
			return -ENOMEM;
		fl->fl_owner = filp;
		fl->fl_pid = current->pid;
		fl->fl_file = filp;
		fl->fl_flags = FL_LEASE;
		fl->fl_type = (unsigned char)arg;
		fl->fl_end = OFFSET_MAX;
		fl->fl_lmops = &lease_manager_ops;
	}
	error = vfs_setlease(filp, arg, &fl, &priv);
	if (fl)
		locks_free_lock(fl);
	return error;
}

int fcntl_getlease(struct file *filp)
{
	struct file_lock_context *ctx = locks_ctx(file_inode(filp));
	struct file_lock *fl;
	int type = F_UNLCK;

	if (!ctx)
		return type;
	spin_lock(&ctx->flc_lock);
	time_out_leases(ctx);
	list_for_each_entry(fl, &ctx->flc_lease, fl_list)
		if (fl->fl_file == filp)
			type = target_leasetype(fl);
	spin_unlock(&ctx->flc_lock);
	locks_run_notify();
	return type;
}
