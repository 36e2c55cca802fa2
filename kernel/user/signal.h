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

/* Post sig to t (any context; takes t's siglock with IRQs saved). An
 * ignored signal is dropped; SIGKILL and SIGCONT wake a stopped task; a
 * sleeping task is woken if the signal is not blocked. Returns 0. */
int send_signal(struct task_struct *t, int sig, int si_code);
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

/* On the way back to user space with regs: deliver pending signals (run
 * handlers, default actions; may not return: exit). IRQs on. */
void do_signal(struct pt_regs *regs);
/* Process-creation helpers: fork copies actions and mask; exec resets
 * handled signals to SIG_DFL. */
void signals_init_task(struct task_struct *t, const struct task_struct *parent);
void signals_exec_reset(struct task_struct *t);

#endif
