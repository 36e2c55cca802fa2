/*
 * brd: the RAM disk /dev/ram0 (block major 1, minor 0), a bio-based
 * driver. Its pages are allocated on the first write to them; a read of
 * a sector never written gives zeros. Size: `brd_size=` KiB on the
 * command line, 8 MiB by default.
 *
 * It also has the block_device_operations a RAM disk can offer:
 *   ->direct_access          the kernel address and pfn of a sector's page
 *                            (allocated if needed), for DAX-style access;
 *   ->swap_slot_free_notify  a swap slot on ram0 was freed: free its page.
 *                            Nothing swaps yet; it is here for swap, which
 *                            will call it under its swap spinlock (so it
 *                            must not sleep), and is tested that way;
 *   ->getgeo                 a made-up geometry for fdisk.
 *
 * Locks: brd->lock (spinlock, IRQs off: bios may come from interrupts)
 * guards the page table. Never sleeps in the bio path.
 */
#include "drivers/block/internal.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"

#define SECTORS_PER_PAGE	(PAGE_SIZE >> SECTOR_SHIFT)
#define BRD_DEFAULT_KIB		8192

struct brd_device {
	struct gendisk *disk;		/* const */
	unsigned long nr_pages;		/* const */
	spinlock_t lock;		/* IRQs off */
	struct page **pages;		/* lock: [i] backs sectors 8i..8i+7, or NULL */
};

static struct brd_device brd;

/* The page behind sector, or NULL if never written. */
static struct page *brd_lookup_page(struct brd_device *b, sector_t sector)
{
	unsigned long flags;
	struct page *page;

	spin_lock_irqsave(&b->lock, flags);
	page = b->pages[sector / SECTORS_PER_PAGE];
	spin_unlock_irqrestore(&b->lock, flags);
	return page;
}

/* The page behind sector, allocated (zeroed) if needed; NULL without
 * memory. Never sleeps. */
static struct page *brd_insert_page(struct brd_device *b, sector_t sector)
{
	struct page *page = brd_lookup_page(b, sector), *new;
	unsigned long flags;

	if (page)
		return page;
	new = alloc_page(GFP_ATOMIC | __GFP_ZERO | __GFP_NOWARN);
	if (!new)
		return NULL;
	spin_lock_irqsave(&b->lock, flags);
	page = b->pages[sector / SECTORS_PER_PAGE];
	if (!page)
		page = b->pages[sector / SECTORS_PER_PAGE] = new;
	spin_unlock_irqrestore(&b->lock, flags);
	if (page != new)
		free_page(new);
	return page;
}

/* Copy len bytes between buf and the disk at sector, page by page. */
static int brd_do_bvec(struct brd_device *b, u8 *buf, unsigned len, sector_t sector, bool write)
{
	while (len) {
		unsigned off = (unsigned)(sector % SECTORS_PER_PAGE) << SECTOR_SHIFT;
		unsigned chunk = len < PAGE_SIZE - off ? len : PAGE_SIZE - off;
		struct page *page = write ? brd_insert_page(b, sector) : brd_lookup_page(b, sector);

		if (write && !page)
			return -ENOMEM;
		if (write)
			memcpy((u8 *)page_address(page) + off, buf, chunk);
		else if (page)
			memcpy(buf, (u8 *)page_address(page) + off, chunk);
		else
			memset(buf, 0, chunk);
		buf += chunk;
		len -= chunk;
		sector += chunk >> SECTOR_SHIFT;
	}
	return 0;
}

/* ->submit_bio: the bio is checked and on the whole disk. Any context. */
static void brd_submit_bio(struct bio *bio)
{
	struct brd_device *b = bio->bi_bdev->bd_disk->private_data;
	sector_t sector = bio->bi_sector;
	int err = 0;

	if (bio_op(bio) != REQ_OP_FLUSH) {
		for (unsigned i = 0; i < bio->bi_vcnt && !err; i++) {
			struct bio_vec *bv = &bio->bi_io_vec[i];

			err = brd_do_bvec(b, (u8 *)page_address(bv->bv_page) + bv->bv_offset,
					  bv->bv_len, sector, op_is_write(bio->bi_opf));
			sector += bv->bv_len >> SECTOR_SHIFT;
		}
	}
	bio->bi_status = err ? -EIO : 0;
	bio_endio(bio);
}

/* ->direct_access: bytes available at sector (to its page's end), its
 * kernel address and pfn. -ERANGE beyond the end, -ENOMEM. May sleep. */
static long brd_direct_access(struct block_device *bdev, sector_t sector, void **kaddr,
			      unsigned long *pfn)
{
	struct brd_device *b = bdev->bd_disk->private_data;
	struct page *page;
	unsigned off;

	if (sector >= bdev_nr_sectors(bdev))
		return -ERANGE;
	sector += bdev->bd_start_sect;
	page = brd_insert_page(b, sector);
	if (!page)
		return -ENOMEM;
	off = (unsigned)(sector % SECTORS_PER_PAGE) << SECTOR_SHIFT;
	*kaddr = (u8 *)page_address(page) + off;
	*pfn = page_to_pfn(page);
	return PAGE_SIZE - off;
}

/* ->swap_slot_free_notify: swap slot `offset` (in pages, from the start of
 * bdev) holds nothing any more: free its page. Under the swap spinlock:
 * never sleeps. */
static void brd_swap_slot_free_notify(struct block_device *bdev, unsigned long offset)
{
	struct brd_device *b = bdev->bd_disk->private_data;
	sector_t sector = bdev->bd_start_sect + (sector_t)offset * SECTORS_PER_PAGE;
	struct page *page = NULL;
	unsigned long flags;

	if (offset >= bdev_nr_sectors(bdev) / SECTORS_PER_PAGE)
		return;
	spin_lock_irqsave(&b->lock, flags);
	if (sector % SECTORS_PER_PAGE == 0) {	/* a partition may start mid-page */
		page = b->pages[sector / SECTORS_PER_PAGE];
		b->pages[sector / SECTORS_PER_PAGE] = NULL;
	}
	spin_unlock_irqrestore(&b->lock, flags);
	if (page)
		free_page(page);
}

static int brd_getgeo(struct block_device *bdev, struct hd_geometry *geo)
{
	geo->heads = 4;
	geo->sectors = 16;
	geo->cylinders = (unsigned short)(bdev_nr_sectors(bdev) / (4 * 16));
	geo->start = (unsigned long)bdev->bd_start_sect;
	return 0;
}

static const struct block_device_operations brd_fops = {
	.submit_bio = brd_submit_bio,
	.direct_access = brd_direct_access,
	.swap_slot_free_notify = brd_swap_slot_free_notify,
	.getgeo = brd_getgeo,
};

void brd_init(void)
{
	unsigned long kib = cmdline_get_ulong("brd_size", BRD_DEFAULT_KIB);
	struct gendisk *disk;

	brd.nr_pages = kib / (PAGE_SIZE / 1024);
	if (!brd.nr_pages)
		return;
	spin_lock_init(&brd.lock);
	brd.pages = kzalloc(brd.nr_pages * sizeof(*brd.pages), GFP_KERNEL);
	disk = blk_alloc_disk(NULL, NULL);
	if (!brd.pages || !disk) {
		pr_err("brd: no memory for a %lu KiB RAM disk\n", kib);
		return;
	}
	strlcpy(disk->disk_name, "ram0", sizeof(disk->disk_name));
	disk->major = RAMDISK_MAJOR;
	disk->first_minor = 0;
	disk->minors = DISK_MAX_PARTS;
	disk->fops = &brd_fops;
	disk->private_data = &brd;
	brd.disk = disk;
	set_capacity(disk, (sector_t)brd.nr_pages * SECTORS_PER_PAGE);
	if (add_disk(disk))
		pr_err("brd: cannot add ram0\n");
}
