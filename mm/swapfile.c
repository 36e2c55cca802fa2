/*
 * Swap areas (mm/swap.h): swapon(2) and swapoff(2), the slot counts
 * (swap_map), allocating and freeing slots, /proc/swaps.
 *
 * swapon: a block device is used whole (one extent from sector 0); a
 * regular file through its filesystem's ->swap_activate, which adds the
 * extents (add_swap_extent) that say where its pages lie on sis->bdev,
 * or sets SWP_FS_OPS so that I/O goes through ->swap_rw; a file without
 * ->swap_activate, or whose filesystem maps no blocks (tmpfs: no ->bmap),
 * is -EINVAL, as in Linux. The first page must hold mkswap's header.
 *
 * Locks: swapon_mutex serialises swapon and swapoff (held across
 * ->swap_activate/->swap_deactivate, which may sleep; no folio lock).
 * swap_lock (spinlock, not taken in interrupts) protects swap_info[],
 * each area's flags, swap_map, inuse_pages and cluster_next, and the
 * counters; ->swap_slot_free_notify is called under it.
 */
#include "mm/swap.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/file.h"
#include "fs/seq_file.h"
#include "drivers/block/blkdev.h"
#include "drivers/block/bio.h"
#include "drivers/block/ops.h"
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/cred.h"
#include "kernel/sync/mutex.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/panic.h"

DEFINE_SPINLOCK(swap_lock);
static DEFINE_MUTEX(swapon_mutex);
static struct swap_info_struct *swap_info[MAX_SWAPFILES];	/* swap_lock */
static unsigned long nr_swap_pages_total;	/* swap_lock: usable slots of writable areas */
static unsigned long nr_swap_pages_used;	/* swap_lock */

#define SWAP_HEADER_MAGIC	"SWAPSPACE2"
#define SWAP_HAS_CACHE		0x8000	/* swap_map: a swap-cache page holds the slot */
#define SWAP_COUNT_MASK		0x7fff	/* swap_map: PTEs holding the entry */

/* Linux's union swap_header, the fields used. */
struct swap_header_info {
	char bootbits[1024];
	u32 version;
	u32 last_page;
	u32 nr_badpages;
	unsigned char sws_uuid[16];
	unsigned char sws_volume[16];
	u32 padding[117];
	u32 badpages[1];
};

unsigned long total_swap_pages(void)
{
	return READ_ONCE(nr_swap_pages_total);
}

unsigned long nr_swap_free(void)
{
	unsigned long t = READ_ONCE(nr_swap_pages_total), u = READ_ONCE(nr_swap_pages_used);

	return t > u ? t - u : 0;
}

struct swap_info_struct *swp_info(swp_entry_t entry)
{
	unsigned type = swp_type(entry);

	return type < MAX_SWAPFILES ? READ_ONCE(swap_info[type]) : NULL;
}

int add_swap_extent(struct swap_info_struct *sis, unsigned long start_page,
		    unsigned long nr_pages, sector_t start_block)
{
	struct swap_extent *last = sis->nr_extents ? &sis->extents[sis->nr_extents - 1] : NULL;

	if (last && last->start_page + last->nr_pages == start_page &&
	    last->start_block + (last->nr_pages << (PAGE_SHIFT - SECTOR_SHIFT)) == start_block) {
		last->nr_pages += nr_pages;	/* continues the last one */
		return 0;
	}
	if (sis->nr_extents == SWAP_MAX_EXTENTS)
		return -ENOMEM;
	sis->extents[sis->nr_extents++] = (struct swap_extent){ start_page, nr_pages, start_block };
	return 1;
}

/* ------------------------------------------------------------ slots */

/* Slot counts. Caller holds swap_lock. */
static void slot_freed(struct swap_info_struct *sis, unsigned long offset, const struct page *page)
{
	sis->inuse_pages--;
	nr_swap_pages_used--;
	if (sis->bdev && sis->bdev->bd_disk->fops->swap_slot_free_notify)
		call_bdev_swap_slot_free_notify(sis->bdev, offset, page);
}

swp_entry_t get_swap_page(void)
{
	swp_entry_t none = { 0 };

	spin_lock(&swap_lock);
	for (int t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info_struct *sis = swap_info[t];

		if (!sis || !(sis->flags & SWP_WRITEOK) || sis->inuse_pages >= sis->pages)
			continue;
		for (unsigned long n = 0; n < sis->max; n++) {
			unsigned long off = sis->cluster_next++;

			if (sis->cluster_next >= sis->max)
				sis->cluster_next = 1;
			if (off == 0 || off >= sis->max || sis->swap_map[off])
				continue;
			sis->swap_map[off] = SWAP_HAS_CACHE;
			sis->inuse_pages++;
			nr_swap_pages_used++;
			spin_unlock(&swap_lock);
			return swp_entry((unsigned)t, off);
		}
	}
	spin_unlock(&swap_lock);
	return none;
}

void __swap_cache_put_entry(swp_entry_t entry, const struct page *page)
{
	struct swap_info_struct *sis = swap_info[swp_type(entry)];
	unsigned long off = swp_offset(entry);

	lockdep_assert_held(&swap_lock);
	if (WARN_ON(!sis || off >= sis->max || !(sis->swap_map[off] & SWAP_HAS_CACHE)))
		return;
	sis->swap_map[off] &= ~SWAP_HAS_CACHE;
	if (sis->swap_map[off] == 0)
		slot_freed(sis, off, page);
}

/* Count of the slot of entry. Caller holds swap_lock. */
static unsigned short *slot_count(swp_entry_t entry)
{
	struct swap_info_struct *sis = swp_type(entry) < MAX_SWAPFILES ? swap_info[swp_type(entry)] : NULL;

	if (!sis || swp_offset(entry) >= sis->max)
		return NULL;
	return &sis->swap_map[swp_offset(entry)];
}

int __swapcache_prepare(swp_entry_t entry)
{
	unsigned short *c = slot_count(entry);

	lockdep_assert_held(&swap_lock);
	if (!c || !(*c & SWAP_COUNT_MASK))
		return -ENOENT;
	if (*c & SWAP_HAS_CACHE)
		return -EEXIST;
	*c |= SWAP_HAS_CACHE;
	return 0;
}

int swap_pte_count_locked(swp_entry_t entry)
{
	unsigned short *c = slot_count(entry);

	lockdep_assert_held(&swap_lock);
	return c ? *c & SWAP_COUNT_MASK : 0;
}

struct swap_info_struct *swap_info_of(int type)
{
	return READ_ONCE(swap_info[type]);
}

int swap_pte_count(swp_entry_t entry)
{
	unsigned short *c;
	int n;

	spin_lock(&swap_lock);
	c = slot_count(entry);
	n = c ? *c & SWAP_COUNT_MASK : 0;
	spin_unlock(&swap_lock);
	return n;
}

void swap_free_entry(swp_entry_t entry)
{
	if (is_hwpoison_entry(entry))
		return;
	spin_lock(&swap_lock);
	__swap_free_entry(entry, NULL);
	spin_unlock(&swap_lock);
}

void swap_duplicate(swp_entry_t entry)
{
	unsigned short *c;

	if (is_hwpoison_entry(entry))
		return;
	spin_lock(&swap_lock);
	c = slot_count(entry);
	if (!WARN_ON(!c || !*c || (*c & SWAP_COUNT_MASK) == SWAP_COUNT_MASK))
		(*c)++;
	spin_unlock(&swap_lock);
}

void __swap_free_entry(swp_entry_t entry, const struct page *page)
{
	unsigned short *c = slot_count(entry);

	if (WARN_ON(!c || !(*c & SWAP_COUNT_MASK)))
		return;
	if (--*c == 0)
		slot_freed(swap_info[swp_type(entry)], swp_offset(entry), page);
}

/* ------------------------------------------------------------ swapon */

/* Read the header page and check it; the usable slot count, or -EINVAL. */
static long read_swap_header(struct swap_info_struct *sis, struct file *file, unsigned long max)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	struct swap_header_info *h;
	long ret = -EINVAL;

	if (!page)
		return -ENOMEM;
	h = page_address(page);
	if (sis->bdev) {
		struct bio *bio = bio_alloc(sis->bdev, 1, REQ_OP_READ, GFP_KERNEL);

		if (!bio) {
			free_page(page);
			return -ENOMEM;
		}
		bio->bi_sector = 0;
		bio_add_page(bio, page, PAGE_SIZE, 0);
		ret = submit_bio_wait(bio) ? -EIO : -EINVAL;
		bio_put(bio);
	} else {
		file->f_pos = 0;
		ret = kernel_read(file, h, PAGE_SIZE) == PAGE_SIZE ? -EINVAL : -EIO;
	}
	if (ret == -EINVAL && !memcmp((char *)h + PAGE_SIZE - 10, SWAP_HEADER_MAGIC, 10)) {
		if (h->version != 1) {
			pr_warn("swapon: unsupported swap version %u\n", h->version);
		} else if (h->last_page < 1) {
			pr_warn("swapon: empty swap area\n");
		} else {
			unsigned long last = MIN((unsigned long)h->last_page, max - 1);

			sis->max = last + 1;
			ret = 0;
		}
	} else if (ret == -EINVAL) {
		pr_warn("swapon: no swap signature (mkswap)\n");
	}
	free_page(page);
	return ret;
}

/* Set up the extents: the whole device, or ->swap_activate. */
static int setup_extents(struct swap_info_struct *sis, struct file *file, unsigned long *max)
{
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = file_inode(file);
	sector_t span = 0;
	int ret;

	if (S_ISBLK(inode->i_mode)) {
		*max = bdev_nr_bytes(sis->bdev) >> PAGE_SHIFT;
		return add_swap_extent(sis, 0, *max, 0) < 0 ? -ENOMEM : 0;
	}
	if (!S_ISREG(inode->i_mode))
		return -EINVAL;
	*max = (unsigned long)(i_size_read(inode) >> PAGE_SHIFT);
	if (!mapping->a_ops || !mapping->a_ops->swap_activate)
		return -EINVAL;		/* no ->swap_activate (and no ->bmap here) */
	ret = call_swap_activate(sis, file, &span);
	if (ret < 0)
		return ret;
	sis->flags |= SWP_ACTIVATED;
	if (!(sis->flags & SWP_FS_OPS) && (!sis->bdev || !sis->nr_extents))
		return -EINVAL;
	return 0;
}

static void release_area(struct swap_info_struct *sis, fmode_t bmode)
{
	if (sis->flags & SWP_ACTIVATED)
		call_swap_deactivate(sis->swap_file);
	if ((sis->flags & SWP_BLKDEV) && sis->bdev)
		blkdev_put(sis->bdev, bmode);
	kfree(sis->swap_map);
	fput(sis->swap_file);
	kfree(sis);
}

#define SWAP_BMODE	(FMODE_READ | FMODE_WRITE | FMODE_EXCL)

int swapon_file(struct file *file, const char *name, int prio)
{
	struct inode *inode = file_inode(file);
	struct swap_info_struct *sis;
	unsigned long max = 0;
	int type = -1, err;
	long hdr;

	might_sleep();
	sis = kzalloc(sizeof(*sis), GFP_KERNEL);
	if (!sis)
		return -ENOMEM;
	sis->swap_file = get_file(file);
	sis->prio = prio;
	strlcpy(sis->name, name, sizeof(sis->name));
	mutex_lock(&swapon_mutex);
	spin_lock(&swap_lock);
	for (int t = 0; t < MAX_SWAPFILES; t++) {
		if (swap_info[t] && file_inode(swap_info[t]->swap_file) == inode) {
			type = -2;
			break;
		}
		if (!swap_info[t] && type == -1)
			type = t;
	}
	spin_unlock(&swap_lock);
	err = type == -2 ? -EBUSY : type < 0 ? -EPERM : 0;
	if (err)
		goto fail;
	sis->type = type;
	if (S_ISBLK(inode->i_mode)) {
		sis->bdev = blkdev_get_by_dev(inode->i_rdev, SWAP_BMODE, sis);
		if (IS_ERR(sis->bdev)) {
			err = (int)PTR_ERR(sis->bdev);
			sis->bdev = NULL;
			goto fail;
		}
		sis->flags |= SWP_BLKDEV;
	}
	err = setup_extents(sis, file, &max);
	if (err)
		goto fail;
	if (max < 2) {
		err = -EINVAL;
		goto fail;
	}
	hdr = read_swap_header(sis, file, max);
	if (hdr) {
		err = (int)hdr;
		goto fail;
	}
	sis->swap_map = kzalloc(sis->max * sizeof(*sis->swap_map), GFP_KERNEL);
	if (!sis->swap_map) {
		err = -ENOMEM;
		goto fail;
	}
	sis->pages = sis->max - 1;
	sis->cluster_next = 1;
	spin_lock(&swap_lock);
	sis->flags |= SWP_USED | SWP_WRITEOK;
	swap_info[type] = sis;
	nr_swap_pages_total += sis->pages;
	spin_unlock(&swap_lock);
	mutex_unlock(&swapon_mutex);
	pr_info("Adding %luk swap, priority %d, extents %d%s\n",
		sis->pages * (PAGE_SIZE / 1024), prio, sis->nr_extents,
		sis->flags & SWP_FS_OPS ? ", through ->swap_rw" : "");
	return 0;
fail:
	mutex_unlock(&swapon_mutex);
	release_area(sis, SWAP_BMODE);
	return err;
}

int swapoff_file(struct file *file)
{
	struct inode *inode = file_inode(file);
	struct swap_info_struct *sis = NULL;
	int err;

	might_sleep();
	mutex_lock(&swapon_mutex);
	spin_lock(&swap_lock);
	for (int t = 0; t < MAX_SWAPFILES; t++)
		if (swap_info[t] && file_inode(swap_info[t]->swap_file) == inode)
			sis = swap_info[t];
	if (sis) {
		sis->flags &= ~SWP_WRITEOK;
		nr_swap_pages_total -= sis->pages;
		nr_swap_pages_used -= sis->inuse_pages;
	}
	spin_unlock(&swap_lock);
	if (!sis) {
		mutex_unlock(&swapon_mutex);
		return -EINVAL;
	}
	err = try_to_unuse(sis->type);
	spin_lock(&swap_lock);
	if (err) {			/* keep it: put it back in service */
		sis->flags |= SWP_WRITEOK;
		nr_swap_pages_total += sis->pages;
		nr_swap_pages_used += sis->inuse_pages;
	} else {
		swap_info[sis->type] = NULL;
	}
	spin_unlock(&swap_lock);
	mutex_unlock(&swapon_mutex);
	if (!err)
		release_area(sis, SWAP_BMODE);
	return err;
}

static long sys_swapon(const char *upath, int flags)
{
	struct file *file;
	char *path;
	int err;

	if (!capable_root())
		return -EPERM;
	path = getname(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	file = filp_open(path, O_RDWR, 0);
	if (IS_ERR(file)) {
		putname(path);
		return PTR_ERR(file);
	}
	err = swapon_file(file, path, (flags & 0x8000) ? (flags & 0x7fff) : -1);
	putname(path);
	fput(file);
	return err;
}
SYSCALL_ENTRY(swapon, sys_swapon);

static long sys_swapoff(const char *upath)
{
	struct file *file;
	char *path;
	int err;

	if (!capable_root())
		return -EPERM;
	path = getname(upath);
	if (IS_ERR(path))
		return PTR_ERR(path);
	file = filp_open(path, O_RDONLY, 0);
	putname(path);
	if (IS_ERR(file))
		return PTR_ERR(file);
	err = swapoff_file(file);
	fput(file);
	return err;
}
SYSCALL_ENTRY(swapoff, sys_swapoff);

/* ------------------------------------------------------------ /proc/swaps */

void swaps_show(struct seq_file *m)
{
	seq_printf(m, "Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
	mutex_lock(&swapon_mutex);	/* the areas stay while we print */
	for (int t = 0; t < MAX_SWAPFILES; t++) {
		struct swap_info_struct *sis = READ_ONCE(swap_info[t]);

		if (!sis)
			continue;
		seq_printf(m, "%-40s%s\t%lu\t\t%lu\t\t%d\n", sis->name,
			   sis->flags & SWP_BLKDEV ? "partition" : "file\t",
			   sis->pages * (PAGE_SIZE / 1024),
			   READ_ONCE(sis->inuse_pages) * (PAGE_SIZE / 1024), sis->prio);
	}
	mutex_unlock(&swapon_mutex);
}
