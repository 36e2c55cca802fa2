/*
 * ktests of the process machinery that need no user program: the syscall
 * table, task references, and the wake-up rules signals rely on.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/user/syscalls.h"
#include "kernel/user/signal.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/errno.h"
#include "kernel/user/process.h"
#include "fs/initramfs.h"

KTEST(syscall_table_names_every_registered_number)
{
	unsigned n = 0;

	for (unsigned nr = 0; nr < NR_SYSCALLS; nr++) {
		if (!syscall_implemented(nr))
			continue;
		n++;
		KT_ASSERT(syscall_name(nr), "syscall %u is registered but has no Linux name", nr);
	}
	KT_ASSERT(n >= 30, "only %u syscalls registered", n);
	KT_ASSERT(syscall_implemented(__NR_fork) && syscall_implemented(__NR_execve) &&
		  syscall_implemented(__NR_wait4) && syscall_implemented(__NR_rt_sigaction),
		  "process syscalls missing");
	KT_ASSERT(!syscall_implemented(NR_SYSCALLS - 1), "number %d should be free", NR_SYSCALLS - 1);
	KT_ASSERT(syscall_name(__NR_read) && syscall_name(1000) == NULL, "name lookup");
}

static struct completion sleeper_ready;
static volatile int sleeper_woken;

static int uninterruptible_sleeper(void *arg)
{
	set_current_state(TASK_UNINTERRUPTIBLE);
	complete(&sleeper_ready);
	schedule();
	sleeper_woken = 1;
	return 0;
}

/* A signal's wake-up (TASK_INTERRUPTIBLE only) must not end an
 * uninterruptible sleep; wake_up_process() does. */
KTEST(wake_up_state_spares_uninterruptible_sleepers)
{
	struct task_struct *t;

	init_completion(&sleeper_ready);
	sleeper_woken = 0;
	t = kthread_create(uninterruptible_sleeper, NULL, "kt-sleeper");
	KT_ASSERT(t, "no task");
	get_task_struct(t);
	wake_up_process(t);
	wait_for_completion(&sleeper_ready);
	while (READ_ONCE(t->on_cpu) || READ_ONCE(t->state) == TASK_RUNNING)
		yield();
	KT_ASSERT_EQ(wake_up_state(t, TASK_INTERRUPTIBLE), 0);
	msleep(20);
	KT_ASSERT_EQ(sleeper_woken, 0);
	KT_ASSERT_EQ(wake_up_process(t), 1);
	while (!READ_ONCE(sleeper_woken))
		msleep(1);
	put_task_struct(t);
}

/* Signals to kernel threads are dropped: they have no user mode to run a
 * handler in, and must never see signal_pending(). */
KTEST(signals_to_kernel_threads_are_dropped)
{
	KT_ASSERT_EQ(send_signal(current, SIGTERM, SI_KERNEL), 0);
	KT_ASSERT(!signal_pending(current), "a kernel thread has a pending signal");
	KT_ASSERT_EQ(send_signal(current, 0, SI_KERNEL), -EINVAL);
	KT_ASSERT_EQ(send_signal(current, _NSIG + 1, SI_KERNEL), -EINVAL);
}

/* A process the kernel started (no parent, and no init in a ktest boot)
 * exits leaving a zombie child: the kernel reaps that child itself, after
 * dropping tasklist_lock (the last put of a task takes it). Both tasks are
 * gone afterwards. */
KTEST(orphaned_zombie_of_a_parentless_process_is_freed)
{
	char *const argv[] = { "forkexit", NULL };
	unsigned before;

	if (!initramfs_module())
		return;
	before = nr_tasks();
	for (int i = 0; i < 3; i++)
		KT_ASSERT_EQ(run_user_program("/bin/forkexit", argv), 0);
	for (int i = 0; i < 100 && nr_tasks() > before; i++)
		msleep(10);
	KT_ASSERT(nr_tasks() <= before, "%u tasks before, %u after", before, nr_tasks());
}
