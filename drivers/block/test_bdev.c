/*
 * Block device tests (ktest=blk_bdev): opening and closing under the
 * disk's open_mutex (->open and ->release see it held, and the LOCKRULE
 * report says so), exclusive opens, read-only opens, the ioctls that a
 * kernel caller can make, and the checked wrappers of ram0's
 * direct_access, swap_slot_free_notify and getgeo.
 *
 * The open tests use a disk of a small driver written here (bio-based:
 * its bios complete at once with zeros) that is never added, so it
 * leaves no trace in /dev or /proc/partitions.
 */
#include "drivers/block/internal.h"
#include "drivers/block/ops.h"
#include "drivers/block/test_util.h"
#include "fs/lockrules/lockrules.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/sync/spinlock.h"

#define TDISK_MAJOR	241		/* local/experimental use */
#define TDISK_IOCTL	0x4b42		/* a command only this driver knows */

struct tdisk {
	struct gendisk *disk;
	int opens, releases;		/* open_mutex */
	int unlocked_calls;		/* open_mutex: ->open/->release without it */
};

static struct tdisk td;			/* test thread only */

static int tdisk_open(struct block_device *bdev, fmode_t mode)
{
	struct tdisk *t = bdev->bd_disk->private_data;

	if (lr_mutex_state(&bdev->bd_disk->open_mutex) != LRS_held)
		t->unlocked_calls++;
	t->opens++;
	return 0;
}

static void tdisk_release(struct gendisk *disk, fmode_t mode)
{
	struct tdisk *t = disk->private_data;

	if (lr_mutex_state(&disk->open_mutex) != LRS_held)
		t->unlocked_calls++;
	t->releases++;
}

static int tdisk_ioctl(struct block_device *bdev, fmode_t mode, unsigned cmd, unsigned long arg)
{
	return cmd == TDISK_IOCTL ? 42 : -ENOTTY;
}

static void tdisk_submit_bio(struct bio *bio)
{
	bio->bi_status = 0;
	bio_endio(bio);
}

static const struct block_device_operations tdisk_fops = {
	.submit_bio = tdisk_submit_bio,
	.open = tdisk_open,
	.release = tdisk_release,
	.ioctl = tdisk_ioctl,
};

static struct gendisk *tdisk_create(void)
{
	struct gendisk *disk = blk_alloc_disk(NULL, NULL);

	memset(&td, 0, sizeof(td));
	if (!disk)
		return NULL;
	strlcpy(disk->disk_name, "tdisk", sizeof(disk->disk_name));
	disk->major = TDISK_MAJOR;
	disk->fops = &tdisk_fops;
	disk->private_data = &td;
	set_capacity(disk, 2048);
	td.disk = disk;
	return disk;
}

KTEST(blk_bdev_open_release_under_open_mutex)
{
	struct gendisk *disk = tdisk_create();
	char *report;
	bool open_row, release_row;
	int e1, e2;

	KT_ASSERT(disk, "no memory for the test disk");
	e1 = blkdev_get(disk->part0, FMODE_READ, NULL);
	e2 = blkdev_get(disk->part0, FMODE_READ | FMODE_WRITE, NULL);
	KT_ASSERT_EQ(td.opens, 1);		/* only the first open */
	if (!e1)
		blkdev_put(disk->part0, FMODE_READ);
	KT_ASSERT_EQ(td.releases, 0);
	if (!e2)
		blkdev_put(disk->part0, FMODE_READ | FMODE_WRITE);
	put_disk(disk);
	KT_ASSERT_EQ(e1, 0);
	KT_ASSERT_EQ(e2, 0);
	KT_ASSERT_EQ(td.releases, 1);		/* at the last close */
	KT_ASSERT_EQ(td.unlocked_calls, 0);
	report = kmalloc(16384, GFP_KERNEL);
	KT_ASSERT(report, "no memory");
	lockrule_format_report(report, 16384);
	open_row = strstr(report, "LOCKRULE block_device.open open_mutex=held") != NULL;
	release_row = strstr(report, "LOCKRULE block_device.release open_mutex=held") != NULL;
	kfree(report);
	KT_ASSERT(open_row, "no block_device.open open_mutex=held row in the LOCKRULE report");
	KT_ASSERT(release_row, "no block_device.release open_mutex=held row in the LOCKRULE report");
}

static int holder_a, holder_b;		/* their addresses name two holders */

KTEST(blk_bdev_exclusive_opens)
{
	struct gendisk *disk = tdisk_create();
	struct block_device *b;
	int a1, a2, bx, plain, b_after;

	KT_ASSERT(disk, "no memory for the test disk");
	b = disk->part0;
	a1 = blkdev_get(b, FMODE_READ | FMODE_EXCL, &holder_a);
	a2 = blkdev_get(b, FMODE_READ | FMODE_EXCL, &holder_a);	/* same holder again */
	bx = blkdev_get(b, FMODE_READ | FMODE_EXCL, &holder_b);
	plain = blkdev_get(b, FMODE_READ, NULL);			/* not exclusive: fine */
	if (!plain)
		blkdev_put(b, FMODE_READ);
	if (!a2)
		blkdev_put(b, FMODE_READ | FMODE_EXCL);
	if (!bx)
		blkdev_put(b, FMODE_READ | FMODE_EXCL);
	KT_ASSERT(b->bd_holder == &holder_a, "holder A lost its claim while still holding once");
	if (!a1)
		blkdev_put(b, FMODE_READ | FMODE_EXCL);
	b_after = blkdev_get(b, FMODE_READ | FMODE_EXCL, &holder_b);
	if (!b_after)
		blkdev_put(b, FMODE_READ | FMODE_EXCL);
	KT_ASSERT_EQ(b->bd_openers, 0);
	put_disk(disk);
	KT_ASSERT_EQ(a1, 0);
	KT_ASSERT_EQ(a2, 0);
	KT_ASSERT_EQ(bx, -EBUSY);
	KT_ASSERT_EQ(plain, 0);
	KT_ASSERT_EQ(b_after, 0);
	KT_ASSERT_EQ(td.opens, td.releases);
}

KTEST(blk_bdev_read_only_open_for_write_erofs)
{
	struct gendisk *disk = tdisk_create();
	int rw, ro;

	KT_ASSERT(disk, "no memory for the test disk");
	disk->part0->bd_read_only = true;
	rw = blkdev_get(disk->part0, FMODE_READ | FMODE_WRITE, NULL);
	ro = blkdev_get(disk->part0, FMODE_READ, NULL);
	if (!rw)
		blkdev_put(disk->part0, FMODE_READ | FMODE_WRITE);
	if (!ro)
		blkdev_put(disk->part0, FMODE_READ);
	put_disk(disk);
	KT_ASSERT_EQ(rw, -EROFS);
	KT_ASSERT_EQ(ro, 0);
}

KTEST(blk_bdev_ioctl_driver_and_unknown)
{
	struct gendisk *disk = tdisk_create();
	struct block_device *ram0 = bdev_lookup(MKDEV(RAMDISK_MAJOR, 0));
	int drv, unknown, none, efault;
	u64 size;

	KT_ASSERT(disk, "no memory for the test disk");
	KT_ASSERT(ram0, "no ram0");
	drv = blkdev_ioctl(disk->part0, FMODE_READ, TDISK_IOCTL, 0);
	unknown = blkdev_ioctl(disk->part0, FMODE_READ, TDISK_IOCTL + 1, 0);
	none = blkdev_ioctl(ram0, FMODE_READ, TDISK_IOCTL, 0);	/* brd has no ->ioctl */
	/* A kernel pointer is not a user pointer: -EFAULT, not a crash. */
	efault = blkdev_ioctl(ram0, FMODE_READ, 0x80081272 /* BLKGETSIZE64 */, (unsigned long)&size);
	put_disk(disk);
	KT_ASSERT_EQ(drv, 42);
	KT_ASSERT_EQ(unknown, -ENOTTY);
	KT_ASSERT_EQ(none, -ENOTTY);
	KT_ASSERT_EQ(efault, -EFAULT);
}

KTEST(blk_bdev_ram0_getgeo)
{
	struct block_device *ram0 = bdev_lookup(MKDEV(RAMDISK_MAJOR, 0));
	struct hd_geometry geo = { 0 };

	KT_ASSERT(ram0, "no ram0");
	KT_ASSERT_EQ(call_bdev_getgeo(ram0, &geo), 0);
	KT_ASSERT_EQ(geo.heads * geo.sectors * geo.cylinders, bdev_nr_sectors(ram0));
}

KTEST(blk_bdev_ram0_direct_access)
{
	struct block_device *ram0 = bdev_lookup(MKDEV(RAMDISK_MAJOR, 0));
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long pfn = 0;
	void *kaddr = NULL;
	long avail;
	int err = -ENOMEM;
	bool same = false;

	KT_ASSERT(ram0, "no ram0");
	KT_ASSERT(page, "no page");
	avail = call_bdev_direct_access(ram0, 2001, &kaddr, &pfn);	/* one sector into a page */
	if (avail > 0) {
		memset(kaddr, 0x5d, SECTOR_SIZE);
		err = blk_test_rw(ram0, REQ_OP_READ, 2001, page, 1);
		same = !err && ((u8 *)page_address(page))[0] == 0x5d &&
		       ((u8 *)page_address(page))[SECTOR_SIZE - 1] == 0x5d;
	}
	free_page(page);
	KT_ASSERT_EQ(avail, PAGE_SIZE - SECTOR_SIZE);
	KT_ASSERT_EQ(pfn, virt_to_phys(kaddr) >> PAGE_SHIFT);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(same, "a bio does not read what was stored through direct_access");
	KT_ASSERT_EQ(call_bdev_direct_access(ram0, bdev_nr_sectors(ram0), &kaddr, &pfn), -ERANGE);
}

static DEFINE_SPINLOCK(test_swap_lock);	/* stands in for the swap spinlock */

KTEST(blk_bdev_ram0_swap_slot_free_notify_under_spinlock)
{
	struct block_device *ram0 = bdev_lookup(MKDEV(RAMDISK_MAJOR, 0));
	struct page *page = alloc_page(GFP_KERNEL);
	const unsigned long slot = 300;		/* sectors 2400..2407 */
	int e1, e2 = -1;
	u8 first = 1, last = 1;

	KT_ASSERT(ram0, "no ram0");
	KT_ASSERT(page, "no page");
	memset(page_address(page), 0x77, PAGE_SIZE);
	e1 = blk_test_rw(ram0, REQ_OP_WRITE, slot * 8, page, 8);
	/* As swap will: under its spinlock, the swapped page locked. */
	SetPageFlag(page, PG_locked);
	spin_lock(&test_swap_lock);
	call_bdev_swap_slot_free_notify(ram0, slot, page);
	spin_unlock(&test_swap_lock);
	ClearPageFlag(page, PG_locked);
	if (!e1) {
		e2 = blk_test_rw(ram0, REQ_OP_READ, slot * 8, page, 8);
		first = ((u8 *)page_address(page))[0];
		last = ((u8 *)page_address(page))[PAGE_SIZE - 1];
	}
	free_page(page);
	KT_ASSERT_EQ(e1, 0);
	KT_ASSERT_EQ(e2, 0);
	KT_ASSERT(!first && !last, "the freed slot still reads %#x..%#x", first, last);
}
