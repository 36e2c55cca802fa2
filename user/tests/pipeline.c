/*
 * A three-stage pipeline across fork, wired the way a shell wires one
 * (dup2 onto 0 and 1, every unused end closed):
 *
 *   parent --p1--> child (upper-cases) --p2--> grandchild (counts) --p3--> parent
 *
 * The parent writes N lines and closes p1; end of file then travels down
 * the pipeline only if every stage closed the ends it does not use. The
 * grandchild reports "lines bytes checksum" on p3, and every process must
 * exit 0.
 */
#include <ctype.h>
#include <sys/wait.h>
#include "fs_util.h"

#define LINES	500

/* Stage 2: stdin to stdout, upper-cased. */
static int upcase(void)
{
	char buf[1000];
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			buf[i] = (char)toupper((unsigned char)buf[i]);
		if (write(1, buf, (size_t)n) != n)
			return 1;
	}
	return n < 0;
}

/* Stage 3: count lines and bytes of stdin, checksum it, report on fd 3. */
static int count(void)
{
	char buf[777], out[64];
	unsigned long lines = 0, bytes = 0, sum = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			lines += buf[i] == '\n';
			sum = sum * 31 + (unsigned char)buf[i];
		}
		bytes += (unsigned long)n;
	}
	snprintf(out, sizeof(out), "%lu %lu %lu", lines, bytes, sum);
	return n < 0 || put(3, out) <= 0;
}

/* Make fd the process's descriptor `to`, closing the original. */
static void move_fd(int fd, int to)
{
	if (fd != to) {
		dup2(fd, to);
		close(fd);
	}
}

/* The child: starts the grandchild on p2 and becomes stage 2. */
static int child(int p1[2], int p3[2])
{
	int p2[2], status;
	pid_t gc;

	close(p1[1]);
	if (pipe(p2) < 0)
		return 1;
	gc = fork();
	if (gc == 0) {
		close(p1[0]);
		close(p2[1]);
		close(p3[0]);
		move_fd(p3[1], 3);
		move_fd(p2[0], 0);
		_exit(count());
	}
	close(p3[0]);
	close(p3[1]);
	close(p2[0]);
	move_fd(p1[0], 0);
	move_fd(p2[1], 1);
	status = upcase();
	close(1);			/* EOF for the grandchild */
	if (waitpid(gc, &status, 0) != gc || status != 0)
		return 2;
	return status;
}

int main(void)
{
	char line[64], want[64], got[64] = "";
	unsigned long bytes = 0, sum = 0;
	int p1[2], p3[2], status;
	ssize_t n;
	pid_t pid;

	test_begin("pipeline");
	CHECK_OK(pipe(p1));
	CHECK_OK(pipe(p3));
	pid = fork();
	if (pid == 0)
		_exit(child(p1, p3));
	close(p1[0]);
	close(p3[1]);
	for (int i = 0; i < LINES; i++) {
		int len = snprintf(line, sizeof(line), "line %d of the pipeline test\n", i);

		CHECK(write(p1[1], line, (size_t)len) == len, "write line %d", i);
		for (int j = 0; j < len; j++)
			sum = sum * 31 + (unsigned char)toupper((unsigned char)line[j]);
		bytes += (unsigned long)len;
	}
	close(p1[1]);			/* EOF for the child */
	n = read(p3[0], got, sizeof(got) - 1);
	got[n > 0 ? n : 0] = 0;
	close(p3[0]);
	snprintf(want, sizeof(want), "%d %lu %lu", LINES, bytes, sum);
	CHECK(!strcmp(got, want), "the last stage says \"%s\", wanted \"%s\"", got, want);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, "child status %#x", status);
	return test_end();
}
