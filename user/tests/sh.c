/*
 * The shell, from outside: each case runs `/bin/sh -c SCRIPT` with its
 * output (stdout and stderr) on a pipe, and compares what it printed and
 * its exit status with what POSIX sh prints. One UTEST line per case.
 * (On a Linux host /bin/sh is another shell: the cases hold for it too.)
 */
#include <stdlib.h>
#include <sys/wait.h>

#include "utest.h"

struct shell_case {
	const char *name;
	const char *script;
	const char *output;	/* stdout and stderr, in order */
	int status;
};

static const struct shell_case cases[] = {
	{ "sh_quotes", "echo \"a\\\"b\" 'c  d' e\\ f '$x' \"\\$x\"", "a\"b c  d e f $x $x\n", 0 },
	{ "sh_variables", "x=1; echo $x ${x}y \"$x\" \"[$unset]\"", "1 1y 1 []\n", 0 },
	{ "sh_field_splitting", "v='a   b'; echo $v; echo \"$v\"", "a b\na   b\n", 0 },
	{ "sh_status", "false; echo $?; true; echo $?", "1\n0\n", 0 },
	{ "sh_and_or", "false && echo no || echo yes; true && echo and", "yes\nand\n", 0 },
	{ "sh_bang", "! false; echo $?; ! true; echo $?", "0\n1\n", 0 },
	{ "sh_pipeline", "echo abc | cat | cat", "abc\n", 0 },
	{ "sh_pipeline_status_is_the_last", "true | false; echo $?; false | true; echo $?",
	  "1\n0\n", 0 },
	{ "sh_redirections", "f=/tmp/utest-sh.$$; echo a > $f; echo b >> $f; cat < $f; rm $f",
	  "a\nb\n", 0 },
	{ "sh_stderr_to_stdout", "sh -c 'echo err >&2' 2>&1 | cat", "err\n", 0 },
	{ "sh_stderr_to_file", "f=/tmp/utest-sh2.$$; sh -c 'echo err >&2' 2> $f; cat $f; rm $f",
	  "err\n", 0 },
	{ "sh_glob_without_match", "echo /no-such-dir/*.c", "/no-such-dir/*.c\n", 0 },
	{ "sh_export", "export E=v; N=w; sh -c 'echo \"$E[$N]\"'", "v[]\n", 0 },
	{ "sh_prefix_assignment", "P=1 sh -c 'echo $P'; echo \"[$P]\"", "1\n[]\n", 0 },
	{ "sh_background_and_wait", "sh -c 'exit 3' & wait $!; echo $?", "3\n", 0 },
	{ "sh_cd_pwd", "cd /tmp && pwd", "/tmp\n", 0 },
	{ "sh_exit_status", "echo before; exit 5; echo after", "before\n", 5 },
	{ "sh_not_found_is_127", "no-such-command-x 2>/dev/null; echo $?", "127\n", 0 },
	{ "sh_comment", "echo a # not this", "a\n", 0 },
	{ "sh_newline_in_quotes", "echo 'a\nb'", "a\nb\n", 0 },
	{ "sh_positional", "sh -c 'echo $# $1 $2' zero one 'two 2'", "2 one two 2\n", 0 },
};

/* Run the script; its output (up to size - 1 bytes) and wait status. */
static int run_sh(const char *script, char *out, size_t size)
{
	int pfd[2], st = -1;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(pfd) < 0)
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(pfd[1], 1);
		dup2(pfd[1], 2);
		close(pfd[0]);
		close(pfd[1]);
		execl("/bin/sh", "sh", "-c", script, (char *)NULL);
		_exit(127);
	}
	close(pfd[1]);
	while (len + 1 < size && (n = read(pfd[0], out + len, size - 1 - len)) > 0)
		len += n;
	out[len] = 0;
	close(pfd[0]);
	waitpid(pid, &st, 0);
	return st;
}

int main(void)
{
	char out[1024];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct shell_case *c = &cases[i];
		int st = run_sh(c->script, out, sizeof(out));

		CHECK(c->name, WIFEXITED(st) && WEXITSTATUS(st) == c->status &&
		      !strcmp(out, c->output), "sh -c '%s' printed '%s' (status %#x), expected '%s' "
		      "(exit %d)", c->script, out, st, c->output, c->status);
	}
	return utest_exit();
}
