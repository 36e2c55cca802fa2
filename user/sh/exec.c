/*
 * Running commands.
 *
 * A pipeline a | b | c is one child per command, joined by pipes, all in
 * one process group (the first child's pid names it). With job control
 * (an interactive shell on a terminal), that group becomes the terminal's
 * foreground group while the pipeline runs, so that Ctrl-C (SIGINT) and
 * Ctrl-Z (SIGTSTP) reach the job and not the shell; when the job is done
 * the shell takes the terminal back. The shell itself ignores those
 * signals; its children set them back to the default before exec.
 *
 * Both the parent and the child call setpgid() and tcsetpgrp(): whichever
 * runs first does it, so neither has to wait for the other.
 *
 * A builtin alone (cd, export, ...) runs in the shell itself, with its
 * redirections undone afterwards; inside a pipeline it runs in a child.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

#define MAX_PIPELINE 64
#define DEFAULT_PATH "/bin:/sbin:/usr/bin:/usr/sbin"

bool interactive;
bool job_control;
bool interrupted;
int tty_fd = -1;
pid_t shell_pgid;

static const int job_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };

static void set_job_signals(void (*handler)(int))
{
	for (size_t i = 0; i < sizeof(job_signals) / sizeof(job_signals[0]); i++)
		signal(job_signals[i], handler);
}

/* An interactive shell ignores ^C and ^\; with a terminal that allows it,
 * it also takes its own process group and the terminal's foreground. */
void exec_init(void)
{
	if (!interactive)
		return;
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	tty_fd = isatty(0) ? 0 : isatty(2) ? 2 : -1;
	if (tty_fd < 0 || tcgetpgrp(tty_fd) < 0)
		return;			/* no terminal: no job control */
	/* Started in the background? Wait until someone brings us forward. */
	while (tcgetpgrp(tty_fd) != getpgrp())
		kill(-getpgrp(), SIGTTIN);
	set_job_signals(SIG_IGN);
	if (getpgrp() != getpid())
		setpgid(0, 0);		/* fails for a session leader: already is */
	shell_pgid = getpgrp();
	if (tcsetpgrp(tty_fd, shell_pgid) == 0)
		job_control = true;
}

int status_to_code(int wstatus)
{
	if (WIFEXITED(wstatus))
		return WEXITSTATUS(wstatus);
	if (WIFSIGNALED(wstatus))
		return 128 + WTERMSIG(wstatus);
	if (WIFSTOPPED(wstatus))
		return 128 + WSTOPSIG(wstatus);
	return 1;
}

/* Say why a job died, as other shells do; nothing for ^C or a broken pipe
 * but a newline after the echoed ^C. */
void report_signal(int wstatus)
{
	char msg[128];
	int sig;

	if (!WIFSIGNALED(wstatus))
		return;
	sig = WTERMSIG(wstatus);
	if (sig == SIGINT) {
		write(2, "\n", 1);
	} else if (sig != SIGPIPE) {
		int n = snprintf(msg, sizeof(msg), "%s%s\n", strsignal(sig),
				 WCOREDUMP(wstatus) ? " (core dumped)" : "");
		write(2, msg, n);
	}
}

/* ---- redirections ---- */

struct saved_fd {
	int fd;		/* the descriptor a redirection changed */
	int copy;	/* its old file, or -1 if it was closed */
};

static int redirect_one(struct redir *r)
{
	char *target = expand_string(r->word);
	int fd;

	if (r->kind == R_DUP_IN || r->kind == R_DUP_OUT) {
		char *end;

		if (!strcmp(target, "-")) {
			close(r->fd);		/* 2>&- closes stderr */
			return 0;
		}
		fd = strtol(target, &end, 10);
		if (!*target || *end) {
			sh_error("%s: bad file descriptor", target);
			return -1;
		}
		if (dup2(fd, r->fd) < 0) {
			sh_error("%d: %s", fd, strerror(errno));
			return -1;
		}
		return 0;
	}
	if (r->kind == R_IN)
		fd = open(target, O_RDONLY);
	else
		fd = open(target, O_WRONLY | O_CREAT | (r->kind == R_APPEND ? O_APPEND : O_TRUNC), 0666);
	if (fd < 0) {
		sh_error("%s: %s", target, strerror(errno));
		return -1;
	}
	if (fd != r->fd) {
		dup2(fd, r->fd);
		close(fd);
	}
	return 0;
}

/* Apply a command's redirections in order; with saved, remember what each
 * descriptor was so that restore_fds() can put it back. */
static int apply_redirs(struct redir *r, struct saved_fd *saved, int *nsaved)
{
	for (; r; r = r->next) {
		if (saved) {
			saved[*nsaved].fd = r->fd;
			saved[*nsaved].copy = fcntl(r->fd, F_DUPFD_CLOEXEC, 10);
			(*nsaved)++;
		}
		if (redirect_one(r) < 0)
			return -1;
	}
	return 0;
}

static void restore_fds(struct saved_fd *saved, int n)
{
	fflush(stdout);
	fflush(stderr);
	while (n-- > 0) {
		if (saved[n].copy >= 0) {
			dup2(saved[n].copy, saved[n].fd);
			close(saved[n].copy);
		} else {
			close(saved[n].fd);
		}
	}
}

/* ---- exec ---- */

static void try_exec(const char *path, char **argv, char **envp)
{
	execve(path, argv, envp);
	if (errno == ENOEXEC) {
		/* No #! line: a shell script, as POSIX says. */
		int argc = 0;
		char **sh_argv;

		while (argv[argc])
			argc++;
		sh_argv = arena_alloc((argc + 2) * sizeof(*sh_argv));
		sh_argv[0] = "sh";
		sh_argv[1] = (char *)path;
		memcpy(sh_argv + 2, argv + 1, argc * sizeof(*sh_argv));
		execve("/bin/sh", sh_argv, envp);
	}
}

/* Try argv[0] in each directory of $PATH (an empty entry is "."); returns
 * only if none would run: ENOENT if it was nowhere, else why not. */
static int search_path(char **argv, char **envp)
{
	const char *dir = var_get("PATH");
	int err = ENOENT;
	char buf[4096];

	for (dir = dir ? dir : DEFAULT_PATH; ; dir++) {
		size_t n = strcspn(dir, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", n ? (int)n : 1, n ? dir : ".", argv[0]);
		try_exec(buf, argv, envp);
		if (errno != ENOENT && errno != ENOTDIR)
			err = errno;	/* found, but it would not run */
		dir += n;
		if (!*dir)
			return err;
	}
}

/* Replace this process with argv[0], searched in $PATH unless it has a
 * '/'. Exits 127 if it is not found, 126 if it cannot run. */
void exec_command_or_die(char **argv, char **envp)
{
	int err;

	if (strchr(argv[0], '/')) {
		try_exec(argv[0], argv, envp);
		err = errno;
	} else {
		err = search_path(argv, envp);
	}
	if (err == ENOENT)
		sh_error("%s: not found", argv[0]);
	else
		sh_error("%s: %s", argv[0], strerror(err));
	_exit(err == ENOENT ? 127 : 126);
}

/* ---- one command ---- */

static void set_assignments(char **assigns, bool export)
{
	for (; *assigns; assigns++) {
		char *eq = strchr(*assigns, '=');
		char *name = arena_strndup(*assigns, eq - *assigns);

		var_set(name, expand_string(eq + 1), export);
	}
}

/* In a child just forked for a command: join the job's process group,
 * take the terminal if it is a foreground job, and let the signals the
 * shell ignores do their default again. */
static void child_setup(pid_t pgid, bool background)
{
	if (job_control) {
		setpgid(0, pgid);
		if (!background)
			tcsetpgrp(tty_fd, pgid ? pgid : getpid());
	}
	set_job_signals(SIG_DFL);
	if (background && !job_control) {
		/* Without job control ^C must not reach a background job. */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
}

/* In the child: redirections, then the builtin or the program. */
static void run_in_child(struct command *c, char **argv, int argc)
{
	builtin_fn *builtin;

	set_assignments(c->assigns, true);
	if (apply_redirs(c->redirs, NULL, NULL) < 0)
		_exit(1);
	if (!argc)
		_exit(0);
	builtin = find_builtin(argv[0]);
	if (builtin) {
		int status = builtin(argc, argv);

		fflush(stdout);
		_exit(status);
	}
	exec_command_or_die(argv, vars_environ());
}

/* A builtin, or assignments alone, in the shell itself. */
static int run_in_shell(struct command *c, char **argv, int argc)
{
	struct saved_fd saved[16];
	int nsaved = 0, status = 1;
	int nredirs = 0;

	for (struct redir *r = c->redirs; r; r = r->next)
		nredirs++;
	if (nredirs > 16) {
		sh_error("too many redirections");
		return 1;
	}
	if (argc && !strcmp(argv[0], "exec")) {
		/* exec's redirections stay; with a command, it replaces us. */
		if (apply_redirs(c->redirs, NULL, NULL) < 0)
			return 1;
		return find_builtin("exec")(argc, argv);
	}
	if (apply_redirs(c->redirs, saved, &nsaved) == 0) {
		if (argc) {
			status = find_builtin(argv[0])(argc, argv);
		} else {
			set_assignments(c->assigns, false);
			status = 0;
		}
	}
	restore_fds(saved, nsaved);
	return status;
}

/* ---- pipelines ---- */

/* Wait for the processes of a foreground job; the status of the last
 * one is the job's. A job stopped by ^Z becomes a background job. */
int wait_for_pgid(pid_t pgid, pid_t *pids, int n, const char *text)
{
	int status = 0;

	for (int i = 0; i < n; i++) {
		int st;

		while (waitpid(pids[i], &st, WUNTRACED) < 0) {
			if (errno != EINTR) {
				st = 0;
				break;
			}
		}
		if (WIFSTOPPED(st)) {
			job_add(pgid, pids + i, n - i, text, true);
			return st;
		}
		if (i == n - 1)
			status = st;
	}
	return status;
}

/* Fork one child per command, joined by pipes. Returns how many started;
 * their pids in pids[], the group in *pgid. */
static int start_pipeline(struct pipeline *pl, bool background, pid_t *pids, pid_t *pgid)
{
	int in_fd = -1, n = 0;

	for (struct command *c = pl->cmds; c && n < MAX_PIPELINE; c = c->next) {
		int pfd[2] = { -1, -1 }, argc;
		char **argv = expand_words(c->words, &argc);
		pid_t pid;

		if (c->next && pipe(pfd) < 0) {
			sh_error("pipe: %s", strerror(errno));
			break;
		}
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			child_setup(*pgid, background);
			if (in_fd >= 0) {
				dup2(in_fd, 0);
				close(in_fd);
			}
			if (pfd[1] >= 0) {
				dup2(pfd[1], 1);
				close(pfd[1]);
				close(pfd[0]);
			}
			run_in_child(c, argv, argc);
		}
		if (pid < 0) {
			sh_error("fork: %s", strerror(errno));
			close(pfd[0]);
			close(pfd[1]);
			break;
		}
		if (!*pgid)
			*pgid = pid;
		if (job_control)
			setpgid(pid, *pgid);
		pids[n++] = pid;
		if (in_fd >= 0)
			close(in_fd);
		if (pfd[1] >= 0)
			close(pfd[1]);
		in_fd = pfd[0];
	}
	if (in_fd >= 0)
		close(in_fd);
	return n;
}

static int run_pipeline(struct pipeline *pl, bool background)
{
	pid_t pids[MAX_PIPELINE], pgid = 0;
	int n, status;

	if (!pl->cmds->next && !background) {
		int argc;
		char **argv = expand_words(pl->cmds->words, &argc);

		if (!argc || find_builtin(argv[0])) {
			status = run_in_shell(pl->cmds, argv, argc);
			return pl->bang ? !status : status;
		}
	}
	n = start_pipeline(pl, background, pids, &pgid);
	if (!n)
		return 1;
	if (background) {
		job_add(pgid, pids, n, pl->text, false);
		last_bg_pid = pids[n - 1];
		return 0;
	}
	if (job_control)
		tcsetpgrp(tty_fd, pgid);
	status = wait_for_pgid(pgid, pids, n, pl->text);
	if (job_control)
		tcsetpgrp(tty_fd, shell_pgid);
	if (interactive)
		report_signal(status);
	if (interactive && WIFSIGNALED(status) && WTERMSIG(status) == SIGINT)
		interrupted = true;
	status = status_to_code(status);
	return pl->bang ? !status : status;
}

/* a && b || c: each pipeline runs or not by the status so far. */
static int run_and_or(struct and_or *ao)
{
	int status = run_pipeline(ao->pipes[0], false);

	for (int i = 1; i < ao->n && !interrupted; i++) {
		if ((ao->ops[i - 1] == C_AND) == (status == 0))
			status = run_pipeline(ao->pipes[i], false);
	}
	return status;
}

/* `a && b &`: a child shell runs the whole and-or list in the background. */
static void run_background(struct and_or *ao)
{
	pid_t pid;

	if (ao->n == 1) {
		run_pipeline(ao->pipes[0], true);
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		child_setup(0, true);
		interactive = job_control = false;
		_exit(run_and_or(ao));
	}
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		return;
	}
	if (job_control)
		setpgid(pid, pid);
	job_add(pid, &pid, 1, ao->pipes[0]->text, false);
	last_bg_pid = pid;
}

/* Run a parsed line. ^C of a foreground job abandons the rest of it. */
int run_list(struct and_or *list)
{
	interrupted = false;
	for (; list && !interrupted; list = list->next) {
		if (list->background) {
			run_background(list);
			last_status = 0;
		} else {
			last_status = run_and_or(list);
		}
	}
	return last_status;
}
