/*
 * What the benchmark programs of user/bench/ share. They are static musl
 * programs that run unchanged on Lockstep and on Linux (tools/bench boots
 * both in the same QEMU configuration and compares the lines below).
 *
 * Output, one line per result, on stdout:
 *   BENCH <metric> <value>          a number (the metric's name ends in its
 *                                   unit: _MBps, _ns_per_page, _us, ...)
 *   BENCH-NA <metric> <reason>      no number, and why (a missing device,
 *                                   a call that failed)
 *   BENCH-INFO <key> <text>         context (sizes, device names)
 * Nothing else a program prints is read by tools/bench.
 *
 * Timing is clock_gettime(CLOCK_MONOTONIC). A metric measured several
 * times reports the median of its rounds (bench_median) and, as
 * BENCH-INFO, every round.
 */
#ifndef BENCH_H
#define BENCH_H

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define BENCH_MIB	(1024 * 1024)
#define BENCH_MAX_ROUNDS 16

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static inline void bench_result(const char *metric, double value)
{
	printf("BENCH %s %.3f\n", metric, value);
	fflush(stdout);
}

/* "BENCH-NA metric reason": the metric has no number in this run. */
static inline void bench_na(const char *metric, const char *fmt, ...)
{
	va_list ap;

	printf("BENCH-NA %s ", metric);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static inline void bench_info(const char *key, const char *fmt, ...)
{
	va_list ap;

	printf("BENCH-INFO %s ", key);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* MB/s (10^6 bytes per second) for bytes moved in ns. */
static inline double bench_mbps(uint64_t bytes, uint64_t ns)
{
	return ns ? (double)bytes * 1000.0 / (double)ns : 0.0;
}

static int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of n values (sorts them in place). */
static inline double bench_median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Report a metric measured in n rounds: the rounds as BENCH-INFO, then the
 * median as the result. */
static inline void bench_rounds(const char *metric, double *v, int n)
{
	char line[BENCH_MAX_ROUNDS * 16] = "";
	size_t used = 0;

	for (int i = 0; i < n && used < sizeof(line); i++)
		used += snprintf(line + used, sizeof(line) - used, "%s%.3f", i ? " " : "", v[i]);
	bench_info(metric, "rounds %s", line);
	bench_result(metric, bench_median(v, n));
}

#endif
