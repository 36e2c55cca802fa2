/*
 * The buddy page allocator: blocks of 2^order pages, order 0..MAX_ORDER-1.
 * Allocation never sleeps and returns NULL when memory is exhausted.
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include "mm/page.h"

typedef unsigned gfp_t;
#define __GFP_ZERO	0x1u	/* zero the memory */
#define __GFP_NOWARN	0x2u	/* no console message on failure */
#define __GFP_NORETRY	0x4u	/* on failure, do not ask the shrinkers for memory */
#define __GFP_DIRECT_RECLAIM 0x40u	/* may sleep to reclaim memory (mm/vmscan.h) */
#define GFP_KERNEL	(0x10u | __GFP_DIRECT_RECLAIM)	/* ordinary kernel allocation */
#define GFP_ATOMIC	0x20u	/* from interrupt or under a spinlock */

#define MAX_ORDER 11		/* largest block: 2^10 pages = 4 MiB */

void page_alloc_init(void);	/* take over all free memory from memblock */
bool page_alloc_ready(void);

/*
 * Any context. NULL on failure. Watermarks: an allocation that may
 * reclaim (__GFP_DIRECT_RECLAIM, not __GFP_NORETRY, made where sleeping
 * is allowed and not by reclaim itself) leaves min_free pages free: below
 * that it reclaims (mm/vmscan.h: page cache, swap, the shrinkers) and
 * retries, and as a last resort, for a user process, kills one
 * (mm/oom_kill.c). Other allocations may take every free page. Any
 * allocation that leaves fewer than low_free pages wakes kswapd (unless
 * __GFP_NORETRY), which reclaims until high_free are free.
 */
struct page *alloc_pages(gfp_t gfp, unsigned order);
void free_pages(struct page *page, unsigned order);
/*
 * Compaction's free scanner: the free page with the highest pfn below
 * *cursor and at or above min_pfn, taken as alloc_page() would give it;
 * *cursor becomes its pfn (the next call looks below it). NULL when none
 * is left there or free memory is down to the min watermark. Any context
 * but an interrupt; does not sleep.
 */
struct page *alloc_free_page_below(unsigned long min_pfn, unsigned long *cursor);
static inline struct page *alloc_page(gfp_t gfp) { return alloc_pages(gfp, 0); }
static inline void free_page(struct page *page) { free_pages(page, 0); }

/* The same, as direct-map addresses. */
void *__get_free_pages(gfp_t gfp, unsigned order);
void free_pages_addr(void *addr, unsigned order);

unsigned long nr_free_pages(void);
/* The watermarks, in pages (const after init). */
extern unsigned long min_free_pages, low_free_pages, high_free_pages;
unsigned long totalram_pages(void);
/* Free blocks per order, for /proc and the monitor. */
void page_alloc_print_stats(void);

#include "mm/slab.h"

#endif
