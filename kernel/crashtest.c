/*
 * Deliberate crashes, so that the failure paths are tested like any other:
 * the command line `crash=KIND` makes a kernel thread crash once boot is
 * done. The harness checks that the report names the right cause, prints
 * registers and a symbolized backtrace, and that every other CPU reports in.
 *   crash=panic      panic()
 *   crash=pagefault  a write through a bad kernel pointer
 *   crash=overflow   unbounded recursion into the stack guard page
 *   crash=bug        BUG_ON() with the lockdep state printed
 */
#include "kernel/crashtest.h"
#include "kernel/cmdline.h"
#include "kernel/lib/string.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/spinlock.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

static char kind[16];
static volatile bool stop_recursion;	/* never set: keeps the compiler from proving the loop */
static DEFINE_SPINLOCK(crash_lock);

static __noinline int recurse(volatile char *prev, int depth)
{
	volatile char frame[256];

	if (stop_recursion)
		return 0;
	frame[0] = (char)depth;
	frame[255] = prev ? prev[0] : 0;
	return recurse(frame, depth + 1) + frame[0];
}

static int crash_thread(void *unused)
{
	printk("crashtest: %s\n", kind);
	if (!strcmp(kind, "panic"))
		panic("crash test requested on the command line");
	if (!strcmp(kind, "pagefault"))
		*(volatile unsigned long *)0xdead000 = 1;
	if (!strcmp(kind, "overflow"))
		recurse(NULL, 0);
	if (!strcmp(kind, "bug")) {
		spin_lock(&crash_lock);
		BUG_ON(kind[0] == 'b');
	}
	printk("crashtest: unknown kind '%s' (panic, pagefault, overflow, bug)\n", kind);
	return 0;
}

void crashtest_start(void)
{
	if (!cmdline_get("crash", kind, sizeof(kind)))
		return;
	if (!kthread_run(crash_thread, NULL, "crashtest"))
		pr_err("crashtest: cannot start\n");
}
