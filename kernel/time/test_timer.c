/* Timers and the clock. */
#include "kernel/ktest/ktest.h"
#include "kernel/time/timer.h"
#include "kernel/sched/sched.h"
#include "kernel/time.h"

static volatile u64 fired_at;
static volatile int fired_cpu;

static void record_fire(struct timer_list *t)
{
	fired_at = jiffies;
	fired_cpu = smp_processor_id();
}

KTEST(timer_fires_after_expiry_on_arming_cpu)
{
	struct timer_list t;
	int cpu;

	fired_at = 0;
	preempt_disable();
	cpu = smp_processor_id();
	timer_setup(&t, record_fire, jiffies + 5);
	add_timer(&t);
	preempt_enable();
	u64 armed = jiffies;
	msleep(200);
	KT_ASSERT(fired_at, "timer never fired");
	KT_ASSERT(fired_at >= armed + 4, "fired early: at %lu, armed %lu", fired_at, armed);
	KT_ASSERT_EQ(fired_cpu, cpu);
	KT_ASSERT(!del_timer(&t), "fired timer still pending");
}

KTEST(timer_del_before_expiry_cancels)
{
	struct timer_list t;

	fired_at = 0;
	timer_setup(&t, record_fire, jiffies + 20);
	add_timer(&t);
	KT_ASSERT(del_timer_sync(&t), "pending timer not found");
	msleep(300);
	KT_ASSERT_EQ(fired_at, 0);
}

KTEST(clock_monotonic_and_ticking)
{
	u64 a = ktime_get_ns(), j = jiffies;

	mdelay(30);
	u64 b = ktime_get_ns();
	KT_ASSERT(b > a, "clock went backwards");
	KT_ASSERT((b - a) / NSEC_PER_MSEC >= 29, "mdelay(30) took %lu ms", (b - a) / NSEC_PER_MSEC);
	msleep(50);
	KT_ASSERT(jiffies > j, "jiffies not advancing");
	KT_ASSERT(tsc_khz > 0, "TSC not calibrated");
}
