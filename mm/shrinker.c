/*
 * The shrinker list. shrinker_lock (a mutex: scans sleep) protects the
 * list and serialises reclaim, so two CPUs out of memory at once do not
 * both tear the caches down.
 */
#include "mm/shrinker.h"
#include "kernel/sync/mutex.h"
#include "kernel/printk.h"

static DEFINE_MUTEX(shrinker_lock);
static LIST_HEAD(shrinkers);		/* shrinker_lock */
static unsigned long runs;		/* shrinker_lock */

void register_shrinker(struct shrinker *s)
{
	mutex_lock(&shrinker_lock);
	list_add_tail(&s->list, &shrinkers);
	mutex_unlock(&shrinker_lock);
}

void unregister_shrinker(struct shrinker *s)
{
	mutex_lock(&shrinker_lock);
	list_del(&s->list);
	mutex_unlock(&shrinker_lock);
}

/* Takes shrinker_lock; may sleep. */
unsigned long shrink_all(void)
{
	struct shrinker *s;
	unsigned long freed = 0;

	might_sleep();
	mutex_lock(&shrinker_lock);
	runs++;
	list_for_each_entry(s, &shrinkers, list) {
		unsigned long n = s->count();
		if (n)
			freed += s->scan(n);
	}
	mutex_unlock(&shrinker_lock);
	return freed;
}

unsigned long shrinker_runs(void)
{
	return READ_ONCE(runs);
}
