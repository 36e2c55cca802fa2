/*
 * Job control on a tty, as Linux's drivers/tty/tty_jobctrl.c: which
 * session a tty controls and which of its process groups is in the
 * foreground; SIGTTIN/SIGTTOU for background groups; the ioctls that
 * acquire, give up and query all of this.
 *
 * A tty controls at most one session (tty->session, its leader's pid) and
 * each task points at its controlling tty (task->tty, inherited by fork,
 * cleared by setsid). When the session leader exits, tty_exit_session()
 * frees the tty and hangs up its foreground group (SIGHUP, SIGCONT), as
 * Linux's disassociate_ctty(); should that call be missed, the tty is
 * free anyway: tty_is_ctty_locked() notices that the leader no longer
 * exists and forgets the session.
 *
 * Locking: tasklist_lock (task pgid, sid, tty), then tty->lock (pgrp,
 * session). Signals are sent after both are dropped (kill_pgrp takes
 * tasklist_lock itself).
 */
#include "drivers/tty/internal.h"
#include "kernel/sched/sched.h"
#include "kernel/user/process.h"
#include "kernel/user/signal.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/cred.h"
#include "fs/vfs/fs.h"
#include "kernel/errno.h"

/* Does tty still control a live session? Forgets a session whose leader
 * has exited. tasklist_lock and tty->lock held. */
static bool tty_session_alive_locked(struct tty_struct *tty)
{
	struct task_struct *leader;

	lockdep_assert_held(&tasklist_lock);
	lockdep_assert_held(&tty->lock);
	if (!tty->session)
		return false;
	leader = find_task_by_pid(tty->session);
	if (leader && !leader->exit_state && leader->sid == tty->session && leader->tty == tty)
		return true;
	tty->session = 0;
	tty->pgrp = 0;
	return false;
}

bool tty_is_ctty_locked(struct tty_struct *tty, struct task_struct *t)
{
	return t->tty == tty && tty_session_alive_locked(tty) && tty->session == t->sid;
}

/* Does the current task have a controlling tty other than tty? The only
 * other ttys are the ktests' (never anyone's controlling tty), so a
 * pointer to one counts as having one. tasklist_lock and tty->lock held. */
static bool has_ctty_locked(struct tty_struct *tty)
{
	struct task_struct *me = current;

	if (!me->tty)
		return false;
	return me->tty != tty || tty_is_ctty_locked(tty, me);
}

/* Make tty the controlling tty of the current task's session, its group
 * the foreground. tasklist_lock and tty->lock held. */
static void set_ctty_locked(struct tty_struct *tty)
{
	struct task_struct *me = current;

	tty->session = me->sid;
	tty->pgrp = me->pgid;
	me->tty = tty;
}

struct tty_struct *tty_current_ctty(void)
{
	struct task_struct *me = current;
	struct tty_struct *tty;
	unsigned long flags;
	bool ok = false;

	spin_lock_irqsave(&tasklist_lock, flags);
	tty = me->tty;
	if (tty) {
		spin_lock(&tty->lock);
		ok = tty_is_ctty_locked(tty, me);
		spin_unlock(&tty->lock);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ok ? tty : NULL;
}

void tty_open_set_ctty(struct tty_struct *tty)
{
	struct task_struct *me = current;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&tty->lock);
	if (me->sid == me->pid && !has_ctty_locked(tty) && !tty_session_alive_locked(tty))
		set_ctty_locked(tty);
	spin_unlock(&tty->lock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* ---- background groups ---- */

/* Would sig be lost on the current task (ignored or blocked)? */
static bool sig_ignored_or_blocked(int sig)
{
	struct signal_state *s = &current->signal;

	return READ_ONCE(s->action[sig - 1].handler) == SIG_IGN ||
	       (READ_ONCE(s->blocked) & sigmask(sig));
}

/* POSIX's orphaned process group: no member has a parent in another group
 * of the same session, so nobody is left to continue it after a stop.
 * tasklist_lock held. */
static bool pgrp_orphaned_locked(int pgrp)
{
	struct task_struct *p;

	lockdep_assert_held(&tasklist_lock);
	for_each_process_locked(p) {
		struct task_struct *parent = p->parent;

		if (p->pgid != pgrp || p->exit_state || !parent || parent->pid == INIT_PID)
			continue;
		if (parent->pgid != pgrp && parent->sid == p->sid)
			return false;
	}
	return true;
}

int tty_check_change(struct tty_struct *tty, int sig)
{
	struct task_struct *me = current;
	unsigned long flags;
	int pgrp = 0, ret = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&tty->lock);
	if (tty_is_ctty_locked(tty, me) && tty->pgrp && tty->pgrp != me->pgid)
		pgrp = me->pgid;
	spin_unlock(&tty->lock);
	if (pgrp) {
		if (sig_ignored_or_blocked(sig))
			ret = sig == SIGTTIN ? -EIO : 0;
		else if (pgrp_orphaned_locked(pgrp))
			ret = -EIO;
		else
			ret = -ERESTARTSYS;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (ret == -ERESTARTSYS)
		kill_pgrp(pgrp, sig, SI_KERNEL);
	return ret;
}

/* ---- the ioctls ---- */

/* TIOCSCTTY: a session leader without a controlling tty takes this one;
 * root with arg 1 may take it from another session. */
static long tiocsctty(struct tty_struct *tty, struct file *file, unsigned long arg)
{
	struct task_struct *me = current, *p;
	unsigned long flags;
	long ret = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&tty->lock);
	if (me->sid == me->pid && tty_is_ctty_locked(tty, me))
		goto out;			/* already ours */
	if (me->sid != me->pid || has_ctty_locked(tty)) {
		ret = -EPERM;
		goto out;
	}
	if (tty_session_alive_locked(tty)) {
		if (arg != 1 || !capable_root()) {
			ret = -EPERM;
			goto out;
		}
		for_each_process_locked(p)	/* steal it */
			if (p->tty == tty && p->sid == tty->session)
				p->tty = NULL;
	}
	if (!(file->f_mode & FMODE_READ) && !capable_root()) {
		ret = -EPERM;
		goto out;
	}
	set_ctty_locked(tty);
out:
	spin_unlock(&tty->lock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

/* The session leader me gives up tty for its whole session: no task of
 * it keeps the tty, which controls no session any more. Returns the
 * foreground group it had, for the caller to hang up. tasklist_lock and
 * tty->lock held. */
static int session_drop_tty_locked(struct tty_struct *tty, struct task_struct *me)
{
	struct task_struct *p;
	int fg = tty->pgrp;

	for_each_process_locked(p)
		if (p->sid == me->sid && p->tty == tty)
			p->tty = NULL;
	tty->session = 0;
	tty->pgrp = 0;
	return fg;
}

/* The foreground group of a tty that lost its session: SIGHUP, and
 * SIGCONT so that a stopped job sees it. No lock held. */
static void hangup_pgrp(int fg)
{
	if (fg) {
		kill_pgrp(fg, SIGHUP, SI_KERNEL);
		kill_pgrp(fg, SIGCONT, SI_KERNEL);
	}
}

/* TIOCNOTTY: give up the controlling tty. A session leader gives it up
 * for its whole session, and its foreground group is hung up. */
static long tiocnotty(struct tty_struct *tty)
{
	struct task_struct *me = current;
	unsigned long flags;
	int fg = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&tty->lock);
	if (!tty_is_ctty_locked(tty, me)) {
		spin_unlock(&tty->lock);
		spin_unlock_irqrestore(&tasklist_lock, flags);
		return -ENOTTY;
	}
	if (me->sid == me->pid)
		fg = session_drop_tty_locked(tty, me);
	me->tty = NULL;
	spin_unlock(&tty->lock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	hangup_pgrp(fg);
	return 0;
}

void tty_exit_session(void)
{
	struct task_struct *me = current;
	struct tty_struct *tty;
	unsigned long flags;
	int fg = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	tty = me->tty;
	if (tty && me->sid == me->pid) {
		spin_lock(&tty->lock);
		if (tty_is_ctty_locked(tty, me))
			fg = session_drop_tty_locked(tty, me);
		spin_unlock(&tty->lock);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	hangup_pgrp(fg);
}

/* TIOCGPGRP and TIOCGSID: the foreground group or the session, for a
 * process whose controlling tty this is (-ENOTTY otherwise). */
static long tiocg(struct tty_struct *tty, unsigned cmd, int *uptr)
{
	unsigned long flags;
	long ret = 0;
	int val = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&tty->lock);
	if (!tty_is_ctty_locked(tty, current))
		ret = -ENOTTY;
	else
		val = cmd == TIOCGPGRP ? tty->pgrp : tty->session;
	spin_unlock(&tty->lock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	if (ret)
		return ret;
	return copy_to_user(uptr, &val, sizeof(val));
}

/* The session of process group pgrp (of the task with that pid if the
 * group is empty), or 0 if there is no such id. tasklist_lock held. */
static int session_of_pgrp_locked(int pgrp)
{
	struct task_struct *p;

	for_each_process_locked(p)	/* a zombie member still holds the group */
		if (p->pgid == pgrp && p->exit_state != EXIT_DEAD)
			return p->sid;
	p = find_task_by_pid(pgrp);
	return p ? p->sid : 0;
}

/* TIOCSPGRP: put another group of the caller's session in the
 * foreground. */
static long tiocspgrp(struct tty_struct *tty, const int *uptr)
{
	struct task_struct *me = current;
	unsigned long flags;
	int pgrp, sid;
	long ret;

	ret = tty_check_change(tty, SIGTTOU);
	if (ret == -EIO)
		return -ENOTTY;
	if (ret)
		return ret;
	if (copy_from_user(&pgrp, uptr, sizeof(pgrp)))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	spin_lock(&tty->lock);
	sid = session_of_pgrp_locked(pgrp);
	if (!tty_is_ctty_locked(tty, me))
		ret = -ENOTTY;
	else if (!pgrp || !sid)
		ret = -ESRCH;
	else if (sid != me->sid)
		ret = -EPERM;
	else
		tty->pgrp = pgrp;
	spin_unlock(&tty->lock);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}

long tty_jobctrl_ioctl(struct tty_struct *tty, struct file *file, unsigned cmd,
		       unsigned long arg)
{
	might_sleep();
	switch (cmd) {
	case TIOCSCTTY:
		return tiocsctty(tty, file, arg);
	case TIOCNOTTY:
		return tiocnotty(tty);
	case TIOCGPGRP:
	case TIOCGSID:
		return tiocg(tty, cmd, (int *)arg);
	case TIOCSPGRP:
		return tiocspgrp(tty, (const int *)arg);
	default:
		return -ENOIOCTLCMD;
	}
}
