/*
 * The block ioctls (Linux's numbers), on an open block device: sizes,
 * read-only state, BLKFLSBUF, BLKRRPART, HDIO_GETGEO. Any other command
 * goes to the driver's ->ioctl (checked wrapper), or is -ENOTTY.
 *
 * arg is a user pointer for the commands that take one (copy_to_user:
 * -EFAULT for a bad one). Locks: none held on entry; BLKROSET takes the
 * disk's open_mutex, BLKRRPART does through bdev_rescan_partitions. May
 * sleep.
 */
#include "drivers/block/internal.h"
#include "drivers/block/ops.h"
#include "kernel/errno.h"
#include "kernel/user/cred.h"
#include "kernel/user/uaccess.h"

#define HDIO_GETGEO	0x0301
#define BLKROSET	0x125d		/* _IO(0x12, 93), int */
#define BLKROGET	0x125e
#define BLKRRPART	0x125f
#define BLKGETSIZE	0x1260		/* unsigned long: sectors */
#define BLKFLSBUF	0x1261
#define BLKSSZGET	0x1268		/* int: logical block size */
#define BLKBSZGET	0x80081270	/* _IOR(0x12, 112, size_t), int */
#define BLKGETSIZE64	0x80081272	/* _IOR(0x12, 114, size_t), u64 bytes */

static int put_int(unsigned long arg, int val)
{
	return copy_to_user((void *)arg, &val, sizeof(val));
}

static int put_ulong(unsigned long arg, unsigned long val)
{
	return copy_to_user((void *)arg, &val, sizeof(val));
}

static int put_u64(unsigned long arg, u64 val)
{
	return copy_to_user((void *)arg, &val, sizeof(val));
}

/* The block size the page cache would use: a page if the size allows. */
static int bdev_block_size(struct block_device *bdev)
{
	return bdev_nr_sectors(bdev) % (PAGE_SIZE >> SECTOR_SHIFT) ? SECTOR_SIZE : PAGE_SIZE;
}

static int blkdev_roset(struct block_device *bdev, unsigned long arg)
{
	int ro;

	if (!capable_root())
		return -EACCES;
	if (copy_from_user(&ro, (void *)arg, sizeof(ro)))
		return -EFAULT;
	mutex_lock(&bdev->bd_disk->open_mutex);
	bdev->bd_read_only = ro != 0;
	mutex_unlock(&bdev->bd_disk->open_mutex);
	return 0;
}

/* Write back and drop the cached buffers (the page cache's hook). As in
 * Linux, this asks the device for no cache flush: fsync does that. */
static int blkdev_flsbuf(struct block_device *bdev)
{
	if (!capable_root())
		return -EACCES;
	return blkdev_flush_buffers_hook ? blkdev_flush_buffers_hook(bdev) : 0;
}

static int blkdev_rrpart(struct block_device *bdev)
{
	if (!capable_root())
		return -EACCES;
	if (bdev->bd_partno || bdev->bd_disk->minors <= 1)
		return -EINVAL;
	return bdev_rescan_partitions(bdev->bd_disk);
}

static int blkdev_getgeo(struct block_device *bdev, unsigned long arg)
{
	struct hd_geometry geo = { 0 };
	int err;

	if (!bdev->bd_disk->fops->getgeo)
		return -ENOTTY;
	geo.start = (unsigned long)bdev->bd_start_sect;
	err = call_bdev_getgeo(bdev, &geo);
	if (err)
		return err;
	return copy_to_user((void *)arg, &geo, sizeof(geo));
}

int blkdev_ioctl(struct block_device *bdev, fmode_t mode, unsigned cmd, unsigned long arg)
{
	might_sleep();
	switch (cmd) {
	case BLKGETSIZE64:
		return put_u64(arg, bdev_nr_bytes(bdev));
	case BLKGETSIZE:
		return put_ulong(arg, (unsigned long)bdev_nr_sectors(bdev));
	case BLKSSZGET:
		return put_int(arg, SECTOR_SIZE);
	case BLKBSZGET:
		return put_int(arg, bdev_block_size(bdev));
	case BLKROGET:
		return put_int(arg, bdev->bd_read_only || bdev->bd_disk->read_only);
	case BLKROSET:
		return blkdev_roset(bdev, arg);
	case BLKFLSBUF:
		return blkdev_flsbuf(bdev);
	case BLKRRPART:
		return blkdev_rrpart(bdev);
	case HDIO_GETGEO:
		return blkdev_getgeo(bdev, arg);
	}
	if (bdev->bd_disk->fops->ioctl)
		return call_bdev_ioctl(bdev, mode, cmd, arg);
	return -ENOTTY;
}
