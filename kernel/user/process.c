/*
 * Process lifetime (see process.h): fork, exit, reaping, and processes
 * that the kernel starts itself (init, and the ktests' programs).
 *
 * Locking: tasklist_lock (IRQ-safe spinlock) guards the process tree:
 * parent, children, sibling, pgid, sid, exit_state, wait_status,
 * stop_status. A parent sleeps on its own wait_chldexit queue in wait4;
 * a child wakes it when it exits or stops. Resources (mm, files, fs) are
 * released by the exiting task itself, before it becomes a zombie, with
 * no lock held.
 */
#include "kernel/user/process.h"
#include "kernel/user/signal.h"
#include "kernel/user/cmdline.h"
#include "kernel/user/itimer.h"
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/x86.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "kernel/time.h"
#include "drivers/tty/tty.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/fs_struct.h"
#include "mm/fault.h"
#include "mm/mm.h"

#define CLONE_VM		0x00000100
#define CLONE_FS		0x00000200
#define CLONE_FILES		0x00000400
#define CLONE_SIGHAND		0x00000800
#define CLONE_VFORK		0x00004000
#define CLONE_PARENT		0x00008000
#define CLONE_THREAD		0x00010000
#define CLONE_SETTLS		0x00080000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_CLEARTID	0x00200000
#define CLONE_CHILD_SETTID	0x01000000
#define CSIGNAL			0x000000ff

static struct task_struct *init_process;	/* tasklist_lock; const once set */

struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *t;

	lockdep_assert_held(&tasklist_lock);
	for_each_process_locked(t)
		if (t->pid == pid && t->exit_state != EXIT_DEAD)
			return t;
	return NULL;
}

unsigned nr_processes_of(u32 uid)
{
	struct task_struct *t;
	unsigned n = 0;

	lockdep_assert_held(&tasklist_lock);
	for_each_process_locked(t)
		if (t->mm && !t->exit_state && t->cred.uid == uid)
			n++;
	return n;
}

void user_output_capture(const char *buf, size_t n)
{
	struct user_wait *uw = current->uwait;

	if (!uw)
		return;
	uw->console_bytes += n;
	if (uw->capture && uw->capture_len < uw->capture_size) {
		size_t room = uw->capture_size - uw->capture_len;
		size_t c = n < room ? n : room;

		memcpy(uw->capture + uw->capture_len, buf, c);
		uw->capture_len += c;
	}
}

/* ---- fork ---- */

static const struct rlimit default_rlimits[RLIM_NLIMITS] = {
	[RLIMIT_CPU]	= { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_FSIZE]	= { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_DATA]	= { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_STACK]	= { 8 << 20, RLIM_INFINITY },
	[RLIMIT_CORE]	= { 0, RLIM_INFINITY },
	[RLIMIT_RSS]	= { RLIM_INFINITY, RLIM_INFINITY },
	[RLIMIT_NPROC]	= { 256, 256 },
	[RLIMIT_NOFILE]	= { NR_OPEN_MAX, NR_OPEN_MAX },
	[RLIMIT_MEMLOCK] = { 8 << 20, 8 << 20 },
	[RLIMIT_AS]	= { RLIM_INFINITY, RLIM_INFINITY },
	[10 ... RLIM_NLIMITS - 1] = { RLIM_INFINITY, RLIM_INFINITY },
};

/* Undo a half-built child that never ran. */
static void free_unstarted(struct task_struct *t)
{
	if (t->files)
		files_put(t->files);
	if (t->fs)
		put_fs_struct(t->fs);
	if (t->mm)
		mmput(t->mm);
	t->state = TASK_DEAD;
	put_task_struct(t);		/* the scheduler's reference: it never ran */
}

long do_fork(unsigned long flags, unsigned long newsp, int *parent_tid,
	     int *child_tid, unsigned long tls)
{
	struct task_struct *me = current, *child;
	struct pt_regs *regs = current_user_regs();
	struct completion vfork;
	unsigned long irqflags;
	unsigned limit;
	int pid;

	might_sleep();
	if (flags & (CLONE_THREAD | CLONE_SIGHAND | CLONE_FS | CLONE_FILES | CLONE_PARENT))
		return -EINVAL;		/* threads and sharing: not supported */
	if ((flags & CLONE_VM) && !(flags & CLONE_VFORK))
		return -EINVAL;		/* a shared mm without vfork means a thread */
	if (!me->mm)
		return -EINVAL;

	child = fork_task_create(me->comm, regs);
	if (!child)
		return -ENOMEM;
	pid = child->pid;
	child->cred = me->cred;
	memcpy(child->rlim, me->rlim, sizeof(child->rlim));
	signals_init_task(child, me);
	child->exit_signal = flags & CSIGNAL;
	child->start_ticks = jiffies;
	child->fsbase = (flags & CLONE_SETTLS) ? tls : me->fsbase;
	preempt_disable();
	fxsave(child->fpu_state);	/* the parent's live FPU registers */
	preempt_enable();

	if (flags & CLONE_VM) {
		__atomic_fetch_add(&me->mm->mm_users, 1, __ATOMIC_RELAXED);
		child->mm = me->mm;
	} else {
		child->mm = mm_dup(me->mm);
	}
	child->files = me->files ? files_dup(me->files) : files_alloc();
	child->fs = me->fs ? copy_fs_struct(me->fs) : fs_struct_alloc();
	if (!child->mm || !child->files || !child->fs) {
		free_unstarted(child);
		return -ENOMEM;
	}

	/* The child returns 0 from the call, on its own stack if given. */
	{
		struct pt_regs *cr = (struct pt_regs *)((char *)child->stack + KSTACK_SIZE) - 1;

		cr->rax = 0;
		if (newsp)
			cr->rsp = newsp;
	}
	if ((flags & CLONE_CHILD_SETTID) && child_tid && !(flags & CLONE_VM)) {
		/* The child's copy of memory gets its tid: write through its mm. */
		down_write(&child->mm->mmap_lock);
		mm_copy_to(child->mm, (unsigned long)child_tid, &pid, sizeof(pid));
		up_write(&child->mm->mmap_lock);
	}

	spin_lock_irqsave(&tasklist_lock, irqflags);
	/* A signal sent to our group while we were copying (kill(-pgid) walks
	 * the group under this lock) would miss the child: give up, let the
	 * signal act, and restart the fork afterwards, as Linux does. */
	if (signal_pending(me)) {
		spin_unlock_irqrestore(&tasklist_lock, irqflags);
		free_unstarted(child);
		return -ERESTARTNOINTR;
	}
	limit = me->rlim[RLIMIT_NPROC].rlim_cur;
	/* The child is on the task list already, so it counts itself. */
	if (me->cred.uid != 0 && nr_processes_of(me->cred.uid) > limit) {
		spin_unlock_irqrestore(&tasklist_lock, irqflags);
		free_unstarted(child);
		return -EAGAIN;
	}
	get_task_struct(child);		/* the parent's reference, until reaped */
	child->parent = me;
	list_add_tail(&child->sibling, &me->children);
	child->pgid = me->pgid;
	child->sid = me->sid;
	child->tty = me->tty;
	spin_unlock_irqrestore(&tasklist_lock, irqflags);

	if (flags & CLONE_PARENT_SETTID)
		copy_to_user(parent_tid, &pid, sizeof(pid));
	if (flags & CLONE_VFORK) {
		init_completion(&vfork);
		child->vfork_done = &vfork;
	}
	task_cmdline_fork(child, me);	/* for /proc/<pid>/cmdline */
	wake_up_process(child);
	if (flags & CLONE_VFORK)
		wait_for_completion(&vfork);	/* until the child execs or exits */
	return pid;
}

/* ---- exit ---- */

/* The child is gone for good: off the parent's list, reference dropped.
 * tasklist_lock held; the put happens after it is dropped. */
static void release_child_locked(struct task_struct *t)
{
	t->exit_state = EXIT_DEAD;
	list_del_init(&t->sibling);
	t->parent = NULL;
}

/* Hand our children to init; a zombie among them is init's to reap. With
 * no init (the kernel started us), zombies go on orphans for the caller to
 * put after it drops tasklist_lock: the last put takes that lock itself.
 * tasklist_lock held. */
static void reparent_children(struct task_struct *me, struct list_head *orphans)
{
	struct task_struct *t, *tmp;
	struct task_struct *reaper = init_process && init_process != me ? init_process : NULL;

	lockdep_assert_held(&tasklist_lock);
	list_for_each_entry_safe(t, tmp, &me->children, sibling) {
		list_del_init(&t->sibling);
		t->parent = reaper;
		if (reaper) {
			list_add_tail(&t->sibling, &reaper->children);
		} else if (t->exit_state == EXIT_ZOMBIE) {
			t->exit_state = EXIT_DEAD;	/* nobody will wait for it */
			list_add_tail(&t->sibling, orphans);
		}
	}
	if (reaper)
		wake_up_all(&reaper->wait_chldexit);
}

/* Does the parent want zombies at all? (SIGCHLD ignored or SA_NOCLDWAIT.) */
static bool parent_reaps_automatically(struct task_struct *parent)
{
	const struct k_sigaction *ka = &parent->signal.action[SIGCHLD - 1];

	return ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}

void do_exit(int status)
{
	struct task_struct *me = current;
	struct mm_struct *mm = me->mm;
	struct user_wait *uw = me->uwait;
	struct files_struct *files;
	struct fs_struct *fs;
	struct task_struct *child, *tmp;
	LIST_HEAD(orphans);
	unsigned long flags;
	bool autoreap;

	local_irq_enable();
	if (me->pid == INIT_PID && init_process == me)
		panic("init exited with status %#x", status);

	/* A session leader gives up its terminal: the foreground job gets
	 * SIGHUP and SIGCONT. Then release what the process holds, with no
	 * lock held. */
	if (me->sid == me->pid)
		tty_exit_session();
	itimer_exit(me);
	task_cmdline_exit(me);
	task_lock(me);
	files = me->files;
	fs = me->fs;
	me->files = NULL;
	me->fs = NULL;
	task_unlock(me);
	if (files)
		files_put(files);
	if (fs)
		put_fs_struct(fs);
	if (me->vfork_done) {
		complete(me->vfork_done);
		me->vfork_done = NULL;
	}
	task_lock(me);			/* get_task_mm() reads it under the lock */
	me->mm = NULL;
	switch_mm(NULL);
	task_unlock(me);
	if (mm)
		mmput(mm);

	/* Become a zombie and tell the parent. */
	spin_lock_irqsave(&tasklist_lock, flags);
	reparent_children(me, &orphans);
	me->wait_status = status;
	me->stop_status = 0;
	autoreap = !me->parent || parent_reaps_automatically(me->parent);
	me->exit_state = EXIT_ZOMBIE;
	/* SIGCHLD, and a wake-up of a parent in wait4 (which, with no zombie
	 * to reap, then finds no child and says -ECHILD). */
	if (status & 0x7f)
		notify_parent(me, CLD_KILLED, status & 0x7f);
	else
		notify_parent(me, CLD_EXITED, (status >> 8) & 0xff);
	if (me->parent && autoreap)
		release_child_locked(me);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	list_for_each_entry_safe(child, tmp, &orphans, sibling) {
		list_del_init(&child->sibling);
		put_task_struct(child);		/* our reference as its parent */
	}
	if (autoreap && me->usage > 1)
		put_task_struct(me);	/* the parent's reference it will never drop */

	me->uwait = NULL;
	if (uw) {
		uw->status = status;
		complete(&uw->done);	/* uw may be gone once this returns */
	}
	kthread_exit(status);
}

/* ---- wait ---- */

#define WNOHANG		0x00000001
#define WUNTRACED	0x00000002
#define WEXITED		0x00000004
#define WCONTINUED	0x00000008
#define WNOWAIT		0x01000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

#define P_ALL		0
#define P_PID		1
#define P_PGID		2

struct wait_opts {
	int which, id;		/* P_ALL / P_PID / P_PGID, and the id */
	int options;
	/* The result. */
	int pid, status, uid;
	bool stopped, continued;
};

static bool child_matches(const struct wait_opts *wo, const struct task_struct *t)
{
	switch (wo->which) {
	case P_PID:	return t->pid == wo->id;
	case P_PGID:	return t->pgid == wo->id;
	default:	return true;
	}
}

/* Look for a child to report; 1 found, 0 none ready yet, -ECHILD none at
 * all. A reaped zombie's reference is returned in *reaped for the caller
 * to put after dropping the lock. */
static int wait_scan(struct wait_opts *wo, struct task_struct **reaped)
{
	struct task_struct *me = current, *t;
	unsigned long flags;
	bool any = false;
	int ret = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &me->children, sibling) {
		if (!child_matches(wo, t))
			continue;
		any = true;
		if (t->exit_state == EXIT_ZOMBIE && (wo->options & WEXITED)) {
			wo->pid = t->pid;
			wo->status = t->wait_status;
			wo->uid = t->cred.uid;
			if (!(wo->options & WNOWAIT)) {
				release_child_locked(t);
				*reaped = t;
			}
			ret = 1;
			break;
		}
		if (t->stop_status && (wo->options & WUNTRACED)) {
			wo->pid = t->pid;
			wo->status = t->stop_status;
			wo->uid = t->cred.uid;
			wo->stopped = true;
			if (!(wo->options & WNOWAIT))
				t->stop_status = 0;
			ret = 1;
			break;
		}
		if (t->continued && (wo->options & WCONTINUED)) {
			wo->pid = t->pid;
			wo->status = W_CONTINUED;
			wo->uid = t->cred.uid;
			wo->continued = true;
			if (!(wo->options & WNOWAIT))
				t->continued = false;
			ret = 1;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret ? ret : any ? 0 : -ECHILD;
}

static long do_wait(struct wait_opts *wo, struct task_struct **reaped)
{
	struct task_struct *me = current;
	DEFINE_WAIT(w);
	long ret;

	for (;;) {
		prepare_to_wait(&me->wait_chldexit, &w, TASK_INTERRUPTIBLE);
		ret = wait_scan(wo, reaped);
		if (ret || (wo->options & WNOHANG))
			break;
		if (signal_pending(me)) {
			ret = -ERESTARTSYS;
			break;
		}
		me->blocked_kind = "waitqueue";		/* for ps and lk-ps */
		me->blocked_on = &me->wait_chldexit;
		schedule();
		me->blocked_kind = NULL;
	}
	finish_wait(&me->wait_chldexit, &w);
	return ret;
}

static long sys_wait4(int pid, int *ustatus, int options, void *rusage)
{
	struct wait_opts wo = { .options = (options & (WNOHANG | WUNTRACED | WCONTINUED)) | WEXITED };
	struct task_struct *reaped = NULL;
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == -1) {
		wo.which = P_ALL;
	} else if (pid > 0) {
		wo.which = P_PID;
		wo.id = pid;
	} else if (pid == 0) {
		wo.which = P_PGID;
		wo.id = current->pgid;
	} else {
		if (pid == (int)0x80000000)
			return -ESRCH;
		wo.which = P_PGID;
		wo.id = -pid;
	}
	ret = do_wait(&wo, &reaped);
	if (ret != 1)
		return ret;
	ret = wo.pid;
	if (ustatus && copy_to_user(ustatus, &wo.status, sizeof(int)))
		ret = -EFAULT;
	if (rusage) {
		u8 zero[144] = { 0 };	/* struct rusage: no accounting yet */

		if (copy_to_user(rusage, zero, sizeof(zero)))
			ret = -EFAULT;
	}
	if (reaped)
		put_task_struct(reaped);	/* the parent's reference: frees it */
	return ret;
}
SYSCALL_ENTRY(wait4, sys_wait4);

/* waitid(2): the same search, reported as a siginfo (CLD_EXITED...). */

static long sys_waitid(int which, int id, void *infop, int options, void *rusage)
{
	struct wait_opts wo = { .which = which, .id = id, .options = options };
	struct task_struct *reaped = NULL;
	struct {
		int si_signo, si_errno, si_code, __pad;
		int pid;
		u32 uid;
		int status;
		u8 rest[100];
	} info = { 0 };
	long ret;

	if (which != P_ALL && which != P_PID && which != P_PGID)
		return -EINVAL;
	if (options & ~(WNOHANG | WEXITED | WUNTRACED | WCONTINUED | WNOWAIT | __WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WUNTRACED | WCONTINUED)))
		return -EINVAL;
	if (which == P_PGID && id == 0)
		wo.id = current->pgid;
	ret = do_wait(&wo, &reaped);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		info.si_signo = SIGCHLD;
		info.pid = wo.pid;
		info.uid = wo.uid;
		if (wo.stopped) {
			info.si_code = CLD_STOPPED;
			info.status = (wo.status >> 8) & 0xff;
		} else if (wo.continued) {
			info.si_code = CLD_CONTINUED;
			info.status = SIGCONT;
		} else if (wo.status & 0x7f) {
			info.si_code = CLD_KILLED;
			info.status = wo.status & 0x7f;
		} else {
			info.si_code = CLD_EXITED;
			info.status = (wo.status >> 8) & 0xff;
		}
	}
	ret = 0;
	if (infop && copy_to_user(infop, &info, sizeof(info)))
		ret = -EFAULT;
	if (reaped)
		put_task_struct(reaped);
	return ret;
}
SYSCALL_ENTRY(waitid, sys_waitid);

/* ---- processes the kernel starts ---- */

struct user_start {
	const char *path;
	char *const *argv;
	struct completion started;	/* init only: set up, about to exec */
	int error;
};

static char *const default_envp[] = { "PATH=/bin:/sbin", "HOME=/", "TERM=vt100", NULL };

/* Descriptors 0, 1, 2 on the console, as a new session would have them. */
static int open_console(struct files_struct *files)
{
	struct file *f = filp_open("/dev/console", O_RDWR, 0);

	if (IS_ERR(f))
		return PTR_ERR(f);
	for (int fd = 0; fd < 3; fd++) {
		int r = fd_install_lowest(files, fd ? get_file(f) : f, fd, false);

		if (r != fd)
			return r < 0 ? r : -EBUSY;
	}
	return 0;
}

/* What a user process needs besides an mm, for a kernel thread about to
 * exec: credentials (root), limits, signals, files, fs. */
static int become_process(struct task_struct *me)
{
	memcpy(me->rlim, default_rlimits, sizeof(me->rlim));
	signals_init_task(me, NULL);
	me->exit_signal = SIGCHLD;
	me->start_ticks = jiffies;
	me->files = files_alloc();
	me->fs = fs_struct_alloc();
	if (!me->files || !me->fs)
		return -ENOMEM;
	open_console(me->files);	/* without /dev: no standard descriptors */
	return 0;
}

/* The kernel thread's body: become the program, or exit with -errno. */
static int user_main(void *arg)
{
	struct user_start *us = arg;
	int err = become_process(current);

	if (!err)
		err = do_execve(us->path, us->argv, default_envp);
	do_exit(err);
}

int run_user_program_wait(const char *path, char *const argv[], struct user_wait *uw)
{
	struct user_start us = { path, argv };
	struct user_wait local = { 0 };
	const char *name = path;
	struct task_struct *t;
	unsigned long flags;

	might_sleep();
	for (const char *c = path; *c; c++)
		if (*c == '/')
			name = c + 1;

	if (!uw)
		uw = &local;
	init_completion(&uw->done);
	t = kthread_create(user_main, &us, name);
	if (!t)
		return -ENOMEM;
	t->uwait = uw;
	spin_lock_irqsave(&tasklist_lock, flags);
	t->pgid = t->sid = t->pid;	/* its own session, no parent */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	wake_up_process(t);
	wait_for_completion(&uw->done);
	return uw->status;
}

int run_user_program(const char *path, char *const argv[])
{
	return run_user_program_wait(path, argv, NULL);
}

static int init_main(void *arg)
{
	struct user_start *us = arg;
	char *const *argv = us->argv;
	const char *path = us->path;
	int err = become_process(current);

	us->error = err;
	complete(&us->started);		/* us lives on the starter's stack */
	if (!err)
		err = do_execve(path, argv, default_envp);
	panic("cannot run init %s: error %d", path, err);
}

int start_init(const char *path)
{
	static char *argv[] = { "init", NULL };
	struct user_start us = { .path = path, .argv = argv };
	struct task_struct *t;
	unsigned long flags;
	struct kstat st;

	might_sleep();
	if (vfs_stat(path, &st))
		return -ENOENT;
	init_completion(&us.started);
	t = kthread_create(init_main, &us, "init");
	if (!t)
		return -ENOMEM;
	spin_lock_irqsave(&tasklist_lock, flags);
	t->pid = t->pgid = t->sid = INIT_PID;
	init_process = t;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	wake_up_process(t);
	wait_for_completion(&us.started);
	return us.error;
}

/* ---- faults in user mode ---- */

static int exception_signal(unsigned vector)
{
	switch (vector) {
	case 0: case 16: case 19:	return SIGFPE;
	case 1: case 3:			return SIGTRAP;
	case 6:				return SIGILL;
	case 17:			return SIGBUS;
	default:			return SIGSEGV;
	}
}

void user_exception(struct pt_regs *regs, unsigned vector, unsigned long cr2)
{
	struct task_struct *me = current;
	int sig = exception_signal(vector);

	if (!me->mm)
		panic_regs(regs, "user-mode exception in a kernel thread");
	local_irq_enable();
	if (vector == 14) {
		int err = handle_mm_fault(me->mm, cr2, regs->error_code);

		if (!err)
			return;
		if (err == -EIO)
			sig = SIGBUS;
	}
	/* A handled signal is the program's business; an unhandled one kills
	 * it, and the console says why. */
	if (me->signal.action[sig - 1].handler == SIG_DFL) {
		if (vector == 14)
			pr_err("%s[%d]: segfault at %#lx ip %#lx sp %#lx error %#lx: killed (signal %d)\n",
			       me->comm, me->pid, cr2, regs->rip, regs->rsp, regs->error_code, sig);
		else
			pr_err("%s[%d]: trap %u ip %#lx sp %#lx error %#lx: killed (signal %d)\n",
			       me->comm, me->pid, vector, regs->rip, regs->rsp, regs->error_code, sig);
	}
	force_sig_fault(sig, vector == 14 ? cr2 : regs->rip);
}
