/*
 * Shared anonymous memory (see shared_anon.h). The pages hang off a fixed
 * three-level tree of 512-entry nodes, one page each, indexed by the
 * page offset: 2^27 pages (512 GiB) at most. Nodes are created on demand
 * and freed with the object.
 */
#include "mm/shared_anon.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "kernel/sync/mutex.h"
#include "kernel/errno.h"

#define SA_LEVELS	3
#define SA_FANOUT	512
#define SA_MAX_PAGES	(1UL << (9 * SA_LEVELS))

struct shared_anon {
	int refcount;			/* atomic: VMAs referring to it */
	struct mutex lock;
	void **root;			/* lock: top node, or NULL */
	unsigned long nr_pages;		/* lock: pages held */
};

struct shared_anon *shared_anon_create(void)
{
	struct shared_anon *obj = kzalloc(sizeof(*obj), GFP_KERNEL);

	if (!obj)
		return NULL;
	obj->refcount = 1;
	mutex_init(&obj->lock);
	return obj;
}

void shared_anon_get(struct shared_anon *obj)
{
	__atomic_fetch_add(&obj->refcount, 1, __ATOMIC_RELAXED);
}

/* Free a node of the given level (0: its slots hold pages) and below. */
static void free_node(void **node, int level)
{
	for (int i = 0; i < SA_FANOUT; i++) {
		if (!node[i])
			continue;
		if (level)
			free_node(node[i], level - 1);
		else
			put_page(node[i]);
	}
	free_pages_addr(node, 0);
}

void shared_anon_put(struct shared_anon *obj)
{
	if (__atomic_sub_fetch(&obj->refcount, 1, __ATOMIC_ACQ_REL))
		return;
	if (obj->root)
		free_node(obj->root, SA_LEVELS - 1);
	kfree(obj);
}

/* The slot of pgoff, creating the nodes above it; NULL when out of
 * memory. obj->lock held. */
static void **slot_of(struct shared_anon *obj, unsigned long pgoff)
{
	void ***link = (void ***)&obj->root;

	for (int level = SA_LEVELS - 1;; level--) {
		if (!*link) {
			*link = __get_free_pages(GFP_KERNEL | __GFP_ZERO, 0);
			if (!*link)
				return NULL;
		}
		if (level == 0)
			return &(*link)[pgoff % SA_FANOUT];
		link = (void ***)&(*link)[(pgoff >> (9 * level)) % SA_FANOUT];
	}
}

struct page *shared_anon_get_page(struct shared_anon *obj, unsigned long pgoff)
{
	struct page *page = NULL;
	void **slot;

	might_sleep();
	if (pgoff >= SA_MAX_PAGES)
		return NULL;
	mutex_lock(&obj->lock);
	slot = slot_of(obj, pgoff);
	if (slot && !*slot) {
		*slot = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (*slot)
			obj->nr_pages++;
	}
	if (slot && *slot) {
		page = *slot;
		get_page(page);
	}
	mutex_unlock(&obj->lock);
	return page;
}

unsigned long shared_anon_nr_pages(struct shared_anon *obj)
{
	unsigned long n;

	mutex_lock(&obj->lock);
	n = obj->nr_pages;
	mutex_unlock(&obj->lock);
	return n;
}
