/*
 * struct page: one per physical page frame, in the mem_map array indexed by
 * page frame number. The buddy allocator, the slab allocator and (later) the
 * page cache, which treats a page as a folio, all keep their state here.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include "kernel/lib/list.h"
#include "kernel/boot/layout.h"

struct kmem_cache;
struct address_space;

enum pageflags {
	PG_reserved,	/* never given to the allocator (kernel image, holes) */
	PG_buddy,	/* head of a free block in the buddy allocator */
	PG_slab,	/* owned by a slab cache */
	PG_locked,	/* folio lock (page cache) */
	PG_uptodate,
	PG_dirty,
	PG_writeback,
	PG_lru,
	PG_lock_tracked,	/* PG_locked's holder has it on its lockdep stack (mm/folio.c) */
	PG_lock_bdev,		/* ... in the class of block-device folios (mm/folio.c) */
	PG_error,		/* page cache: the last read or write of it failed */
	PG_active,		/* lru_lock: on an active LRU list (mm/lru.h) */
	PG_anon,		/* lru_lock: on an anonymous LRU list */
	PG_referenced,		/* accessed since the LRU last looked (any context) */
	PG_swapcache,		/* in the swap cache, private = its swap entry (mm/swap.h) */
	PG_readahead,		/* page cache: reaching it starts the next readahead window */
	PG_hwpoison,		/* its memory failed: out of use for good (mm/memory-failure.c) */
};

struct page {
	unsigned long flags;		/* PG_* bits, atomic bit operations */
	int _refcount;			/* atomic */
	int _mapcount;			/* atomic; page tables mapping it */
	struct address_space *mapping;	/* page cache owner (folio lock) */
	unsigned long index;		/* offset in mapping, in pages */
	struct list_head lru;		/* buddy free list (zone lock) or slab list (cache lock) */
	unsigned long private;		/* buddy: order of a free block; page cache: folio->private */
	struct kmem_cache *slab_cache;	/* PG_slab: owning cache */
	void *freelist;			/* PG_slab: first free object (cache lock) */
	unsigned inuse;			/* PG_slab: objects allocated (cache lock) */
};

extern struct page *mem_map;		/* const after init */
extern unsigned long max_pfn;		/* const after init */

static inline unsigned long page_to_pfn(const struct page *p) { return p - mem_map; }
static inline struct page *pfn_to_page(unsigned long pfn) { return &mem_map[pfn]; }
static inline phys_addr_t page_to_phys(const struct page *p) { return page_to_pfn(p) << PAGE_SHIFT; }

static inline void *phys_to_virt(phys_addr_t pa) { return (void *)(pa + PAGE_OFFSET); }
static inline phys_addr_t virt_to_phys(const void *va)
{
	unsigned long v = (unsigned long)va;

	return v >= KERNEL_VMA ? v - KERNEL_VMA : v - PAGE_OFFSET;
}
static inline void *page_address(const struct page *p) { return phys_to_virt(page_to_phys(p)); }
static inline struct page *virt_to_page(const void *va) { return pfn_to_page(virt_to_phys(va) >> PAGE_SHIFT); }

static inline bool PageFlag(const struct page *p, int bit) { return __atomic_load_n(&p->flags, __ATOMIC_ACQUIRE) & (1UL << bit); }
static inline void SetPageFlag(struct page *p, int bit) { __atomic_fetch_or(&p->flags, 1UL << bit, __ATOMIC_SEQ_CST); }
static inline void ClearPageFlag(struct page *p, int bit) { __atomic_fetch_and(&p->flags, ~(1UL << bit), __ATOMIC_SEQ_CST); }

/*
 * References and mappings. Every holder of a page counts in _refcount:
 * the allocator hands a page out with 1, and a user page keeps one
 * reference per page-table entry that maps it (plus one for a shared
 * anonymous object that holds it). _mapcount counts those page-table
 * entries only (0: mapped nowhere). A private page that one entry alone
 * references may be written in place; any other is copied first
 * (copy-on-write, mm/fault.c).
 */
static inline int page_ref_count(const struct page *p) { return __atomic_load_n(&p->_refcount, __ATOMIC_ACQUIRE); }
static inline void get_page(struct page *p) { __atomic_fetch_add(&p->_refcount, 1, __ATOMIC_RELAXED); }
/* A reference, unless the page is being freed (count 0): for scanners
 * that find pages by pfn rather than through an owner. */
static inline bool get_page_unless_zero(struct page *p)
{
	int c = __atomic_load_n(&p->_refcount, __ATOMIC_RELAXED);

	do {
		if (c <= 0)
			return false;
	} while (!__atomic_compare_exchange_n(&p->_refcount, &c, c + 1, false,
					      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return true;
}
/* Drops a reference; returns true when it was the last one. */
static inline bool put_page_testzero(struct page *p) { return __atomic_sub_fetch(&p->_refcount, 1, __ATOMIC_ACQ_REL) == 0; }

void free_pages(struct page *page, unsigned order);
/* Drop a reference to an order-0 page; the last one frees it. Any context. */
static inline void put_page(struct page *p)
{
	if (put_page_testzero(p))
		free_pages(p, 0);
}

static inline int page_mapcount(const struct page *p) { return __atomic_load_n(&p->_mapcount, __ATOMIC_RELAXED); }
/* A page-table entry now maps p (the caller holds the reference it uses). */
static inline void page_add_map(struct page *p) { __atomic_fetch_add(&p->_mapcount, 1, __ATOMIC_RELAXED); }
/* An entry that mapped p is gone (its reference is dropped separately). */
static inline void page_remove_map(struct page *p) { __atomic_fetch_sub(&p->_mapcount, 1, __ATOMIC_RELAXED); }

#endif
