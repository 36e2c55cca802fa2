/*
 * Superblocks and the filesystem registry.
 *
 * A superblock is created by its filesystem's ->mount (through
 * sget_anon()), which returns with s_umount held for write; the mount code
 * releases it once the mount is attached. s_active counts mounts: when the
 * last one goes, deactivate_super() takes s_umount for write and calls
 * ->kill_sb, which shuts the superblock down and releases s_umount.
 *
 * Freezing: freeze_super() takes s_umount for write, stops new writers
 * (sb_start_write() waits while frozen), waits for running ones, syncs, and
 * calls ->freeze_fs. thaw_super() undoes it.
 *
 * Locks: file_systems_lock (registry), sb_lock (list of superblocks and
 * each s_count). Order: s_umount > s_vfs_rename_sem > i_rwsem.
 */
#include "fs/vfs/super.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/ops.h"
#include "fs/vfs/mount.h"
#include "fs/block_dev.h"
#include "drivers/block/blkdev.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/slab.h"

static DEFINE_SPINLOCK(file_systems_lock);
static struct file_system_type *file_systems;	/* file_systems_lock */
static DEFINE_SPINLOCK(sb_lock);
static LIST_HEAD(super_blocks);			/* sb_lock */
static unsigned next_anon_dev = 1;		/* atomic */
static struct lock_class_key s_vfs_rename_key;
static struct lock_class_key s_inode_list_key;
static struct lock_class_key s_writers_key;
static struct lock_class_key s_wb_key;
/* mount_bdev: finding or making the superblock of a device is one step.
 * Taken before any s_umount; never by the unmount side. */
static DEFINE_MUTEX(bdev_mount_mutex);
static const struct super_operations default_op;	/* until ->fill_super sets its own */

int register_filesystem(struct file_system_type *fs)
{
	int ret = 0;

	spin_lock(&file_systems_lock);
	for (struct file_system_type *p = file_systems; p; p = p->next)
		if (!strcmp(p->name, fs->name))
			ret = -EBUSY;
	if (!ret) {
		fs->next = file_systems;
		file_systems = fs;
	}
	spin_unlock(&file_systems_lock);
	return ret;
}

int unregister_filesystem(struct file_system_type *fs)
{
	int ret = -EINVAL;

	spin_lock(&file_systems_lock);
	for (struct file_system_type **p = &file_systems; *p; p = &(*p)->next) {
		if (*p == fs) {
			*p = fs->next;
			ret = 0;
			break;
		}
	}
	spin_unlock(&file_systems_lock);
	return ret;
}

struct file_system_type *get_fs_type(const char *name)
{
	struct file_system_type *p;

	spin_lock(&file_systems_lock);
	for (p = file_systems; p; p = p->next)
		if (!strcmp(p->name, name))
			break;
	spin_unlock(&file_systems_lock);
	return p;
}

/* Returns the new superblock with s_umount held for write. */
struct super_block *sget_anon(struct file_system_type *type, int flags)
{
	struct super_block *sb = kzalloc(sizeof(*sb), GFP_KERNEL);

	might_sleep();
	if (!sb)
		return NULL;
	__init_rwsem(&sb->s_umount, "&type->s_umount_key", &type->s_umount_key, __FILE__, __LINE__);
	__mutex_init(&sb->s_vfs_rename_sem, "&sb->s_vfs_rename_sem", &s_vfs_rename_key,
		     __FILE__, __LINE__);
	__spin_lock_init(&sb->s_inode_list_lock, "&sb->s_inode_list_lock", &s_inode_list_key,
			 __FILE__, __LINE__);
	__init_waitqueue_head(&sb->s_writers.wait, "&sb->s_writers.wait", &s_writers_key);
	INIT_LIST_HEAD(&sb->s_inodes);
	__spin_lock_init(&sb->s_wb_lock, "&sb->s_wb_lock", &s_wb_key, __FILE__, __LINE__);
	INIT_LIST_HEAD(&sb->s_dirty_inodes);
	sb->s_type = type;
	sb->s_op = &default_op;
	sb->s_flags = flags & SB_RDONLY;
	sb->s_count = 1;
	sb->s_active = 1;
	sb->s_blocksize = PAGE_SIZE;
	sb->s_blocksize_bits = PAGE_SHIFT;
	sb->s_maxbytes = 1LL << 40;
	sb->s_dev = MKDEV(0, __atomic_fetch_add(&next_anon_dev, 1, __ATOMIC_RELAXED));
	snprintf(sb->s_id, sizeof(sb->s_id), "%s", type->name);
	down_write(&sb->s_umount);
	spin_lock(&sb_lock);
	list_add_tail(&sb->s_list, &super_blocks);
	spin_unlock(&sb_lock);
	return sb;
}

/* After a grace period, and after the ->free_inode callbacks queued
 * before it (callbacks run in order): those still read inode->i_sb. */
static void free_super_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct super_block, s_rcu));
}

static void put_super(struct super_block *sb)
{
	bool last;

	spin_lock(&sb_lock);
	last = --sb->s_count == 0;
	if (last)
		list_del(&sb->s_list);
	spin_unlock(&sb_lock);
	if (last)
		call_rcu(&sb->s_rcu, free_super_rcu);
}

struct dentry *mount_nodev(struct file_system_type *type, int flags, void *data,
			   int (*fill_super)(struct super_block *sb, void *data, int silent))
{
	struct super_block *sb = sget_anon(type, flags);
	int err;

	if (!sb)
		return ERR_PTR(-ENOMEM);
	err = fill_super(sb, data, 0);
	if (err) {
		call_kill_sb(sb);	/* with s_umount held, as kill_sb expects */
		return ERR_PTR(err);
	}
	sb->s_flags |= SB_ACTIVE;
	return dget(sb->s_root);
}

/* Caller holds s_umount for write. */
void generic_shutdown_super(struct super_block *sb)
{
	int busy;

	lockdep_assert_held_write(&sb->s_umount);
	might_sleep();
	if (sb->s_root)		/* set up: write back every dirty inode first */
		sync_inodes_sb(sb);
	sb->s_flags &= ~SB_ACTIVE;
	shrink_dcache_for_umount(sb);
	if (sb->s_op && sb->s_op->sync_fs)
		call_sync_fs(sb, 1);
	busy = evict_inodes(sb);
	if (busy)
		pr_err("VFS: busy inodes after unmount of %s (%d left)\n", sb->s_id, busy);
	if (sb->s_op && sb->s_op->put_super)
		call_put_super(sb);
}

/* ->kill_sb for filesystems without a device: called with s_umount held
 * for write; releases it and the superblock. */
void kill_anon_super(struct super_block *sb)
{
	generic_shutdown_super(sb);
	up_write(&sb->s_umount);
	put_super(sb);
}

/* Drop the pin that in-memory filesystems keep on each of their dentries
 * (a created dentry is its file's only copy), depth first — the recursion
 * is as deep as the directory tree. The caller holds a reference on d. */
static void drop_pinned_dentries(struct dentry *d)
{
	for (;;) {
		struct dentry *child = NULL, *c;

		spin_lock(&d->d_lock);
		list_for_each_entry(c, &d->d_subdirs, d_child) {
			spin_lock_nested(&c->d_lock, 1);
			/* Unhashed dentries (removed names) have no pin left. */
			if (c->d_inode && (c->d_flags & DCACHE_HASHED) &&
			    !(c->d_flags & DCACHE_GENOCIDE)) {
				c->d_flags |= DCACHE_GENOCIDE;
				c->d_count++;
				child = c;
			}
			spin_unlock(&c->d_lock);
			if (child)
				break;
		}
		spin_unlock(&d->d_lock);
		if (!child)
			return;
		drop_pinned_dentries(child);
		dput(child);	/* our walking reference */
		dput(child);	/* the filesystem's pin */
	}
}

void kill_litter_super(struct super_block *sb)
{
	lockdep_assert_held_write(&sb->s_umount);
	if (sb->s_root)
		drop_pinned_dentries(sb->s_root);
	kill_anon_super(sb);
}

/* Drop a mount reference of a superblock whose s_umount the caller holds
 * for write: releases s_umount (through ->kill_sb if it was the last). */
static void deactivate_locked_super(struct super_block *sb)
{
	lockdep_assert_held_write(&sb->s_umount);
	if (__atomic_sub_fetch(&sb->s_active, 1, __ATOMIC_SEQ_CST) == 0)
		call_kill_sb(sb);
	else
		up_write(&sb->s_umount);
}

/* Take another mount reference unless the last one is already gone. */
static bool grab_active(struct super_block *sb)
{
	long a = __atomic_load_n(&sb->s_active, __ATOMIC_RELAXED);

	while (a > 0)
		if (__atomic_compare_exchange_n(&sb->s_active, &a, a + 1, false,
						__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return true;
	return false;
}

/*
 * The live superblock of type on bdev, with a new mount reference and
 * s_umount held for write, or NULL. One being shut down is waited for
 * (its s_umount) and skipped. Caller holds bdev_mount_mutex, so no
 * superblock of bdev is being made meanwhile.
 */
static struct super_block *grab_bdev_super(struct file_system_type *type,
					   struct block_device *bdev)
{
	struct super_block *sb;
	bool dying;

	lockdep_assert_held(&bdev_mount_mutex);
again:
	spin_lock(&sb_lock);
	list_for_each_entry(sb, &super_blocks, s_list) {
		if (sb->s_bdev != bdev || sb->s_type != type ||
		    !(READ_ONCE(sb->s_flags) & SB_ACTIVE))
			continue;
		sb->s_count++;
		spin_unlock(&sb_lock);
		down_write(&sb->s_umount);
		if ((sb->s_flags & SB_ACTIVE) && grab_active(sb)) {
			put_super(sb);	/* the mount reference holds it now */
			return sb;
		}
		/* Its last mount went: ->kill_sb is about to run (it needs
		 * s_umount) or has run. Let it, and look again. */
		dying = sb->s_flags & SB_ACTIVE;
		up_write(&sb->s_umount);
		put_super(sb);
		if (dying)
			msleep(1);
		goto again;
	}
	spin_unlock(&sb_lock);
	return NULL;
}

/* "vda", "vda1", "ram0p1": the name Linux prints for a block device. */
static void bdev_name(const struct block_device *bdev, char *buf, size_t len)
{
	const char *disk = bdev->bd_disk->disk_name;
	size_t n = strlen(disk);

	if (!bdev->bd_partno)
		snprintf(buf, len, "%s", disk);
	else if (n && disk[n - 1] >= '0' && disk[n - 1] <= '9')
		snprintf(buf, len, "%sp%u", disk, bdev->bd_partno);
	else
		snprintf(buf, len, "%s%u", disk, bdev->bd_partno);
}

struct dentry *mount_bdev(struct file_system_type *type, int flags, const char *dev_name,
			  void *data,
			  int (*fill_super)(struct super_block *sb, void *data, int silent))
{
	fmode_t mode = FMODE_READ | FMODE_EXCL | ((flags & SB_RDONLY) ? 0 : FMODE_WRITE);
	struct request_queue *q;
	struct block_device *bdev;
	struct super_block *sb;
	unsigned lbs;
	int err;

	might_sleep();
	if (!dev_name || !*dev_name)
		return ERR_PTR(-EINVAL);
	bdev = blkdev_get_by_path(dev_name, mode, type);
	if (IS_ERR(bdev))
		return ERR_CAST(bdev);
	mutex_lock(&bdev_mount_mutex);
	sb = grab_bdev_super(type, bdev);
	if (sb) {
		mutex_unlock(&bdev_mount_mutex);
		blkdev_put(bdev, mode);		/* the superblock has its own */
		if ((flags ^ sb->s_flags) & SB_RDONLY) {
			deactivate_locked_super(sb);
			return ERR_PTR(-EBUSY);
		}
		return dget(sb->s_root);
	}
	/* The mutex stays held until sb is SB_ACTIVE (findable) or gone. */
	sb = sget_anon(type, flags);
	if (!sb) {
		mutex_unlock(&bdev_mount_mutex);
		blkdev_put(bdev, mode);
		return ERR_PTR(-ENOMEM);
	}
	sb->s_bdev = bdev;
	sb->s_bdev_mode = mode;
	sb->s_dev = bdev->bd_dev;
	bdev_name(bdev, sb->s_id, sizeof(sb->s_id));
	WRITE_ONCE(bdev->bd_super, sb);
	q = bdev->bd_disk->queue;
	lbs = q && q->limits.logical_block_size ? q->limits.logical_block_size : SECTOR_SIZE;
	if (!sb_set_blocksize(sb, lbs)) {
		err = -EBUSY;		/* the device's cache is in use at another size */
		goto fail;
	}
	err = fill_super(sb, data, (flags & MS_SILENT) ? 1 : 0);
	if (err)
		goto fail;
	sb->s_flags |= SB_ACTIVE;
	mutex_unlock(&bdev_mount_mutex);
	return dget(sb->s_root);
fail:
	call_kill_sb(sb);	/* with s_umount held; closes bdev */
	mutex_unlock(&bdev_mount_mutex);
	return ERR_PTR(err);
}

void kill_block_super(struct super_block *sb)
{
	struct block_device *bdev = sb->s_bdev;

	generic_shutdown_super(sb);
	WRITE_ONCE(bdev->bd_super, NULL);
	sync_blockdev(bdev);
	blkdev_issue_flush(bdev);
	up_write(&sb->s_umount);
	blkdev_put(bdev, sb->s_bdev_mode);
	put_super(sb);
}

/* Drop a mount's reference; the last one shuts the superblock down. */
void deactivate_super(struct super_block *sb)
{
	might_sleep();
	if (__atomic_sub_fetch(&sb->s_active, 1, __ATOMIC_SEQ_CST) > 0)
		return;
	down_write(&sb->s_umount);
	call_kill_sb(sb);
}

/* Every dirty inode (WB_SYNC_ALL), ->sync_fs(1), the device's cache.
 * Caller holds s_umount (read or write). */
static int __sync_filesystem(struct super_block *sb)
{
	int ret, err;

	ret = sync_inodes_sb(sb);
	if (sb->s_op->sync_fs) {
		err = call_sync_fs(sb, 1);
		if (!ret)
			ret = err;
	}
	if (sb->s_bdev) {
		err = sync_blockdev(sb->s_bdev);
		if (!ret)
			ret = err;
	}
	return ret;
}

/* Takes s_umount shared. May sleep. */
int sync_filesystem(struct super_block *sb)
{
	int ret = 0;

	might_sleep();
	down_read(&sb->s_umount);
	if (sb->s_flags & SB_ACTIVE)
		ret = __sync_filesystem(sb);
	up_read(&sb->s_umount);
	return ret;
}

int vfs_statfs(const struct path *path, struct kstatfs *buf)
{
	struct super_block *sb = path->dentry->d_sb;

	might_sleep();
	memset(buf, 0, sizeof(*buf));
	if (!sb->s_op->statfs)
		return -ENOSYS;
	return call_statfs(path->dentry, buf);
}

static bool no_writers(struct super_block *sb)
{
	return __atomic_load_n(&sb->s_writers.writers, __ATOMIC_SEQ_CST) == 0;
}

/* FIFREEZE: takes s_umount for write around the whole freeze. */
int freeze_super(struct super_block *sb)
{
	int ret = 0;

	might_sleep();
	down_write(&sb->s_umount);
	if (sb->s_writers.frozen != SB_UNFROZEN || !(sb->s_flags & SB_ACTIVE)) {
		ret = -EBUSY;
		goto out_unlock;
	}
	__atomic_store_n(&sb->s_writers.frozen, SB_FREEZE_WRITE, __ATOMIC_SEQ_CST);
	wait_event(sb->s_writers.wait, no_writers(sb));
	__sync_filesystem(sb);
	if (sb->s_op->freeze_fs) {
		ret = call_freeze_fs(sb);
		if (ret) {
			__atomic_store_n(&sb->s_writers.frozen, SB_UNFROZEN, __ATOMIC_SEQ_CST);
			wake_up_all(&sb->s_writers.wait);
			goto out_unlock;
		}
	}
	__atomic_store_n(&sb->s_writers.frozen, SB_FREEZE_COMPLETE, __ATOMIC_SEQ_CST);
out_unlock:
	up_write(&sb->s_umount);
	return ret;
}

/* FITHAW: takes s_umount for write. */
int thaw_super(struct super_block *sb)
{
	int ret = 0;

	might_sleep();
	down_write(&sb->s_umount);
	if (sb->s_writers.frozen != SB_FREEZE_COMPLETE) {
		ret = -EINVAL;
		goto out_unlock;
	}
	if (sb->s_op->unfreeze_fs)
		ret = call_unfreeze_fs(sb);
	if (!ret) {
		__atomic_store_n(&sb->s_writers.frozen, SB_UNFROZEN, __ATOMIC_SEQ_CST);
		wake_up_all(&sb->s_writers.wait);
	}
out_unlock:
	up_write(&sb->s_umount);
	return ret;
}

static bool thawed(struct super_block *sb)
{
	return __atomic_load_n(&sb->s_writers.frozen, __ATOMIC_SEQ_CST) == SB_UNFROZEN;
}

/* Enter a write; sleeps while the superblock is frozen. */
void sb_start_write(struct super_block *sb)
{
	might_sleep();
	for (;;) {
		wait_event(sb->s_writers.wait, thawed(sb));
		__atomic_fetch_add(&sb->s_writers.writers, 1, __ATOMIC_SEQ_CST);
		if (thawed(sb))
			return;
		sb_end_write(sb);	/* a freeze began meanwhile: back off */
	}
}

void sb_end_write(struct super_block *sb)
{
	if (__atomic_sub_fetch(&sb->s_writers.writers, 1, __ATOMIC_SEQ_CST) == 0)
		wake_up_all(&sb->s_writers.wait);
}

/* Remount: takes s_umount for write; going read-only writes everything
 * back first (__sync_filesystem). May sleep. */
int reconfigure_super(struct super_block *sb, int flags, char *data)
{
	int ret = 0;

	might_sleep();
	down_write(&sb->s_umount);
	/* Going read-only: everything dirty reaches the disk first, so that
	 * the filesystem can mark itself clean in ->remount_fs. */
	if ((flags & SB_RDONLY) && !(sb->s_flags & SB_RDONLY) && (sb->s_flags & SB_ACTIVE))
		__sync_filesystem(sb);
	if (sb->s_op->remount_fs)
		ret = call_remount_fs(sb, &flags, data);
	if (!ret)
		sb->s_flags = (sb->s_flags & ~SB_RDONLY) | (flags & SB_RDONLY);
	up_write(&sb->s_umount);
	return ret;
}

/* Call fn on every superblock, pinned by s_count with sb_lock dropped, so
 * fn may sleep. */
void iterate_supers(void (*fn)(struct super_block *sb, void *arg), void *arg)
{
	struct super_block *sb, *prev = NULL;

	might_sleep();
	spin_lock(&sb_lock);
	list_for_each_entry(sb, &super_blocks, s_list) {
		sb->s_count++;
		spin_unlock(&sb_lock);
		if (prev)
			put_super(prev);
		fn(sb, arg);
		prev = sb;
		spin_lock(&sb_lock);
	}
	spin_unlock(&sb_lock);
	if (prev)
		put_super(prev);
}

static void sync_one(struct super_block *sb, void *arg)
{
	sync_filesystem(sb);
}

/* sync(2): every filesystem. May sleep. */
void ksys_sync(void)
{
	iterate_supers(sync_one, NULL);
}
