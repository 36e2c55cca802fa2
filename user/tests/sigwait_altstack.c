/*
 * sigaltstack(2): a handler with SA_ONSTACK runs on the alternate stack
 * (and sees SS_ONSTACK there); the bad arguments are refused.
 * rt_sigtimedwait(2): a blocked signal is taken without its handler, with
 * its siginfo; a timeout gives EAGAIN.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "utest.h"

static char altstack[64 * 1024];
static volatile uintptr_t handler_sp;
static volatile int handler_flags = -1;

static void on_usr1(int sig)
{
	stack_t now;
	char here;

	handler_sp = (uintptr_t)&here;
	if (sigaltstack(NULL, &now) == 0)
		handler_flags = now.ss_flags;
}

static void alternate_stack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = 0 }, old;
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_ONSTACK };

	CHECK("sigaltstack_set", sigaltstack(&ss, &old) == 0 && (old.ss_flags & SS_DISABLE),
	      "sigaltstack: %s (old flags %#x)", strerror(errno), old.ss_flags);
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	CHECK("sigaltstack_handler_runs_there",
	      handler_sp > (uintptr_t)altstack && handler_sp < (uintptr_t)altstack + sizeof(altstack),
	      "handler's stack at %#lx, alternate stack %p..+%zu", (unsigned long)handler_sp,
	      (void *)altstack, sizeof(altstack));
	CHECK("sigaltstack_onstack_flag", handler_flags == SS_ONSTACK,
	      "ss_flags in the handler %d, wanted SS_ONSTACK", handler_flags);
	/* The raw syscall (131): musl checks some of this itself. */
	ss.ss_size = 512;
	errno = 0;
	CHECK("sigaltstack_too_small", syscall(131, &ss, NULL) < 0 && errno == ENOMEM,
	      "errno %d, wanted ENOMEM", errno);
	ss.ss_size = sizeof(altstack);
	ss.ss_flags = 77;
	errno = 0;
	CHECK("sigaltstack_bad_flags", syscall(131, &ss, NULL) < 0 && errno == EINVAL,
	      "errno %d, wanted EINVAL", errno);
	ss.ss_flags = SS_DISABLE;
	CHECK("sigaltstack_disable", sigaltstack(&ss, NULL) == 0 &&
	      sigaltstack(NULL, &old) == 0 && (old.ss_flags & SS_DISABLE), "cannot disable");
	errno = 0;
	CHECK("sigaltstack_efault", syscall(131, (void *)8, NULL) < 0 && errno == EFAULT,
	      "errno %d, wanted EFAULT", errno);
}

static volatile int usr2_handled;
static void on_usr2(int sig) { usr2_handled = 1; }

static void timed_wait(void)
{
	sigset_t set;
	siginfo_t info;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	pid_t child;
	int status;

	signal(SIGUSR2, on_usr2);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	errno = 0;
	CHECK("sigtimedwait_timeout", sigtimedwait(&set, &info, &ts) < 0 && errno == EAGAIN,
	      "errno %d, wanted EAGAIN", errno);
	child = fork();
	if (child == 0) {
		kill(getppid(), SIGUSR2);
		_exit(0);
	}
	ts.tv_sec = 5;
	memset(&info, 0, sizeof(info));
	CHECK("sigtimedwait_takes_the_signal", sigtimedwait(&set, &info, &ts) == SIGUSR2 &&
	      info.si_signo == SIGUSR2 && info.si_pid == child && info.si_code == SI_USER,
	      "signo %d pid %d (child %d) code %d", info.si_signo, info.si_pid, child, info.si_code);
	CHECK("sigtimedwait_runs_no_handler", !usr2_handled, "the handler ran");
	waitpid(child, &status, 0);
	raise(SIGUSR2);
	CHECK("sigwaitinfo_pending_at_once", sigwaitinfo(&set, &info) == SIGUSR2 &&
	      info.si_code == SI_TKILL, "si_code %d, wanted SI_TKILL", info.si_code);
}

int main(void)
{
	alternate_stack();
	timed_wait();
	return utest_exit();
}
