/*
 * lockdep: the lock validator's interface.
 *
 * Every lock embeds a struct lockdep_map naming its class. A class is
 * identified by a struct lock_class_key: one static key per lock-init site
 * (spin_lock_init() and friends declare it), or, for statically initialised
 * locks, the lock itself. The lock primitives report each acquisition and
 * release here; lockdep keeps a stack of held locks per task, builds the
 * order graph between classes, and prints a report the first time it sees
 * a possible deadlock. It also keeps per-class statistics (lockstat).
 */
#ifndef KERNEL_SYNC_LOCKDEP_H
#define KERNEL_SYNC_LOCKDEP_H

#include "kernel/types.h"
#include "kernel/compiler.h"

#define MAX_LOCK_DEPTH		48	/* held locks per task */
#define MAX_LOCKDEP_SUBCLASSES	8

struct lock_class_key {
	char unused;			/* only its address matters */
};

/* What kind of lock a map belongs to (for reports and the gdb helpers). */
enum lock_kind {
	LD_SPIN,			/* spinlock_t */
	LD_MUTEX,			/* struct mutex */
	LD_RWSEM,			/* struct rw_semaphore */
	LD_SEQLOCK,			/* seqlock_t / seqcount_t */
	LD_RCU,				/* rcu_read_lock() */
	LD_OTHER,			/* completion-like pseudo locks */
};

/* Embedded in every lock. All fields are set at init and read-only after,
 * except class_cache, which lockdep fills on first use (idempotent). */
struct lockdep_map {
	struct lock_class_key *key;	/* NULL: static lock, the map is the key */
	const char *name;		/* e.g. "&inode->i_rwsem" or "rename_lock" */
	const char *file;		/* init site */
	int line;
	enum lock_kind kind;
	struct lock_class *class_cache[MAX_LOCKDEP_SUBCLASSES];
};

/* Read modes passed to lock_acquire(). */
#define LOCK_WRITE		0	/* exclusive */
#define LOCK_READ		1	/* shared, e.g. down_read() */
#define LOCK_READ_RECURSIVE	2	/* shared and may recurse, e.g. rcu_read_lock() */

/* One entry of a task's held-lock stack. Owner task only. */
struct held_lock {
	struct lockdep_map *instance;	/* the lock */
	struct lock_class *class;	/* its class (with subclass) */
	unsigned long acquire_ip;	/* call site of the lock function */
	u64 contended_at;		/* ns timestamp of lock_contended(), 0 if none */
	u8 read;			/* LOCK_WRITE / LOCK_READ / LOCK_READ_RECURSIVE */
	u8 trylock;
	u8 subclass;
	u8 hardirqs_off;		/* IRQs were off when it was taken */
};

#define LOCKDEP_MAP_INIT(lockname, k) \
	{ .key = NULL, .name = (lockname), .file = __FILE__, .line = __LINE__, .kind = (k) }

#ifdef CONFIG_LOCKDEP_OFF
#define LOCKDEP_ENABLED 0
#else
#define LOCKDEP_ENABLED 1
#endif

void lockdep_init(void);
/* Called once the scheduler runs: might_sleep() checks start then. */
void lockdep_sched_ready(void);
void lockdep_init_map(struct lockdep_map *map, const char *name,
		      struct lock_class_key *key, const char *file, int line,
		      enum lock_kind kind);

/* The hooks the lock primitives call. ip is the caller's return address. */
void lock_acquire(struct lockdep_map *map, unsigned subclass, int trylock,
		  int read, unsigned long ip);
void lock_release(struct lockdep_map *map, unsigned long ip);
void lock_contended(struct lockdep_map *map, unsigned long ip);
void lock_acquired(struct lockdep_map *map, unsigned long ip);

/* Queries on the current task's held-lock stack. */
bool lock_is_held(const struct lockdep_map *map);
/* read: -1 any mode, LOCK_WRITE exclusive only, LOCK_READ shared only */
bool lock_is_held_type(const struct lockdep_map *map, int read);
int lockdep_depth_current(void);

/* Interrupt-state bookkeeping, called by the IRQ entry/exit code. */
void lockdep_hardirq_enter(void);
void lockdep_hardirq_exit(void);

/* Assertions: each prints a lockdep report (counted) when it fails. */
void lockdep_assert_failed(const char *what, const struct lockdep_map *map,
			   const char *file, int line);
#define lockdep_assert_held(l) do {					\
	if (!lock_is_held(&(l)->dep_map))				\
		lockdep_assert_failed("lock not held", &(l)->dep_map, __FILE__, __LINE__); \
} while (0)
#define lockdep_assert_held_write(l) do {				\
	if (!lock_is_held_type(&(l)->dep_map, LOCK_WRITE))		\
		lockdep_assert_failed("lock not held for write", &(l)->dep_map, __FILE__, __LINE__); \
} while (0)
#define lockdep_assert_held_read(l) do {				\
	if (!lock_is_held_type(&(l)->dep_map, LOCK_READ))		\
		lockdep_assert_failed("lock not held for read", &(l)->dep_map, __FILE__, __LINE__); \
} while (0)
#define lockdep_assert_not_held(l) do {					\
	if (lock_is_held(&(l)->dep_map))				\
		lockdep_assert_failed("lock held", &(l)->dep_map, __FILE__, __LINE__); \
} while (0)

/* might_sleep(): report if the caller is in a context that may not sleep
 * (preemption disabled / spinlock held, IRQs off, interrupt, RCU read side). */
void __might_sleep(const char *file, int line);
#define might_sleep() __might_sleep(__FILE__, __LINE__)

/* Called on return to a context where no lock may be held (e.g. a kthread
 * function returning). Reports every lock still held. */
void lockdep_assert_no_locks_held(const char *where);

/*
 * Report accounting. Every report increments lockdep_reports. Tests that
 * provoke a report on purpose wrap the provoking code in
 * lockdep_expect_begin()/lockdep_expect_end(), which returns how many reports
 * fired in between; those are counted as expected.
 */
void lockdep_expect_begin(void);
unsigned lockdep_expect_end(void);
unsigned long lockdep_report_count(void);
unsigned long lockdep_unexpected_count(void);
void lockdep_print_summary(void);	/* "LOCKDEP-SUMMARY reports=.. expected=.. unexpected=.." */

/*
 * A report from outside lockdep proper (e.g. the scheduler's "scheduling
 * while atomic"): prints "BUG: <title>", the formatted detail, the held
 * locks and a backtrace, and counts it like any lockdep report.
 */
void lockdep_report(const char *title, const char *fmt, ...) __printf(2, 3);

/* Lock statistics (lockstat). */
void lockstat_print(void);
void lockstat_reset(void);

/* Print the held locks of the current task (for reports and panics). */
void lockdep_print_held_locks_current(void);

#endif
