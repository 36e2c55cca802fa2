/*
 * Buddy allocator over mem_map. One zone covers all RAM. A free block of
 * order k starts at a pfn aligned to 2^k; its head page has PG_buddy set and
 * private = k and sits on free_area[k]. Freeing merges a block with its
 * buddy (pfn ^ 2^k) while the buddy is free and of the same order.
 *
 * Locking: zone_lock (IRQ-safe spinlock) protects the free lists, PG_buddy
 * and private of free pages, and the counters.
 */
#include "mm/page_alloc.h"
#include "mm/memblock.h"
#include "kernel/lib/string.h"
#include "kernel/sync/spinlock.h"
#include "kernel/printk.h"
#include "kernel/sched/sched.h"
#include "mm/lru.h"
#include "mm/vmscan.h"
#include "kernel/user/signal.h"

struct free_area {
	struct list_head free_list;	/* zone_lock */
	unsigned long nr_free;		/* zone_lock: blocks of this order */
};

struct page *mem_map;
unsigned long max_pfn;

static DEFINE_SPINLOCK(zone_lock);
static struct free_area free_area[MAX_ORDER];	/* zone_lock */
static unsigned long free_pages_count;		/* zone_lock */
static unsigned long managed_pages;		/* const after init */
static bool ready;				/* const after init */
unsigned long min_free_pages, low_free_pages, high_free_pages;	/* const after init */

bool page_alloc_ready(void)
{
	return ready;
}

static void set_buddy(struct page *p, unsigned order)
{
	p->private = order;
	SetPageFlag(p, PG_buddy);
}

/* Put the block at pfn of the given order back, merging with free buddies.
 * Caller holds zone_lock. */
static void __free_block(unsigned long pfn, unsigned order)
{
	while (order < MAX_ORDER - 1) {
		unsigned long buddy_pfn = pfn ^ (1UL << order);
		struct page *buddy = pfn_to_page(buddy_pfn);

		if (buddy_pfn >= max_pfn || !PageFlag(buddy, PG_buddy) || buddy->private != order)
			break;
		list_del(&buddy->lru);
		ClearPageFlag(buddy, PG_buddy);
		free_area[order].nr_free--;
		pfn &= ~(1UL << order);
		order++;
	}
	set_buddy(pfn_to_page(pfn), order);
	list_add(&pfn_to_page(pfn)->lru, &free_area[order].free_list);
	free_area[order].nr_free++;
}

/* Take a block of at least `order` and split it down. Caller holds zone_lock. */
static struct page *__alloc_block(unsigned order)
{
	for (unsigned k = order; k < MAX_ORDER; k++) {
		struct page *p;

		if (list_empty(&free_area[k].free_list))
			continue;
		p = list_first_entry(&free_area[k].free_list, struct page, lru);
		list_del(&p->lru);
		ClearPageFlag(p, PG_buddy);
		free_area[k].nr_free--;
		while (k > order) {	/* return the upper halves */
			k--;
			struct page *half = p + (1UL << k);
			set_buddy(half, k);
			list_add(&half->lru, &free_area[k].free_list);
			free_area[k].nr_free++;
		}
		return p;
	}
	return NULL;
}

/* A block of the order if more than keep pages stay free after it. */
static struct page *take_block(unsigned order, unsigned long keep)
{
	unsigned long flags;
	struct page *p = NULL;

	spin_lock_irqsave(&zone_lock, flags);
	if (free_pages_count >= keep + (1UL << order))
		p = __alloc_block(order);
	if (p)
		free_pages_count -= 1UL << order;
	spin_unlock_irqrestore(&zone_lock, flags);
	return p;
}

/* May this allocation sleep to reclaim memory? */
static bool may_reclaim(gfp_t gfp)
{
	return (gfp & __GFP_DIRECT_RECLAIM) && !(gfp & __GFP_NORETRY) && !in_atomic() &&
	       !irqs_disabled() && current && current->pid != 0 &&
	       !(current->thread_flags & TIF_MEMALLOC);
}

/*
 * Below the min watermark: reclaim and retry; when four rounds of reclaim
 * in a row make no progress, let the OOM killer free memory (it returns false when it
 * cannot) and wait for its victim. A task that is being killed may
 * then take the reserve, so that it exits.
 */
static struct page *alloc_slowpath(gfp_t gfp, unsigned order)
{
	struct page *p;

	int stalled = 0;

	for (int tries = 0; tries < 200; tries++) {
		unsigned long progress;

		wakeup_kswapd();
		progress = try_to_free_pages(order);
		p = take_block(order, min_free_pages);
		if (p)
			return p;
		if (fatal_signal_pending(current))
			break;
		if (progress) {
			stalled = 0;
			continue;
		}
		if (++stalled < 4) {	/* writes may be finishing: look again */
			msleep(5);
			continue;
		}
		if (order > 3 || !out_of_memory(order))
			break;
		stalled = 0;
		msleep(10);		/* the victim exits and frees */
	}
	return take_block(order, fatal_signal_pending(current) ? 0 : min_free_pages);
}

struct page *alloc_pages(gfp_t gfp, unsigned order)
{
	bool reclaim = may_reclaim(gfp);
	struct page *p;

	if (order >= MAX_ORDER)
		return NULL;
	p = take_block(order, reclaim ? min_free_pages : 0);
	if (!p && reclaim)
		p = alloc_slowpath(gfp, order);
	if (!(gfp & __GFP_NORETRY) && ready && READ_ONCE(free_pages_count) < low_free_pages)
		wakeup_kswapd();
	if (!p) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn("page allocation failure: order %u, %lu pages free\n",
				order, nr_free_pages());
		return NULL;
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		p[i].flags = 0;
		p[i]._refcount = 1;
		p[i]._mapcount = 0;
		p[i].mapping = NULL;
		p[i].slab_cache = NULL;
	}
	if (gfp & __GFP_ZERO)
		memset(page_address(p), 0, PAGE_SIZE << order);
	return p;
}

/* The free block holding pfn, as (head pfn, order); false if pfn is not
 * free. Caller holds zone_lock. */
static bool find_free_block(unsigned long pfn, unsigned long *head, unsigned *order)
{
	for (unsigned k = 0; k < MAX_ORDER; k++) {
		unsigned long h = pfn & ~((1UL << k) - 1);
		struct page *hp = pfn_to_page(h);

		if (PageFlag(hp, PG_buddy) && hp->private == k) {
			*head = h;
			*order = k;
			return true;
		}
	}
	return false;
}

struct page *alloc_free_page_below(unsigned long min_pfn, unsigned long *cursor)
{
	struct page *p = NULL;
	unsigned long flags;

	while (!p && *cursor > min_pfn) {
		spin_lock_irqsave(&zone_lock, flags);
		for (int n = 0; n < 256 && *cursor > min_pfn && !p; n++) {
			unsigned long pfn = --*cursor, head;
			unsigned k;

			if (!find_free_block(pfn, &head, &k))
				continue;
			if (free_pages_count <= min_free_pages) {
				*cursor = min_pfn;	/* keep the reserve: stop */
				break;
			}
			list_del(&pfn_to_page(head)->lru);
			ClearPageFlag(pfn_to_page(head), PG_buddy);
			free_area[k].nr_free--;
			while (k > 0) {		/* give back the halves without pfn */
				unsigned long other;

				k--;
				other = (pfn - head) >> k & 1 ? head : head + (1UL << k);
				if (other == head)
					head += 1UL << k;
				set_buddy(pfn_to_page(other), k);
				list_add(&pfn_to_page(other)->lru, &free_area[k].free_list);
				free_area[k].nr_free++;
			}
			free_pages_count--;
			p = pfn_to_page(pfn);
		}
		spin_unlock_irqrestore(&zone_lock, flags);
	}
	if (!p)
		return NULL;
	p->flags = 0;
	p->_refcount = 1;
	p->_mapcount = 0;
	p->mapping = NULL;
	p->slab_cache = NULL;
	return p;
}

void free_pages(struct page *page, unsigned order)
{
	unsigned long flags;

	if (!page)
		return;
	if (PageFlag(page, PG_lru))
		lru_del_freed(page);
	spin_lock_irqsave(&zone_lock, flags);
	__free_block(page_to_pfn(page), order);
	free_pages_count += 1UL << order;
	spin_unlock_irqrestore(&zone_lock, flags);
}

void *__get_free_pages(gfp_t gfp, unsigned order)
{
	struct page *p = alloc_pages(gfp, order);

	return p ? page_address(p) : NULL;
}

void free_pages_addr(void *addr, unsigned order)
{
	if (addr)
		free_pages(virt_to_page(addr), order);
}

unsigned long nr_free_pages(void)
{
	return READ_ONCE(free_pages_count);
}

unsigned long totalram_pages(void)
{
	return managed_pages;
}

static void boot_free_pfn(unsigned long pfn)
{
	ClearPageFlag(pfn_to_page(pfn), PG_reserved);
	__free_block(pfn, 0);
	free_pages_count++;
	managed_pages++;
}

/* Single-threaded boot: builds mem_map and frees every unreserved page. */
void page_alloc_init(void)
{
	max_pfn = memblock_end_of_ram() >> PAGE_SHIFT;
	mem_map = phys_to_virt(memblock_alloc(max_pfn * sizeof(struct page)));
	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		mem_map[pfn].flags = 1UL << PG_reserved;
		INIT_LIST_HEAD(&mem_map[pfn].lru);
	}
	for (unsigned k = 0; k < MAX_ORDER; k++)
		INIT_LIST_HEAD(&free_area[k].free_list);
	memblock_for_each_free_pfn(boot_free_pfn);
	/* Linux's min_free_kbytes is about 4*sqrt(RAM in kB); a 64th of
	 * RAM, 128 pages at least and 1024 at most, is near it here. */
	min_free_pages = MIN(MAX(managed_pages / 64, 128UL), 1024UL);
	low_free_pages = min_free_pages + min_free_pages / 4;
	high_free_pages = min_free_pages + min_free_pages / 2;
	ready = true;
}

void page_alloc_print_stats(void)
{
	printk("buddy: %lu of %lu pages free; free blocks per order:", nr_free_pages(), managed_pages);
	for (unsigned k = 0; k < MAX_ORDER; k++)
		printk(KERN_CONT " %lu", READ_ONCE(free_area[k].nr_free));
	printk(KERN_CONT "\n");
}
