/*
 * utest [-l] [-d DIR] [NAME...] — run the user-space tests: every program
 * in /bin (or DIR) whose name starts with "utest-" (those whose name
 * contains one of the NAMEs, if given), one at a time, in name order.
 * -l only lists them.
 *
 * A test program prints "UTEST PASS name" or "UTEST FAIL name: why" lines
 * (see user/tests/utest.h). utest passes its output through and counts
 * those lines; a program that exits non-zero or is killed without having
 * printed a FAIL line counts as one more failure, reported here, and so
 * does one that prints nothing. Each runs in a process group of its own,
 * killed after TIMEOUT seconds, and killed anyway when it is done, so that
 * nothing it left behind runs on. On a terminal that group is the
 * foreground one while the test runs, as a shell does for a job: a test
 * of the terminal finds itself in the foreground, and Ctrl-C stops the
 * test (utest then stops too, after the summary). The last line is
 *   UTEST SUMMARY programs=N passed=N failed=N
 * and the exit status is 0 only if nothing failed.
 *
 * Without pipe(2) the output cannot be read: utest then counts each
 * program once, by its exit status, and says so.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define PREFIX "utest-"
#define TIMEOUT 60

struct result {
	int passed, failed;
};

static const char *dir_path = "/bin";
static int tty = -1;		/* our terminal, if we are its foreground */
static volatile pid_t running_pgid;
static volatile sig_atomic_t timed_out;

/* SIGALRM: the test took too long. */
static void on_alarm(int sig)
{
	timed_out = 1;
	if (running_pgid > 0)
		kill(-running_pgid, SIGKILL);
}

/* Count the UTEST lines in buf (complete lines only); returns how many
 * bytes were consumed. */
static size_t count_lines(char *buf, size_t len, struct result *r)
{
	size_t done = 0;

	for (char *nl; (nl = memchr(buf + done, '\n', len - done)); done = nl + 1 - buf) {
		if (!strncmp(buf + done, "UTEST PASS ", 11))
			r->passed++;
		else if (!strncmp(buf + done, "UTEST FAIL ", 11))
			r->failed++;
	}
	return done;
}

/* Copy the test's output to ours while counting its verdicts. */
static void relay(int fd, struct result *r)
{
	char buf[8192];
	size_t len = 0;
	ssize_t n;

	while ((n = read(fd, buf + len, sizeof(buf) - len)) != 0) {
		size_t used;

		if (n < 0) {
			if (errno == EINTR && !timed_out)
				continue;
			break;	/* on a timeout: processes of other groups may hold the pipe */
		}
		write(1, buf + len, n);
		len += n;
		used = count_lines(buf, len, r);
		memmove(buf, buf + used, len - used);
		len -= used;
		if (len == sizeof(buf))
			len = 0;	/* a line too long to be a verdict */
	}
}

/* Run one test; returns 1 if Ctrl-C (SIGINT) ended it. */
static int run_test(const char *name, struct result *total)
{
	char path[512];
	struct result r = { 0, 0 };
	int pfd[2], st = -1, have_pipe = pipe(pfd) == 0;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/%s", dir_path, name);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		if (tty >= 0)
			tcsetpgrp(tty, getpid());
		signal(SIGTTOU, SIG_DFL);	/* ignored by utest; not for the test */
		if (have_pipe) {
			dup2(pfd[1], 1);
			dup2(pfd[1], 2);
			close(pfd[0]);
			close(pfd[1]);
		}
		execl(path, name, (char *)NULL);
		printf("UTEST FAIL %s: cannot run %s: %s\n", name, path, strerror(errno));
		_exit(127);
	}
	if (pid < 0) {
		printf("UTEST FAIL %s: fork: %s\n", name, strerror(errno));
		total->failed++;
		return 0;
	}
	setpgid(pid, pid);
	if (tty >= 0)
		tcsetpgrp(tty, pid);
	running_pgid = pid;
	timed_out = 0;
	alarm(TIMEOUT);
	if (have_pipe) {
		close(pfd[1]);
		relay(pfd[0], &r);
		close(pfd[0]);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	alarm(0);
	kill(-pid, SIGKILL);		/* whatever it left behind */
	running_pgid = 0;
	if (tty >= 0)
		tcsetpgrp(tty, getpgrp());

	if (timed_out) {
		printf("UTEST FAIL %s: timed out after %d s\n", name, TIMEOUT);
		r.failed++;
	} else if (WIFSIGNALED(st) && !r.failed) {
		printf("UTEST FAIL %s: killed by signal %d (%s)\n", name, WTERMSIG(st),
		       strsignal(WTERMSIG(st)));
		r.failed++;
	} else if (WIFEXITED(st) && WEXITSTATUS(st) && !r.failed) {
		printf("UTEST FAIL %s: exited with status %d\n", name, WEXITSTATUS(st));
		r.failed++;
	} else if (!have_pipe && st == 0) {
		printf("utest: %s exited with status 0 (no pipe(2): its lines were not counted)\n",
		       name);
		r.passed++;
	} else if (have_pipe && !r.passed && !r.failed) {
		printf("UTEST FAIL %s: printed no UTEST line\n", name);
		r.failed++;
	}
	fflush(stdout);
	total->passed += r.passed;
	total->failed += r.failed;
	return WIFSIGNALED(st) && WTERMSIG(st) == SIGINT;
}

static int wanted(const char *name, int argc, char **argv, int first)
{
	if (strncmp(name, PREFIX, strlen(PREFIX)))
		return 0;
	if (first == argc)
		return 1;
	for (int i = first; i < argc; i++)
		if (strstr(name + strlen(PREFIX), argv[i]))
			return 1;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	int list_only = 0, first = 1, n = 0;
	struct result total = { 0, 0 };
	char *names[512];
	struct dirent *e;
	DIR *d;

	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "-l")) {
			list_only = 1;
		} else if (!strcmp(argv[first], "-d") && first + 1 < argc) {
			dir_path = argv[++first];
		} else {
			fprintf(stderr, "usage: utest [-l] [-d DIR] [NAME...]\n");
			return 2;
		}
	}
	d = opendir(dir_path);
	if (!d) {
		fprintf(stderr, "utest: %s: %s\n", dir_path, strerror(errno));
		return 2;
	}
	while ((e = readdir(d)) && n < 512)
		if (wanted(e->d_name, argc, argv, first))
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), by_name);
	if (list_only) {
		for (int i = 0; i < n; i++)
			printf("%s\n", names[i]);
		return 0;
	}
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	if (isatty(0) && tcgetpgrp(0) == getpgrp()) {
		tty = 0;
		signal(SIGTTOU, SIG_IGN);	/* to take the terminal back */
	}
	for (int i = 0; i < n; i++) {
		printf("utest: %s\n", names[i]);
		if (run_test(names[i], &total)) {
			printf("utest: interrupted\n");
			break;
		}
	}
	printf("UTEST SUMMARY programs=%d passed=%d failed=%d\n", n, total.passed, total.failed);
	return total.failed || !n ? 1 : 0;
}
