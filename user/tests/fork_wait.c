/*
 * fork() and the wait status: a child's exit code and the signal that
 * killed it reach the parent through waitpid() as POSIX encodes them
 * (WIFEXITED/WEXITSTATUS, WIFSIGNALED/WTERMSIG); WNOHANG does not wait;
 * waitpid(-1) collects each child once, then fails with ECHILD; a child
 * has its own copy of memory; vfork's parent resumes when the child exits.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "utest.h"

/* Fork a child that runs fn(arg); return its wait status. */
static int status_of(void (*fn)(int), int arg)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn(arg);
		_exit(99);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static void exit_with(int code)
{
	_exit(code);
}

static void kill_self(int sig)
{
	kill(getpid(), sig);
}

static void segfault(int unused)
{
	*(volatile int *)0 = 1;
}

static void do_abort(int unused)
{
	abort();
}

static void exit_codes(void)
{
	static const int codes[] = { 0, 1, 42, 255 };
	char why[128] = "";

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		int st = status_of(exit_with, codes[i]);

		if (!WIFEXITED(st) || WEXITSTATUS(st) != codes[i])
			snprintf(why, sizeof(why), "exit(%d) gave wait status %#x", codes[i], st);
	}
	CHECK("wait_exit_codes", !why[0], "%s", why);
	CHECK("wait_exit_code_is_8_bits", status_of(exit_with, 256 + 7) == 7 << 8,
	      "exit(263) gave wait status %#x, expected %#x", status_of(exit_with, 263), 7 << 8);
}

static void killed_by_signal(void)
{
	int st = status_of(kill_self, SIGTERM);

	CHECK("wait_killed_by_sigterm", WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	      "wait status %#x", st);
	st = status_of(kill_self, SIGKILL);
	CHECK("wait_killed_by_sigkill", WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "wait status %#x", st);
	st = status_of(segfault, 0);
	CHECK("wait_segfault_is_sigsegv", WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV,
	      "wait status %#x", st);
	st = status_of(do_abort, 0);
	CHECK("wait_abort_is_sigabrt", WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT,
	      "wait status %#x", st);
}

static void wnohang(void)
{
	int st = -1, got_nohang, got;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	got_nohang = waitpid(pid, &st, WNOHANG);
	kill(pid, SIGKILL);
	got = waitpid(pid, &st, 0);
	CHECK("wait_wnohang_returns_0_while_running", got_nohang == 0,
	      "waitpid(WNOHANG) returned %d", got_nohang);
	CHECK("wait_after_kill", got == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "waitpid returned %d, status %#x", got, st);
}

static void wait_any(void)
{
	pid_t pids[3];
	int found = 0, got, err;

	for (int i = 0; i < 3; i++) {
		pids[i] = fork();
		if (pids[i] == 0)
			_exit(10 + i);
	}
	for (int i = 0; i < 3; i++) {
		int st;

		got = waitpid(-1, &st, 0);
		for (int j = 0; j < 3; j++)
			if (got == pids[j] && WIFEXITED(st) && WEXITSTATUS(st) == 10 + j) {
				found |= 1 << j;
				pids[j] = 0;
			}
	}
	got = waitpid(-1, NULL, 0);
	err = errno;
	CHECK("wait_any_collects_each_child_once", found == 7, "collected mask %#x", found);
	CHECK("wait_no_children_is_echild", got == -1 && err == ECHILD,
	      "waitpid returned %d errno %d", got, err);
	got = waitpid(1, NULL, WNOHANG);
	err = errno;
	CHECK("wait_not_a_child_is_echild", got == -1 && err == ECHILD,
	      "waitpid(1) returned %d errno %d", got, err);
}

static void memory_is_copied(void)
{
	static volatile int value = 1;
	pid_t parent = getpid(), pid;
	int st = -1;

	pid = fork();
	if (pid == 0) {
		value = 2;
		_exit(getppid() == parent && value == 2 ? 0 : 1);
	}
	waitpid(pid, &st, 0);
	CHECK("fork_child_sees_its_parent", st == 0, "child status %#x", st);
	CHECK("fork_memory_is_a_copy", value == 1, "the parent sees %d after the child wrote 2",
	      value);
}

static void vfork_waits(void)
{
	int st = -1;
	pid_t pid = vfork();

	if (pid == 0)
		_exit(5);
	CHECK("vfork_child_exit_status", pid > 0 && waitpid(pid, &st, 0) == pid &&
	      WIFEXITED(st) && WEXITSTATUS(st) == 5, "pid %d status %#x", pid, st);
}

int main(void)
{
	exit_codes();
	killed_by_signal();
	wnohang();
	wait_any();
	memory_is_copied();
	vfork_waits();
	return utest_exit();
}
