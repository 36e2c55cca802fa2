/*
 * tmpfs's private parts, shared by fs/ramfs/tmpfs.c (inodes, directories,
 * xattrs, the superblock and mount options) and fs/ramfs/file.c (file
 * data): the inode and superblock info, the usage counters, and what
 * file.c gives tmpfs.c. Locks: tmpfs owns none; see the top of tmpfs.c
 * and fs/ramfs/README.md.
 */
#ifndef FS_RAMFS_INTERNAL_H
#define FS_RAMFS_INTERNAL_H

#include "fs/vfs/fs.h"
#include "fs/vfs/xattr.h"
#include "mm/page.h"

/* A file's size limit (s_maxbytes): 2^19 pages = 2 GiB, as before the
 * page cache. */
#define TMPFS_MAX_PAGES		(1UL << 19)
#define TMPFS_MAX_BYTES		((loff_t)TMPFS_MAX_PAGES << PAGE_SHIFT)
#define TMPFS_UNLIMITED		(~0UL >> 1)

struct tmpfs_sb_info {
	unsigned long max_pages;	/* s_umount (write) to change; read unlocked */
	unsigned long max_inodes;	/* s_umount (write) to change; read unlocked */
	long used_pages;		/* atomic */
	long used_inodes;		/* atomic */
};

struct tmpfs_inode_info {
	struct inode vfs_inode;
	/* A regular file's data is its page cache (vfs_inode.i_data); this
	 * counts its folios that hold data (the uptodate ones, each charged
	 * to the mount's size and to quota). */
	long nr_pages;			/* atomic */
	struct simple_xattrs xattrs;	/* its own lock; set under i_rwsem */
	bool dq_charged;		/* const after creation: counted by quota */
	char *symlink;			/* const: a symlink's target (= i_private) */
};

static inline struct tmpfs_inode_info *TMPFS_I(struct inode *inode)
{
	return container_of(inode, struct tmpfs_inode_info, vfs_inode);
}

static inline struct tmpfs_sb_info *TMPFS_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* ------------------------------------------------------- usage limits */

/* Take n units of a counter bounded by max; false if that would pass it. */
static inline bool tmpfs_reserve(long *used, long n, unsigned long max)
{
	long now = __atomic_add_fetch(used, n, __ATOMIC_RELAXED);

	if ((unsigned long)now > max) {
		__atomic_sub_fetch(used, n, __ATOMIC_RELAXED);
		return false;
	}
	return true;
}

static inline void tmpfs_unreserve(long *used, long n)
{
	__atomic_sub_fetch(used, n, __ATOMIC_RELAXED);
}

/* ------------------------------------------------- file data (file.c) */

extern const struct file_operations tmpfs_file_operations;
extern const struct address_space_operations tmpfs_aops;

/* Drop the whole page cache of an inode being evicted and give back what
 * it was charged. No other user is left. */
void tmpfs_evict_data(struct inode *inode);
/* A regular file's new size, after ->setattr stored it: the page cache
 * past it goes (unmapped from every process first), and the tail of the
 * last page is zeroed. i_rwsem exclusive; takes invalidate_lock. */
void tmpfs_setsize(struct inode *inode, loff_t oldsize, loff_t newsize);
/* ->getattr of regular files: simple_getattr with the blocks in use. */
int tmpfs_getattr(const struct path *path, struct kstat *stat, u32 request_mask,
		  unsigned flags);

#endif
