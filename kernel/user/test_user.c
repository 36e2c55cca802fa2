/*
 * Tests of user mode: the programs of user/ (packed into the initramfs as
 * /bin/...) run as processes, and the user-copy routines refuse bad
 * pointers. Each test runs its program with run_user_program_wait().
 * A kernel booted without the initramfs has no programs: those tests then
 * check nothing.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/user/process.h"
#include "kernel/user/uaccess.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/mutex.h"
#include "kernel/user/syscalls.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "mm/page_alloc.h"
#include "fs/initramfs.h"

#define NEED_PROGRAMS() do { if (!initramfs_module()) return; } while (0)

static bool contains(const char *hay, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(hay + i, needle, n))
			return true;
	return false;
}

KTEST(user_hello_prints_and_exits_0)
{
	static char out[256];
	struct user_wait uw = { .capture = out, .capture_size = sizeof(out) };
	char *const argv[] = { "hello", NULL };
	int status;

	NEED_PROGRAMS();
	status = run_user_program_wait("/bin/hello", argv, &uw);
	KT_ASSERT_EQ(status, W_EXITCODE(0, 0));
	KT_ASSERT(contains(out, uw.capture_len, "hello from user space\n"),
		  "output was %zu bytes: '%.*s'", uw.capture_len, (int)uw.capture_len, out);
	KT_ASSERT_EQ(uw.console_bytes, strlen("hello from user space\n"));
}

KTEST(user_null_dereference_is_killed)
{
	char *const argv[] = { "fault", NULL };
	unsigned long free_before;
	int status;

	NEED_PROGRAMS();
	free_before = nr_free_pages();
	status = run_user_program("/bin/fault", argv);
	KT_ASSERT_EQ(status, W_EXITCODE(0, SIGSEGV));
	/* Its pages and tables came back (the slab may keep a few pages). */
	KT_ASSERT(nr_free_pages() + 16 >= free_before, "free pages %lu, before %lu",
		  nr_free_pages(), free_before);
	/* The kernel still runs programs. */
	KT_ASSERT_EQ(run_user_program("/bin/hello", argv), W_EXITCODE(0, 0));
}

KTEST(user_bad_pointer_is_efault)
{
	char *const argv[] = { "efault", NULL };

	NEED_PROGRAMS();
	KT_ASSERT_EQ(run_user_program("/bin/utest-efault", argv), W_EXITCODE(0, 0));
}

KTEST(user_brk_grows_and_shrinks_the_heap)
{
	char *const argv[] = { "brk", NULL };

	NEED_PROGRAMS();
	KT_ASSERT_EQ(run_user_program("/bin/utest-brk", argv), W_EXITCODE(0, 0));
}

KTEST(user_unknown_syscall_is_enosys)
{
	char *const argv[] = { "enosys", NULL };

	NEED_PROGRAMS();
	KT_ASSERT_EQ(run_user_program("/bin/utest-enosys", argv), W_EXITCODE(0, 0));
}

KTEST(user_missing_or_bad_executable)
{
	char *const argv[] = { "x", NULL };

	NEED_PROGRAMS();
	KT_ASSERT_EQ(run_user_program("/bin/no-such-program", argv), -ENOENT);
	/* Not executable (mode 0644): EACCES, as Linux says before reading it. */
	KT_ASSERT_EQ(run_user_program("/etc/motd", argv), -EACCES);
}

KTEST(user_copy_rejects_kernel_and_unmapped_addresses)
{
	char buf[8];

	/* A kernel thread has no user half: every user address is unmapped. */
	KT_ASSERT_EQ(copy_from_user(buf, (void *)0x1000, sizeof(buf)), -EFAULT);
	KT_ASSERT_EQ(copy_to_user((void *)0x1000, buf, sizeof(buf)), -EFAULT);
	KT_ASSERT_EQ(copy_from_user(buf, (void *)buf, sizeof(buf)), -EFAULT);
	KT_ASSERT_EQ(copy_from_user(buf, (void *)0x00007ffffffffffcUL, sizeof(buf)), -EFAULT);
	KT_ASSERT_EQ(strncpy_from_user(buf, (void *)0x2000, sizeof(buf)), -EFAULT);
	KT_ASSERT_EQ(strncpy_from_user(buf, "kernel", sizeof(buf)), -EFAULT);
	KT_ASSERT_EQ(copy_from_user(buf, (void *)0x8000000000000000UL, 1), -EFAULT);
}

struct fpu_run {
	char arg[4];
	int status;
	struct completion done;
};

static int fpu_runner(void *data)
{
	struct fpu_run *r = data;
	char *const argv[] = { "fpu", r->arg, NULL };

	r->status = run_user_program("/bin/utest-fpu", argv);
	complete(&r->done);
	return 0;
}

/* Four processes use the SSE registers at once; each checks its sums. */
KTEST(user_fpu_state_is_per_process)
{
	static struct fpu_run runs[4];

	NEED_PROGRAMS();
	for (int i = 0; i < 4; i++) {
		runs[i].arg[0] = '1' + i;
		runs[i].arg[1] = 0;
		runs[i].status = -1;
		init_completion(&runs[i].done);
		KT_ASSERT(kthread_run(fpu_runner, &runs[i], "fpu-runner"), "no memory");
	}
	for (int i = 0; i < 4; i++)
		wait_for_completion(&runs[i].done);
	for (int i = 0; i < 4; i++)
		KT_ASSERT(runs[i].status == 0, "fpu %d: status %#x", i + 1, runs[i].status);
}

/* Going back to user space with a lock held or preemption off is a bug. */
KTEST(user_return_with_lock_or_preempt_off_is_reported)
{
	struct mutex m;
	unsigned held, atomic;

	mutex_init(&m);
	mutex_lock(&m);
	lockdep_expect_begin();
	exit_to_user_mode(NULL);
	local_irq_enable();
	held = lockdep_expect_end();
	mutex_unlock(&m);

	preempt_disable();
	lockdep_expect_begin();
	exit_to_user_mode(NULL);
	local_irq_enable();
	atomic = lockdep_expect_end();
	preempt_enable();
	KT_ASSERT_EQ(held, 1);
	KT_ASSERT_EQ(atomic, 1);
}
