/*
 * execve() passes argv and envp exactly (empty strings, spaces, long
 * values), keeps the pid, resets handled signals to their default and
 * keeps ignored ones ignored and the signal mask; it fails with ENOENT for
 * a missing file and EACCES for one that may not be executed.
 *
 * The program execs itself: "--child PID" checks what it received and
 * exits 0 if all is right (otherwise it prints why and exits 1).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "utest.h"

extern char **environ;

static char self[4096];
static char long_value[1100];

static int child_fail(const char *what)
{
	printf("UTEST FAIL exec_args: the new program saw %s\n", what);
	return 1;
}

/* In the exec'd program: compare with what main() passed. */
static int child_check(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t mask;

	if (argc != 6 || strcmp(argv[0], "first") || strcmp(argv[3], "two words") ||
	    strcmp(argv[4], "") || strcmp(argv[5], "last"))
		return child_fail("a different argv");
	if (atoi(argv[2]) != getpid())
		return child_fail("a new pid");
	if (!environ[0] || strcmp(environ[0], "A=1") || !environ[1] ||
	    strcmp(environ[1], "EMPTY=") || !environ[2] ||
	    strncmp(environ[2], "LONG=", 5) || strcmp(environ[2] + 5, long_value) || environ[3])
		return child_fail("a different environment");
	sigaction(SIGUSR1, NULL, &sa);
	if (sa.sa_handler != SIG_DFL)
		return child_fail("SIGUSR1 still handled (it must be SIG_DFL)");
	sigaction(SIGUSR2, NULL, &sa);
	if (sa.sa_handler != SIG_IGN)
		return child_fail("SIGUSR2 no longer ignored");
	sigprocmask(SIG_BLOCK, NULL, &mask);
	if (!sigismember(&mask, SIGHUP))
		return child_fail("SIGHUP no longer blocked");
	return 0;
}

static void on_usr1(int sig)
{
}

static void exec_self(void)
{
	char pid[16];
	char long_env[sizeof(long_value) + 8];
	char *argv[] = { "first", "--child", pid, "two words", "", "last", NULL };
	char *envp[] = { "A=1", "EMPTY=", long_env, NULL };
	sigset_t mask;

	snprintf(pid, sizeof(pid), "%d", getpid());
	snprintf(long_env, sizeof(long_env), "LONG=%s", long_value);
	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	sigemptyset(&mask);
	sigaddset(&mask, SIGHUP);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	execve(self, argv, envp);
	printf("UTEST FAIL exec_args: execve %s: %s\n", self, strerror(errno));
	_exit(2);
}

static int exec_errno(const char *path)
{
	char *argv[] = { (char *)path, NULL };

	execve(path, argv, environ);
	return errno;
}

int main(int argc, char **argv)
{
	pid_t pid;
	int st = -1, err;

	memset(long_value, 'x', sizeof(long_value) - 1);
	if (argc > 2 && !strcmp(argv[1], "--child"))
		return child_check(argc, argv);
	utest_self(argv[0], self, sizeof(self));
	pid = fork();
	if (pid == 0)
		exec_self();
	waitpid(pid, &st, 0);
	CHECK("exec_argv_envp_pid_and_signals", WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "the exec'd child ended with wait status %#x", st);
	err = exec_errno("/no/such/program");
	CHECK("exec_missing_file_is_enoent", err == ENOENT, "errno %d", err);
	err = exec_errno("/etc/passwd");
	CHECK("exec_not_executable_is_eacces", err == EACCES, "errno %d", err);
	err = exec_errno("/");
	CHECK("exec_directory_is_eacces", err == EACCES, "errno %d", err);
	return utest_exit();
}
