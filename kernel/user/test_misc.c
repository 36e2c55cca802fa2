/*
 * ktests of the credential, time, limit and small syscalls, through the
 * user programs of user/tests/ (each prints UTEST PASS/FAIL), and of the
 * wall clock's date arithmetic.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/user/process.h"
#include "kernel/user/syscalls.h"
#include "kernel/time/clock.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/printk.h"
#include "fs/initramfs.h"
#include "mm/slab.h"

#define OUT_SIZE	4096

/* Run /bin/utest-<name> with one extra argument; it must exit 0 and
 * print "UTEST PASS <name>". */
static void run_utest(struct ktest_ctx *__kt, const char *name, char *arg)
{
	char path[64], pass[64];
	char *argv[] = { path + 5, arg, NULL };	/* "utest-<name>" */
	struct user_wait uw = { 0 };
	int status;

	if (!initramfs_module())
		return;
	uw.capture = kzalloc(OUT_SIZE, GFP_KERNEL);
	uw.capture_size = OUT_SIZE - 1;
	KT_ASSERT(uw.capture, "no memory");
	snprintf(path, sizeof(path), "/bin/utest-%s", name);
	snprintf(pass, sizeof(pass), "UTEST PASS %s", name);
	status = run_user_program_wait(path, argv, &uw);
	uw.capture[uw.capture_len] = 0;
	KT_ASSERT(status == 0 && strstr(uw.capture, pass),
		  "%s: status %#x, output: %s", name, status, uw.capture);
	kfree(uw.capture);
}

KTEST(user_setid_rules)		{ run_utest(__kt, "setid", NULL); }
KTEST(user_clock_and_nanosleep)	{ run_utest(__kt, "clock", NULL); }
KTEST(user_sleep_interrupted_and_alarm) { run_utest(__kt, "sleep_intr", NULL); }
KTEST(user_getrandom)		{ run_utest(__kt, "getrandom", NULL); }
KTEST(user_rlimit)		{ run_utest(__kt, "rlimit", NULL); }
KTEST(user_misc_syscalls)	{ run_utest(__kt, "misc_sys", NULL); }

/* Needs open/read/readlink/getdents: checked once those exist. */
KTEST(user_proc_self)
{
	if (!syscall_implemented(__NR_open) && !syscall_implemented(__NR_openat)) {
		printk("user_proc_self: no open(2) yet: not run\n");
		return;
	}
	run_utest(__kt, "procself", "x");
}

KTEST(rtc_mktime_known_dates)
{
	KT_ASSERT_EQ(rtc_mktime(1970, 1, 1, 0, 0, 0), 0);
	KT_ASSERT_EQ(rtc_mktime(2000, 3, 1, 0, 0, 0), 951868800);
	KT_ASSERT_EQ(rtc_mktime(2024, 2, 29, 12, 34, 56), 1709210096);
	KT_ASSERT_EQ(rtc_mktime(2038, 1, 19, 3, 14, 8), 2147483648ULL);
}

KTEST(rtc_wall_clock_is_plausible)
{
	u64 a = ktime_get_real_ns(), b;

	KT_ASSERT(a / NSEC_PER_SEC > 1577836800ULL, "wall clock %llu s: before 2020",
		  (unsigned long long)(a / NSEC_PER_SEC));
	b = ktime_get_real_ns();
	KT_ASSERT(b >= a, "went back");
}
