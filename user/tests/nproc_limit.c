/*
 * A fork bomb bounded by RLIMIT_NPROC leaves the system usable.
 *
 * A child B drops to user "nobody" (root is exempt from RLIMIT_NPROC),
 * lowers the limit to LIMIT processes, and checks that the limit holds
 * with an orderly row of children first: the bomb only starts once fork()
 * is known to fail with EAGAIN. Then every process of B's group forks as
 * fast as it can, and stops in pause() once fork fails. When B itself
 * hits the limit it exits with code 20 (21 for another error than
 * EAGAIN; "nobody" may not signal its root parent), and the parent
 *   - forks a child of its own (root: not limited) to show the system
 *     still runs processes;
 *   - kills B's whole process group with one kill(-B, SIGKILL), and checks
 *     in /proc that no live process is left in the group: a process that
 *     its parent was forking while kill() went through the group must
 *     get the signal too (Linux restarts such a fork); if some escaped,
 *     it says so and kills the group again until it is empty;
 *   - checks the processes are really gone: a new "nobody" child with the
 *     same limit can again start LIMIT / 2 processes (init reaps the
 *     orphans, so this may take a few tries).
 */
#include <ctype.h>
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

#include "utest.h"

#define LIMIT 24
#define NOBODY 65534

static void nap(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&t, NULL);
}

/* Become nobody with at most LIMIT processes; exits 10/11 on failure. */
static void become_limited_nobody(void)
{
	struct rlimit rl = { LIMIT, LIMIT };

	if (setgid(NOBODY) < 0 || setuid(NOBODY) < 0) {
		printf("UTEST FAIL nproc_limit: setuid(nobody): %s\n", strerror(errno));
		_exit(10);
	}
	if (setrlimit(RLIMIT_NPROC, &rl) < 0) {
		printf("UTEST FAIL nproc_limit: setrlimit(RLIMIT_NPROC): %s\n", strerror(errno));
		_exit(11);
	}
}

/* Fork up to n children that wait to be killed; returns how many started
 * and the errno of the fork that failed (0 if none did). */
static int row_of_children(int n, pid_t *pids, int *err)
{
	int started = 0;

	*err = 0;
	while (started < n) {
		pid_t pid = fork();

		if (pid == 0) {
			for (;;)
				pause();
		}
		if (pid < 0) {
			*err = errno;
			break;
		}
		pids[started++] = pid;
	}
	return started;
}

static void kill_row(pid_t *pids, int n)
{
	for (int i = 0; i < n; i++) {
		kill(pids[i], SIGKILL);
		waitpid(pids[i], NULL, 0);
	}
}

/* B: check the limit, then the bomb. Never returns. */
static void bomber(void)
{
	pid_t pids[LIMIT + 8];
	int n, err;

	setpgid(0, 0);
	become_limited_nobody();
	n = row_of_children(LIMIT + 8, pids, &err);
	kill_row(pids, n);
	if (err != EAGAIN) {
		printf("UTEST FAIL nproc_limit: %d children started with the limit at %d "
		       "(last fork: %s); no bomb\n", n, LIMIT, err ? strerror(err) : "no failure");
		_exit(12);
	}
	for (;;) {
		pid_t pid = fork();

		if (pid < 0 && getpid() == getpgrp())
			_exit(errno == EAGAIN ? 20 : 21);	/* B: the bomb is full */
		if (pid < 0) {
			for (;;)
				pause();
		}
	}
}

/* How many processes of group pgid are alive (not zombies), from the
 * "pid (comm) state ppid pgrp" start of each /proc/PID/stat; *newest: the
 * highest pid among them. */
static int live_in_group(pid_t pgid, int *newest)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int live = 0;

	*newest = 0;
	while (d && (e = readdir(d))) {
		char path[300], buf[256], *paren, state;
		int ppid, pgrp;
		FILE *f;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		paren = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		if (paren && sscanf(paren + 1, " %c %d %d", &state, &ppid, &pgrp) == 3 &&
		    pgrp == pgid && state != 'Z' && state != 'X') {
			live++;
			if (atoi(e->d_name) > *newest)
				*newest = atoi(e->d_name);
		}
		fclose(f);
	}
	if (d)
		closedir(d);
	return live;
}

/* Wait up to ms for group pgid to have no live process; how many are
 * left, and the highest pid among them in *newest. */
static int wait_group_dead(pid_t pgid, int ms, int *newest)
{
	int live = live_in_group(pgid, newest);

	for (int waited = 0; live && waited < ms; waited += 50) {
		nap(50);
		live = live_in_group(pgid, newest);
	}
	return live;
}

/* After the bomb: can a limited nobody start LIMIT / 2 processes again? */
static int limit_is_free_again(void)
{
	for (int try = 0; try < 50; try++) {
		int st = -1;
		pid_t pid = fork();

		if (pid == 0) {
			pid_t pids[LIMIT / 2];
			int err, n;

			become_limited_nobody();
			n = row_of_children(LIMIT / 2, pids, &err);
			kill_row(pids, n);
			_exit(n == LIMIT / 2 ? 0 : 1);
		}
		waitpid(pid, &st, 0);
		if (st == 0)
			return 1;
		if (WIFEXITED(st) && WEXITSTATUS(st) >= 10)
			return 0;	/* it said why */
		nap(100);
	}
	return 0;
}

int main(void)
{
	pid_t bomb, extra;
	int st = -1, left, newest, newest_before;

	bomb = fork();
	if (bomb == 0)
		bomber();
	setpgid(bomb, bomb);
	waitpid(bomb, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) < 20) {
		CHECK("nproc_limit_bounds_fork_bomb", 0, "the bomb did not start (status %#x)", st);
		kill(-bomb, SIGKILL);
		return utest_exit();
	}
	CHECK("nproc_limit_fork_fails_with_eagain", WEXITSTATUS(st) == 20,
	      "fork in the bomb failed with another error than EAGAIN");
	extra = fork();
	if (extra == 0)
		_exit(0);
	CHECK("nproc_limit_root_still_forks", extra > 0 && waitpid(extra, &st, 0) == extra &&
	      st == 0, "fork during the bomb: %s", extra < 0 ? strerror(errno) : "child failed");
	live_in_group(bomb, &newest_before);
	kill(-bomb, SIGKILL);
	left = wait_group_dead(bomb, 3000, &newest);
	CHECK("nproc_limit_one_kill_ends_the_bomb", left == 0,
	      "%d processes of the group alive 3 s after kill(-pgid, SIGKILL), the newest "
	      "pid %d (the newest before the kill: %d): %s", left, newest, newest_before,
	      newest > newest_before ? "a child forked while kill() went through the group "
	      "escaped it, and the bomb grew again" : "they did not die");
	for (int round = 0; left && round < 100; round++) {
		kill(-bomb, SIGKILL);
		left = wait_group_dead(bomb, 100, &newest);
	}
	CHECK("nproc_limit_bomb_cleaned_up", !left && limit_is_free_again(),
	      "the bomb's processes still count against the limit after SIGKILL");
	return utest_exit();
}
