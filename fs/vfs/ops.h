/*
 * The only way the VFS calls a filesystem: one wrapper per operation. Each
 * wrapper describes the caller's lock state (struct lr_observed) for the
 * locks the seed's table names for that operation, has the rule checker
 * compare it with the rule row and count it, and then makes the call.
 *
 * A wrapper does not take or drop any lock: it only looks. The locking is
 * done by the VFS code around it, which is what the check verifies.
 */
#ifndef FS_VFS_OPS_H
#define FS_VFS_OPS_H

#include "fs/vfs/fs.h"
#include "fs/lockrules/lockrules.h"

extern seqlock_t rename_lock;

/* Lock state of the dentry-level locks (rename_lock, d_lock, RCU walk). */
static inline void lr_dentry(struct lr_observed *o, const struct dentry *d,
			     enum lr_state rename, bool rcu)
{
	lr_set(o, LR_rename_lock, rename);
	lr_set(o, LR_d_lock, d ? lr_spin_state(&d->d_lock) : LRS_none);
	lr_set(o, LR_rcu_walk, rcu ? LRS_held : LRS_none);
}

/* Lock state for a directory operation on dir, with an optional victim. */
static inline void lr_dir(struct lr_observed *o, const struct inode *dir,
			  const struct inode *victim)
{
	lr_set(o, LR_i_rwsem, dir ? lr_rwsem_state(&dir->i_rwsem) : LRS_none);
	lr_set(o, LR_i_rwsem_victim, victim ? lr_rwsem_state(&victim->i_rwsem) : LRS_none);
	lr_set(o, LR_s_vfs_rename_sem, dir ? lr_mutex_state(&dir->i_sb->s_vfs_rename_sem) : LRS_none);
	lr_set(o, LR_rcu_walk, LRS_none);
}

/* Lock state for a superblock operation. */
static inline void lr_super(struct lr_observed *o, const struct super_block *sb,
			    const struct inode *inode)
{
	lr_set(o, LR_s_umount, sb ? lr_rwsem_rw_state(&sb->s_umount) : LRS_none);
	lr_set(o, LR_i_lock, inode ? lr_spin_state(&inode->i_lock) : LRS_none);
}

#define LR_CHECK(op, o) lockrule_check(LR_OP_##op, (o))

/* ------------------------------------------------------ dentry_operations */

static inline int call_d_revalidate(struct dentry *d, unsigned flags, bool rcu)
{
	struct lr_observed o = { 0 };

	lr_dentry(&o, d, LRS_none, rcu);
	LR_CHECK(dentry_d_revalidate, &o);
	return d->d_op->d_revalidate(d, flags);
}

static inline int call_d_hash(const struct dentry *parent, struct qstr *name, bool rcu)
{
	struct lr_observed o = { 0 };

	lr_dentry(&o, parent, LRS_none, rcu);
	LR_CHECK(dentry_d_hash, &o);
	return parent->d_op->d_hash(parent, name);
}

/* Called from inside a rename_lock read section (d_lookup's retry loop,
 * or RCU-walk's); a writer holding rename_lock would show as write. */
static inline int call_d_compare(const struct dentry *d, unsigned len, const char *str,
				 const struct qstr *name, bool rcu)
{
	struct lr_observed o = { 0 };

	lr_dentry(&o, d, lr_seqcount_state(&rename_lock.seqcount, true), rcu);
	LR_CHECK(dentry_d_compare, &o);
	return d->d_op->d_compare(d, len, str, name);
}

static inline int call_d_delete(const struct dentry *d)
{
	struct lr_observed o = { 0 };

	lr_dentry(&o, d, LRS_none, false);
	LR_CHECK(dentry_d_delete, &o);
	return d->d_op->d_delete(d);
}

static inline int call_d_init(struct dentry *d)
{
	struct lr_observed o = { 0 };

	lr_dentry(&o, d, LRS_none, false);
	LR_CHECK(dentry_d_init, &o);
	return d->d_op->d_init(d);
}

static inline void call_d_release(struct dentry *d)
{
	struct lr_observed o = { 0 };

	lr_dentry(&o, d, LRS_none, false);
	LR_CHECK(dentry_d_release, &o);
	d->d_op->d_release(d);
}

static inline void call_d_prune(struct dentry *d)
{
	struct lr_observed o = { 0 };

	lr_dentry(&o, d, LRS_none, false);
	LR_CHECK(dentry_d_prune, &o);
	d->d_op->d_prune(d);
}

static inline void call_d_iput(struct dentry *d, struct inode *inode)
{
	struct lr_observed o = { 0 };

	lr_dentry(&o, d, LRS_none, false);
	LR_CHECK(dentry_d_iput, &o);
	d->d_op->d_iput(d, inode);
}

/* ------------------------------------------------------ inode_operations */

static inline struct dentry *call_lookup(struct inode *dir, struct dentry *d, unsigned flags)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, dir, NULL);
	LR_CHECK(inode_lookup, &o);
	return dir->i_op->lookup(dir, d, flags);
}

static inline int call_create(struct inode *dir, struct dentry *d, umode_t mode, bool excl)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, dir, NULL);
	LR_CHECK(inode_create, &o);
	return dir->i_op->create(dir, d, mode, excl);
}

static inline int call_mkdir(struct inode *dir, struct dentry *d, umode_t mode)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, dir, NULL);
	LR_CHECK(inode_mkdir, &o);
	return dir->i_op->mkdir(dir, d, mode);
}

static inline int call_mknod(struct inode *dir, struct dentry *d, umode_t mode, dev_t dev)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, dir, NULL);
	LR_CHECK(inode_mknod, &o);
	return dir->i_op->mknod(dir, d, mode, dev);
}

static inline int call_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, dir, NULL);
	LR_CHECK(inode_symlink, &o);
	return dir->i_op->symlink(dir, d, target);
}

/* link: the rule's "both" are the directory and the inode being linked. */
static inline int call_link(struct dentry *old, struct inode *dir, struct dentry *d)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, dir, d_inode(old));
	LR_CHECK(inode_link, &o);
	return dir->i_op->link(old, dir, d);
}

static inline int call_unlink(struct inode *dir, struct dentry *d)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, dir, d_inode(d));
	LR_CHECK(inode_unlink, &o);
	return dir->i_op->unlink(dir, d);
}

static inline int call_rmdir(struct inode *dir, struct dentry *d)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, dir, d_inode(d));
	LR_CHECK(inode_rmdir, &o);
	return dir->i_op->rmdir(dir, d);
}

/* rename: old_dir's state stands for both parents (lock_rename() takes
 * both exclusive); the victim is the target, if it exists. */
static inline int call_rename(struct inode *old_dir, struct dentry *old,
			      struct inode *new_dir, struct dentry *new, unsigned flags)
{
	struct lr_observed o = { 0 };
	enum lr_state s2 = lr_rwsem_state(&new_dir->i_rwsem);

	lr_dir(&o, old_dir, d_inode(new));
	if (s2 != LRS_exclusive)
		lr_set(&o, LR_i_rwsem, s2);
	LR_CHECK(inode_rename, &o);
	return old_dir->i_op->rename(old_dir, old, new_dir, new, flags);
}

static inline const char *call_get_link(struct dentry *d, struct inode *inode,
					struct delayed_call *done)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, inode, NULL);
	LR_CHECK(inode_get_link, &o);
	return inode->i_op->get_link(d, inode, done);
}

static inline int call_readlink(struct dentry *d, char *buf, int len)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, d_inode(d), NULL);
	LR_CHECK(inode_readlink, &o);
	return d_inode(d)->i_op->readlink(d, buf, len);
}

static inline int call_permission(struct inode *inode, int mask)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, inode, NULL);
	lr_set(&o, LR_rcu_walk, (mask & MAY_NOT_BLOCK) ? LRS_held : LRS_none);
	LR_CHECK(inode_permission, &o);
	return inode->i_op->permission(inode, mask);
}

static inline int call_setattr(struct dentry *d, struct iattr *attr)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, d_inode(d), NULL);
	LR_CHECK(inode_setattr, &o);
	return d_inode(d)->i_op->setattr(d, attr);
}

static inline int call_getattr(const struct path *path, struct kstat *stat)
{
	struct lr_observed o = { 0 };
	struct inode *inode = d_inode(path->dentry);

	lr_dir(&o, inode, NULL);
	LR_CHECK(inode_getattr, &o);
	return inode->i_op->getattr(path, stat, ~0u, 0);
}

static inline ssize_t call_listxattr(struct dentry *d, char *list, size_t size)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, d_inode(d), NULL);
	LR_CHECK(inode_listxattr, &o);
	return d_inode(d)->i_op->listxattr(d, list, size);
}

static inline int call_update_time(struct inode *inode, struct timespec64 *t, int flags)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, inode, NULL);
	LR_CHECK(inode_update_time, &o);
	return inode->i_op->update_time(inode, t, flags);
}

/* i_rwsem as the caller holds it (the VFS takes none: the seed's "no";
 * the filesystem locks the inode itself). */
static inline int call_fiemap(struct inode *inode, struct fiemap_extent_info *fi, u64 start,
			      u64 len)
{
	struct lr_observed o = { 0 };

	lr_dir(&o, inode, NULL);
	LR_CHECK(inode_fiemap, &o);
	return inode->i_op->fiemap(inode, fi, start, len);
}

/* ------------------------------------------------------ super_operations */

static inline struct inode *call_alloc_inode(struct super_block *sb)
{
	struct lr_observed o = { 0 };

	lr_super(&o, NULL, NULL);
	LR_CHECK(super_alloc_inode, &o);
	return sb->s_op->alloc_inode(sb);
}

static inline void call_destroy_inode(struct inode *inode)
{
	struct lr_observed o = { 0 };

	lr_super(&o, NULL, NULL);
	LR_CHECK(super_destroy_inode, &o);
	inode->i_sb->s_op->destroy_inode(inode);
}

/* From the RCU callback thread, a grace period after eviction. */
static inline void call_free_inode(struct inode *inode)
{
	struct lr_observed o = { 0 };

	lr_super(&o, NULL, NULL);
	LR_CHECK(super_free_inode, &o);
	inode->i_sb->s_op->free_inode(inode);
}

/* Under inode->i_lock, as the seed insists. */
static inline int call_drop_inode(struct inode *inode)
{
	struct lr_observed o = { 0 };

	lr_super(&o, NULL, inode);
	LR_CHECK(super_drop_inode, &o);
	return inode->i_sb->s_op->drop_inode(inode);
}

static inline void call_evict_inode(struct inode *inode)
{
	struct lr_observed o = { 0 };

	lr_super(&o, NULL, inode);
	LR_CHECK(super_evict_inode, &o);
	inode->i_sb->s_op->evict_inode(inode);
}

/* From __mark_inode_dirty (flags: the I_DIRTY_SYNC/DATASYNC bits). */
static inline void call_dirty_inode(struct inode *inode, int flags)
{
	struct lr_observed o = { 0 };

	lr_super(&o, NULL, inode);
	LR_CHECK(super_dirty_inode, &o);
	inode->i_sb->s_op->dirty_inode(inode, flags);
}

static inline int call_write_inode(struct inode *inode, struct writeback_control *wbc)
{
	struct lr_observed o = { 0 };

	lr_super(&o, NULL, inode);
	LR_CHECK(super_write_inode, &o);
	return inode->i_sb->s_op->write_inode(inode, wbc);
}

static inline void call_put_super(struct super_block *sb)
{
	struct lr_observed o = { 0 };

	lr_super(&o, sb, NULL);
	LR_CHECK(super_put_super, &o);
	sb->s_op->put_super(sb);
}

static inline int call_sync_fs(struct super_block *sb, int wait)
{
	struct lr_observed o = { 0 };

	lr_super(&o, sb, NULL);
	LR_CHECK(super_sync_fs, &o);
	return sb->s_op->sync_fs(sb, wait);
}

static inline int call_freeze_fs(struct super_block *sb)
{
	struct lr_observed o = { 0 };

	lr_super(&o, sb, NULL);
	LR_CHECK(super_freeze_fs, &o);
	return sb->s_op->freeze_fs(sb);
}

static inline int call_unfreeze_fs(struct super_block *sb)
{
	struct lr_observed o = { 0 };

	lr_super(&o, sb, NULL);
	LR_CHECK(super_unfreeze_fs, &o);
	return sb->s_op->unfreeze_fs(sb);
}

static inline int call_statfs(struct dentry *d, struct kstatfs *buf)
{
	struct lr_observed o = { 0 };

	lr_super(&o, d->d_sb, NULL);
	LR_CHECK(super_statfs, &o);
	return d->d_sb->s_op->statfs(d, buf);
}

static inline int call_remount_fs(struct super_block *sb, int *flags, char *data)
{
	struct lr_observed o = { 0 };

	lr_super(&o, sb, NULL);
	LR_CHECK(super_remount_fs, &o);
	return sb->s_op->remount_fs(sb, flags, data);
}

static inline void call_umount_begin(struct super_block *sb)
{
	struct lr_observed o = { 0 };

	lr_super(&o, sb, NULL);
	LR_CHECK(super_umount_begin, &o);
	sb->s_op->umount_begin(sb);
}

/* ------------------------------------------------------ file_system_type */

static inline struct dentry *call_mount(struct file_system_type *fs, int flags,
					const char *dev, void *data)
{
	struct lr_observed o = { 0 };

	LR_CHECK(file_system_type_mount, &o);
	return fs->mount(fs, flags, dev, data);
}

/* kill_sb takes a superblock write-locked (s_umount) and unlocks it. */
static inline void call_kill_sb(struct super_block *sb)
{
	struct lr_observed o = { 0 };

	lr_super(&o, sb, NULL);
	LR_CHECK(file_system_type_kill_sb, &o);
	sb->s_type->kill_sb(sb);
}

/* ------------------------------------------------------ file_operations */

static inline void lr_file(struct lr_observed *o, const struct file *f)
{
	lr_set(o, LR_i_rwsem, lr_rwsem_state(&file_inode(f)->i_rwsem));
}

static inline loff_t call_llseek(struct file *f, loff_t off, int whence)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_llseek, &o);
	return f->f_op->llseek(f, off, whence);
}

static inline ssize_t call_read(struct file *f, char *buf, size_t len, loff_t *pos)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_read, &o);
	return f->f_op->read(f, buf, len, pos);
}

static inline ssize_t call_write(struct file *f, const char *buf, size_t len, loff_t *pos)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_write, &o);
	return f->f_op->write(f, buf, len, pos);
}

static inline ssize_t call_read_iter(struct file *f, struct kiocb *iocb, struct iov_iter *iter)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_read_iter, &o);
	return f->f_op->read_iter(iocb, iter);
}

static inline ssize_t call_write_iter(struct file *f, struct kiocb *iocb, struct iov_iter *iter)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_write_iter, &o);
	return f->f_op->write_iter(iocb, iter);
}

static inline int call_iterate(struct file *f, struct dir_context *ctx)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_iterate, &o);
	return f->f_op->iterate(f, ctx);
}

static inline int call_iterate_shared(struct file *f, struct dir_context *ctx)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_iterate_shared, &o);
	return f->f_op->iterate_shared(f, ctx);
}

static inline int call_open(struct inode *inode, struct file *f)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_open, &o);
	return f->f_op->open(inode, f);
}

static inline int call_flush(struct file *f)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_flush, &o);
	return f->f_op->flush(f);
}

static inline int call_release(struct inode *inode, struct file *f)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_release, &o);
	return f->f_op->release(inode, f);
}

/* A new mapping of f: the caller (do_mmap) holds the mm's mmap_lock for
 * writing; the op sets vma->vm_ops. */
static inline int call_mmap(struct file *f, struct vm_area_struct *vma)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_mmap, &o);
	return f->f_op->mmap(f, vma);
}

static inline int call_fsync(struct file *f, loff_t start, loff_t end, int datasync)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_fsync, &o);
	return f->f_op->fsync(f, start, end, datasync);
}

static inline long call_fallocate(struct file *f, int mode, loff_t off, loff_t len)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_fallocate, &o);
	return f->f_op->fallocate(f, mode, off, len);
}

static inline long call_unlocked_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
	struct lr_observed o = { 0 };

	lr_file(&o, f);
	LR_CHECK(file_unlocked_ioctl, &o);
	return f->f_op->unlocked_ioctl(f, cmd, arg);
}

/* ------------------------------------------------------ xattr_handler */

static inline void lr_xattr(struct lr_observed *o, const struct inode *inode)
{
	lr_set(o, LR_i_rwsem, lr_rwsem_state(&inode->i_rwsem));
}

static inline bool call_xattr_list(const struct xattr_handler *h, struct dentry *d)
{
	struct lr_observed o = { 0 };

	lr_xattr(&o, d_inode(d));
	LR_CHECK(xattr_handler_list, &o);
	return h->list(d);
}

static inline int call_xattr_get(const struct xattr_handler *h, struct dentry *d,
				 struct inode *inode, const char *name, void *buf, size_t size)
{
	struct lr_observed o = { 0 };

	lr_xattr(&o, inode);
	LR_CHECK(xattr_handler_get, &o);
	return h->get(h, d, inode, name, buf, size);
}

static inline int call_xattr_set(const struct xattr_handler *h, struct dentry *d,
				 struct inode *inode, const char *name, const void *value,
				 size_t size, int flags)
{
	struct lr_observed o = { 0 };

	lr_xattr(&o, inode);
	LR_CHECK(xattr_handler_set, &o);
	return h->set(h, d, inode, name, value, size, flags);
}

#endif
