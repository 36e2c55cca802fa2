/*
 * Resource limits: getrlimit, setrlimit, prlimit64. Linux's rules: the
 * soft limit may not exceed the hard one (-EINVAL); anyone may lower a
 * limit; raising a hard limit needs root (-EPERM); RLIMIT_NOFILE never
 * goes above NR_OPEN_MAX (-EPERM, Linux's nr_open). Who enforces what:
 * fork checks RLIMIT_NPROC (kernel/user/process.c); the descriptor table
 * is to check RLIMIT_NOFILE; the others are stored and reported only.
 *
 * Locking: a task's rlim[] is written by the task itself only (so
 * prlimit64 on another process may read but not set: -EPERM); other
 * tasks read it without a lock.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/process.h"
#include "kernel/user/cred.h"
#include "kernel/sched/sched.h"
#include "kernel/errno.h"
#include "fs/vfs/fdtable.h"

/* May the caller see t's limits? Root, or t's ids are all the caller's
 * real uid (Linux's check for prlimit on another process). */
static bool rlimit_visible(struct task_struct *t)
{
	const struct cred *c = current_cred();
	const struct cred *tc = &t->cred;

	if (t == current || c->euid == 0)
		return true;
	return tc->uid == c->uid && tc->euid == c->uid && tc->suid == c->uid &&
	       tc->gid == c->gid && tc->egid == c->gid && tc->sgid == c->gid;
}

/* Check a new limit for the current task against its old one. */
static long rlimit_check(unsigned resource, const struct rlimit *new)
{
	const struct rlimit *old = &current->rlim[resource];

	if (new->rlim_cur > new->rlim_max)
		return -EINVAL;
	if (new->rlim_max > old->rlim_max && !capable_root())
		return -EPERM;
	if (resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_MAX)
		return -EPERM;
	return 0;
}

/* Read (old) and/or set (new) a limit of the current task. */
static long do_prlimit_self(unsigned resource, const struct rlimit *new, struct rlimit *old)
{
	long err;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		err = rlimit_check(resource, new);
		if (err)
			return err;
	}
	if (old)
		*old = current->rlim[resource];
	if (new)
		current->rlim[resource] = *new;
	return 0;
}

static long sys_getrlimit(unsigned resource, struct rlimit *ulim)
{
	struct rlimit old;
	long err = do_prlimit_self(resource, NULL, &old);

	if (err)
		return err;
	return copy_to_user(ulim, &old, sizeof(old));
}
SYSCALL_ENTRY(getrlimit, sys_getrlimit);

static long sys_setrlimit(unsigned resource, const struct rlimit *ulim)
{
	struct rlimit new;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (copy_from_user(&new, ulim, sizeof(new)))
		return -EFAULT;
	return do_prlimit_self(resource, &new, NULL);
}
SYSCALL_ENTRY(setrlimit, sys_setrlimit);

/* Another process's limit, read under tasklist_lock (it may exit). */
static long prlimit_read_other(int pid, unsigned resource, struct rlimit *old)
{
	struct task_struct *t;
	unsigned long flags;
	long err = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_task_by_pid(pid);
	if (!t || !t->mm || t->exit_state)
		err = -ESRCH;
	else if (!rlimit_visible(t))
		err = -EPERM;
	else
		*old = t->rlim[resource];
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

static long sys_prlimit64(int pid, unsigned resource, const struct rlimit *unew,
			  struct rlimit *uold)
{
	struct rlimit new, old;
	long err;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid < 0)
		return -EINVAL;
	if (unew && copy_from_user(&new, unew, sizeof(new)))
		return -EFAULT;
	if (pid == 0 || pid == current->pid) {
		err = do_prlimit_self(resource, unew ? &new : NULL, &old);
	} else {
		err = prlimit_read_other(pid, resource, &old);
		if (!err && unew)
			err = -EPERM;	/* only a process sets its own limits */
	}
	if (err)
		return err;
	if (uold && copy_to_user(uold, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(prlimit64, sys_prlimit64);
