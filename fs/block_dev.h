/*
 * Block device files and the page cache of a block device
 * (fs/block_dev.c): the file operations of /dev/vda and friends
 * (def_blk_fops, which init_special_inode gives every S_IFBLK inode), the
 * address_space operations of a block device's page cache (def_blk_aops,
 * on bd_inode's mapping, built on buffer heads), and what filesystems and
 * ioctls call on that cache.
 */
#ifndef FS_BLOCK_DEV_H
#define FS_BLOCK_DEV_H

#include "fs/vfs/fs.h"

struct block_device;

extern const struct file_operations def_blk_fops;
extern const struct address_space_operations def_blk_aops;

/* The block device whose page cache inode is bd_inode. */
static inline struct block_device *I_BDEV(struct inode *bd_inode)
{
	return bd_inode->i_private;
}

/* Write back every dirty cached block of bdev and wait: 0 or -EIO. */
int sync_blockdev(struct block_device *bdev);
/* Drop bdev's clean, unused cached pages. */
void invalidate_bdev(struct block_device *bdev);
/*
 * The block size of bdev's page cache for new buffers (512..PAGE_SIZE, a
 * power of two, not below the logical block size): writes the cache back
 * and drops it when the size changes. 0, -EINVAL, or -EBUSY if cached
 * pages could not be dropped. May sleep.
 */
int set_blocksize(struct block_device *bdev, unsigned size);
/* sb->s_blocksize(_bits) and the device's block size; returns the size,
 * or 0 if the device cannot use it. */
int sb_set_blocksize(struct super_block *sb, unsigned size);

/* At boot: hooks the page cache into the block layer (BLKFLSBUF). */
void blkdev_pagecache_init(void);

#endif
