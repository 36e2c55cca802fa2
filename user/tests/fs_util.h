/*
 * Shared by the file-syscall tests (user/tests/fs_*.c): a scratch
 * directory under /tmp (made if missing: Lockstep's root starts without
 * one), checks that print which line failed, and the verdict line.
 * Each test runs the same on Linux and on Lockstep.
 */
#ifndef USER_TESTS_FS_UTIL_H
#define USER_TESTS_FS_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const char *test_name;
static int failures;
static char scratch[256];

/* CHECK(cond, fmt, ...): count a failure and say where and why. */
#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		printf("UTEST FAIL %s: line %d: ", test_name, __LINE__);	\
		printf(__VA_ARGS__);					\
		printf(" (errno %d)\n", errno);				\
		failures++;						\
	}								\
} while (0)

/* A call that must fail with errno e. */
#define CHECK_ERR(call, e) do {						\
	errno = 0;							\
	long __r = (long)(call);					\
	CHECK(__r == -1 && errno == (e), "%s gave %ld, wanted errno %d", #call, __r, (e)); \
} while (0)

/* A call that must succeed (not -1). */
#define CHECK_OK(call) do {						\
	errno = 0;							\
	long __r = (long)(call);					\
	CHECK(__r != -1, "%s failed", #call);				\
} while (0)

/* Remove path and everything below it (no symlink is followed). Lists
 * directories with getdents64 itself: opendir(3) needs malloc, which
 * needs mmap. */
static void rm_rf(const char *path)
{
	struct stat st;
	char buf[1024], sub[512];
	long n;
	int fd;

	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	fd = open(path, O_RDONLY | O_DIRECTORY);
	while (fd >= 0 && (n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		int removed = 0;

		for (long off = 0; off < n;) {
			const char *name = buf + off + 19;	/* d_name in linux_dirent64 */
			unsigned short reclen;

			memcpy(&reclen, buf + off + 16, sizeof(reclen));
			off += reclen;
			if (!strcmp(name, ".") || !strcmp(name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, name);
			rm_rf(sub);
			removed++;
		}
		if (!removed)
			break;
		lseek(fd, 0, SEEK_SET);	/* positions moved as entries went */
	}
	if (fd >= 0)
		close(fd);
	rmdir(path);
}

/* Make a fresh, empty scratch directory /tmp/NAME.PID and return its name. */
static const char *test_begin(const char *name)
{
	test_name = name;
	setvbuf(stdout, NULL, _IONBF, 0);
	if (mkdir("/tmp", 01777) != 0 && errno != EEXIST) {
		printf("UTEST FAIL %s: cannot make /tmp (errno %d)\n", name, errno);
		exit(1);
	}
	snprintf(scratch, sizeof(scratch), "/tmp/%s.%d", name, (int)getpid());
	rm_rf(scratch);
	if (mkdir(scratch, 0755) != 0) {
		printf("UTEST FAIL %s: cannot make %s (errno %d)\n", name, scratch, errno);
		exit(1);
	}
	return scratch;
}

/* Remove the scratch directory, print the verdict, and return the exit
 * status (0 when every check passed). */
static int test_end(void)
{
	rm_rf(scratch);
	if (!failures)
		printf("UTEST PASS %s\n", test_name);
	return failures ? 1 : 0;
}

/* Write all of s to fd; the count written or -1. */
static inline ssize_t put(int fd, const char *s)
{
	return write(fd, s, strlen(s));
}

#endif
