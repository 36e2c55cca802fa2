/* RCU: grace periods wait for readers; callbacks run after one. */
#include "kernel/ktest/ktest.h"
#include "kernel/sync/rcu.h"
#include "kernel/sync/completion.h"
#include "kernel/sched/sched.h"
#include "kernel/time.h"
#include "mm/slab.h"

struct rcu_reader {
	struct completion inside;
	volatile bool leave;
	volatile bool left;
};

static int rcu_reader_fn(void *p)
{
	struct rcu_reader *r = p;

	rcu_read_lock();
	complete(&r->inside);
	while (!r->leave)
		cpu_relax();
	r->left = true;
	rcu_read_unlock();
	return 0;
}

static int rcu_release_fn(void *p)
{
	msleep(50);
	((struct rcu_reader *)p)->leave = true;
	return 0;
}

KTEST(rcu_synchronize_waits_for_reader)
{
	struct rcu_reader r = { 0 };
	struct task_struct *reader, *releaser;

	if (nr_cpus_online < 2) {
		/* One CPU: a reader cannot be running while we wait. */
		synchronize_rcu();
		return;
	}
	init_completion(&r.inside);
	reader = kthread_create(rcu_reader_fn, &r, "rcu-reader");
	releaser = kthread_create(rcu_release_fn, &r, "rcu-release");
	KT_ASSERT(reader && releaser, "no thread");
	kthread_bind(reader, 1);
	kthread_bind(releaser, 0);
	wake_up_process(reader);
	wait_for_completion(&r.inside);
	wake_up_process(releaser);
	synchronize_rcu();
	KT_ASSERT(r.left, "grace period ended while a reader was inside");
}

struct rcu_obj {
	struct rcu_head rcu;
	int value;
};

static volatile int freed;

static void free_obj(struct rcu_head *h)
{
	kfree(container_of(h, struct rcu_obj, rcu));
	__atomic_fetch_add(&freed, 1, __ATOMIC_SEQ_CST);
}

KTEST(rcu_call_rcu_runs_callbacks)
{
	unsigned long gp = rcu_gp_completed();

	freed = 0;
	for (int i = 0; i < 10; i++) {
		struct rcu_obj *o = kmalloc(sizeof(*o), GFP_KERNEL);
		KT_ASSERT(o, "no memory");
		call_rcu(&o->rcu, free_obj);
	}
	rcu_barrier();
	KT_ASSERT_EQ(freed, 10);
	KT_ASSERT(rcu_gp_completed() > gp, "no grace period recorded");
}

static struct rcu_obj *shared_obj;	/* RCU-protected */
static volatile unsigned long rcu_bad_reads;

static void rcu_stress(void *arg, unsigned i)
{
	if (i == 0) {
		for (int n = 1; n <= 30; n++) {
			struct rcu_obj *o = kmalloc(sizeof(*o), GFP_KERNEL), *old;
			if (!o)
				continue;
			o->value = n;
			old = __atomic_exchange_n(&shared_obj, o, __ATOMIC_SEQ_CST);
			synchronize_rcu();
			if (old) {
				old->value = -1;	/* poison: a reader must never see it */
				kfree(old);
			}
		}
		return;
	}
	for (int n = 0; n < 3000; n++) {
		rcu_read_lock();
		struct rcu_obj *o = rcu_dereference(shared_obj);
		if (o && o->value <= 0)
			__atomic_fetch_add(&rcu_bad_reads, 1, __ATOMIC_RELAXED);
		rcu_read_unlock();
	}
}

KTEST(rcu_readers_never_see_freed_object)
{
	rcu_bad_reads = 0;
	KT_ASSERT_EQ(ktest_run_threads(rcu_stress, NULL, nr_cpus_online + 1), 0);
	KT_ASSERT_EQ(rcu_bad_reads, 0);
	struct rcu_obj *last = __atomic_exchange_n(&shared_obj, NULL, __ATOMIC_SEQ_CST);
	synchronize_rcu();
	kfree(last);
}
