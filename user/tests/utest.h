/*
 * What the test programs of user/tests/ share: each check prints one line,
 * "UTEST PASS name" or "UTEST FAIL name: why", which /bin/utest and the
 * harness count. A program exits 1 if any of its checks failed.
 *
 *   CHECK(name, condition, "why %d", ...)   one check, with the reason
 *   utest_exit()                            the exit status to return
 *   utest_self(argv0, buf, size)            this program's path, to exec it
 *   utest_waitpid(pid, &status, flags, ms)  waitpid that gives up after ms
 *                                           (returns 0 then): a missing
 *                                           kernel feature fails, not hangs
 */
#ifndef UTEST_H
#define UTEST_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int utest_failures;

#define CHECK(name, cond, ...) do {						\
	if (cond) {								\
		printf("UTEST PASS %s\n", name);				\
	} else {								\
		printf("UTEST FAIL %s: ", name);				\
		printf(__VA_ARGS__);						\
		printf("\n");							\
		utest_failures++;						\
	}									\
	fflush(stdout);								\
} while (0)

static inline int utest_exit(void)
{
	return utest_failures ? 1 : 0;
}

/* /proc/self/exe if the kernel has it; else argv[0], found in /bin when
 * it has no '/' (as /bin/utest runs the tests). */
static inline void utest_self(const char *argv0, char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n > 0)
		buf[n] = 0;
	else if (strchr(argv0, '/'))
		snprintf(buf, size, "%s", argv0);
	else
		snprintf(buf, size, "/bin/%s", argv0);
}

static inline pid_t utest_waitpid(pid_t pid, int *status, int flags, int ms)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	for (int waited = 0; waited < ms; waited += 10) {
		pid_t got = waitpid(pid, status, flags | WNOHANG);

		if (got != 0)
			return got;
		nanosleep(&tick, NULL);
	}
	return 0;
}

#endif
