/* Clocks and sleeps: CLOCK_MONOTONIC never goes back; CLOCK_REALTIME is a
 * plausible date and agrees with gettimeofday and time; nanosleep and an
 * absolute clock_nanosleep sleep at least as long as asked (and not
 * absurdly longer); CPU time grows while the process computes; the
 * resolutions are sane; bad arguments are EINVAL/EFAULT. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/times.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

static int fails;

#define CHECK(cond) do { if (!(cond)) { \
	printf("UTEST FAIL clock: line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
	fails++; } } while (0)

static long long ns_of(clockid_t c)
{
	struct timespec ts;

	if (clock_gettime(c, &ts))
		return -1;
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	long long prev = ns_of(CLOCK_MONOTONIC), t0, t1;
	struct timespec ts, rem;
	struct timeval tv;
	struct rusage ru;
	struct tms tms;
	volatile unsigned long spin = 0;

	for (int i = 0; i < 20000; i++) {
		long long now = ns_of(CLOCK_MONOTONIC);

		if (now < prev) {
			printf("UTEST FAIL clock: monotonic went back %lld -> %lld\n", prev, now);
			return 1;
		}
		prev = now;
	}
	CHECK(ns_of(CLOCK_MONOTONIC_COARSE) <= ns_of(CLOCK_MONOTONIC));
	CHECK(ns_of(CLOCK_BOOTTIME) >= ns_of(CLOCK_MONOTONIC) - 1000000);
	/* Wall clock: after 2020-01-01, agreeing with time() and gettimeofday. */
	CHECK(ns_of(CLOCK_REALTIME) / 1000000000LL > 1577836800LL);
	CHECK(gettimeofday(&tv, NULL) == 0);
	CHECK(tv.tv_sec - ns_of(CLOCK_REALTIME) / 1000000000LL <= 1);
	CHECK(time(NULL) - tv.tv_sec <= 1 && time(NULL) >= tv.tv_sec);
	CHECK(ns_of(CLOCK_REALTIME_COARSE) <= ns_of(CLOCK_REALTIME));

	CHECK(clock_getres(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec > 0 &&
	      ts.tv_nsec <= 10000000);
	CHECK(clock_getres(CLOCK_MONOTONIC_COARSE, &ts) == 0 && ts.tv_nsec > 0);
	CHECK(syscall(SYS_clock_gettime, 12345, &ts) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)16) == -1 && errno == EFAULT);

	/* A 50 ms sleep lasts at least 50 ms, and well under a second. */
	t0 = ns_of(CLOCK_MONOTONIC);
	ts.tv_sec = 0;
	ts.tv_nsec = 50000000;
	CHECK(nanosleep(&ts, &rem) == 0);
	t1 = ns_of(CLOCK_MONOTONIC);
	CHECK(t1 - t0 >= 50000000 && t1 - t0 < 1000000000);
	/* An absolute sleep to now + 30 ms. */
	t0 = ns_of(CLOCK_MONOTONIC);
	ts.tv_sec = (t0 + 30000000) / 1000000000;
	ts.tv_nsec = (t0 + 30000000) % 1000000000;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == 0);
	t1 = ns_of(CLOCK_MONOTONIC);
	CHECK(t1 >= t0 + 30000000 && t1 - t0 < 1000000000);
	/* A deadline in the past returns at once. */
	ts.tv_sec = 0;
	ts.tv_nsec = 1;
	CHECK(clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == 0);
	ts.tv_nsec = 1000000000;
	CHECK(nanosleep(&ts, NULL) == -1 && errno == EINVAL);
	ts.tv_sec = -1;
	ts.tv_nsec = 0;
	CHECK(nanosleep(&ts, NULL) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_nanosleep, (void *)16, NULL) == -1 && errno == EFAULT);

	/* Compute for ~300 ms of wall time: CPU time must have grown. */
	t0 = ns_of(CLOCK_MONOTONIC);
	while (ns_of(CLOCK_MONOTONIC) - t0 < 300000000)
		for (int i = 0; i < 10000; i++)
			spin++;
	CHECK(ns_of(CLOCK_PROCESS_CPUTIME_ID) > 0);
	CHECK(ns_of(CLOCK_THREAD_CPUTIME_ID) > 0);
	CHECK(times(&tms) != (clock_t)-1 && tms.tms_utime + tms.tms_stime > 0);
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0 &&
	      ru.ru_utime.tv_sec * 1000000 + ru.ru_utime.tv_usec +
	      ru.ru_stime.tv_sec * 1000000 + ru.ru_stime.tv_usec > 0);
	CHECK(getrusage(5, &ru) == -1 && errno == EINVAL);

	if (fails)
		return 1;
	printf("UTEST PASS clock\n");
	return 0;
}
