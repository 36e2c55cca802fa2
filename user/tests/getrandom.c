/* getrandom: fills the buffer, two calls differ, the bytes are not
 * trivially biased, bad flags are EINVAL, a bad buffer is EFAULT. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fails;

#define CHECK(cond) do { if (!(cond)) { \
	printf("UTEST FAIL getrandom: line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
	fails++; } } while (0)

int main(void)
{
	static unsigned char a[4096], b[4096];
	unsigned ones = 0;

	CHECK(getrandom(a, sizeof(a), 0) == sizeof(a));
	CHECK(getrandom(b, sizeof(b), GRND_NONBLOCK) == sizeof(b));
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	for (size_t i = 0; i < sizeof(a); i++)
		ones += __builtin_popcount(a[i]);
	/* 32768 bits: expect 16384 ones, sigma 90. */
	CHECK(ones > 15800 && ones < 16900);
	CHECK(getrandom(a, 16, GRND_RANDOM) == 16);
	CHECK(getrandom(a, 16, GRND_RANDOM | GRND_NONBLOCK) == 16);
	CHECK(getrandom(a, 0, 0) == 0);
	CHECK(syscall(SYS_getrandom, a, 16, 0x40) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_getrandom, a, 16, 0x6) == -1 && errno == EINVAL);	/* INSECURE|RANDOM */
	CHECK(syscall(SYS_getrandom, (void *)8, 16, 0) == -1 && errno == EFAULT);
	CHECK(syscall(SYS_getrandom, (void *)0xffff800000000000UL, 16, 0) == -1 && errno == EFAULT);

	if (fails)
		return 1;
	printf("UTEST PASS getrandom\n");
	return 0;
}
