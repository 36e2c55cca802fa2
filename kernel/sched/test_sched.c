/* Scheduler: threads run on every CPU, preemption, sleep, exit. */
#include "kernel/ktest/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/time.h"

static volatile u64 cpu_seen;

static void note_cpu(void *arg, unsigned i)
{
	__atomic_fetch_or(&cpu_seen, 1UL << smp_processor_id(), __ATOMIC_SEQ_CST);
}

KTEST(sched_threads_run_on_every_cpu)
{
	cpu_seen = 0;
	KT_ASSERT_EQ(ktest_run_threads(note_cpu, NULL, nr_cpus_online), 0);
	KT_ASSERT_EQ(cpu_seen, (1UL << nr_cpus_online) - 1);
}

static volatile bool spin_stop;
static volatile unsigned long spinner_progress[2];

static int spinner(void *arg)
{
	unsigned long idx = (unsigned long)arg;

	while (!spin_stop)
		spinner_progress[idx]++;	/* never sleeps: only the tick preempts it */
	return 0;
}

KTEST(sched_tick_preempts_busy_threads)
{
	struct task_struct *a = kthread_create(spinner, (void *)0, "spinner0");
	struct task_struct *b = kthread_create(spinner, (void *)1, "spinner1");

	KT_ASSERT(a && b, "no thread");
	spin_stop = false;
	spinner_progress[0] = spinner_progress[1] = 0;
	kthread_bind(a, 0);
	kthread_bind(b, 0);		/* both on one CPU: they must take turns */
	wake_up_process(a);
	wake_up_process(b);
	msleep(300);
	spin_stop = true;
	msleep(50);
	KT_ASSERT(spinner_progress[0] > 0 && spinner_progress[1] > 0,
		  "a busy thread starved the other (%lu, %lu)", spinner_progress[0], spinner_progress[1]);
}

KTEST(sched_msleep_sleeps_long_enough)
{
	u64 t0 = ktime_get_ns(), j0 = jiffies;

	msleep(100);
	u64 ms = (ktime_get_ns() - t0) / NSEC_PER_MSEC;
	KT_ASSERT(ms >= 90, "msleep(100) returned after %lu ms", ms);
	KT_ASSERT(jiffies - j0 >= 10, "only %lu ticks passed", jiffies - j0);
}

static int exit_with(void *arg)
{
	complete(arg);
	return 7;
}

KTEST(sched_exited_threads_are_freed)
{
	unsigned before = nr_tasks();
	struct completion done;

	init_completion(&done);
	for (int i = 0; i < 50; i++) {
		KT_ASSERT(kthread_run(exit_with, &done, "short-lived"), "no thread");
		wait_for_completion(&done);
	}
	for (int i = 0; i < 50 && nr_tasks() > before; i++)
		msleep(10);
	/* Threads of earlier tests may still be exiting: never more than before. */
	KT_ASSERT(nr_tasks() <= before, "%u tasks, %u before", nr_tasks(), before);
}

KTEST(sched_preempt_count_nests)
{
	int base = preempt_count();

	preempt_disable();
	preempt_disable();
	KT_ASSERT_EQ(preempt_count(), base + 2);
	preempt_enable();
	preempt_enable();
	KT_ASSERT_EQ(preempt_count(), base);
}

static int yielder(void *arg)
{
	for (int i = 0; i < 100; i++)
		yield();
	complete(arg);
	return 0;
}

KTEST(sched_many_threads_yielding)
{
	struct completion done;
	int n = 4 * nr_cpus_online;

	init_completion(&done);
	for (int i = 0; i < n; i++)
		KT_ASSERT(kthread_run(yielder, &done, "yielder"), "no thread");
	for (int i = 0; i < n; i++)
		KT_ASSERT(wait_for_completion_timeout(&done, 10 * HZ), "yielders stuck");
}

/* A task preempted between marking itself dead and its final schedule()
 * is still on the run queue and must not be freed by the next task. */
static int dies_then_preempted(void *arg)
{
	preempt_disable();
	set_current_state(TASK_DEAD);
	preempt_enable_no_resched();
	yield();			/* the preemption path: stays queued */
	__set_current_state(TASK_RUNNING);
	complete(arg);			/* still alive: its memory was kept */
	return 0;
}

KTEST(sched_regression_dead_task_preempted_before_final_switch)
{
	struct completion done;

	init_completion(&done);
	for (int i = 0; i < 20; i++) {
		KT_ASSERT(kthread_run(dies_then_preempted, &done, "preempted-dead"), "no thread");
		KT_ASSERT(wait_for_completion_timeout(&done, 5 * HZ), "thread %d never came back", i);
	}
}
