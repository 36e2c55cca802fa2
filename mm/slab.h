/*
 * The slab allocator: caches of equal-sized objects carved from pages, and
 * kmalloc() on top of a set of size-class caches. Never sleeps; returns NULL
 * when memory is exhausted.
 */
#ifndef MM_SLAB_H
#define MM_SLAB_H

#include "mm/page_alloc.h"

struct kmem_cache;

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align,
				     void (*ctor)(void *obj));
void kmem_cache_destroy(struct kmem_cache *cache);
void *kmem_cache_alloc(struct kmem_cache *cache, gfp_t gfp);
void *kmem_cache_zalloc(struct kmem_cache *cache, gfp_t gfp);
void kmem_cache_free(struct kmem_cache *cache, void *obj);

void *kmalloc(size_t size, gfp_t gfp);
void *kzalloc(size_t size, gfp_t gfp);
void *kcalloc(size_t n, size_t size, gfp_t gfp);
void kfree(const void *obj);
size_t ksize(const void *obj);	/* usable size of a kmalloc() object */

void slab_init(void);		/* after page_alloc_init() */
void slab_print_stats(void);	/* one line per cache */

#endif
