/*
 * Block device files: what open(), read(), write(), lseek(), fsync() and
 * ioctl() do on /dev/vda, /dev/ram0 ... (def_blk_fops), and the page cache
 * of a block device (def_blk_aops on bd_inode's mapping, built on buffer
 * heads: fs/buffer.c).
 *
 * An open file of a block device has its f_mapping pointed at the
 * device's bd_inode mapping (as in Linux), so every opener of the device -
 * through any /dev node - and the buffer cache (__bread) share one page
 * cache. Reads go through filemap_read (->read_folio:
 * block_read_full_folio); writes through generic_perform_write with the
 * bd_inode's i_rwsem held exclusive (->write_begin/->write_end, as the
 * seed's rows want it; Linux itself takes no i_rwsem there); dirty pages
 * are written back by fsync, by the close of a writer, by BLKFLSBUF, or
 * with O_SYNC after each write. O_DIRECT reads and writes go through
 * ->direct_IO: bios straight to or from the caller's buffer - the user's
 * own pages, pinned through the page tables, when read(2)/write(2) pass
 * the user buffer (they do for O_DIRECT) - which must be 512-byte aligned
 * in address, position and length.
 *
 * Layer above: the VFS (fs/vfs/file.c) and filesystems. Below: the page
 * cache, buffer heads and the block layer (drivers/block/).
 *
 * Locks: bd_inode->i_rwsem (exclusive) around buffered writes and block
 * size changes; the page cache's own below it. No lock of its own.
 */
#include "fs/block_dev.h"
#include "fs/buffer_head.h"
#include "fs/direct-io.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/file.h"
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "mm/pagemap.h"
#include "mm/filemap_fault.h"
#include "mm/slab.h"

#define SET_BLOCKSIZE_TRIES 50	/* 20 ms apart: a second for busy folios to go */

static unsigned blksize_bits(unsigned long size)
{
	return (unsigned)__builtin_ctzl(size);
}

static struct block_device *file_bdev(struct file *file)
{
	return I_BDEV(file->f_mapping->host);
}

/* ------------------------------------------------------------ the cache */

/* A device block is its own block: every block of the page cache is mapped,
 * to itself. Reads past the end never get here (block_read_full_folio
 * stops at i_size, which is the device size); writes are cut there. */
static int blkdev_get_block(struct inode *inode, sector_t iblock, struct buffer_head *bh,
			    int create)
{
	bh->b_bdev = I_BDEV(inode);
	bh->b_blocknr = iblock;
	set_buffer_mapped(bh);
	return 0;
}

static int blkdev_read_folio(struct file *file, struct folio *folio)
{
	return block_read_full_folio(folio, blkdev_get_block);
}

/* ->readahead: runs of blocks in one bio each (the device is contiguous). */
static void blkdev_readahead(struct readahead_control *rac)
{
	mpage_readahead(rac, blkdev_get_block);
}

static int blkdev_writepage(struct page *page, struct writeback_control *wbc)
{
	return block_write_full_folio(page_folio(page), blkdev_get_block, wbc);
}

static int blkdev_writepage_cb(struct folio *folio, struct writeback_control *wbc, void *data)
{
	int err = block_write_full_folio(folio, blkdev_get_block, wbc);

	mapping_set_error(data, err);
	return err;
}

/* All the dirty pages of the range under one plug, so neighbours merge
 * into large requests. */
static int blkdev_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	struct blk_plug plug;
	int err;

	blk_start_plug(&plug);
	err = write_cache_pages(mapping, wbc, blkdev_writepage_cb, mapping);
	blk_finish_plug(&plug);
	return err;
}

static int blkdev_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			      unsigned len, struct page **pagep, void **fsdata)
{
	return block_write_begin(mapping, pos, len, pagep, blkdev_get_block);
}

static bool blkdev_release_folio(struct folio *folio, gfp_t gfp)
{
	return try_to_free_buffers(folio);
}

/* ------------------------------------------------------------ O_DIRECT */

#define DIO_CHUNK_PAGES	256	/* pages pinned and in flight at once (1 MiB) */

/* A kernel buffer whose pages the direct map (or the kernel image) gives. */
static bool dio_kaddr_ok(unsigned long addr, size_t len)
{
	unsigned long end = addr + len;
	unsigned long map_end = PAGE_OFFSET + (max_pfn << PAGE_SHIFT);

	return (addr >= PAGE_OFFSET && end <= map_end) || addr >= KERNEL_VMA;
}

/* One chunk: at most DIO_CHUNK_PAGES pages of the buffer, pinned, sent,
 * waited for, released. 0 or -errno. */
static int dio_chunk(struct block_device *bdev, struct iov_iter *iter, struct page **pages,
		     size_t count, loff_t pos)
{
	unsigned long addr = iov_iter_addr(iter);
	size_t off = addr & (PAGE_SIZE - 1);
	unsigned long nr = DIV_ROUND_UP(off + count, PAGE_SIZE);
	bool write = iter->data_source == ITER_SOURCE;
	long got = dio_get_pages(iter, addr, nr, pages);
	struct dio_bios bios;
	struct blk_plug plug;
	int err, ioerr;

	if (got < 0)
		return (int)got;
	dio_bios_init(&bios, write ? REQ_OP_WRITE | REQ_SYNC : REQ_OP_READ);
	blk_start_plug(&plug);
	err = dio_bios_add(&bios, bdev, (sector_t)pos >> SECTOR_SHIFT, pages, off, count);
	dio_bios_submit(&bios);
	blk_finish_plug(&plug);
	ioerr = dio_bios_wait(&bios);
	dio_put_pages(pages, nr);
	return err ? err : ioerr;
}

/*
 * ->direct_IO: the request goes between the device and the iterator's
 * pages - a user buffer's own pages (pinned through the page tables), or
 * a kernel buffer's - bypassing the page cache, whose dirty pages of the
 * range are written first (and, after a write, whose pages of the range
 * are dropped). Position, length and buffer address must be multiples of
 * 512: -EINVAL otherwise, or for a kernel buffer outside the direct map.
 * -EFAULT for a user buffer that is not all mapped with the access; -EIO
 * if a bio failed. Returns the bytes moved (all, or the error). May sleep.
 */
static int blkdev_direct_IO(struct kiocb *iocb, struct iov_iter *iter)
{
	struct address_space *mapping = iocb->ki_filp->f_mapping;
	struct block_device *bdev = I_BDEV(mapping->host);
	size_t count = iov_iter_count(iter), done = 0;
	loff_t pos = iocb->ki_pos;
	struct page **pages;
	int err;

	if (!count)
		return 0;
	if (((unsigned long)pos | count | iov_iter_addr(iter)) & (SECTOR_SIZE - 1))
		return -EINVAL;
	if (iov_iter_is_kvec(iter) && !dio_kaddr_ok(iov_iter_addr(iter), count))
		return -EINVAL;
	err = filemap_write_and_wait_range(mapping, pos, pos + (loff_t)count - 1);
	if (err)
		return err;
	pages = kmalloc((DIO_CHUNK_PAGES + 1) * sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	while (done < count && !err) {
		size_t n = MIN(count - done, (size_t)DIO_CHUNK_PAGES * PAGE_SIZE);

		err = dio_chunk(bdev, iter, pages, n, pos + (loff_t)done);
		if (!err) {
			iov_iter_advance(iter, n);
			done += n;
		}
	}
	kfree(pages);
	if (iter->data_source == ITER_SOURCE)
		invalidate_inode_pages2_range(mapping, (unsigned long)(pos >> PAGE_SHIFT),
					      (unsigned long)((pos + (loff_t)count - 1) >> PAGE_SHIFT));
	if (!done)
		return err;
	iocb->ki_pos += (loff_t)done;
	return (int)done;
}

const struct address_space_operations def_blk_aops = {
	.read_folio = blkdev_read_folio,
	.readahead = blkdev_readahead,
	.is_partially_uptodate = block_is_partially_uptodate,
	.migrate_folio = buffer_migrate_folio,	/* idle buffers only: as Linux's _norefs */
	.writepage = blkdev_writepage,
	.writepages = blkdev_writepages,
	.dirty_folio = block_dirty_folio,
	.write_begin = blkdev_write_begin,
	.write_end = generic_write_end,
	.invalidate_folio = block_invalidate_folio,
	.release_folio = blkdev_release_folio,
	.direct_IO = blkdev_direct_IO,
};

/* ------------------------------------------------------------ the cache, for others */

int sync_blockdev(struct block_device *bdev)
{
	return filemap_write_and_wait(bdev->bd_inode->i_mapping);
}

void invalidate_bdev(struct block_device *bdev)
{
	invalidate_mapping_pages(bdev->bd_inode->i_mapping, 0, ~0UL);
}

/* BLKFLSBUF's page-cache half (blkdev_flush_buffers_hook). */
static int blkdev_flush_buffers(struct block_device *bdev)
{
	int err = sync_blockdev(bdev);

	invalidate_bdev(bdev);
	return err;
}

void blkdev_pagecache_init(void)
{
	blkdev_flush_buffers_hook = blkdev_flush_buffers;
}

int set_blocksize(struct block_device *bdev, unsigned size)
{
	struct inode *inode = bdev->bd_inode;
	int err = 0;

	if (size < SECTOR_SIZE || size > PAGE_SIZE || (size & (size - 1)))
		return -EINVAL;
	inode_lock(inode);
	if (inode->i_blkbits != blksize_bits(size)) {
		/* A folio may be busy for a moment (the flusher writing it,
		 * a reader's reference): try again for up to a second. */
		for (int tries = 0; tries < SET_BLOCKSIZE_TRIES; tries++) {
			sync_blockdev(bdev);
			invalidate_bdev(bdev);
			if (mapping_empty(inode->i_mapping))
				break;
			msleep(20);
		}
		if (mapping_empty(inode->i_mapping))
			inode->i_blkbits = (u8)blksize_bits(size);
		else
			err = -EBUSY;
	}
	inode_unlock(inode);
	return err;
}

int sb_set_blocksize(struct super_block *sb, unsigned size)
{
	if (set_blocksize(sb->s_bdev, size))
		return 0;
	sb->s_blocksize = size;
	sb->s_blocksize_bits = (u8)blksize_bits(size);
	return (int)size;
}

/* The block size a device's cache starts with: a page if the size allows
 * (as BLKBSZGET says), else a sector. Only while nothing is cached. */
static void bdev_init_blocksize(struct block_device *bdev)
{
	struct inode *inode = bdev->bd_inode;
	unsigned size = bdev_nr_sectors(bdev) % (PAGE_SIZE >> SECTOR_SHIFT) ? SECTOR_SIZE : PAGE_SIZE;

	inode_lock(inode);
	if (mapping_empty(inode->i_mapping))
		inode->i_blkbits = (u8)blksize_bits(size);
	inode_unlock(inode);
}

/* ------------------------------------------------------------ the file */

static fmode_t file_blk_mode(const struct file *file)
{
	fmode_t mode = file->f_mode & (FMODE_READ | FMODE_WRITE);

	return (file->f_flags & O_EXCL) ? mode | FMODE_EXCL : mode;
}

static int blkdev_open(struct inode *inode, struct file *file)
{
	struct block_device *bdev = blkdev_get_by_dev(inode->i_rdev, file_blk_mode(file), file);

	if (IS_ERR(bdev))
		return (int)PTR_ERR(bdev);
	bdev_init_blocksize(bdev);
	file->private_data = bdev;
	file->f_mapping = bdev->bd_inode->i_mapping;
	return 0;
}

/* The last reference to the open file: a writer's dirty pages are written
 * back (errors are for fsync to report), then the device is closed. */
static int blkdev_release(struct inode *inode, struct file *file)
{
	struct block_device *bdev = file->private_data;

	if (file->f_mode & FMODE_WRITE)
		sync_blockdev(bdev);
	blkdev_put(bdev, file_blk_mode(file));
	return 0;
}

static ssize_t blkdev_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct file *file = iocb->ki_filp;
	loff_t size = (loff_t)bdev_nr_bytes(file_bdev(file)), pos = iocb->ki_pos;
	size_t count = iov_iter_count(to), cut = 0;
	ssize_t ret;

	if (pos >= size || !count)
		return 0;
	if ((loff_t)count > size - pos) {
		cut = count - (size_t)(size - pos);
		iov_iter_truncate(to, (size_t)(size - pos));
	}
	if (iocb->ki_flags & IOCB_DIRECT)
		ret = call_direct_IO(iocb, to);
	else
		ret = filemap_read(iocb, to, 0);
	iov_iter_reexpand(to, iov_iter_count(to) + cut);
	return ret;
}

/* A buffered write: through the cache, under bd_inode's i_rwsem. */
static ssize_t blkdev_buffered_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct address_space *mapping = iocb->ki_filp->f_mapping;
	struct inode *bd_inode = mapping->host;
	loff_t pos = iocb->ki_pos;
	ssize_t ret;
	int err;

	inode_lock(bd_inode);
	ret = generic_perform_write(iocb, from);
	inode_unlock(bd_inode);
	if (ret <= 0)
		return ret;
	balance_dirty_pages_ratelimited(mapping);
	iocb->ki_pos += ret;
	if (iocb->ki_flags & IOCB_SYNC) {
		err = filemap_write_and_wait_range(mapping, pos, pos + ret - 1);
		if (!err)
			err = blkdev_issue_flush(I_BDEV(bd_inode));
		if (err)
			return err;
	}
	return ret;
}

static ssize_t blkdev_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct block_device *bdev = file_bdev(iocb->ki_filp);
	loff_t size = (loff_t)bdev_nr_bytes(bdev), pos = iocb->ki_pos;
	size_t count = iov_iter_count(from), cut = 0;
	ssize_t ret;

	if (bdev->bd_read_only || bdev->bd_disk->read_only)
		return -EPERM;
	if (!count)
		return 0;
	if (pos >= size)
		return -ENOSPC;
	if ((loff_t)count > size - pos) {
		cut = count - (size_t)(size - pos);
		iov_iter_truncate(from, (size_t)(size - pos));
	}
	if (iocb->ki_flags & IOCB_DIRECT)
		ret = call_direct_IO(iocb, from);
	else
		ret = blkdev_buffered_write(iocb, from);
	iov_iter_reexpand(from, iov_iter_count(from) + cut);
	return ret;
}

/* SEEK_END is the size of the device; no position past it. */
static loff_t blkdev_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t size = (loff_t)bdev_nr_bytes(file_bdev(file)), pos;

	switch (whence) {
	case SEEK_SET: pos = offset; break;
	case SEEK_CUR: pos = file->f_pos + offset; break;
	case SEEK_END: pos = size + offset; break;
	default: return -EINVAL;
	}
	if (pos < 0 || pos > size)
		return -EINVAL;
	file->f_pos = pos;
	return pos;
}

/* Write the range back, then make the device's cache durable. */
static int blkdev_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	int err = filemap_write_and_wait_range(file->f_mapping, start, end);

	return err ? err : blkdev_issue_flush(file_bdev(file));
}

static long blkdev_file_ioctl(struct file *file, unsigned cmd, unsigned long arg)
{
	return blkdev_ioctl(file_bdev(file), file_blk_mode(file), cmd, arg);
}

const struct file_operations def_blk_fops = {
	.open = blkdev_open,
	.release = blkdev_release,
	.llseek = blkdev_llseek,
	.read_iter = blkdev_read_iter,
	.write_iter = blkdev_write_iter,
	.fsync = blkdev_fsync,
	.unlocked_ioctl = blkdev_file_ioctl,
	.mmap = generic_file_mmap,	/* the device's page cache (mm/filemap_fault.h) */
};
