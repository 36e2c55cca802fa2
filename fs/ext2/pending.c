/*
 * Placeholders for the ext2 functions of inode.c and xattr.c that super.c,
 * ialloc.c and orphan.c call, until those files are on main: weak
 * definitions, so that the real ones replace them at link time as soon as
 * they land (and this file goes then). Without them a mount reads no root
 * inode and fails with -ENOSYS.
 *
 * Layer above: super.c, ialloc.c, orphan.c. Locks: none.
 */
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"
#include "mm/pagemap.h"

__attribute__((weak)) const struct xattr_handler *const ext2_xattr_handlers[] = { NULL };

__attribute__((weak)) struct inode *ext2_iget(struct super_block *sb, u64 ino)
{
	return ERR_PTR(-ENOSYS);
}

__attribute__((weak)) int ext2_write_inode(struct inode *inode, struct writeback_control *wbc)
{
	return -ENOSYS;
}

__attribute__((weak)) void ext2_evict_inode(struct inode *inode)
{
	truncate_inode_pages_final(&inode->i_data);
}

__attribute__((weak)) void ext2_set_inode_ops(struct inode *inode)
{
}

__attribute__((weak)) void ext2_set_inode_flags(struct inode *inode)
{
}
