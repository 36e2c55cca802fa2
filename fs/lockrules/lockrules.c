/*
 * The lock-rule checker: compares the lock state a VFS call site describes
 * (struct lr_observed) with the operation's row in rules.def, reports a
 * mismatch through lockdep, and counts each distinct combination of states
 * it sees per operation for the LOCKRULE report (DESIGN.md's format).
 *
 * Layer above: the VFS wrappers (fs/vfs/ops.h) and tests. Layer below:
 * lockdep (lock_is_held_type(), lockdep_report()) and printk.
 *
 * Counting has to work in any context the operations are called in (IRQ
 * handlers, under spinlocks, in RCU-walk), so it takes no sleeping lock and
 * no lockdep-tracked lock: counters are atomics, and a new combination is
 * added under the stats' raw arch_spinlock_t with IRQs off. That lock is a
 * leaf: nothing is taken and nothing is reported while it is held.
 */
#include "fs/lockrules/lockrules.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/rwsem.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/seqlock.h"
#include "kernel/sched/preempt.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/printk.h"

/* How a row constrains in_atomic (rules.def explains each). */
enum lr_block {
	LRB_MAY_BLOCK,
	LRB_MAY_BLOCK_REF_WALK,
	LRB_MAY_BLOCK_IF_UNLOCKED,
	LRB_NO_BLOCK,
	LRB_ATOMIC,
};

/* One row of rules.def. */
struct lr_row {
	const char *name;		/* "inode.lookup" */
	const char *note;
	u8 block;			/* enum lr_block */
	u8 allow[LR_NR_LOCKS];		/* LRS_BIT() masks; 0: the row does not name it */
};

#define LR_STATE_BITS	3
#define LR_STATE_MASK	((1u << LR_STATE_BITS) - 1)
_Static_assert(LRS_NR_STATES <= (1 << LR_STATE_BITS), "a state must fit a combo key field");
_Static_assert(LR_NR_LOCKS * LR_STATE_BITS <= 64, "a combination must fit a u64 key");
_Static_assert(LRS_NR_STATES <= 8, "allow[] masks are u8");

/* R(lock, state...) -> [LR_lock] = LRS_BIT(LRS_state) | ... (1 to 4 states). */
#define LR_S(s)			LRS_BIT(LRS_##s)
#define LR_MASK1(a)		LR_S(a)
#define LR_MASK2(a, b)		(LR_S(a) | LR_S(b))
#define LR_MASK3(a, b, c)	(LR_MASK2(a, b) | LR_S(c))
#define LR_MASK4(a, b, c, d)	(LR_MASK2(a, b) | LR_MASK2(c, d))
#define LR_MASK_PICK(_1, _2, _3, _4, m, ...) m
#define LR_MASK(...) \
	LR_MASK_PICK(__VA_ARGS__, LR_MASK4, LR_MASK3, LR_MASK2, LR_MASK1, 0)(__VA_ARGS__)

#define R(lock, ...)	[LR_##lock] = LR_MASK(__VA_ARGS__)
#define LOCKRULE(table, op, block, note, ...)				\
	[LR_OP_##table##_##op] = { #table "." #op, note, LRB_##block, { __VA_ARGS__ } },

static const struct lr_row lr_rows[LR_NR_OPS] = {
#include "fs/lockrules/rules.def"
};

#undef LOCKRULE
#undef R

#define LR_NAME(x) [LR_##x] = #x
static const char *const lock_names[LR_NR_LOCKS] = {
	LR_NAME(rename_lock), LR_NAME(d_lock), LR_NAME(i_rwsem),
	LR_NAME(i_rwsem_victim), LR_NAME(s_vfs_rename_sem), LR_NAME(s_umount),
	LR_NAME(i_lock), LR_NAME(folio_lock), LR_NAME(invalidate_lock),
	LR_NAME(mmap_lock), LR_NAME(open_mutex), LR_NAME(flc_lock),
	LR_NAME(blocked_lock_lock), LR_NAME(in_atomic), LR_NAME(rcu_walk),
};
#undef LR_NAME

static const char *const state_names[LRS_NR_STATES] = {
	[LRS_none] = "none", [LRS_held] = "held", [LRS_shared] = "shared",
	[LRS_exclusive] = "exclusive", [LRS_read] = "read", [LRS_write] = "write",
};

/* The counts for real VFS calls: what lockrule_print_report() prints. */
static struct lockrule_stats lr_global;

/* Never acquired: lockdep says it is held only when it cannot answer. */
static struct lockdep_map lr_probe_map = LOCKDEP_MAP_INIT("lockrule_probe", LD_OTHER);

/* ---- names and rows ---------------------------------------------------- */

const char *lockrule_op_name(enum lr_op op)
{
	return (unsigned)op < LR_NR_OPS ? lr_rows[op].name : "?";
}

const char *lockrule_op_note(enum lr_op op)
{
	return (unsigned)op < LR_NR_OPS ? lr_rows[op].note : "";
}

const char *lr_lock_name(enum lr_lock l)
{
	return (unsigned)l < LR_NR_LOCKS ? lock_names[l] : "?";
}

const char *lr_state_name(enum lr_state s)
{
	return (unsigned)s < LRS_NR_STATES ? state_names[s] : "?";
}

/* Whether a row's combination records lock l: the locks it names, and
 * in_atomic, which every row constrains. */
static bool row_names(const struct lr_row *row, unsigned l)
{
	return row->allow[l] != 0 || l == LR_in_atomic;
}

static u32 row_locks(const struct lr_row *row)
{
	u32 mask = 0;

	for (unsigned l = 0; l < LR_NR_LOCKS; l++)
		if (row->allow[l])
			mask |= 1u << l;
	return mask;
}

u32 lockrule_row_locks(enum lr_op op)
{
	return (unsigned)op < LR_NR_OPS ? row_locks(&lr_rows[op]) : 0;
}

static unsigned block_allows(const struct lr_row *row)
{
	switch (row->block) {
	case LRB_MAY_BLOCK:
	case LRB_MAY_BLOCK_REF_WALK:
		return LRS_BIT(LRS_none);
	case LRB_ATOMIC:
		return LRS_BIT(LRS_held);
	default:
		return LRS_BIT(LRS_none) | LRS_BIT(LRS_held);
	}
}

/* Whether this is an allowed call in RCU-walk mode. */
static bool rcu_walk_call(const struct lr_row *row, const struct lr_observed *obs)
{
	return (row->allow[LR_rcu_walk] & LRS_BIT(LRS_held)) &&
	       obs->state[LR_rcu_walk] == LRS_held;
}

/* The in_atomic states the row allows for this call: RCU-walk runs under
 * rcu_read_lock(), so a call in RCU-walk must be atomic. */
static unsigned in_atomic_allows(const struct lr_row *row, const struct lr_observed *obs)
{
	if (rcu_walk_call(row, obs))
		return LRS_BIT(LRS_held);
	return block_allows(row);
}

unsigned lockrule_row_allows(enum lr_op op, enum lr_lock l)
{
	if ((unsigned)op >= LR_NR_OPS || (unsigned)l >= LR_NR_LOCKS)
		return 0;
	if (l == LR_in_atomic)
		return block_allows(&lr_rows[op]);
	return lr_rows[op].allow[l];
}

unsigned lockrule_ops_total(void)
{
	return LR_NR_OPS;
}

/* ---- state helpers ----------------------------------------------------- */

enum lr_state lr_rwsem_state(const struct rw_semaphore *sem)
{
	if (lock_is_held_type(&sem->dep_map, LOCK_WRITE))
		return LRS_exclusive;
	if (lock_is_held_type(&sem->dep_map, LOCK_READ))
		return LRS_shared;
	return LRS_none;
}

enum lr_state lr_rwsem_rw_state(const struct rw_semaphore *sem)
{
	switch (lr_rwsem_state(sem)) {
	case LRS_exclusive:
		return LRS_write;
	case LRS_shared:
		return LRS_read;
	default:
		return LRS_none;
	}
}

enum lr_state lr_spin_state(const struct spinlock *lock)
{
	return lock_is_held(&lock->dep_map) ? LRS_held : LRS_none;
}

enum lr_state lr_mutex_state(const struct mutex *m)
{
	return lock_is_held(&m->dep_map) ? LRS_held : LRS_none;
}

enum lr_state lr_seqcount_state(const struct seqcount *s, bool in_read_section)
{
	if (lock_is_held_type(&s->dep_map, LOCK_WRITE))
		return LRS_write;
	return in_read_section ? LRS_read : LRS_none;
}

bool lockrule_enabled(void)
{
	return !lock_is_held(&lr_probe_map);
}

/* ---- counting combinations --------------------------------------------- */

enum lr_seen { LR_SEEN, LR_NEW, LR_UNTRACKED };

static u64 combo_key(const struct lr_row *row, const struct lr_observed *obs)
{
	u64 key = 0;

	for (unsigned l = 0; l < LR_NR_LOCKS; l++)
		if (row_names(row, l))
			key |= (u64)obs->state[l] << (l * LR_STATE_BITS);
	return key;
}

static enum lr_state key_state(u64 key, unsigned l)
{
	return (enum lr_state)((key >> (l * LR_STATE_BITS)) & LR_STATE_MASK);
}

/* Finds key among the first nr combos and counts the call there. */
static bool count_existing(struct lr_op_stats *os, unsigned nr, u64 key)
{
	for (unsigned i = 0; i < nr; i++) {
		if (os->combo[i].key == key) {
			__atomic_fetch_add(&os->combo[i].calls, 1, __ATOMIC_RELAXED);
			return true;
		}
	}
	return false;
}

/* Counts one call of an operation in combination key. Lock-free when the
 * combination is known; adding one takes st->lock with IRQs off. */
static enum lr_seen count_combo(struct lockrule_stats *st, struct lr_op_stats *os, u64 key)
{
	enum lr_seen seen = LR_NEW;
	unsigned long flags;
	unsigned nr;

	if (count_existing(os, __atomic_load_n(&os->nr, __ATOMIC_ACQUIRE), key))
		return LR_SEEN;

	local_irq_save(flags);
	arch_spin_lock(&st->lock);
	nr = os->nr;
	if (count_existing(os, nr, key)) {
		seen = LR_SEEN;		/* another CPU added it meanwhile */
	} else if (nr == LR_MAX_COMBOS) {
		__atomic_fetch_add(&os->overflow, 1, __ATOMIC_RELAXED);
		seen = LR_UNTRACKED;
	} else {
		os->combo[nr].key = key;
		os->combo[nr].calls = 1;
		__atomic_store_n(&os->nr, nr + 1, __ATOMIC_RELEASE);
	}
	arch_spin_unlock(&st->lock);
	local_irq_restore(flags);
	return seen;
}

/* ---- checking ---------------------------------------------------------- */

/* "exclusive|none": the states in mask, in enum order. */
static void format_states(char *buf, size_t len, unsigned mask)
{
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned s = 0; s < LRS_NR_STATES && n < len; s++)
		if (mask & LRS_BIT(s))
			n += snprintf(buf + n, len - n, "%s%s", n ? "|" : "", state_names[s]);
}

static unsigned allows(const struct lr_row *row, const struct lr_observed *obs, unsigned l)
{
	return l == LR_in_atomic ? in_atomic_allows(row, obs) : row->allow[l];
}

/* The locks whose observed state the row does not allow (bit per lock). */
static u32 mismatches(const struct lr_row *row, const struct lr_observed *obs)
{
	u32 bad = 0;

	for (unsigned l = 0; l < LR_NR_LOCKS; l++)
		if (row_names(row, l) && !(allows(row, obs, l) & LRS_BIT(obs->state[l])))
			bad |= 1u << l;
	return bad;
}

/* One report per lock in bad. */
static void report_mismatches(const struct lr_row *row, const struct lr_observed *obs, u32 bad)
{
	char states[48];

	for (unsigned l = 0; l < LR_NR_LOCKS; l++) {
		if (!(bad & (1u << l)))
			continue;
		format_states(states, sizeof(states), allows(row, obs, l));
		lockdep_report("lock rule violation", "%s: %s is %s, the rule allows %s%s\n",
			       row->name, lock_names[l], state_names[obs->state[l]], states,
			       l == LR_in_atomic && rcu_walk_call(row, obs) ? " (in RCU-walk)" : "");
	}
}

/* The call site left out locks the row names, or gave a state that does
 * not exist: a bug in the wrapper. Reported once per operation. */
static unsigned site_bug(struct lockrule_stats *st, enum lr_op op, u32 missing, u32 invalid)
{
	char what[160];
	size_t n = 0;

	__atomic_fetch_add(&st->violations, 1, __ATOMIC_RELAXED);
	if (__atomic_exchange_n(&st->op[op].site_bug_reported, true, __ATOMIC_RELAXED))
		return 1;
	what[0] = '\0';
	for (unsigned l = 0; l < LR_NR_LOCKS && n < sizeof(what); l++)
		if ((missing | invalid) & (1u << l))
			n += snprintf(what + n, sizeof(what) - n, " %s%s", lock_names[l],
				      (invalid & (1u << l)) ? "(bad state)" : "");
	lockdep_report("lock rule call-site bug",
		       "%s: the call site gave no valid state for:%s\n", lr_rows[op].name, what);
	return 1;
}

/* Locks the row names whose state the call site gave but out of range. */
static u32 invalid_states(const struct lr_row *row, const struct lr_observed *obs)
{
	u32 bad = 0;

	for (unsigned l = 0; l < LR_NR_LOCKS; l++)
		if (row->allow[l] && obs->state[l] >= LRS_NR_STATES)
			bad |= 1u << l;
	return bad;
}

/* No libgcc here, so no __builtin_popcount(). */
static unsigned bit_count(u32 x)
{
	unsigned n = 0;

	for (; x; x &= x - 1)
		n++;
	return n;
}

static enum lr_state current_in_atomic(void)
{
	return (preempt_count() != 0 || irqs_disabled()) ? LRS_held : LRS_none;
}

unsigned lockrule_check_stats(struct lockrule_stats *st, enum lr_op op,
			      struct lr_observed *obs)
{
	const struct lr_row *row;
	u32 missing, invalid, bad;
	enum lr_seen seen;

	obs->state[LR_in_atomic] = (u8)current_in_atomic();
	obs->known |= 1u << LR_in_atomic;
	if ((unsigned)op >= LR_NR_OPS) {
		lockdep_report("lock rule call-site bug", "no operation number %d\n", (int)op);
		return 1;
	}
	row = &lr_rows[op];
	missing = row_locks(row) & ~obs->known;
	invalid = invalid_states(row, obs) & ~missing;
	if (missing || invalid)
		return site_bug(st, op, missing, invalid);
	if (!lockrule_enabled())
		return 0;

	seen = count_combo(st, &st->op[op], combo_key(row, obs));
	bad = mismatches(row, obs);
	if (!bad)
		return 0;
	__atomic_fetch_add(&st->violations, 1, __ATOMIC_RELAXED);
	if (seen != LR_SEEN)
		report_mismatches(row, obs, bad);
	return bit_count(bad);
}

void lockrule_check(enum lr_op op, struct lr_observed *obs)
{
	lockrule_check_stats(&lr_global, op, obs);
}

unsigned long lockrule_stats_violations(const struct lockrule_stats *st)
{
	return __atomic_load_n(&st->violations, __ATOMIC_RELAXED);
}

unsigned long lockrule_violations(void)
{
	return lockrule_stats_violations(&lr_global);
}

void lockrule_stats_reset(struct lockrule_stats *st)
{
	memset(st, 0, sizeof(*st));
}

/* ---- the report -------------------------------------------------------- */

/* Where report lines go: the console (buf == NULL) or a buffer. */
struct lr_out {
	char *buf;
	size_t len;
	size_t pos;			/* bytes written, not counting the NUL */
};

static void out_line(struct lr_out *o, const char *line)
{
	size_t n;

	if (!o->buf) {
		printk("%s\n", line);
		return;
	}
	if (o->len == 0)
		return;
	n = strlen(line);
	if (o->pos + n + 1 >= o->len)
		n = o->len - 1 - o->pos;	/* what fits before the NUL */
	memcpy(o->buf + o->pos, line, n);
	o->pos += n;
	if (o->pos + 1 < o->len)
		o->buf[o->pos++] = '\n';
	o->buf[o->pos] = '\0';
}

/* "LOCKRULE inode.lookup i_rwsem=shared in_atomic=none calls=3" */
static void combo_line(char *line, size_t len, const struct lr_row *row, u64 key,
		       unsigned long calls)
{
	size_t n = snprintf(line, len, "LOCKRULE %s", row->name);

	for (unsigned l = 0; l < LR_NR_LOCKS && n < len; l++)
		if (row_names(row, l))
			n += snprintf(line + n, len - n, " %s=%s", lock_names[l],
				      lr_state_name(key_state(key, l)));
	if (n < len)
		snprintf(line + n, len - n, " calls=%lu", calls);
}

/* The lines of one operation; returns whether it was called at all. */
static bool emit_op(struct lr_out *o, const struct lockrule_stats *st, unsigned op)
{
	const struct lr_op_stats *os = &st->op[op];
	unsigned nr = __atomic_load_n(&os->nr, __ATOMIC_ACQUIRE);
	unsigned long overflow = __atomic_load_n(&os->overflow, __ATOMIC_RELAXED);
	char line[256];

	for (unsigned i = 0; i < nr; i++) {
		unsigned long calls = __atomic_load_n(&os->combo[i].calls, __ATOMIC_RELAXED);

		combo_line(line, sizeof(line), &lr_rows[op], os->combo[i].key, calls);
		out_line(o, line);
	}
	if (overflow) {
		snprintf(line, sizeof(line), "lockrule: %s: %lu calls in further combinations (table full)",
			 lr_rows[op].name, overflow);
		out_line(o, line);
	}
	return nr > 0 || overflow > 0;
}

static void emit_report(struct lr_out *o, const struct lockrule_stats *st)
{
	unsigned ops = 0;
	char line[48];

	for (unsigned op = 0; op < LR_NR_OPS; op++)
		ops += emit_op(o, st, op);
	snprintf(line, sizeof(line), "LOCKRULE-END ops=%u", ops);
	out_line(o, line);
}

size_t lockrule_format_stats(const struct lockrule_stats *st, char *buf, size_t len)
{
	struct lr_out o = { .buf = buf, .len = len, .pos = 0 };

	if (len)
		buf[0] = '\0';
	emit_report(&o, st);
	return o.pos;
}

size_t lockrule_format_report(char *buf, size_t len)
{
	return lockrule_format_stats(&lr_global, buf, len);
}

void lockrule_print_report(void)
{
	struct lr_out o = { .buf = NULL };

	emit_report(&o, &lr_global);
}

unsigned lockrule_stats_ops_observed(const struct lockrule_stats *st)
{
	unsigned ops = 0;

	for (unsigned op = 0; op < LR_NR_OPS; op++)
		if (__atomic_load_n(&st->op[op].nr, __ATOMIC_ACQUIRE) ||
		    __atomic_load_n(&st->op[op].overflow, __ATOMIC_RELAXED))
			ops++;
	return ops;
}

unsigned lockrule_ops_observed(void)
{
	return lockrule_stats_ops_observed(&lr_global);
}
