/*
 * lockstat: how often each lock class is taken, how often a taker had to
 * wait, and for how long. The lock primitives call lock_contended() when
 * the fast path fails and lock_acquired() once they own the lock; the wait
 * is the time between the two. lock_acquire() (lockdep.c) counts the
 * acquisitions.
 *
 * The counters live in struct lock_class and are updated with relaxed
 * atomics, without lockdep_lock: they can be a little off while other CPUs
 * update them, but never corrupt.
 */
#include "kernel/sync/lockdep.h"
#include "kernel/sync/internal.h"
#include "kernel/sched/sched.h"
#include "kernel/printk.h"
#include "kernel/time.h"

/* The waiter's held-lock entry (pushed by lock_acquire()) notes when it
 * started to wait. */
void lock_contended(struct lockdep_map *map, unsigned long ip)
{
	struct task_struct *curr;
	struct held_lock *h;
	unsigned long flags;

	curr = lockdep_enter(&flags);
	if (!curr)
		return;
	h = lockdep_find_held(curr, map);
	if (h) {
		u64 now = ktime_get_ns();

		h->contended_at = now ? now : 1;	/* 0 means "did not wait" */
		__atomic_fetch_add(&h->class->contentions, 1, __ATOMIC_RELAXED);
	}
	lockdep_exit(curr, flags);
}

static void add_wait_time(struct lock_class *c, u64 ns)
{
	u64 max = __atomic_load_n(&c->wait_max_ns, __ATOMIC_RELAXED);

	__atomic_fetch_add(&c->wait_total_ns, ns, __ATOMIC_RELAXED);
	while (ns > max && !__atomic_compare_exchange_n(&c->wait_max_ns, &max, ns, false,
							__ATOMIC_RELAXED, __ATOMIC_RELAXED))
		;
}

void lock_acquired(struct lockdep_map *map, unsigned long ip)
{
	struct task_struct *curr;
	struct held_lock *h;
	unsigned long flags;

	curr = lockdep_enter(&flags);
	if (!curr)
		return;
	h = lockdep_find_held(curr, map);
	if (h && h->contended_at) {
		u64 now = ktime_get_ns();

		add_wait_time(h->class, now > h->contended_at ? now - h->contended_at : 0);
		h->contended_at = 0;
	}
	lockdep_exit(curr, flags);
}

/* One row of lockstat_print(), copied so sorting sees stable numbers. */
struct lockstat_row {
	const struct lock_class *class;
	unsigned long acquisitions, read_acquisitions, contentions;
	u64 wait_total_ns, wait_max_ns;
};

/* lockstat_print() is not reentrant: its table is static (no allocation). */
static arch_spinlock_t lockstat_print_lock = ARCH_SPIN_LOCK_UNLOCKED;
static struct lockstat_row rows[MAX_LOCKDEP_CLASSES];	/* lockstat_print_lock */

/* Most contended first, then most taken. */
static bool row_before(const struct lockstat_row *a, const struct lockstat_row *b)
{
	if (a->contentions != b->contentions)
		return a->contentions > b->contentions;
	return a->acquisitions > b->acquisitions;
}

/* Snapshots every class that was taken at least once into rows[], sorted
 * by insertion. Returns the number of rows. */
static unsigned collect_rows(void)
{
	unsigned n = lockdep_nr_classes(), nr = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct lock_class *c = &lock_classes[i];
		struct lockstat_row r = {
			.class = c,
			.acquisitions = __atomic_load_n(&c->acquisitions, __ATOMIC_RELAXED),
			.read_acquisitions = __atomic_load_n(&c->read_acquisitions, __ATOMIC_RELAXED),
			.contentions = __atomic_load_n(&c->contentions, __ATOMIC_RELAXED),
			.wait_total_ns = __atomic_load_n(&c->wait_total_ns, __ATOMIC_RELAXED),
			.wait_max_ns = __atomic_load_n(&c->wait_max_ns, __ATOMIC_RELAXED),
		};
		unsigned j;

		if (!r.acquisitions)
			continue;
		for (j = nr++; j > 0 && row_before(&r, &rows[j - 1]); j--)
			rows[j] = rows[j - 1];
		rows[j] = r;
	}
	return nr;
}

/*
 * Prints one line per class taken since boot (or lockstat_reset()):
 * "lockstat: <n> classes", a header, the rows, "lockstat: end". Columns:
 * class name, acquisitions (all), contentions, total and longest wait in
 * microseconds, and the read acquisitions among the acquisitions. May be
 * called from any task context; it does not sleep and takes no tracked lock.
 */
void lockstat_print(void)
{
	unsigned nr;

	if (!arch_spin_trylock(&lockstat_print_lock)) {
		pr_info("lockstat: busy (printed elsewhere right now)\n");
		return;
	}
	nr = collect_rows();
	pr_info("lockstat: %u classes\n", nr);
	pr_info("%-40s %12s %12s %14s %12s %12s\n", "class name", "acquisitions",
		"contentions", "wait-total-us", "wait-max-us", "read-acq");
	for (unsigned i = 0; i < nr; i++) {
		const struct lockstat_row *r = &rows[i];

		pr_info("%-40s %12lu %12lu %14lu %12lu %12lu\n", r->class->name,
			r->acquisitions, r->contentions, r->wait_total_ns / 1000,
			r->wait_max_ns / 1000, r->read_acquisitions);
	}
	pr_info("lockstat: end\n");
	arch_spin_unlock(&lockstat_print_lock);
}

/* Zeroes every class's counters, e.g. before a benchmark. */
void lockstat_reset(void)
{
	unsigned n = lockdep_nr_classes();

	for (unsigned i = 0; i < n; i++) {
		struct lock_class *c = &lock_classes[i];

		__atomic_store_n(&c->acquisitions, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&c->read_acquisitions, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&c->contentions, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&c->wait_total_ns, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&c->wait_max_ns, 0, __ATOMIC_RELAXED);
	}
}
