/*
 * Tests of the slab allocator (mm/slab.c): caches, kmalloc() size classes
 * and large blocks, zeroing, overflow, exhaustion, detection of bad frees,
 * and kmalloc()/kfree() from every CPU at once. Where a test counts free
 * pages it assumes nothing else allocates meanwhile.
 */
#include "mm/slab.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/time.h"

#define CACHE_OBJS		1000
#define CACHE_OBJ_SIZE		40
#define CACHE_OBJ_ALIGN		64
#define CTOR_MAGIC		0x5ca1ab1eUL
#define THREAD_ITERATIONS	5000	/* per CPU: enough to race, quick under TCG with 4 vCPUs on 2 cores */
#define THREAD_SLOTS		32
#define THREAD_TIMEOUT		(60 * HZ)

static void *objs[CACHE_OBJS];		/* the test thread only */
static unsigned long ctor_calls;	/* the test thread only */

static void test_ctor(void *obj)
{
	*(unsigned long *)obj = CTOR_MAGIC;
	ctor_calls++;
}

static void fill(void *p, size_t n, unsigned char byte)
{
	memset(p, byte, n);
}

static bool filled_with(const void *p, size_t n, unsigned char byte)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		if (b[i] != byte)
			return false;
	return true;
}

/* Destroying a test cache frees its kmem_cache object, which may empty a
 * slab of the cache of caches: the count may end one page higher. */
#define KT_ASSERT_PAGES_BACK(before) do {				\
	unsigned long __now = nr_free_pages();				\
	KT_ASSERT(__now >= (before) && __now <= (before) + 1,		\
		  "%lu pages free, expected %lu", __now, (unsigned long)(before)); \
} while (0)

/*
 * Helpers that assert take the test context under the name KT_ASSERT uses
 * (pass KT_CTX); the test checks KT_CTX->failed after calling them.
 */

/* Allocate CACHE_OBJS objects of c, checking the constructor and the
 * alignment, then give each a distinct pattern. */
static void cache_fill_objs(struct ktest_ctx *__kt, struct kmem_cache *c)
{
	for (unsigned i = 0; i < CACHE_OBJS; i++) {
		objs[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KT_ASSERT(objs[i], "allocation %u failed", i);
		KT_ASSERT(((unsigned long)objs[i] & (CACHE_OBJ_ALIGN - 1)) == 0,
			  "object %p not aligned to %d", objs[i], CACHE_OBJ_ALIGN);
		KT_ASSERT(*(unsigned long *)objs[i] == CTOR_MAGIC, "constructor did not run");
	}
	for (unsigned i = 0; i < CACHE_OBJS; i++)
		fill(objs[i], CACHE_OBJ_SIZE, (unsigned char)i);
}

/* Overlapping objects would have overwritten each other's pattern. */
static void cache_check_objs(struct ktest_ctx *__kt, unsigned from, unsigned step)
{
	for (unsigned i = from; i < CACHE_OBJS; i += step)
		KT_ASSERT(filled_with(objs[i], CACHE_OBJ_SIZE, (unsigned char)i),
			  "object %u at %p shares memory with another", i, objs[i]);
}

KTEST(slab_cache_alloc_free)
{
	unsigned long before = nr_free_pages();
	struct kmem_cache *c = kmem_cache_create("kt-slab-40", CACHE_OBJ_SIZE,
						 CACHE_OBJ_ALIGN, test_ctor);

	KT_ASSERT(c, "kmem_cache_create failed");
	for (int round = 0; round < 2; round++) {
		ctor_calls = 0;
		cache_fill_objs(KT_CTX, c);
		if (KT_CTX->failed)
			return;
		KT_ASSERT_EQ(ctor_calls, CACHE_OBJS);
		cache_check_objs(KT_CTX, 0, 1);
		for (unsigned i = 1; i < CACHE_OBJS; i += 2)
			kmem_cache_free(c, objs[i]);
		cache_check_objs(KT_CTX, 0, 2);
		for (unsigned i = 0; i < CACHE_OBJS; i += 2)
			kmem_cache_free(c, objs[i]);
		if (KT_CTX->failed)
			return;
	}
	slab_print_stats();
	kmem_cache_destroy(c);
	KT_ASSERT_PAGES_BACK(before);
}

KTEST(slab_cache_create_rejects_bad_arguments)
{
	KT_ASSERT(!kmem_cache_create("kt-slab-bad", 0, 0, NULL), "size 0 accepted");
	KT_ASSERT(!kmem_cache_create("kt-slab-bad", 64, 24, NULL), "alignment 24 accepted");
	KT_ASSERT(!kmem_cache_create("kt-slab-bad", 64, 2 * PAGE_SIZE, NULL), "alignment 8 KiB accepted");
}

static const size_t class_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

/* kmalloc(size): usable size, alignment and writability. */
static void kmalloc_one(struct ktest_ctx *__kt, size_t size, size_t align)
{
	void *p = kmalloc(size, GFP_KERNEL);
	size_t usable = ksize(p);

	KT_ASSERT(p, "kmalloc(%zu) failed", size);
	KT_ASSERT(usable >= size, "ksize %zu < kmalloc(%zu)", usable, size);
	KT_ASSERT(((unsigned long)p & (align - 1)) == 0, "kmalloc(%zu) = %p not aligned to %zu",
		  size, p, align);
	fill(p, usable, 0x5a);
	kfree(p);
}

KTEST(slab_kmalloc_size_classes)
{
	kmalloc_one(KT_CTX, 0, 8);
	kmalloc_one(KT_CTX, 1, 8);
	for (unsigned i = 0; i < ARRAY_SIZE(class_sizes) && !KT_CTX->failed; i++) {
		kmalloc_one(KT_CTX, class_sizes[i] - 1, 8);
		kmalloc_one(KT_CTX, class_sizes[i], 8);
		kmalloc_one(KT_CTX, class_sizes[i] + 1, 8);
	}
	KT_ASSERT(ksize(NULL) == 0, "ksize(NULL) = %zu", ksize(NULL));
	kfree(NULL);
}

KTEST(slab_kmalloc_large)
{
	static const size_t sizes[] = { 8193, 3 * PAGE_SIZE, 64 * 1024, 1024 * 1024 };
	unsigned long before = nr_free_pages();

	for (unsigned i = 0; i < ARRAY_SIZE(sizes) && !KT_CTX->failed; i++) {
		kmalloc_one(KT_CTX, sizes[i], PAGE_SIZE);
		KT_ASSERT_EQ(nr_free_pages(), before);
	}
	KT_ASSERT(!kmalloc((size_t)1 << 30, GFP_KERNEL | __GFP_NOWARN), "kmalloc(1 GiB) succeeded");
	KT_ASSERT_EQ(nr_free_pages(), before);
}

/* Dirty a block of this size, free it, and check kzalloc() hands out zeroes. */
static void kzalloc_one(struct ktest_ctx *__kt, size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL);

	KT_ASSERT(p, "kmalloc(%zu) failed", size);
	fill(p, ksize(p), 0xa5);
	kfree(p);
	p = kzalloc(size, GFP_KERNEL);
	KT_ASSERT(p, "kzalloc(%zu) failed", size);
	KT_ASSERT(filled_with(p, ksize(p), 0), "kzalloc(%zu) = %p not zeroed", size, p);
	kfree(p);
}

KTEST(slab_kzalloc_zeroes)
{
	static const size_t sizes[] = { 1, 8, 24, 100, 200, 1000, 5000, 8192, 3 * PAGE_SIZE };
	void *p;

	for (unsigned i = 0; i < ARRAY_SIZE(sizes) && !KT_CTX->failed; i++)
		kzalloc_one(KT_CTX, sizes[i]);
	p = kcalloc(10, 24, GFP_KERNEL);
	KT_ASSERT(p, "kcalloc(10, 24) failed");
	KT_ASSERT(ksize(p) >= 240 && filled_with(p, 240, 0), "kcalloc(10, 24) not zeroed");
	kfree(p);
}

KTEST(slab_kcalloc_overflow)
{
	KT_ASSERT(!kcalloc((size_t)-1, 2, GFP_KERNEL), "kcalloc(SIZE_MAX, 2) succeeded");
	KT_ASSERT(!kcalloc((size_t)1 << 33, (size_t)1 << 31, GFP_KERNEL),
		  "kcalloc(2^33, 2^31) succeeded");
	KT_ASSERT(!kcalloc((size_t)1 << 20, (size_t)1 << 20, GFP_KERNEL | __GFP_NOWARN),
		  "kcalloc of 1 TiB succeeded");
}

KTEST(slab_exhaustion_large_kmalloc)
{
	unsigned long before = nr_free_pages(), count = 0;
	void *list = NULL, *p, *next;

	while ((p = kmalloc(64 * 1024, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY))) {
		*(void **)p = list;
		list = p;
		count++;
	}
	KT_ASSERT(count > 0, "no 64 KiB block at all");
	KT_ASSERT(count * 16 <= before, "%lu blocks of 16 pages from %lu pages", count, before);
	for (; list; list = next) {
		next = *(void **)list;
		kfree(list);
	}
	KT_ASSERT_EQ(nr_free_pages(), before);
}

KTEST(slab_exhaustion_cache)
{
	unsigned long before = nr_free_pages(), count = 0;
	struct kmem_cache *c = kmem_cache_create("kt-slab-8k", 8192, 0, NULL);
	void *list = NULL, *p, *next;

	KT_ASSERT(c, "kmem_cache_create failed");
	while ((p = kmem_cache_alloc(c, GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY))) {
		*(void **)p = list;
		list = p;
		count++;
	}
	KT_ASSERT(count > 0, "no 8 KiB object at all");
	KT_ASSERT(count * 2 <= before, "%lu objects of 2 pages from %lu pages", count, before);
	for (; list; list = next) {
		next = *(void **)list;
		kmem_cache_free(c, list);
	}
	kmem_cache_destroy(c);
	KT_ASSERT_PAGES_BACK(before);
}

/* Run one bad free; it must be reported exactly once. */
#define KT_EXPECT_WARNING(stmt) do {					\
	unsigned long __w = READ_ONCE(kernel_warnings);			\
	stmt;								\
	KT_ASSERT(READ_ONCE(kernel_warnings) == __w + 1,		\
		  "%s: %lu warnings, expected 1", #stmt,			\
		  READ_ONCE(kernel_warnings) - __w);			\
} while (0)

static int not_from_kmalloc;

KTEST(slab_double_free_detected)
{
	unsigned long before = nr_free_pages();
	struct kmem_cache *c = kmem_cache_create("kt-slab-df", 64, 0, NULL);
	void *a, *b, *x, *y, *z, *k;
	int on_stack;

	KT_ASSERT(c, "kmem_cache_create failed");
	a = kmem_cache_alloc(c, GFP_KERNEL);
	b = kmem_cache_alloc(c, GFP_KERNEL);
	KT_ASSERT(a && b && a != b, "allocations failed");
	kmem_cache_free(c, a);
	KT_EXPECT_WARNING(kmem_cache_free(c, a));
	KT_EXPECT_WARNING(kmem_cache_free(c, (char *)b + 8));
	k = kmalloc(64, GFP_KERNEL);
	KT_ASSERT(k, "kmalloc failed");
	KT_EXPECT_WARNING(kmem_cache_free(c, k));
	kfree(k);
	/* The double free did not put a on the free list twice. */
	x = kmem_cache_alloc(c, GFP_KERNEL);
	y = kmem_cache_alloc(c, GFP_KERNEL);
	z = kmem_cache_alloc(c, GFP_KERNEL);
	KT_ASSERT(x && y && z, "allocations failed");
	KT_ASSERT(x != y && y != z && x != z && b != x && b != y && b != z,
		  "an object was handed out twice");
	kmem_cache_free(c, b);
	kmem_cache_free(c, x);
	kmem_cache_free(c, y);
	kmem_cache_free(c, z);
	kmem_cache_destroy(c);
	KT_ASSERT_PAGES_BACK(before);
	KT_EXPECT_WARNING(kfree(&on_stack));
	KT_EXPECT_WARNING(kfree(&not_from_kmalloc));
}

/* A double kfree() of an object of size bytes is reported, and the next two
 * allocations of that size are still distinct. */
static void kfree_twice(struct ktest_ctx *__kt, size_t size)
{
	void *p = kmalloc(size, GFP_KERNEL), *q, *r;

	KT_ASSERT(p, "kmalloc(%zu) failed", size);
	kfree(p);
	KT_EXPECT_WARNING(kfree(p));
	q = kmalloc(size, GFP_KERNEL);
	r = kmalloc(size, GFP_KERNEL);
	KT_ASSERT(q && r && q != r, "kmalloc(%zu) handed out %p twice", size, q);
	kfree(q);
	kfree(r);
}

KTEST(slab_double_kfree_detected)
{
	/* 8 bytes: no poison word, found by walking the free list; 3 pages: a
	 * large block. */
	static const size_t sizes[] = { 8, 100, 4096, 3 * PAGE_SIZE };

	for (unsigned i = 0; i < ARRAY_SIZE(sizes) && !KT_CTX->failed; i++)
		kfree_twice(KT_CTX, sizes[i]);
}

/* ---- Every CPU at once ---- */

struct slab_worker {
	unsigned cpu;			/* const */
	void *slot[THREAD_SLOTS];	/* owner thread */
	size_t size[THREAD_SLOTS];	/* owner thread; 0: from shared_cache */
	const char *error;		/* owner thread; read after done */
	struct completion done;
};

#define SHARED_OBJ_SIZE 200

static struct slab_worker slab_workers[MAX_CPUS];
static struct kmem_cache *shared_cache;	/* set before the workers start */

static unsigned long rand_next(unsigned long *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/* Mostly small sizes, some up to 10000 bytes, a few large blocks. */
static size_t rand_size(unsigned long *rnd)
{
	unsigned long r = rand_next(rnd);

	switch (r & 15) {
	case 0:
		return 0;	/* the shared cache */
	case 1:
		return 3 * PAGE_SIZE;
	case 2: case 3: case 4:
		return 1 + (r >> 8) % 10000;
	default:
		return 1 + (r >> 8) % 256;
	}
}

static void slab_worker_put(struct slab_worker *w, unsigned s)
{
	size_t n = w->size[s] ? w->size[s] : SHARED_OBJ_SIZE;

	if (!filled_with(w->slot[s], n, (unsigned char)(w->cpu * THREAD_SLOTS + s)))
		w->error = "an object changed while this CPU owned it";
	if (w->size[s])
		kfree(w->slot[s]);
	else
		kmem_cache_free(shared_cache, w->slot[s]);
	w->slot[s] = NULL;
}

static void slab_worker_step(struct slab_worker *w, unsigned s, unsigned long *rnd)
{
	size_t n;

	if (w->slot[s])
		slab_worker_put(w, s);
	w->size[s] = rand_size(rnd);
	n = w->size[s] ? w->size[s] : SHARED_OBJ_SIZE;
	w->slot[s] = w->size[s] ? kmalloc(n, GFP_KERNEL) : kmem_cache_alloc(shared_cache, GFP_KERNEL);
	if (!w->slot[s])
		w->error = "allocation failed";
	else
		fill(w->slot[s], n, (unsigned char)(w->cpu * THREAD_SLOTS + s));
}

static int slab_worker_fn(void *arg)
{
	struct slab_worker *w = arg;
	unsigned long rnd = 0x9e3779b97f4a7c15UL + w->cpu;

	for (unsigned i = 0; i < THREAD_ITERATIONS && !w->error; i++)
		slab_worker_step(w, rand_next(&rnd) % THREAD_SLOTS, &rnd);
	for (unsigned s = 0; s < THREAD_SLOTS; s++)
		if (w->slot[s])
			slab_worker_put(w, s);
	complete(&w->done);
	return 0;
}

static bool cpu_is_online(unsigned cpu)
{
	return cpu_data[cpu] && READ_ONCE(cpu_data[cpu]->online);
}

/* Start a worker bound to each online CPU; returns the mask of CPUs that
 * have one, and sets *failed if a thread could not be created. */
static unsigned slab_start_workers(bool *failed)
{
	unsigned started = 0;

	for (unsigned cpu = 0; cpu < nr_cpus && cpu < MAX_CPUS; cpu++) {
		struct task_struct *t;

		if (!cpu_is_online(cpu))
			continue;
		slab_workers[cpu] = (struct slab_worker){ .cpu = cpu };
		init_completion(&slab_workers[cpu].done);
		t = kthread_create(slab_worker_fn, &slab_workers[cpu], "kt-slab");
		if (!t) {
			*failed = true;
			continue;
		}
		kthread_bind(t, cpu);
		wake_up_process(t);
		started |= 1u << cpu;
	}
	return started;
}

/* Wait for the workers in mask. False if one did not finish in time; else
 * *error is the first error a worker found, or NULL. */
static bool slab_wait_workers(unsigned mask, const char **error)
{
	*error = NULL;
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (!(mask & (1u << cpu)))
			continue;
		if (!wait_for_completion_timeout(&slab_workers[cpu].done, THREAD_TIMEOUT))
			return false;
		if (slab_workers[cpu].error && !*error)
			*error = slab_workers[cpu].error;
	}
	return true;
}

KTEST(slab_concurrent_all_cpus)
{
	unsigned long warnings = READ_ONCE(kernel_warnings);
	bool failed = false;
	const char *error;
	unsigned mask;

	shared_cache = kmem_cache_create("kt-slab-shared", SHARED_OBJ_SIZE, 0, NULL);
	KT_ASSERT(shared_cache, "kmem_cache_create failed");
	mask = slab_start_workers(&failed);
	/* A late worker may still use the cache: leave it then. */
	KT_ASSERT(slab_wait_workers(mask, &error), "a worker did not finish in time");
	kmem_cache_destroy(shared_cache);
	KT_ASSERT(!error, "%s", error);
	KT_ASSERT(mask && !failed, "could not start a worker on every online CPU");
	KT_ASSERT_EQ(READ_ONCE(kernel_warnings), warnings);
}
