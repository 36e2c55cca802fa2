/*
 * Signal and resource-limit state kept in every task (Linux's numbers and
 * layouts: user space passes struct sigaction and struct rlimit directly).
 */
#ifndef KERNEL_USER_SIGNAL_TYPES_H
#define KERNEL_USER_SIGNAL_TYPES_H

#include "kernel/types.h"
#include "kernel/sync/spinlock.h"

#define _NSIG		64

#define SIGHUP		1
#define SIGINT		2
#define SIGQUIT		3
#define SIGILL		4
#define SIGTRAP		5
#define SIGABRT		6
#define SIGBUS		7
#define SIGFPE		8
#define SIGKILL		9
#define SIGUSR1		10
#define SIGSEGV		11
#define SIGUSR2		12
#define SIGPIPE		13
#define SIGALRM		14
#define SIGTERM		15
#define SIGSTKFLT	16
#define SIGCHLD		17
#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIGURG		23
#define SIGXCPU		24
#define SIGXFSZ		25
#define SIGVTALRM	26
#define SIGPROF		27
#define SIGWINCH	28
#define SIGIO		29
#define SIGPWR		30
#define SIGSYS		31
#define SIGRTMIN	32

#define SIG_DFL		((void *)0)
#define SIG_IGN		((void *)1)

#define SA_NOCLDSTOP	0x00000001
#define SA_NOCLDWAIT	0x00000002
#define SA_SIGINFO	0x00000004
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_RESTART	0x10000000
#define SA_NODEFER	0x40000000
#define SA_RESETHAND	0x80000000

typedef u64 sigset_t;			/* bit (sig - 1) */
#define sigmask(sig)	(1ULL << ((sig) - 1))

/* struct sigaction as rt_sigaction(2) passes it on x86-64. */
struct k_sigaction {
	void *handler;			/* SIG_DFL, SIG_IGN or a user address */
	unsigned long flags;		/* SA_* */
	void *restorer;			/* user code that calls rt_sigreturn */
	sigset_t mask;			/* blocked while the handler runs */
};

/* What a pending signal carries to its handler's siginfo_t. */
struct ksiginfo {
	int code;			/* SI_USER, SI_KERNEL, SI_TKILL, CLD_* */
	int pid;			/* the sender; for SIGCHLD, the child */
	u32 uid;			/* the sender's (or child's) real uid */
	int status;			/* SIGCHLD: exit code or signal */
	unsigned long addr;		/* SIGSEGV, SIGBUS, SIGFPE, SIGILL: where */
};

struct signal_state {
	/* Taken with IRQs saved: signals are sent from the tty's receive path. */
	spinlock_t siglock;
	sigset_t pending;		/* siglock */
	sigset_t blocked;		/* siglock; owner writes */
	struct k_sigaction action[_NSIG];	/* siglock */
	int group_stop;			/* siglock: stopped by SIGSTOP/SIGTSTP/... */
	bool kill_pending;		/* siglock: SIGKILL or a fatal default action */
	struct ksiginfo info[_NSIG];	/* siglock: of each pending signal (the last sent) */
	sigset_t saved_sigmask;		/* siglock: rt_sigsuspend's mask to return to */
	unsigned long sas_sp;		/* owner: sigaltstack base (0: none) */
	size_t sas_size;		/* owner: its size */
	bool restore_sigmask;		/* siglock: saved_sigmask is set */
};

#define RLIMIT_CPU	0
#define RLIMIT_FSIZE	1
#define RLIMIT_DATA	2
#define RLIMIT_STACK	3
#define RLIMIT_CORE	4
#define RLIMIT_RSS	5
#define RLIMIT_NPROC	6
#define RLIMIT_NOFILE	7
#define RLIMIT_MEMLOCK	8
#define RLIMIT_AS	9
#define RLIM_NLIMITS	16
#define RLIM_INFINITY	(~0ULL)

struct rlimit {
	u64 rlim_cur, rlim_max;
};

#endif
