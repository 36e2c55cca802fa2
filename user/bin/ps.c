/*
 * ps — every process, from /proc/PID/stat (the fields Linux prints there:
 * "pid (comm) state ppid pgrp session tty_nr ...") and /proc/PID/cmdline
 * (the arguments, NUL-separated; empty for a zombie). Columns: PID, parent,
 * process group, session, state (R running, S sleeping, D uninterruptible,
 * T stopped, Z zombie), the command.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -1;
	buf[n] = 0;
	return n;
}

/* The command line with spaces for NULs, or "[comm]" if there is none. */
static void command_of(int pid, const char *comm, char *out, size_t size)
{
	char path[64];
	int n;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	n = read_file(path, out, size);
	if (n <= 0) {
		snprintf(out, size, "[%s]", comm);
		return;
	}
	for (int i = 0; i < n - 1; i++)
		if (!out[i])
			out[i] = ' ';
}

static int show(int pid)
{
	char path[64], stat[1024], comm[64], cmd[256];
	char *open_paren, *close_paren;
	int ppid, pgrp, sid;
	char state;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, stat, sizeof(stat)) < 0)
		return -1;
	/* comm may hold spaces and parentheses: it ends at the last ')'. */
	open_paren = strchr(stat, '(');
	close_paren = strrchr(stat, ')');
	if (!open_paren || !close_paren ||
	    sscanf(close_paren + 2, "%c %d %d %d", &state, &ppid, &pgrp, &sid) != 4)
		return -1;
	snprintf(comm, sizeof(comm), "%.*s", (int)(close_paren - open_paren - 1), open_paren + 1);
	command_of(pid, comm, cmd, sizeof(cmd));
	printf("%5d %5d %5d %5d %c    %s\n", pid, ppid, pgrp, sid, state, cmd);
	return 0;
}

static int by_number(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

int main(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int pids[4096], n = 0;

	if (!d) {
		fprintf(stderr, "ps: /proc: %s\n", strerror(errno));
		return 1;
	}
	while ((e = readdir(d)) && n < 4096)
		if (isdigit((unsigned char)e->d_name[0]))
			pids[n++] = atoi(e->d_name);
	closedir(d);
	if (!n) {
		fprintf(stderr, "ps: /proc has no process directories (/proc/PID): "
			"this kernel does not provide them yet\n");
		return 1;
	}
	qsort(pids, n, sizeof(pids[0]), by_number);
	printf("  PID  PPID  PGID   SID STAT COMMAND\n");
	for (int i = 0; i < n; i++)
		show(pids[i]);		/* one that exited meanwhile is skipped */
	return 0;
}
