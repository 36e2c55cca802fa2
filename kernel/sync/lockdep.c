/*
 * lockdep: the lock validator.
 *
 * Where it sits: every lock primitive (spinlock.c, mutex.c, rwsem.c, rcu.c,
 * ...) calls lock_acquire() before it takes a lock and lock_release() when it
 * drops it. Below lockdep there is only the raw arch_spinlock_t, printk
 * (which uses a raw lock too) and the backtrace code, so lockdep never calls
 * anything that would call back into it.
 *
 * What it keeps, in three parts:
 *
 * 1. Classes. Locks are grouped into classes: every lock initialised at one
 *    spin_lock_init() call site shares that site's static lock_class_key,
 *    and a statically defined lock is a class of its own. Rules are about
 *    classes, not instances: "i_rwsem before i_lock" holds for every inode.
 *    A subclass (spin_lock_nested() and friends) splits a class in up to
 *    MAX_LOCKDEP_SUBCLASSES, for two locks of one class taken in a fixed
 *    order (parent before child).
 *
 * 2. Held-lock stacks. Every task records the locks it holds, in order, with
 *    the call site of each acquisition (task_struct.held_locks). They answer
 *    lock_is_held() for the assertions, give the "N locks held" list of every
 *    report, and are the input of the order graph.
 *
 * 3. The order graph. When a task takes B while holding A, lockdep records
 *    the edge A -> B ("B is taken after A"). A deadlock between tasks is a
 *    cycle: task 1 holds A and waits for B, task 2 holds B and waits for A
 *    (or a longer ring through more locks and tasks). So before adding
 *    A -> B, lockdep searches the graph for a path B -> ... -> A. If there is
 *    one, the new edge would close a cycle and lockdep reports the chain.
 *
 *    This finds deadlocks that did not happen. The edges may come from
 *    different tasks at different times, and none of those runs had to hang:
 *    one run that takes A then B and another that takes B then A prove that
 *    an unlucky interleaving of the two can deadlock, even if the test never
 *    hit that interleaving. And because the graph is over classes, the two
 *    runs need not even use the same lock instances.
 *
 * The same bookkeeping catches a task taking a lock class it already holds
 * (recursive locking), releasing a lock it does not hold, and a class used
 * both inside hardirq handlers and with hardirqs enabled (the handler can
 * interrupt the holder on its own CPU and spin forever).
 *
 * Locking: the graph and the class table are written under lockdep_lock, a
 * raw arch spinlock taken with IRQs off. They only ever grow, and each new
 * class or edge is fully written before it is published with a release
 * store, so the frequent question "is edge A -> B known already?" is answered
 * without the lock; lockdep_lock is taken only when something new is seen.
 * A held-lock stack belongs to its task (and to the interrupt handlers that
 * run on top of it); lockdep changes it with IRQs off. While lockdep runs,
 * current->lockdep_recursion is raised and every hook returns at once, so a
 * report that prints through a console lock cannot recurse.
 *
 * Unlike Linux, lockdep keeps running after a report, so that a test can
 * provoke a report on purpose and go on. Reports and their accounting are
 * in lockdep_report.c; lock statistics in lockstat.c.
 */
#include "kernel/sync/lockdep.h"
#include "kernel/sync/internal.h"
#include "kernel/sync/arch_spinlock.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/preempt.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/percpu.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

/* Raw, IRQs off: the class hash and table, the edges, usage bits, the BFS. */
static arch_spinlock_t lockdep_lock = ARCH_SPIN_LOCK_UNLOCKED;

struct lock_class lock_classes[MAX_LOCKDEP_CLASSES];	/* lockdep_lock to add */
static unsigned nr_classes;				/* lockdep_lock; readers: acquire */
static struct lock_class *classhash[CLASSHASH_SIZE];	/* lockdep_lock; readers: acquire */
static struct lock_edge lock_edges[MAX_LOCKDEP_EDGES];	/* lockdep_lock */
static unsigned nr_edges;				/* lockdep_lock */

/* Set once by lockdep_off() (or at build time); never cleared. */
bool lockdep_disabled = !LOCKDEP_ENABLED;

/*
 * Hardirq nesting per CPU. A handler runs on top of the interrupted task and
 * pushes its locks on that task's stack; irq_base[cpu][level] is the stack
 * depth when that level began. Only locks above it belong to the handler's
 * context, so only they give order edges to the handler's locks (the handler
 * does not wait while "holding" the task's locks). Owner CPU, IRQs off.
 */
static int irq_level[MAX_CPUS];
static int irq_base[MAX_CPUS][LOCKDEP_IRQ_NESTING];

/*
 * Locks a CPU took before it had a current task were never recorded. When
 * such a lock is released after the CPU got its first task (sched_init()
 * may run under a lock), the release finds nothing; this count keeps that
 * from being a "bad unlock". Owner CPU, early boot only.
 */
static int untracked_boot_locks[MAX_CPUS];

/* ---- entry, exit and small helpers ---------------------------------- */

/*
 * Every hook starts here: returns the current task with IRQs off and
 * lockdep_recursion raised, or NULL if lockdep must stay out of the way
 * (turned off, a panic in progress, no task yet, or lockdep itself running).
 */
struct task_struct *lockdep_enter(unsigned long *flags)
{
	struct task_struct *curr;

	if (READ_ONCE(lockdep_disabled) || panic_cpu >= 0)
		return NULL;
	local_irq_save(*flags);
	curr = current;
	if (!curr || curr->lockdep_recursion) {
		local_irq_restore(*flags);
		return NULL;
	}
	curr->lockdep_recursion++;
	return curr;
}

void lockdep_exit(struct task_struct *curr, unsigned long flags)
{
	curr->lockdep_recursion--;
	local_irq_restore(flags);
}

/* Whether queries can be answered: if not, they say "yes, held" and
 * lockdep_assert_failed() stays quiet. */
bool lockdep_active(const struct task_struct *curr)
{
	return curr && !READ_ONCE(lockdep_disabled) && panic_cpu < 0;
}

unsigned lockdep_nr_classes(void)
{
	return __atomic_load_n(&nr_classes, __ATOMIC_ACQUIRE);
}

unsigned lockdep_nr_edges(void)
{
	return __atomic_load_n(&nr_edges, __ATOMIC_ACQUIRE);
}

/* Turns lockdep off for good, with one report saying why. Any context. */
void lockdep_off(const char *why)
{
	if (__atomic_exchange_n(&lockdep_disabled, true, __ATOMIC_SEQ_CST))
		return;
	print_off_bug(why);
}

/* The mode shown in held-lock lists: {spin}, {rwsem-read}, ... */
const char *lock_mode_name(enum lock_kind kind, int read)
{
	switch (kind) {
	case LD_SPIN:		return "spin";
	case LD_MUTEX:		return "mutex";
	case LD_RWSEM:		return read ? "rwsem-read" : "rwsem-write";
	case LD_SEQLOCK:	return "seqlock";
	case LD_RCU:		return "rcu";
	default:		return "other";
	}
}

/* The most recent entry of curr's stack for map, or NULL. IRQs off. */
struct held_lock *lockdep_find_held(struct task_struct *curr, const struct lockdep_map *map)
{
	for (int i = curr->lockdep_depth - 1; i >= 0; i--)
		if (curr->held_locks[i].instance == map)
			return &curr->held_locks[i];
	return NULL;
}

/* ---- classes --------------------------------------------------------- */

void lockdep_init(void)
{
	/* All state is static and starts zeroed; nothing to set up. */
	pr_info("lockdep: lock validator: %u classes, %u dependencies, %u held locks per task\n",
		MAX_LOCKDEP_CLASSES, MAX_LOCKDEP_EDGES, MAX_LOCK_DEPTH);
}

/* Called by every lock's init function. The class is looked up on first use. */
void lockdep_init_map(struct lockdep_map *map, const char *name,
		      struct lock_class_key *key, const char *file, int line,
		      enum lock_kind kind)
{
	map->key = key;
	map->name = name ? name : "(unnamed)";
	map->file = file;
	map->line = line;
	map->kind = kind;
	for (int i = 0; i < MAX_LOCKDEP_SUBCLASSES; i++)
		map->class_cache[i] = NULL;
}

/* A static lock has no key: its own map, which lives forever, is the key. */
static const void *map_key(const struct lockdep_map *map)
{
	return map->key ? (const void *)map->key : (const void *)map;
}

static unsigned class_hash(const void *key, unsigned subclass)
{
	unsigned long k = (unsigned long)key * 0x9e3779b97f4a7c15UL;

	return (unsigned)((k >> 40) ^ subclass) & (CLASSHASH_SIZE - 1);
}

/* Lock-free: entries are published complete and never removed. */
static struct lock_class *class_lookup(const void *key, unsigned subclass)
{
	struct lock_class *c = __atomic_load_n(&classhash[class_hash(key, subclass)],
					       __ATOMIC_ACQUIRE);

	for (; c; c = __atomic_load_n(&c->hash_next, __ATOMIC_ACQUIRE))
		if (c->key == key && c->subclass == subclass)
			return c;
	return NULL;
}

/* Fills a new class and publishes it. lockdep_lock held. */
static struct lock_class *new_class(const struct lockdep_map *map, const void *key,
				    unsigned subclass)
{
	unsigned h = class_hash(key, subclass);
	struct lock_class *c;

	if (nr_classes >= MAX_LOCKDEP_CLASSES) {
		lockdep_off("MAX_LOCKDEP_CLASSES too low");
		return NULL;
	}
	c = &lock_classes[nr_classes];
	c->key = key;
	c->subclass = subclass;
	if (subclass)
		snprintf(c->name, sizeof(c->name), "%s/%u", map->name, subclass);
	else
		strlcpy(c->name, map->name, sizeof(c->name));
	c->file = map->file;
	c->line = map->line;
	c->kind = map->kind;
	c->hash_next = classhash[h];
	__atomic_store_n(&nr_classes, nr_classes + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&classhash[h], c, __ATOMIC_RELEASE);
	return c;
}

/* The class of (map, subclass), registered on first use and cached in the map. */
static struct lock_class *map_class(struct lockdep_map *map, unsigned subclass)
{
	struct lock_class *c;
	const void *key;

	if (subclass >= MAX_LOCKDEP_SUBCLASSES) {
		lockdep_off("subclass >= MAX_LOCKDEP_SUBCLASSES");
		return NULL;
	}
	c = __atomic_load_n(&map->class_cache[subclass], __ATOMIC_ACQUIRE);
	if (likely(c))
		return c;
	key = map_key(map);
	c = class_lookup(key, subclass);
	if (!c) {
		arch_spin_lock(&lockdep_lock);
		c = class_lookup(key, subclass);
		if (!c)
			c = new_class(map, key, subclass);
		arch_spin_unlock(&lockdep_lock);
	}
	if (c)
		__atomic_store_n(&map->class_cache[subclass], c, __ATOMIC_RELEASE);
	return c;
}

/* ---- the order graph ------------------------------------------------- */

/* The edge from -> to, or NULL. Lock-free (see the file comment). */
static struct lock_edge *edge_find(struct lock_class *from, struct lock_class *to)
{
	struct lock_edge *e = __atomic_load_n(&from->after, __ATOMIC_ACQUIRE);

	for (; e; e = e->next_after)
		if (e->to == to)
			return e;
	return NULL;
}

/* Records prev -> next with both acquire sites. lockdep_lock held. */
static struct lock_edge *add_edge(const struct held_lock *prev,
				  const struct held_lock *next, bool inversion)
{
	struct lock_class *from = prev->class, *to = next->class;
	struct lock_edge *e;

	if (nr_edges >= MAX_LOCKDEP_EDGES) {
		lockdep_off("MAX_LOCKDEP_EDGES too low");
		return NULL;
	}
	e = &lock_edges[nr_edges];
	e->from = from;
	e->to = to;
	e->from_ip = prev->acquire_ip;
	e->to_ip = next->acquire_ip;
	e->inversion = inversion;
	e->next_after = from->after;
	e->next_before = to->before;
	if (!inversion) {
		from->nr_after++;
		to->nr_before++;
	}
	__atomic_store_n(&nr_edges, nr_edges + 1, __ATOMIC_RELEASE);
	__atomic_store_n(&from->after, e, __ATOMIC_RELEASE);
	__atomic_store_n(&to->before, e, __ATOMIC_RELEASE);
	return e;
}

/* Breadth-first search state; all under lockdep_lock. */
static unsigned bfs_generation;
static unsigned bfs_visited[MAX_LOCKDEP_CLASSES];	/* generation that saw the class */
static struct lock_edge *bfs_parent[MAX_LOCKDEP_CLASSES]; /* edge that reached it */
static struct lock_class *bfs_queue[MAX_LOCKDEP_CLASSES];
static struct lock_edge *bfs_path[MAX_LOCKDEP_CLASSES];	/* the last path found */

static unsigned class_index(const struct lock_class *c)
{
	return (unsigned)(c - lock_classes);
}

/* A new search: bump the generation, so "visited" needs no clearing. */
static void bfs_new_generation(void)
{
	if (++bfs_generation == 0) {
		memset(bfs_visited, 0, sizeof(bfs_visited));
		bfs_generation = 1;
	}
}

/* Turns the parent links of a finished search into bfs_path[], src first. */
static int bfs_build_path(struct lock_class *src, struct lock_class *dst)
{
	struct lock_class *c;
	int len = 0, i;

	for (c = dst; c != src; c = bfs_parent[class_index(c)]->from)
		len++;
	i = len;
	for (c = dst; c != src; c = bfs_parent[class_index(c)]->from)
		bfs_path[--i] = bfs_parent[class_index(c)];
	return len;
}

/*
 * Is there a path src -> ... -> dst along "taken after" edges? Breadth
 * first, so the path found is a shortest one, the easiest report to read.
 * Each class is queued at most once per search, so the queue cannot
 * overflow. Edges kept only to remember a reported inversion are not
 * followed. Returns the number of edges, stored src first in bfs_path[],
 * or 0 if dst cannot be reached. lockdep_lock held.
 */
static int bfs_find_path(struct lock_class *src, struct lock_class *dst)
{
	unsigned head = 0, tail = 0;

	bfs_new_generation();
	bfs_visited[class_index(src)] = bfs_generation;
	bfs_queue[tail++] = src;
	while (head < tail) {
		struct lock_class *c = bfs_queue[head++];

		for (struct lock_edge *e = c->after; e; e = e->next_after) {
			unsigned i = class_index(e->to);

			if (e->inversion || bfs_visited[i] == bfs_generation)
				continue;
			bfs_visited[i] = bfs_generation;
			bfs_parent[i] = e;
			if (e->to == dst)
				return bfs_build_path(src, dst);
			bfs_queue[tail++] = e->to;
		}
	}
	return 0;
}

/* Reports a HARDIRQ-safe -> HARDIRQ-unsafe edge, once. lockdep_lock held. */
static void check_irq_edge(struct task_struct *curr, struct lock_edge *e,
			   const struct held_lock *next)
{
	if (e->inversion || e->irq_reported)
		return;
	if (!(e->from->usage_mask & (1u << USAGE_IN_HARDIRQ)) ||
	    !(e->to->usage_mask & (1u << USAGE_HARDIRQ_ON)))
		return;
	e->irq_reported = true;
	print_bad_irq_dependency(curr, e, next);
}

/*
 * prev is held and next is being taken; the edge prev -> next is new.
 * If next already reaches prev, the edge would close a cycle: report it,
 * and remember the pair as an inversion so it is reported only once (the
 * inversion edge is never followed by the search). lockdep_lock held.
 */
static void check_prev_add(struct task_struct *curr, const struct held_lock *prev,
			   const struct held_lock *next)
{
	struct lock_edge *e;
	int len = bfs_find_path(next->class, prev->class);

	if (len) {
		print_circular_bug(curr, prev, next, bfs_path, len);
		add_edge(prev, next, true);
		return;
	}
	e = add_edge(prev, next, false);
	if (e)
		check_irq_edge(curr, e, next);
}

/* Where the current interrupt context's locks start in curr's stack. */
static int irq_context_base(const struct task_struct *curr)
{
	unsigned cpu = smp_processor_id();
	int level = irq_level[cpu];

	if (!level || !in_irq())
		return 0;
	level = MIN(level, LOCKDEP_IRQ_NESTING);
	return MIN(irq_base[cpu][level - 1], curr->lockdep_depth);
}

/*
 * next is about to be taken: add an edge from every lock held in the same
 * context (all of them, not only the last one, so a report can name the
 * real culprit). Recursive readers (rcu_read_lock) stay out of the graph on
 * both sides: a recursive reader never waits for another reader, and this
 * kernel's writers (synchronize_rcu) wait without holding the read lock.
 */
static void check_prevs_add(struct task_struct *curr, const struct held_lock *next)
{
	for (int i = irq_context_base(curr); i < curr->lockdep_depth; i++) {
		const struct held_lock *prev = &curr->held_locks[i];

		if (READ_ONCE(lockdep_disabled))
			return;			/* a table overflowed just now */
		if (prev->read == LOCK_READ_RECURSIVE || prev->class == next->class)
			continue;
		if (edge_find(prev->class, next->class))
			continue;		/* the common case, no lock taken */
		arch_spin_lock(&lockdep_lock);
		if (!edge_find(prev->class, next->class))
			check_prev_add(curr, prev, next);
		arch_spin_unlock(&lockdep_lock);
	}
}

/*
 * Taking a lock whose class (or the very instance) is already held: the
 * second acquisition waits for the first, held by the same task, forever.
 * Two instances of one class may be fine (parent and child inode), but then
 * the caller must say so with a subclass (spin_lock_nested()). A recursive
 * reader inside a reader of the same lock is fine, like in Linux; a plain
 * read inside a read (down_read twice) is not: a writer queued in between
 * blocks the second reader.
 */
static void check_deadlock(struct task_struct *curr, const struct held_lock *next)
{
	for (int i = 0; i < curr->lockdep_depth; i++) {
		const struct held_lock *prev = &curr->held_locks[i];

		if (prev->instance != next->instance && prev->class != next->class)
			continue;
		if (next->read == LOCK_READ_RECURSIVE && prev->read != LOCK_WRITE)
			continue;
		print_deadlock_bug(curr, prev, next);
		return;
	}
}

/* ---- hardirq usage ---------------------------------------------------- */

/*
 * A class just got its first usage of kind bit: report if that contradicts
 * an earlier usage of the class itself (used in a handler, now taken with
 * IRQs on, or the reverse), then check its direct edges: a HARDIRQ-safe
 * class must not be held while a HARDIRQ-unsafe one is taken. lockdep_lock.
 */
static void check_usage(struct task_struct *curr, const struct held_lock *next,
			enum lock_usage_bit bit)
{
	struct lock_class *class = next->class;
	enum lock_usage_bit other;
	struct lock_edge *e;

	if (bit == USAGE_HARDIRQ_OFF)
		return;
	other = bit == USAGE_IN_HARDIRQ ? USAGE_HARDIRQ_ON : USAGE_IN_HARDIRQ;
	if ((class->usage_mask & (1u << other)) && !class->usage_reported) {
		class->usage_reported = true;
		print_usage_bug(curr, next, other, bit);
	}
	if (bit == USAGE_IN_HARDIRQ) {
		for (e = class->after; e; e = e->next_after)
			check_irq_edge(curr, e, next);
	} else {
		for (e = class->before; e; e = e->next_before)
			check_irq_edge(curr, e, next);
	}
}

/* Records usage bit for next's class the first time it is seen. */
static void mark_lock(struct task_struct *curr, const struct held_lock *next,
		      enum lock_usage_bit bit)
{
	struct lock_class *class = next->class;

	if (READ_ONCE(class->usage_mask) & (1u << bit))
		return;			/* seen before: nothing new to check */
	arch_spin_lock(&lockdep_lock);
	if (!(class->usage_mask & (1u << bit))) {
		class->usage_ip[bit] = next->acquire_ip;
		WRITE_ONCE(class->usage_mask, class->usage_mask | (1u << bit));
		check_usage(curr, next, bit);
	}
	arch_spin_unlock(&lockdep_lock);
}

/* The IRQ state of an acquisition, read and write alike. RCU readers may
 * be used anywhere and are not tracked. */
static void mark_irq_usage(struct task_struct *curr, const struct held_lock *next)
{
	if (next->class->kind == LD_RCU)
		return;
	if (in_irq())
		mark_lock(curr, next, USAGE_IN_HARDIRQ);
	mark_lock(curr, next, next->hardirqs_off ? USAGE_HARDIRQ_OFF : USAGE_HARDIRQ_ON);
}

/*
 * The IRQ entry code raises HARDIRQ_OFFSET, then calls this; the handler's
 * locks go on the interrupted task's stack above the depth noted here.
 */
void lockdep_hardirq_enter(void)
{
	struct task_struct *curr = current;
	unsigned long flags;
	unsigned cpu;
	int level;

	local_irq_save(flags);
	cpu = smp_processor_id();
	level = irq_level[cpu]++;
	if (level < LOCKDEP_IRQ_NESTING)
		irq_base[cpu][level] = curr ? curr->lockdep_depth : 0;
	local_irq_restore(flags);
}

void lockdep_hardirq_exit(void)
{
	unsigned long flags;
	unsigned cpu;

	local_irq_save(flags);
	cpu = smp_processor_id();
	if (irq_level[cpu] > 0)
		irq_level[cpu]--;
	local_irq_restore(flags);
}

/* ---- the hooks -------------------------------------------------------- */

static void __lock_acquire(struct task_struct *curr, struct lockdep_map *map,
			   unsigned subclass, int trylock, int read, unsigned long ip,
			   bool hardirqs_off)
{
	struct lock_class *class = map_class(map, subclass);
	struct held_lock next;

	if (!class)
		return;
	if (curr->lockdep_depth >= MAX_LOCK_DEPTH) {
		lockdep_off("MAX_LOCK_DEPTH too low");
		return;
	}
	next = (struct held_lock){
		.instance = map, .class = class, .acquire_ip = ip, .read = (u8)read,
		.trylock = !!trylock, .subclass = (u8)subclass, .hardirqs_off = hardirqs_off,
	};
	mark_irq_usage(curr, &next);
	/* A trylock never waits, so it can neither self-deadlock nor order. */
	if (!trylock) {
		check_deadlock(curr, &next);
		if (read != LOCK_READ_RECURSIVE)
			check_prevs_add(curr, &next);
	}
	curr->held_locks[curr->lockdep_depth] = next;
	barrier();			/* entry complete before gdb/NMI see it */
	curr->lockdep_depth++;
	__atomic_fetch_add(&class->acquisitions, 1, __ATOMIC_RELAXED);
	if (read)
		__atomic_fetch_add(&class->read_acquisitions, 1, __ATOMIC_RELAXED);
}

/*
 * Called before the lock is taken (so a report comes before a real hang).
 * subclass: 0, or the nesting level passed to *_nested(); trylock: the
 * caller does not wait; read: LOCK_WRITE/LOCK_READ/LOCK_READ_RECURSIVE.
 */
void lock_acquire(struct lockdep_map *map, unsigned subclass, int trylock,
		  int read, unsigned long ip)
{
	struct task_struct *curr;
	unsigned long flags;

	if (unlikely(!current)) {
		if (!READ_ONCE(lockdep_disabled))
			untracked_boot_locks[smp_processor_id()]++;
		return;
	}
	curr = lockdep_enter(&flags);
	if (!curr)
		return;
	__lock_acquire(curr, map, subclass, trylock, read, ip,
		       !(flags & X86_EFLAGS_IF));
	lockdep_exit(curr, flags);
}

/* Was this release for a lock taken before the CPU had a task? */
static bool release_untracked_boot_lock(void)
{
	unsigned cpu = smp_processor_id();

	if (untracked_boot_locks[cpu] <= 0)
		return false;
	untracked_boot_locks[cpu]--;
	return true;
}

/* Removes map's entry; it need not be the top one. Order is kept. */
static void __lock_release(struct task_struct *curr, struct lockdep_map *map,
			   unsigned long ip)
{
	struct held_lock *h = lockdep_find_held(curr, map);
	int i;

	if (!h) {
		if (!release_untracked_boot_lock())
			print_unlock_imbalance_bug(curr, map, ip);
		return;
	}
	for (i = (int)(h - curr->held_locks); i < curr->lockdep_depth - 1; i++)
		curr->held_locks[i] = curr->held_locks[i + 1];
	curr->lockdep_depth--;
}

void lock_release(struct lockdep_map *map, unsigned long ip)
{
	struct task_struct *curr;
	unsigned long flags;

	if (unlikely(!current)) {
		if (!READ_ONCE(lockdep_disabled))
			release_untracked_boot_lock();
		return;
	}
	curr = lockdep_enter(&flags);
	if (!curr)
		return;
	__lock_release(curr, map, ip);
	lockdep_exit(curr, flags);
}

/* ---- queries ----------------------------------------------------------- */

bool lock_is_held_type(const struct lockdep_map *map, int read)
{
	struct task_struct *curr = current;
	const struct held_lock *h;
	unsigned long flags;
	bool held;

	if (!lockdep_active(curr))
		return true;
	local_irq_save(flags);
	h = lockdep_find_held(curr, map);
	held = h && (read < 0 || (read == LOCK_WRITE) == (h->read == LOCK_WRITE));
	local_irq_restore(flags);
	return held;
}

bool lock_is_held(const struct lockdep_map *map)
{
	return lock_is_held_type(map, -1);
}

int lockdep_depth_current(void)
{
	struct task_struct *curr = current;

	return curr ? curr->lockdep_depth : 0;
}
