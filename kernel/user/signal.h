/*
 * Signals (kernel/user/signal.c): sending, blocking, delivery to user
 * handlers on the way back to user space, default actions.
 *
 * A sleeping syscall that a signal should interrupt sleeps in
 * TASK_INTERRUPTIBLE, checks signal_pending(current) after each wake-up,
 * and returns -ERESTARTSYS (or -EINTR where Linux never restarts). The
 * return to user space then runs the handler and turns -ERESTARTSYS into
 * -EINTR, or restarts the call when the handler has SA_RESTART (or there
 * is no handler).
 *
 * Locking: a task's signal.siglock (IRQ-safe spinlock) protects its
 * pending and blocked sets and its actions. Senders to a process group
 * hold tasklist_lock, then each target's siglock.
 */
#ifndef KERNEL_USER_SIGNAL_H
#define KERNEL_USER_SIGNAL_H

#include "kernel/user/signal_types.h"

struct task_struct;
struct pt_regs;

#define SI_USER		0	/* kill(2) */
#define SI_KERNEL	0x80	/* sent by the kernel */
#define SI_TKILL	(-6)	/* tgkill(2) */
#define CLD_EXITED	1	/* SIGCHLD's si_code */
#define CLD_KILLED	2
#define CLD_STOPPED	5
#define CLD_CONTINUED	6

/* Post sig to t (any context; takes t's siglock with IRQs saved). An
 * ignored signal is dropped; SIGKILL and SIGCONT wake a stopped task; a
 * sleeping task is woken if the signal is not blocked. Returns 0. */
int send_signal(struct task_struct *t, int sig, int si_code);
/* The same with everything the handler's siginfo_t will show. */
int send_signal_info(struct task_struct *t, int sig, const struct ksiginfo *info);
/* SIGCHLD (the child's exit_signal) to child's parent about child: code
 * CLD_EXITED, CLD_KILLED, CLD_STOPPED or CLD_CONTINUED with status, unless
 * the parent asked SA_NOCLDSTOP for stops and continues. tasklist_lock
 * held (it reads child->parent). */
void notify_parent(struct task_struct *child, int code, int status);
/* The kernel's own signals to the current task (SIGPIPE, SIGSEGV from a
 * fault): unblocks and un-ignores it first, as Linux's force_sig does
 * for faults. */
void force_sig(int sig);
void force_sig_fault(int sig, unsigned long addr);
/* Every process in group pgid (0: none found gives -ESRCH). Any context:
 * the tty sends SIGINT/SIGTSTP/SIGQUIT to its foreground group with it. */
int kill_pgrp(int pgid, int sig, int si_code);

/* True when an unblocked signal waits for the current task, so that an
 * interruptible sleep should end (-ERESTARTSYS). Lock-free read. */
bool signal_pending(struct task_struct *t);
/* SIGKILL (or another fatal signal) is pending: even uninterruptible-ish
 * waits that can give up should. */
bool fatal_signal_pending(struct task_struct *t);

/* A temporary signal mask for a wait (rt_sigsuspend, ppoll, pselect6):
 * install the user's mask, keeping the old one in saved_sigmask; NULL
 * umask does nothing. 0, -EINVAL (size) or -EFAULT. The old mask comes
 * back with restore_user_sigmask(ret) after the wait, or, when the wait
 * ended for a signal (ret -EINTR or -ERESTARTNOHAND), after the handler
 * runs (the signal frame records it). Owner task only. */
int set_user_sigmask(const sigset_t *umask, size_t size);
void restore_user_sigmask(long ret);

/* On the way back to user space with regs: deliver pending signals (run
 * handlers, default actions; may not return: exit). IRQs on. */
void do_signal(struct pt_regs *regs);
/* Process-creation helpers: fork copies actions and mask; exec resets
 * handled signals to SIG_DFL. */
void signals_init_task(struct task_struct *t, const struct task_struct *parent);
void signals_exec_reset(struct task_struct *t);

#endif
