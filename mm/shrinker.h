/*
 * Shrinkers: caches that can give memory back (the dcache, the icache)
 * register here; when the page allocator runs out in a context that may
 * sleep, it asks them to free objects and tries once more.
 */
#ifndef MM_SHRINKER_H
#define MM_SHRINKER_H

#include "kernel/lib/list.h"

struct shrinker {
	const char *name;
	unsigned long (*count)(void);			/* objects it could free */
	unsigned long (*scan)(unsigned long nr);	/* free up to nr; may sleep */
	struct list_head list;				/* shrinker_lock */
};

void register_shrinker(struct shrinker *s);
void unregister_shrinker(struct shrinker *s);
/* Ask every shrinker to free what it can; returns the objects freed. May sleep. */
unsigned long shrink_all(void);
unsigned long shrinker_runs(void);	/* times memory pressure ran them */

#endif
