/*
 * The filesystem context of a process: its root, its current directory and
 * its umask. fork copies it (clone(CLONE_FS) would share it); chdir, fchdir
 * and chroot change it. Relative path names start at pwd, absolute ones at
 * root; a *at() syscall with a directory descriptor starts at that file's
 * path instead.
 *
 * Locks: fs->lock (spinlock) protects root and pwd (readers take their own
 * path reference under it); umask is written by its owner only; users is
 * atomic.
 */
#ifndef FS_VFS_FS_STRUCT_H
#define FS_VFS_FS_STRUCT_H

#include "fs/vfs/fs.h"

struct fs_struct {
	long users;			/* atomic */
	spinlock_t lock;
	struct path root, pwd;		/* lock; each holds a path reference */
	unsigned umask;			/* owner task */
};

/* root = pwd = the root of the mount namespace, umask 022. NULL if no memory. */
struct fs_struct *fs_struct_alloc(void);
struct fs_struct *copy_fs_struct(struct fs_struct *old);	/* fork */
void put_fs_struct(struct fs_struct *fs);	/* last put drops the paths */

/* Take a reference to the root or cwd of fs. */
void fs_get_root(struct fs_struct *fs, struct path *root);
void fs_get_pwd(struct fs_struct *fs, struct path *pwd);
/* Replace root or cwd; takes its own reference to path. */
void fs_set_root(struct fs_struct *fs, const struct path *path);
void fs_set_pwd(struct fs_struct *fs, const struct path *path);

/* The current task's root and cwd, with references: its fs_struct's, or
 * the mount namespace's root for a kernel thread (which has none). */
void get_current_root(struct path *root);
void get_current_pwd(struct path *pwd);
/* The current task's umask (0 for a kernel thread: modes are exact). */
unsigned current_umask(void);
/* umask(2): set it, return the old one. A kernel thread has none: 0. */
unsigned set_current_umask(unsigned mask);

#endif
