/*
 * SIGCHLD: the parent's handler runs when a child exits or is killed, with
 * si_pid, si_code (CLD_EXITED, CLD_KILLED) and si_status telling which and
 * how; with SIGCHLD set to SIG_IGN children are reaped by the kernel and
 * wait() ends with ECHILD.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "utest.h"

static volatile sig_atomic_t runs, got_pid, got_code, got_status;

static void on_chld(int sig, siginfo_t *info, void *ctx)
{
	runs++;
	got_pid = info->si_pid;
	got_code = info->si_code;
	got_status = info->si_status;
}

/* Fork a child that exits with code (or is killed by SIGKILL if code is
 * -1), wait for SIGCHLD with sigsuspend, then reap it. */
static pid_t child_and_signal(int code)
{
	sigset_t none;
	pid_t pid;

	runs = 0;
	pid = fork();
	if (pid == 0) {
		if (code < 0)
			for (;;)
				pause();
		_exit(code);
	}
	if (code < 0)
		kill(pid, SIGKILL);
	sigemptyset(&none);
	while (!runs)
		sigsuspend(&none);
	waitpid(pid, NULL, 0);
	return pid;
}

int main(void)
{
	struct sigaction sa = { .sa_sigaction = on_chld, .sa_flags = SA_SIGINFO };
	sigset_t chld;
	pid_t pid;
	int ret, err;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);	/* no race before sigsuspend */

	pid = child_and_signal(3);
	CHECK("sigchld_on_exit", runs == 1 && got_pid == pid && got_code == CLD_EXITED &&
	      got_status == 3, "runs %d si_pid %d (child %d) si_code %d si_status %d",
	      (int)runs, (int)got_pid, pid, (int)got_code, (int)got_status);
	pid = child_and_signal(-1);
	CHECK("sigchld_on_kill", got_pid == pid && got_code == CLD_KILLED &&
	      got_status == SIGKILL, "si_pid %d (child %d) si_code %d si_status %d",
	      (int)got_pid, pid, (int)got_code, (int)got_status);

	sigprocmask(SIG_UNBLOCK, &chld, NULL);
	signal(SIGCHLD, SIG_IGN);
	pid = fork();
	if (pid == 0)
		_exit(0);
	/* The kernel reaps it: waitpid waits for it to end, then has nothing
	 * to return. */
	ret = utest_waitpid(pid, NULL, 0, 5000);
	err = errno;
	CHECK("sigchld_ignored_reaps_children", ret == -1 && err == ECHILD,
	      "waitpid returned %d errno %d (expected -1 ECHILD)", ret, err);
	return utest_exit();
}
