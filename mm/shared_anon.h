/*
 * Shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS): the pages live in an
 * object that every VMA mapping them refers to, indexed by page offset, so
 * that a parent and the children it forks find the same page whoever
 * touches it first. Pages are allocated zeroed on first use and freed with
 * the object, when the last VMA referring to it goes.
 *
 * Locking: obj->lock (a mutex) protects the page tree; it is taken under
 * mmap_lock (the fault path) and nothing is taken under it but the page
 * allocator. The reference count is atomic.
 */
#ifndef MM_SHARED_ANON_H
#define MM_SHARED_ANON_H

#include "kernel/types.h"

struct page;
struct shared_anon;

/* A new, empty object with one reference; NULL when out of memory. */
struct shared_anon *shared_anon_create(void);
void shared_anon_get(struct shared_anon *obj);
/* Drop a reference; the last frees the object and its pages' references.
 * May sleep. */
void shared_anon_put(struct shared_anon *obj);
/* The page at pgoff, allocated zeroed if it was missing, with a new
 * reference for the caller. NULL when out of memory (or pgoff beyond the
 * 512 GiB an object can hold). May sleep. */
struct page *shared_anon_get_page(struct shared_anon *obj, unsigned long pgoff);
/* Pages the object holds, for tests. */
unsigned long shared_anon_nr_pages(struct shared_anon *obj);

#endif
