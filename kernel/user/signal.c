/*
 * Signals (see signal.h): posting, the default actions, and delivery to a
 * user handler through a signal frame laid out as Linux's x86-64
 * rt_sigframe, undone by rt_sigreturn.
 *
 * Locking: t->signal.siglock (IRQ-safe) guards pending, blocked, the
 * actions and the stop state. Delivery runs on the owner task on its way
 * back to user space, with no lock held while it touches user memory.
 */
#include "kernel/user/signal.h"
#include "kernel/user/process.h"
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/x86.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "mm/mm.h"

#define STOP_SIGNALS	(sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) | sigmask(SIGTTOU))
#define IGNORED_BY_DEFAULT (sigmask(SIGCHLD) | sigmask(SIGCONT) | sigmask(SIGURG) | sigmask(SIGWINCH))
#define UNBLOCKABLE	(sigmask(SIGKILL) | sigmask(SIGSTOP))

static bool valid_signal(int sig)
{
	return sig >= 1 && sig <= _NSIG;
}

/* Would sig be thrown away on arrival? siglock held. */
static bool sig_ignored(struct task_struct *t, int sig)
{
	void *h = t->signal.action[sig - 1].handler;

	if (sig == SIGKILL || sig == SIGSTOP)
		return false;
	if (t->signal.blocked & sigmask(sig))
		return false;		/* it may be unblocked after a handler is set */
	return h == SIG_IGN || (h == SIG_DFL && (IGNORED_BY_DEFAULT & sigmask(sig)));
}

int send_signal(struct task_struct *t, int sig, int si_code)
{
	struct ksiginfo info = { .code = si_code };

	if (!in_interrupt() && current->mm) {	/* a process sends it */
		info.pid = current->pid;
		info.uid = current->cred.uid;
	}
	return send_signal_info(t, sig, &info);
}

int send_signal_info(struct task_struct *t, int sig, const struct ksiginfo *info)
{
	struct signal_state *s = &t->signal;
	int si_code = info->code;
	unsigned long flags;

	if (!valid_signal(sig))
		return -EINVAL;
	spin_lock_irqsave(&s->siglock, flags);
	if (t->exit_state || !t->mm) {
		spin_unlock_irqrestore(&s->siglock, flags);
		return 0;			/* exiting, or a kernel thread */
	}
	/* Init gets only the signals it has handlers for (or the kernel's own,
	 * for its faults): a stray kill must not take the system down. */
	if (t->pid == INIT_PID && si_code != SI_KERNEL &&
	    s->action[sig - 1].handler == SIG_DFL) {
		spin_unlock_irqrestore(&s->siglock, flags);
		return 0;
	}
	if (sig == SIGCONT || sig == SIGKILL) {
		s->pending &= ~STOP_SIGNALS;
		s->group_stop = 0;
	} else if (STOP_SIGNALS & sigmask(sig)) {
		s->pending &= ~sigmask(SIGCONT);
	}
	if (!sig_ignored(t, sig)) {
		s->pending |= sigmask(sig);
		s->info[sig - 1] = *info;
		if (sig == SIGKILL)
			s->kill_pending = true;
	}
	spin_unlock_irqrestore(&s->siglock, flags);
	if (sig == SIGKILL || sig == SIGCONT || signal_pending(t))
		wake_up_state(t, TASK_INTERRUPTIBLE);
	return 0;
}

void force_sig(int sig)
{
	force_sig_fault(sig, 0);
}

void notify_parent(struct task_struct *child, int code, int status)
{
	struct task_struct *parent = child->parent;
	struct ksiginfo info = { .code = code, .pid = child->pid, .uid = child->cred.uid,
				 .status = status };
	int sig = child->exit_signal;

	lockdep_assert_held(&tasklist_lock);
	if (!parent)
		return;
	if (sig && !((code == CLD_STOPPED || code == CLD_CONTINUED) &&
		     (parent->signal.action[SIGCHLD - 1].flags & SA_NOCLDSTOP)))
		send_signal_info(parent, sig, &info);
	wake_up_all(&parent->wait_chldexit);
}

void force_sig_fault(int sig, unsigned long addr)
{
	struct task_struct *me = current;
	struct signal_state *s = &me->signal;
	struct k_sigaction *ka = &s->action[sig - 1];
	unsigned long flags;

	spin_lock_irqsave(&s->siglock, flags);
	/* A fault signal that is blocked or ignored would fault again at once:
	 * Linux then resets it to the default action (death). */
	if (sig != SIGPIPE && (ka->handler == SIG_IGN || (s->blocked & sigmask(sig)))) {
		ka->handler = SIG_DFL;
		s->blocked &= ~sigmask(sig);
	}
	spin_unlock_irqrestore(&s->siglock, flags);
	send_signal_info(me, sig, &(struct ksiginfo){ .code = SI_KERNEL, .addr = addr });
}

int kill_pgrp(int pgid, int sig, int si_code)
{
	struct task_struct *t;
	unsigned long flags;
	int found = 0;

	if (pgid <= 0)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process_locked(t) {
		if (t->pgid == pgid && t->mm && !t->exit_state) {
			send_signal(t, sig, si_code);
			found++;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return found ? 0 : -ESRCH;
}

bool signal_pending(struct task_struct *t)
{
	const struct signal_state *s = &t->signal;

	return (READ_ONCE(s->pending) & ~READ_ONCE(s->blocked)) || READ_ONCE(s->kill_pending);
}

bool fatal_signal_pending(struct task_struct *t)
{
	return READ_ONCE(t->signal.kill_pending);
}

void signals_init_task(struct task_struct *t, const struct task_struct *parent)
{
	spin_lock_init(&t->signal.siglock);
	t->signal.pending = 0;
	t->signal.group_stop = 0;
	t->signal.kill_pending = false;
	t->signal.sas_sp = parent ? parent->signal.sas_sp : 0;	/* fork keeps it */
	t->signal.sas_size = parent ? parent->signal.sas_size : 0;
	if (parent) {
		t->signal.blocked = parent->signal.blocked;
		memcpy(t->signal.action, parent->signal.action, sizeof(t->signal.action));
	}
}

void signals_exec_reset(struct task_struct *t)
{
	unsigned long flags;

	t->signal.sas_sp = 0;		/* exec forgets the alternate stack */
	t->signal.sas_size = 0;
	spin_lock_irqsave(&t->signal.siglock, flags);
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &t->signal.action[i];

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = NULL;
		ka->mask = 0;
	}
	spin_unlock_irqrestore(&t->signal.siglock, flags);
}

/* ---- the signal frame (Linux x86-64 layout) ---- */

struct sigcontext64 {
	u64 r8, r9, r10, r11, r12, r13, r14, r15;
	u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
	u16 cs, gs, fs, ss;
	u64 err, trapno, oldmask, cr2;
	u64 fpstate;			/* user address of the fxsave area */
	u64 reserved1[8];
};

struct user_stack {
	u64 ss_sp;
	int ss_flags;
	int __pad;
	u64 ss_size;
};

struct ucontext64 {
	u64 uc_flags;
	u64 uc_link;
	struct user_stack uc_stack;
	struct sigcontext64 uc_mcontext;
	sigset_t uc_sigmask;
};

struct siginfo64 {
	int si_signo, si_errno, si_code, __pad;
	union {
		struct { int pid; u32 uid; int status; } kill;	/* and SIGCHLD */
		u64 addr;					/* SIGSEGV, SIGBUS */
		u8 raw[112];
	};
};

/* The siginfo_t user space sees for sig with what was recorded at send. */
static void fill_siginfo(struct siginfo64 *info, int sig, const struct ksiginfo *si)
{
	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = si->code;
	if (sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL) {
		info->addr = si->addr;
	} else {
		info->kill.pid = si->pid;
		info->kill.uid = si->uid;
		info->kill.status = si->status;
	}
}

struct rt_sigframe {
	u64 pretcode;			/* the restorer: the handler returns there */
	struct ucontext64 uc;
	struct siginfo64 info;
};

_Static_assert(sizeof(struct sigcontext64) == 256, "sigcontext layout");
_Static_assert(sizeof(struct siginfo64) == 128, "siginfo layout");

#define FXSAVE_SIZE	512
#define USER_FLAGS	0x40dd5		/* AC OF DF TF SF ZF AF PF CF + RF */

/* The registers of the user FPU, live on this CPU while the task runs. */
static void save_user_fpu(u8 *buf)
{
	preempt_disable();
	fxsave(buf);
	preempt_enable();
}

static void restore_user_fpu(u8 *buf)
{
	*(u32 *)&buf[24] &= 0xffbf;	/* MXCSR: reserved bits would #GP */
	preempt_disable();
	fxrstor(buf);
	preempt_enable();
}

#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SS_AUTODISARM	(1U << 31)
#define MINSIGSTKSZ	2048

/* Is user stack pointer sp on the task's alternate signal stack? */
static bool on_sig_stack(const struct signal_state *s, unsigned long sp)
{
	return s->sas_size && sp > s->sas_sp && sp - s->sas_sp <= s->sas_size;
}

/* Build the frame on the user stack and point regs at the handler.
 * Returns 0, or -EFAULT when the stack cannot take it. */
static int setup_rt_frame(int sig, struct k_sigaction *ka, sigset_t oldmask,
			  struct pt_regs *regs, const struct ksiginfo *si)
{
	struct signal_state *s = &current->signal;
	u8 fpu[FXSAVE_SIZE] __aligned(16);
	struct rt_sigframe f;
	unsigned long sp = regs->rsp - 128;	/* skip the red zone */
	unsigned long fp_user, frame_user;

	/* SA_ONSTACK: the alternate stack, unless we are on it already. */
	if ((ka->flags & SA_ONSTACK) && s->sas_size && !on_sig_stack(s, regs->rsp))
		sp = s->sas_sp + s->sas_size;

	fp_user = (sp - FXSAVE_SIZE) & ~63UL;
	frame_user = ((fp_user - sizeof(f)) & ~15UL) - 8;	/* as after a call */

	memset(&f, 0, sizeof(f));
	f.pretcode = (u64)ka->restorer;
	f.uc.uc_mcontext = (struct sigcontext64) {
		.r8 = regs->r8, .r9 = regs->r9, .r10 = regs->r10, .r11 = regs->r11,
		.r12 = regs->r12, .r13 = regs->r13, .r14 = regs->r14, .r15 = regs->r15,
		.rdi = regs->rdi, .rsi = regs->rsi, .rbp = regs->rbp, .rbx = regs->rbx,
		.rdx = regs->rdx, .rax = regs->rax, .rcx = regs->rcx, .rsp = regs->rsp,
		.rip = regs->rip, .eflags = regs->rflags, .cs = USER_CS, .ss = USER_DS,
		.err = regs->vector == (u64)-1 ? 0 : regs->error_code,
		.trapno = regs->vector == (u64)-1 ? 0 : regs->vector,
		.oldmask = oldmask, .cr2 = si->addr, .fpstate = fp_user,
	};
	f.uc.uc_sigmask = oldmask;
	f.uc.uc_stack = (struct user_stack){ .ss_sp = s->sas_sp, .ss_size = s->sas_size,
		.ss_flags = !s->sas_size ? SS_DISABLE : on_sig_stack(s, regs->rsp) ? SS_ONSTACK : 0 };
	fill_siginfo(&f.info, sig, si);

	save_user_fpu(fpu);
	if (copy_to_user((void *)fp_user, fpu, FXSAVE_SIZE) ||
	    copy_to_user((void *)frame_user, &f, sizeof(f)))
		return -EFAULT;

	regs->rdi = sig;
	regs->rsi = frame_user + offsetof(struct rt_sigframe, info);
	regs->rdx = frame_user + offsetof(struct rt_sigframe, uc);
	regs->rax = 0;
	regs->rsp = frame_user;
	regs->rip = (u64)ka->handler;
	regs->rflags &= ~(0x100UL | 0x400UL);	/* TF, DF */
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	return 0;
}

/* rt_sigreturn(2): the handler returned into the restorer, which made this
 * call with %rsp just above the frame's pretcode. */
static long sys_rt_sigreturn(void)
{
	struct pt_regs *regs = current_user_regs();
	unsigned long frame_user = regs->rsp - 8;
	u8 fpu[FXSAVE_SIZE] __aligned(16);
	struct rt_sigframe f;
	struct sigcontext64 *sc = &f.uc.uc_mcontext;
	unsigned long flags;

	if (copy_from_user(&f, (void *)frame_user, sizeof(f)))
		goto bad;
	if (sc->fpstate) {
		if (copy_from_user(fpu, (void *)sc->fpstate, FXSAVE_SIZE))
			goto bad;
		restore_user_fpu(fpu);
	}
	regs->r8 = sc->r8;   regs->r9 = sc->r9;   regs->r10 = sc->r10; regs->r11 = sc->r11;
	regs->r12 = sc->r12; regs->r13 = sc->r13; regs->r14 = sc->r14; regs->r15 = sc->r15;
	regs->rdi = sc->rdi; regs->rsi = sc->rsi; regs->rbp = sc->rbp; regs->rbx = sc->rbx;
	regs->rdx = sc->rdx; regs->rcx = sc->rcx; regs->rsp = sc->rsp; regs->rip = sc->rip;
	regs->rflags = (regs->rflags & ~USER_FLAGS) | (sc->eflags & USER_FLAGS);
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->vector = 0;		/* no longer a syscall frame: no restart */
	spin_lock_irqsave(&current->signal.siglock, flags);
	current->signal.blocked = f.uc.uc_sigmask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&current->signal.siglock, flags);
	current->thread_flags |= TIF_FORCE_IRET;	/* rcx and r11 matter now */
	return sc->rax;
bad:
	pr_err("%s[%d]: bad signal frame at %#lx: killed\n", current->comm, current->pid,
	       frame_user);
	do_exit(W_EXITCODE(0, SIGSEGV));
}
SYSCALL_ENTRY(rt_sigreturn, sys_rt_sigreturn);

/* ---- delivery ---- */

/* Default action "stop": sleep until SIGCONT or SIGKILL. */
static void do_group_stop(struct task_struct *me, int sig)
{
	struct signal_state *s = &me->signal;
	unsigned long flags;

	spin_lock_irqsave(&s->siglock, flags);
	s->group_stop = sig;
	spin_unlock_irqrestore(&s->siglock, flags);
	spin_lock_irqsave(&tasklist_lock, flags);
	me->stop_status = W_STOPCODE(sig);
	me->continued = false;
	notify_parent(me, CLD_STOPPED, sig);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (!READ_ONCE(s->group_stop) || READ_ONCE(s->kill_pending))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&tasklist_lock, flags);
	me->stop_status = 0;
	if (!READ_ONCE(s->kill_pending)) {	/* SIGCONT: wait4(WCONTINUED) sees it */
		me->continued = true;
		notify_parent(me, CLD_CONTINUED, SIGCONT);
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/* Take the next deliverable signal off the pending set (SIGKILL first,
 * then the lowest number). Returns 0 if none. siglock held. */
static int dequeue_signal(struct signal_state *s, struct ksiginfo *info)
{
	sigset_t ready = s->pending & (~s->blocked | UNBLOCKABLE);
	int sig;

	if (!ready)
		return 0;
	sig = (ready & sigmask(SIGKILL)) ? SIGKILL : __builtin_ctzll(ready) + 1;
	s->pending &= ~sigmask(sig);
	*info = s->info[sig - 1];
	return sig;
}

static bool is_restart_error(long rax)
{
	return rax == -ERESTARTSYS || rax == -ERESTARTNOINTR || rax == -ERESTARTNOHAND;
}

/* A syscall ended by a signal: restart it (back up over `syscall`) or fail
 * it with -EINTR, as the handler's SA_RESTART asks. */
static void syscall_restart(struct pt_regs *regs, struct k_sigaction *ka)
{
	long rax = regs->rax;

	if (regs->vector != (u64)-1 || !is_restart_error(rax))
		return;
	if (ka && (rax == -ERESTARTNOHAND ||
		   (rax == -ERESTARTSYS && !(ka->flags & SA_RESTART)))) {
		regs->rax = -EINTR;
		return;
	}
	regs->rax = regs->error_code;	/* the syscall number */
	regs->rip -= 2;			/* the `syscall` instruction is 2 bytes */
}

void do_signal(struct pt_regs *regs)
{
	struct task_struct *me = current;
	struct signal_state *s = &me->signal;
	struct k_sigaction ka;
	struct ksiginfo info;
	unsigned long flags;
	sigset_t oldmask;
	int sig;

	for (;;) {
		spin_lock_irqsave(&s->siglock, flags);
		sig = dequeue_signal(s, &info);
		if (!sig) {
			s->kill_pending = false;
			if (s->restore_sigmask) {
				s->blocked = s->saved_sigmask;
				s->restore_sigmask = false;
			}
			spin_unlock_irqrestore(&s->siglock, flags);
			syscall_restart(regs, NULL);	/* nothing ran: restart */
			return;
		}
		ka = s->action[sig - 1];
		if (ka.handler == SIG_IGN ||
		    (ka.handler == SIG_DFL && (IGNORED_BY_DEFAULT & sigmask(sig)))) {
			spin_unlock_irqrestore(&s->siglock, flags);
			continue;
		}
		if (ka.handler == SIG_DFL) {
			spin_unlock_irqrestore(&s->siglock, flags);
			if (STOP_SIGNALS & sigmask(sig)) {
				do_group_stop(me, sig);
				continue;
			}
			do_exit(W_EXITCODE(0, sig));	/* terminate (no core dumps) */
		}
		/* A user handler: block its mask while it runs. The frame keeps
		 * the mask to return to (sigsuspend's saved one, if any). */
		oldmask = s->restore_sigmask ? s->saved_sigmask : s->blocked;
		if (s->restore_sigmask) {
			s->blocked = s->saved_sigmask;
			s->restore_sigmask = false;
		}
		s->blocked |= ka.mask & ~UNBLOCKABLE;
		if (!(ka.flags & SA_NODEFER))
			s->blocked |= sigmask(sig);
		if (ka.flags & SA_RESETHAND)
			s->action[sig - 1].handler = SIG_DFL;
		spin_unlock_irqrestore(&s->siglock, flags);
		break;
	}

	syscall_restart(regs, &ka);
	if (!(ka.flags & SA_RESTORER) ||
	    setup_rt_frame(sig, &ka, oldmask, regs, &info)) {
		pr_err("%s[%d]: cannot deliver signal %d (no restorer or bad stack): killed\n",
		       me->comm, me->pid, sig);
		do_exit(W_EXITCODE(0, SIGSEGV));
	}
}

/* ---- the syscalls ---- */

#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SIG_SETMASK	2

static long sys_rt_sigaction(int sig, const struct k_sigaction *act,
			     struct k_sigaction *oact, size_t sigsetsize)
{
	struct signal_state *s = &current->signal;
	struct k_sigaction new, old;
	unsigned long flags;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (!valid_signal(sig) || (act && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;
	spin_lock_irqsave(&s->siglock, flags);
	old = s->action[sig - 1];
	if (act) {
		new.mask &= ~UNBLOCKABLE;
		s->action[sig - 1] = new;
		/* Setting SIG_IGN (or SIG_DFL for an ignored-by-default signal)
		 * discards what is pending, as POSIX asks. */
		if (new.handler == SIG_IGN ||
		    (new.handler == SIG_DFL && (IGNORED_BY_DEFAULT & sigmask(sig))))
			s->pending &= ~sigmask(sig);
	}
	spin_unlock_irqrestore(&s->siglock, flags);
	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(rt_sigaction, sys_rt_sigaction);

static long sys_rt_sigprocmask(int how, const sigset_t *set, sigset_t *oset, size_t sigsetsize)
{
	struct signal_state *s = &current->signal;
	sigset_t new = 0, old;
	unsigned long flags;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (set && copy_from_user(&new, set, sizeof(new)))
		return -EFAULT;
	if (set && how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
		return -EINVAL;
	new &= ~UNBLOCKABLE;
	spin_lock_irqsave(&s->siglock, flags);
	old = s->blocked;
	if (set) {
		if (how == SIG_BLOCK)
			s->blocked |= new;
		else if (how == SIG_UNBLOCK)
			s->blocked &= ~new;
		else
			s->blocked = new;
	}
	spin_unlock_irqrestore(&s->siglock, flags);
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(rt_sigprocmask, sys_rt_sigprocmask);

static long sys_rt_sigpending(sigset_t *uset, size_t sigsetsize)
{
	sigset_t set;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	set = READ_ONCE(current->signal.pending) & READ_ONCE(current->signal.blocked);
	return copy_to_user(uset, &set, sizeof(set));
}
SYSCALL_ENTRY(rt_sigpending, sys_rt_sigpending);

/* Sleep until a signal arrives; -ERESTARTNOHAND, so a handler runs and the
 * call reports -EINTR. */
static long wait_for_signal(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	return -ERESTARTNOHAND;
}

static long sys_pause(void)
{
	return wait_for_signal();
}
SYSCALL_ENTRY(pause, sys_pause);

int set_user_sigmask(const sigset_t *umask, size_t size)
{
	struct signal_state *s = &current->signal;
	unsigned long flags;
	sigset_t mask;

	if (!umask)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	spin_lock_irqsave(&s->siglock, flags);
	s->saved_sigmask = s->blocked;
	s->restore_sigmask = true;
	s->blocked = mask & ~UNBLOCKABLE;
	spin_unlock_irqrestore(&s->siglock, flags);
	return 0;
}

void restore_user_sigmask(long ret)
{
	struct signal_state *s = &current->signal;
	unsigned long flags;

	if (ret == -ERESTARTNOHAND || ret == -EINTR)
		return;
	spin_lock_irqsave(&s->siglock, flags);
	if (s->restore_sigmask) {
		s->blocked = s->saved_sigmask;
		s->restore_sigmask = false;
	}
	spin_unlock_irqrestore(&s->siglock, flags);
}

/* rt_sigsuspend: wait with a temporary mask. The mask from before comes
 * back after the handler: the signal frame records it (saved_sigmask). */
static long sys_rt_sigsuspend(const sigset_t *umask, size_t sigsetsize)
{
	int err;

	if (!umask)
		return -EFAULT;
	err = set_user_sigmask(umask, sigsetsize);
	return err ? err : wait_for_signal();
}
SYSCALL_ENTRY(rt_sigsuspend, sys_rt_sigsuspend);

/* May the current task signal t? Root, or a real/effective uid match. */
static bool kill_permitted(struct task_struct *t, int sig)
{
	const struct cred *c = current_cred();

	if (c->euid == 0)
		return true;
	if (sig == SIGCONT && t->sid == current->sid)
		return true;
	return c->euid == t->cred.uid || c->euid == t->cred.suid ||
	       c->uid == t->cred.uid || c->uid == t->cred.suid;
}

static long kill_one(struct task_struct *t, int sig, int code)
{
	if (!kill_permitted(t, sig))
		return -EPERM;
	return sig ? send_signal(t, sig, code) : 0;
}

static long sys_kill(int pid, int sig)
{
	struct task_struct *t;
	unsigned long flags;
	long ret = -ESRCH;
	int count = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	spin_lock_irqsave(&tasklist_lock, flags);
	if (pid > 0) {
		t = find_task_by_pid(pid);
		if (t && t->mm && !t->exit_state)
			ret = kill_one(t, sig, SI_USER);
	} else {
		int pgid = pid == 0 ? current->pgid : -pid;

		for_each_process_locked(t) {
			long r;

			if (!t->mm || t->exit_state || t->pid == INIT_PID)
				continue;
			if (pid == -1 ? t == current : t->pgid != pgid)
				continue;
			r = kill_one(t, sig, SI_USER);
			count++;
			if (ret != 0)
				ret = r;
		}
		if (pid == -1 && !count)
			ret = -ESRCH;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
SYSCALL_ENTRY(kill, sys_kill);

static long sys_tgkill(int tgid, int tid, int sig)
{
	struct task_struct *t;
	unsigned long flags;
	long ret = -ESRCH;

	if (tid <= 0 || (tgid != -1 && tgid <= 0) || sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (tgid != -1 && tgid != tid)
		return -ESRCH;		/* a process is one thread */
	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_task_by_pid(tid);
	if (t && t->mm && !t->exit_state)
		ret = kill_one(t, sig, SI_TKILL);
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return ret;
}
SYSCALL_ENTRY(tgkill, sys_tgkill);

static long sys_tkill(int tid, int sig)
{
	return sys_tgkill(-1, tid, sig);
}
SYSCALL_ENTRY(tkill, sys_tkill);

/* sigaltstack(2): where handlers with SA_ONSTACK run. Owner task only. */
static long sys_sigaltstack(const struct user_stack *uss, struct user_stack *uoss)
{
	struct signal_state *s = &current->signal;
	unsigned long sp = current_user_regs()->rsp;
	struct user_stack old = {
		.ss_sp = s->sas_sp, .ss_size = s->sas_size,
		.ss_flags = !s->sas_size ? SS_DISABLE : on_sig_stack(s, sp) ? SS_ONSTACK : 0,
	};

	if (uss) {
		struct user_stack ss;
		int mode;

		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		if (on_sig_stack(s, sp))
			return -EPERM;		/* not while running on it */
		mode = ss.ss_flags & ~(int)SS_AUTODISARM;
		if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
			return -EINVAL;
		if (mode == SS_DISABLE) {
			s->sas_sp = 0;
			s->sas_size = 0;
		} else {
			if (ss.ss_size < MINSIGSTKSZ)
				return -ENOMEM;
			s->sas_sp = ss.ss_sp;
			s->sas_size = ss.ss_size;
		}
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(sigaltstack, sys_sigaltstack);

struct user_timespec {
	long tv_sec, tv_nsec;
};

/* The lowest pending signal of set, taken off the pending set; 0 if none.
 * siglock held. */
static int dequeue_from_set(struct signal_state *s, sigset_t set, struct ksiginfo *info)
{
	sigset_t ready = s->pending & set;
	int sig;

	if (!ready)
		return 0;
	sig = __builtin_ctzll(ready) + 1;
	s->pending &= ~sigmask(sig);
	*info = s->info[sig - 1];
	return sig;
}

/* rt_sigtimedwait(2) (sigwaitinfo, sigtimedwait, sigwait): take a signal
 * of set without running its handler; -EAGAIN at the timeout, -EINTR when
 * another, unblocked signal came. While waiting the signals of set are
 * unblocked, so that their arrival wakes us. */
static long sys_rt_sigtimedwait(const sigset_t *uset, void *uinfo,
				const struct user_timespec *uts, size_t sigsetsize)
{
	struct signal_state *s = &current->signal;
	struct user_timespec ts;
	struct ksiginfo info;
	struct siginfo64 out;
	sigset_t set, saved;
	unsigned long flags;
	long ticks = -1;		/* no timeout */
	int sig;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&set, uset, sizeof(set)))
		return -EFAULT;
	set &= ~UNBLOCKABLE;
	if (uts) {
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
			return -EINVAL;
		ticks = ts.tv_sec > 1000000 ? -1 :
			(long)(ts.tv_sec * HZ + (ts.tv_nsec + NSEC_PER_SEC / HZ - 1) / (NSEC_PER_SEC / HZ));
	}

	spin_lock_irqsave(&s->siglock, flags);
	sig = dequeue_from_set(s, set, &info);
	saved = s->blocked;
	if (!sig && ticks) {
		s->blocked &= ~set;
		while (!sig && ticks && !signal_pending(current)) {
			set_current_state(TASK_INTERRUPTIBLE);
			spin_unlock_irqrestore(&s->siglock, flags);
			if (ticks < 0)
				schedule();
			else
				ticks = schedule_timeout(ticks);
			spin_lock_irqsave(&s->siglock, flags);
			sig = dequeue_from_set(s, set, &info);
		}
		__set_current_state(TASK_RUNNING);
		if (!sig)
			sig = dequeue_from_set(s, set, &info);
		s->blocked = saved;
	}
	spin_unlock_irqrestore(&s->siglock, flags);
	if (!sig)
		return ticks || !uts ? -EINTR : -EAGAIN;
	if (uinfo) {
		fill_siginfo(&out, sig, &info);
		if (copy_to_user(uinfo, &out, sizeof(out)))
			return -EFAULT;
	}
	return sig;
}
SYSCALL_ENTRY(rt_sigtimedwait, sys_rt_sigtimedwait);
