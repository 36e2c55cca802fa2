/*
 * execve() of a script: a file starting with "#!INTERPRETER [ARG]" runs
 * INTERPRETER with argv = { INTERPRETER, ARG, SCRIPT, the script's own
 * arguments after argv[0] }. Checked with this program as the
 * interpreter (ARG = "--interp one arg", then SCRIPT, "a", "b c"), with
 * /bin/sh (exit status of the script), a missing interpreter (ENOENT), and
 * a file with neither "#!" nor an ELF header (ENOEXEC).
 *
 * The scripts are written to /tmp at run time.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "utest.h"

static char self[4096];

static int write_script(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Run path with its arguments in a child; the wait status, or the
 * execve errno as -errno. */
static int run(const char *path, char *const argv[])
{
	int st = -1;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		execv(path, argv);
		_exit(200 + (errno < 50 ? errno : 49));
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) >= 200)
		return -(WEXITSTATUS(st) - 200);
	return st;
}

static int interp_check(int argc, char **argv)
{
	/* argv: INTERPRETER "--interp one arg" SCRIPT "a" "b c" */
	if (argc != 5) {
		printf("UTEST FAIL script_exec: the interpreter got %d arguments, not 5\n", argc);
		return 1;
	}
	if (strcmp(argv[1], "--interp one arg") || strncmp(argv[2], "/tmp/utest-script-", 18) ||
	    strcmp(argv[3], "a") || strcmp(argv[4], "b c")) {
		printf("UTEST FAIL script_exec: the interpreter got '%s' '%s' '%s' '%s'\n",
		       argv[1], argv[2], argv[3], argv[4]);
		return 1;
	}
	return 42;
}

int main(int argc, char **argv)
{
	char path[64], text[4200];
	char *args[] = { path, "a", "b c", NULL };
	int st;

	if (argc > 1 && !strncmp(argv[1], "--interp", 8))
		return interp_check(argc, argv);
	utest_self(argv[0], self, sizeof(self));
	mkdir("/tmp", 01777);
	snprintf(path, sizeof(path), "/tmp/utest-script-%d", getpid());

	/* Everything after the interpreter's path is one argument, spaces
	 * and all, as on Linux. */
	snprintf(text, sizeof(text), "#!%s --interp one arg\n", self);
	if (write_script(path, text) < 0) {
		CHECK("script_exec_setup", 0, "cannot write %s: %s", path, strerror(errno));
		return utest_exit();
	}
	st = run(path, args);
	CHECK("script_exec_interpreter_argv", WIFEXITED(st) && WEXITSTATUS(st) == 42,
	      "wait status %#x", st);

	write_script(path, "#!/bin/sh\nexit 7\n");
	st = run(path, args);
	CHECK("script_exec_sh", WIFEXITED(st) && WEXITSTATUS(st) == 7,
	      "wait status %#x (or -errno)", st);

	write_script(path, "#!/no/such/interpreter\n");
	st = run(path, args);
	CHECK("script_exec_missing_interpreter_is_enoent", st == -ENOENT, "got %d", st);

	write_script(path, "just text, no #! line\n");
	st = run(path, args);
	CHECK("script_exec_no_magic_is_enoexec", st == -ENOEXEC, "got %d", st);
	unlink(path);
	return utest_exit();
}
