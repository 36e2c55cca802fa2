/*
 * FS_IOC_FIEMAP and the two helpers a filesystem's ->fiemap uses
 * (fiemap_prep, fiemap_fill_next_extent), with Linux's ABI and checks.
 * The VFS holds no lock around ->fiemap (the seed's table: i_rwsem "no");
 * the filesystem takes what it needs, as Linux's ext2 takes i_rwsem.
 */
#include "fs/vfs/fiemap.h"
#include "fs/vfs/ops.h"
#include "kernel/errno.h"
#include "kernel/user/uaccess.h"
#include "mm/pagemap.h"

/* As many extents as a user array can have (Linux's FIEMAP_MAX_EXTENTS). */
#define FIEMAP_MAX_EXTENTS	(0xffffffffU / sizeof(struct fiemap_extent))

int fiemap_prep(struct inode *inode, struct fiemap_extent_info *fi, u64 start, u64 *len,
		u32 supported_flags)
{
	u64 maxbytes = (u64)inode->i_sb->s_maxbytes;
	u32 incompat;

	if (*len == 0)
		return -EINVAL;
	if (start >= maxbytes)
		return -EFBIG;
	if (*len > maxbytes || maxbytes - *len < start)
		*len = maxbytes - start;
	supported_flags |= FIEMAP_FLAG_SYNC;
	supported_flags &= FIEMAP_FLAGS_COMPAT;
	incompat = fi->fi_flags & ~supported_flags;
	if (incompat) {
		fi->fi_flags = incompat;	/* reported back to the caller */
		return -EBADR;
	}
	if (fi->fi_flags & FIEMAP_FLAG_SYNC)
		return filemap_write_and_wait(inode->i_mapping);
	return 0;
}

int fiemap_fill_next_extent(struct fiemap_extent_info *fi, u64 logical, u64 phys, u64 len,
			    u32 flags)
{
	struct fiemap_extent extent = { 0 };

	if (fi->fi_extents_max == 0) {		/* only counting */
		fi->fi_extents_mapped++;
		return (flags & FIEMAP_EXTENT_LAST) ? 1 : 0;
	}
	if (fi->fi_extents_mapped >= fi->fi_extents_max)
		return 1;
	if (flags & FIEMAP_EXTENT_DELALLOC)
		flags |= FIEMAP_EXTENT_UNKNOWN;
	if (flags & (FIEMAP_EXTENT_ENCODED | FIEMAP_EXTENT_DATA_INLINE))
		flags |= FIEMAP_EXTENT_NOT_ALIGNED;
	extent.fe_logical = logical;
	extent.fe_physical = phys;
	extent.fe_length = len;
	extent.fe_flags = flags;
	if (copy_to_user(fi->fi_extents_start + fi->fi_extents_mapped, &extent, sizeof(extent)))
		return -EFAULT;
	fi->fi_extents_mapped++;
	if (fi->fi_extents_mapped == fi->fi_extents_max)
		return 1;
	return (flags & FIEMAP_EXTENT_LAST) ? 1 : 0;
}

long ioctl_fiemap(struct file *file, struct fiemap *ufiemap)
{
	struct inode *inode = file_inode(file);
	struct fiemap_extent_info fi;
	struct fiemap fm;
	int err;

	if (copy_from_user(&fm, ufiemap, sizeof(fm)))
		return -EFAULT;
	if (!inode->i_op->fiemap)
		return -EOPNOTSUPP;
	if (fm.fm_extent_count > FIEMAP_MAX_EXTENTS)
		return -EINVAL;
	fi.fi_flags = fm.fm_flags;
	fi.fi_extents_mapped = 0;
	fi.fi_extents_max = fm.fm_extent_count;
	fi.fi_extents_start = (struct fiemap_extent *)(ufiemap + 1);
	err = call_fiemap(inode, &fi, fm.fm_start, fm.fm_length);
	fm.fm_flags = fi.fi_flags;
	fm.fm_mapped_extents = fi.fi_extents_mapped;
	if (copy_to_user(ufiemap, &fm, sizeof(fm)))
		err = -EFAULT;
	return err;
}
