/*
 * The ktest runner. Tests live in the .ktests section (one struct ktest per
 * KTEST()); they run one after another in the calling thread. At the end it
 * prints "KTEST DONE passed=N failed=M", the lockdep summary, lock
 * statistics if the command line says `lockstat`, and leaves QEMU with
 * success only if every test passed and no unexpected report fired.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/cmdline.h"
#include "kernel/sync/lockdep.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/errno.h"
#include "fs/lockrules/lockrules.h"
#include "mm/slab.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"

extern const struct ktest __ktests_start[], __ktests_end[];

void ktest_fail(struct ktest_ctx *ctx, const char *file, int line, const char *fmt, ...)
{
	char msg[120];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctx->failed = true;
	snprintf(ctx->why, sizeof(ctx->why), "%s (%s:%d)", msg, file, line);
}

struct ktest_thread {
	void (*fn)(void *arg, unsigned i);
	void *arg;
	unsigned index;
	struct completion *done;
};

static int ktest_thread_fn(void *p)
{
	struct ktest_thread *t = p;

	t->fn(t->arg, t->index);
	complete(t->done);
	return 0;
}

int ktest_run_threads(void (*fn)(void *arg, unsigned i), void *arg, unsigned nthreads)
{
	struct ktest_thread *threads = kcalloc(nthreads, sizeof(*threads), GFP_KERNEL);
	struct completion done;
	unsigned started = 0;
	int ret = 0;

	if (!threads)
		return -ENOMEM;
	init_completion(&done);
	for (unsigned i = 0; i < nthreads; i++) {
		threads[i] = (struct ktest_thread){ fn, arg, i, &done };
		struct task_struct *t = kthread_create(ktest_thread_fn, &threads[i], "ktest-worker");
		if (!t) {
			ret = -ENOMEM;
			break;
		}
		kthread_bind(t, i % nr_cpus_online);
		wake_up_process(t);
		started++;
	}
	while (started--)
		wait_for_completion(&done);
	kfree(threads);
	return ret;
}

static bool run_one(const struct ktest *t)
{
	struct ktest_ctx ctx = { 0 };
	unsigned long reports = lockdep_unexpected_count();
	int depth = lockdep_depth_current();

	t->fn(&ctx);
	if (!ctx.failed && lockdep_depth_current() != depth)
		snprintf(ctx.why, sizeof(ctx.why), "returned holding %d lock(s)",
			 lockdep_depth_current() - depth), ctx.failed = true;
	if (!ctx.failed && lockdep_unexpected_count() != reports)
		snprintf(ctx.why, sizeof(ctx.why), "unexpected lockdep report"), ctx.failed = true;
	if (ctx.failed)
		printk("KTEST FAIL %s: %s\n", t->name, ctx.why);
	else
		printk("KTEST PASS %s\n", t->name);
	return !ctx.failed;
}

void ktest_run_all(const char *filter)
{
	unsigned passed = 0, failed = 0;
	u64 start = ktime_get_ns();

	for (const struct ktest *t = __ktests_start; t < __ktests_end; t++) {
		if (filter && *filter && !strstr(t->name, filter))
			continue;
		if (run_one(t))
			passed++;
		else
			failed++;
	}
	printk("KTEST DONE passed=%u failed=%u in %lu ms\n", passed, failed,
	       (ktime_get_ns() - start) / NSEC_PER_MSEC);
	lockdep_print_summary();
	if (cmdline_get("lockrules", NULL, 0))
		lockrule_print_report();
	if (cmdline_get("lockstat", NULL, 0))
		lockstat_print();
	qemu_exit(failed || lockdep_unexpected_count() ? 1 : 0);
}
