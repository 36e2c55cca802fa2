/*
 * libfs: directory, link and readdir helpers for filesystems that keep
 * their whole namespace in the dcache (tmpfs). Each positive dentry of such
 * a filesystem holds one extra reference on itself (taken when the name is
 * created, dropped by simple_unlink), so nothing is ever looked up twice
 * and ->lookup only ever creates negative dentries.
 *
 * Sits between the filesystems in fs/ramfs/ and the VFS core in fs/vfs/.
 * Owns no lock; see libfs.h for the locks each helper expects.
 */
#include "fs/libfs.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/file.h"
#include "kernel/boot/layout.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"

/* -------------------------------------------------------------- dentries */

/* ->d_delete: d_lock held; may not sleep. */
int always_delete_dentry(const struct dentry *dentry)
{
	lockdep_assert_held(&dentry->d_lock);
	return 1;
}

const struct dentry_operations simple_dentry_operations = {
	.d_delete = always_delete_dentry,
};

/* Positive and findable. Caller holds d->d_lock. */
static bool simple_positive(const struct dentry *d)
{
	return d->d_inode && (d->d_flags & DCACHE_HASHED);
}

/*
 * Called with dir's i_rwsem at least shared (exclusive on the create path).
 * Everything that exists is already in the dcache, so the name is absent:
 * hash it as negative. -ENAMETOOLONG for a name over NAME_MAX.
 */
struct dentry *simple_lookup(struct inode *dir, struct dentry *dentry, unsigned flags)
{
	lockdep_assert_held(&dir->i_rwsem);

	if (dentry->d_name.len > NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	d_add(dentry, NULL);
	return NULL;
}

/*
 * Takes dentry's d_lock, then each child's (nested). Caller holds the
 * directory's i_rwsem, so no positive child can appear meanwhile.
 */
bool simple_empty(struct dentry *dentry)
{
	struct dentry *child;
	bool empty = true;

	if (d_inode(dentry))
		lockdep_assert_held(&d_inode(dentry)->i_rwsem);

	spin_lock(&dentry->d_lock);
	list_for_each_entry(child, &dentry->d_subdirs, d_child) {
		spin_lock_nested(&child->d_lock, LIBFS_D_LOCK_NESTED);
		empty = !simple_positive(child);
		spin_unlock(&child->d_lock);
		if (!empty)
			break;
	}
	spin_unlock(&dentry->d_lock);
	return empty;
}

/* ------------------------------------------------------ namespace changes */

static void touch_dir(struct inode *dir, struct timespec64 now)
{
	dir->i_mtime = now;
	dir->i_ctime = now;
}

/*
 * ->link: dir's and the inode's i_rwsem exclusive (held by the VFS). The
 * new dentry pins itself and takes an inode reference. Does not sleep.
 */
int simple_link(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(old_dentry);
	struct timespec64 now = current_time(inode);

	lockdep_assert_held_write(&dir->i_rwsem);
	lockdep_assert_held_write(&inode->i_rwsem);

	inode->i_ctime = now;
	touch_dir(dir, now);
	inc_nlink(inode);
	ihold(inode);
	dget(dentry);
	d_instantiate(dentry, inode);
	return 0;
}

/*
 * ->unlink: dir's and the victim's i_rwsem exclusive (held by the VFS).
 * Drops the link and the dentry's pin; the VFS still holds the dentry and
 * turns it negative or unhashes it (d_delete) afterwards.
 */
int simple_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	struct timespec64 now = current_time(inode);

	lockdep_assert_held_write(&dir->i_rwsem);
	lockdep_assert_held_write(&inode->i_rwsem);

	inode->i_ctime = now;
	touch_dir(dir, now);
	drop_nlink(inode);
	dput(dentry);
	return 0;
}

/*
 * ->rmdir: dir's and the victim's i_rwsem exclusive. -ENOTEMPTY if the
 * directory still has a positive child. The victim loses "." and its name,
 * dir loses the victim's "..".
 */
int simple_rmdir(struct inode *dir, struct dentry *dentry)
{
	lockdep_assert_held_write(&dir->i_rwsem);
	lockdep_assert_held_write(&d_inode(dentry)->i_rwsem);

	if (!simple_empty(dentry))
		return -ENOTEMPTY;
	drop_nlink(d_inode(dentry));
	simple_unlink(dir, dentry);
	drop_nlink(dir);
	return 0;
}

static void rename_timestamps(struct inode *old_dir, struct inode *new_dir)
{
	struct timespec64 now = current_time(old_dir);

	touch_dir(old_dir, now);
	if (new_dir != old_dir)
		touch_dir(new_dir, now);
}

/*
 * RENAME_EXCHANGE: both names stay, so only the parents' link counts can
 * change, when a directory and a non-directory trade parents. The VFS
 * swaps the dentries (d_exchange) afterwards.
 */
static int simple_rename_exchange(struct inode *old_dir, struct dentry *old_dentry,
				  struct inode *new_dir, struct dentry *new_dentry)
{
	struct inode *target = d_inode(new_dentry);
	bool old_is_dir = S_ISDIR(d_inode(old_dentry)->i_mode);

	if (!target)
		return -ENOENT;
	lockdep_assert_held_write(&target->i_rwsem);

	if (old_dir != new_dir && old_is_dir != S_ISDIR(target->i_mode)) {
		if (old_is_dir) {
			drop_nlink(old_dir);
			inc_nlink(new_dir);
		} else {
			drop_nlink(new_dir);
			inc_nlink(old_dir);
		}
	}
	rename_timestamps(old_dir, new_dir);
	return 0;
}

/*
 * ->rename: both parents' i_rwsem exclusive, the victim's too if there is
 * one (s_vfs_rename_sem as well across directories), all held by the VFS,
 * which also checks the types match and moves the dentry (d_move) after
 * success. A replaced victim loses its name and pin here. Errors: -EINVAL
 * for unknown flags, -EEXIST (RENAME_NOREPLACE onto a name), -ENOTEMPTY.
 */
int simple_rename(struct inode *old_dir, struct dentry *old_dentry,
		  struct inode *new_dir, struct dentry *new_dentry, unsigned flags)
{
	struct inode *victim = d_inode(new_dentry);
	bool is_dir = S_ISDIR(d_inode(old_dentry)->i_mode);

	lockdep_assert_held_write(&old_dir->i_rwsem);
	lockdep_assert_held_write(&new_dir->i_rwsem);

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if (flags & RENAME_EXCHANGE)
		return simple_rename_exchange(old_dir, old_dentry, new_dir, new_dentry);

	if (victim) {
		if (flags & RENAME_NOREPLACE)
			return -EEXIST;
		if (!simple_empty(new_dentry))
			return -ENOTEMPTY;
		simple_unlink(new_dir, new_dentry);
		if (is_dir) {
			drop_nlink(victim);
			drop_nlink(old_dir);
		}
	} else if (is_dir) {
		drop_nlink(old_dir);
		inc_nlink(new_dir);
	}
	rename_timestamps(old_dir, new_dir);
	return 0;
}

/* ---------------------------------------------------------------- readdir */

/* One directory entry copied out from under the d_locks. */
struct libfs_dirent {
	char name[NAME_MAX + 1];
	u32 len;
	u64 ino;
	unsigned type;
};

/* Copy the child at the given index among parent's positive hashed
 * children. Takes parent's d_lock, then each child's (nested). */
static bool scan_positive(struct dentry *parent, loff_t index, struct libfs_dirent *ent)
{
	struct dentry *child;
	bool found = false;

	spin_lock(&parent->d_lock);
	list_for_each_entry(child, &parent->d_subdirs, d_child) {
		spin_lock_nested(&child->d_lock, LIBFS_D_LOCK_NESTED);
		if (simple_positive(child) && index-- == 0) {
			ent->len = MIN(child->d_name.len, (u32)NAME_MAX);
			memcpy(ent->name, child->d_name.name, ent->len);
			ent->name[ent->len] = '\0';
			ent->ino = child->d_inode->i_ino;
			ent->type = dt_type(child->d_inode->i_mode);
			found = true;
		}
		spin_unlock(&child->d_lock);
		if (found)
			break;
	}
	spin_unlock(&parent->d_lock);
	return found;
}

static u64 parent_ino(struct dentry *dentry)
{
	u64 ino;

	spin_lock(&dentry->d_lock);
	ino = dentry->d_parent->d_inode->i_ino;
	spin_unlock(&dentry->d_lock);
	return ino;
}

/* Takes the directory dentry's d_lock briefly. */
bool dir_emit_dots(struct file *file, struct dir_context *ctx)
{
	if (ctx->pos == 0) {
		if (!dir_emit(ctx, ".", 1, file_inode(file)->i_ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!dir_emit(ctx, "..", 2, parent_ino(file->f_path.dentry), DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

/*
 * ->iterate_shared: the directory's i_rwsem at least shared (VFS). ctx->pos
 * 0 and 1 are "." and ".."; pos n >= 2 is the (n-2)th positive hashed child
 * in d_subdirs order. Each entry is copied out under the d_locks and handed
 * to the actor with no spinlock held (it may sleep). Positive children come
 * and go only under the exclusive i_rwsem, so one call sees a stable list;
 * between calls an entry may be skipped or repeated, as POSIX allows for
 * entries added or removed during a readdir.
 */
int dcache_readdir(struct file *file, struct dir_context *ctx)
{
	struct dentry *dir = file->f_path.dentry;
	struct libfs_dirent ent;

	lockdep_assert_held(&file_inode(file)->i_rwsem);

	if (ctx->pos < 0)
		return -EINVAL;
	if (!dir_emit_dots(file, ctx))
		return 0;
	while (scan_positive(dir, ctx->pos - 2, &ent)) {
		if (!dir_emit(ctx, ent.name, ent.len, ent.ino, ent.type))
			break;
		ctx->pos++;
	}
	return 0;
}

/* ->llseek of a dcache directory: positions are entry indexes, so any
 * non-negative one is valid; -EINVAL for SEEK_END or below 0. f_pos is the
 * caller's to serialise (vfs_llseek() holds f_pos_lock). */
loff_t dcache_dir_lseek(struct file *file, loff_t offset, int whence)
{
	switch (whence) {
	case SEEK_CUR:
		offset += file->f_pos;
		break;
	case SEEK_SET:
		break;
	default:
		return -EINVAL;
	}
	if (offset < 0)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

ssize_t generic_read_dir(struct file *file, char *buf, size_t len, loff_t *pos)
{
	return -EISDIR;
}

/* ------------------------------------------------------- attributes, misc */

/* ->statfs: no lock needed. The filesystem adds its block and file counts. */
int simple_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	buf->f_type = (long)dentry->d_sb->s_magic;
	buf->f_bsize = PAGE_SIZE;
	buf->f_frsize = PAGE_SIZE;
	buf->f_namelen = NAME_MAX;
	return 0;
}

/* ->getattr: no lock; the attributes are read as they are. */
int simple_getattr(const struct path *path, struct kstat *stat, u32 request_mask,
		   unsigned flags)
{
	generic_fillattr(d_inode(path->dentry), stat);
	return 0;
}

/* ->get_link: no lock, never sleeps, so it also serves RCU-walk (dentry
 * NULL). The target string lives as long as the inode. */
const char *simple_get_link(struct dentry *dentry, struct inode *inode,
			    struct delayed_call *done)
{
	return inode->i_private;
}

int noop_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	return 0;
}

const struct file_operations simple_dir_operations = {
	.llseek = dcache_dir_lseek,
	.read = generic_read_dir,
	.iterate_shared = dcache_readdir,
	.fsync = noop_fsync,
};

const struct inode_operations simple_dir_inode_operations = {
	.lookup = simple_lookup,
};

const struct inode_operations simple_symlink_inode_operations = {
	.get_link = simple_get_link,
};

static const struct super_operations pseudo_sops = {
	.statfs = simple_statfs,
};

int pseudo_fill_super(struct super_block *sb, unsigned long magic)
{
	struct inode *root;

	lockdep_assert_held_write(&sb->s_umount);
	sb->s_magic = magic;
	sb->s_op = &pseudo_sops;
	root = new_inode(sb);
	if (!root)
		return -ENOMEM;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | 0700;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}
