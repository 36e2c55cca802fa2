/*
 * Helpers the ext2 ktests share (defined in fs/ext2/test_super.c):
 * mounting the test images (tools/mkdisks: vdd 1 KiB blocks, vde 4 KiB)
 * on a fresh directory, reading and patching a device's blocks beneath
 * any filesystem, and making /dev/vda (32 MiB scratch) a byte-exact copy
 * of vdd to corrupt.
 */
#ifndef FS_EXT2_TEST_EXT2_H
#define FS_EXT2_TEST_EXT2_H

#include "fs/ext2/ext2.h"
#include "kernel/ktest/ktest.h"

/* mkdir dir, then mount dev there as ext2 with flags and options. */
int ext2t_mount(const char *dev, const char *dir, unsigned long flags, const char *opts);
/* Unmount dir and remove it. 0 or -errno of the unmount. */
int ext2t_umount(const char *dir);
/* The superblock mounted at dir (pinned by the mount), or NULL. */
struct super_block *ext2t_sb(const char *dir);

/* Mount dev on dir (flags, opts), run body on its superblock, unmount
 * (also after a failed assertion in body) and check the unmount. */
void ext2t_run(struct ktest_ctx *kt, const char *dev, const char *dir, unsigned long flags,
	       const char *opts,
	       void (*body)(struct ktest_ctx *kt, struct super_block *sb, const char *dir));

/* A copy of the primary superblock of the (unmounted) device at path. */
int ext2t_read_super(const char *path, struct ext2_super_block *out);
/* Read or write len bytes at byte offset off of the device, through its
 * page cache (the one a mount reads: no flush, no cache to drop). */
int ext2t_dev_rw(const char *path, u64 off, void *buf, size_t len, bool write);
/* /dev/vda := the first 16 MiB of /dev/vdd. */
int ext2t_copy_vdd_to_vda(void);

#endif
