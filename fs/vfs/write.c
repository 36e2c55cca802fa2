/*
 * The generic ->write_iter of page-cache filesystems (Linux's
 * generic_file_write_iter) and the size checks shared with truncate.
 *
 * A write holds the inode's i_rwsem exclusive from the checks to the end
 * of the copy, so O_APPEND's position, the size limits and the new i_size
 * agree. Buffered data goes through ->write_begin/->write_end
 * (generic_perform_write) a chunk at a time, with dirty throttling
 * (balance_dirty_pages_ratelimited) between chunks; O_DIRECT goes to
 * ->direct_IO after the cached copy of the range is written back and
 * dropped, and what ->direct_IO leaves (a write past i_size, an unaligned
 * tail) goes through the cache, which is then written and dropped too so
 * that the file reads the same either way. O_SYNC/O_DSYNC end with
 * ->fsync of the written range.
 *
 * Layer above: vfs_write (sb_start_write, no lock). Below: the address
 * space operations, through fs/vfs/aops.h.
 */
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/ops.h"
#include "fs/vfs/aops.h"
#include "kernel/lib/uio.h"
#include "kernel/errno.h"
#include "kernel/sched/sched.h"
#include "kernel/user/cred.h"
#include "kernel/user/signal.h"
#include "mm/pagemap.h"

#define WRITE_CHUNK	(256UL * 1024)	/* bytes copied between throttling checks */

/* RLIMIT_FSIZE of the caller; kernel threads (no process state) have none. */
static u64 fsize_limit(void)
{
	if (!current->files)
		return RLIM_INFINITY;
	return READ_ONCE(current->rlim[RLIMIT_FSIZE].rlim_cur);
}

int inode_newsize_ok(const struct inode *inode, loff_t offset)
{
	u64 limit = fsize_limit();

	if (offset < 0)
		return -EINVAL;
	if (offset <= i_size_read(inode))
		return 0;		/* shrinking is always allowed */
	if (limit != RLIM_INFINITY && (u64)offset > limit) {
		send_signal(current, SIGXFSZ, SI_KERNEL);
		return -EFBIG;
	}
	if (offset > inode->i_sb->s_maxbytes)
		return -EFBIG;
	return 0;
}

/*
 * Position and length: O_APPEND writes at i_size; the write is cut at
 * RLIMIT_FSIZE (SIGXFSZ and -EFBIG if nothing is left) and at s_maxbytes
 * (-EFBIG). Returns the bytes to write (0: nothing) or -errno. i_rwsem
 * exclusive.
 */
static ssize_t write_checks(struct kiocb *iocb, struct iov_iter *from)
{
	struct inode *inode = file_inode(iocb->ki_filp);
	loff_t maxbytes = inode->i_sb->s_maxbytes;
	u64 limit = fsize_limit();
	loff_t pos;

	lockdep_assert_held_write(&inode->i_rwsem);
	if (!iov_iter_count(from))
		return 0;
	if (iocb->ki_flags & IOCB_APPEND)
		iocb->ki_pos = i_size_read(inode);
	pos = iocb->ki_pos;
	if (pos < 0)
		return -EINVAL;
	if (limit != RLIM_INFINITY) {
		if ((u64)pos >= limit) {
			send_signal(current, SIGXFSZ, SI_KERNEL);
			return -EFBIG;
		}
		if (iov_iter_count(from) > limit - (u64)pos)
			iov_iter_truncate(from, (size_t)(limit - (u64)pos));
	}
	if (pos >= maxbytes)
		return -EFBIG;
	if ((loff_t)iov_iter_count(from) > maxbytes - pos)
		iov_iter_truncate(from, (size_t)(maxbytes - pos));
	return (ssize_t)iov_iter_count(from);
}

/* A write by someone without CAP_FSETID clears setuid, and setgid when
 * the group may execute, as Linux's file_remove_privs. i_rwsem exclusive. */
static int remove_privs(struct file *file)
{
	struct inode *inode = file_inode(file);
	umode_t mode = inode->i_mode, kill = 0;
	struct iattr attr;

	if (!S_ISREG(mode) || capable_fs_root())
		return 0;
	if (mode & S_ISUID)
		kill |= S_ISUID;
	if ((mode & (S_ISGID | 0010)) == (S_ISGID | 0010))
		kill |= S_ISGID;
	if (!kill)
		return 0;
	attr.ia_valid = ATTR_MODE;
	attr.ia_mode = mode & ~kill;
	return notify_change(file->f_path.dentry, &attr);
}

/* mtime and ctime become now and the inode is dirty (I_DIRTY_SYNC: an
 * fdatasync need not write timestamps). i_rwsem exclusive. */
static void write_update_time(struct inode *inode)
{
	struct timespec64 now = current_time(inode);

	if (inode->i_op->update_time) {
		call_update_time(inode, &now, S_MTIME | S_CTIME);
		return;
	}
	inode->i_mtime = inode->i_ctime = now;
	mark_inode_dirty_sync(inode);
}

/* Buffered write of all of from at ki_pos, in chunks, throttled between
 * them. Advances ki_pos. i_rwsem exclusive. */
static ssize_t buffered_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct address_space *mapping = iocb->ki_filp->f_mapping;
	struct inode *inode = mapping->host;
	loff_t old_size = i_size_read(inode);
	ssize_t done = 0, ret = 0;

	while (iov_iter_count(from)) {
		size_t left = iov_iter_count(from);
		size_t n = MIN(left, WRITE_CHUNK);

		iov_iter_truncate(from, n);
		ret = generic_perform_write(iocb, from);
		iov_iter_reexpand(from, iov_iter_count(from) + (left - n));
		if (ret <= 0)
			break;
		iocb->ki_pos += ret;
		done += ret;
		balance_dirty_pages_ratelimited(mapping);
		if ((size_t)ret < n)
			break;		/* short: a fault or no space */
		if (fatal_signal_pending(current))
			break;
	}
	/* ->write_end grew i_size; the inode must reach the disk with it
	 * (Linux's generic_write_end marks it; this makes sure). */
	if (i_size_read(inode) != old_size)
		mark_inode_dirty(inode);
	return done ? done : ret;
}

/*
 * O_DIRECT: write back and drop the cached copy of the range, then
 * ->direct_IO. Returns what it wrote (0 if it could not start: the caller
 * uses the cache), advancing ki_pos, from and i_size. i_rwsem exclusive.
 */
static ssize_t direct_write(struct kiocb *iocb, struct iov_iter *from)
{
	struct address_space *mapping = iocb->ki_filp->f_mapping;
	struct inode *inode = mapping->host;
	loff_t pos = iocb->ki_pos, end = pos + (loff_t)iov_iter_count(from) - 1;
	size_t count = iov_iter_count(from);
	ssize_t written;
	int err;

	if (!mapping->a_ops->direct_IO)
		return 0;
	err = filemap_write_and_wait_range(mapping, pos, end);
	if (err)
		return err;
	/* A folio that cannot go (mapped and busy): the cache does it all,
	 * as Linux falls back on -ENOTBLK. */
	if (invalidate_inode_pages2_range(mapping, (unsigned long)(pos >> PAGE_SHIFT),
					  (unsigned long)(end >> PAGE_SHIFT)))
		return 0;
	written = call_direct_IO(iocb, from);
	if (written <= 0)
		return written == -ENOTBLK ? 0 : written;
	/* Some ->direct_IO advance the position and the iterator, as
	 * blkdev's does; Linux's leave the position to the caller. */
	if (iocb->ki_pos == pos)
		iocb->ki_pos = pos + written;
	if (iov_iter_count(from) == count)
		iov_iter_advance(from, (size_t)written);
	if (iocb->ki_pos > i_size_read(inode) && !S_ISBLK(inode->i_mode)) {
		i_size_write(inode, iocb->ki_pos);
		mark_inode_dirty(inode);
	}
	/* Drop what a racing read or fault may have cached meanwhile. */
	invalidate_inode_pages2_range(mapping, (unsigned long)(pos >> PAGE_SHIFT),
				      (unsigned long)((pos + written - 1) >> PAGE_SHIFT));
	return written;
}

ssize_t generic_file_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	struct file *file = iocb->ki_filp;
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	loff_t start = iocb->ki_pos;
	ssize_t ret, written = 0;
	int err;

	might_sleep();
	inode_lock(inode);
	ret = write_checks(iocb, from);
	if (ret <= 0)
		goto out;
	err = remove_privs(file);
	if (err) {
		ret = err;
		goto out;
	}
	write_update_time(inode);
	start = iocb->ki_pos;
	if (iocb->ki_flags & IOCB_DIRECT) {
		written = direct_write(iocb, from);
		if (written < 0 || !iov_iter_count(from)) {
			ret = written;
			goto out;
		}
		/* The rest through the cache, then to the disk and out of
		 * the cache, so the file reads as an O_DIRECT write left it. */
		loff_t bpos = iocb->ki_pos;

		ret = buffered_write(iocb, from);
		if (ret > 0) {
			err = filemap_write_and_wait_range(mapping, bpos, bpos + ret - 1);
			if (!err)
				invalidate_inode_pages2_range(mapping,
							      (unsigned long)(bpos >> PAGE_SHIFT),
							      (unsigned long)((bpos + ret - 1) >> PAGE_SHIFT));
			else if (!written)
				ret = err;
		}
		if (ret > 0 || written)
			ret = written + MAX(ret, (ssize_t)0);
	} else {
		ret = buffered_write(iocb, from);
	}
out:
	inode_unlock(inode);
	if (ret > 0 && (iocb->ki_flags & IOCB_SYNC) && file->f_op->fsync) {
		/* O_DSYNC: the data and what reaches it; O_SYNC: all of it. */
		err = call_fsync(file, start, start + ret - 1, !(file->f_flags & __O_SYNC));
		if (err)
			ret = err;
	}
	return ret;
}
