/*
 * Sequence counters and seqlocks. Writers (serialised by a lock of their
 * own, or by seqlock_t's spinlock) make the count odd while they change the
 * data; readers take no lock, read the count, read the data, and retry if
 * the count was odd or has changed. Readers never block writers.
 *
 *	do {
 *		seq = read_seqbegin(&rename_lock);
 *		... read ...
 *	} while (read_seqretry(&rename_lock, seq));
 */
#ifndef KERNEL_SYNC_SEQLOCK_H
#define KERNEL_SYNC_SEQLOCK_H

#include "kernel/sync/spinlock.h"

typedef struct seqcount {
	unsigned sequence;		/* odd while a write is in progress */
	struct lockdep_map dep_map;	/* const after init */
} seqcount_t;

#define SEQCNT_ZERO(name) { .sequence = 0, .dep_map = LOCKDEP_MAP_INIT(#name, LD_SEQLOCK) }

static inline void __seqcount_init(seqcount_t *s, const char *name, struct lock_class_key *key)
{
	s->sequence = 0;
	lockdep_init_map(&s->dep_map, name, key, __FILE__, __LINE__, LD_SEQLOCK);
}
#define seqcount_init(s) do {						\
	static struct lock_class_key __key;				\
	__seqcount_init((s), #s, &__key);				\
} while (0)

/* Wait out a writer in progress and return the (even) count. */
static inline unsigned read_seqcount_begin(const seqcount_t *s)
{
	unsigned seq;

	while ((seq = __atomic_load_n(&s->sequence, __ATOMIC_ACQUIRE)) & 1)
		cpu_relax();
	return seq;
}

/* True if a writer ran since read_seqcount_begin() returned seq. */
static inline bool read_seqcount_retry(const seqcount_t *s, unsigned seq)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return __atomic_load_n(&s->sequence, __ATOMIC_RELAXED) != seq;
}

/* Writer side; the caller serialises writers and has preemption off. */
static inline void write_seqcount_begin(seqcount_t *s)
{
	lock_acquire(&s->dep_map, 0, 0, LOCK_WRITE, _THIS_IP_);
	__atomic_store_n(&s->sequence, s->sequence + 1, __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

static inline void write_seqcount_end(seqcount_t *s)
{
	__atomic_store_n(&s->sequence, s->sequence + 1, __ATOMIC_RELEASE);
	lock_release(&s->dep_map, _THIS_IP_);
}

typedef struct {
	seqcount_t seqcount;		/* written under lock */
	spinlock_t lock;		/* serialises writers */
} seqlock_t;

#define __SEQLOCK_UNLOCKED(name) {					\
	.seqcount = SEQCNT_ZERO(name.seqcount),				\
	.lock = __SPIN_LOCK_UNLOCKED(name.lock) }
#define DEFINE_SEQLOCK(name) seqlock_t name = __SEQLOCK_UNLOCKED(name)

#define seqlock_init(sl) do {						\
	seqcount_init(&(sl)->seqcount);					\
	spin_lock_init(&(sl)->lock);					\
} while (0)

static inline unsigned read_seqbegin(const seqlock_t *sl)
{
	return read_seqcount_begin(&sl->seqcount);
}

static inline bool read_seqretry(const seqlock_t *sl, unsigned seq)
{
	return read_seqcount_retry(&sl->seqcount, seq);
}

/* Takes the writer lock and opens a write section. */
static inline void write_seqlock(seqlock_t *sl)
{
	spin_lock(&sl->lock);
	write_seqcount_begin(&sl->seqcount);
}

static inline void write_sequnlock(seqlock_t *sl)
{
	write_seqcount_end(&sl->seqcount);
	spin_unlock(&sl->lock);
}

/* Readers that must exclude writers (not retry) take the lock itself. */
static inline void read_seqlock_excl(seqlock_t *sl) { spin_lock(&sl->lock); }
static inline void read_sequnlock_excl(seqlock_t *sl) { spin_unlock(&sl->lock); }

#endif
