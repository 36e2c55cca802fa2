/*
 * The signal mask: a blocked signal stays pending (sigpending shows it)
 * and is delivered once when unblocked, however often it was sent;
 * SIGKILL and SIGSTOP cannot be blocked; a child inherits the mask but
 * not the pending signals; sigsuspend() waits with a temporary mask and
 * returns EINTR after a handler ran.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "utest.h"

static volatile sig_atomic_t runs;

static void on_signal(int sig)
{
	runs++;
}

static sigset_t just(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

static void pending_until_unblocked(void)
{
	sigset_t usr1 = just(SIGUSR1), pending;
	int ran_while_blocked;

	signal(SIGUSR1, on_signal);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	kill(getpid(), SIGUSR1);
	kill(getpid(), SIGUSR1);
	ran_while_blocked = runs;
	sigpending(&pending);
	CHECK("sigmask_blocked_signal_waits", ran_while_blocked == 0, "the handler ran %d times",
	      ran_while_blocked);
	CHECK("sigmask_sigpending_shows_it", sigismember(&pending, SIGUSR1),
	      "SIGUSR1 not in sigpending()");
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);
	CHECK("sigmask_delivered_once_on_unblock", runs == 1,
	      "the handler ran %d times after unblocking (standard signals do not queue)",
	      (int)runs);
}

static void kill_and_stop_unblockable(void)
{
	sigset_t s, now;

	sigemptyset(&s);
	sigaddset(&s, SIGKILL);
	sigaddset(&s, SIGSTOP);
	sigprocmask(SIG_BLOCK, &s, NULL);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("sigmask_cannot_block_sigkill_sigstop",
	      !sigismember(&now, SIGKILL) && !sigismember(&now, SIGSTOP),
	      "the mask holds SIGKILL or SIGSTOP");
}

static void fork_inherits_mask_not_pending(void)
{
	sigset_t usr2 = just(SIGUSR2);
	int st = -1;
	pid_t pid;

	sigprocmask(SIG_BLOCK, &usr2, NULL);
	kill(getpid(), SIGUSR2);
	pid = fork();
	if (pid == 0) {
		sigset_t mask, pending;

		sigprocmask(SIG_BLOCK, NULL, &mask);
		sigpending(&pending);
		_exit((sigismember(&mask, SIGUSR2) ? 0 : 1) | (sigismember(&pending, SIGUSR2) ? 2 : 0));
	}
	waitpid(pid, &st, 0);
	CHECK("sigmask_fork_inherits_mask", WIFEXITED(st) && !(WEXITSTATUS(st) & 1),
	      "wait status %#x", st);
	CHECK("sigmask_fork_clears_pending", WIFEXITED(st) && !(WEXITSTATUS(st) & 2),
	      "wait status %#x", st);
	signal(SIGUSR2, SIG_IGN);	/* discard the pending one */
	sigprocmask(SIG_UNBLOCK, &usr2, NULL);
}

static void suspend(void)
{
	sigset_t usr1 = just(SIGUSR1), none;
	pid_t parent = getpid(), pid;
	int ret, err;

	sigemptyset(&none);
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	runs = 0;
	pid = fork();
	if (pid == 0) {
		kill(parent, SIGUSR1);
		_exit(0);
	}
	ret = sigsuspend(&none);
	err = errno;
	waitpid(pid, NULL, 0);
	CHECK("sigmask_sigsuspend", ret == -1 && err == EINTR && runs == 1,
	      "returned %d errno %d, handler ran %d times", ret, err, (int)runs);
	sigprocmask(SIG_BLOCK, NULL, &none);
	CHECK("sigmask_sigsuspend_restores_mask", sigismember(&none, SIGUSR1),
	      "SIGUSR1 is not blocked after sigsuspend");
}

int main(void)
{
	pending_until_unblocked();
	kill_and_stop_unblockable();
	fork_inherits_mask_not_pending();
	suspend();
	return utest_exit();
}
