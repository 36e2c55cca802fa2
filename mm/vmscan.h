/*
 * Reclaim: getting pages back when free memory runs low (the page
 * allocator's watermarks, mm/page_alloc.h).
 *
 * kswapd, a kernel thread, is woken when an allocation leaves fewer than
 * low_free_pages free and reclaims until high_free_pages are; an
 * allocation that would go below min_free_pages and may sleep reclaims
 * itself ("direct reclaim") before retrying. Both scan the inactive LRU
 * lists (mm/lru.h): clean unmapped page-cache folios are dropped (their
 * buffers through ->release_folio), mapped ones unmapped first, dirty
 * ones written by ->writepage in cleansing mode (kswapd only: direct
 * reclaim may run under filesystem locks); anonymous pages go to swap
 * (mm/swap.h); the shrinkers (dcache, icache) run too. What they free,
 * and how, is in mm/vmscan.c.
 *
 * A reclaiming task has TIF_MEMALLOC set: its own allocations neither
 * reclaim again nor respect the min watermark (the reserve is for it).
 */
#ifndef MM_VMSCAN_H
#define MM_VMSCAN_H

#include "kernel/types.h"

/* Reclaim a batch for an allocation of 2^order pages that failed.
 * Returns the pages freed. May sleep; takes only trylocks on what
 * others may hold across an allocation. */
unsigned long try_to_free_pages(unsigned order);
/* Ask kswapd to run (no-op before it exists). Any context. */
void wakeup_kswapd(void);
/* Start kswapd (boot). */
void kswapd_init(void);

/* Try to free nr pages now, as kswapd would (writing dirty folios,
 * swapping). For tests and drop_caches. Returns the pages freed. */
unsigned long shrink_memory(unsigned long nr);

/* mmput() for reclaim and the OOM killer: a last reference is dropped
 * by kswapd, never under the caller's locks. */
struct mm_struct;
void reclaim_mmput(struct mm_struct *mm);

/* Counters for /proc/vmstat-like reports and tests. */
struct reclaim_stats {
	unsigned long scanned;		/* LRU pages looked at */
	unsigned long reclaimed;	/* pages freed */
	unsigned long written;		/* ->writepage (cleansing) calls */
	unsigned long swapped_out;	/* anonymous pages written to swap */
	unsigned long kswapd_runs;
	unsigned long direct_runs;
};
void reclaim_get_stats(struct reclaim_stats *st);

/* The last resort (mm/oom_kill.c): kill the user process with the most
 * memory so that an allocation can go on. False if there is none to
 * kill (and no victim still dying). May sleep. */
bool out_of_memory(unsigned order);
unsigned long oom_kill_count(void);	/* processes killed so far */

#endif
