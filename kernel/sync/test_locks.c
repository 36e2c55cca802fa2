/*
 * Lock primitives under contention on every CPU: each test runs threads on
 * all CPUs and checks the invariant the lock promises.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/rwsem.h"
#include "kernel/sync/seqlock.h"
#include "kernel/sync/completion.h"
#include "kernel/sched/sched.h"
#include "kernel/time.h"

#define THREADS_PER_CPU 2
#define ITERATIONS 2000

static unsigned nthreads(void)
{
	return nr_cpus_online * THREADS_PER_CPU;
}

/* --- spinlock: a plain counter ends exact ---------------------------- */

static DEFINE_SPINLOCK(counter_lock);
static unsigned long counter;			/* counter_lock */

static void spin_worker(void *arg, unsigned i)
{
	for (int n = 0; n < ITERATIONS; n++) {
		spin_lock(&counter_lock);
		unsigned long v = counter;	/* a non-atomic read-modify-write */
		if (n % 64 == 0)
			cpu_relax();
		counter = v + 1;
		spin_unlock(&counter_lock);
	}
}

KTEST(spinlock_counter_exact_on_all_cpus)
{
	counter = 0;
	KT_ASSERT_EQ(ktest_run_threads(spin_worker, NULL, nthreads()), 0);
	KT_ASSERT_EQ(counter, (unsigned long)nthreads() * ITERATIONS);
}

static void spin_irq_worker(void *arg, unsigned i)
{
	unsigned long flags;

	for (int n = 0; n < ITERATIONS; n++) {
		spin_lock_irqsave(&counter_lock, flags);
		counter++;
		spin_unlock_irqrestore(&counter_lock, flags);
	}
}

KTEST(spinlock_irqsave_counter_exact)
{
	counter = 0;
	KT_ASSERT_EQ(ktest_run_threads(spin_irq_worker, NULL, nthreads()), 0);
	KT_ASSERT_EQ(counter, (unsigned long)nthreads() * ITERATIONS);
	KT_ASSERT(!irqs_disabled(), "IRQs left disabled");
}

KTEST(spinlock_trylock)
{
	DEFINE_SPINLOCK(l);

	KT_ASSERT(spin_trylock(&l), "trylock of a free lock failed");
	KT_ASSERT(spin_is_locked(&l), "lock not marked held");
	KT_ASSERT(preempt_count() > 0, "preemption not disabled under a spinlock");
	spin_unlock(&l);
	KT_ASSERT(!spin_is_locked(&l), "lock still held");
	KT_ASSERT_EQ(preempt_count(), 0);
}

/* --- mutex: counter exact, and the holder may sleep ---------------------- */

static DEFINE_MUTEX(counter_mutex);

static void mutex_worker(void *arg, unsigned i)
{
	for (int n = 0; n < ITERATIONS / 4; n++) {
		mutex_lock(&counter_mutex);
		unsigned long v = counter;
		if (n % 100 == 0)
			yield();		/* sleeping while holding a mutex is fine */
		counter = v + 1;
		mutex_unlock(&counter_mutex);
	}
}

KTEST(mutex_counter_exact_on_all_cpus)
{
	counter = 0;
	KT_ASSERT_EQ(ktest_run_threads(mutex_worker, NULL, nthreads()), 0);
	KT_ASSERT_EQ(counter, (unsigned long)nthreads() * (ITERATIONS / 4));
	KT_ASSERT(!mutex_is_locked(&counter_mutex), "mutex left locked");
}

KTEST(mutex_trylock_fails_when_held)
{
	struct mutex m;

	mutex_init(&m);
	mutex_lock(&m);
	KT_ASSERT(mutex_is_locked(&m), "not locked");
	mutex_unlock(&m);
	KT_ASSERT(mutex_trylock(&m), "trylock of a free mutex failed");
	mutex_unlock(&m);
}

struct mutex_sleeper {
	struct mutex *m;
	struct completion started;
	volatile bool got_it;
};

static int mutex_sleeper_fn(void *p)
{
	struct mutex_sleeper *s = p;

	complete(&s->started);
	mutex_lock(s->m);
	s->got_it = true;
	mutex_unlock(s->m);
	return 0;
}

KTEST(mutex_waiter_sleeps_until_unlock)
{
	struct mutex m;
	struct mutex_sleeper s = { .m = &m };

	mutex_init(&m);
	init_completion(&s.started);
	mutex_lock(&m);
	KT_ASSERT(kthread_run(mutex_sleeper_fn, &s, "mutex-sleeper"), "no thread");
	wait_for_completion(&s.started);
	msleep(30);
	KT_ASSERT(!s.got_it, "waiter got the mutex while it was held");
	mutex_unlock(&m);
	for (int i = 0; i < 100 && !s.got_it; i++)
		msleep(10);
	KT_ASSERT(s.got_it, "waiter never got the mutex");
}

/* --- rwsem: readers overlap, a writer is alone ----------------------------- */

static DECLARE_RWSEM(test_rwsem);
static volatile int readers_inside, writers_inside, max_readers;
static volatile int rwsem_violations;

static void rwsem_worker(void *arg, unsigned i)
{
	for (int n = 0; n < 60; n++) {
		if ((i + n) % 4 == 0) {
			down_write(&test_rwsem);
			int w = __atomic_add_fetch(&writers_inside, 1, __ATOMIC_SEQ_CST);
			if (w != 1 || READ_ONCE(readers_inside) != 0)
				__atomic_fetch_add(&rwsem_violations, 1, __ATOMIC_SEQ_CST);
			udelay(20);
			__atomic_sub_fetch(&writers_inside, 1, __ATOMIC_SEQ_CST);
			up_write(&test_rwsem);
		} else {
			down_read(&test_rwsem);
			int r = __atomic_add_fetch(&readers_inside, 1, __ATOMIC_SEQ_CST);
			if (READ_ONCE(writers_inside) != 0)
				__atomic_fetch_add(&rwsem_violations, 1, __ATOMIC_SEQ_CST);
			if (r > max_readers)
				max_readers = r;
			udelay(50);
			__atomic_sub_fetch(&readers_inside, 1, __ATOMIC_SEQ_CST);
			up_read(&test_rwsem);
		}
	}
}

KTEST(rwsem_writers_alone_readers_together)
{
	readers_inside = writers_inside = max_readers = rwsem_violations = 0;
	KT_ASSERT_EQ(ktest_run_threads(rwsem_worker, NULL, nthreads()), 0);
	KT_ASSERT_EQ(rwsem_violations, 0);
	KT_ASSERT(!rwsem_is_locked(&test_rwsem), "rwsem left locked");
}

struct reader_pair {
	struct rw_semaphore *sem;
	struct completion in;
	struct completion leave;
};

static int hold_read_fn(void *p)
{
	struct reader_pair *r = p;

	down_read(r->sem);
	complete(&r->in);
	wait_for_completion(&r->leave);
	up_read(r->sem);
	return 0;
}

KTEST(rwsem_readers_share_and_block_writer)
{
	struct rw_semaphore sem;
	struct reader_pair r = { .sem = &sem };

	init_rwsem(&sem);
	init_completion(&r.in);
	init_completion(&r.leave);
	KT_ASSERT(kthread_run(hold_read_fn, &r, "reader"), "no thread");
	wait_for_completion(&r.in);
	KT_ASSERT(down_read_trylock(&sem), "second reader refused while a reader holds it");
	up_read(&sem);
	KT_ASSERT(!down_write_trylock(&sem), "writer admitted while a reader holds it");
	complete(&r.leave);
	down_write(&sem);
	KT_ASSERT_EQ(sem.count, -1);
	downgrade_write(&sem);
	KT_ASSERT_EQ(sem.count, 1);
	up_read(&sem);
	KT_ASSERT(!rwsem_is_locked(&sem), "left locked");
}

/* --- seqlock: readers retry across a writer and never see a torn pair ----- */

static DEFINE_SEQLOCK(pair_lock);
static volatile unsigned long pair_a, pair_b;	/* pair_lock: always equal */
static volatile bool writer_done;
static volatile unsigned long seq_retries, seq_torn;

static void seqlock_worker(void *arg, unsigned i)
{
	if (i == 0) {
		for (int n = 0; n < 3000; n++) {
			write_seqlock(&pair_lock);
			pair_a = n;
			cpu_relax();
			pair_b = n;
			write_sequnlock(&pair_lock);
		}
		writer_done = true;
		return;
	}
	while (!writer_done) {
		unsigned seq;
		unsigned long a, b;
		bool retried = false;

		do {
			if (retried)
				__atomic_fetch_add(&seq_retries, 1, __ATOMIC_RELAXED);
			seq = read_seqbegin(&pair_lock);
			a = pair_a;
			cpu_relax();
			b = pair_b;
			retried = true;
		} while (read_seqretry(&pair_lock, seq));
		if (a != b)
			__atomic_fetch_add(&seq_torn, 1, __ATOMIC_RELAXED);
	}
}

KTEST(seqlock_readers_retry_never_torn)
{
	writer_done = false;
	seq_retries = seq_torn = 0;
	KT_ASSERT_EQ(ktest_run_threads(seqlock_worker, NULL, MAX(nr_cpus_online, 2u)), 0);
	KT_ASSERT_EQ(seq_torn, 0);
	KT_ASSERT((pair_a == 2999 && pair_b == 2999), "final value %lu/%lu", pair_a, pair_b);
}

KTEST(seqlock_retry_detects_writer)
{
	seqlock_t sl;
	unsigned seq;

	seqlock_init(&sl);
	seq = read_seqbegin(&sl);
	KT_ASSERT(!read_seqretry(&sl, seq), "retry without a writer");
	write_seqlock(&sl);
	write_sequnlock(&sl);
	KT_ASSERT(read_seqretry(&sl, seq), "no retry after a writer");
}

/* --- completion and wait queues ----------------------------------------- */

static int completer_fn(void *p)
{
	msleep(20);
	complete(p);
	return 0;
}

KTEST(completion_wakes_waiter)
{
	struct completion c;

	init_completion(&c);
	KT_ASSERT(kthread_run(completer_fn, &c, "completer"), "no thread");
	wait_for_completion(&c);
	KT_ASSERT(!try_wait_for_completion(&c), "completion consumed twice");
	KT_ASSERT_EQ(wait_for_completion_timeout(&c, 2), 0);
	complete_all(&c);
	wait_for_completion(&c);
	wait_for_completion(&c);
	KT_ASSERT(completion_done(&c), "complete_all not sticky");
}

struct wq_test {
	struct wait_queue_head wq;
	volatile int flag;
	volatile int woken;
};

static void wq_waiter(void *p, unsigned i)
{
	struct wq_test *t = p;

	if (i == 0) {
		msleep(30);
		t->flag = 1;
		wake_up_all(&t->wq);
		return;
	}
	wait_event(t->wq, t->flag);
	__atomic_fetch_add(&t->woken, 1, __ATOMIC_SEQ_CST);
}

KTEST(waitqueue_wake_all_on_all_cpus)
{
	struct wq_test t = { 0 };

	init_waitqueue_head(&t.wq);
	KT_ASSERT_EQ(ktest_run_threads(wq_waiter, &t, nthreads()), 0);
	KT_ASSERT_EQ(t.woken, nthreads() - 1);
	KT_ASSERT(!waitqueue_active(&t.wq), "waiters left on the queue");
}

KTEST(wait_event_timeout_expires)
{
	struct wait_queue_head wq;
	u64 start = jiffies;

	init_waitqueue_head(&wq);
	long left = wait_event_timeout(wq, false, 5);
	KT_ASSERT_EQ(left, 0);
	KT_ASSERT(jiffies - start >= 5, "woke after %lu ticks", jiffies - start);
}
