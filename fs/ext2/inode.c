/*
 * ext2 inodes to and from disk: reading one from its group's inode table
 * with every field checked (ext2_iget), writing it back (->write_inode),
 * eviction (freeing an unlinked inode's blocks and the inode itself),
 * the operations by file type, setattr/getattr. The block map is in
 * blockmap.c, the address_space operations in aops.c.
 *
 * Above: the VFS (iget from namei.c and super.c, ->write_inode and
 * ->evict_inode from the inode cache and writeback). Below: buffer heads on the inode tables, balloc.c,
 * ialloc.c, orphan.c, xattr.c.
 *
 * Locks: an inode-table block changes under its buffer lock; the fields
 * copied from ei to disk are read under truncate_mutex (the block map,
 * i_state). Order (ext2.h): truncate_mutex -> buffer lock.
 */
#include "fs/ext2/blockmap.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/file.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"
#include "kernel/time/clock.h"
#include "mm/pagemap.h"
#include "mm/writeback.h"

#ifndef ESTALE
#define ESTALE			116
#endif
#define EXT2_LINK_MAX		32000
/* ei->i_state: the inode could not be read (iget_failed): eviction must
 * not touch the disk. */
#define EXT2_STATE_BAD		0x8000

/* ------------------------------------------------------------ raw inodes */

/*
 * The on-disk inode ino, in *bhp (a reference the caller drops).
 * ERR_PTR(-EFSCORRUPTED) for a number out of range or a bad descriptor,
 * -EIO if the table block cannot be read.
 */
static struct ext2_inode *ext2_get_raw_inode(struct super_block *sb, u64 ino,
					     struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_group_desc *gdp;
	unsigned long group, offset;
	u32 table, block;

	if ((ino != EXT2_ROOT_INO && ino < sbi->s_first_ino) || ino > sbi->s_inodes_count) {
		ext2_error(sb, ino, 0, "bad inode number");
		return ERR_PTR(-EFSCORRUPTED);
	}
	group = (unsigned long)((ino - 1) / sbi->s_inodes_per_group);
	gdp = ext2_get_group_desc(sb, group, NULL);
	if (!gdp)
		return ERR_PTR(-EFSCORRUPTED);
	table = gdp->bg_inode_table;
	if (table <= sbi->s_first_data_block || table >= sbi->s_blocks_count ||
	    sbi->s_blocks_count - table < sbi->s_itb_per_group) {
		ext2_error(sb, ino, table, "inode table of group %lu out of range", group);
		return ERR_PTR(-EFSCORRUPTED);
	}
	offset = (unsigned long)((ino - 1) % sbi->s_inodes_per_group) * sbi->s_inode_size;
	block = table + (u32)(offset >> sb->s_blocksize_bits);
	*bhp = sb_bread(sb, block);
	if (!*bhp) {
		ext2_error(sb, ino, block, "cannot read inode table block");
		return ERR_PTR(-EIO);
	}
	return (struct ext2_inode *)((*bhp)->b_data + (offset & (sb->s_blocksize - 1)));
}

/* Whether ino is on the on-disk orphan list (s_last_orphan, then each
 * inode's i_dtime). Read at mount-time cleanup, or for an unlinked inode
 * found on disk; the walk is bounded. */
static bool ext2_on_orphan_list(struct super_block *sb, u64 ino)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 next = sbi->s_es->s_last_orphan;

	for (unsigned steps = 0; next && steps < 4096; steps++) {
		struct buffer_head *bh;
		struct ext2_inode *raw;

		if (next == ino)
			return true;
		if (next < sbi->s_first_ino || next > sbi->s_inodes_count)
			return false;
		raw = ext2_get_raw_inode(sb, next, &bh);
		if (IS_ERR(raw))
			return false;
		next = raw->i_dtime;
		brelse(bh);
	}
	return false;
}

static bool ext2_mode_known(umode_t mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: case S_IFDIR: case S_IFLNK: case S_IFCHR:
	case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		return true;
	}
	return false;
}

/* The size the raw inode gives (the high half for regular files only). */
static u64 ext2_raw_size(const struct ext2_inode *raw)
{
	u64 size = raw->i_size;

	if (S_ISREG(raw->i_mode))
		size |= (u64)raw->i_size_high << 32;
	return size;
}

/* The symlink checks: a fast one's target fits in i_block, a slow one's
 * in its one block. 0 or -EFSCORRUPTED (reported). */
static int ext2_check_symlink(struct super_block *sb, u64 ino, const struct ext2_inode *raw)
{
	u32 ea_blocks = raw->i_file_acl ? (u32)(sb->s_blocksize >> 9) : 0;
	u64 size = raw->i_size;

	if (raw->i_blocks - ea_blocks == 0 || raw->i_blocks < ea_blocks) {
		if (size == 0 || size >= sizeof(raw->i_block)) {
			ext2_error(sb, ino, 0, "fast symlink of size %llu", (unsigned long long)size);
			return -EFSCORRUPTED;
		}
	} else if (size == 0 || size >= sb->s_blocksize) {
		ext2_error(sb, ino, 0, "slow symlink of size %llu", (unsigned long long)size);
		return -EFSCORRUPTED;
	}
	return 0;
}

/*
 * Every field of the raw inode that the rest of ext2 relies on. 0,
 * -ESTALE for a deleted inode, -EFSCORRUPTED (reported).
 */
static int ext2_check_raw_inode(struct super_block *sb, u64 ino, const struct ext2_inode *raw)
{
	umode_t mode = raw->i_mode;

	if (!raw->i_links_count) {
		if (!mode)
			return -ESTALE;
		if (raw->i_dtime && !ext2_on_orphan_list(sb, ino))
			return -ESTALE;
	}
	if (!ext2_mode_known(mode)) {
		ext2_error(sb, ino, 0, "bad mode %o", mode);
		return -EFSCORRUPTED;
	}
	if (raw->i_links_count > EXT2_LINK_MAX) {
		ext2_error(sb, ino, 0, "bad link count %u", raw->i_links_count);
		return -EFSCORRUPTED;
	}
	if (raw->i_flags & (EXT4_EXTENTS_FL | EXT4_INLINE_DATA_FL)) {
		ext2_error(sb, ino, 0, "extents or inline data (flags %#x): not ext2", raw->i_flags);
		return -EFSCORRUPTED;
	}
	if (S_ISREG(mode) && raw->i_size_high &&
	    !ext2_has_ro_compat(sb, EXT2_FEATURE_RO_COMPAT_LARGE_FILE)) {
		ext2_error(sb, ino, 0, "large file without the large_file feature");
		return -EFSCORRUPTED;
	}
	if ((s64)ext2_raw_size(raw) < 0) {
		ext2_error(sb, ino, 0, "size %llu too large", (unsigned long long)ext2_raw_size(raw));
		return -EFSCORRUPTED;
	}
	if (S_ISDIR(mode) && (raw->i_size & (sb->s_blocksize - 1))) {
		ext2_error(sb, ino, 0, "directory size %u not a multiple of the block size", raw->i_size);
		return -EFSCORRUPTED;
	}
	if (raw->i_file_acl && !ext2_data_block_valid(sb, raw->i_file_acl, 1)) {
		ext2_error(sb, ino, raw->i_file_acl, "bad extended attribute block");
		return -EFSCORRUPTED;
	}
	if (S_ISLNK(mode))
		return ext2_check_symlink(sb, ino, raw);
	return 0;
}

/* Device numbers in i_block: the old 8:8 form in [0], else the new
 * 12:20 form in [1] (Linux's old/new_encode_dev). */
static dev_t ext2_decode_dev(const struct ext2_inode *raw)
{
	u32 dev = raw->i_block[0];

	if (dev)
		return MKDEV((dev >> 8) & 0xff, dev & 0xff);
	dev = raw->i_block[1];
	return MKDEV((dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00));
}

static void ext2_encode_dev(struct ext2_inode *raw, dev_t rdev)
{
	unsigned major = MAJOR(rdev), minor = MINOR(rdev);

	if (major < 256 && minor < 256) {
		raw->i_block[0] = (major << 8) | minor;
		raw->i_block[1] = 0;
	} else {
		raw->i_block[0] = 0;
		raw->i_block[1] = (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
	}
	raw->i_block[2] = 0;
}

static struct timespec64 ext2_time(u32 t)
{
	return (struct timespec64){ .tv_sec = (s32)t, .tv_nsec = 0 };
}

/*
 * ext4's nanosecond fields in the extra bytes of a larger inode
 * (i_ctime_extra, i_mtime_extra, i_atime_extra at bytes 132, 136, 140,
 * present when i_extra_isize reaches them): nsec << 2 | the epoch bits
 * (bits 32-33 of the seconds). mke2fs fills them; they are kept in step
 * with the seconds here so that e2fsprogs and Linux read the times
 * Lockstep wrote, not stale fractions.
 */
#define EXT2_XTIME_CTIME	4	/* offsets in ei->i_extra */
#define EXT2_XTIME_MTIME	8
#define EXT2_XTIME_ATIME	12
#define EXT2_XTIME_END		16

static bool ext2_has_xtime(struct super_block *sb, const u8 *extra)
{
	u16 isize = (u16)(extra[0] | (extra[1] << 8));

	return EXT2_SB(sb)->s_inode_size >= EXT2_GOOD_OLD_INODE_SIZE + EXT2_XTIME_END &&
	       isize >= EXT2_XTIME_END && isize <= 128;
}

static void ext2_get_xtime(struct timespec64 *ts, const u8 *at)
{
	u32 x;

	memcpy(&x, at, sizeof(x));
	ts->tv_sec += (s64)(x & 3) << 32;
	ts->tv_nsec = (long)(x >> 2) % 1000000000L;
}

static void ext2_put_xtime(u8 *at, const struct timespec64 *ts)
{
	u32 x = (u32)(((ts->tv_sec - (s32)ts->tv_sec) >> 32) & 3) | ((u32)ts->tv_nsec << 2);

	memcpy(at, &x, sizeof(x));
}

/* Copy the checked raw inode into the VFS inode and ei. */
static void ext2_fill_inode(struct inode *inode, const struct ext2_inode *raw)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	unsigned extra = sbi->s_inode_size - EXT2_GOOD_OLD_INODE_SIZE;

	inode->i_mode = raw->i_mode;
	inode->i_uid = (kuid_t)raw->i_uid | ((kuid_t)raw->i_uid_high << 16);
	inode->i_gid = (kgid_t)raw->i_gid | ((kgid_t)raw->i_gid_high << 16);
	set_nlink(inode, raw->i_links_count);
	inode->i_size = (loff_t)ext2_raw_size(raw);
	inode->i_atime = ext2_time(raw->i_atime);
	inode->i_mtime = ext2_time(raw->i_mtime);
	inode->i_ctime = ext2_time(raw->i_ctime);
	inode->i_blocks = raw->i_blocks;
	ei->i_flags = raw->i_flags;
	ei->i_faddr = raw->i_faddr;
	ei->i_file_acl = raw->i_file_acl;
	/* An inode still on the disk's orphan list is read only by a
	 * read-only mount (a read-write one has cleaned the list up, and an
	 * orphan in use is in the inode cache): not linked in memory. */
	ei->i_on_orphan_list = false;
	ei->i_dtime = 0;
	ei->i_block_group = (u32)((inode->i_ino - 1) / sbi->s_inodes_per_group);
	ei->i_dir_start_lookup = 0;
	ei->i_state = 0;
	ei->i_generation = raw->i_generation;
	memcpy(ei->i_data, raw->i_block, sizeof(ei->i_data));
	memset(ei->i_extra, 0, sizeof(ei->i_extra));
	memcpy(ei->i_extra, (const u8 *)raw + EXT2_GOOD_OLD_INODE_SIZE,
	       MIN(extra, (unsigned)sizeof(ei->i_extra)));
	if (ext2_has_xtime(inode->i_sb, ei->i_extra)) {
		ext2_get_xtime(&inode->i_ctime, ei->i_extra + EXT2_XTIME_CTIME);
		ext2_get_xtime(&inode->i_mtime, ei->i_extra + EXT2_XTIME_MTIME);
		ext2_get_xtime(&inode->i_atime, ei->i_extra + EXT2_XTIME_ATIME);
	}
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		inode->i_rdev = ext2_decode_dev(raw);
}

/* Read, check and set up the I_NEW inode. 0 or -errno. */
static int ext2_read_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh;
	struct ext2_inode *raw;
	int err;

	raw = ext2_get_raw_inode(sb, inode->i_ino, &bh);
	if (IS_ERR(raw))
		return (int)PTR_ERR(raw);
	err = ext2_check_raw_inode(sb, inode->i_ino, raw);
	if (!err)
		ext2_fill_inode(inode, raw);
	brelse(bh);
	if (err)
		return err;
	ext2_set_inode_flags(inode);
	ext2_set_inode_ops(inode);
	return 0;
}

struct inode *ext2_iget(struct super_block *sb, u64 ino)
{
	struct inode *inode;
	int err;

	might_sleep();
	inode = iget_locked(sb, ino);
	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(inode->i_state & I_NEW))
		return inode;
	err = ext2_read_inode(inode);
	if (err) {
		EXT2_I(inode)->i_state |= EXT2_STATE_BAD;
		iget_failed(inode);
		return ERR_PTR(err);
	}
	unlock_new_inode(inode);
	return inode;
}

void ext2_set_inode_flags(struct inode *inode)
{
	/* The VFS inode has no flag word of its own: ext2 checks
	 * EXT2_IMMUTABLE_FL/EXT2_APPEND_FL in ei->i_flags where it writes. */
	(void)inode;
}

void ext2_set_inode_ops(struct inode *inode)
{
	umode_t mode = inode->i_mode;

	if (S_ISREG(mode)) {
		inode->i_op = &ext2_file_inode_operations;
		inode->i_fop = &ext2_file_operations;
		inode->i_mapping->a_ops = &ext2_aops;
	} else if (S_ISDIR(mode)) {
		inode->i_op = &ext2_dir_inode_operations;
		inode->i_fop = &ext2_dir_operations;
		inode->i_mapping->a_ops = &ext2_aops;
	} else if (S_ISLNK(mode)) {
		if (ext2_inode_is_fast_symlink(inode)) {
			inode->i_op = &ext2_fast_symlink_inode_operations;
		} else {
			inode->i_op = &ext2_symlink_inode_operations;
			inode->i_mapping->a_ops = &ext2_aops;
		}
	} else {
		inode->i_op = &ext2_special_inode_operations;
		init_special_inode(inode, mode, inode->i_rdev);
	}
}

/* ------------------------------------------------------------ writing */

/* The first file over 2 GiB: the superblock gets large_file. */
static void ext2_set_large_file(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (ext2_has_ro_compat(sb, EXT2_FEATURE_RO_COMPAT_LARGE_FILE))
		return;
	spin_lock(&sbi->s_lock);
	sbi->s_es->s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
	WRITE_ONCE(sbi->s_feature_ro_compat,
		   sbi->s_feature_ro_compat | EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
	spin_unlock(&sbi->s_lock);
	ext2_sync_super(sb, true);
}

/* The 128 bytes of ext2's own fields (and the extra bytes kept from the
 * disk) into raw. truncate_mutex held. */
static void ext2_fill_raw(struct inode *inode, struct ext2_inode *raw)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	unsigned extra = EXT2_SB(inode->i_sb)->s_inode_size - EXT2_GOOD_OLD_INODE_SIZE;
	u64 size = (u64)i_size_read(inode);
	u8 *xb = (u8 *)raw + EXT2_GOOD_OLD_INODE_SIZE;

	raw->i_mode = (le16)inode->i_mode;
	raw->i_uid = (le16)inode->i_uid;
	raw->i_uid_high = (le16)(inode->i_uid >> 16);
	raw->i_gid = (le16)inode->i_gid;
	raw->i_gid_high = (le16)(inode->i_gid >> 16);
	raw->i_links_count = (le16)inode->i_nlink;
	raw->i_size = (le32)size;
	if (S_ISREG(inode->i_mode))
		raw->i_size_high = (le32)(size >> 32);
	raw->i_atime = (le32)inode->i_atime.tv_sec;
	raw->i_mtime = (le32)inode->i_mtime.tv_sec;
	raw->i_ctime = (le32)inode->i_ctime.tv_sec;
	raw->i_blocks = (le32)inode->i_blocks;
	raw->i_dtime = ei->i_dtime;
	raw->i_flags = ei->i_flags;
	raw->i_faddr = ei->i_faddr;
	raw->i_file_acl = ei->i_file_acl;
	raw->i_generation = ei->i_generation;
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		ext2_encode_dev(raw, inode->i_rdev);
	else
		memcpy(raw->i_block, ei->i_data, sizeof(raw->i_block));
	memcpy(xb, ei->i_extra, MIN(extra, (unsigned)sizeof(ei->i_extra)));
	if (ext2_has_xtime(inode->i_sb, xb)) {
		ext2_put_xtime(xb + EXT2_XTIME_CTIME, &inode->i_ctime);
		ext2_put_xtime(xb + EXT2_XTIME_MTIME, &inode->i_mtime);
		ext2_put_xtime(xb + EXT2_XTIME_ATIME, &inode->i_atime);
	}
}

/* Write the inode into its table block; sync: and to the disk now. Takes
 * xattr_sem shared (i_file_acl and the in-inode attributes in i_extra must
 * not be copied half-changed), then truncate_mutex (the block map). */
static int __ext2_write_inode(struct inode *inode, bool sync)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh;
	struct ext2_inode *raw;
	int err = 0;

	might_sleep();
	if (ei->i_state & EXT2_STATE_BAD)
		return -EIO;
	if (S_ISREG(inode->i_mode) && i_size_read(inode) > 0x7fffffffLL)
		ext2_set_large_file(sb);
	raw = ext2_get_raw_inode(sb, inode->i_ino, &bh);
	if (IS_ERR(raw))
		return (int)PTR_ERR(raw);
	down_read(&ei->xattr_sem);
	mutex_lock(&ei->truncate_mutex);
	lock_buffer(bh);
	if (ei->i_state & EXT2_STATE_NEW)
		memset(raw, 0, EXT2_SB(sb)->s_inode_size);
	ext2_fill_raw(inode, raw);
	ei->i_state &= ~EXT2_STATE_NEW;
	unlock_buffer(bh);
	mutex_unlock(&ei->truncate_mutex);
	up_read(&ei->xattr_sem);
	mark_buffer_dirty(bh);
	if (sync) {
		err = sync_dirty_buffer(bh);
		if (!err && buffer_write_io_error(bh))
			err = -EIO;
	}
	brelse(bh);
	return err;
}

int ext2_write_inode(struct inode *inode, struct writeback_control *wbc)
{
	return __ext2_write_inode(inode, wbc->sync_mode == WB_SYNC_ALL);
}

int ext2_sync_inode(struct inode *inode)
{
	return __ext2_write_inode(inode, true);
}

/* ------------------------------------------------------------ eviction */

/* The last reference to an unlinked inode: its blocks, its xattr block,
 * its orphan entry, then the inode itself go. */
static void ext2_delete_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	bool has_map = ext2_inode_has_block_map(inode);	/* before the size goes */

	ext2_orphan_del(inode);		/* no i_rwsem: nobody else uses the inode */
	mutex_lock(&sbi->s_orphan_lock);
	ei->i_dtime = (u32)(ktime_get_real_ns() / 1000000000ULL);
	mutex_unlock(&sbi->s_orphan_lock);
	i_size_write(inode, 0);
	if (has_map && inode->i_blocks) {
		mutex_lock(&ei->truncate_mutex);
		ext2_free_range(inode, 0, ~0ULL);
		mutex_unlock(&ei->truncate_mutex);
	}
	ext2_xattr_delete_inode(inode);
	__ext2_write_inode(inode, false);
	ext2_free_inode(inode);
}

void ext2_evict_inode(struct inode *inode)
{
	bool delete = !inode->i_nlink && !(EXT2_I(inode)->i_state & EXT2_STATE_BAD) &&
		      !(inode->i_sb->s_flags & SB_RDONLY);

	might_sleep();
	truncate_inode_pages_final(&inode->i_data);
	if (delete)
		ext2_delete_inode(inode);
}

/* ------------------------------------------------------------ attributes */

int ext2_setattr(struct dentry *dentry, struct iattr *attr)
{
	struct inode *inode = d_inode(dentry);
	int err;

	lockdep_assert_held_write(&inode->i_rwsem);
	if ((attr->ia_valid & (ATTR_MODE | ATTR_UID | ATTR_GID)) &&
	    (EXT2_I(inode)->i_flags & EXT2_IMMUTABLE_FL))
		return -EPERM;
	if ((attr->ia_valid & ATTR_SIZE) && attr->ia_size != i_size_read(inode)) {
		err = inode_newsize_ok(inode, attr->ia_size);
		if (err)
			return err;
		err = ext2_setsize(inode, attr->ia_size);
		if (err)
			return err;
	}
	attr->ia_valid &= ~ATTR_SIZE;
	err = simple_setattr(dentry, attr);
	if (!err)
		mark_inode_dirty(inode);
	return err;
}

int ext2_getattr(const struct path *path, struct kstat *stat, u32 request_mask, unsigned flags)
{
	struct inode *inode = d_inode(path->dentry);

	(void)request_mask;
	(void)flags;
	generic_fillattr(inode, stat);
	stat->blksize = (u32)inode->i_sb->s_blocksize;
	stat->blocks = inode->i_blocks;
	return 0;
}
