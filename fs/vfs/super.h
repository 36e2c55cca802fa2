/*
 * Superblocks and filesystem types. A superblock is one mounted instance of
 * a filesystem; it lives while any mount (s_active) or holder (s_count)
 * references it. s_umount (rw_semaphore) is held for write while it is set
 * up, remounted, frozen or torn down, and for read by sync.
 *
 * Locks: sb_lock (the list of superblocks and s_count), file_systems_lock
 * (the registry).
 */
#ifndef FS_VFS_SUPER_H
#define FS_VFS_SUPER_H

#include "fs/vfs/fs.h"

int register_filesystem(struct file_system_type *fs);
int unregister_filesystem(struct file_system_type *fs);
struct file_system_type *get_fs_type(const char *name);

/* A new anonymous (no device) superblock of type, returned with s_umount
 * held for write, as ->mount must return it. NULL if no memory. */
struct super_block *sget_anon(struct file_system_type *type, int flags);
/* ->mount for filesystems without a device: sget_anon + fill_super. */
struct dentry *mount_nodev(struct file_system_type *type, int flags, void *data,
			   int (*fill_super)(struct super_block *sb, void *data, int silent));
/* The generic ->kill_sb: shrink the dcache, evict inodes, ->put_super. */
void generic_shutdown_super(struct super_block *sb);
void kill_anon_super(struct super_block *sb);
void kill_litter_super(struct super_block *sb);
/*
 * ->mount for a filesystem on a block device: dev_name is the path of a
 * block device node, opened for the filesystem type (FMODE_EXCL; read-only
 * if flags has SB_RDONLY). A device has at most one superblock: a second
 * mount of the same device shares it (-EBUSY if the flags disagree on
 * read-only). A new superblock gets s_bdev, s_dev, s_id (the disk's name,
 * "vda1"), the device's logical block size, and is filled by fill_super
 * (silent: do not log why it is not ours). ERR_PTR on failure.
 */
struct dentry *mount_bdev(struct file_system_type *type, int flags, const char *dev_name,
			  void *data,
			  int (*fill_super)(struct super_block *sb, void *data, int silent));
/* ->kill_sb of such filesystems: generic_shutdown_super, write back and
 * flush the device, close it. */
void kill_block_super(struct super_block *sb);

/* Mount references (s_active): the last one calls ->kill_sb. */
void deactivate_super(struct super_block *sb);

/* sync: write inodes, ->sync_fs; takes s_umount for read. May sleep. */
int sync_filesystem(struct super_block *sb);
int vfs_statfs(const struct path *path, struct kstatfs *buf);
/* FIFREEZE/FITHAW. */
int freeze_super(struct super_block *sb);
int thaw_super(struct super_block *sb);
/* Writers (write, create, ...) bracket their change with these; they wait
 * while the superblock is frozen. */
void sb_start_write(struct super_block *sb);
void sb_end_write(struct super_block *sb);
int reconfigure_super(struct super_block *sb, int flags, char *data);

/* Each superblock pinned in turn, no lock held (fn may sleep). */
void iterate_supers(void (*fn)(struct super_block *sb, void *arg), void *arg);
void ksys_sync(void);		/* sync(2) */

#endif
