/*
 * Tests of the buddy allocator (mm/page_alloc.c): alignment of every order,
 * merging of buddies, exhaustion, and alloc/free from every CPU at once.
 * Each test gives back all it takes, so the free page count must end where
 * it started; the tests assume nothing else allocates pages meanwhile.
 */
#include "mm/page_alloc.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/time.h"

#define BUDDY_MAX_TRIES		1024	/* blocks allocated while looking for a buddy pair */
#define THREAD_ITERATIONS	5000	/* per CPU: enough to race, quick under TCG with 4 vCPUs on 2 cores */
#define THREAD_SLOTS		16
#define THREAD_MAX_ORDER	3
#define THREAD_TIMEOUT		(60 * HZ)

static bool block_aligned(struct page *p, unsigned order)
{
	return (page_to_pfn(p) & ((1UL << order) - 1)) == 0;
}

KTEST(page_alloc_every_order_aligned)
{
	unsigned long before = nr_free_pages();

	for (unsigned order = 0; order < MAX_ORDER; order++) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, order);

		KT_ASSERT(p, "order %u allocation failed", order);
		KT_ASSERT(block_aligned(p, order), "order %u block at pfn %#lx", order, page_to_pfn(p));
		KT_ASSERT_EQ(nr_free_pages(), before - (1UL << order));
		free_pages(p, order);
		KT_ASSERT_EQ(nr_free_pages(), before);
	}
	KT_ASSERT(!alloc_pages(GFP_KERNEL | __GFP_NOWARN, MAX_ORDER), "order MAX_ORDER succeeded");
	KT_ASSERT_EQ(nr_free_pages(), before);
}

static struct page *held[BUDDY_MAX_TRIES];	/* the test thread only */

/* Allocate order-k blocks until two are buddies; *a gets the lower and *b
 * the upper. The other blocks are freed again. False if no pair turned up. */
static bool alloc_buddy_pair(unsigned k, struct page **a, struct page **b)
{
	unsigned n = 0;
	bool found = false;

	*a = *b = NULL;
	while (!found && n < BUDDY_MAX_TRIES) {
		struct page *p = alloc_pages(GFP_KERNEL | __GFP_NOWARN, k);

		if (!p)
			break;
		for (unsigned i = 0; i < n && !found; i++) {
			if ((page_to_pfn(held[i]) ^ page_to_pfn(p)) != (1UL << k))
				continue;
			*a = held[i] < p ? held[i] : p;
			*b = held[i] < p ? p : held[i];
			held[i] = NULL;
			found = true;
		}
		if (!found)
			held[n++] = p;
	}
	for (unsigned i = 0; i < n; i++)
		free_pages(held[i], k);
	return found;
}

KTEST(page_alloc_buddies_merge)
{
	for (unsigned k = 0; k < MAX_ORDER - 1; k++) {
		unsigned long before = nr_free_pages();
		struct page *a, *b, *big;

		KT_ASSERT(alloc_buddy_pair(k, &a, &b), "no buddy pair of order %u", k);
		KT_ASSERT_EQ(nr_free_pages(), before - (2UL << k));
		free_pages(a, k);
		free_pages(b, k);
		/* Had they not merged, b would head a free block of order k. */
		KT_ASSERT(!PageFlag(b, PG_buddy), "order %u buddies at pfn %#lx did not merge",
			  k, page_to_pfn(a));
		KT_ASSERT_EQ(nr_free_pages(), before);
		big = alloc_pages(GFP_KERNEL | __GFP_NOWARN, k + 1);
		KT_ASSERT(big, "order %u allocation failed after a merge", k + 1);
		free_pages(big, k + 1);
		KT_ASSERT_EQ(nr_free_pages(), before);
	}
}

KTEST(page_alloc_exhaustion)
{
	unsigned long before = nr_free_pages(), count = 0, left;
	void *list = NULL, *next;
	struct page *p;

	/* Chain the pages through their own first word: no memory needed. */
	while ((p = alloc_page(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY))) {
		void **va = page_address(p);

		*va = list;
		list = va;
		count++;
	}
	left = nr_free_pages();
	for (; list; list = next) {
		next = *(void **)list;
		free_pages_addr(list, 0);
	}
	KT_ASSERT_EQ(left, 0);
	KT_ASSERT_EQ(count, before);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

static bool fill_and_check(unsigned long *w, unsigned long words, unsigned long seed)
{
	for (unsigned long i = 0; i < words; i++)
		w[i] = seed ^ (i * 0x9e3779b97f4a7c15UL);
	for (unsigned long i = 0; i < words; i++)
		if (w[i] != (seed ^ (i * 0x9e3779b97f4a7c15UL)))
			return false;
	return true;
}

KTEST(page_alloc_pages_writable)
{
	unsigned long before = nr_free_pages();

	for (unsigned order = 0; order <= 4; order++) {
		unsigned long *w = __get_free_pages(GFP_KERNEL, order);

		KT_ASSERT(w, "order %u allocation failed", order);
		KT_ASSERT(fill_and_check(w, (PAGE_SIZE << order) / sizeof(long), order + 1),
			  "order %u block at %p did not keep its pattern", order, w);
		free_pages_addr(w, order);
	}
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(page_alloc_gfp_zero)
{
	unsigned long before = nr_free_pages();
	unsigned long *w = __get_free_pages(GFP_KERNEL, 1);
	unsigned long words = 2 * PAGE_SIZE / sizeof(long), nonzero = 0;

	KT_ASSERT(w, "order 1 allocation failed");
	fill_and_check(w, words, ~0UL);
	free_pages_addr(w, 1);
	w = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 1);
	KT_ASSERT(w, "order 1 __GFP_ZERO allocation failed");
	for (unsigned long i = 0; i < words; i++)
		nonzero += w[i] != 0;
	free_pages_addr(w, 1);
	KT_ASSERT_EQ(nonzero, 0);
	KT_ASSERT_EQ(nr_free_pages(), before);
}

/* ---- Every CPU at once ---- */

struct pa_worker {
	unsigned cpu;			/* const */
	struct page *slot[THREAD_SLOTS];/* owner thread */
	unsigned order[THREAD_SLOTS];	/* owner thread */
	const char *error;		/* owner thread; read after done */
	struct completion done;		/* the work is over */
};

static struct pa_worker pa_workers[MAX_CPUS];
static struct completion pa_release;	/* the test has checked the counts */

static unsigned long rand_next(unsigned long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

static bool block_check(struct page *p, unsigned order, unsigned long tag)
{
	unsigned long *w = page_address(p);

	for (unsigned long i = 0; i < (1UL << order); i++)
		if (w[i * PAGE_SIZE / sizeof(long)] != tag + i)
			return false;
	return true;
}

static void block_mark(struct page *p, unsigned order, unsigned long tag)
{
	unsigned long *w = page_address(p);

	for (unsigned long i = 0; i < (1UL << order); i++)
		w[i * PAGE_SIZE / sizeof(long)] = tag + i;
}

/* Replace the block in slot s by a fresh one, checking the old one first. */
static void pa_worker_step(struct pa_worker *w, unsigned s, unsigned long *rnd)
{
	unsigned long tag = ((unsigned long)w->cpu << 32) | (s << 16);

	if (w->slot[s]) {
		if (!block_check(w->slot[s], w->order[s], tag))
			w->error = "a block changed while this CPU owned it";
		free_pages(w->slot[s], w->order[s]);
	}
	w->order[s] = rand_next(rnd) % (THREAD_MAX_ORDER + 1);
	w->slot[s] = alloc_pages(GFP_KERNEL, w->order[s]);
	if (!w->slot[s])
		w->error = "allocation failed";
	else
		block_mark(w->slot[s], w->order[s], tag);
}

static int pa_worker_fn(void *arg)
{
	struct pa_worker *w = arg;
	unsigned long rnd = 0x2545f4914f6cdd1dUL + w->cpu;

	for (unsigned i = 0; i < THREAD_ITERATIONS && !w->error; i++)
		pa_worker_step(w, rand_next(&rnd) % THREAD_SLOTS, &rnd);
	for (unsigned s = 0; s < THREAD_SLOTS; s++)
		free_pages(w->slot[s], w->order[s]);
	complete(&w->done);
	/* Stay alive until the counts are checked: an exiting thread frees its
	 * stack and task_struct, which would move the count. */
	wait_for_completion(&pa_release);
	return 0;
}

static bool cpu_is_online(unsigned cpu)
{
	return cpu_data[cpu] && READ_ONCE(cpu_data[cpu]->online);
}

/* Start a stopped worker bound to each online CPU; returns how many, or
 * -1 if a thread could not be created (the others are still started). */
static int pa_start_workers(struct task_struct **t)
{
	int started = 0;
	bool failed = false;

	for (unsigned cpu = 0; cpu < nr_cpus && cpu < MAX_CPUS; cpu++) {
		if (!cpu_is_online(cpu))
			continue;
		pa_workers[cpu] = (struct pa_worker){ .cpu = cpu };
		init_completion(&pa_workers[cpu].done);
		t[cpu] = kthread_create(pa_worker_fn, &pa_workers[cpu], "kt-page-alloc");
		if (!t[cpu]) {
			failed = true;
			continue;
		}
		kthread_bind(t[cpu], cpu);
		started++;
	}
	return failed ? -1 : started;
}

/* Wait for every worker; the first error found, or NULL. */
static const char *pa_wait_workers(struct task_struct **t)
{
	const char *error = NULL;

	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!t[cpu])
			continue;
		if (!wait_for_completion_timeout(&pa_workers[cpu].done, THREAD_TIMEOUT))
			error = "a worker did not finish in time";
		else if (pa_workers[cpu].error && !error)
			error = pa_workers[cpu].error;
	}
	return error;
}

KTEST(page_alloc_concurrent_all_cpus)
{
	struct task_struct *t[MAX_CPUS] = { NULL };
	unsigned long before, after;
	const char *error;
	int started;

	init_completion(&pa_release);
	started = pa_start_workers(t);
	/* Taken after the threads exist: their stacks are not the test's. */
	before = nr_free_pages();
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
		if (t[cpu])
			wake_up_process(t[cpu]);
	error = pa_wait_workers(t);
	after = nr_free_pages();
	complete_all(&pa_release);
	KT_ASSERT(started > 0, "could not start a worker on every online CPU");
	KT_ASSERT(!error, "%s", error);
	KT_ASSERT_EQ(after, before);
}
