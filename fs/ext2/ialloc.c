/*
 * ext2 inode allocation: each group's inode bitmap, the free-inode and
 * directory counts of its descriptor, and the choice of a group for a new
 * inode (a file near its parent, a directory in a roomy group with few
 * directories, so that trees spread across the disk).
 *
 * Layer above: namei.c (create, mkdir, mknod, symlink), inode.c (eviction
 * frees the inode). Below: buffer heads, balloc.c's descriptors.
 * Locks: a group's inode bitmap and descriptor counts change under
 * sbi->s_group_lock[g] (one group at a time); sbi's counters under
 * sbi->s_lock inside it.
 */
#include "fs/ext2/ext2.h"
#include "fs/ext2/bitmap.h"
#include "fs/quota/dquot.h"
#include "fs/vfs/inode.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/sync/lockdep.h"
#include "kernel/time/clock.h"

static u32 ext2_next_generation;	/* atomic: i_generation of the next inode */

/* Flags a new inode takes from its directory (Linux's EXT2_FL_INHERITED,
 * of the flags this code knows), then masked by the new inode's type. */
#define EXT2_FL_INHERITED	(EXT2_SECRM_FL | EXT2_UNRM_FL | EXT2_COMPR_FL | EXT2_SYNC_FL | \
				 EXT2_NODUMP_FL | EXT2_NOATIME_FL | EXT2_DIRSYNC_FL)
#define EXT2_REG_FLMASK		(~EXT2_DIRSYNC_FL)
#define EXT2_OTHER_FLMASK	(EXT2_NODUMP_FL | EXT2_NOATIME_FL)

static u32 inherited_flags(umode_t mode, u32 dir_flags)
{
	u32 flags = dir_flags & EXT2_FL_INHERITED;

	if (S_ISDIR(mode))
		return flags;
	if (S_ISREG(mode))
		return flags & EXT2_REG_FLMASK;
	return flags & EXT2_OTHER_FLMASK;
}

/* ------------------------------------------------------ choosing a group */

/*
 * A directory goes to a group with at least the average number of free
 * inodes and free blocks and, among those, the fewest directories; if
 * none qualifies, to the group with the most free inodes. -1 if every
 * group is full. Counts are read without the group locks: a hint.
 */
static long find_group_dir(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 avefreei, avefreeb;
	long best = -1, most = -1;
	unsigned best_dirs = ~0u, most_free = 0;

	spin_lock(&sbi->s_lock);
	avefreei = sbi->s_free_inodes / sbi->s_groups_count;
	avefreeb = sbi->s_free_blocks / sbi->s_groups_count;
	spin_unlock(&sbi->s_lock);
	for (unsigned long g = 0; g < sbi->s_groups_count; g++) {
		struct ext2_group_desc *d = ext2_get_group_desc(sb, g, NULL);
		unsigned fi = READ_ONCE(d->bg_free_inodes_count);

		if (!fi)
			continue;
		if (fi > most_free) {
			most_free = fi;
			most = (long)g;
		}
		if (fi >= avefreei && READ_ONCE(d->bg_free_blocks_count) >= avefreeb &&
		    READ_ONCE(d->bg_used_dirs_count) < best_dirs) {
			best_dirs = READ_ONCE(d->bg_used_dirs_count);
			best = (long)g;
		}
	}
	return best >= 0 ? best : most;
}

/*
 * Anything else: the parent's group if it has free inodes and blocks;
 * else a quadratic hash from it for a group with both; else the first
 * group from it with a free inode. -1 if none.
 */
static long find_group_other(struct super_block *sb, unsigned long parent)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long n = sbi->s_groups_count, g = parent % n;
	struct ext2_group_desc *d;

	for (unsigned long i = 1; i < 2 * n; i <<= 1) {
		d = ext2_get_group_desc(sb, g, NULL);
		if (READ_ONCE(d->bg_free_inodes_count) && READ_ONCE(d->bg_free_blocks_count))
			return (long)g;
		g = (g + i) % n;
	}
	for (unsigned long i = 0; i < n; i++) {
		g = (parent + i) % n;
		d = ext2_get_group_desc(sb, g, NULL);
		if (READ_ONCE(d->bg_free_inodes_count))
			return (long)g;
	}
	return -1;
}

/* ------------------------------------------------------- inode bitmaps */

/* Change group g's and the filesystem's inode and directory counts; the
 * descriptor is dirtied. Caller holds s_group_lock[g]. */
static void adjust_inode_counts(struct super_block *sb, unsigned long g, int dfree, int ddirs)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *dbh;
	struct ext2_group_desc *d = ext2_get_group_desc(sb, g, &dbh);

	lockdep_assert_held(&sbi->s_group_lock[g]);
	d->bg_free_inodes_count = (u16)(d->bg_free_inodes_count + dfree);
	d->bg_used_dirs_count = (u16)(d->bg_used_dirs_count + ddirs);
	mark_buffer_dirty(dbh);
	spin_lock(&sbi->s_lock);
	sbi->s_free_inodes += (u64)(s64)dfree;
	sbi->s_dirs += (u64)(s64)ddirs;
	spin_unlock(&sbi->s_lock);
}

/* Group g's inode bitmap: a counted buffer or ERR_PTR(-EIO). */
static struct buffer_head *read_inode_bitmap(struct super_block *sb, unsigned long g)
{
	struct ext2_group_desc *d = ext2_get_group_desc(sb, g, NULL);
	struct buffer_head *bh;

	might_sleep();
	if (!d)
		return ERR_PTR(-EFSCORRUPTED);
	bh = sb_bread(sb, d->bg_inode_bitmap);
	if (!bh) {
		ext2_error(sb, 0, d->bg_inode_bitmap, "cannot read the inode bitmap of group %lu", g);
		return ERR_PTR(-EIO);
	}
	return bh;
}

/*
 * Take a free inode in group g: its number, 0 if the group is full, or
 * -errno. A reserved inode number found free in the bitmap is an error;
 * its bit is set (and counted) so it is not offered again. Takes and
 * releases s_group_lock[g]. May sleep.
 */
static long take_inode(struct super_block *sb, unsigned long g, bool dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh;
	long ino = 0;

	mutex_lock(&sbi->s_group_lock[g]);
	bh = read_inode_bitmap(sb, g);
	if (IS_ERR(bh)) {
		mutex_unlock(&sbi->s_group_lock[g]);
		return PTR_ERR(bh);
	}
	for (;;) {
		unsigned long bit = ext2_find_next_zero_bit(bh->b_data, sbi->s_inodes_per_group, 0);
		u64 n = (u64)g * sbi->s_inodes_per_group + bit + 1;

		if (bit >= sbi->s_inodes_per_group)
			break;
		ext2_set_bit(bh->b_data, bit);
		mark_buffer_dirty(bh);
		if (n >= sbi->s_first_ino && n <= sbi->s_inodes_count) {
			adjust_inode_counts(sb, g, -1, dir ? 1 : 0);
			ino = (long)n;
			break;
		}
		adjust_inode_counts(sb, g, -1, 0);
		ext2_error(sb, n, 0, "reserved inode marked free in the bitmap of group %lu", g);
	}
	mutex_unlock(&sbi->s_group_lock[g]);
	brelse(bh);
	return ino;
}

/* Clear ino's bit (dir: it was a directory). false if it was already
 * clear (reported). Takes s_group_lock of its group. May sleep. */
static bool release_inode(struct super_block *sb, u64 ino, bool dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g = (unsigned long)((ino - 1) / sbi->s_inodes_per_group);
	unsigned long bit = (unsigned long)((ino - 1) % sbi->s_inodes_per_group);
	struct buffer_head *bh;
	bool was_set = false;

	mutex_lock(&sbi->s_group_lock[g]);
	bh = read_inode_bitmap(sb, g);
	if (IS_ERR(bh))
		goto out_unlock;
	was_set = ext2_test_bit(bh->b_data, bit);
	if (was_set) {
		ext2_clear_bit(bh->b_data, bit);
		mark_buffer_dirty(bh);
		adjust_inode_counts(sb, g, 1, dir ? -1 : 0);
	} else {
		ext2_error(sb, ino, 0, "freeing an inode that is already free");
	}
	brelse(bh);
out_unlock:
	mutex_unlock(&sbi->s_group_lock[g]);
	return was_set;
}

/* A free inode for a new one of type mode under dir (its number), or
 * -ENOSPC / -EIO. */
static long alloc_inode_number(struct inode *dir, umode_t mode)
{
	struct super_block *sb = dir->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	long g0 = S_ISDIR(mode) ? find_group_dir(sb) :
		  find_group_other(sb, EXT2_I(dir)->i_block_group);
	long err = -ENOSPC;

	if (g0 < 0)
		g0 = 0;
	for (unsigned long i = 0; i < sbi->s_groups_count; i++) {
		unsigned long g = ((unsigned long)g0 + i) % sbi->s_groups_count;
		long ino;

		if (!READ_ONCE(ext2_get_group_desc(sb, g, NULL)->bg_free_inodes_count))
			continue;
		ino = take_inode(sb, g, S_ISDIR(mode));
		if (ino > 0)
			return ino;
		if (ino < 0)
			err = ino;
	}
	return err;
}

/* ---------------------------------------------------------- new inodes */

static u32 new_generation(void)
{
	u32 gen = __atomic_add_fetch(&ext2_next_generation, 1, __ATOMIC_RELAXED);

	if (gen == 1) {		/* the first: start from the clock */
		u64 ns = ktime_get_real_ns();

		gen = (u32)(ns ^ (ns >> 32));
		__atomic_store_n(&ext2_next_generation, gen, __ATOMIC_RELAXED);
	}
	return gen * 2654435761u;
}

/* The in-memory fields of a new inode ino in group g under dir. */
static void init_new_inode(struct inode *inode, struct inode *dir, umode_t mode, u64 ino)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	struct ext2_inode_info *ei = EXT2_I(inode);

	inode_init_owner(inode, dir, mode);
	inode->i_ino = ino;
	inode->i_blkbits = inode->i_sb->s_blocksize_bits;
	inode->i_blocks = 0;
	inode->i_size = 0;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
	memset(ei->i_data, 0, sizeof(ei->i_data));
	ei->i_flags = inherited_flags(inode->i_mode, EXT2_I(dir)->i_flags);
	ei->i_faddr = 0;
	ei->i_file_acl = 0;
	ei->i_dtime = 0;
	ei->i_block_group = (u32)((ino - 1) / sbi->s_inodes_per_group);
	ei->i_dir_start_lookup = 0;
	ei->i_state = EXT2_STATE_NEW;
	ei->i_generation = new_generation();
	memset(ei->i_extra, 0, sizeof(ei->i_extra));
	if (sbi->s_inode_size > EXT2_GOOD_OLD_INODE_SIZE) {
		ei->i_extra[0] = 32;		/* le16 i_extra_isize = 32, as mke2fs */
		ei->i_extra[1] = 0;
	}
}

struct inode *ext2_new_inode(struct inode *dir, umode_t mode, const struct qstr *qstr)
{
	struct super_block *sb = dir->i_sb;
	struct inode *inode;
	long ino;
	int err;

	lockdep_assert_held(&dir->i_rwsem);
	might_sleep();
	if (sb->s_flags & SB_RDONLY)
		return ERR_PTR(-EROFS);
	ino = alloc_inode_number(dir, mode);
	if (ino < 0)
		return ERR_PTR(ino);
	inode = new_inode(sb);
	if (!inode) {
		release_inode(sb, (u64)ino, S_ISDIR(mode));
		return ERR_PTR(-ENOMEM);
	}
	init_new_inode(inode, dir, mode, (u64)ino);
	err = dquot_alloc_inode(inode);
	if (err) {
		release_inode(sb, (u64)ino, S_ISDIR(mode));
		inode->i_ino = 0;	/* nothing on disk: evicted as a plain, linked inode */
		iput(inode);
		return ERR_PTR(err);
	}
	ext2_set_inode_flags(inode);
	ext2_set_inode_ops(inode);
	insert_inode_hash(inode);
	mark_inode_dirty(inode);
	return inode;
}

void ext2_free_inode(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 ino = inode->i_ino;

	might_sleep();
	if (ino < sbi->s_first_ino || ino > sbi->s_inodes_count) {
		ext2_error(sb, ino, 0, "freeing a reserved or nonexistent inode");
		return;
	}
	if (release_inode(sb, ino, S_ISDIR(inode->i_mode)))
		dquot_free_inode(inode);
}

u64 ext2_count_free_inodes(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 free = 0;

	might_sleep();
	for (unsigned long g = 0; g < sbi->s_groups_count; g++) {
		struct buffer_head *bh;

		mutex_lock(&sbi->s_group_lock[g]);
		bh = read_inode_bitmap(sb, g);
		if (!IS_ERR(bh)) {
			free += ext2_count_zero_bits(bh->b_data, sbi->s_inodes_per_group);
			brelse(bh);
		}
		mutex_unlock(&sbi->s_group_lock[g]);
	}
	return free;
}

u64 ext2_count_dirs(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 dirs = 0;

	for (unsigned long g = 0; g < sbi->s_groups_count; g++)
		dirs += READ_ONCE(ext2_get_group_desc(sb, g, NULL)->bg_used_dirs_count);
	return dirs;
}
