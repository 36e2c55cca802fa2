/*
 * Tests for lockdep and lockstat. Each test provokes one kind of report on
 * purpose, between lockdep_expect_begin() and lockdep_expect_end(), and
 * checks that exactly the expected number fired. Every test uses locks of
 * its own, initialised in the test, so each gets classes of its own and the
 * order graph built by one test cannot change another's result.
 *
 * The tests are single-threaded: lockdep reports a possible deadlock from
 * the order in which one task takes locks, so no real deadlock is needed
 * (and none happens). Run them with the command line `ktest=lockdep`.
 *
 * Pattern: call lockdep_expect_end() before any assertion, so a failed
 * assertion never leaves the "expecting" window open.
 *
 * Built with CONFIG_LOCKDEP_OFF, lockdep does nothing and every test passes
 * at once (REQUIRE_LOCKDEP()).
 */
#include "kernel/ktest/ktest.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/internal.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sync/rcu.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/preempt.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/time.h"

#define REQUIRE_LOCKDEP() do { if (!LOCKDEP_ENABLED) return; } while (0)

/* Takes and releases a then b, recording the order a -> b. */
static void lock_pair(spinlock_t *a, spinlock_t *b)
{
	spin_lock(a);
	spin_lock(b);
	spin_unlock(b);
	spin_unlock(a);
}

/* Runs one spin_lock()/spin_unlock() as if inside a hardirq handler. */
static void lock_in_fake_hardirq(spinlock_t *l)
{
	unsigned long flags;

	local_irq_save(flags);
	preempt_count_add(HARDIRQ_OFFSET);
	lockdep_hardirq_enter();
	spin_lock(l);
	spin_unlock(l);
	lockdep_hardirq_exit();
	preempt_count_sub(HARDIRQ_OFFSET);
	local_irq_restore(flags);
}

/* Bare lockdep hooks, as a lock primitive calls them; the site is the caller. */
static __noinline void hook_acquire(struct lockdep_map *map, int read)
{
	lock_acquire(map, 0, 0, read, _RET_IP_);
}

static __noinline void hook_release(struct lockdep_map *map)
{
	lock_release(map, _RET_IP_);
}

KTEST(lockdep_abba_inversion)
{
	static spinlock_t ab_a, ab_b;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&ab_a);
	spin_lock_init(&ab_b);
	lockdep_expect_begin();
	lock_pair(&ab_a, &ab_b);
	lock_pair(&ab_b, &ab_a);	/* B then A: the reverse order */
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

KTEST(lockdep_inversion_reported_once)
{
	static spinlock_t once_a, once_b;
	unsigned first, second;

	REQUIRE_LOCKDEP();

	spin_lock_init(&once_a);
	spin_lock_init(&once_b);
	lock_pair(&once_a, &once_b);
	lockdep_expect_begin();
	lock_pair(&once_b, &once_a);
	first = lockdep_expect_end();
	lockdep_expect_begin();
	lock_pair(&once_b, &once_a);	/* the same inversion again: already told */
	second = lockdep_expect_end();
	KT_ASSERT_EQ(first, 1);
	KT_ASSERT_EQ(second, 0);
}

KTEST(lockdep_three_lock_cycle)
{
	static spinlock_t cyc_a, cyc_b, cyc_c;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&cyc_a);
	spin_lock_init(&cyc_b);
	spin_lock_init(&cyc_c);
	lockdep_expect_begin();
	lock_pair(&cyc_a, &cyc_b);
	lock_pair(&cyc_b, &cyc_c);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 0);		/* A -> B -> C is a fine order */

	lockdep_expect_begin();
	lock_pair(&cyc_c, &cyc_a);	/* C -> A closes the ring */
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

KTEST(lockdep_trylock_does_not_order)
{
	static spinlock_t try_a, try_b;
	bool got;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&try_a);
	spin_lock_init(&try_b);
	lock_pair(&try_a, &try_b);
	lockdep_expect_begin();
	spin_lock(&try_b);
	got = spin_trylock(&try_a);	/* B then A, but a trylock never waits */
	if (got)
		spin_unlock(&try_a);
	spin_unlock(&try_b);
	n = lockdep_expect_end();
	KT_ASSERT(got, "spin_trylock of a free lock failed");
	KT_ASSERT_EQ(n, 0);
}

/* Both instances get the class of this one init site. */
static void pair_lock_init(spinlock_t *rec_lock)
{
	spin_lock_init(rec_lock);
}

KTEST(lockdep_recursive_locking)
{
	static spinlock_t rec_1, rec_2;
	unsigned n;

	REQUIRE_LOCKDEP();

	pair_lock_init(&rec_1);
	pair_lock_init(&rec_2);
	lockdep_expect_begin();
	spin_lock(&rec_1);
	spin_lock(&rec_2);		/* same class, no nesting annotation */
	spin_unlock(&rec_2);
	spin_unlock(&rec_1);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

/* A second init site, so this test's class differs from the one above. */
static void nested_lock_init(spinlock_t *nest_lock)
{
	spin_lock_init(nest_lock);
}

KTEST(lockdep_nested_annotation)
{
	static spinlock_t parent, child;
	unsigned n;

	REQUIRE_LOCKDEP();

	nested_lock_init(&parent);
	nested_lock_init(&child);
	lockdep_expect_begin();
	spin_lock(&parent);
	spin_lock_nested(&child, 1);	/* subclass 1: a class of its own */
	spin_unlock(&child);
	spin_unlock(&parent);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 0);
}

KTEST(lockdep_read_recursion)
{
	static struct lockdep_map rr_sem = LOCKDEP_MAP_INIT("test_rr_sem", LD_RWSEM);
	static struct lockdep_map rr_rcu = LOCKDEP_MAP_INIT("test_rr_rcu", LD_RCU);
	unsigned reads, recursive;

	REQUIRE_LOCKDEP();

	lockdep_expect_begin();
	hook_acquire(&rr_rcu, LOCK_READ_RECURSIVE);
	hook_acquire(&rr_rcu, LOCK_READ_RECURSIVE);	/* rcu_read_lock() nesting */
	hook_release(&rr_rcu);
	hook_release(&rr_rcu);
	recursive = lockdep_expect_end();

	lockdep_expect_begin();
	hook_acquire(&rr_sem, LOCK_READ);
	hook_acquire(&rr_sem, LOCK_READ);		/* down_read() twice */
	hook_release(&rr_sem);
	hook_release(&rr_sem);
	reads = lockdep_expect_end();
	KT_ASSERT_EQ(recursive, 0);
	KT_ASSERT_EQ(reads, 1);
}

KTEST(lockdep_bad_unlock_balance)
{
	static spinlock_t bu_lock;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&bu_lock);
	lockdep_expect_begin();
	/* Only the lockdep hook: spin_unlock() would free a free lock. */
	hook_release(&bu_lock.dep_map);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

KTEST(lockdep_assert_held_fails)
{
	static spinlock_t ah_lock;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&ah_lock);
	lockdep_expect_begin();
	lockdep_assert_held(&ah_lock);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);

	spin_lock(&ah_lock);
	lockdep_expect_begin();
	lockdep_assert_held(&ah_lock);
	n = lockdep_expect_end();
	spin_unlock(&ah_lock);
	KT_ASSERT_EQ(n, 0);
}

KTEST(lockdep_assert_not_held_fails)
{
	static spinlock_t anh_lock;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&anh_lock);
	spin_lock(&anh_lock);
	lockdep_expect_begin();
	lockdep_assert_not_held(&anh_lock);
	n = lockdep_expect_end();
	spin_unlock(&anh_lock);
	KT_ASSERT_EQ(n, 1);
}

KTEST(lockdep_might_sleep_ok)
{
	unsigned n;

	REQUIRE_LOCKDEP();

	lockdep_expect_begin();
	might_sleep();			/* a kthread with nothing held may sleep */
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 0);
}

KTEST(lockdep_might_sleep_under_spinlock)
{
	static spinlock_t ms_lock;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&ms_lock);
	lockdep_expect_begin();
	spin_lock(&ms_lock);
	might_sleep();
	spin_unlock(&ms_lock);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

KTEST(lockdep_might_sleep_irqs_off)
{
	unsigned long flags;
	unsigned n;

	REQUIRE_LOCKDEP();

	lockdep_expect_begin();
	local_irq_save(flags);
	might_sleep();
	local_irq_restore(flags);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

KTEST(lockdep_might_sleep_in_rcu)
{
	unsigned n;

	REQUIRE_LOCKDEP();

	lockdep_expect_begin();
	rcu_read_lock();
	might_sleep();
	rcu_read_unlock();
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

KTEST(lockdep_irq_inconsistent)
{
	static spinlock_t irq_lock;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&irq_lock);
	lockdep_expect_begin();
	lock_in_fake_hardirq(&irq_lock);	/* {IN-HARDIRQ-W} */
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 0);

	lockdep_expect_begin();
	spin_lock(&irq_lock);			/* {HARDIRQ-ON-W}: IRQs are on */
	spin_unlock(&irq_lock);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
	KT_ASSERT(!irqs_disabled(), "IRQs left disabled");
}

/* The unsafe lock becomes HARDIRQ-unsafe after the edge was recorded. */
KTEST(lockdep_irq_safe_to_unsafe_later)
{
	static spinlock_t safe_a, unsafe_b;
	unsigned long flags;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&safe_a);
	spin_lock_init(&unsafe_b);
	lockdep_expect_begin();
	lock_in_fake_hardirq(&safe_a);
	local_irq_save(flags);
	lock_pair(&safe_a, &unsafe_b);		/* safe_a -> unsafe_b, IRQs off */
	local_irq_restore(flags);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 0);

	lockdep_expect_begin();
	spin_lock(&unsafe_b);			/* with IRQs on: unsafe now */
	spin_unlock(&unsafe_b);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

/* The edge is recorded after both usages were known. */
KTEST(lockdep_irq_safe_to_unsafe_edge)
{
	static spinlock_t safe_c, unsafe_d;
	unsigned long flags;
	unsigned n;

	REQUIRE_LOCKDEP();

	spin_lock_init(&safe_c);
	spin_lock_init(&unsafe_d);
	lock_in_fake_hardirq(&safe_c);
	spin_lock(&unsafe_d);
	spin_unlock(&unsafe_d);
	lockdep_expect_begin();
	local_irq_save(flags);
	lock_pair(&safe_c, &unsafe_d);
	local_irq_restore(flags);
	n = lockdep_expect_end();
	KT_ASSERT_EQ(n, 1);
}

KTEST(lockdep_is_held_and_depth)
{
	static spinlock_t dh_a, dh_b, dh_c;
	const struct held_lock *h = current->held_locks;
	int depth = lockdep_depth_current(), three, two;
	bool free_held, held, held_write, held_read, released_held, order_kept;

	REQUIRE_LOCKDEP();

	spin_lock_init(&dh_a);
	spin_lock_init(&dh_b);
	spin_lock_init(&dh_c);
	free_held = lock_is_held(&dh_a.dep_map);
	spin_lock(&dh_a);
	spin_lock(&dh_b);
	spin_lock(&dh_c);
	three = lockdep_depth_current() - depth;
	held = lock_is_held(&dh_b.dep_map);
	held_write = lock_is_held_type(&dh_b.dep_map, LOCK_WRITE);
	held_read = lock_is_held_type(&dh_b.dep_map, LOCK_READ);
	spin_unlock(&dh_b);			/* from the middle of the stack */
	released_held = lock_is_held(&dh_b.dep_map);
	two = lockdep_depth_current() - depth;
	order_kept = h[depth].instance == &dh_a.dep_map &&
		     h[depth + 1].instance == &dh_c.dep_map;
	spin_unlock(&dh_c);
	spin_unlock(&dh_a);

	KT_ASSERT(!free_held, "free lock reported held");
	KT_ASSERT_EQ(three, 3);
	KT_ASSERT(held, "held lock not reported held");
	KT_ASSERT(held_write, "spinlock not held for write");
	KT_ASSERT(!held_read, "spinlock held for read");
	KT_ASSERT(!released_held, "released lock reported held");
	KT_ASSERT_EQ(two, 2);
	KT_ASSERT(order_kept, "stack order lost around the removed entry");
	KT_ASSERT_EQ(lockdep_depth_current(), depth);
}

KTEST(lockdep_lockstat_counts)
{
	static spinlock_t st_lock;
	const struct lock_class *c;
	unsigned long before;

	REQUIRE_LOCKDEP();

	spin_lock_init(&st_lock);
	spin_lock(&st_lock);
	spin_unlock(&st_lock);
	c = st_lock.dep_map.class_cache[0];
	KT_ASSERT(c != NULL, "class not registered");
	before = c->acquisitions;
	for (int i = 0; i < 10; i++) {
		spin_lock(&st_lock);
		spin_unlock(&st_lock);
	}
	KT_ASSERT_EQ(c->acquisitions - before, 10);
}

KTEST(lockdep_lockstat_contention)
{
	static spinlock_t sc_lock;
	const struct lock_class *c;
	unsigned long contentions;
	u64 waited;

	REQUIRE_LOCKDEP();

	spin_lock_init(&sc_lock);
	spin_lock(&sc_lock);
	c = sc_lock.dep_map.class_cache[0];
	if (!c)
		spin_unlock(&sc_lock);
	KT_ASSERT(c != NULL, "class not registered");
	contentions = c->contentions;
	waited = c->wait_total_ns;
	/* Play a waiter: what a contended spin_lock() reports. */
	lock_contended(&sc_lock.dep_map, _THIS_IP_);
	udelay(100);
	lock_acquired(&sc_lock.dep_map, _THIS_IP_);
	spin_unlock(&sc_lock);
	KT_ASSERT_EQ(c->contentions - contentions, 1);
	KT_ASSERT(c->wait_total_ns - waited >= 50000, "waited %lu ns, expected about 100 us",
		  (unsigned long)(c->wait_total_ns - waited));
	KT_ASSERT(c->wait_max_ns >= c->wait_total_ns - waited, "max below the last wait");
}

KTEST(lockdep_other_reports)
{
	static spinlock_t or_lock;
	unsigned generic, left_held;

	REQUIRE_LOCKDEP();

	spin_lock_init(&or_lock);
	lockdep_expect_begin();
	lockdep_report("test report", "value=%d", 42);
	generic = lockdep_expect_end();

	spin_lock(&or_lock);
	lockdep_expect_begin();
	lockdep_assert_no_locks_held("the lockdep test");
	left_held = lockdep_expect_end();
	spin_unlock(&or_lock);
	KT_ASSERT_EQ(generic, 1);
	KT_ASSERT_EQ(left_held, 1);
}

KTEST(lockdep_class_listing)
{
	static spinlock_t cl_a, cl_b;
	const struct lock_class *a, *b;

	REQUIRE_LOCKDEP();

	spin_lock_init(&cl_a);
	spin_lock_init(&cl_b);
	lock_pair(&cl_a, &cl_b);
	a = cl_a.dep_map.class_cache[0];
	b = cl_b.dep_map.class_cache[0];
	KT_ASSERT(a && b, "classes not registered");
	KT_ASSERT_EQ(a->nr_after, 1);
	KT_ASSERT_EQ(b->nr_before, 1);
	lockdep_print_class_deps("&cl_a");
}
