/*
 * libfs: the simple_* helpers a memory-only filesystem builds on (tmpfs
 * uses all of them). They keep no state of their own: the dcache is the
 * directory, so a directory is empty when none of its children is positive
 * and hashed, and readdir walks the parent's d_subdirs.
 *
 * Layer above: filesystems (fs/ramfs/). Below: the VFS core (fs/vfs/).
 * Locks: none of their own; each helper states the VFS locks it expects
 * (the directory operations run with the i_rwsem the rule table names) and
 * takes d_lock only briefly, parent before child.
 */
#ifndef FS_LIBFS_H
#define FS_LIBFS_H

#include "fs/vfs/fs.h"

/* A directory dentry's d_lock is taken before a child's; the child's is
 * taken with this lockdep subclass. */
#define LIBFS_D_LOCK_NESTED	1

/* Dentries of a memory-only filesystem: never keep unused ones. */
extern const struct dentry_operations simple_dentry_operations;
int always_delete_dentry(const struct dentry *dentry);

/* ->lookup: the name is not there (everything that exists is in the
 * dcache), so hash a negative dentry. dir's i_rwsem shared. */
struct dentry *simple_lookup(struct inode *dir, struct dentry *dentry, unsigned flags);

/* ->link, ->unlink, ->rmdir, ->rename for filesystems whose dentries pin
 * their inodes (one extra dget per positive dentry). i_rwsem as the rule
 * table says; they do not sleep. */
int simple_link(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry);
int simple_unlink(struct inode *dir, struct dentry *dentry);
int simple_rmdir(struct inode *dir, struct dentry *dentry);
int simple_rename(struct inode *old_dir, struct dentry *old_dentry,
		  struct inode *new_dir, struct dentry *new_dentry, unsigned flags);
/* Whether dentry (a directory) has no positive, hashed child. Takes its
 * d_lock and each child's. A negative dentry counts as empty. */
bool simple_empty(struct dentry *dentry);

/* ->iterate_shared: ".", "..", then the positive hashed children. */
int dcache_readdir(struct file *file, struct dir_context *ctx);
/* ->llseek of such directories: SEEK_SET / SEEK_CUR to any entry index. */
loff_t dcache_dir_lseek(struct file *file, loff_t offset, int whence);
/* ->read of a directory: -EISDIR. */
ssize_t generic_read_dir(struct file *file, char *buf, size_t len, loff_t *pos);

int simple_statfs(struct dentry *dentry, struct kstatfs *buf);
/* ->fill_super of an internal filesystem (pipefs, bdev): no files of its
 * own, a root directory, statfs. s_umount held for writing. */
int pseudo_fill_super(struct super_block *sb, unsigned long magic);
int simple_getattr(const struct path *path, struct kstat *stat, u32 request_mask,
		   unsigned flags);
/* ->get_link of a symlink whose target string is inode->i_private. */
const char *simple_get_link(struct dentry *dentry, struct inode *inode,
			    struct delayed_call *done);
/* ->fsync with nothing to write back. */
int noop_fsync(struct file *file, loff_t start, loff_t end, int datasync);

extern const struct file_operations simple_dir_operations;
extern const struct inode_operations simple_dir_inode_operations;
extern const struct inode_operations simple_symlink_inode_operations;

/* "." and ".." of a readdir at ctx->pos 0 and 1; false if the actor is full. */
bool dir_emit_dots(struct file *file, struct dir_context *ctx);

static inline bool dir_emit(struct dir_context *ctx, const char *name, int namelen,
			    u64 ino, unsigned type)
{
	return ctx->actor(ctx, name, namelen, ctx->pos, ino, type);
}

/* DT_* type of an inode mode, for readdir. */
static inline unsigned dt_type(umode_t mode)
{
	return (mode & S_IFMT) >> 12;
}

#endif
