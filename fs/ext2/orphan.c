/*
 * The orphan list, as ext3 keeps it: inodes whose last link is gone but
 * which are still in use (an open file, a running unlink) are chained on
 * disk from the superblock's s_last_orphan through each inode's i_dtime,
 * newest first. Eviction takes an inode off once its blocks are freed. A
 * crash leaves the list behind, and the next read-write mount frees the
 * inodes it names (ext2_orphan_cleanup), each checked first; a bad link
 * cuts the list, with an error, and is never followed into a loop.
 *
 * The chain is written through the normal paths (the inode marked dirty,
 * the superblock buffer dirtied), not synchronously: without a journal a
 * crash may leave a shorter list, which e2fsck completes.
 *
 * In memory the same inodes sit on sbi->s_orphan in the list's order, so
 * that a removal finds its predecessor without reading the disk.
 *
 * Layer above: namei.c (unlink, rmdir, rename drop the last link) and
 * inode.c (eviction); super.c (mount). Locks: sbi->s_orphan_lock (mutex)
 * over s_last_orphan, the i_dtime links, i_on_orphan_list and the
 * in-memory list; buffer locks and inode-dirtying nest inside it.
 */
#include "fs/ext2/ext2.h"
#include "fs/ext2/bitmap.h"
#include "fs/vfs/inode.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sync/lockdep.h"

int ext2_orphan_add(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_inode_info *ei = EXT2_I(inode);

	lockdep_assert_held(&inode->i_rwsem);
	might_sleep();
	mutex_lock(&sbi->s_orphan_lock);
	if (ei->i_on_orphan_list) {
		mutex_unlock(&sbi->s_orphan_lock);
		return 0;
	}
	ei->i_dtime = sbi->s_es->s_last_orphan;
	sbi->s_es->s_last_orphan = (u32)inode->i_ino;
	ei->i_on_orphan_list = true;
	list_add(&ei->i_orphan, &sbi->s_orphan);
	mark_buffer_dirty(sbi->s_sbh);
	mutex_unlock(&sbi->s_orphan_lock);
	mark_inode_dirty(inode);
	return 0;
}

/* Caller: eviction (no i_rwsem: the inode has no other user) or the
 * unlink path taking back an orphan_add. May sleep. */
void ext2_orphan_del(struct inode *inode)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	struct ext2_inode_info *ei = EXT2_I(inode), *prev;

	might_sleep();
	mutex_lock(&sbi->s_orphan_lock);
	if (!ei->i_on_orphan_list) {
		mutex_unlock(&sbi->s_orphan_lock);
		return;
	}
	if (ei->i_orphan.prev == &sbi->s_orphan) {
		sbi->s_es->s_last_orphan = ei->i_dtime;
		mark_buffer_dirty(sbi->s_sbh);
		prev = NULL;
	} else {
		prev = list_entry(ei->i_orphan.prev, struct ext2_inode_info, i_orphan);
		prev->i_dtime = ei->i_dtime;
		/* prev is on the list, so not yet past its own orphan_del. */
		mark_inode_dirty(&prev->vfs_inode);
	}
	list_del_init(&ei->i_orphan);
	ei->i_on_orphan_list = false;
	ei->i_dtime = 0;
	mutex_unlock(&sbi->s_orphan_lock);
	if (!(inode->i_state & I_FREEING))
		mark_inode_dirty(inode);
}

/* ------------------------------------------------------------- cleanup */

/* ino's bit in the inode bitmap (false if it cannot be read). */
static bool inode_in_use(struct super_block *sb, u32 ino)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g = (ino - 1) / sbi->s_inodes_per_group;
	struct ext2_group_desc *d = ext2_get_group_desc(sb, g, NULL);
	struct buffer_head *bh = d ? sb_bread(sb, d->bg_inode_bitmap) : NULL;
	bool used;

	if (!bh)
		return false;
	used = ext2_test_bit(bh->b_data, (ino - 1) % sbi->s_inodes_per_group);
	brelse(bh);
	return used;
}

/*
 * Check orphan ino on disk (a valid number, in use, no links, a mode) and
 * take its link out of its i_dtime, so that ext2_iget sees a plain
 * unlinked inode. The next link in *next. 0 or -EFSCORRUPTED/-EIO.
 */
static int unlink_raw_orphan(struct super_block *sb, u32 ino, u32 *next)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long g = (ino - 1) / sbi->s_inodes_per_group;
	unsigned long index = (ino - 1) % sbi->s_inodes_per_group;
	unsigned long per_block = sb->s_blocksize / sbi->s_inode_size;
	struct ext2_group_desc *d;
	struct buffer_head *bh;
	struct ext2_inode *raw;

	if (ino < sbi->s_first_ino || ino > sbi->s_inodes_count || !inode_in_use(sb, ino))
		return -EFSCORRUPTED;
	d = ext2_get_group_desc(sb, g, NULL);
	bh = d ? sb_bread(sb, d->bg_inode_table + index / per_block) : NULL;
	if (!bh)
		return -EIO;
	raw = (struct ext2_inode *)(bh->b_data + (index % per_block) * sbi->s_inode_size);
	if (raw->i_links_count || !raw->i_mode) {
		brelse(bh);
		return -EFSCORRUPTED;
	}
	*next = raw->i_dtime;
	raw->i_dtime = 0;
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

/* Free orphan ino: read it (checked) and drop it, which evicts it with
 * its blocks. 0 or -errno. */
static int release_orphan(struct super_block *sb, u32 ino)
{
	struct inode *inode = ext2_iget(sb, ino);

	if (IS_ERR(inode))
		return (int)PTR_ERR(inode);
	if (inode->i_nlink) {
		iput(inode);
		return -EFSCORRUPTED;
	}
	iput(inode);		/* not SB_ACTIVE yet: evicted now */
	return 0;
}

void ext2_orphan_cleanup(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;
	u32 ino, next = 0, done = 0;
	int err = 0;

	might_sleep();
	if (!es->s_last_orphan || (sb->s_flags & SB_RDONLY))
		return;
	mutex_lock(&sbi->s_orphan_lock);
	for (ino = es->s_last_orphan; ino && !err; ino = next) {
		if (done >= sbi->s_inodes_count) {
			err = -ELOOP;
			break;
		}
		err = unlink_raw_orphan(sb, ino, &next);
		if (err)
			break;
		es->s_last_orphan = next;	/* the rest stays a valid list */
		mark_buffer_dirty(sbi->s_sbh);
		mutex_unlock(&sbi->s_orphan_lock);
		err = release_orphan(sb, ino);
		mutex_lock(&sbi->s_orphan_lock);
		done++;
	}
	if (err) {
		es->s_last_orphan = 0;
		mark_buffer_dirty(sbi->s_sbh);
	}
	mutex_unlock(&sbi->s_orphan_lock);
	if (err)
		ext2_error(sb, ino, 0, "bad orphan inode (%d); orphan list cut", err);
	if (done)
		ext2_msg(sb, "%u orphan inode%s deleted", done, done == 1 ? "" : "s");
	ext2_sync_super(sb, true);
}
