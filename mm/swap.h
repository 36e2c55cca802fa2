/*
 * Swap: anonymous pages written to a swap area (a partition, or a file
 * whose filesystem maps it to disk blocks through ->swap_activate), so
 * that their memory can be reused; a later access reads them back.
 *
 * A swap area is Linux's format (mkswap): page 0 holds the header
 * ("SWAPSPACE2" in its last 10 bytes, the number of the last page, bad
 * pages), pages 1..last are slots of one page each. A swapped-out page's
 * PTE holds a swap entry (area, slot) instead of a page (not present;
 * swp_pte below). Each slot has a count (swap_map): one per PTE holding
 * its entry, plus one while a page of the swap cache holds its data. The
 * slot is free when the count drops to zero; the disk is told
 * (->swap_slot_free_notify, under swap_lock).
 *
 * The swap cache: pages whose data is (or is being) in a slot, found by
 * entry. A page being swapped out enters it when its first PTE becomes a
 * swap entry, is written while no PTE maps it (or later), and leaves it
 * once clean and unused; a fault finds it there (no read) or reads the
 * slot into a new page added there, so processes that share a swapped
 * page after fork share it again. A swap-cache page is anonymous
 * (mapping NULL), PG_swapcache set, private = its entry.
 *
 * Finding the PTEs of an anonymous page: there is no reverse map; reclaim
 * walks the page tables of every process (swap_out_mm), as Linux 2.4 did:
 * a page whose accessed bit is set gets it cleared and stays, another is
 * put in the swap cache and its PTE replaced by the entry.
 *
 * Locks: swap_lock (spinlock, not IRQ-safe: no completion touches it)
 * protects the areas, their maps and the swap cache index; it nests
 * inside page_table_lock and the folio lock. swapon_mutex serialises
 * swapon and swapoff.
 */
#ifndef MM_SWAP_H
#define MM_SWAP_H

#include "kernel/types.h"
#include "mm/mm.h"
#include "fs/vfs/fs.h"

struct page;
struct folio;

#define MAX_SWAPFILES		8
#define SWP_TYPE_BITS		5

typedef struct { unsigned long val; } swp_entry_t;	/* type << 58 | offset; 0: none */

static inline swp_entry_t swp_entry(unsigned type, unsigned long offset)
{
	return (swp_entry_t){ ((unsigned long)type << 58) | offset };
}
static inline unsigned swp_type(swp_entry_t e) { return (unsigned)(e.val >> 58); }
static inline unsigned long swp_offset(swp_entry_t e) { return e.val & ((1UL << 58) - 1); }

/* A swap PTE: not present, not PROT_NONE, bit 6 set, the offset in the
 * address bits, the type in bits 1-5. */
#define PTE_SWAP_MARK	(1UL << 6)
static inline bool is_swap_pte(u64 e)
{
	return !(e & (PTE_P | PTE_PROTNONE)) && (e & PTE_SWAP_MARK);
}
static inline u64 swp_entry_to_pte(swp_entry_t e)
{
	return (swp_offset(e) << 12) | ((u64)swp_type(e) << 1) | PTE_SWAP_MARK;
}
static inline swp_entry_t pte_to_swp_entry(u64 e)
{
	return swp_entry((unsigned)((e >> 1) & 31), (e >> 12) & ((1UL << 40) - 1));
}

/* A PTE whose page had a memory failure (mm/memory-failure.c): a swap
 * entry of a type no swap area has; an access raises SIGBUS, a zap or a
 * fork just drops or copies it. */
#define SWP_HWPOISON	31
static inline swp_entry_t make_hwpoison_entry(void) { return swp_entry(SWP_HWPOISON, 0); }
static inline bool is_hwpoison_entry(swp_entry_t e) { return swp_type(e) == SWP_HWPOISON; }

/* ---- swap areas (mm/swapfile.c) */

#define SWP_USED	0x01	/* the slot of swap_info[] is taken */
#define SWP_WRITEOK	0x02	/* slots may be allocated (cleared by swapoff) */
#define SWP_BLKDEV	0x04	/* a block device (partition or disk) */
#define SWP_FS_OPS	0x08	/* I/O through the file's ->swap_rw (set by ->swap_activate) */
#define SWP_ACTIVATED	0x10	/* ->swap_activate succeeded: ->swap_deactivate at swapoff */

struct block_device;
struct file;

/* A run of slots that lie contiguously on the device. */
struct swap_extent {
	unsigned long start_page;	/* first slot */
	unsigned long nr_pages;
	sector_t start_block;		/* its first sector (512 bytes) on sis->bdev */
};

#define SWAP_MAX_EXTENTS	64

struct swap_info_struct {
	unsigned flags;			/* SWP_*; swap_lock */
	int type;			/* const: index in swap_info[] */
	int prio;			/* const */
	char name[64];			/* const: the path swapon was given */
	struct file *swap_file;		/* const while used: a reference */
	struct block_device *bdev;	/* const: where slots live (NULL: SWP_FS_OPS only) */
	unsigned long max;		/* const: slots 0..max-1 (0 is the header) */
	unsigned long pages;		/* const: usable slots */
	unsigned short *swap_map;	/* swap_lock: count per slot (0: free) */
	unsigned long inuse_pages;	/* swap_lock: slots with a count */
	unsigned long cluster_next;	/* swap_lock: where the next search starts */
	int nr_extents;			/* const after swapon */
	struct swap_extent extents[SWAP_MAX_EXTENTS];
};

/*
 * For ->swap_activate: slots [start_page, start_page + nr_pages) are at
 * start_block (sectors) of sis->bdev. Returns 1 (one extent added) or
 * -ENOMEM when there are too many.
 */
int add_swap_extent(struct swap_info_struct *sis, unsigned long start_page,
		    unsigned long nr_pages, sector_t start_block);

/* Swap on file (a block device or a regular file), as swapon(2) does.
 * 0 or -errno. Takes swapon_mutex. */
int swapon_file(struct file *file, const char *name, int prio);
/* Swap off the area of the file (same inode), bringing every page back.
 * 0 or -errno (-EINVAL: not a swap area, -ENOMEM: no room for them). */
int swapoff_file(struct file *file);
/* Up to max live processes with an mm, each with a reference the caller
 * drops (put_task_struct). Takes tasklist_lock. */
struct task_struct;
int get_user_tasks(struct task_struct **tasks, int max);
/* The area of an entry (valid while the entry has a count). */
struct swap_info_struct *swp_info(swp_entry_t entry);

/* ---- for the page tables (mm/memory.c, mm/fault.c) */

/* One more PTE holds entry (fork copied it). Under page_table_lock. */
void swap_duplicate(swp_entry_t entry);
/* A PTE holding entry went (unmap, exit): drop its count; the last one
 * frees the slot (and the swap-cache page, if unused). Under
 * page_table_lock; never sleeps. */
void swap_free_entry(swp_entry_t entry);
/*
 * A fault on a swap PTE (value e) at vmf->address: find the page in the
 * swap cache or read it, and map it. Called with mmap_lock held (read)
 * like every fault. 0, or -ENOMEM / -EIO (SIGBUS).
 */
int do_swap_page(struct mm_struct *mm, struct vm_fault *vmf, u64 *pte, u64 e);

/* ---- slots (mm/swapfile.c) and the cache (mm/swap_state.c) */

/* A free slot, its count 1 (for the swap cache); .val 0 if none. */
swp_entry_t get_swap_page(void);
/* Drop the swap cache's count of entry (the page left the cache).
 * page: the page that held it (locked), for the disk's notification.
 * Caller holds swap_lock. */
void __swap_cache_put_entry(swp_entry_t entry, const struct page *page);
/* A page is about to enter the swap cache for entry, which PTEs hold:
 * 0, -EEXIST (another is there or on its way), -ENOENT (the slot went).
 * Caller holds swap_lock. */
int __swapcache_prepare(swp_entry_t entry);
/* PTE references to the slot of entry (its count without the cache's). */
int swap_pte_count(swp_entry_t entry);
int swap_pte_count_locked(swp_entry_t entry);	/* swap_lock held */
/* The area of type (swapon_mutex or an entry's count keeps it). */
struct swap_info_struct *swap_info_of(int type);
/* swap_free_entry with swap_lock held; page: the page being swapped in
 * (locked) or NULL, for the disk's notification. */
void __swap_free_entry(swp_entry_t entry, const struct page *page);
extern spinlock_t swap_lock;

/* Read or write one slot with the page (locked). A write sets writeback
 * and unlocks it, the completion ends writeback; a read waits and leaves
 * it uptodate (or not, with PG_error) and unlocked. */
void swap_writepage(struct page *page);
int swap_readpage(struct page *page, swp_entry_t entry);

/* Bring back the pages of area type that mm's PTEs hold (swapoff does
 * it to every process). Takes mm's mmap_lock (read). 0 or -errno. */
int unuse_mm(struct mm_struct *mm, int type);
/* Bring every page of area type back from swap (swapoff). 0 or -errno. */
int try_to_unuse(int type);
/* Swap out up to nr pages of mm's (tests, reclaim): see swap_reclaim. */
unsigned long swap_out_mm(struct mm_struct *mm, unsigned long nr, bool may_write);

/* ---- for reclaim (mm/vmscan.c) */

/* Swap out up to nr anonymous pages and free the swap-cache pages that
 * are written and unused. may_write: start writes (kswapd). Returns the
 * pages freed. No-op without swap. May sleep. */
unsigned long swap_reclaim(unsigned long nr, bool may_write);
void reclaim_count_swapout(void);

/* Pages of swap, and free ones (all areas). */
unsigned long total_swap_pages(void);
unsigned long nr_swap_free(void);
/* Pages in the swap cache. */
unsigned long swap_cache_pages(void);

/* /proc/swaps */
struct seq_file;
void swaps_show(struct seq_file *m);

#endif
