/*
 * init — the first process (pid 1), started by the kernel as /sbin/init
 * with descriptors 0, 1 and 2 on /dev/console.
 *
 * What it does, in order:
 *   1. mounts /proc and /dev unless /proc/mounts says they are there;
 *   2. runs /etc/rc with /bin/sh and waits for it;
 *   3. starts a login shell on the console, in a session of its own with
 *      the console as its controlling terminal, and starts a new one each
 *      time it exits;
 *   4. all along, collects every child that exits — its own, and orphans
 *      whose parent died first (the kernel makes init their parent).
 *
 * About SIGCHLD: init keeps the default action. Setting it to SIG_IGN
 * would make the kernel reap children on its own, and wait() could no
 * longer tell init that the shell has exited. init does all its waiting
 * in one place (wait_for), so a handler is not needed either.
 *
 * If init died, nothing would collect orphans or start shells: it ignores
 * the terminal's signals (^C, ^Z, hangup), and sets them back to the
 * default in each child, since ignored signals stay ignored across exec.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONSOLE "/dev/console"
#define SHELL "/bin/sh"
#define RC "/etc/rc"

static const int tty_signals[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU, SIGHUP };

static char *const shell_env[] = {
	"PATH=/bin:/sbin",
	"HOME=/root",
	"SHELL=/bin/sh",
	"TERM=vt100",
	"USER=root",
	"LOGNAME=root",
	NULL,
};

static void set_tty_signals(void (*handler)(int))
{
	for (size_t i = 0; i < sizeof(tty_signals) / sizeof(tty_signals[0]); i++)
		signal(tty_signals[i], handler);
}

static void say(const char *fmt, const char *what, int err)
{
	fprintf(stderr, "init: ");
	fprintf(stderr, fmt, what);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fprintf(stderr, "\n");
}

/* Is something mounted at dir? Looks it up in /proc/mounts. */
static int is_mounted(const char *dir)
{
	char dev[64], where[256], type[64];
	FILE *f = fopen("/proc/mounts", "r");
	int found = 0;

	if (!f)
		return 0;
	while (!found && fscanf(f, "%63s %255s %63s %*[^\n]", dev, where, type) == 3)
		found = !strcmp(where, dir);
	fclose(f);
	return found;
}

static void mount_if_needed(const char *source, const char *dir, const char *type)
{
	if (is_mounted(dir))
		return;
	mkdir(dir, 0755);
	if (mount(source, dir, type, 0, NULL) < 0)
		say("cannot mount %s", dir, errno);
}

/* Wait until pid exits, collecting any other child on the way; returns
 * pid's wait status. */
static int wait_for(pid_t pid)
{
	for (;;) {
		int status;
		pid_t got = wait(&status);

		if (got == pid)
			return status;
		if (got < 0 && errno != EINTR) {
			say("wait: %s", "no child left", errno);
			return -1;
		}
		/* got > 0: an orphan (or an old shell's job) is gone: collected. */
	}
}

/* "init: WHAT exited with status N" or "... was killed by signal N". */
static void report(const char *what, int status, const char *then)
{
	if (WIFSIGNALED(status))
		fprintf(stderr, "%s was killed by signal %d%s\n", what, WTERMSIG(status), then);
	else
		fprintf(stderr, "%s exited with status %d%s\n", what, WEXITSTATUS(status), then);
}

/* In a new child: the signals back to their defaults, then the shell. */
static void exec_shell(char *const argv[])
{
	set_tty_signals(SIG_DFL);
	execve(SHELL, argv, shell_env);
	say("cannot run %s", SHELL, errno);
	_exit(127);
}

static void run_rc(void)
{
	char *const argv[] = { "sh", RC, NULL };
	pid_t pid;
	int status;

	if (access(RC, R_OK) < 0)
		return;
	pid = fork();
	if (pid == 0)
		exec_shell(argv);
	if (pid < 0) {
		say("fork: %s", "cannot run " RC, errno);
		return;
	}
	status = wait_for(pid);
	if (status != 0)
		report("init: " RC, status, "");
}

/* The child that becomes the shell: a new session whose controlling
 * terminal is the console, descriptors 0-2 on it. */
static void start_session(void)
{
	int fd;

	setsid();
	fd = open(CONSOLE, O_RDWR);
	if (fd < 0) {
		say("cannot open %s", CONSOLE, errno);
		fd = 0;			/* keep the descriptors we were given */
	}
	/* A session leader opening a terminal may get it as its controlling
	 * terminal by itself; TIOCSCTTY asks for it explicitly, and 1 takes
	 * it from the session that had it (init's own, at boot). */
	if (ioctl(fd, TIOCSCTTY, 0) < 0)
		ioctl(fd, TIOCSCTTY, 1);
	if (fd != 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	tcsetpgrp(0, getpid());
}

static pid_t start_shell(void)
{
	/* "-sh": a login shell, which reads /etc/profile; -i: interactive
	 * (prompts, ignores ^C) even where the console is not a terminal. */
	char *const argv[] = { "-sh", "-i", NULL };
	pid_t pid = fork();

	if (pid == 0) {
		start_session();
		exec_shell(argv);
	}
	if (pid < 0)
		say("fork: %s", "cannot start the shell", errno);
	return pid;
}

int main(void)
{
	if (getpid() != 1)
		fprintf(stderr, "init: not process 1: running anyway\n");
	set_tty_signals(SIG_IGN);
	mount_if_needed("proc", "/proc", "proc");
	mount_if_needed("devfs", "/dev", "devfs");
	run_rc();
	for (;;) {
		struct timespec second = { 1, 0 };
		time_t started = time(NULL);
		pid_t shell = start_shell();
		int status;

		if (shell < 0) {
			nanosleep(&second, NULL);
			continue;
		}
		status = wait_for(shell);
		report("init: the shell", status, "; starting a new one");
		/* A shell that dies at once would otherwise spin. */
		if (time(NULL) - started < 1)
			nanosleep(&second, NULL);
	}
}
