/*
 * What the test programs of user/tests/ share: each check prints one line,
 * "UTEST PASS name" or "UTEST FAIL name: why", which /bin/utest and the
 * harness count. A program exits 1 if any of its checks failed.
 *
 *   CHECK(name, condition, "why %d", ...)   one check, with the reason
 *   utest_exit()                            the exit status to return
 */
#ifndef UTEST_H
#define UTEST_H

#include <errno.h>
#include <stdio.h>
#include <string.h>
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

#endif
