/*
 * The process syscalls: fork, vfork, clone, exit, exit_group, the ids
 * (getpid, getppid, gettid) and process groups and sessions (setpgid,
 * getpgid, getpgrp, setsid, getsid). The process tree and the group ids
 * are read and written under tasklist_lock.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/process.h"
#include "kernel/user/signal.h"
#include "kernel/sched/sched.h"
#include "kernel/errno.h"

#define CLONE_VM	0x00000100
#define CLONE_VFORK	0x00004000

static long sys_fork(void)
{
	return do_fork(SIGCHLD, 0, NULL, NULL, 0);
}
SYSCALL_ENTRY(fork, sys_fork);

static long sys_vfork(void)
{
	return do_fork(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, NULL, NULL, 0);
}
SYSCALL_ENTRY(vfork, sys_vfork);

/* clone(flags, newsp, parent_tid, child_tid, tls): x86-64's order. */
static long sys_clone(unsigned long flags, unsigned long newsp, int *parent_tid,
		      int *child_tid, unsigned long tls)
{
	return do_fork(flags, newsp, parent_tid, child_tid, tls);
}
SYSCALL_ENTRY(clone, sys_clone);

static long sys_exit(int code)
{
	do_exit(W_EXITCODE(code, 0));
}
SYSCALL_ENTRY(exit, sys_exit);
SYSCALL_ENTRY(exit_group, sys_exit);	/* a process is one thread */

static long sys_getpid(void)
{
	return current->pid;
}
SYSCALL_ENTRY(getpid, sys_getpid);
SYSCALL_ENTRY(gettid, sys_getpid);

static long sys_getppid(void)
{
	unsigned long flags;
	int ppid;

	spin_lock_irqsave(&tasklist_lock, flags);
	ppid = current->parent ? current->parent->pid : 0;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ppid;
}
SYSCALL_ENTRY(getppid, sys_getppid);

/* The process pid refers to (0: the caller). tasklist_lock held. */
static struct task_struct *process_of(int pid)
{
	struct task_struct *t = pid ? find_task_by_pid(pid) : current;

	return t && t->mm && !t->exit_state ? t : NULL;
}

/* Is there a process in session sid whose group is pgid? An exiting or
 * zombie process still counts, as on Linux: its pid (and group) live until
 * it is reaped, and a shell joins a pipeline's later processes to the
 * group of the first even when that one has already exited. (Kernel
 * threads are in group 0, which no caller asks for.) tasklist_lock held. */
static bool pgrp_in_session(int pgid, int sid)
{
	struct task_struct *t;

	for_each_process_locked(t)
		if (t->exit_state != EXIT_DEAD && t->pgid == pgid && t->sid == sid)
			return true;
	return false;
}

/* setpgid(pid, pgid): the caller or one of its children (before it
 * execs: not tracked here), into an existing group of the same session
 * or a new one named after itself. */
static long sys_setpgid(int pid, int pgid)
{
	struct task_struct *me = current, *t;
	unsigned long flags;
	long ret = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	t = process_of(pid);
	if (!t) {
		ret = -ESRCH;
		goto out;
	}
	if (t != me && t->parent != me) {
		ret = -ESRCH;
		goto out;
	}
	if (t->sid != me->sid) {
		ret = -EPERM;
		goto out;
	}
	if (t->sid == t->pid) {
		ret = -EPERM;		/* a session leader stays in its group */
		goto out;
	}
	if (!pgid)
		pgid = t->pid;
	if (pgid != t->pid && !pgrp_in_session(pgid, me->sid)) {
		ret = -EPERM;
		goto out;
	}
	t->pgid = pgid;
out:
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
SYSCALL_ENTRY(setpgid, sys_setpgid);

static long sys_getpgid(int pid)
{
	struct task_struct *t;
	unsigned long flags;
	long ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = process_of(pid);
	ret = t ? t->pgid : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
SYSCALL_ENTRY(getpgid, sys_getpgid);

static long sys_getpgrp(void)
{
	return sys_getpgid(0);
}
SYSCALL_ENTRY(getpgrp, sys_getpgrp);

static long sys_getsid(int pid)
{
	struct task_struct *t;
	unsigned long flags;
	long ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	t = process_of(pid);
	ret = t ? t->sid : -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
SYSCALL_ENTRY(getsid, sys_getsid);

/* A new session and group led by the caller, with no controlling tty;
 * -EPERM if it already leads a group. */
static long sys_setsid(void)
{
	struct task_struct *me = current, *t;
	unsigned long flags;
	long ret;

	spin_lock_irqsave(&tasklist_lock, flags);
	ret = me->pid;
	for_each_process_locked(t)
		if (t->pgid == me->pid && !t->exit_state)
			ret = -EPERM;
	if (ret > 0) {
		me->sid = me->pgid = me->pid;
		me->tty = NULL;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
SYSCALL_ENTRY(setsid, sys_setsid);
