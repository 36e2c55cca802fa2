/*
 * Mounts. A struct vfsmount attaches a superblock's tree (mnt_root) at a
 * dentry (the mountpoint) of a parent mount. Path walking crosses mounts
 * by looking up (parent mount, dentry) in the mount hash.
 *
 * Locks: mount_lock (a seqlock: the hash, the tree of mounts; readers may
 * retry), namespace_sem (mount and umount serialise on it); each mount's
 * mnt_count is atomic.
 */
#ifndef FS_VFS_MOUNT_H
#define FS_VFS_MOUNT_H

#include "fs/vfs/fs.h"

#define MNT_RDONLY	0x1	/* mnt_flags: no writes through this mount */

/* umount2(2) flags */
#define MNT_FORCE	0x1	/* call ->umount_begin first */
#define MNT_DETACH	0x2	/* detach now, free with the last user */
#define MNT_EXPIRE	0x4
#define UMOUNT_NOFOLLOW	0x8

/* mount(2) flags (Linux's values) */
#define MS_RDONLY	1
#define MS_NOSUID	2
#define MS_NODEV	4
#define MS_NOEXEC	8
#define MS_SYNCHRONOUS	16
#define MS_REMOUNT	32
#define MS_MANDLOCK	64
#define MS_DIRSYNC	128
#define MS_NOSYMFOLLOW	256
#define MS_NOATIME	1024
#define MS_NODIRATIME	2048
#define MS_BIND		4096
#define MS_MOVE		8192
#define MS_REC		16384
#define MS_SILENT	32768
#define MS_UNBINDABLE	(1 << 17)
#define MS_PRIVATE	(1 << 18)
#define MS_SLAVE	(1 << 19)
#define MS_SHARED	(1 << 20)
#define MS_RELATIME	(1 << 21)
#define MS_STRICTATIME	(1 << 24)
#define MS_LAZYTIME	(1 << 25)
#define MS_PROPAGATION	(MS_SHARED | MS_SLAVE | MS_UNBINDABLE | MS_PRIVATE)
#define MS_MGC_VAL	0xC0ED0000UL	/* old magic in the top 16 bits */
#define MS_MGC_MSK	0xffff0000UL

struct vfsmount {
	struct dentry *mnt_root;		/* const */
	struct super_block *mnt_sb;		/* const */
	int mnt_flags;				/* namespace_sem */
	struct vfsmount *mnt_parent;		/* mount_lock; self for the root */
	struct dentry *mnt_mountpoint;		/* mount_lock */
	struct list_head mnt_hash;		/* mount_lock */
	struct list_head mnt_list;		/* namespace_sem: all mounts */
	struct list_head mnt_child;		/* namespace_sem: in parent's mnt_mounts */
	struct list_head mnt_mounts;		/* namespace_sem: children */
	long mnt_count;				/* atomic */
	struct rcu_head mnt_rcu;		/* freed after a grace period (RCU-walk) */
	char mnt_devname[32];			/* const */
};

extern seqlock_t mount_lock;

void mnt_init(void);			/* mount the root tmpfs */
struct vfsmount *mntget(struct vfsmount *mnt);
void mntput(struct vfsmount *mnt);
/* Mount type on a new vfsmount, not attached anywhere. */
struct vfsmount *vfs_kern_mount(struct file_system_type *type, int flags,
				const char *name, void *data);
/* The mount on (mnt, dentry), with a reference, or NULL. */
struct vfsmount *lookup_mnt(const struct path *path);
/* RCU-walk: the mount on (parent, dentry) without a reference, or NULL.
 * Caller is inside rcu_read_lock(). */
struct vfsmount *__lookup_mnt_rcu(struct vfsmount *parent, struct dentry *dentry);
/* RCU-walk's end: take a reference on mnt if no mount or umount ran since
 * read_seqbegin(&mount_lock) returned mseq. */
bool legitimize_mnt(struct vfsmount *mnt, unsigned mseq);
/* Step path down to the top mount stacked on it; returns whether it moved. */
bool follow_down(struct path *path);
/* Step from a mount's root up to where it is mounted; false at the root. */
bool follow_up(struct path *path);

/* No writes through mnt: the mount or its superblock is read-only. */
bool mnt_is_readonly(const struct vfsmount *mnt);

/* The mount(2)/umount2(2) back ends, with kernel paths (relative ones
 * from the caller's cwd). mount: MS_REMOUNT (with MS_BIND: the mount's
 * own read-only flag), MS_BIND (not recursive: MS_REC binds the one
 * mount), MS_PRIVATE & co. accepted as no-ops, MS_MOVE -EINVAL. umount2:
 * MNT_FORCE, MNT_DETACH, UMOUNT_NOFOLLOW. */
int do_mount(const char *dev_name, const char *dir, const char *type,
	     unsigned long flags, void *data);
int do_umount_path(const char *dir, int flags);

/* The root of the mount namespace (with references). */
void get_fs_root(struct path *root);
/*
 * Make mnt (new, not attached) the root of the namespace: it is mounted
 * over the current root's top directory (the initramfs tmpfs stays
 * beneath, as Linux's rootfs) and is what get_fs_root() returns from then
 * on; the mounts on the directories moves[] (at most 4: "/proc", "/dev")
 * move onto the same names in the new root, where it has them. Once, at
 * boot, before init and with no fs_struct holding the old root. May sleep.
 */
int mount_root_mnt(struct vfsmount *mnt, const char *const *moves, unsigned nmoves);
/* /proc/mounts-style listing into buf. */
size_t mounts_format(char *buf, size_t len);
/* fn for each mount under namespace_sem (shared); see namespace.c. */
int iterate_mounts(int (*fn)(struct vfsmount *mnt, const char *mountpoint, void *arg),
		   void *arg);

#endif
