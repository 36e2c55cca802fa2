/*
 * write() with pointers the kernel must refuse: unmapped, kernel-space and
 * straddling the end of a mapping. Each must fail with EFAULT. Exits 0
 * when every check passed, 1 otherwise (printing which one failed).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int failures;

static void expect_efault(const char *what, const void *buf, size_t len)
{
	errno = 0;
	ssize_t n = write(1, buf, len);

	if (n != -1 || errno != EFAULT) {
		printf("UTEST FAIL efault: %s: write returned %zd errno %d\n", what, n, errno);
		failures++;
	}
}

int main(void)
{
	expect_efault("NULL", NULL, 4);
	expect_efault("unmapped", (void *)0x10000000, 4);
	expect_efault("kernel address", (void *)0xffffffff80000000UL, 4);
	expect_efault("non-canonical", (void *)0x8000000000000000UL, 4);
	expect_efault("huge length", "x", (size_t)-1 / 2);
	if (!failures)
		printf("UTEST PASS efault\n");
	return failures ? 1 : 0;
}
