/*
 * Helpers of the ext2 ktests (test_inode.c, test_file.c, test_dir.c,
 * test_xattr.c): mounting vdd/vde (tools/mkdisks: the images and their
 * exact contents), reading and writing files by path from a kernel
 * thread, pattern(i), raw blocks of an unmounted device.
 * Each test mounts on a directory of its own and unmounts at the end;
 * files it writes are its own, made under a directory of its own, so that
 * the tree other tests check stays as mkdisks made it.
 */
#ifndef FS_EXT2_TEST_UTIL_H
#define FS_EXT2_TEST_UTIL_H

#include "fs/ext2/ext2.h"
#include "fs/ext2/test_ext2.h"
#include "fs/vfs/file.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/slab.h"

#ifndef ESTALE
#define ESTALE 116
#endif
#ifndef EEXIST
#define EEXIST 17
#endif

/* A test disk: the device, where the test mounts it, its block size. */
struct ext2t_disk {
	const char *dev, *dir;
	unsigned bs;
};

/* buf = "<d's mount point>/name" (buf holds at least 96 bytes). */
static inline char *ext2t_path_in(char *buf, const struct ext2t_disk *d, const char *name)
{
	size_t n = strlen(d->dir);

	memcpy(buf, d->dir, n);
	buf[n] = '/';
	memcpy(buf + n + 1, name, strlen(name) + 1);
	return buf;
}

/* filp_open of name on d's mount (mode 0644 if it creates). */
static inline struct file *ext2t_open_in(const struct ext2t_disk *d, const char *name, int flags)
{
	char path[96];

	return filp_open(ext2t_path_in(path, d, name), flags, 0644);
}

/* test_ext2.h (test_super.c) gives ext2t_dev_rw (raw bytes of a device
 * through its page cache) and ext2t_copy_vdd_to_vda; its ext2t_mount and
 * ext2t_umount also make and remove the directory, where these tests keep
 * theirs across remounts (ext2t_mount_keepdir below). */

/* mkdisks' pattern(i): byte i of the files "pattern" and "sparse". */
static inline u8 ext2t_pattern(u64 i)
{
	return (u8)((i * 31 + (i >> 10)) & 0xff);
}

/* Mount dev (ext2) on dir, making dir first if needed; the directory
 * stays after the unmount. 0 or -errno. */
static inline int ext2t_mount_keepdir(const char *dev, const char *dir)
{
	int err = do_mkdirat(AT_FDCWD, dir, 0755);

	if (err && err != -EEXIST)
		return err;
	return do_mount(dev, dir, "ext2", 0, NULL);
}

static inline int ext2t_umount_keepdir(const char *dir)
{
	return do_umount_path(dir, 0);
}

/* Unmount and mount again: the page cache and inodes come from the disk. */
static inline int ext2t_remount(const char *dev, const char *dir)
{
	int err = ext2t_umount_keepdir(dir);

	return err ? err : do_mount(dev, dir, "ext2", 0, NULL);
}

/* pread/pwrite from kernel buffers. */
static inline ssize_t ext2t_pread(struct file *f, void *buf, size_t len, loff_t pos)
{
	return vfs_read(f, buf, len, &pos);
}

static inline ssize_t ext2t_pwrite(struct file *f, const void *buf, size_t len, loff_t pos)
{
	return vfs_write(f, buf, len, &pos);
}

/* The file at path, size bytes compared with pattern(i) from `base`
 * (i = base + offset in the file); the first offset that differs, or -1. */
static inline loff_t ext2t_check_pattern(struct file *f, loff_t pos, size_t len, u64 base,
					 char *buf, size_t bufsize)
{
	while (len) {
		size_t n = MIN(len, bufsize);
		ssize_t got = ext2t_pread(f, buf, n, pos);

		if (got != (ssize_t)n)
			return pos;
		for (size_t i = 0; i < n; i++)
			if ((u8)buf[i] != ext2t_pattern(base + (u64)pos + i))
				return pos + (loff_t)i;
		pos += (loff_t)n;
		len -= n;
	}
	return -1;
}

/* All of [pos, pos + len) reads as zeros? */
static inline bool ext2t_zeros(struct file *f, loff_t pos, size_t len, char *buf, size_t bufsize)
{
	while (len) {
		size_t n = MIN(len, bufsize);

		if (ext2t_pread(f, buf, n, pos) != (ssize_t)n)
			return false;
		for (size_t i = 0; i < n; i++)
			if (buf[i])
				return false;
		pos += (loff_t)n;
		len -= n;
	}
	return true;
}

#endif
