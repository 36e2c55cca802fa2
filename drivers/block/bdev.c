/*
 * Block devices: the block_device of a disk or partition, its inode on
 * the internal "bdev" pseudo-filesystem (whose i_mapping is the device's
 * page cache), and opening and closing it.
 *
 * Opening: blkdev_get_by_dev() finds the device, takes the disk's
 * open_mutex and, on the first open of the whole disk, calls the driver's
 * ->open (checked wrapper, open_mutex held as the seed says). Opening a
 * partition opens the whole disk underneath first. An exclusive opener
 * (FMODE_EXCL, a mount) names a holder; another holder gets -EBUSY. The
 * last close of the whole disk calls ->release under open_mutex.
 *
 * Locks: disk->open_mutex guards bd_openers, bd_holder(s) and the
 * partition fields; all_disks_lock (genhd.c) is taken before it.
 */
#include "drivers/block/internal.h"
#include "drivers/block/ops.h"
#include "fs/libfs.h"
#include "fs/block_dev.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/fs.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

#define BDEVFS_MAGIC	0x62646576	/* "bdev", as Linux's */

static int bdevfs_fill_super(struct super_block *sb, void *data, int silent)
{
	return pseudo_fill_super(sb, BDEVFS_MAGIC);
}

static struct dentry *bdevfs_mount(struct file_system_type *type, int flags,
				   const char *dev_name, void *data)
{
	return mount_nodev(type, flags, data, bdevfs_fill_super);
}

static struct file_system_type bdevfs_type = {
	.name = "bdev",
	.mount = bdevfs_mount,
	.kill_sb = kill_anon_super,
};

static struct vfsmount *bdev_mnt;	/* const after bdev_init */

void bdev_init(void)
{
	struct vfsmount *mnt;

	if (register_filesystem(&bdevfs_type))
		panic("blk: cannot register the bdev pseudo-filesystem");
	mnt = vfs_kern_mount(&bdevfs_type, 0, "bdev", NULL);
	if (IS_ERR(mnt))
		panic("blk: cannot mount the bdev pseudo-filesystem (%ld)", PTR_ERR(mnt));
	bdev_mnt = mnt;
}

struct block_device *bdev_alloc(struct gendisk *disk, u8 partno)
{
	struct block_device *bdev = kzalloc(sizeof(*bdev), GFP_KERNEL);
	struct inode *inode;

	might_sleep();
	if (!bdev)
		return NULL;
	inode = new_inode(bdev_mnt->mnt_sb);
	if (!inode) {
		kfree(bdev);
		return NULL;
	}
	bdev->bd_dev = MKDEV(disk->major, disk->first_minor + partno);
	bdev->bd_partno = partno;
	bdev->bd_disk = disk;
	bdev->bd_inode = inode;
	inode->i_ino = get_next_ino();
	inode->i_mode = S_IFBLK | 0600;
	inode->i_rdev = bdev->bd_dev;
	inode->i_private = bdev;
	inode->i_mapping->a_ops = &def_blk_aops;
	inode->i_mapping->bdev_cache = true;	/* its own folio lock class */
	return bdev;
}

void bdev_free(struct block_device *bdev)
{
	iput(bdev->bd_inode);
	kfree(bdev);
}

void bdev_set_nr_sectors(struct block_device *bdev, sector_t sectors)
{
	__atomic_store_n(&bdev->bd_nr_sectors, sectors, __ATOMIC_RELAXED);
	i_size_write(bdev->bd_inode, (loff_t)(sectors << SECTOR_SHIFT));
}

/* The exclusive claim of holder on bdev: refused if another holder has
 * the device, or the whole disk under a partition. open_mutex held. */
static bool bd_may_claim(struct block_device *bdev, void *holder)
{
	struct block_device *whole = bdev->bd_disk->part0;

	lockdep_assert_held(&bdev->bd_disk->open_mutex);
	if (bdev->bd_holder && bdev->bd_holder != holder)
		return false;
	return bdev == whole || !whole->bd_holder || whole->bd_holder == holder;
}

/* First open of the whole disk calls ->open. open_mutex held. */
static int blkdev_get_whole(struct gendisk *disk, fmode_t mode)
{
	struct block_device *whole = disk->part0;
	int err;

	lockdep_assert_held(&disk->open_mutex);
	if (!whole->bd_openers && disk->fops->open) {
		err = call_bdev_open(whole, mode);
		if (err)
			return err;
	}
	whole->bd_openers++;
	return 0;
}

/* Last close of the whole disk calls ->release. open_mutex held. */
static void blkdev_put_whole(struct gendisk *disk, fmode_t mode)
{
	lockdep_assert_held(&disk->open_mutex);
	if (!--disk->part0->bd_openers && disk->fops->release)
		call_bdev_release(disk, mode);
}

/* Open bdev under its disk's open_mutex; 0 or -errno. */
static int blkdev_get_locked(struct block_device *bdev, fmode_t mode, void *holder)
{
	struct gendisk *disk = bdev->bd_disk;
	int err;

	lockdep_assert_held(&disk->open_mutex);
	if (bdev->bd_partno && !bdev_nr_sectors(bdev))
		return -ENXIO;			/* the partition went away */
	if ((mode & FMODE_WRITE) && (bdev->bd_read_only || disk->read_only))
		return -EROFS;
	if ((mode & FMODE_EXCL) && !bd_may_claim(bdev, holder))
		return -EBUSY;
	err = blkdev_get_whole(disk, mode);
	if (err)
		return err;
	if (bdev->bd_partno && !bdev->bd_openers++)
		disk->open_partitions++;
	if (mode & FMODE_EXCL) {
		bdev->bd_holder = holder;
		bdev->bd_holders++;
	}
	return 0;
}

int blkdev_get(struct block_device *bdev, fmode_t mode, void *holder)
{
	int err;

	might_sleep();
	if ((mode & FMODE_EXCL) && !holder)
		return -EINVAL;
	mutex_lock(&bdev->bd_disk->open_mutex);
	err = blkdev_get_locked(bdev, mode, holder);
	mutex_unlock(&bdev->bd_disk->open_mutex);
	return err;
}

struct block_device *blkdev_get_by_dev(dev_t dev, fmode_t mode, void *holder)
{
	struct block_device *bdev = bdev_lookup(dev);
	int err;

	might_sleep();
	if (!bdev)
		return ERR_PTR(-ENXIO);
	err = blkdev_get(bdev, mode, holder);
	return err ? ERR_PTR(err) : bdev;
}

struct block_device *blkdev_get_by_path(const char *path, fmode_t mode, void *holder)
{
	struct path p;
	struct inode *inode;
	dev_t dev;
	int err;

	might_sleep();
	err = kern_path(path, LOOKUP_FOLLOW, &p);
	if (err)
		return ERR_PTR(err);
	inode = p.dentry->d_inode;
	dev = inode->i_rdev;
	err = S_ISBLK(inode->i_mode) ? 0 : -ENOTBLK;
	path_put(&p);
	return err ? ERR_PTR(err) : blkdev_get_by_dev(dev, mode, holder);
}

void blkdev_put(struct block_device *bdev, fmode_t mode)
{
	struct gendisk *disk = bdev->bd_disk;

	might_sleep();
	mutex_lock(&disk->open_mutex);
	if ((mode & FMODE_EXCL) && !--bdev->bd_holders)
		bdev->bd_holder = NULL;
	if (bdev->bd_partno && !--bdev->bd_openers)
		disk->open_partitions--;
	blkdev_put_whole(disk, mode);
	mutex_unlock(&disk->open_mutex);
}
