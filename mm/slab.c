/*
 * The slab allocator. A cache (struct kmem_cache) hands out objects of one
 * size, carved from slabs: blocks of 2^order pages from the buddy allocator
 * (mm/page_alloc.c) below. kmalloc() sits on top: a fixed set of size-class
 * caches, and requests above the largest class go straight to alloc_pages().
 *
 * A slab keeps its state in the struct page of its first page, the head:
 *	freelist  the first free object; each free object's first word points
 *		  to the next free one, NULL ends the list
 *	inuse	  objects handed out
 *	lru	  links the slab on its cache's partial, full or free list
 * Every page of a slab has slab_cache = its cache and index = its distance
 * in pages from the head, so any object's head page is
 *	virt_to_page(obj) - virt_to_page(obj)->index.
 * Tail pages get PG_slab when the slab is built; the head gets it only when
 * the slab joins its cache and loses it when the slab leaves, both under the
 * cache lock. So a head page with PG_slab seen under the lock is a live slab.
 *
 * Frees are checked. An object must lie in a live slab of the cache it is
 * freed to, at the start of a slot, and must not already be free. Freeing
 * writes SLAB_POISON into the object's second word (objects of 16 bytes and
 * more): a free object always carries it, so only an object carrying it can
 * be a double free, and only then is the slab's free list walked to make
 * sure. 8-byte objects have no second word and are always checked by the
 * walk (at most 512 steps). Allocation checks the poison is intact, which
 * catches most writes to an object after it was freed. Each failed check
 * prints "slab: ..." with the object and the caller, and a WARN_ON(); the
 * bad request is dropped, nothing is corrupted.
 *
 * kmalloc() blocks above KMALLOC_MAX_CACHE_SIZE are plain buddy blocks with
 * no PG_slab and slab_cache == NULL. Their head page records
 *	private  = order + 1
 *	freelist = KMALLOC_LARGE_MARK
 * so kfree() and ksize() can tell them from anything else; kfree() clears the
 * mark with an atomic compare-and-exchange, so of two kfree()s of one block
 * only the first frees it; the second is reported.
 *
 * Locking:
 *	cache->lock (IRQ-safe: kmalloc() may be called from interrupts)
 *		the cache's slab lists and counters; freelist, inuse, lru and
 *		the head's PG_slab of its slabs
 *	slab_caches_lock
 *		the list of all caches
 * Order: slab_caches_lock -> cache->lock. The buddy allocator is called with
 * no slab lock held. Nothing here sleeps.
 */
#include "mm/slab.h"
#include "kernel/sync/spinlock.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

#define SLAB_MIN_ALIGN		8	/* default and smallest alignment */
#define SLAB_MIN_SIZE		8	/* room for the free-list link */
#define SLAB_SMALL_OBJ		512	/* up to this, a slab is one page */
#define SLAB_MIN_OBJS		8	/* larger objects: at least this many per slab... */
#define SLAB_MAX_ORDER		3	/* ...unless the slab would exceed 2^3 pages */
#define SLAB_SPARE_SLABS	1	/* empty slabs a cache keeps */
#define SLAB_POISON		0x6b6b6b6b6b6b6b6bUL	/* second word of a free object */
#define KMALLOC_LARGE_MARK	((void *)0x4b4d414c4c4f4321UL)	/* head->freelist of a large block */
#define KMALLOC_MAX_CACHE_SIZE	8192

struct kmem_cache {
	/* Const after kmem_cache_create(). */
	const char *name;		/* the caller's string; must outlive the cache */
	size_t object_size;		/* size asked for */
	size_t size;			/* slot: object_size rounded up to align */
	size_t align;
	void (*ctor)(void *obj);	/* run at every allocation, or NULL */
	unsigned order;			/* a slab is 2^order pages */
	unsigned objs_per_slab;

	spinlock_t lock;
	/* lock: */
	struct list_head slabs_partial;	/* some objects free, some in use */
	struct list_head slabs_full;	/* no free object on the free list */
	struct list_head slabs_free;	/* no object in use */
	unsigned long nr_free_slabs;	/* on slabs_free */
	unsigned long nr_slabs;		/* on any of the three lists */
	unsigned long total_objs;	/* nr_slabs * objs_per_slab */
	unsigned long active_objs;	/* handed out */

	struct list_head list;		/* slab_caches_lock: on slab_caches */
};

static DEFINE_SPINLOCK(slab_caches_lock);
static LIST_HEAD(slab_caches);			/* slab_caches_lock */
static struct kmem_cache kmem_cache_boot;	/* the cache of caches */

static const size_t kmalloc_sizes[] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};
static const char *const kmalloc_names[] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96",
	"kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512",
	"kmalloc-1k", "kmalloc-2k", "kmalloc-4k", "kmalloc-8k",
};
static struct kmem_cache *kmalloc_caches[ARRAY_SIZE(kmalloc_sizes)];	/* const after init */

/* ---- Objects and slabs: small helpers ---- */

static inline void *free_link(const void *obj)
{
	return *(void *const *)obj;
}

static inline void set_free_link(void *obj, void *next)
{
	*(void **)obj = next;
}

static inline bool cache_poisons(const struct kmem_cache *c)
{
	return c->size >= 2 * sizeof(unsigned long);
}

static inline unsigned long *poison_word(void *obj)
{
	return (unsigned long *)obj + 1;
}

/* Bytes in a block of 2^order pages. */
static inline size_t block_bytes(unsigned long order)
{
	return (size_t)PAGE_SIZE << order;
}

static inline char *slab_base(const struct page *slab)
{
	return page_address(slab);
}

/* True if p is NULL or the start of a slot of this slab. */
static bool free_link_valid(const struct kmem_cache *c, const struct page *slab, const void *p)
{
	unsigned long off = (const char *)p - slab_base(slab);

	if (!p)
		return true;
	return off % c->size == 0 && off / c->size < c->objs_per_slab;
}

/* Smallest order whose block holds size bytes; MAX_ORDER if none does. */
static unsigned order_for_bytes(size_t size)
{
	unsigned order = 0;

	while (order < MAX_ORDER && block_bytes(order) < size)
		order++;
	return order;
}

/* The slab order for objects of size bytes (see SLAB_SMALL_OBJ and the next
 * two limits); MAX_ORDER if the object fits in no buddy block. */
static unsigned slab_order(size_t size)
{
	unsigned order = 0;

	if (size <= SLAB_SMALL_OBJ)
		return 0;
	while (order < SLAB_MAX_ORDER && block_bytes(order) / size < SLAB_MIN_OBJS)
		order++;
	return MAX(order, order_for_bytes(size));
}

/* Print a "slab: ..." error for a bad request and count a warning. Any
 * context; the caller may hold the cache lock. */
static void slab_error(const struct kmem_cache *c, const void *obj, unsigned long caller,
		       const char *what)
{
	pr_err("slab: %s: %s, object %p, caller %pS\n",
	       c ? c->name : "kmalloc", what, obj, (void *)caller);
	WARN_ON(1);
}

/* ---- Building and releasing slabs ---- */

/* Allocate a block for c and thread all its objects on the free list.
 * Takes no lock: the slab is private until slab_add_locked(). May fail
 * (NULL); the buddy allocator warns unless gfp has __GFP_NOWARN. */
static struct page *slab_new(struct kmem_cache *c, gfp_t gfp)
{
	struct page *slab = alloc_pages(gfp & ~__GFP_ZERO, c->order);
	char *obj;

	if (!slab)
		return NULL;
	for (unsigned long i = 0; i < (1UL << c->order); i++) {
		slab[i].slab_cache = c;
		slab[i].index = i;
		if (i)
			SetPageFlag(&slab[i], PG_slab);
	}
	obj = slab_base(slab);
	for (unsigned i = 0; i < c->objs_per_slab; i++, obj += c->size) {
		set_free_link(obj, i + 1 < c->objs_per_slab ? obj + c->size : NULL);
		if (cache_poisons(c))
			*poison_word(obj) = SLAB_POISON;
	}
	slab->freelist = slab_base(slab);
	slab->inuse = 0;
	return slab;
}

/* Give a fresh slab to c, as an empty slab. Caller holds c->lock. */
static void slab_add_locked(struct kmem_cache *c, struct page *slab)
{
	lockdep_assert_held(&c->lock);
	SetPageFlag(slab, PG_slab);
	list_add(&slab->lru, &c->slabs_free);
	c->nr_free_slabs++;
	c->nr_slabs++;
	c->total_objs += c->objs_per_slab;
}

/* Take an empty slab out of c; its lru is free for the caller to use.
 * Caller holds c->lock. */
static void slab_detach_locked(struct kmem_cache *c, struct page *slab)
{
	lockdep_assert_held(&c->lock);
	list_del(&slab->lru);
	ClearPageFlag(slab, PG_slab);
	c->nr_free_slabs--;
	c->nr_slabs--;
	c->total_objs -= c->objs_per_slab;
}

/* Return a detached (or never added) slab's pages to the buddy allocator.
 * No lock held. */
static void slab_release(struct kmem_cache *c, struct page *slab)
{
	for (unsigned long i = 0; i < (1UL << c->order); i++) {
		ClearPageFlag(&slab[i], PG_slab);
		slab[i].slab_cache = NULL;
		slab[i].index = 0;
		slab[i].freelist = NULL;
	}
	free_pages(slab, c->order);
}

/* ---- Allocation ---- */

/* Pop the first free object of a slab that has one; a damaged object is
 * reported against caller. Caller holds c->lock. */
static void *slab_take_object_locked(struct kmem_cache *c, struct page *slab,
				     unsigned long caller)
{
	void *obj = slab->freelist;
	void *next = free_link(obj);

	lockdep_assert_held(&c->lock);
	if (cache_poisons(c) && *poison_word(obj) != SLAB_POISON)
		slab_error(c, obj, caller, "object written to after it was freed");
	if (!free_link_valid(c, slab, next)) {
		/* The rest of this slab's free list is lost, not followed. */
		slab_error(c, obj, caller, "free list corrupted");
		next = NULL;
	}
	slab->freelist = next;
	slab->inuse++;
	c->active_objs++;
	if (!next)
		list_move_tail(&slab->lru, &c->slabs_full);
	return obj;
}

/* An object from a partial slab, else from an empty one; NULL if c has
 * neither. Caller holds c->lock. */
static void *cache_alloc_locked(struct kmem_cache *c, unsigned long caller)
{
	struct page *slab;

	lockdep_assert_held(&c->lock);
	if (!list_empty(&c->slabs_partial)) {
		slab = list_first_entry(&c->slabs_partial, struct page, lru);
	} else if (!list_empty(&c->slabs_free)) {
		slab = list_first_entry(&c->slabs_free, struct page, lru);
		list_move_tail(&slab->lru, &c->slabs_partial);
		c->nr_free_slabs--;
	} else {
		return NULL;
	}
	return slab_take_object_locked(c, slab, caller);
}

/* One object of c, growing c by a slab if needed. Takes and releases
 * c->lock; any context. NULL when memory is exhausted. */
static void *cache_alloc(struct kmem_cache *c, gfp_t gfp, unsigned long caller)
{
	unsigned long flags;
	struct page *slab;
	void *obj;

	spin_lock_irqsave(&c->lock, flags);
	obj = cache_alloc_locked(c, caller);
	spin_unlock_irqrestore(&c->lock, flags);
	if (obj)
		return obj;

	slab = slab_new(c, gfp);
	if (!slab)
		return NULL;
	spin_lock_irqsave(&c->lock, flags);
	/* Another CPU may have grown the cache meanwhile: use its slab first
	 * and give ours back, so racing CPUs do not pile up empty slabs. */
	obj = cache_alloc_locked(c, caller);
	if (!obj) {
		slab_add_locked(c, slab);
		slab = NULL;
		obj = cache_alloc_locked(c, caller);
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (slab)
		slab_release(c, slab);
	return obj;
}

/* kmem_cache_alloc() on behalf of caller (reported if the object is damaged). */
static void *slab_alloc(struct kmem_cache *c, gfp_t gfp, unsigned long caller)
{
	void *obj = cache_alloc(c, gfp, caller);

	if (!obj)
		return NULL;
	if (c->ctor)
		c->ctor(obj);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->size);
	return obj;
}

/*
 * Allocate an object of cache. Unlike Linux, where the constructor runs once
 * when a slab is built, here the free-list link and the poison overwrite a
 * freed object, so the constructor runs at every allocation. __GFP_ZERO
 * zeroes the whole slot, after the constructor. Any context; takes and
 * releases cache->lock. NULL when memory is exhausted.
 */
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp)
{
	return slab_alloc(cache, gfp, _RET_IP_);
}

void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp)
{
	return slab_alloc(cache, gfp | __GFP_ZERO, _RET_IP_);
}

/* ---- Freeing ---- */

/* True if obj, a slot of slab, is already free: it carries the poison (or
 * the cache has none) and is on the slab's free list. Caller holds c->lock. */
static bool object_is_free_locked(struct kmem_cache *c, struct page *slab, void *obj)
{
	void *p = slab->freelist;

	lockdep_assert_held(&c->lock);
	if (slab->inuse == 0)
		return true;
	if (cache_poisons(c) && *poison_word(obj) != SLAB_POISON)
		return false;
	for (unsigned n = 0; p && n < c->objs_per_slab; n++) {
		if (p == obj)
			return true;
		p = free_link(p);
		if (!free_link_valid(c, slab, p))
			return false;
	}
	return false;
}

/* The head page of the live slab of c that obj is an allocated object of,
 * or NULL with *why set. Caller holds c->lock. */
static struct page *slab_of_object_locked(struct kmem_cache *c, void *obj, const char **why)
{
	unsigned long pfn = virt_to_phys(obj) >> PAGE_SHIFT;
	struct page *page, *slab;
	unsigned long off;

	lockdep_assert_held(&c->lock);
	*why = "object not from this cache";
	if (pfn >= max_pfn)
		return NULL;
	page = pfn_to_page(pfn);
	if (!PageFlag(page, PG_slab) || page->slab_cache != c ||
	    page->index >= (1UL << c->order) || page->index > pfn)
		return NULL;
	slab = page - page->index;
	if (!PageFlag(slab, PG_slab) || slab->slab_cache != c || slab->index != 0)
		return NULL;
	off = (char *)obj - slab_base(slab);
	*why = "pointer not at the start of an object";
	if (off % c->size || off / c->size >= c->objs_per_slab)
		return NULL;
	*why = "double free";
	if (object_is_free_locked(c, slab, obj))
		return NULL;
	*why = NULL;
	return slab;
}

/* Push obj back on its slab and move the slab to the list it now belongs
 * on. Returns the slab if it became empty and should go back to the buddy
 * allocator (already detached), else NULL. Caller holds c->lock. */
static struct page *slab_put_object_locked(struct kmem_cache *c, struct page *slab, void *obj)
{
	bool was_full = !slab->freelist;

	lockdep_assert_held(&c->lock);
	set_free_link(obj, slab->freelist);
	if (cache_poisons(c))
		*poison_word(obj) = SLAB_POISON;
	slab->freelist = obj;
	slab->inuse--;
	c->active_objs--;
	if (slab->inuse == 0) {
		list_move_tail(&slab->lru, &c->slabs_free);
		c->nr_free_slabs++;
		if (c->nr_free_slabs <= SLAB_SPARE_SLABS)
			return NULL;
		slab_detach_locked(c, slab);
		return slab;
	}
	if (was_full)
		list_move_tail(&slab->lru, &c->slabs_partial);
	return NULL;
}

/* Free obj to c after checking it; caller is reported on a bad free. Takes
 * and releases c->lock; any context. */
static void cache_free(struct kmem_cache *c, void *obj, unsigned long caller)
{
	struct page *slab, *empty = NULL;
	unsigned long flags;
	const char *why;

	spin_lock_irqsave(&c->lock, flags);
	slab = slab_of_object_locked(c, obj, &why);
	if (slab)
		empty = slab_put_object_locked(c, slab, obj);
	spin_unlock_irqrestore(&c->lock, flags);
	if (!slab)
		slab_error(c, obj, caller, why);
	else if (empty)
		slab_release(c, empty);
}

/* Free an object of cache. A bad free (wrong cache, not an object, double
 * free) is reported and ignored. Any context; takes cache->lock. */
void kmem_cache_free(struct kmem_cache *cache, void *obj)
{
	if (obj)
		cache_free(cache, obj, _RET_IP_);
}

/* ---- Creating and destroying caches ---- */

/* Fill in a cache; -EINVAL for a size or alignment it cannot serve. */
static int cache_init(struct kmem_cache *c, const char *name, size_t size, size_t align,
		      void (*ctor)(void *obj))
{
	if (!align)
		align = SLAB_MIN_ALIGN;
	if (size == 0 || size > block_bytes(MAX_ORDER - 1) ||
	    (align & (align - 1)) || align > PAGE_SIZE)
		return -EINVAL;
	c->name = name;
	c->object_size = size;
	c->align = MAX(align, (size_t)SLAB_MIN_ALIGN);
	c->size = ALIGN_UP(MAX(size, (size_t)SLAB_MIN_SIZE), c->align);
	c->ctor = ctor;
	c->order = slab_order(c->size);
	if (c->order >= MAX_ORDER)
		return -EINVAL;
	c->objs_per_slab = block_bytes(c->order) / c->size;
	spin_lock_init(&c->lock);
	INIT_LIST_HEAD(&c->slabs_partial);
	INIT_LIST_HEAD(&c->slabs_full);
	INIT_LIST_HEAD(&c->slabs_free);
	c->nr_free_slabs = c->nr_slabs = c->total_objs = c->active_objs = 0;
	return 0;
}

static void cache_register(struct kmem_cache *c)
{
	unsigned long flags;

	spin_lock_irqsave(&slab_caches_lock, flags);
	list_add_tail(&c->list, &slab_caches);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}

/*
 * A cache of objects of size bytes, aligned to align (0: 8 bytes; must be a
 * power of two up to PAGE_SIZE). name must outlive the cache. NULL if the
 * size or alignment is impossible or memory is exhausted. Takes
 * slab_caches_lock; any context.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     void (*ctor)(void *obj))
{
	struct kmem_cache *c = kmem_cache_alloc(&kmem_cache_boot, GFP_KERNEL);

	if (!c)
		return NULL;
	if (cache_init(c, name, size, align, ctor)) {
		pr_err("slab: cannot create cache %s: size %zu, align %zu\n", name, size, align);
		kmem_cache_free(&kmem_cache_boot, c);
		return NULL;
	}
	cache_register(c);
	return c;
}

/* Move every empty slab of c onto dead. Caller holds c->lock. */
static void cache_shrink_locked(struct kmem_cache *c, struct list_head *dead)
{
	lockdep_assert_held(&c->lock);
	while (!list_empty(&c->slabs_free)) {
		struct page *slab = list_first_entry(&c->slabs_free, struct page, lru);

		slab_detach_locked(c, slab);
		list_add(&slab->lru, dead);
	}
}

/*
 * Destroy a cache and give its pages back. A cache with objects still
 * allocated is a bug in its user: it is reported and left alone. The caller
 * guarantees nobody else uses the cache. Takes slab_caches_lock and
 * cache->lock in turn; any context.
 */
void kmem_cache_destroy(struct kmem_cache *cache)
{
	struct page *slab, *next;
	unsigned long flags, busy;
	LIST_HEAD(dead);

	if (!cache)
		return;
	spin_lock_irqsave(&cache->lock, flags);
	busy = cache->active_objs;
	if (!busy)
		cache_shrink_locked(cache, &dead);
	spin_unlock_irqrestore(&cache->lock, flags);
	if (busy) {
		pr_err("slab: kmem_cache_destroy(%s): %lu objects still allocated\n",
		       cache->name, busy);
		WARN_ON(busy);
		return;
	}
	list_for_each_entry_safe(slab, next, &dead, lru) {
		list_del(&slab->lru);
		slab_release(cache, slab);
	}
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_del(&cache->list);
	spin_unlock_irqrestore(&slab_caches_lock, flags);
	kmem_cache_free(&kmem_cache_boot, cache);
}

/* ---- kmalloc ---- */

/* The smallest size class holding size bytes; NULL above the largest. */
static struct kmem_cache *kmalloc_cache(size_t size)
{
	for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++)
		if (size <= kmalloc_sizes[i])
			return kmalloc_caches[i];
	return NULL;
}

/* A buddy block marked as a large kmalloc() block (see the top). */
static void *kmalloc_large(size_t size, gfp_t gfp)
{
	unsigned order = order_for_bytes(size);
	struct page *page;

	if (order >= MAX_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("kmalloc: %zu bytes is more than the largest block\n", size);
		return NULL;
	}
	page = alloc_pages(gfp, order);
	if (!page)
		return NULL;
	page->private = order + 1;
	page->freelist = KMALLOC_LARGE_MARK;
	return page_address(page);
}

/* size bytes (0 counts as 1), aligned to 8; blocks above 8 KiB are whole
 * pages. Any context. NULL when memory is exhausted. */
void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmem_cache *c;

	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(size, gfp);
	c = kmalloc_cache(size);
	if (WARN_ON_ONCE(!c))		/* before slab_init() */
		return NULL;
	return slab_alloc(c, gfp, _RET_IP_);
}

void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

/* n zeroed elements of size bytes; NULL if n * size overflows. */
void *kcalloc(size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return NULL;
	return kzalloc(bytes, gfp);
}

/* The struct page of obj, or NULL if obj is not in the direct map of RAM. */
static struct page *obj_to_page(const void *obj)
{
	unsigned long pfn = virt_to_phys(obj) >> PAGE_SHIFT;

	return pfn < max_pfn ? pfn_to_page(pfn) : NULL;
}

/* Free a large kmalloc() block whose head page is page. */
static void kfree_large(struct page *page, const void *obj, unsigned long caller)
{
	void *mark = KMALLOC_LARGE_MARK;
	unsigned long order;

	if (((unsigned long)obj & (PAGE_SIZE - 1)) || READ_ONCE(page->freelist) != mark) {
		slab_error(NULL, obj, caller, "kfree() of a pointer that is not a live kmalloc() block");
		return;
	}
	/* Only one of two racing kfree()s of the same block wins. */
	if (!__atomic_compare_exchange_n(&page->freelist, &mark, NULL, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		slab_error(NULL, obj, caller, "double free");
		return;
	}
	order = page->private - 1;
	page->private = 0;
	if (WARN_ON(order >= MAX_ORDER))
		return;
	free_pages(page, order);
}

/* Free a kmalloc() block (or any slab object). NULL is ignored; anything
 * else kmalloc() did not return is reported and ignored. Any context. */
void kfree(const void *obj)
{
	unsigned long caller = _RET_IP_;
	struct kmem_cache *c;
	struct page *page;

	if (!obj)
		return;
	page = obj_to_page(obj);
	if (!page) {
		slab_error(NULL, obj, caller, "kfree() of a pointer outside RAM");
		return;
	}
	c = READ_ONCE(page->slab_cache);
	if (PageFlag(page, PG_slab) && c)
		cache_free(c, (void *)obj, caller);
	else
		kfree_large(page, obj, caller);
}

/* Usable size of a kmalloc() block: its size class, or its whole pages.
 * 0 for NULL or a pointer kmalloc() did not return. */
size_t ksize(const void *obj)
{
	struct page *page = obj ? obj_to_page(obj) : NULL;
	struct kmem_cache *c;

	if (!page)
		return 0;
	c = READ_ONCE(page->slab_cache);
	if (PageFlag(page, PG_slab) && c)
		return c->size;
	if (READ_ONCE(page->freelist) == KMALLOC_LARGE_MARK)
		return block_bytes(page->private - 1);
	return 0;
}

/* ---- Boot and statistics ---- */

/* Set up the cache of caches and the kmalloc() size classes. Boot, CPU 0,
 * after page_alloc_init(); failing here leaves the kernel without kmalloc(),
 * so it panics. */
void slab_init(void)
{
	if (cache_init(&kmem_cache_boot, "kmem_cache", sizeof(struct kmem_cache), 0, NULL))
		panic("slab_init: cannot set up the kmem_cache cache");
	cache_register(&kmem_cache_boot);
	for (unsigned i = 0; i < ARRAY_SIZE(kmalloc_sizes); i++) {
		kmalloc_caches[i] = kmem_cache_create(kmalloc_names[i], kmalloc_sizes[i], 0, NULL);
		if (!kmalloc_caches[i])
			panic("slab_init: cannot create %s", kmalloc_names[i]);
	}
	pr_info("slab: %zu kmalloc size classes, %zu to %d bytes\n",
		ARRAY_SIZE(kmalloc_sizes), kmalloc_sizes[0], KMALLOC_MAX_CACHE_SIZE);
}

/* One line per cache. Takes slab_caches_lock, then each cache's lock. */
void slab_print_stats(void)
{
	unsigned long flags, flags2, active, total, slabs;
	struct kmem_cache *c;

	printk("slab: %-16s %8s %10s %10s %8s\n", "cache", "objsize", "active", "total", "slabs");
	spin_lock_irqsave(&slab_caches_lock, flags);
	list_for_each_entry(c, &slab_caches, list) {
		spin_lock_irqsave(&c->lock, flags2);
		active = c->active_objs;
		total = c->total_objs;
		slabs = c->nr_slabs;
		spin_unlock_irqrestore(&c->lock, flags2);
		printk("slab: %-16s %8zu %10lu %10lu %8lu\n", c->name, c->size, active, total, slabs);
	}
	spin_unlock_irqrestore(&slab_caches_lock, flags);
}
