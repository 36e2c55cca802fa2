/*
 * ext2 block groups and block allocation: the group descriptors (checked
 * at mount), each group's block bitmap, and the free counts that must
 * stay exact in three places — the bitmap (the truth), the group's
 * descriptor, and the superblock (sbi->s_free_blocks in memory, copied to
 * the disk by ext2_sync_super()).
 *
 * Layer above: inode.c (the block map), xattr.c (xattr blocks), super.c
 * (mount, statfs). Below: buffer heads on the device's page cache.
 * Locks: a group's bitmap and descriptor change only under
 * sbi->s_group_lock[g] (one group at a time, never two); the counters in
 * sbi under sbi->s_lock, a leaf spinlock taken inside it.
 */
#include "fs/ext2/ext2.h"
#include "fs/ext2/bitmap.h"
#include "fs/quota/dquot.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sync/lockdep.h"
#include "kernel/user/cred.h"

/* ------------------------------------------------------------ geometry */

/* First block of group g. */
static u32 group_first_block(struct ext2_sb_info *sbi, unsigned long g)
{
	return sbi->s_first_data_block + (u32)(g * sbi->s_blocks_per_group);
}

/* Blocks in group g (the last one may be short). */
static u32 group_nblocks(struct ext2_sb_info *sbi, unsigned long g)
{
	if (g == sbi->s_groups_count - 1)
		return sbi->s_blocks_count - group_first_block(sbi, g);
	return (u32)sbi->s_blocks_per_group;
}

struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, unsigned long g,
					    struct buffer_head **bhp)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh;

	if (g >= sbi->s_groups_count) {
		ext2_error(sb, 0, 0, "group %lu out of range (%lu groups)", g,
			   sbi->s_groups_count);
		return NULL;
	}
	bh = sbi->s_group_desc[g / sbi->s_desc_per_block];
	if (bhp)
		*bhp = bh;
	return (struct ext2_group_desc *)bh->b_data + g % sbi->s_desc_per_block;
}

static bool test_root(unsigned long a, unsigned b)
{
	while (a > 1) {
		if (a % b)
			return false;
		a /= b;
	}
	return a == 1;
}

bool ext2_bg_has_super(struct super_block *sb, unsigned long g)
{
	if (!ext2_has_ro_compat(sb, EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER))
		return true;
	return g <= 1 || test_root(g, 3) || test_root(g, 5) || test_root(g, 7);
}

unsigned long ext2_bg_num_gdb(struct super_block *sb, unsigned long g)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long reserved = 0;

	if (!ext2_bg_has_super(sb, g))
		return 0;
	if (ext2_has_compat(sb, EXT2_FEATURE_COMPAT_RESIZE_INODE))
		reserved = sbi->s_es->s_reserved_gdt_blocks;	/* checked at mount */
	return sbi->s_gdb_count + reserved;
}

/* Blocks at the start of group g taken by the superblock backup and the
 * descriptor table with its reserved blocks. */
static u32 group_super_blocks(struct super_block *sb, unsigned long g)
{
	return (u32)(ext2_bg_has_super(sb, g) + ext2_bg_num_gdb(sb, g));
}

/* [a, a + alen) and [b, b + blen) overlap. */
static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* [start, start + count) avoids group g's metadata. */
static bool group_range_valid(struct super_block *sb, unsigned long g, u32 start, unsigned count)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_group_desc *desc = ext2_get_group_desc(sb, g, NULL);

	if (!desc)
		return false;
	return !overlaps(start, count, group_first_block(sbi, g), group_super_blocks(sb, g)) &&
	       !overlaps(start, count, desc->bg_block_bitmap, 1) &&
	       !overlaps(start, count, desc->bg_inode_bitmap, 1) &&
	       !overlaps(start, count, desc->bg_inode_table, sbi->s_itb_per_group);
}

bool ext2_data_block_valid(struct super_block *sb, u32 start, unsigned count)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 end = (u64)start + count;

	if (!count || start < sbi->s_first_data_block || end > sbi->s_blocks_count)
		return false;
	for (unsigned long g = (start - sbi->s_first_data_block) / sbi->s_blocks_per_group;
	     g < sbi->s_groups_count && group_first_block(sbi, g) < end; g++)
		if (!group_range_valid(sb, g, start, count))
			return false;
	return true;
}

/* ------------------------------------------------------- block bitmaps */

/*
 * Group g's block bitmap, read and checked: the bits of the group's own
 * metadata (superblock copy, descriptors, bitmaps, inode table) must be
 * set. A counted buffer, or ERR_PTR(-EIO/-EFSCORRUPTED) after an
 * ext2_error. May sleep.
 */
static struct buffer_head *read_block_bitmap(struct super_block *sb, unsigned long g)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_group_desc *desc = ext2_get_group_desc(sb, g, NULL);
	u32 first = group_first_block(sbi, g);
	struct buffer_head *bh;
	u32 bad = 0;

	might_sleep();
	if (!desc)
		return ERR_PTR(-EFSCORRUPTED);
	bh = sb_bread(sb, desc->bg_block_bitmap);
	if (!bh) {
		ext2_error(sb, 0, desc->bg_block_bitmap, "cannot read the block bitmap of group %lu", g);
		return ERR_PTR(-EIO);
	}
	if (!ext2_test_bit(bh->b_data, desc->bg_block_bitmap - first))
		bad = desc->bg_block_bitmap;
	else if (!ext2_test_bit(bh->b_data, desc->bg_inode_bitmap - first))
		bad = desc->bg_inode_bitmap;
	else if (!ext2_range_all_set(bh->b_data, desc->bg_inode_table - first,
				     sbi->s_itb_per_group))
		bad = desc->bg_inode_table;
	if (bad) {
		ext2_error(sb, 0, desc->bg_block_bitmap,
			   "block bitmap of group %lu marks its own metadata (block %u) free", g, bad);
		brelse(bh);
		return ERR_PTR(-EFSCORRUPTED);
	}
	return bh;
}

/* ------------------------------------------------------------- checks */

/* Descriptor of group g inside the group and the disk, counts in range. */
static int check_one_descriptor(struct super_block *sb, unsigned long g,
				struct ext2_group_desc *d)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 first = group_first_block(sbi, g), meta = first + group_super_blocks(sb, g);
	u64 end = first + group_nblocks(sbi, g);
	const char *what = NULL;

	if (d->bg_block_bitmap < meta || d->bg_block_bitmap >= end)
		what = "block bitmap";
	else if (d->bg_inode_bitmap < meta || d->bg_inode_bitmap >= end ||
		 d->bg_inode_bitmap == d->bg_block_bitmap)
		what = "inode bitmap";
	else if (d->bg_inode_table < meta || (u64)d->bg_inode_table + sbi->s_itb_per_group > end ||
		 overlaps(d->bg_inode_table, sbi->s_itb_per_group, d->bg_block_bitmap, 1) ||
		 overlaps(d->bg_inode_table, sbi->s_itb_per_group, d->bg_inode_bitmap, 1))
		what = "inode table";
	else if (d->bg_free_blocks_count > end - first)
		what = "free blocks count";
	else if (d->bg_free_inodes_count > sbi->s_inodes_per_group)
		what = "free inodes count";
	else if (d->bg_used_dirs_count > sbi->s_inodes_per_group - d->bg_free_inodes_count)
		what = "directories count";
	if (!what)
		return 0;
	ext2_msg(sb, "bad group descriptor %lu: %s (block bitmap %u, inode bitmap %u, inode table %u, free %u blocks %u inodes, %u dirs)",
		 g, what, d->bg_block_bitmap, d->bg_inode_bitmap, d->bg_inode_table,
		 d->bg_free_blocks_count, d->bg_free_inodes_count, d->bg_used_dirs_count);
	return -EFSCORRUPTED;
}

/*
 * The bitmaps are the truth: a descriptor count that disagrees with its
 * bitmap is corrected (in memory, and on disk at the next write of a
 * read-write mount) and logged. -EIO or -EFSCORRUPTED for a bitmap that
 * cannot be read or is inconsistent itself.
 */
static int check_group_bitmaps(struct super_block *sb, unsigned long g,
			       struct ext2_group_desc *d, struct buffer_head *dbh, bool fix,
			       struct ext2_group_desc *counts)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh = read_block_bitmap(sb, g);
	unsigned long free_blocks, free_inodes;

	if (IS_ERR(bh))
		return (int)PTR_ERR(bh);
	free_blocks = ext2_count_zero_bits(bh->b_data, group_nblocks(sbi, g));
	brelse(bh);
	bh = sb_bread(sb, d->bg_inode_bitmap);
	if (!bh) {
		ext2_msg(sb, "cannot read the inode bitmap of group %lu", g);
		return -EIO;
	}
	free_inodes = ext2_count_zero_bits(bh->b_data, sbi->s_inodes_per_group);
	brelse(bh);
	counts->bg_free_blocks_count = (u16)free_blocks;
	counts->bg_free_inodes_count = (u16)free_inodes;
	counts->bg_used_dirs_count = (u16)MIN((unsigned long)d->bg_used_dirs_count,
					     sbi->s_inodes_per_group - free_inodes);
	if (free_blocks == d->bg_free_blocks_count && free_inodes == d->bg_free_inodes_count &&
	    counts->bg_used_dirs_count == d->bg_used_dirs_count)
		return 0;
	ext2_msg(sb, "group %lu: descriptor says %u free blocks and %u free inodes, bitmaps %lu and %lu; using the bitmaps%s",
		 g, d->bg_free_blocks_count, d->bg_free_inodes_count, free_blocks, free_inodes,
		 fix ? "" : " (the disk is left as it is)");
	if (!fix)
		return 0;
	lock_buffer(dbh);
	d->bg_free_blocks_count = counts->bg_free_blocks_count;
	d->bg_free_inodes_count = counts->bg_free_inodes_count;
	d->bg_used_dirs_count = counts->bg_used_dirs_count;
	unlock_buffer(dbh);
	mark_buffer_dirty(dbh);
	return 0;
}

int ext2_check_descriptors(struct super_block *sb, bool fix)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 free_blocks = 0, free_inodes = 0, dirs = 0;

	might_sleep();
	for (unsigned long g = 0; g < sbi->s_groups_count; g++) {
		struct buffer_head *dbh;
		struct ext2_group_desc *d = ext2_get_group_desc(sb, g, &dbh);
		struct ext2_group_desc counts = { 0 };
		int err;

		if (!d)
			return -EFSCORRUPTED;
		err = check_one_descriptor(sb, g, d);
		if (!err)
			err = check_group_bitmaps(sb, g, d, dbh, fix, &counts);
		if (err)
			return err;
		free_blocks += counts.bg_free_blocks_count;
		free_inodes += counts.bg_free_inodes_count;
		dirs += counts.bg_used_dirs_count;
	}
	spin_lock(&sbi->s_lock);
	sbi->s_free_blocks = free_blocks;
	sbi->s_free_inodes = free_inodes;
	sbi->s_dirs = dirs;
	spin_unlock(&sbi->s_lock);
	return 0;
}

/* --------------------------------------------------------- allocation */

/* May the current task use the reserved blocks (root, resuid, resgid)? */
static bool may_use_reserved(struct ext2_sb_info *sbi)
{
	const struct cred *cred = current_cred();

	return capable_root() || cred->fsuid == sbi->s_resuid ||
	       (sbi->s_resgid != 0 && in_group_p(sbi->s_resgid));
}

/* Whether an allocation may start: free blocks beyond the reserve, or a
 * caller allowed into it. */
static bool has_free_blocks(struct ext2_sb_info *sbi)
{
	u64 free, reserved = sbi->s_es->s_r_blocks_count;

	spin_lock(&sbi->s_lock);
	free = sbi->s_free_blocks;
	spin_unlock(&sbi->s_lock);
	if (free == 0)
		return false;
	return free > reserved || may_use_reserved(sbi);
}

/* Change group g's and the filesystem's free block counts by delta (the
 * descriptor is dirtied). Caller holds s_group_lock[g]. */
static void adjust_free_blocks(struct super_block *sb, unsigned long g, long delta)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *dbh;
	struct ext2_group_desc *d = ext2_get_group_desc(sb, g, &dbh);

	lockdep_assert_held(&sbi->s_group_lock[g]);
	d->bg_free_blocks_count = (u16)(d->bg_free_blocks_count + delta);
	mark_buffer_dirty(dbh);
	spin_lock(&sbi->s_lock);
	sbi->s_free_blocks += (u64)delta;
	spin_unlock(&sbi->s_lock);
}

/*
 * In group g's bitmap (bh, group lock held), the first free run at or
 * after start (wrapping to the group's start), at most max long. Marks
 * it used and returns its first bit, or -1 if the group is full.
 */
static long take_run(struct ext2_sb_info *sbi, unsigned long g, struct buffer_head *bh,
		     u32 start, unsigned max, unsigned *len)
{
	u32 size = group_nblocks(sbi, g);
	unsigned long bit = ext2_find_next_zero_bit(bh->b_data, size, start);
	unsigned n = 0;

	if (bit >= size)
		bit = ext2_find_next_zero_bit(bh->b_data, size, 0);
	if (bit >= size)
		return -1;
	while (n < max && bit + n < size && !ext2_test_bit(bh->b_data, bit + n)) {
		ext2_set_bit(bh->b_data, bit + n);
		n++;
	}
	*len = n;
	return (long)bit;
}

/*
 * Try group g for up to *count blocks from bit start. 0 with *first and
 * *count set, -ENOSPC if the group has none, -EIO/-EFSCORRUPTED if its
 * bitmap is bad. Blocks that the bitmap showed free but that hold
 * metadata are an error: they are left marked used (and counted so), and
 * the search goes on. Takes and releases s_group_lock[g]. May sleep.
 */
static int alloc_in_group(struct super_block *sb, unsigned long g, u32 start, unsigned *count,
			  u32 *first)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct buffer_head *bh;
	int err = -ENOSPC;

	mutex_lock(&sbi->s_group_lock[g]);
	bh = read_block_bitmap(sb, g);
	if (IS_ERR(bh)) {
		mutex_unlock(&sbi->s_group_lock[g]);
		return (int)PTR_ERR(bh);
	}
	for (;;) {
		unsigned len;
		long bit = take_run(sbi, g, bh, start, *count, &len);
		u32 block = group_first_block(sbi, g) + (u32)bit;

		if (bit < 0)
			break;
		mark_buffer_dirty(bh);
		adjust_free_blocks(sb, g, -(long)len);
		if (ext2_data_block_valid(sb, block, len)) {
			*first = block;
			*count = len;
			err = 0;
			break;
		}
		ext2_error(sb, 0, block, "allocating %u blocks in the system zone (group %lu)", len, g);
	}
	mutex_unlock(&sbi->s_group_lock[g]);
	brelse(bh);
	return err;
}

/* The contract of ext2_new_blocks/ext2_free_blocks: the caller holds the
 * inode's truncate_mutex (block map) or xattr_sem (xattr block). */
static void assert_block_owner_locked(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);

	if (!lock_is_held(&ei->truncate_mutex.dep_map) && !lock_is_held(&ei->xattr_sem.dep_map))
		lockdep_assert_failed("neither truncate_mutex nor xattr_sem held",
				      &ei->truncate_mutex.dep_map, __FILE__, __LINE__);
}

/* Charge count blocks to inode's i_blocks (negative: give back). */
static void charge_i_blocks(struct inode *inode, long count)
{
	spin_lock(&inode->i_lock);
	inode->i_blocks += (u64)(count << (inode->i_sb->s_blocksize_bits - 9));
	spin_unlock(&inode->i_lock);
}

int ext2_new_blocks(struct inode *inode, u32 goal, unsigned *count, u32 *first)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g0;
	unsigned want = *count;
	int err = -ENOSPC, ret;

	might_sleep();
	assert_block_owner_locked(inode);
	if (sb->s_flags & SB_RDONLY)
		return -EROFS;
	if (!want)
		return -EINVAL;
	if (!has_free_blocks(sbi))
		return -ENOSPC;
	if (dquot_alloc_block(inode, want))
		return -EDQUOT;
	if (goal < sbi->s_first_data_block || goal >= sbi->s_blocks_count)
		goal = group_first_block(sbi, EXT2_I(inode)->i_block_group % sbi->s_groups_count);
	g0 = (goal - sbi->s_first_data_block) / sbi->s_blocks_per_group;
	for (unsigned long i = 0; i < sbi->s_groups_count; i++) {
		unsigned long g = (g0 + i) % sbi->s_groups_count;
		struct ext2_group_desc *d = ext2_get_group_desc(sb, g, NULL);
		u32 start = i == 0 ? goal - group_first_block(sbi, g) : 0;

		if (!d || !READ_ONCE(d->bg_free_blocks_count))
			continue;		/* a hint; the bitmap decides */
		*count = want;
		ret = alloc_in_group(sb, g, start, count, first);
		if (!ret) {
			if (*count < want)
				dquot_free_block(inode, want - *count);
			charge_i_blocks(inode, *count);
			return 0;
		}
		if (ret != -ENOSPC)
			err = ret;
	}
	dquot_free_block(inode, want);
	*count = 0;
	return err;
}

/* ------------------------------------------------------------ freeing */

/* Free [block, block + count) inside group g. Returns how many were
 * freed (bits that were already clear are reported). May sleep. */
static unsigned free_in_group(struct super_block *sb, unsigned long g, u32 block, unsigned count)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 bit = block - group_first_block(sbi, g);
	struct buffer_head *bh;
	unsigned freed = 0;

	mutex_lock(&sbi->s_group_lock[g]);
	bh = read_block_bitmap(sb, g);
	if (IS_ERR(bh)) {
		mutex_unlock(&sbi->s_group_lock[g]);
		return 0;
	}
	for (unsigned i = 0; i < count; i++) {
		if (!ext2_test_bit(bh->b_data, bit + i)) {
			ext2_error(sb, 0, block + i, "freeing a block that is already free");
			continue;
		}
		ext2_clear_bit(bh->b_data, bit + i);
		freed++;
	}
	if (freed) {
		mark_buffer_dirty(bh);
		adjust_free_blocks(sb, g, (long)freed);
	}
	mutex_unlock(&sbi->s_group_lock[g]);
	brelse(bh);
	return freed;
}

void ext2_free_blocks(struct inode *inode, u32 block, unsigned count)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long freed = 0;

	might_sleep();
	assert_block_owner_locked(inode);
	if (!count)
		return;
	if (!ext2_data_block_valid(sb, block, count)) {
		ext2_error(sb, inode->i_ino, block, "freeing %u blocks outside the data zone", count);
		return;
	}
	while (count) {
		unsigned long g = (block - sbi->s_first_data_block) / sbi->s_blocks_per_group;
		u32 in_group = group_first_block(sbi, g) + group_nblocks(sbi, g) - block;
		unsigned n = count < in_group ? count : in_group;

		freed += free_in_group(sb, g, block, n);
		block += n;
		count -= n;
	}
	if (freed) {
		dquot_free_block(inode, freed);
		charge_i_blocks(inode, -(long)freed);
	}
}

u64 ext2_count_free_blocks(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 free = 0;

	might_sleep();
	for (unsigned long g = 0; g < sbi->s_groups_count; g++) {
		struct buffer_head *bh;

		mutex_lock(&sbi->s_group_lock[g]);
		bh = read_block_bitmap(sb, g);
		if (!IS_ERR(bh)) {
			free += ext2_count_zero_bits(bh->b_data, group_nblocks(sbi, g));
			brelse(bh);
		}
		mutex_unlock(&sbi->s_group_lock[g]);
	}
	return free;
}
