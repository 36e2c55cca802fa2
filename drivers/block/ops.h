/*
 * The only way anything calls a block driver's block_device_operations:
 * one wrapper per member. Each describes the caller's lock state for the
 * locks the seed's block_device_operations table names (the disk's
 * open_mutex; for swap_slot_free_notify also the folio lock of the page
 * being swapped), has the rule checker compare it with the row of
 * fs/lockrules/rules.def and count it (in_atomic is filled in by
 * lockrule_check() from preempt_count and the IRQ state, as for the VFS
 * wrappers in fs/vfs/ops.h), and then makes the call.
 *
 * A wrapper takes and drops no lock: it only looks. ->submit_bio is not
 * here: the seed has no row for it (it is the bio path, any context).
 */
#ifndef DRIVERS_BLOCK_OPS_H
#define DRIVERS_BLOCK_OPS_H

#include "drivers/block/blkdev.h"
#include "fs/lockrules/lockrules.h"
#include "mm/page.h"

static inline void lr_bdev(struct lr_observed *o, const struct gendisk *disk)
{
	lr_set(o, LR_open_mutex, lr_mutex_state(&disk->open_mutex));
}

#define LR_BDEV_CHECK(op, disk) do {					\
	struct lr_observed __o = { 0 };					\
	lr_bdev(&__o, (disk));						\
	lockrule_check(LR_OP_block_device_##op, &__o);			\
} while (0)

static inline int call_bdev_open(struct block_device *bdev, fmode_t mode)
{
	LR_BDEV_CHECK(open, bdev->bd_disk);
	return bdev->bd_disk->fops->open(bdev, mode);
}

static inline void call_bdev_release(struct gendisk *disk, fmode_t mode)
{
	LR_BDEV_CHECK(release, disk);
	disk->fops->release(disk, mode);
}

static inline int call_bdev_ioctl(struct block_device *bdev, fmode_t mode, unsigned cmd,
				  unsigned long arg)
{
	LR_BDEV_CHECK(ioctl, bdev->bd_disk);
	return bdev->bd_disk->fops->ioctl(bdev, mode, cmd, arg);
}

static inline int call_bdev_compat_ioctl(struct block_device *bdev, fmode_t mode, unsigned cmd,
					 unsigned long arg)
{
	LR_BDEV_CHECK(compat_ioctl, bdev->bd_disk);
	return bdev->bd_disk->fops->compat_ioctl(bdev, mode, cmd, arg);
}

static inline long call_bdev_direct_access(struct block_device *bdev, sector_t sector,
					   void **kaddr, unsigned long *pfn)
{
	LR_BDEV_CHECK(direct_access, bdev->bd_disk);
	return bdev->bd_disk->fops->direct_access(bdev, sector, kaddr, pfn);
}

static inline void call_bdev_unlock_native_capacity(struct gendisk *disk)
{
	LR_BDEV_CHECK(unlock_native_capacity, disk);
	disk->fops->unlock_native_capacity(disk);
}

static inline int call_bdev_getgeo(struct block_device *bdev, struct hd_geometry *geo)
{
	LR_BDEV_CHECK(getgeo, bdev->bd_disk);
	return bdev->bd_disk->fops->getgeo(bdev, geo);
}

/* page: the page being swapped in or freed, whose folio lock the caller
 * may hold (NULL: none is). Called under the swap spinlock. */
static inline void call_bdev_swap_slot_free_notify(struct block_device *bdev,
						   unsigned long offset,
						   const struct page *page)
{
	struct lr_observed o = { 0 };

	lr_bdev(&o, bdev->bd_disk);
	lr_set(&o, LR_folio_lock, page && PageFlag(page, PG_locked) ? LRS_held : LRS_none);
	lockrule_check(LR_OP_block_device_swap_slot_free_notify, &o);
	bdev->bd_disk->fops->swap_slot_free_notify(bdev, offset);
}

#endif
