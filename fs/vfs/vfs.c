/* Bringing the VFS up at boot: caches, filesystem types, the root mount. */
#include "fs/vfs/vfs.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/ramfs/tmpfs.h"
#include "fs/initramfs.h"
#include "fs/proc/proc_fs.h"
#include "fs/devfs/devfs.h"
#include "mm/pagemap.h"
#include "fs/block_dev.h"
#include "fs/vfs/writeback.h"
#include "fs/ext2/ext2.h"

void vfs_init(void)
{
	pagecache_init();
	blkdev_pagecache_init();
	dcache_init();
	inode_init();
	tmpfs_init();
	ext2_init();
	mnt_init();
	initramfs_unpack();
	proc_init();
	devfs_init();
	writeback_init();
}
