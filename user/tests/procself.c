/* /proc/self and /proc/<pid>: stat parses with Linux's field order and
 * names this process; status, cmdline and comm agree; /proc/self links to
 * our pid; a child shows up in /proc while it lives and is gone after it
 * is reaped. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

#define CHECK(cond) do { if (!(cond)) { \
	printf("UTEST FAIL procself: line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
	fails++; } } while (0)

static ssize_t read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n, total = 0;

	if (fd < 0)
		return -1;
	while (total < (ssize_t)len - 1 && (n = read(fd, buf + total, len - 1 - total)) > 0)
		total += n;
	close(fd);
	buf[total] = 0;
	return total;
}

static int in_proc_dir(pid_t pid)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (atoi(e->d_name) == pid)
			found = 1;
	closedir(d);
	return found;
}

int main(int argc, char **argv)
{
	char buf[4096], path[64], comm[64], state;
	int pid, ppid, pgrp, sid, fields;
	unsigned long long utime, stime, start, vsize = 0, rss = 0;
	char *close_paren;
	struct stat st;
	int status;
	pid_t child;

	/* Our name is the executable's base name (short enough here). */
	const char *me = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];

	(void)argc;
	CHECK(read_file("/proc/self/stat", buf, sizeof(buf)) > 0);
	fields = sscanf(buf, "%d (%63[^)]) %c %d %d %d", &pid, comm, &state, &ppid, &pgrp, &sid);
	CHECK(fields == 6);
	CHECK(pid == getpid() && ppid == getppid() && pgrp == getpgrp() && sid == getsid(0));
	CHECK(strcmp(comm, me) == 0);
	CHECK(state == 'R');
	close_paren = strrchr(buf, ')');
	CHECK(close_paren != NULL);
	if (close_paren) {
		/* Fields 14, 15 and 22 (utime, stime, starttime); 52 in all. */
		char *p = close_paren + 2;
		int n = 2;

		for (char *tok = strtok(p, " \n"); tok; tok = strtok(NULL, " \n")) {
			n++;
			if (n == 14)
				utime = strtoull(tok, NULL, 10);
			if (n == 15)
				stime = strtoull(tok, NULL, 10);
			if (n == 22)
				start = strtoull(tok, NULL, 10);
			if (n == 23)
				vsize = strtoull(tok, NULL, 10);
			if (n == 24)
				rss = strtoull(tok, NULL, 10);
		}
		CHECK(n == 52);
		CHECK(vsize > 0);	/* our own: known (rss may lag on Linux) */
		(void)rss;
		(void)utime; (void)stime; (void)start;
	}
	CHECK(read_file("/proc/self/status", buf, sizeof(buf)) > 0);
	snprintf(path, sizeof(path), "\nPid:\t%d\n", getpid());
	CHECK(strstr(buf, path) != NULL);
	snprintf(path, sizeof(path), "Name:\t%s\n", me);
	CHECK(strncmp(buf, path, strlen(path)) == 0);
	CHECK(strstr(buf, "\nUid:\t0\t0\t0\t0\n") != NULL);
	CHECK(strstr(buf, "\nVmRSS:\t") != NULL);
	CHECK(read_file("/proc/self/comm", buf, sizeof(buf)) > 0 && strncmp(buf, me, strlen(me)) == 0 &&
	      strcmp(buf + strlen(me), "\n") == 0);
	/* cmdline: argv[0] then "x y", NUL-separated. */
	CHECK(read_file("/proc/self/cmdline", buf, sizeof(buf)) ==
	      (ssize_t)(strlen(argv[0]) + 1 + strlen(argv[1] ? argv[1] : "") + (argv[1] ? 1 : 0)));
	CHECK(strcmp(buf, argv[0]) == 0);
	CHECK(readlink("/proc/self", path, sizeof(path)) > 0);
	CHECK(atoi(path) == getpid());
	snprintf(path, sizeof(path), "/proc/%d", getpid());
	CHECK(stat(path, &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == 0);
	CHECK(in_proc_dir(getpid()) == 1);
	CHECK(stat("/proc/999999", &st) == -1 && errno == ENOENT);

	/* A child, alive, then reaped. */
	child = fork();
	if (child == 0) {
		for (;;)
			pause();
	}
	snprintf(path, sizeof(path), "/proc/%d/stat", child);
	CHECK(read_file(path, buf, sizeof(buf)) > 0);
	CHECK(sscanf(buf, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid) == 4);
	CHECK(pid == child && ppid == getpid() && (state == 'S' || state == 'R'));
	CHECK(in_proc_dir(child) == 1);
	CHECK(kill(child, SIGKILL) == 0);
	CHECK(waitpid(child, &status, 0) == child);
	CHECK(read_file(path, buf, sizeof(buf)) == -1 && errno == ENOENT);
	CHECK(in_proc_dir(child) == 0);
	CHECK(read_file("/proc/uptime", buf, sizeof(buf)) > 0 && atof(buf) > 0);

	if (fails)
		return 1;
	printf("UTEST PASS procself\n");
	return 0;
}
