/*
 * lockdep's private parts, shared by lockdep.c (classes, held-lock stacks,
 * the order graph), lockdep_report.c (the reports) and lockstat.c (the
 * statistics). Nothing outside kernel/sync/ includes this, except the
 * lockdep tests and, later, /proc and the gdb helpers, which read the class
 * table.
 *
 * Storage is static: lockdep never allocates. When a table fills up lockdep
 * prints one report and turns itself off (lockdep_off()).
 */
#ifndef KERNEL_SYNC_INTERNAL_H
#define KERNEL_SYNC_INTERNAL_H

#include "kernel/types.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/arch_spinlock.h"

#define MAX_LOCKDEP_CLASSES	2048
#define MAX_LOCKDEP_EDGES	16384
#define CLASSHASH_SIZE		1024		/* power of two */
#define LOCK_CLASS_NAME_LEN	64
#define LOCKDEP_IRQ_NESTING	8		/* hardirq levels tracked per CPU */

/* Usage bits: in which interrupt state a class has been taken. */
enum lock_usage_bit {
	USAGE_IN_HARDIRQ,		/* taken inside a hardirq handler */
	USAGE_HARDIRQ_ON,		/* taken with hardirqs enabled */
	USAGE_HARDIRQ_OFF,		/* taken with hardirqs disabled */
	NR_LOCK_USAGE_BITS,
};

struct task_struct;
struct lock_class;

/*
 * One edge A -> B of the order graph: some task took B while holding A.
 * Edges are never removed. An edge is linked into two lists: A's "after"
 * list and B's "before" list. Written under lockdep_lock, then published
 * with a release store; readers may walk the lists without the lock.
 */
struct lock_edge {
	struct lock_class *from;	/* A: the lock that was held */
	struct lock_class *to;		/* B: the lock being taken */
	unsigned long from_ip;		/* where A was taken, when the edge was first seen */
	unsigned long to_ip;		/* where B was taken then */
	struct lock_edge *next_after;	/* next edge in from->after */
	struct lock_edge *next_before;	/* next edge in to->before */
	bool inversion;			/* a reported A -> B that would close a cycle:
					 * kept so it is reported once, never followed */
	bool irq_reported;		/* lockdep_lock: HARDIRQ-safe -> unsafe reported */
};

/*
 * A lock class: every lock initialised at one site (one lock_class_key), or
 * one static lock, together with a subclass. The identity fields are const
 * once the class is published in the hash table.
 */
struct lock_class {
	/* Identity; const after registration. */
	const void *key;			/* lock_class_key, or the static map */
	unsigned subclass;
	char name[LOCK_CLASS_NAME_LEN];		/* map name, "/N" for subclass N > 0 */
	const char *file;			/* first init site */
	int line;
	enum lock_kind kind;
	struct lock_class *hash_next;		/* lockdep_lock (readers: acquire loads) */

	/* IRQ usage; bits set under lockdep_lock, read without it. */
	unsigned usage_mask;			/* 1 << enum lock_usage_bit */
	unsigned long usage_ip[NR_LOCK_USAGE_BITS];	/* where each was first seen */
	bool usage_reported;			/* lockdep_lock: inconsistent state reported */

	/* The order graph; lockdep_lock to add, lock-free to read. */
	struct lock_edge *after;		/* edges this -> X */
	struct lock_edge *before;		/* edges X -> this */
	unsigned nr_after, nr_before;		/* edges that are not inversions */

	/* lockstat; atomic (relaxed), may be slightly off under races. */
	unsigned long acquisitions;		/* all, read ones included */
	unsigned long read_acquisitions;
	unsigned long contentions;
	u64 wait_total_ns;
	u64 wait_max_ns;
};

/* The class table, for lockstat and the printers. Entries [0, n) are valid,
 * where n = lockdep_nr_classes() (an acquire load). */
extern struct lock_class lock_classes[MAX_LOCKDEP_CLASSES];
unsigned lockdep_nr_classes(void);
unsigned lockdep_nr_edges(void);		/* including remembered inversions */

/* lockdep.c */
extern bool lockdep_disabled;		/* set once by lockdep_off() */
struct task_struct *lockdep_enter(unsigned long *flags);
void lockdep_exit(struct task_struct *curr, unsigned long flags);
bool lockdep_active(const struct task_struct *curr);
struct held_lock *lockdep_find_held(struct task_struct *curr, const struct lockdep_map *map);
void lockdep_off(const char *why);
const char *lock_mode_name(enum lock_kind kind, int read);

/* lockdep_report.c: each print_*() is one report (counted, see report_begin). */
unsigned long lockdep_report_begin(void);
void lockdep_report_end(unsigned long flags);
void lockdep_print_task_locks(struct task_struct *t);
void print_circular_bug(struct task_struct *curr, const struct held_lock *held,
			const struct held_lock *next, struct lock_edge **path, int len);
void print_deadlock_bug(struct task_struct *curr, const struct held_lock *held,
			const struct held_lock *next);
void print_unlock_imbalance_bug(struct task_struct *curr, const struct lockdep_map *map,
				unsigned long ip);
void print_usage_bug(struct task_struct *curr, const struct held_lock *next,
		     enum lock_usage_bit prev_bit, enum lock_usage_bit new_bit);
void print_bad_irq_dependency(struct task_struct *curr, const struct lock_edge *edge,
			      const struct held_lock *next);
void print_off_bug(const char *why);

/* For /proc and the monitor; lock-free readers of the class table. */
void lockdep_print_classes(void);
void lockdep_print_class_deps(const char *name);

#endif
