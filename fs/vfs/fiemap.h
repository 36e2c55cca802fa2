/*
 * FS_IOC_FIEMAP: where a file's data lies on its device, extent by extent.
 * ioctl(fd, FS_IOC_FIEMAP, struct fiemap *) with Linux's layout; the VFS
 * (fs/vfs/fiemap.c) copies the request in and calls ->fiemap holding no
 * lock — the seed's rule table says i_rwsem "no", and the checker counts
 * a held i_rwsem as a violation — so ->fiemap takes i_rwsem (shared is
 * enough) itself, as Linux's ext2_fiemap does. The filesystem reports each
 * extent with fiemap_fill_next_extent, which copies it straight to the
 * user's array; the VFS copies the header (flags, count) back.
 *
 * Layer above: the ioctl syscall. Below: the filesystem's ->fiemap.
 */
#ifndef FS_VFS_FIEMAP_H
#define FS_VFS_FIEMAP_H

#include "fs/vfs/fs.h"

#define FS_IOC_FIEMAP		0xC020660B	/* _IOWR('f', 11, struct fiemap) */
#define FIBMAP			0x00000001	/* _IO(0, 1): int block in, device block out */
#define FIGETBSZ		0x00000002	/* _IO(0, 2): the filesystem's block size */
#define FIFREEZE		0xC0045877	/* _IOWR('X', 119, int) */
#define FITHAW			0xC0045878	/* _IOWR('X', 120, int) */

#ifndef EBADR
#define EBADR			53	/* fiemap: unsupported flags (reported in fm_flags) */
#endif

struct fiemap_extent {			/* user ABI */
	u64 fe_logical;			/* byte offset in the file */
	u64 fe_physical;		/* byte offset on the device */
	u64 fe_length;
	u64 fe_reserved64[2];
	u32 fe_flags;			/* FIEMAP_EXTENT_* */
	u32 fe_reserved[3];
};

struct fiemap {				/* user ABI, followed by fm_extent_count extents */
	u64 fm_start;
	u64 fm_length;
	u32 fm_flags;			/* FIEMAP_FLAG_* in, and out */
	u32 fm_mapped_extents;		/* out */
	u32 fm_extent_count;		/* room in the array; 0 = just count */
	u32 fm_reserved;
};

#define FIEMAP_FLAG_SYNC	0x00000001	/* write the file back first */
#define FIEMAP_FLAG_XATTR	0x00000002	/* map the xattr block instead */
#define FIEMAP_FLAGS_COMPAT	(FIEMAP_FLAG_SYNC | FIEMAP_FLAG_XATTR)

#define FIEMAP_EXTENT_LAST		0x00000001	/* the file's last extent */
#define FIEMAP_EXTENT_UNKNOWN		0x00000002
#define FIEMAP_EXTENT_DELALLOC		0x00000004
#define FIEMAP_EXTENT_ENCODED		0x00000008
#define FIEMAP_EXTENT_NOT_ALIGNED	0x00000100
#define FIEMAP_EXTENT_DATA_INLINE	0x00000200
#define FIEMAP_EXTENT_UNWRITTEN		0x00000800
#define FIEMAP_EXTENT_MERGED		0x00001000

/* What ->fiemap gets: the request's flags and where the extents go. */
struct fiemap_extent_info {
	unsigned fi_flags;		/* FIEMAP_FLAG_* */
	unsigned fi_extents_mapped;	/* reported so far */
	unsigned fi_extents_max;	/* room in fi_extents_start (0: count only) */
	struct fiemap_extent *fi_extents_start;	/* user pointer */
};

/*
 * For ->fiemap, first: check the flags it supports (-EBADR and the
 * unsupported ones reported back otherwise), clip *len to s_maxbytes,
 * write the file back for FIEMAP_FLAG_SYNC. 0 or -errno.
 */
int fiemap_prep(struct inode *inode, struct fiemap_extent_info *fi, u64 start, u64 *len,
		u32 supported_flags);
/*
 * Report one extent. Returns 0 to go on, 1 when the array is full (or the
 * extent was the last), -EFAULT if the user's array is not writable.
 * Adjacent extents are not merged here: the filesystem reports whole runs.
 */
int fiemap_fill_next_extent(struct fiemap_extent_info *fi, u64 logical, u64 phys, u64 len,
			    u32 flags);

/* FS_IOC_FIEMAP on file: ufiemap is the user's struct fiemap. */
long ioctl_fiemap(struct file *file, struct fiemap *ufiemap);

#endif
