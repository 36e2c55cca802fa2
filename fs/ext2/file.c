/*
 * ext2 regular files: the file and inode operations, fsync, fallocate.
 * Data goes through the page cache (ext2_aops in aops.c) or, for
 * O_DIRECT, straight between the user's pages and the disk.
 *
 * Above: the VFS, which calls ->read_iter, ->write_iter, ->fsync and
 * ->fallocate with no lock held. Below: the page cache, the block map
 * (blockmap.c), the block device (flush).
 *
 * Locks: i_rwsem (shared for an O_DIRECT read, exclusive for writes and
 * fallocate); a hole punch also holds invalidate_lock exclusive while it
 * drops the cached folios and frees the blocks, so a page fault cannot
 * bring back the old data in between.
 */
#include "fs/ext2/blockmap.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/block_dev.h"
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/sync/lockdep.h"
#include "mm/filemap_fault.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"

/* ------------------------------------------------------------ read, write */

/*
 * O_DIRECT read: the cached dirty data of the range goes to the disk
 * first, then ->direct_IO reads the rest straight into the user's pages;
 * what it could not do (the tail past the end) goes through the cache.
 */
static ssize_t ext2_dio_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct address_space *mapping = iocb->ki_filp->f_mapping;
	struct inode *inode = mapping->host;
	size_t count = iov_iter_count(to);
	loff_t pos = iocb->ki_pos;
	ssize_t ret;

	inode_lock_shared(inode);
	if (pos >= i_size_read(inode)) {
		inode_unlock_shared(inode);
		return 0;
	}
	ret = filemap_write_and_wait_range(mapping, pos, pos + (loff_t)count - 1);
	if (!ret) {
		ret = call_direct_IO(iocb, to);
		if (ret > 0 && iocb->ki_pos == pos)
			iocb->ki_pos += ret;
	}
	inode_unlock_shared(inode);
	if (ret < 0 || (size_t)ret == count || iocb->ki_pos >= i_size_read(inode))
		return ret;
	return filemap_read(iocb, to, ret);
}

static ssize_t ext2_file_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct address_space *mapping = iocb->ki_filp->f_mapping;

	if (!iov_iter_count(to))
		return 0;
	if ((iocb->ki_flags & IOCB_DIRECT) && mapping->a_ops->direct_IO)
		return ext2_dio_read_iter(iocb, to);
	return generic_file_read_iter(iocb, to);
}

/* An immutable file takes no writes, an append-only one only appends. */
static ssize_t ext2_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	u32 flags = READ_ONCE(EXT2_I(file_inode(iocb->ki_filp))->i_flags);

	if (flags & EXT2_IMMUTABLE_FL)
		return -EPERM;
	if ((flags & EXT2_APPEND_FL) && !(iocb->ki_flags & IOCB_APPEND))
		return -EPERM;
	return generic_file_write_iter(iocb, from);
}

/* ------------------------------------------------------------ fsync */

/*
 * Whether fsync must write the inode: it is dirty (for fdatasync, in more
 * than its timestamps), or writeback is writing it now (I_SYNC: its dirty
 * bits are clear already, but its table buffer may not be dirty yet).
 */
static bool ext2_inode_needs_sync(struct inode *inode, int datasync)
{
	unsigned long want = I_SYNC | I_DIRTY_DATASYNC | (datasync ? 0 : I_DIRTY_SYNC);
	bool ret;

	spin_lock(&inode->i_lock);
	ret = inode->i_state & want;
	spin_unlock(&inode->i_lock);
	return ret;
}

int ext2_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file->f_mapping->host;
	struct super_block *sb = inode->i_sb;
	int err, err2;

	might_sleep();
	err = filemap_write_and_wait_range(file->f_mapping, start, end);
	if (ext2_inode_needs_sync(inode, datasync)) {
		err2 = ext2_write_inode(inode, &(struct writeback_control){ .sync_mode = WB_SYNC_NONE });
		err = err ? err : err2;
	}
	err2 = sync_blockdev(sb->s_bdev);	/* the inode and every metadata block */
	err = err ? err : err2;
	err2 = blkdev_issue_flush(sb->s_bdev);
	return err ? err : err2;
}

/* ------------------------------------------------------------ fallocate */

/*
 * Allocate the holes of file blocks [first, last], zeroed on the disk
 * (ext2 has no unwritten extents). i_rwsem held. 0 or -errno
 * (-ENOSPC: what was allocated stays, as the size does not cover it
 * only with FALLOC_FL_KEEP_SIZE).
 */
static int ext2_alloc_range(struct inode *inode, u64 first, u64 last)
{
	while (first <= last) {
		struct buffer_head map = {
			.b_size = (size_t)MIN(last - first + 1, 1ULL << 16) << inode->i_blkbits,
		};
		int err = ext2_get_block(inode, first, &map, 1);

		if (err)
			return err;
		if (buffer_new(&map)) {
			err = ext2_zero_blocks(inode->i_sb, (u32)map.b_blocknr,
					       (unsigned)(map.b_size >> inode->i_blkbits));
			if (err)
				return err;
		}
		first += map.b_size >> inode->i_blkbits;
	}
	return 0;
}

static long ext2_fallocate_alloc(struct inode *inode, int mode, loff_t offset, loff_t len)
{
	loff_t end = offset + len;
	unsigned bits = inode->i_blkbits;
	int err;

	err = inode_newsize_ok(inode, end);
	if (err)
		return err;
	/* Blocks past the size: e2fsck takes them for a wrong size. */
	if ((mode & FALLOC_FL_KEEP_SIZE) &&
	    end > ALIGN_UP(i_size_read(inode), (loff_t)inode->i_sb->s_blocksize))
		return -EOPNOTSUPP;
	err = ext2_alloc_range(inode, (u64)offset >> bits, (u64)(end - 1) >> bits);
	if (!(mode & FALLOC_FL_KEEP_SIZE) && end > i_size_read(inode) && !err)
		i_size_write(inode, end);
	if (err && !(mode & FALLOC_FL_KEEP_SIZE))
		ext2_write_failed(inode);
	inode->i_ctime = current_time(inode);
	mark_inode_dirty(inode);
	return err;
}

/*
 * FALLOC_FL_PUNCH_HOLE: zero the partial blocks at either end, then,
 * under invalidate_lock, drop the cached folios of the whole blocks and
 * free those blocks. i_rwsem held.
 */
static long ext2_punch_hole(struct inode *inode, loff_t offset, loff_t len)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	loff_t bs = (loff_t)inode->i_sb->s_blocksize, size = i_size_read(inode);
	loff_t end = MIN(offset + len, size), first, last;
	int err;

	if (offset >= end)
		return 0;
	first = (offset + bs - 1) & ~(bs - 1);
	last = end & ~(bs - 1);
	if (first > last) {		/* inside one block */
		err = block_zero_range(inode->i_mapping, offset, end, ext2_get_block);
	} else {
		err = block_zero_range(inode->i_mapping, offset, first, ext2_get_block);
		if (!err && end < size)
			err = block_zero_range(inode->i_mapping, last, end, ext2_get_block);
		else if (!err)
			last = (end + bs - 1) & ~(bs - 1);
	}
	if (err || first >= last)
		goto out;
	filemap_invalidate_lock(inode->i_mapping);
	unmap_mapping_range(inode->i_mapping, first, last - first, false);
	truncate_inode_pages_range(inode->i_mapping, first, last - 1);
	mutex_lock(&ei->truncate_mutex);
	ext2_free_range(inode, (u64)first >> inode->i_blkbits, (u64)last >> inode->i_blkbits);
	mutex_unlock(&ei->truncate_mutex);
	filemap_invalidate_unlock(inode->i_mapping);
out:
	inode->i_mtime = inode->i_ctime = current_time(inode);
	mark_inode_dirty(inode);
	return err;
}

static long ext2_fallocate(struct file *file, int mode, loff_t offset, loff_t len)
{
	struct inode *inode = file_inode(file);
	u32 flags;
	long err;

	if (!S_ISREG(inode->i_mode))
		return -ENODEV;
	if (mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE))
		return -EOPNOTSUPP;
	if ((mode & FALLOC_FL_PUNCH_HOLE) && !(mode & FALLOC_FL_KEEP_SIZE))
		return -EOPNOTSUPP;
	inode_lock(inode);
	flags = EXT2_I(inode)->i_flags;
	if ((flags & EXT2_IMMUTABLE_FL) || ((flags & EXT2_APPEND_FL) && (mode & FALLOC_FL_PUNCH_HOLE)))
		err = -EPERM;
	else if (mode & FALLOC_FL_PUNCH_HOLE)
		err = ext2_punch_hole(inode, offset, len);
	else
		err = ext2_fallocate_alloc(inode, mode, offset, len);
	inode_unlock(inode);
	return err;
}

/* ------------------------------------------------------------ tables */

const struct file_operations ext2_file_operations = {
	.llseek = generic_file_llseek,
	.read_iter = ext2_file_read_iter,
	.write_iter = ext2_file_write_iter,
	.mmap = generic_file_mmap,
	.fsync = ext2_fsync,
	.fallocate = ext2_fallocate,
};

const struct inode_operations ext2_file_inode_operations = {
	.setattr = ext2_setattr,
	.getattr = ext2_getattr,
	.fiemap = ext2_fiemap,
	.listxattr = ext2_listxattr,
};
