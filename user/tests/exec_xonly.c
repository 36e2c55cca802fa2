/*
 * execve needs execute permission, not read permission: a non-root user
 * runs a program whose mode is --x--x--x, and gets EACCES for one without
 * any x bit. (A script is different: its interpreter must read it.)
 */
#define _GNU_SOURCE		/* setresuid */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

/* Copy the program at from to to with mode. 0 or -1. */
static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[4096];
	int in = open(from, O_RDONLY), out;
	ssize_t n;

	if (in < 0)
		return -1;
	unlink(to);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0700);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			n = -1;
	close(in);
	close(out);
	return n < 0 || chmod(to, mode) < 0 ? -1 : 0;
}

/* Run "path child" as uid 1000; its wait status. The child exits with
 * 100 + errno when execve fails, 99 when it cannot become uid 1000. */
static int run_as_user(const char *path)
{
	int status = -1;
	pid_t pid = fork();

	if (pid == 0) {
		char *const argv[] = { (char *)path, "child", NULL };

		if (setresgid(1000, 1000, 1000) < 0 || setresuid(1000, 1000, 1000) < 0)
			_exit(99);
		execv(path, argv);
		_exit(100 + (errno & 0x7f));
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

int main(int argc, char **argv)
{
	char self[256];
	const char *prog = "/tmp/utest-xonly-prog", *noexec = "/tmp/utest-xonly-none";
	int st;

	if (argc > 1 && !strcmp(argv[1], "child"))
		return 7;			/* the program we copy is this one */
	utest_self(argv[0], self, sizeof(self));
	if (copy_file(self, prog, 0111) < 0 || copy_file(self, noexec, 0644) < 0) {
		printf("UTEST FAIL exec_xonly: cannot copy %s to /tmp\n", self);
		return 1;
	}
	st = run_as_user(prog);		/* the copy, run as "prog child", exits 7 */
	CHECK("exec_xonly_runs_without_read_permission", WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "wait status %#x (exit 100+errno: execve failed)", st);
	st = run_as_user(noexec);
	CHECK("exec_without_x_is_eacces", WIFEXITED(st) && WEXITSTATUS(st) == 100 + EACCES,
	      "wait status %#x, expected exit %d (EACCES)", st, 100 + EACCES);
	unlink(prog);
	unlink(noexec);
	return utest_exit();
}
