/*
 * Dirty inodes and writing them back.
 *
 * __mark_inode_dirty() sets I_DIRTY_SYNC/I_DIRTY_DATASYNC (the inode's own
 * fields changed: ->write_inode must write them) or I_DIRTY_PAGES (its
 * page cache has dirty folios; set by filemap_dirty_folio) and puts the
 * inode on its superblock's s_dirty_inodes list, oldest first, with the
 * time it was first dirtied. Only superblocks whose inodes reach a disk
 * are listed: those on a block device (s_bdev) and the "bdev" pseudo-fs
 * that holds the block devices' own page caches. Memory filesystems keep
 * the bits (fsync and friends read them) but are never listed.
 *
 * writeback_single_inode() writes one inode: its dirty folios
 * (->writepages, and waits for them under WB_SYNC_ALL), then the inode
 * through ->write_inode if an I_DIRTY_INODE bit was set. I_SYNC marks an
 * inode being written: a second WB_SYNC_ALL writer waits for it, a
 * WB_SYNC_NONE one skips it. The inode leaves the list when it is clean,
 * and goes back on it if it was dirtied again meanwhile.
 *
 * sync_inodes_sb() writes every listed inode of a superblock once (a
 * snapshot of the list, so a steady writer cannot make it run forever);
 * sync, syncfs, umount and the flusher (mm/writeback.c) go through it.
 *
 * Locks: sb->s_wb_lock (spinlock) protects s_dirty_inodes, each inode's
 * i_wb_list and dirtied_when; it is taken before inode->i_lock, which
 * protects i_state. Neither is held across a call into the filesystem.
 */
#include "fs/vfs/inode.h"
#include "fs/vfs/super.h"
#include "fs/vfs/ops.h"
#include "mm/pagemap.h"
#include "mm/writeback.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/time.h"

#define BDEVFS_MAGIC	0x62646576	/* the "bdev" pseudo-fs (drivers/block/bdev.c) */

static DECLARE_WAIT_QUEUE_HEAD(inode_sync_wait);	/* I_SYNC cleared */

bool sb_has_writeback(const struct super_block *sb)
{
	return sb->s_bdev || sb->s_magic == BDEVFS_MAGIC;
}

/* Put a dirty inode on its superblock's list if it belongs there and is
 * not on it yet. No lock held; takes s_wb_lock then i_lock. */
static void inode_wb_list_add(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	spin_lock(&sb->s_wb_lock);
	spin_lock(&inode->i_lock);
	if ((inode->i_state & I_DIRTY) && !(inode->i_state & (I_FREEING | I_WILL_FREE | I_BAD)) &&
	    list_empty(&inode->i_wb_list)) {
		inode->dirtied_when = jiffies;
		list_add_tail(&inode->i_wb_list, &sb->s_dirty_inodes);
	}
	spin_unlock(&inode->i_lock);
	spin_unlock(&sb->s_wb_lock);
}

void inode_wb_list_del(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	spin_lock(&sb->s_wb_lock);
	list_del_init(&inode->i_wb_list);
	spin_unlock(&sb->s_wb_lock);
}

void __mark_inode_dirty(struct inode *inode, int flags)
{
	struct super_block *sb = inode->i_sb;
	bool list;

	flags &= I_DIRTY;
	if (flags & I_DIRTY_INODE) {
		might_sleep();
		if (sb->s_op->dirty_inode)
			call_dirty_inode(inode, flags & I_DIRTY_INODE);
	}
	/* Without a lock: the bits only ever get cleared by writeback,
	 * which rechecks the mapping and the inode afterwards. */
	if ((READ_ONCE(inode->i_state) & (unsigned long)flags) == (unsigned long)flags)
		return;
	spin_lock(&inode->i_lock);
	inode->i_state |= flags;
	/* Unhashed inodes are nobody's to write back, except a block
	 * device's page-cache inode (as Linux). */
	list = sb_has_writeback(sb) && list_empty(&inode->i_wb_list) &&
	       !(inode->i_state & (I_FREEING | I_WILL_FREE | I_BAD)) &&
	       (!list_empty(&inode->i_hash) || S_ISBLK(inode->i_mode));
	spin_unlock(&inode->i_lock);
	if (list)
		inode_wb_list_add(inode);
}

/* Wait until nobody is writing inode back. i_lock held (dropped while
 * sleeping, held again on return). */
static void inode_wait_for_sync(struct inode *inode)
{
	lockdep_assert_held(&inode->i_lock);
	while (inode->i_state & I_SYNC) {
		spin_unlock(&inode->i_lock);
		wait_event(inode_sync_wait, !(READ_ONCE(inode->i_state) & I_SYNC));
		spin_lock(&inode->i_lock);
	}
}

/*
 * Write inode's dirty folios (unless wbc->nr_to_write is 0: metadata
 * only) and then the inode itself if it is dirty. The caller holds a
 * reference, or is evicting it (I_FREEING is then set and the inode stays
 * off the list). WB_SYNC_ALL waits for the data and asks ->write_inode to
 * wait too. May sleep. Returns 0 or the first error.
 */
int writeback_single_inode(struct inode *inode, struct writeback_control *wbc)
{
	struct address_space *mapping = inode->i_mapping;
	bool data = wbc->nr_to_write > 0;
	int dirty, err = 0, err2;

	might_sleep();
	spin_lock(&inode->i_lock);
	if (inode->i_state & I_SYNC) {
		if (wbc->sync_mode == WB_SYNC_NONE) {
			spin_unlock(&inode->i_lock);
			return 0;	/* somebody else is at it */
		}
		inode_wait_for_sync(inode);
	}
	if (inode->i_state & I_BAD) {
		spin_unlock(&inode->i_lock);
		return 0;
	}
	inode->i_state |= I_SYNC;
	/* Cleared before the write: a folio dirtied during it sets it again
	 * (filemap_dirty_folio tags the folio before it marks the inode). */
	if (data)
		inode->i_state &= ~I_DIRTY_PAGES;
	spin_unlock(&inode->i_lock);

	if (data && mapping_tagged(mapping, PAGECACHE_TAG_DIRTY)) {
		err = do_writepages(mapping, wbc);
		mapping_set_error(mapping, err);
	}
	if (data && wbc->sync_mode == WB_SYNC_ALL) {
		err2 = filemap_fdatawait_range(mapping, wbc->range_start, wbc->range_end);
		if (!err)
			err = err2;
	}

	spin_lock(&inode->i_lock);
	dirty = inode->i_state & I_DIRTY_INODE;
	inode->i_state &= ~I_DIRTY_INODE;
	if (mapping_tagged(mapping, PAGECACHE_TAG_DIRTY))
		inode->i_state |= I_DIRTY_PAGES;
	spin_unlock(&inode->i_lock);

	if (dirty && inode->i_sb->s_op->write_inode) {
		err2 = call_write_inode(inode, wbc);
		if (!err)
			err = err2;
		if (err2 == -EAGAIN || err2 == -ENOMEM) {	/* try again later */
			spin_lock(&inode->i_lock);
			inode->i_state |= dirty;
			spin_unlock(&inode->i_lock);
		}
	}

	spin_lock(&inode->i_lock);
	inode->i_state &= ~I_SYNC;
	dirty = inode->i_state & I_DIRTY;
	spin_unlock(&inode->i_lock);
	wake_up_all(&inode_sync_wait);
	if (!dirty)
		inode_wb_list_del(inode);
	else if (sb_has_writeback(inode->i_sb))
		inode_wb_list_add(inode);	/* no-op if it is still on it */
	return err;
}

int write_inode_now(struct inode *inode, int sync)
{
	struct writeback_control wbc = {
		.nr_to_write = LONG_MAX,
		.range_start = 0,
		.range_end = LLONG_MAX,
		.sync_mode = sync ? WB_SYNC_ALL : WB_SYNC_NONE,
	};

	return writeback_single_inode(inode, &wbc);
}

int sync_inode_metadata(struct inode *inode, int wait)
{
	struct writeback_control wbc = {
		.nr_to_write = 0,	/* metadata only */
		.range_start = 0,
		.range_end = LLONG_MAX,
		.sync_mode = wait ? WB_SYNC_ALL : WB_SYNC_NONE,
	};

	return writeback_single_inode(inode, &wbc);
}

/*
 * Write back sb's dirty inodes: those listed when the pass starts (and,
 * if older_than is nonzero, first dirtied before that jiffy), each once,
 * oldest first. The pass takes them onto a private list (under
 * s_wb_lock, like the shared one); each inode is pinned (igrab) and
 * written with no lock held, and goes back on the shared list if it is
 * still dirty afterwards. Inodes still being set up (I_NEW) are left for
 * the next pass. wait: WB_SYNC_ALL. Returns the first error. May sleep.
 */
int writeback_inodes_sb(struct super_block *sb, bool wait, u64 older_than)
{
	LIST_HEAD(batch);	/* taken off the shared list for this pass */
	LIST_HEAD(later);
	struct inode *inode, *next;
	int err = 0;

	might_sleep();
	if (!sb_has_writeback(sb))
		return 0;
	spin_lock(&sb->s_wb_lock);
	list_for_each_entry_safe(inode, next, &sb->s_dirty_inodes, i_wb_list) {
		if (older_than && !time_after(older_than, inode->dirtied_when))
			break;
		list_move_tail(&inode->i_wb_list, &batch);
	}
	while (!list_empty(&batch)) {
		int e;

		inode = list_first_entry(&batch, struct inode, i_wb_list);
		if (READ_ONCE(inode->i_state) & I_NEW) {
			list_move_tail(&inode->i_wb_list, &later);
			continue;
		}
		list_del_init(&inode->i_wb_list);
		inode = igrab(inode);	/* NULL: being evicted, which writes it */
		spin_unlock(&sb->s_wb_lock);
		if (inode) {
			e = write_inode_now(inode, wait);
			if (e && !err)
				err = e;
			iput(inode);
		}
		spin_lock(&sb->s_wb_lock);
	}
	while (!list_empty(&later)) {	/* back at the head, in order */
		inode = list_entry(later.prev, struct inode, i_wb_list);
		list_del(&inode->i_wb_list);
		list_add(&inode->i_wb_list, &sb->s_dirty_inodes);
	}
	spin_unlock(&sb->s_wb_lock);
	return err;
}

/*
 * The end of a data-integrity sync: every inode of sb that is dirty,
 * being written (I_SYNC: the flusher took it off the list, so the pass
 * above did not see it) or has folios under writeback is written and
 * waited for. The walk over s_inodes keeps its place by holding a
 * reference on the inode it stands on (a referenced inode stays on the
 * list). May sleep.
 */
static int wait_sb_inodes(struct super_block *sb)
{
	struct inode *inode, *prev = NULL;
	int err = 0;

	spin_lock(&sb->s_inode_list_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list) {
		struct address_space *mapping = inode->i_mapping;
		unsigned long state = READ_ONCE(inode->i_state);
		int e;

		if (state & (I_NEW | I_FREEING | I_WILL_FREE | I_BAD))
			continue;
		if (!(state & (I_DIRTY | I_SYNC)) &&
		    !mapping_tagged(mapping, PAGECACHE_TAG_WRITEBACK) &&
		    !mapping_tagged(mapping, PAGECACHE_TAG_DIRTY))
			continue;
		if (!igrab(inode))
			continue;
		spin_unlock(&sb->s_inode_list_lock);
		iput(prev);
		prev = inode;
		e = write_inode_now(inode, 1);
		if (e && !err)
			err = e;
		spin_lock(&sb->s_inode_list_lock);
	}
	spin_unlock(&sb->s_inode_list_lock);
	iput(prev);
	return err;
}

int sync_inodes_sb(struct super_block *sb)
{
	int err, err2;

	might_sleep();
	if (!sb_has_writeback(sb))
		return 0;
	err = writeback_inodes_sb(sb, true, 0);
	err2 = wait_sb_inodes(sb);
	return err ? err : err2;
}

/* How many inodes sb has on its dirty list (tests, /proc). */
unsigned long sb_nr_dirty_inodes(struct super_block *sb)
{
	unsigned long n = 0;
	struct inode *inode;

	spin_lock(&sb->s_wb_lock);
	list_for_each_entry(inode, &sb->s_dirty_inodes, i_wb_list)
		n++;
	spin_unlock(&sb->s_wb_lock);
	return n;
}
