/*
 * ext2 directory inode operations: lookup, create, mknod, symlink, link,
 * unlink, mkdir, rmdir, rename; and the inode operations of device nodes,
 * FIFOs and sockets.
 *
 * Each operation combines dir.c's entry primitives with the inode's link
 * count and times, as Linux's ext2 does. An inode whose last link goes goes
 * on the orphan list (orphan.c) at once: it may still be open, and a crash
 * before its eviction must not leak it; eviction takes it off.
 *
 * Above: the VFS, which calls these with the i_rwsem the rule table names
 * (the directory's exclusive, except lookup: shared; the victim's for
 * unlink, rmdir, link and a rename's target). Below: dir.c, ialloc.c
 * (ext2_new_inode), inode.c (ext2_iget, ext2_bread).
 */
#include "fs/ext2/ext2.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"

#define EXT2_LINK_MAX	32000
#ifndef ESTALE
#define ESTALE		116	/* Linux's value: ext2_iget() of a free inode */
#endif

/* An inode from ext2_new_inode() may come locked (I_NEW) for its
 * creator; it becomes visible here. */
static void ext2_unlock_new(struct inode *inode)
{
	if (READ_ONCE(inode->i_state) & I_NEW)
		unlock_new_inode(inode);
}

/* Give up a new inode that never got its entry: eviction frees it. */
static void ext2_discard_new(struct inode *inode)
{
	clear_nlink(inode);
	mark_inode_dirty(inode);
	ext2_unlock_new(inode);
	iput(inode);
}

/* One link fewer; the last one puts the inode on the orphan list. Caller
 * holds the inode's i_rwsem. */
static void ext2_dec_link(struct inode *inode)
{
	drop_nlink(inode);
	mark_inode_dirty(inode);
	if (inode->i_nlink == 0 && ext2_orphan_add(inode))
		ext2_msg(inode->i_sb, "inode %llu not put on the orphan list",
			 (unsigned long long)inode->i_ino);
}

/* A directory loses a subdirectory's "..": never below
 * 2 links, which would free it while it is still linked; a count that
 * low is a corruption. Caller holds its i_rwsem. */
static void ext2_dec_dir_link(struct inode *dir)
{
	if (dir->i_nlink <= 2) {
		ext2_error(dir->i_sb, dir->i_ino, 0, "directory link count %u too low",
			   dir->i_nlink);
		return;
	}
	drop_nlink(dir);
	mark_inode_dirty(dir);
}

/* The last two links of a removed directory ("." and its entry). */
static void ext2_drop_dir(struct inode *inode)
{
	if (inode->i_nlink > 1)
		drop_nlink(inode);
	ext2_dec_link(inode);
}

static void ext2_inc_link(struct inode *inode)
{
	inc_nlink(inode);
	mark_inode_dirty(inode);
}

/* dir's i_rwsem shared. A name too long, -ENAMETOOLONG; an entry naming
 * a free inode is a corruption (-EIO). */
static struct dentry *ext2_lookup(struct inode *dir, struct dentry *dentry, unsigned flags)
{
	struct inode *inode = NULL;
	u32 ino;
	int err;

	lockdep_assert_held(&dir->i_rwsem);
	if (dentry->d_name.len > EXT2_NAME_LEN)
		return ERR_PTR(-ENAMETOOLONG);
	err = ext2_inode_by_name(dir, &dentry->d_name, &ino);
	if (err && err != -ENOENT)
		return ERR_PTR(err);
	if (!err) {
		inode = ext2_iget(dir->i_sb, ino);
		if (inode == ERR_PTR(-ESTALE)) {
			ext2_error(dir->i_sb, dir->i_ino, 0, "entry names deleted inode %u", ino);
			return ERR_PTR(-EIO);
		}
		if (IS_ERR(inode))
			return ERR_CAST(inode);
	}
	return d_splice_alias(inode, dentry);
}

/* The new inode gets its entry, or is discarded. */
static int ext2_add_nondir(struct dentry *dentry, struct inode *inode)
{
	int err = ext2_add_link(dentry, inode);

	if (err) {
		ext2_discard_new(inode);
		return err;
	}
	d_instantiate(dentry, inode);
	ext2_unlock_new(inode);
	return 0;
}

/* dir's i_rwsem exclusive (all the creating operations). */
static int ext2_create(struct inode *dir, struct dentry *dentry, umode_t mode, bool excl)
{
	struct inode *inode;

	lockdep_assert_held_write(&dir->i_rwsem);
	inode = ext2_new_inode(dir, mode, &dentry->d_name);
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	ext2_set_inode_ops(inode);
	mark_inode_dirty(inode);
	return ext2_add_nondir(dentry, inode);
}

static int ext2_mknod(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t rdev)
{
	struct inode *inode;

	lockdep_assert_held_write(&dir->i_rwsem);
	inode = ext2_new_inode(dir, mode, &dentry->d_name);
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	init_special_inode(inode, inode->i_mode, rdev);
	ext2_set_inode_ops(inode);
	mark_inode_dirty(inode);
	return ext2_add_nondir(dentry, inode);
}

/* The target (l bytes with its NUL) in one block of its own. */
static int ext2_write_slow_symlink(struct inode *inode, const char *target, size_t l)
{
	struct buffer_head *bh;
	int err = 0;

	bh = ext2_bread(inode, 0, true, &err);
	if (!bh)
		return err ? err : -EIO;
	lock_buffer(bh);
	memset(bh->b_data, 0, inode->i_sb->s_blocksize);
	memcpy(bh->b_data, target, l);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

/* Fast (the target and its NUL fit the 60 bytes of i_block, no block) or
 * slow (one block). -ENAMETOOLONG if it does not fit a block. */
static int ext2_symlink(struct inode *dir, struct dentry *dentry, const char *target)
{
	struct super_block *sb = dir->i_sb;
	size_t l = strlen(target) + 1;
	struct ext2_inode_info *ei;
	struct inode *inode;
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if (l > sb->s_blocksize)
		return -ENAMETOOLONG;
	inode = ext2_new_inode(dir, S_IFLNK | S_IRWXUGO, &dentry->d_name);
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	ei = EXT2_I(inode);
	ext2_set_inode_ops(inode);
	if (l > sizeof(ei->i_data)) {
		inode->i_op = &ext2_symlink_inode_operations;
		err = ext2_write_slow_symlink(inode, target, l);
		if (err) {
			ext2_discard_new(inode);
			return err;
		}
	} else {
		inode->i_op = &ext2_fast_symlink_inode_operations;
		mutex_lock(&ei->truncate_mutex);
		memset(ei->i_data, 0, sizeof(ei->i_data));
		memcpy(ei->i_data, target, l);
		mutex_unlock(&ei->truncate_mutex);
	}
	i_size_write(inode, (loff_t)l - 1);
	mark_inode_dirty(inode);
	return ext2_add_nondir(dentry, inode);
}

/* dir's and the inode's i_rwsem exclusive. -EMLINK at EXT2_LINK_MAX. */
static int ext2_link(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(old_dentry);
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if (inode->i_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	inode->i_ctime = current_time(inode);
	ext2_inc_link(inode);
	ihold(inode);
	err = ext2_add_link(dentry, inode);
	if (err) {
		drop_nlink(inode);
		mark_inode_dirty(inode);
		iput(inode);
		return err;
	}
	d_instantiate(dentry, inode);
	return 0;
}

/* Remove dentry's entry from dir (times updated); not the link count. */
static int ext2_remove_entry(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	struct ext2_dir_entry_2 *de;
	struct buffer_head *bh;
	int err;

	de = ext2_find_entry(dir, &dentry->d_name, &bh);
	if (IS_ERR(de))
		return (int)PTR_ERR(de);
	if (!de)
		return -ENOENT;
	if (de->inode != inode->i_ino) {
		ext2_error(dir->i_sb, dir->i_ino, bh->b_blocknr, "entry names inode %u, not %llu",
			   de->inode, (unsigned long long)inode->i_ino);
		brelse(bh);
		return -EFSCORRUPTED;
	}
	err = ext2_delete_entry(dir, de, bh);
	brelse(bh);
	return err;
}

/* dir's and the victim's i_rwsem exclusive. */
static int ext2_unlink(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	err = ext2_remove_entry(dir, dentry);
	if (err)
		return err;
	inode->i_ctime = dir->i_ctime;
	ext2_dec_link(inode);
	return 0;
}

/* dir's i_rwsem exclusive. The new directory has 2 links ("." and its
 * entry), its parent one more (".."). */
static int ext2_mkdir(struct inode *dir, struct dentry *dentry, umode_t mode)
{
	struct inode *inode;
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if (dir->i_nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	inode = ext2_new_inode(dir, S_IFDIR | mode, &dentry->d_name);
	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	ext2_set_inode_ops(inode);
	set_nlink(inode, 2);
	err = ext2_make_empty(inode, dir);
	if (!err)
		err = ext2_add_link(dentry, inode);
	if (err) {
		ext2_discard_new(inode);
		return err;
	}
	ext2_inc_link(dir);
	d_instantiate(dentry, inode);
	ext2_unlock_new(inode);
	return 0;
}

/* dir's and the victim's i_rwsem exclusive. -ENOTEMPTY (also for a
 * directory that cannot be read). */
static int ext2_rmdir(struct inode *dir, struct dentry *dentry)
{
	struct inode *inode = d_inode(dentry);
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if (!ext2_empty_dir(inode))
		return -ENOTEMPTY;
	err = ext2_remove_entry(dir, dentry);
	if (err)
		return err;
	inode->i_ctime = dir->i_ctime;
	ext2_drop_dir(inode);
	ext2_dec_dir_link(dir);		/* its ".." */
	return 0;
}

/* Point the moved directory's ".." (de in bh) at its new parent. The
 * block changes under the buffer lock, like every directory block: the
 * VFS does not hold the moved directory's i_rwsem. */
static void ext2_set_dotdot(struct inode *inode, struct ext2_dir_entry_2 *de,
			    struct buffer_head *bh, struct inode *new_dir)
{
	lock_buffer(bh);
	de->inode = (le32)new_dir->i_ino;
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	mark_inode_dirty(inode);
}

/* Replace the entry of the existing new_inode in new_dir by old_inode. */
static int ext2_rename_over(struct inode *new_dir, struct dentry *new_dentry,
			    struct inode *old_inode, bool isdir)
{
	struct inode *new_inode = d_inode(new_dentry);
	struct ext2_dir_entry_2 *de;
	struct buffer_head *bh;

	if (isdir && !ext2_empty_dir(new_inode))
		return -ENOTEMPTY;
	de = ext2_find_entry(new_dir, &new_dentry->d_name, &bh);
	if (IS_ERR(de))
		return (int)PTR_ERR(de);
	if (!de)
		return -ENOENT;
	ext2_set_link(new_dir, de, bh, old_inode);
	brelse(bh);
	new_inode->i_ctime = current_time(new_inode);
	if (isdir)
		ext2_drop_dir(new_inode);
	else
		ext2_dec_link(new_inode);
	return 0;
}

/*
 * Both parents' i_rwsem exclusive (lock_rename), the target's too. Same
 * or cross directory, over a file or an empty directory; a moved
 * directory's ".." follows it. RENAME_NOREPLACE is checked by the VFS;
 * RENAME_EXCHANGE and others: -EINVAL.
 */
static int ext2_rename(struct inode *old_dir, struct dentry *old_dentry,
		       struct inode *new_dir, struct dentry *new_dentry, unsigned flags)
{
	struct inode *old_inode = d_inode(old_dentry), *new_inode = d_inode(new_dentry);
	bool isdir = S_ISDIR(old_inode->i_mode);
	struct ext2_dir_entry_2 *old_de, *dir_de = NULL;
	struct buffer_head *old_bh, *dir_bh = NULL;
	int err;

	lockdep_assert_held_write(&old_dir->i_rwsem);
	lockdep_assert_held_write(&new_dir->i_rwsem);
	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;
	old_de = ext2_find_entry(old_dir, &old_dentry->d_name, &old_bh);
	if (IS_ERR(old_de))
		return (int)PTR_ERR(old_de);
	if (!old_de)
		return -ENOENT;
	err = -EIO;
	if (isdir && !(dir_de = ext2_dotdot(old_inode, &dir_bh)))
		goto out_old;
	if (new_inode) {
		err = ext2_rename_over(new_dir, new_dentry, old_inode, isdir);
	} else {
		err = -EMLINK;
		if (isdir && old_dir != new_dir && new_dir->i_nlink >= EXT2_LINK_MAX)
			goto out_dir;
		err = ext2_add_link(new_dentry, old_inode);
		if (!err && isdir)
			ext2_inc_link(new_dir);
	}
	if (err)
		goto out_dir;
	old_inode->i_ctime = current_time(old_inode);
	mark_inode_dirty(old_inode);
	err = ext2_delete_entry(old_dir, old_de, old_bh);
	if (isdir) {
		if (old_dir != new_dir)
			ext2_set_dotdot(old_inode, dir_de, dir_bh, new_dir);
		ext2_dec_dir_link(old_dir);
	}
out_dir:
	brelse(dir_bh);
out_old:
	brelse(old_bh);
	return err;
}

const struct inode_operations ext2_dir_inode_operations = {
	.lookup = ext2_lookup,
	.create = ext2_create,
	.link = ext2_link,
	.unlink = ext2_unlink,
	.symlink = ext2_symlink,
	.mkdir = ext2_mkdir,
	.rmdir = ext2_rmdir,
	.mknod = ext2_mknod,
	.rename = ext2_rename,
	.setattr = ext2_setattr,
	.getattr = ext2_getattr,
	.listxattr = ext2_listxattr,
};

const struct inode_operations ext2_special_inode_operations = {
	.setattr = ext2_setattr,
	.getattr = ext2_getattr,
	.listxattr = ext2_listxattr,
};
