/*
 * The lock-rule checker: the seed's locking tables (Linux's
 * Documentation/filesystems/locking.rst) as data, checked at every call of
 * a VFS operation.
 *
 * Each operation (inode.lookup, super.drop_inode, ...) has one row in
 * fs/lockrules/rules.def saying, for each lock the seed names for it, which
 * states the caller may be in. The VFS never calls an operation directly:
 * it goes through a wrapper (fs/vfs/ops.h) that describes the caller's lock
 * state in a struct lr_observed and calls lockrule_check() just before the
 * call. lockrule_check() compares with the row, prints a lockdep report on
 * a mismatch (counted: make check fails), and counts each distinct observed
 * combination for the LOCKRULE report.
 */
#ifndef FS_LOCKRULES_LOCKRULES_H
#define FS_LOCKRULES_LOCKRULES_H

#include "kernel/types.h"
#include "kernel/sync/arch_spinlock.h"

/* The locks a row can name (DESIGN.md's <lock> list, same order). */
enum lr_lock {
	LR_rename_lock,
	LR_d_lock,
	LR_i_rwsem,		/* of the directory / inode the op is about */
	LR_i_rwsem_victim,	/* of the victim of unlink/rmdir/rename */
	LR_s_vfs_rename_sem,
	LR_s_umount,
	LR_i_lock,
	LR_folio_lock,
	LR_invalidate_lock,
	LR_mmap_lock,
	LR_open_mutex,
	LR_flc_lock,
	LR_blocked_lock_lock,
	LR_in_atomic,		/* sleeping forbidden: spinlock, IRQs off, irq, RCU walk */
	LR_rcu_walk,		/* called in RCU-walk mode */
	LR_NR_LOCKS
};

/* What state a lock is in (DESIGN.md's <state> list, same order). */
enum lr_state {
	LRS_none,
	LRS_held,
	LRS_shared,
	LRS_exclusive,
	LRS_read,
	LRS_write,
	LRS_NR_STATES
};
#define LRS_BIT(s) (1u << (s))

/* One id per operation, from rules.def: LR_OP_inode_lookup, ... */
enum lr_op {
#define LOCKRULE(table, op, ...) LR_OP_##table##_##op,
#include "fs/lockrules/rules.def"
#undef LOCKRULE
	LR_NR_OPS
};

/* The caller's lock state at one call. `known` has a bit per lock the call
 * site filled in; a lock the row names but the site did not fill is a bug
 * in the call site (reported). */
struct lr_observed {
	u32 known;			/* bit (1 << lr_lock) */
	u8 state[LR_NR_LOCKS];		/* enum lr_state */
};

static inline void lr_set(struct lr_observed *o, enum lr_lock l, enum lr_state s)
{
	o->known |= 1u << l;
	o->state[l] = (u8)s;
}

struct rw_semaphore;
struct spinlock;
struct mutex;
struct seqcount;
/* State helpers built on lockdep's view of the current task's held locks. */
enum lr_state lr_rwsem_state(const struct rw_semaphore *sem);	/* none/shared/exclusive */
enum lr_state lr_rwsem_rw_state(const struct rw_semaphore *sem);	/* none/read/write (s_umount, mmap_lock) */
enum lr_state lr_spin_state(const struct spinlock *lock);	/* none/held */
enum lr_state lr_mutex_state(const struct mutex *m);		/* none/held */
/* A seqlock's state (rename_lock: pass &rename_lock.seqcount): write when
 * the current task is inside a write section, else read when the caller
 * says it is inside a read_seqbegin() section (lockdep does not track
 * readers), else none. */
enum lr_state lr_seqcount_state(const struct seqcount *s, bool in_read_section);

/* Fill LR_in_atomic from preempt_count/IRQ state, then check and count.
 * A combination that breaks the row is reported the first time it is seen
 * (every such call counts in lockrule_violations()).
 * Any context (may be called with spinlocks held or in RCU-walk). */
void lockrule_check(enum lr_op op, struct lr_observed *obs);

/* The report, DESIGN.md's format: one "LOCKRULE <table>.<op> <lock>=<state>
 * ... calls=<n>" line per operation and distinct combination, then
 * "LOCKRULE-END ops=<n>". */
void lockrule_print_report(void);
/* Into a buffer (for /proc/lockrules); returns the length written. */
size_t lockrule_format_report(char *buf, size_t len);
unsigned long lockrule_violations(void);

/* Row lookup for tests and the gdb helper (lk-rules). */
const char *lockrule_op_name(enum lr_op op);	/* "inode.lookup" */
const char *lr_lock_name(enum lr_lock l);
const char *lr_state_name(enum lr_state s);
const char *lockrule_op_note(enum lr_op op);	/* the row's note */
/* The locks a row names, bit (1 << lr_lock), without LR_in_atomic, which
 * lockrule_check() fills itself: the bits a call site must set in `known`. */
u32 lockrule_row_locks(enum lr_op op);
/* The states the row allows for a lock: LRS_BIT() mask, 0 if not named.
 * For LR_in_atomic, the mask when the call is not in RCU-walk. */
unsigned lockrule_row_allows(enum lr_op op, enum lr_lock l);

/* Coverage of the report for real VFS calls: rows in rules.def, and rows
 * called at least once so far. */
unsigned lockrule_ops_total(void);
unsigned lockrule_ops_observed(void);

/* False while lockdep cannot answer "is this lock held" (built with
 * CONFIG_LOCKDEP_OFF, turned off after a full table, or before the first
 * task): lockrule_check() then checks and counts nothing but call-site
 * bugs, since the lr_*_state() helpers would only say "held". */
bool lockrule_enabled(void);

/*
 * A separate set of counters, for tests: lockrule_check_stats() checks like
 * lockrule_check() (same reports, counted by lockdep like any other) but
 * counts into `st` rather than into the report of real VFS calls, so tests
 * leave that report and lockrule_violations() untouched. A zeroed struct is
 * ready to use (static storage: it is large). The fields are private to
 * lockrules.c.
 */
#define LR_MAX_COMBOS	8		/* distinct combinations kept per operation */

struct lr_combo {
	u64 key;			/* the states, 3 bits per lock; set before nr covers it */
	unsigned long calls;		/* atomic */
};

struct lr_op_stats {
	unsigned nr;			/* combos in use; written under lock, read with acquire */
	bool site_bug_reported;		/* atomic exchange: one call-site report per op */
	unsigned long overflow;		/* atomic: calls whose combination did not fit */
	struct lr_combo combo[LR_MAX_COMBOS];
};

struct lockrule_stats {
	arch_spinlock_t lock;		/* raw, IRQs off: adding a combination; a leaf */
	unsigned long violations;	/* atomic: calls that broke their row */
	struct lr_op_stats op[LR_NR_OPS];
};

/* Returns the number of problems found in this call (0: it follows its
 * row). A combination is reported the first time it is seen in `st`. */
unsigned lockrule_check_stats(struct lockrule_stats *st, enum lr_op op,
			      struct lr_observed *obs);
size_t lockrule_format_stats(const struct lockrule_stats *st, char *buf, size_t len);
unsigned long lockrule_stats_violations(const struct lockrule_stats *st);
unsigned lockrule_stats_ops_observed(const struct lockrule_stats *st);
/* Only while no other CPU may count into st (tests). */
void lockrule_stats_reset(struct lockrule_stats *st);

#endif
