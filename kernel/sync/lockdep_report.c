/*
 * lockdep's reports, and the checks that are reports and nothing else
 * (might_sleep(), failed assertions, reports from other subsystems).
 *
 * Every report starts with one machine-readable line, then a report in the
 * layout Linux uses, so that Linux's documentation and mailing-list threads
 * read the same as a report from this kernel:
 *
 *	lockdep: report #3 (expected)		(inside lockdep_expect_begin/end)
 *	lockdep: UNEXPECTED report #4		(anything else; fails a test run)
 *
 * Reports are printed under report_lock, a raw lock taken with IRQs off,
 * so two CPUs' reports never interleave. The lock order is lockdep_lock ->
 * report_lock -> printk's lock. A report may fire while lockdep_lock is held
 * (the graph must not change while a chain is printed).
 */
#include "kernel/sync/lockdep.h"
#include "kernel/sync/internal.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/preempt.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/percpu.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

#define MAX_EXPECT_NESTING 8

static arch_spinlock_t report_lock = ARCH_SPIN_LOCK_UNLOCKED;
static int report_owner = -1;		/* CPU inside a report; report_lock */
static unsigned report_nesting;		/* report_lock */
static unsigned long nr_reports;	/* report_lock */
static unsigned long nr_expected;	/* report_lock */

/* Tests run one at a time, so "expecting" is global, not per task. */
static unsigned expect_depth;				/* report_lock */
static unsigned long expect_start[MAX_EXPECT_NESTING];	/* report_lock */

/* Set once by lockdep_sched_ready(); until then might_sleep() is quiet. */
static bool might_sleep_enabled;

/* ---- report framing --------------------------------------------------- */

static void report_lock_acquire(void)
{
	int cpu = (int)smp_processor_id();

	/* A report from inside a report on this CPU must not deadlock. */
	if (READ_ONCE(report_owner) != cpu) {
		arch_spin_lock(&report_lock);
		WRITE_ONCE(report_owner, cpu);
	}
	report_nesting++;
}

static void report_lock_release(void)
{
	if (--report_nesting == 0) {
		WRITE_ONCE(report_owner, -1);
		arch_spin_unlock(&report_lock);
	}
}

/*
 * Starts a report: disables IRQs, takes report_lock, counts the report and
 * prints its first line. Returns the IRQ flags for lockdep_report_end().
 */
unsigned long lockdep_report_begin(void)
{
	struct task_struct *curr = current;
	unsigned long flags, n;

	local_irq_save(flags);
	if (curr)
		curr->lockdep_recursion++;
	report_lock_acquire();
	n = ++nr_reports;
	if (expect_depth) {
		nr_expected++;
		pr_err("lockdep: report #%lu (expected)\n", n);
	} else {
		pr_err("lockdep: UNEXPECTED report #%lu\n", n);
	}
	return flags;
}

void lockdep_report_end(unsigned long flags)
{
	struct task_struct *curr = current;

	pr_warn("\n");
	report_lock_release();
	if (curr)
		curr->lockdep_recursion--;
	local_irq_restore(flags);
}

/* "=====\ntitle\n-----", the rules as long as the title. */
static void print_banner(const char *title)
{
	char eq[80], dash[80];
	size_t n = MIN(strlen(title), sizeof(eq) - 1);

	memset(eq, '=', n);
	memset(dash, '-', n);
	eq[n] = dash[n] = '\0';
	pr_warn("\n%s\n%s\n%s\n", eq, title, dash);
}

/* " #0: <addr> (<class>){<mode>}, at: <site>" without the index. */
static void print_held_lock(const struct held_lock *h)
{
	pr_warn("%p (%s){%s}, at: %pS\n", (void *)h->instance, h->class->name,
		lock_mode_name(h->class->kind, h->read), (void *)h->acquire_ip);
}

void lockdep_print_task_locks(struct task_struct *t)
{
	int depth;

	if (!t) {
		pr_warn("no task yet: held locks are not tracked\n");
		return;
	}
	depth = MIN(READ_ONCE(t->lockdep_depth), MAX_LOCK_DEPTH);
	if (depth <= 0) {
		pr_warn("no locks held by %s/%d.\n", t->comm, t->pid);
		return;
	}
	pr_warn("%d lock%s held by %s/%d:\n", depth, depth > 1 ? "s" : "", t->comm, t->pid);
	for (int i = 0; i < depth; i++) {
		const struct held_lock *h = &t->held_locks[i];

		pr_warn(" #%d: %p (%s){%s}, at: %pS\n", i, (void *)h->instance,
			h->class->name, lock_mode_name(h->class->kind, h->read),
			(void *)h->acquire_ip);
	}
}

/* Safe in a panic: reads the stack, takes no lock. */
void lockdep_print_held_locks_current(void)
{
	lockdep_print_task_locks(current);
}

/* The end of most reports: held locks and where we are. */
static void print_locks_and_backtrace(void)
{
	struct task_struct *curr = current;

	pr_warn("\n");
	lockdep_print_task_locks(curr);
	pr_warn("\nstack backtrace:\n");
	pr_warn("CPU: %u PID: %d Comm: %s\n", smp_processor_id(),
		curr ? curr->pid : -1, curr ? curr->comm : "?");
	dump_stack();
}

/* The name lockdep knows a map by: its class's, or the map's own. */
static const char *map_name(const struct lockdep_map *map)
{
	const struct lock_class *c = __atomic_load_n(&map->class_cache[0], __ATOMIC_ACQUIRE);

	return c ? c->name : map->name;
}

/* ---- the graph and usage reports (called by lockdep.c) ---------------- */

/*
 * held (A) is held and next (B) is being taken, but path[0..len) already
 * leads B -> ... -> A. The report prints the chain backwards from A, each
 * edge with the two sites recorded when it was first seen.
 */
void print_circular_bug(struct task_struct *curr, const struct held_lock *held,
			const struct held_lock *next, struct lock_edge **path, int len)
{
	const char *a = held->class->name, *b = next->class->name;
	const char *parent = path[len - 1]->from->name;
	unsigned long flags = lockdep_report_begin();

	print_banner("WARNING: possible circular locking dependency detected");
	pr_warn("%s/%d is trying to acquire lock:\n", curr->comm, curr->pid);
	print_held_lock(next);
	pr_warn("\nbut task is already holding lock:\n");
	print_held_lock(held);
	pr_warn("\nwhich lock already depends on the new lock.\n\n");
	pr_warn("\nthe existing dependency chain (in reverse order) is:\n");
	for (int i = len - 1; i >= 0; i--) {
		const struct lock_edge *e = path[i];

		pr_warn("\n-> #%d (%s):\n", i + 1, e->to->name);
		pr_warn("       taken at: %pS\n", (void *)e->to_ip);
		pr_warn("       while holding (%s) taken at: %pS\n",
			e->from->name, (void *)e->from_ip);
	}
	pr_warn("\n-> #0 (%s):\n", b);
	pr_warn("       taken at: %pS\n", (void *)next->acquire_ip);
	pr_warn("       while holding (%s) taken at: %pS\n", a, (void *)held->acquire_ip);

	pr_warn("\nother info that might help us debug this:\n\n");
	if (path[len - 1]->from != next->class)
		pr_warn("Chain exists of:\n  %s --> %s --> %s\n\n", b, parent, a);
	pr_warn(" Possible unsafe locking scenario:\n\n");
	pr_warn("       CPU0                    CPU1\n");
	pr_warn("       ----                    ----\n");
	pr_warn("  lock(%s);\n", a);
	pr_warn("                               lock(%s);\n", parent);
	pr_warn("                               lock(%s);\n", a);
	pr_warn("  lock(%s);\n", b);
	pr_warn("\n *** DEADLOCK ***\n");
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

void print_deadlock_bug(struct task_struct *curr, const struct held_lock *held,
			const struct held_lock *next)
{
	unsigned long flags = lockdep_report_begin();

	print_banner("WARNING: possible recursive locking detected");
	pr_warn("%s/%d is trying to acquire lock:\n", curr->comm, curr->pid);
	print_held_lock(next);
	pr_warn("\nbut task is already holding lock:\n");
	print_held_lock(held);
	pr_warn("\nother info that might help us debug this:\n");
	pr_warn(" Possible unsafe locking scenario:\n\n");
	pr_warn("       CPU0\n");
	pr_warn("       ----\n");
	pr_warn("  lock(%s);\n", held->class->name);
	pr_warn("  lock(%s);\n", next->class->name);
	pr_warn("\n *** DEADLOCK ***\n\n");
	pr_warn(" May be due to missing lock nesting notation\n");
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

void print_unlock_imbalance_bug(struct task_struct *curr, const struct lockdep_map *map,
				unsigned long ip)
{
	unsigned long flags = lockdep_report_begin();

	print_banner("WARNING: bad unlock balance detected!");
	pr_warn("%s/%d is trying to release lock (%s) at:\n", curr->comm, curr->pid,
		map_name(map));
	pr_warn("%pS\n", (void *)ip);
	pr_warn("but there are no more locks to release!\n");
	pr_warn("\nother info that might help us debug this:\n");
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

static const char *usage_name(enum lock_usage_bit bit)
{
	switch (bit) {
	case USAGE_IN_HARDIRQ:	return "IN-HARDIRQ-W";
	case USAGE_HARDIRQ_ON:	return "HARDIRQ-ON-W";
	default:		return "HARDIRQ-OFF-W";
	}
}

/* "[HC1[1]:HE0]": in hardirq (and how deep), hardirqs enabled. */
static void print_irq_state(struct task_struct *curr, const struct held_lock *next,
			    const char *what)
{
	int hc = (preempt_count() & HARDIRQ_MASK) / HARDIRQ_OFFSET;

	pr_warn("%s/%d [HC%d[%d]:HE%d] %s\n", curr->comm, curr->pid, hc != 0, hc,
		!next->hardirqs_off, what);
}

/*
 * next's class was used with prev_bit and is now used with new_bit, one of
 * them inside a hardirq handler and the other with hardirqs enabled.
 */
void print_usage_bug(struct task_struct *curr, const struct held_lock *next,
		     enum lock_usage_bit prev_bit, enum lock_usage_bit new_bit)
{
	const struct lock_class *c = next->class;
	unsigned long flags = lockdep_report_begin();

	print_banner("WARNING: inconsistent lock state");
	pr_warn("inconsistent {%s} -> {%s} usage.\n", usage_name(prev_bit), usage_name(new_bit));
	print_irq_state(curr, next, "takes:");
	print_held_lock(next);
	pr_warn("{%s} state was registered at:\n  %pS\n", usage_name(prev_bit),
		(void *)c->usage_ip[prev_bit]);
	pr_warn("{%s} state is being registered now, at:\n  %pS\n", usage_name(new_bit),
		(void *)next->acquire_ip);
	pr_warn("\nother info that might help us debug this:\n");
	pr_warn(" Possible unsafe locking scenario:\n\n");
	pr_warn("       CPU0\n");
	pr_warn("       ----\n");
	pr_warn("  lock(%s);\n", c->name);
	pr_warn("  <Interrupt>\n");
	pr_warn("    lock(%s);\n", c->name);
	pr_warn("\n *** DEADLOCK ***\n");
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

/*
 * The edge A -> B joins a class used in hardirq handlers (A) to one taken
 * with hardirqs enabled (B). Found when the edge is added, or when A or B
 * gets that usage later; next is the acquisition that completed the picture.
 */
void print_bad_irq_dependency(struct task_struct *curr, const struct lock_edge *e,
			      const struct held_lock *next)
{
	const char *a = e->from->name, *b = e->to->name;
	unsigned long flags = lockdep_report_begin();

	print_banner("WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected");
	print_irq_state(curr, next, "is trying to acquire:");
	print_held_lock(next);
	pr_warn("\nwhich makes this lock dependency bad:\n (%s) -> (%s)\n", a, b);
	pr_warn("recorded when (%s) was taken at: %pS\n", b, (void *)e->to_ip);
	pr_warn("           while holding (%s) taken at: %pS\n", a, (void *)e->from_ip);
	pr_warn("\nthis dependency connects a HARDIRQ-irq-safe lock:\n (%s)\n", a);
	pr_warn("... which became HARDIRQ-irq-safe at:\n  %pS\n",
		(void *)e->from->usage_ip[USAGE_IN_HARDIRQ]);
	pr_warn("\nto a HARDIRQ-irq-unsafe lock:\n (%s)\n", b);
	pr_warn("... which became HARDIRQ-irq-unsafe at:\n  %pS\n",
		(void *)e->to->usage_ip[USAGE_HARDIRQ_ON]);
	pr_warn("\nother info that might help us debug this:\n\n");
	pr_warn(" Possible interrupt unsafe locking scenario:\n\n");
	pr_warn("       CPU0                    CPU1\n");
	pr_warn("       ----                    ----\n");
	pr_warn("  lock(%s);\n", b);
	pr_warn("                               local_irq_disable();\n");
	pr_warn("                               lock(%s);\n", a);
	pr_warn("                               lock(%s);\n", b);
	pr_warn("  <Interrupt>\n");
	pr_warn("    lock(%s);\n", a);
	pr_warn("\n *** DEADLOCK ***\n");
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

/* A table overflowed: lockdep has just turned itself off. */
void print_off_bug(const char *why)
{
	unsigned long flags = lockdep_report_begin();

	pr_warn("BUG: %s!\n", why);
	pr_warn("turning off the locking correctness validator.\n");
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

/* ---- checks that are reports only ------------------------------------ */

void lockdep_sched_ready(void)
{
	WRITE_ONCE(might_sleep_enabled, true);
}

/*
 * Sleeping is forbidden with preemption disabled (a spinlock held), with
 * IRQs off, in an interrupt, and inside an RCU read-side section. Checked
 * from the scheduler's first run on; any context.
 */
void __might_sleep(const char *file, int line)
{
	struct task_struct *curr = current;
	int count = preempt_count(), rcu;
	bool irqs_off = irqs_disabled();
	unsigned long flags;

	if (!LOCKDEP_ENABLED || !READ_ONCE(might_sleep_enabled) || !curr ||
	    panic_cpu >= 0 || curr->lockdep_recursion)
		return;
	rcu = curr->rcu_read_lock_nesting;
	if (count == 0 && !irqs_off && rcu <= 0)
		return;
	flags = lockdep_report_begin();
	pr_warn("BUG: sleeping function called from invalid context at %s:%d\n", file, line);
	pr_warn("in_atomic(): %d, irqs_disabled(): %d, in_interrupt(): %d, pid: %d, name: %s\n",
		count != 0, irqs_off, (count & (HARDIRQ_MASK | SOFTIRQ_MASK | NMI_OFFSET)) != 0,
		curr->pid, curr->comm);
	pr_warn("preempt_count: %x, expected: 0\n", count);
	pr_warn("RCU nest depth: %d, expected: 0\n", rcu);
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

/*
 * The lockdep_assert_*() macros call this when the held-lock stack says the
 * contract is broken. When lockdep cannot know (off, no task yet, panic),
 * lock_is_held() answers "held": lockdep_assert_not_held() would then fire
 * for nothing, so nothing is reported.
 */
void lockdep_assert_failed(const char *what, const struct lockdep_map *map,
			   const char *file, int line)
{
	unsigned long flags;

	if (!lockdep_active(current))
		return;
	flags = lockdep_report_begin();
	pr_warn("WARNING: lockdep assertion failed: %s for %s at %s:%d\n", what,
		map_name(map), file, line);
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

void lockdep_report(const char *title, const char *fmt, ...)
{
	char detail[256];
	unsigned long flags;
	va_list ap;
	size_t n;

	if (panic_cpu >= 0)
		return;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	n = strlen(detail);
	if (n && detail[n - 1] == '\n')
		detail[n - 1] = '\0';
	flags = lockdep_report_begin();
	pr_warn("BUG: %s\n", title);
	pr_warn("%s\n", detail);
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

void lockdep_assert_no_locks_held(const char *where)
{
	struct task_struct *curr = current;
	unsigned long flags;
	char title[80];

	if (!lockdep_active(curr) || !curr->lockdep_depth)
		return;
	snprintf(title, sizeof(title), "BUG: lock held when returning to %s", where);
	flags = lockdep_report_begin();
	print_banner(title);
	pr_warn("%s/%d is leaving with locks still held!\n", curr->comm, curr->pid);
	print_locks_and_backtrace();
	lockdep_report_end(flags);
}

/* ---- report accounting ------------------------------------------------ */

void lockdep_expect_begin(void)
{
	unsigned long flags;

	local_irq_save(flags);
	report_lock_acquire();
	if (expect_depth < MAX_EXPECT_NESTING)
		expect_start[expect_depth] = nr_reports;
	expect_depth++;
	report_lock_release();
	local_irq_restore(flags);
}

/* Returns how many reports fired since the matching lockdep_expect_begin(). */
unsigned lockdep_expect_end(void)
{
	unsigned long flags, n = 0;

	local_irq_save(flags);
	report_lock_acquire();
	if (expect_depth > 0) {
		expect_depth--;
		if (expect_depth < MAX_EXPECT_NESTING)
			n = nr_reports - expect_start[expect_depth];
	}
	report_lock_release();
	local_irq_restore(flags);
	return (unsigned)n;
}

unsigned long lockdep_report_count(void)
{
	return READ_ONCE(nr_reports);
}

unsigned long lockdep_unexpected_count(void)
{
	return READ_ONCE(nr_reports) - READ_ONCE(nr_expected);
}

void lockdep_print_summary(void)
{
	unsigned long flags, n, e;

	local_irq_save(flags);
	report_lock_acquire();
	n = nr_reports;
	e = nr_expected;
	report_lock_release();
	local_irq_restore(flags);
	pr_err("LOCKDEP-SUMMARY reports=%lu expected=%lu unexpected=%lu\n", n, e, n - e);
}

/* ---- the class table, for /proc, the monitor and gdb ------------------ */

/* "IN-HARDIRQ,HARDIRQ-ON" or "-". */
static void format_usage(const struct lock_class *c, char *buf, size_t len)
{
	static const char *const names[NR_LOCK_USAGE_BITS] = {
		[USAGE_IN_HARDIRQ] = "IN-HARDIRQ",
		[USAGE_HARDIRQ_ON] = "HARDIRQ-ON",
		[USAGE_HARDIRQ_OFF] = "HARDIRQ-OFF",
	};
	unsigned mask = READ_ONCE(c->usage_mask);
	size_t n = 0;

	buf[0] = '\0';
	for (int bit = 0; bit < NR_LOCK_USAGE_BITS; bit++)
		if (mask & (1u << bit))
			n += snprintf(buf + n, n < len ? len - n : 0, "%s%s",
				      n ? "," : "", names[bit]);
	if (!n)
		strlcpy(buf, "-", len);
}

/* One line per class: name, kind, init site, usage, edge counts. Lock-free. */
void lockdep_print_classes(void)
{
	unsigned n = lockdep_nr_classes();
	char usage[48];

	pr_info("lockdep: %u classes, %u dependencies%s\n", n, lockdep_nr_edges(),
		READ_ONCE(lockdep_disabled) ? " (validator off)" : "");
	for (unsigned i = 0; i < n; i++) {
		const struct lock_class *c = &lock_classes[i];

		format_usage(c, usage, sizeof(usage));
		pr_info("%-32s %-8s %s:%d usage={%s} before=%u after=%u\n", c->name,
			lock_mode_name(c->kind, 0), c->file ? c->file : "?", c->line,
			usage, READ_ONCE(c->nr_before), READ_ONCE(c->nr_after));
	}
	pr_info("lockdep: end\n");
}

static void print_edge(const char *dir, const struct lock_class *other,
		       const struct lock_edge *e)
{
	pr_info("  %s %-32s (%s) %pS, then (%s) %pS%s\n", dir, other->name,
		e->from->name, (void *)e->from_ip, e->to->name, (void *)e->to_ip,
		e->inversion ? "  [reported inversion, not followed]" : "");
}

/* Every class called name (each subclass is a class: "x" and "x/1"). */
void lockdep_print_class_deps(const char *name)
{
	unsigned n = lockdep_nr_classes(), found = 0;

	for (unsigned i = 0; i < n; i++) {
		const struct lock_class *c = &lock_classes[i];
		const struct lock_edge *e;

		if (strcmp(c->name, name))
			continue;
		found++;
		pr_info("class %s (%s, init at %s:%d)\n", c->name,
			lock_mode_name(c->kind, 0), c->file ? c->file : "?", c->line);
		pr_info(" taken after (%u):\n", READ_ONCE(c->nr_before));
		for (e = __atomic_load_n(&c->before, __ATOMIC_ACQUIRE); e; e = e->next_before)
			print_edge("after ", e->from, e);
		pr_info(" taken before (%u):\n", READ_ONCE(c->nr_after));
		for (e = __atomic_load_n(&c->after, __ATOMIC_ACQUIRE); e; e = e->next_after)
			print_edge("before", e->to, e);
	}
	if (!found)
		pr_info("lockdep: no class named %s\n", name);
}
