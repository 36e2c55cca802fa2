/*
 * Placeholders for what inode.c and file.c take from dir.c, namei.c,
 * symlink.c and xattr.c, until those files are on main: weak definitions
 * that the real ones replace at link time as soon as they land (and this
 * file goes then). Until then a directory or symlink inode has empty
 * operations (lookups fail), listxattr says -EOPNOTSUPP, and eviction
 * keeps an xattr block.
 *
 * Layer above: inode.c, file.c. Locks: none.
 */
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"

__attribute__((weak)) const struct file_operations ext2_dir_operations = { 0 };
__attribute__((weak)) const struct inode_operations ext2_dir_inode_operations = { 0 };
__attribute__((weak)) const struct inode_operations ext2_special_inode_operations = { 0 };
__attribute__((weak)) const struct inode_operations ext2_fast_symlink_inode_operations = { 0 };
__attribute__((weak)) const struct inode_operations ext2_symlink_inode_operations = { 0 };

__attribute__((weak)) ssize_t ext2_listxattr(struct dentry *dentry, char *list, size_t size)
{
	return -EOPNOTSUPP;
}

__attribute__((weak)) void ext2_xattr_delete_inode(struct inode *inode)
{
}
