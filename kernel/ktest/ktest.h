/*
 * ktest: in-kernel tests. Define one with
 *
 *	KTEST(buddy_merges_free_blocks)
 *	{
 *		KT_ASSERT(nr_free_pages() > 0, "no free pages");
 *		KT_ASSERT_EQ(a, b);
 *	}
 *
 * Tests run in a kernel thread (they may sleep) when the command line says
 * `ktest` (all) or `ktest=SUBSTRING` (matching names). Each prints
 * "KTEST PASS name" or "KTEST FAIL name: why"; the first failed assertion
 * ends the test. A test that provokes a lockdep report on purpose wraps the
 * provoking code in lockdep_expect_begin()/lockdep_expect_end().
 */
#ifndef KERNEL_KTEST_KTEST_H
#define KERNEL_KTEST_KTEST_H

#include "kernel/compiler.h"

struct ktest_ctx {
	bool failed;
	char why[160];
};

struct ktest {
	const char *name;
	void (*fn)(struct ktest_ctx *ctx);
	const char *file;
};

#define KTEST(tname)							\
	static void ktest_fn_##tname(struct ktest_ctx *__kt);		\
	static const struct ktest ktest_desc_##tname			\
		__section(".ktests") __used __aligned(8) = {		\
		.name = #tname, .fn = ktest_fn_##tname, .file = __FILE__ }; \
	static void ktest_fn_##tname(struct ktest_ctx *__kt)

void ktest_fail(struct ktest_ctx *ctx, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);

#define KT_ASSERT(cond, fmt, ...) do {					\
	if (!(cond)) {							\
		ktest_fail(__kt, __FILE__, __LINE__, fmt, ##__VA_ARGS__); \
		return;							\
	}								\
} while (0)
#define KT_ASSERT_EQ(a, b) do {						\
	long __a = (long)(a), __b = (long)(b);				\
	KT_ASSERT(__a == __b, "%s == %ld, expected %s == %ld", #a, __a, #b, __b); \
} while (0)
/* The test context, for helpers that report a failure themselves. */
#define KT_CTX __kt

/* Run the tests whose name contains filter ("" = all); prints the summary. */
void ktest_run_all(const char *filter);



/*
 * Run fn(arg, i) in nthreads kernel threads, thread i bound to CPU
 * i % nr_cpus_online, and wait for all of them. Returns 0, or -ENOMEM if a
 * thread could not be created (those created still run to completion).
 */
int ktest_run_threads(void (*fn)(void *arg, unsigned i), void *arg, unsigned nthreads);

#endif
