/*
 * Path names: walking them to a dentry and the directory operations.
 *
 * A walk starts in ref-walk mode here: each component is looked up holding
 * references (dget/mntget); a miss in the dcache takes the parent's i_rwsem
 * shared and calls ->lookup. Directory operations lock the parent's i_rwsem
 * exclusive (and the victim's, for unlink/rmdir/rename) before calling the
 * filesystem, as the rule table says.
 */
#ifndef FS_VFS_NAMEI_H
#define FS_VFS_NAMEI_H

#include "fs/vfs/fs.h"

#define LOOKUP_FOLLOW		0x0001	/* follow a final symlink */
#define LOOKUP_DIRECTORY	0x0002	/* the result must be a directory */
#define LOOKUP_PARENT		0x0010
#define LOOKUP_RCU		0x0040	/* in RCU-walk */
#define LOOKUP_CREATE		0x0200
#define LOOKUP_EXCL		0x0400
#define LOOKUP_RENAME_TARGET	0x0800
#define LOOKUP_EMPTY		0x4000	/* an empty name means the start itself */

/* The *at() syscalls' dfd and flags (Linux's values). */
#define AT_FDCWD		(-100)	/* relative to the cwd */
#define AT_SYMLINK_NOFOLLOW	0x100
#define AT_EACCESS		0x200	/* faccessat: effective ids */
#define AT_REMOVEDIR		0x200	/* unlinkat: rmdir */
#define AT_SYMLINK_FOLLOW	0x400	/* linkat */
#define AT_NO_AUTOMOUNT		0x800
#define AT_EMPTY_PATH		0x1000	/* an empty path means dfd itself */

/*
 * Resolve a path into *path (references held). An absolute name starts at
 * the caller's root, a relative one at dfd's directory (AT_FDCWD: the
 * cwd); a kernel thread's root and cwd are the namespace root. flags:
 * LOOKUP_FOLLOW (follow a final symlink), LOOKUP_DIRECTORY, LOOKUP_EMPTY
 * (an empty name resolves to dfd's file itself). 0 or -ENOENT, -ENOTDIR,
 * -ELOOP, -ENAMETOOLONG, -EACCES, -EBADF. May sleep.
 */
int kern_path_at(int dfd, const char *name, unsigned flags, struct path *path);
/* kern_path_at(AT_FDCWD, ...) */
int kern_path(const char *name, unsigned flags, struct path *path);
void path_get(const struct path *path);
void path_put(const struct path *path);

/* Look up one name under a directory whose i_rwsem the caller holds. */
struct dentry *lookup_one_len(const char *name, struct dentry *base, int len);

/* Locking for directory operations. lock_rename() takes
 * s_vfs_rename_sem for a cross-directory rename and both parents'
 * i_rwsem, ancestor first; it returns the common ancestor-side trap
 * dentry (or NULL). */
struct dentry *lock_rename(struct dentry *p1, struct dentry *p2);
void unlock_rename(struct dentry *p1, struct dentry *p2);

/* The vfs_* directory operations: the caller holds dir's i_rwsem exclusive. */
int vfs_create(struct inode *dir, struct dentry *dentry, umode_t mode, bool excl);
int vfs_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode);
int vfs_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
int vfs_symlink(struct inode *dir, struct dentry *dentry, const char *target);
int vfs_link(struct dentry *old, struct inode *dir, struct dentry *new_dentry);
int vfs_unlink(struct inode *dir, struct dentry *dentry);
int vfs_rmdir(struct inode *dir, struct dentry *dentry);
int vfs_rename(struct inode *old_dir, struct dentry *old_dentry,
	       struct inode *new_dir, struct dentry *new_dentry, unsigned flags);

/*
 * Whole operations on kernel path strings, relative to dfd as
 * kern_path_at() says: what the syscalls call. mkdir and mknod apply the
 * caller's umask; the new inode belongs to the caller's fsuid/fsgid.
 * A final symlink is not followed (linkat: unless AT_SYMLINK_FOLLOW).
 */
int do_mkdirat(int dfd, const char *path, umode_t mode);
int do_mknodat(int dfd, const char *path, umode_t mode, dev_t dev);
int do_symlinkat(const char *target, int newdfd, const char *path);
int do_linkat(int olddfd, const char *oldpath, int newdfd, const char *newpath, int flags);
int do_unlinkat(int dfd, const char *path);
int do_rmdir(int dfd, const char *path);
int do_renameat2(int olddfd, const char *oldpath, int newdfd, const char *newpath,
		 unsigned flags);
int do_readlinkat(int dfd, const char *path, char *buf, int len);

/* open(O_CREAT): walk to the parent, lock it (i_rwsem exclusive), and
 * look up the last component (maybe negative). Undo with done_path_create. */
int kern_path_create(int dfd, const char *name, struct path *parent, struct dentry **dentry);
void done_path_create(struct path *parent, struct dentry *dentry);

/* How many lookups RCU-walk finished, and how many fell back to ref-walk. */
void namei_stats(unsigned long *rcu_hits, unsigned long *fallbacks);

/* Permission check through ->permission or generic_permission(). */
int inode_permission(struct inode *inode, int mask);

#endif
