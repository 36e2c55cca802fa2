/*
 * kill() between processes: a child's handler runs for a signal its parent
 * sends and the child goes on; kill(pid, 0) tells whether a process
 * exists; kill(-pgid) reaches every process of a group; SIGSTOP stops a
 * child (waitpid with WUNTRACED sees it) and SIGCONT resumes it
 * (WCONTINUED); SIGKILL ends it.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "utest.h"

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

/* Block SIGUSR2, then wait for it with sigsuspend(): a child's "ready". */
static void wait_for_usr2(void)
{
	sigset_t none;

	sigemptyset(&none);
	while (got != SIGUSR2)
		sigsuspend(&none);
	got = 0;
}

static void handler_in_child(void)
{
	pid_t parent = getpid(), pid;
	int st = -1;

	pid = fork();
	if (pid == 0) {
		signal(SIGUSR1, on_signal);
		kill(parent, SIGUSR2);		/* ready */
		while (got != SIGUSR1)
			pause();
		_exit(7);
	}
	wait_for_usr2();
	CHECK("kill_0_finds_a_live_child", kill(pid, 0) == 0, "errno %d", errno);
	kill(pid, SIGUSR1);
	waitpid(pid, &st, 0);
	CHECK("kill_runs_the_childs_handler", WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "wait status %#x", st);
	CHECK("kill_0_after_reaping_is_esrch", kill(pid, 0) == -1 && errno == ESRCH,
	      "kill(pid, 0) on a reaped child: errno %d", errno);
}

static void process_group(void)
{
	pid_t pids[2], parent = getpid();
	int ok = 1;

	for (int i = 0; i < 2; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			setpgid(0, i ? pids[0] : 0);
			kill(parent, SIGUSR2);
			for (;;)
				pause();
		}
		setpgid(pids[i], pids[0]);
		wait_for_usr2();
	}
	kill(-pids[0], SIGTERM);
	for (int i = 0; i < 2; i++) {
		int st = -1;

		waitpid(pids[i], &st, 0);
		ok &= WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM;
	}
	CHECK("kill_process_group", ok, "not every member died of SIGTERM");
}

static void stop_and_continue(void)
{
	int st = -1, stopped, continued;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGSTOP);
	stopped = utest_waitpid(pid, &st, WUNTRACED, 5000) == pid && WIFSTOPPED(st) &&
		  WSTOPSIG(st) == SIGSTOP;
	CHECK("kill_sigstop_stops", stopped, "no stop reported in 5 s (wait status %#x)", st);
	kill(pid, SIGCONT);
	continued = utest_waitpid(pid, &st, WCONTINUED, 5000) == pid && WIFCONTINUED(st);
	CHECK("kill_sigcont_continues", continued,
	      "waitpid(WCONTINUED) reported nothing in 5 s (wait status %#x)", st);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	CHECK("kill_sigkill", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "wait status %#x", st);
}

int main(void)
{
	sigset_t usr2;

	sigemptyset(&usr2);
	sigaddset(&usr2, SIGUSR2);
	sigprocmask(SIG_BLOCK, &usr2, NULL);
	signal(SIGUSR2, on_signal);
	handler_in_child();
	process_group();
	stop_and_continue();
	return utest_exit();
}
