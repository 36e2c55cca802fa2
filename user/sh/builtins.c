/*
 * Builtins: commands the shell runs itself, because a child could not do
 * their work (cd changes the shell's directory, export its variables,
 * wait waits for its children) or because they are that cheap.
 * Each returns its exit status. Everything else is a program in $PATH.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

static int bi_cd(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get("HOME");
	char cwd[PATH_MAX];

	if (!dir || !*dir)
		dir = "/";
	if (!strcmp(dir, "-")) {
		dir = var_get("OLDPWD");
		if (!dir) {
			sh_error("cd: OLDPWD not set");
			return 1;
		}
		printf("%s\n", dir);
	}
	if (chdir(dir) < 0) {
		sh_error("cd: %s: %s", dir, strerror(errno));
		return 1;
	}
	if (var_get("PWD"))
		var_set("OLDPWD", var_get("PWD"), false);
	if (getcwd(cwd, sizeof(cwd)))
		var_set("PWD", cwd, false);
	return 0;
}

static int bi_pwd(int argc, char **argv)
{
	char cwd[PATH_MAX];

	if (!getcwd(cwd, sizeof(cwd))) {
		sh_error("pwd: %s", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

static int bi_exit(int argc, char **argv)
{
	sh_exit(argc > 1 ? atoi(argv[1]) : last_status);
	return 1;
}

static int bi_export(int argc, char **argv)
{
	if (argc == 1)
		vars_print_exported();
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');

		if (eq) {
			*eq = 0;
			var_set(argv[i], eq + 1, true);
		} else {
			var_export(argv[i]);
		}
	}
	return 0;
}

static int bi_unset(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		var_unset(argv[i]);
	return 0;
}

static int bi_wait(int argc, char **argv)
{
	int status = 0;

	if (argc == 1)
		return jobs_wait(0);
	for (int i = 1; i < argc; i++)
		status = jobs_wait(atoi(argv[i]));
	return status;
}

static int bi_jobs(int argc, char **argv)
{
	jobs_list();
	return 0;
}

static int bi_fg(int argc, char **argv)
{
	return jobs_continue(argc > 1 ? argv[1] : NULL, true);
}

static int bi_bg(int argc, char **argv)
{
	return jobs_continue(argc > 1 ? argv[1] : NULL, false);
}

/* exec prog args: become prog (the redirections are already done). */
static int bi_exec(int argc, char **argv)
{
	if (argc > 1)
		exec_command_or_die(argv + 1, vars_environ());
	return 0;
}

/* . file: read and run commands from file in this shell. */
static int bi_dot(int argc, char **argv)
{
	char buf[4096], *text = NULL;
	size_t len = 0;
	ssize_t n;
	int fd;

	if (argc < 2) {
		sh_error(".: a file name is needed");
		return 2;
	}
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		sh_error(".: %s: %s", argv[1], strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		char *more = realloc(text, len + n + 1);

		if (!more)
			break;
		text = more;
		memcpy(text + len, buf, n);
		len += n;
		text[len] = 0;
	}
	close(fd);
	if (text)
		run_string(text);
	free(text);
	return last_status;
}

static int bi_true(int argc, char **argv)
{
	return 0;
}

static int bi_false(int argc, char **argv)
{
	return 1;
}

static int bi_help(int argc, char **argv);

static const struct {
	const char *name;
	builtin_fn *fn;
	const char *help;
} builtins[] = {
	{ "cd",     bi_cd,     "cd [DIR|-]      change the directory (default $HOME)" },
	{ "pwd",    bi_pwd,    "pwd             print the directory" },
	{ "exit",   bi_exit,   "exit [N]        leave the shell" },
	{ "export", bi_export, "export [NAME[=VALUE]]...  pass variables to commands" },
	{ "unset",  bi_unset,  "unset NAME...   forget variables" },
	{ "wait",   bi_wait,   "wait [PID]...   wait for background jobs" },
	{ "jobs",   bi_jobs,   "jobs            list background and stopped jobs" },
	{ "fg",     bi_fg,     "fg [%N]         continue a job in the foreground" },
	{ "bg",     bi_bg,     "bg [%N]         continue a stopped job in the background" },
	{ "exec",   bi_exec,   "exec CMD...     replace the shell with CMD" },
	{ ".",      bi_dot,    ". FILE          run the commands of FILE here" },
	{ "true",   bi_true,   "true            succeed" },
	{ ":",      bi_true,   ":               succeed" },
	{ "false",  bi_false,  "false           fail" },
	{ "help",   bi_help,   "help            this list" },
};

#define NR_BUILTINS (sizeof(builtins) / sizeof(builtins[0]))

static int bi_help(int argc, char **argv)
{
	printf("Builtins (everything else is a program in $PATH, try ls /bin):\n");
	for (size_t i = 0; i < NR_BUILTINS; i++)
		printf("  %s\n", builtins[i].help);
	printf("Syntax: a | b, a && b, a || b, a; b, a &, < > >> 2> 2>&1, '...', \"...\", $VAR, $?\n");
	return 0;
}

builtin_fn *find_builtin(const char *name)
{
	for (size_t i = 0; i < NR_BUILTINS; i++)
		if (!strcmp(builtins[i].name, name))
			return builtins[i].fn;
	return NULL;
}
