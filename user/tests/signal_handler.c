/*
 * Signal handlers: a handler installed with sigaction() runs for a signal
 * the process sends itself, with the siginfo it should have; while it runs
 * its own signal and sa_mask are blocked, and the old mask is back after
 * it returns; a handler can be interrupted by another signal's handler;
 * SA_RESETHAND gives SIG_DFL back after one delivery; an ignored signal
 * does nothing.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "utest.h"

static volatile sig_atomic_t runs, got_signo, got_code, got_pid;
static volatile sig_atomic_t usr1_blocked, usr2_blocked, hup_blocked, nested;

static void on_usr1(int sig, siginfo_t *info, void *ctx)
{
	sigset_t now;

	runs++;
	got_signo = info->si_signo;
	got_code = info->si_code;
	got_pid = info->si_pid;
	sigprocmask(SIG_BLOCK, NULL, &now);
	usr1_blocked = sigismember(&now, SIGUSR1);
	usr2_blocked = sigismember(&now, SIGUSR2);
	hup_blocked = sigismember(&now, SIGHUP);
}

static void on_usr2(int sig)
{
	nested++;
}

/* SIGUSR1's handler sends SIGUSR2, which must run inside it. */
static void on_usr1_sends_usr2(int sig)
{
	int before = nested;

	kill(getpid(), SIGUSR2);
	if (nested == before + 1)
		runs = 100;
}

static void handler_runs(void)
{
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	sigset_t now;

	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGHUP);
	sigaction(SIGUSR1, &sa, NULL);
	kill(getpid(), SIGUSR1);
	CHECK("signal_handler_runs_once", runs == 1, "the handler ran %d times", (int)runs);
	CHECK("signal_siginfo", got_signo == SIGUSR1 && got_code == SI_USER && got_pid == getpid(),
	      "si_signo %d si_code %d si_pid %d", (int)got_signo, (int)got_code, (int)got_pid);
	CHECK("signal_blocked_in_its_handler", usr1_blocked && hup_blocked && !usr2_blocked,
	      "in the handler: SIGUSR1 %s, SIGHUP (sa_mask) %s, SIGUSR2 %s",
	      usr1_blocked ? "blocked" : "not blocked", hup_blocked ? "blocked" : "not blocked",
	      usr2_blocked ? "blocked" : "not blocked");
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK("signal_mask_restored_after_handler",
	      !sigismember(&now, SIGUSR1) && !sigismember(&now, SIGHUP),
	      "SIGUSR1 or SIGHUP still blocked after the handler returned");
}

static void nested_handlers(void)
{
	struct sigaction sa = { .sa_handler = on_usr1_sends_usr2 };

	sigemptyset(&sa.sa_mask);
	signal(SIGUSR2, on_usr2);
	sigaction(SIGUSR1, &sa, NULL);
	runs = 0;
	kill(getpid(), SIGUSR1);
	CHECK("signal_handler_interrupted_by_another", runs == 100,
	      "SIGUSR2's handler did not run inside SIGUSR1's");
}

static void resethand(void)
{
	struct sigaction sa = { .sa_handler = on_usr2, .sa_flags = SA_RESETHAND }, now;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	nested = 0;
	kill(getpid(), SIGUSR2);
	sigaction(SIGUSR2, NULL, &now);
	CHECK("signal_sa_resethand", nested == 1 && now.sa_handler == SIG_DFL,
	      "ran %d times; handler afterwards %p", (int)nested, (void *)now.sa_handler);
}

/* A child ignores SIGUSR1 and SIGTERM, sends both to itself, and must
 * live on to exit 0. */
static void ignored(void)
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		signal(SIGUSR1, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		kill(getpid(), SIGUSR1);
		kill(getpid(), SIGTERM);
		_exit(0);
	}
	waitpid(pid, &st, 0);
	CHECK("signal_ignored_does_nothing", st == 0, "the child ended with wait status %#x", st);
}

int main(void)
{
	handler_runs();
	nested_handlers();
	resethand();
	ignored();
	return utest_exit();
}
