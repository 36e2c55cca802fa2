/*
 * ext2's superblock: mounting (every field of the on-disk superblock and
 * of the group descriptors checked before it is used), the errors= and
 * read-only policy, error reporting, statfs, sync, remount, freeze and
 * unmount. The "ext2" file_system_type mounts a block device through
 * mount_bdev().
 *
 * On disk, a read-write mount clears EXT2_VALID_FS and a clean unmount (or
 * a freeze) sets it back, so e2fsck can tell a crash from a clean stop;
 * EXT2_ERROR_FS records that a corruption was seen.
 *
 * Layer above: the VFS (super_operations, through the checked wrappers).
 * Below: buffer heads on the device's page cache; balloc.c, ialloc.c,
 * orphan.c and inode.c of ext2.
 * Locks: sbi->s_lock (leaf spinlock) for the counters and s_mount_state;
 * s_umount (VFS) around mount, remount, freeze and unmount.
 */
#include "fs/ext2/ext2.h"
#include "drivers/block/blkdev.h"
#include "fs/block_dev.h"
#include "fs/seq_file.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/super.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sync/lockdep.h"
#include "kernel/time.h"
#include "kernel/time/clock.h"
#include "mm/slab.h"

#include <stdarg.h>

static struct kmem_cache *ext2_inode_cachep;	/* const after ext2_init() */
static struct lock_class_key ext2_group_lock_key;

static u32 now_seconds(void)
{
	return (u32)(ktime_get_real_ns() / NSEC_PER_SEC);
}

static bool sb_is_rdonly(struct super_block *sb)
{
	return READ_ONCE(sb->s_flags) & SB_RDONLY;
}

/* ------------------------------------------------------------ messages */

void ext2_msg(struct super_block *sb, const char *fmt, ...)
{
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("EXT2-fs (%s): %s\n", sb->s_id, buf);
}

void ext2_sync_super(struct super_block *sb, bool wait)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;

	might_sleep();
	spin_lock(&sbi->s_lock);
	es->s_free_blocks_count = (u32)sbi->s_free_blocks;
	es->s_free_inodes_count = (u32)sbi->s_free_inodes;
	if (sbi->s_mount_state & EXT2_ERROR_FS)
		es->s_state |= EXT2_ERROR_FS;
	es->s_wtime = now_seconds();
	spin_unlock(&sbi->s_lock);
	mark_buffer_dirty(sbi->s_sbh);
	if (wait && sync_dirty_buffer(sbi->s_sbh))
		ext2_msg(sb, "I/O error writing the superblock");
}

void ext2_error_at(struct super_block *sb, const char *func, u64 ino, u64 block,
		   const char *fmt, ...)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	char buf[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	pr_err("EXT2-fs error (device %s): %s: inode %lu block %lu: %s\n", sb->s_id, func,
	       (unsigned long)ino, (unsigned long)block, buf);
	if (!sbi || !sbi->s_es)
		return;
	/* A failing mount (no root yet) leaves the disk as it was. */
	if (!sb_is_rdonly(sb) && sb->s_root) {
		spin_lock(&sbi->s_lock);
		sbi->s_mount_state |= EXT2_ERROR_FS;
		sbi->s_es->s_state |= EXT2_ERROR_FS;
		spin_unlock(&sbi->s_lock);
		ext2_sync_super(sb, true);
	}
	if (sbi->s_mount_opt & EXT2_MOUNT_ERRORS_PANIC)
		panic("EXT2-fs: %s: panic forced after error (errors=panic)", sb->s_id);
	if ((sbi->s_mount_opt & EXT2_MOUNT_ERRORS_RO) && !sb_is_rdonly(sb)) {
		ext2_msg(sb, "error: remounting filesystem read-only");
		__atomic_fetch_or(&sb->s_flags, SB_RDONLY, __ATOMIC_SEQ_CST);
	}
}

/* ------------------------------------------------------------- options */

static const char *const errors_names[] = { "continue", "remount-ro", "panic" };

static unsigned errors_opt(u16 s_errors)
{
	if (s_errors == EXT2_ERRORS_PANIC)
		return EXT2_MOUNT_ERRORS_PANIC;
	if (s_errors == EXT2_ERRORS_RO)
		return EXT2_MOUNT_ERRORS_RO;
	return EXT2_MOUNT_ERRORS_CONT;
}

/* One option of length len into *opt. -EINVAL (logged) if unknown. */
static int parse_one(struct super_block *sb, const char *s, size_t len, unsigned *opt)
{
	static const unsigned bits[] = { EXT2_MOUNT_ERRORS_CONT, EXT2_MOUNT_ERRORS_RO,
					 EXT2_MOUNT_ERRORS_PANIC };
	char shown[40];

	if (len > 7 && strncmp(s, "errors=", 7) == 0) {
		for (unsigned i = 0; i < ARRAY_SIZE(errors_names); i++) {
			if (len - 7 == strlen(errors_names[i]) &&
			    strncmp(s + 7, errors_names[i], len - 7) == 0) {
				*opt = (*opt & ~EXT2_MOUNT_ERRORS_MASK) | bits[i];
				return 0;
			}
		}
	}
	strlcpy(shown, s, len + 1 < sizeof(shown) ? len + 1 : sizeof(shown));
	ext2_msg(sb, "unrecognized mount option \"%s\" or missing value", shown);
	return -EINVAL;
}

/* Comma-separated options (data may be NULL; not modified). */
static int parse_options(struct super_block *sb, const char *data, unsigned *opt)
{
	while (data && *data) {
		const char *comma = strchr(data, ',');
		size_t len = comma ? (size_t)(comma - data) : strlen(data);
		int err = len ? parse_one(sb, data, len, opt) : 0;

		if (err)
			return err;
		data = comma ? comma + 1 : NULL;
	}
	return 0;
}

/* ------------------------------------------------------ super operations */

/* ->alloc_inode: no lock. The VFS initialises vfs_inode afterwards. */
static struct inode *ext2_alloc_inode(struct super_block *sb)
{
	struct ext2_inode_info *ei = kmem_cache_zalloc(ext2_inode_cachep, GFP_KERNEL);

	if (!ei)
		return NULL;
	mutex_init(&ei->truncate_mutex);
	init_rwsem(&ei->xattr_sem);
	INIT_LIST_HEAD(&ei->i_orphan);
	return &ei->vfs_inode;
}

/* ->destroy_inode: after ->evict_inode. An inode still on the orphan list
 * here would leave a dangling link: take it off (and say so). A slow
 * symlink's target, cached by symlink.c in i_private, goes with it. */
static void ext2_destroy_inode(struct inode *inode)
{
	if (S_ISLNK(inode->i_mode))
		kfree(inode->i_private);
	if (READ_ONCE(EXT2_I(inode)->i_on_orphan_list)) {
		ext2_msg(inode->i_sb, "inode %lu destroyed while on the orphan list",
			 (unsigned long)inode->i_ino);
		ext2_orphan_del(inode);
	}
}

/* ->free_inode: an RCU callback; does not sleep. */
static void ext2_free_inode_mem(struct inode *inode)
{
	kmem_cache_free(ext2_inode_cachep, EXT2_I(inode));
}

/* Blocks Linux's ext2 counts as overhead in statfs: the first data block,
 * the superblock copies and descriptor tables (without the reserved GDT
 * blocks, as Linux counts them), and each group's bitmaps and table. */
static u64 statfs_overhead(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 overhead = sbi->s_first_data_block;

	for (unsigned long g = 0; g < sbi->s_groups_count; g++)
		if (ext2_bg_has_super(sb, g))
			overhead += 1 + sbi->s_gdb_count;
	return overhead + sbi->s_groups_count * (2 + sbi->s_itb_per_group);
}

/* ->statfs: maybe s_umount (read); takes s_lock. */
static int ext2_statfs(struct dentry *dentry, struct kstatfs *buf)
{
	struct super_block *sb = dentry->d_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 reserved = sbi->s_es->s_r_blocks_count, overhead;

	buf->f_type = EXT2_SUPER_MAGIC;
	buf->f_bsize = (long)sb->s_blocksize;
	buf->f_frsize = (long)sb->s_blocksize;
	overhead = statfs_overhead(sb);
	buf->f_blocks = sbi->s_blocks_count > overhead ? sbi->s_blocks_count - overhead : 0;
	spin_lock(&sbi->s_lock);
	buf->f_bfree = sbi->s_free_blocks;
	buf->f_ffree = sbi->s_free_inodes;
	spin_unlock(&sbi->s_lock);
	buf->f_bavail = buf->f_bfree > reserved ? buf->f_bfree - reserved : 0;
	buf->f_files = sbi->s_inodes_count;
	buf->f_namelen = EXT2_NAME_LEN;
	return 0;
}

/* Write the superblock (counts, state) and every dirty metadata block,
 * then flush the device. May sleep. */
static int write_all(struct super_block *sb)
{
	int err, err2;

	ext2_sync_super(sb, true);
	err = sync_blockdev(sb->s_bdev);
	err2 = blkdev_issue_flush(sb->s_bdev);
	return err ? err : err2;
}

/* ->sync_fs: s_umount (read for sync, write at umount and freeze). The
 * inodes were written before; this writes the superblock and the
 * metadata blocks and, if wait, flushes the device. */
static int ext2_sync_fs(struct super_block *sb, int wait)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	lockdep_assert_held(&sb->s_umount);
	might_sleep();
	if (!sbi || sb_is_rdonly(sb))
		return 0;
	spin_lock(&sbi->s_lock);
	sbi->s_es->s_state &= (u16)~EXT2_VALID_FS;
	spin_unlock(&sbi->s_lock);
	if (!wait) {
		ext2_sync_super(sb, false);
		return 0;
	}
	return write_all(sb);
}

/* ->freeze_fs: s_umount (write); writers are stopped. Everything goes to
 * the disk and the superblock says clean while frozen. */
static int ext2_freeze_fs(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	lockdep_assert_held_write(&sb->s_umount);
	if (sb_is_rdonly(sb))
		return 0;
	spin_lock(&sbi->s_lock);
	sbi->s_es->s_state = sbi->s_mount_state;
	spin_unlock(&sbi->s_lock);
	return write_all(sb);
}

/* ->unfreeze_fs: s_umount (write): in use again, so not clean. */
static int ext2_unfreeze_fs(struct super_block *sb)
{
	lockdep_assert_held_write(&sb->s_umount);
	return ext2_sync_fs(sb, 1);
}

/* The state changes of a read-write mount: not clean, one more mount,
 * mounted now; written at once. Warns about an unchecked or erroneous
 * filesystem as Linux does. */
static void setup_rw(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;

	if (!(sbi->s_mount_state & EXT2_VALID_FS))
		ext2_msg(sb, "warning: mounting unchecked fs, running e2fsck is recommended");
	else if (sbi->s_mount_state & EXT2_ERROR_FS)
		ext2_msg(sb, "warning: mounting fs with errors, running e2fsck is recommended");
	spin_lock(&sbi->s_lock);
	es->s_state &= (u16)~EXT2_VALID_FS;
	es->s_mnt_count++;
	es->s_mtime = now_seconds();
	spin_unlock(&sbi->s_lock);
	ext2_sync_super(sb, true);
}

/* ->remount_fs: s_umount (write). errors= may change; ro <-> rw makes
 * the same on-disk state changes as unmount and mount. Read-write is
 * refused (-EROFS) when the disk has read-only features this code does
 * not know. The VFS applies SB_RDONLY from *flags after success. */
static int ext2_remount_fs(struct super_block *sb, int *flags, char *data)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;
	unsigned opt = sbi->s_mount_opt;
	bool want_ro = *flags & SB_RDONLY;
	int err;

	lockdep_assert_held_write(&sb->s_umount);
	err = parse_options(sb, data, &opt);
	if (err)
		return err;
	if (want_ro == sb_is_rdonly(sb)) {
		sbi->s_mount_opt = opt;
		return 0;
	}
	if (want_ro) {
		sbi->s_mount_opt = opt;
		spin_lock(&sbi->s_lock);
		es->s_state = sbi->s_mount_state;
		es->s_mtime = now_seconds();
		spin_unlock(&sbi->s_lock);
		return write_all(sb);
	}
	if (sbi->s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP) {
		ext2_msg(sb, "cannot remount read-write: unsupported read-only features 0x%x",
			 sbi->s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP);
		return -EROFS;
	}
	/* A read-only mount left descriptors that disagree with their
	 * bitmaps as they were: correct them now. */
	err = ext2_check_descriptors(sb, true);
	if (err)
		return err;
	sbi->s_mount_opt = opt;
	spin_lock(&sbi->s_lock);
	sbi->s_mount_state = es->s_state;
	spin_unlock(&sbi->s_lock);
	setup_rw(sb);
	return 0;
}

/* ->show_options: namespace_sem; s_mount_opt is one word. */
static int ext2_show_options(struct seq_file *m, struct dentry *root)
{
	unsigned opt = READ_ONCE(EXT2_SB(root->d_sb)->s_mount_opt);
	const char *name = opt & EXT2_MOUNT_ERRORS_PANIC ? "panic" :
			   opt & EXT2_MOUNT_ERRORS_RO ? "remount-ro" : "continue";

	seq_printf(m, ",errors=%s", name);
	return 0;
}

/* Release what fill_super set up (the superblock and descriptor buffers,
 * the arrays, sbi). */
static void free_sbi(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	if (!sbi)
		return;
	for (unsigned long i = 0; sbi->s_group_desc && i < sbi->s_gdb_count; i++)
		brelse(sbi->s_group_desc[i]);
	kfree(sbi->s_group_desc);
	kfree(sbi->s_group_lock);
	brelse(sbi->s_sbh);
	sb->s_fs_info = NULL;
	kfree(sbi);
}

/* ->put_super: s_umount (write), every inode evicted. The superblock
 * gets back the state it was mounted with (valid unless an error was
 * seen since). */
static void ext2_put_super(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	lockdep_assert_held_write(&sb->s_umount);
	if (!sbi)
		return;
	if (!list_empty(&sbi->s_orphan))
		ext2_msg(sb, "unmounted with inodes still on the orphan list");
	if (!sb_is_rdonly(sb)) {
		spin_lock(&sbi->s_lock);
		sbi->s_es->s_state = sbi->s_mount_state;
		spin_unlock(&sbi->s_lock);
		ext2_sync_super(sb, true);
	}
	free_sbi(sb);
}

static const struct super_operations ext2_sops = {
	.alloc_inode = ext2_alloc_inode,
	.destroy_inode = ext2_destroy_inode,
	.free_inode = ext2_free_inode_mem,
	.write_inode = ext2_write_inode,
	.evict_inode = ext2_evict_inode,
	.drop_inode = generic_drop_inode,
	.put_super = ext2_put_super,
	.sync_fs = ext2_sync_fs,
	.freeze_fs = ext2_freeze_fs,
	.unfreeze_fs = ext2_unfreeze_fs,
	.statfs = ext2_statfs,
	.remount_fs = ext2_remount_fs,
	.show_options = ext2_show_options,
};

/* ------------------------------------------------------------ mounting */

/* The largest file the block map can address such that its sectors,
 * indirect blocks included, fit i_blocks (32 bits): Linux's
 * ext2_max_size(). */
static loff_t ext2_max_size(unsigned bits)
{
	u64 ppb = 1ull << (bits - 2), upper = 0xffffffffull >> (bits - 9);
	u64 res = EXT2_NDIR_BLOCKS + ppb + ppb * ppb + ppb * ppb * ppb;
	u64 meta = 1 + (1 + ppb) + (1 + ppb + ppb * ppb);

	if (res + meta > upper) {
		res = upper;
		upper -= EXT2_NDIR_BLOCKS + ppb;
		meta = 1;
		if (upper < ppb * ppb) {
			meta += 1 + DIV_ROUND_UP(upper, ppb);
		} else {
			meta += 1 + ppb;
			upper -= ppb * ppb;
			meta += 1 + DIV_ROUND_UP(upper, ppb) + DIV_ROUND_UP(upper, ppb * ppb);
		}
		res -= meta;
	}
	res <<= bits;
	return res > (~0ULL >> 1) ? (loff_t)(~0ULL >> 1) : (loff_t)res;
}

/*
 * Read the superblock with block size `size` into sbi (s_sbh, s_es).
 * -EIO if unreadable, -EINVAL if the magic is wrong (logged unless
 * silent).
 */
static int read_super_block(struct super_block *sb, unsigned size, int silent)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long block = EXT2_SUPERBLOCK_OFFSET / size, offset = EXT2_SUPERBLOCK_OFFSET % size;
	struct buffer_head *bh;

	brelse(sbi->s_sbh);		/* the cache cannot change size under it */
	sbi->s_sbh = NULL;
	sbi->s_es = NULL;
	if (sb_set_blocksize(sb, size) != (int)size) {
		ext2_msg(sb, "error: block size %u not supported by the device", size);
		return -EINVAL;
	}
	bh = sb_bread(sb, block);
	if (!bh) {
		ext2_msg(sb, "error: unable to read superblock");
		return -EIO;
	}
	sbi->s_sbh = bh;
	sbi->s_es = (struct ext2_super_block *)(bh->b_data + offset);
	if (sbi->s_es->s_magic != EXT2_SUPER_MAGIC) {
		if (!silent)
			ext2_msg(sb, "error: can't find an ext2 filesystem on dev %s (magic 0x%x)",
				 sb->s_id, sbi->s_es->s_magic);
		return -EINVAL;
	}
	return 0;
}

/* Revision and features: refuse incompatible ones this code lacks, go
 * read-only for unknown read-only ones. */
static int check_features(struct super_block *sb, struct ext2_super_block *es)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 incompat, ro_compat;

	if (es->s_rev_level > EXT2_DYNAMIC_REV) {
		ext2_msg(sb, "cannot mount: revision level %u too high", es->s_rev_level);
		return -EINVAL;
	}
	if (es->s_rev_level == EXT2_GOOD_OLD_REV) {
		sbi->s_feature_compat = sbi->s_feature_incompat = sbi->s_feature_ro_compat = 0;
		return 0;
	}
	sbi->s_feature_compat = es->s_feature_compat;
	sbi->s_feature_incompat = es->s_feature_incompat;
	sbi->s_feature_ro_compat = es->s_feature_ro_compat;
	incompat = es->s_feature_incompat & ~EXT2_FEATURE_INCOMPAT_SUPP;
	if (incompat) {
		ext2_msg(sb, "cannot mount: unsupported incompatible features 0x%x", incompat);
		return -EINVAL;
	}
	ro_compat = es->s_feature_ro_compat & ~EXT2_FEATURE_RO_COMPAT_SUPP;
	if (ro_compat && !sb_is_rdonly(sb)) {
		ext2_msg(sb, "mounting read-only: unsupported read-only features 0x%x", ro_compat);
		sb->s_flags |= SB_RDONLY;
	}
	return 0;
}

/* Sizes: block size (log 0..2), inode size, group sizes, first inode. */
static int check_sizes(struct super_block *sb, struct ext2_super_block *es)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	unsigned long bs = 1024UL << es->s_log_block_size, bits_per_block = 8 * bs;
	unsigned inodes_per_block;

	if (es->s_rev_level == EXT2_GOOD_OLD_REV) {
		sbi->s_inode_size = EXT2_GOOD_OLD_INODE_SIZE;
		sbi->s_first_ino = EXT2_GOOD_OLD_FIRST_INO;
	} else {
		sbi->s_inode_size = es->s_inode_size;
		sbi->s_first_ino = es->s_first_ino;
	}
	if (sbi->s_inode_size < EXT2_GOOD_OLD_INODE_SIZE || sbi->s_inode_size > bs ||
	    (sbi->s_inode_size & (sbi->s_inode_size - 1))) {
		ext2_msg(sb, "cannot mount: bad inode size %u", sbi->s_inode_size);
		return -EINVAL;
	}
	if (es->s_log_frag_size != es->s_log_block_size) {
		ext2_msg(sb, "cannot mount: fragment size differs from the block size");
		return -EINVAL;
	}
	inodes_per_block = (unsigned)(bs / sbi->s_inode_size);
	if (!es->s_blocks_per_group || es->s_blocks_per_group > bits_per_block ||
	    es->s_frags_per_group != es->s_blocks_per_group) {
		ext2_msg(sb, "cannot mount: bad blocks per group %u", es->s_blocks_per_group);
		return -EINVAL;
	}
	if (!es->s_inodes_per_group || es->s_inodes_per_group > bits_per_block ||
	    es->s_inodes_per_group % inodes_per_block) {
		ext2_msg(sb, "cannot mount: bad inodes per group %u", es->s_inodes_per_group);
		return -EINVAL;
	}
	sbi->s_blocks_per_group = es->s_blocks_per_group;
	sbi->s_inodes_per_group = es->s_inodes_per_group;
	sbi->s_itb_per_group = es->s_inodes_per_group / inodes_per_block;
	sbi->s_desc_per_block = bs / sizeof(struct ext2_group_desc);
	sbi->s_addr_per_block_bits = 8 + es->s_log_block_size;	/* log2(bs / 4) */
	return 0;
}

/* Counts against the device and each other: first data block, blocks
 * and inodes count, groups, reserved blocks, the descriptor table. */
static int check_layout(struct super_block *sb, struct ext2_super_block *es)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 dev_blocks = bdev_nr_sectors(sb->s_bdev) >> (sb->s_blocksize_bits - 9);
	u32 want_first = sb->s_blocksize == 1024 ? 1 : 0;
	u64 groups, reserved_gdt = 0;

	if (es->s_first_data_block != want_first) {
		ext2_msg(sb, "cannot mount: first data block %u, expected %u",
			 es->s_first_data_block, want_first);
		return -EINVAL;
	}
	if (es->s_blocks_count <= es->s_first_data_block + 1 || es->s_blocks_count > dev_blocks) {
		ext2_msg(sb, "cannot mount: blocks count %u, device has %lu blocks",
			 es->s_blocks_count, (unsigned long)dev_blocks);
		return -EINVAL;
	}
	if (es->s_r_blocks_count > es->s_blocks_count) {
		ext2_msg(sb, "cannot mount: reserved blocks count %u too large", es->s_r_blocks_count);
		return -EINVAL;
	}
	groups = (es->s_blocks_count - es->s_first_data_block - 1) / sbi->s_blocks_per_group + 1;
	if (groups * sbi->s_inodes_per_group != es->s_inodes_count) {
		ext2_msg(sb, "cannot mount: inodes count %u, expected %lu (%lu groups)",
			 es->s_inodes_count, (unsigned long)(groups * sbi->s_inodes_per_group),
			 (unsigned long)groups);
		return -EINVAL;
	}
	if (sbi->s_first_ino < EXT2_GOOD_OLD_FIRST_INO || sbi->s_first_ino > es->s_inodes_count) {
		ext2_msg(sb, "cannot mount: bad first inode %u", sbi->s_first_ino);
		return -EINVAL;
	}
	sbi->s_groups_count = (unsigned long)groups;
	sbi->s_gdb_count = DIV_ROUND_UP(sbi->s_groups_count, sbi->s_desc_per_block);
	if (es->s_feature_compat & EXT2_FEATURE_COMPAT_RESIZE_INODE &&
	    es->s_rev_level != EXT2_GOOD_OLD_REV)
		reserved_gdt = es->s_reserved_gdt_blocks;
	if (reserved_gdt > sb->s_blocksize / 4 ||
	    1 + 1 + sbi->s_gdb_count + reserved_gdt > sbi->s_blocks_per_group ||
	    es->s_first_data_block + 1 + sbi->s_gdb_count + reserved_gdt > es->s_blocks_count) {
		ext2_msg(sb, "cannot mount: descriptor table (%lu + %lu blocks) does not fit",
			 sbi->s_gdb_count, (unsigned long)reserved_gdt);
		return -EINVAL;
	}
	sbi->s_first_data_block = es->s_first_data_block;
	sbi->s_blocks_count = es->s_blocks_count;
	sbi->s_inodes_count = es->s_inodes_count;
	return 0;
}

/* Read the descriptor table (it follows the primary superblock's block)
 * and make the group locks. */
static int read_descriptors(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	sbi->s_group_desc = kzalloc(sbi->s_gdb_count * sizeof(*sbi->s_group_desc), GFP_KERNEL);
	sbi->s_group_lock = kzalloc(sbi->s_groups_count * sizeof(*sbi->s_group_lock), GFP_KERNEL);
	if (!sbi->s_group_desc || !sbi->s_group_lock)
		return -ENOMEM;
	for (unsigned long g = 0; g < sbi->s_groups_count; g++)
		__mutex_init(&sbi->s_group_lock[g], "&sbi->s_group_lock[g]", &ext2_group_lock_key,
			     __FILE__, __LINE__);
	for (unsigned long i = 0; i < sbi->s_gdb_count; i++) {
		sbi->s_group_desc[i] = sb_bread(sb, sbi->s_first_data_block + 1 + i);
		if (!sbi->s_group_desc[i]) {
			ext2_msg(sb, "error: unable to read group descriptors");
			return -EIO;
		}
	}
	return 0;
}

/* The superblock and descriptors: read, checked, into sbi. */
static int load_super(struct super_block *sb, void *data, int silent)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es;
	unsigned size;
	int err;

	err = read_super_block(sb, 1024, silent);
	if (err)
		return err;
	es = sbi->s_es;
	if (es->s_log_block_size > EXT2_MAX_BLOCK_LOG_SIZE - EXT2_MIN_BLOCK_LOG_SIZE) {
		ext2_msg(sb, "cannot mount: bad block size (log %u)", es->s_log_block_size);
		return -EINVAL;
	}
	size = 1024u << es->s_log_block_size;
	if (size != 1024) {
		err = read_super_block(sb, size, silent);
		if (err)
			return err;
		es = sbi->s_es;
		if (1024u << es->s_log_block_size != size) {
			ext2_msg(sb, "cannot mount: block size changed on the second read");
			return -EINVAL;
		}
	}
	sbi->s_mount_opt = errors_opt(es->s_errors);
	err = parse_options(sb, data, &sbi->s_mount_opt);
	if (!err)
		err = check_features(sb, es);
	if (!err)
		err = check_sizes(sb, es);
	if (!err)
		err = check_layout(sb, es);
	if (!err)
		err = read_descriptors(sb);
	if (!err)
		err = ext2_check_descriptors(sb, !sb_is_rdonly(sb));
	return err;
}

/* The counts the descriptors add up to against the superblock's: the
 * descriptors win (as in Linux); a difference is logged. */
static void compare_counts(struct super_block *sb)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_super_block *es = sbi->s_es;

	if (sbi->s_free_blocks != es->s_free_blocks_count ||
	    sbi->s_free_inodes != es->s_free_inodes_count)
		ext2_msg(sb, "superblock free counts %u blocks %u inodes, groups say %lu and %lu; using the groups'",
			 es->s_free_blocks_count, es->s_free_inodes_count,
			 (unsigned long)sbi->s_free_blocks, (unsigned long)sbi->s_free_inodes);
}

/* The root directory, checked; the dentry in sb->s_root. */
static int make_root(struct super_block *sb)
{
	struct inode *root = ext2_iget(sb, EXT2_ROOT_INO);

	if (IS_ERR(root)) {
		ext2_msg(sb, "error: cannot read the root inode (%ld)", PTR_ERR(root));
		return (int)PTR_ERR(root);
	}
	if (!S_ISDIR(root->i_mode) || !root->i_blocks || !root->i_size) {
		ext2_msg(sb, "error: corrupt root inode, run e2fsck");
		iput(root);
		return -EFSCORRUPTED;
	}
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

/*
 * fill_super for mount_bdev(): s_umount (write), the superblock not yet
 * visible. 0, or -EINVAL (not ext2, bad field, unsupported feature,
 * bad option), -EIO, -ENOMEM, -EFSCORRUPTED; on failure nothing is left
 * behind (s_fs_info is NULL).
 */
static int ext2_fill_super(struct super_block *sb, void *data, int silent)
{
	struct ext2_sb_info *sbi;
	int err;

	lockdep_assert_held_write(&sb->s_umount);
	sbi = kzalloc(sizeof(*sbi), GFP_KERNEL);
	if (!sbi)
		return -ENOMEM;
	spin_lock_init(&sbi->s_lock);
	mutex_init(&sbi->s_orphan_lock);
	INIT_LIST_HEAD(&sbi->s_orphan);
	sb->s_fs_info = sbi;
	err = load_super(sb, data, silent);
	if (err)
		goto out_free;
	sbi->s_resuid = sbi->s_es->s_def_resuid;
	sbi->s_resgid = sbi->s_es->s_def_resgid;
	sbi->s_mount_state = sbi->s_es->s_state;
	compare_counts(sb);
	sb->s_magic = EXT2_SUPER_MAGIC;
	sb->s_maxbytes = ext2_max_size(sb->s_blocksize_bits);
	sb->s_op = &ext2_sops;
	sb->s_xattr = ext2_xattr_handlers;
	err = make_root(sb);
	if (err)
		goto out_free;
	if (!sb_is_rdonly(sb)) {
		setup_rw(sb);
		ext2_orphan_cleanup(sb);
	} else if (sbi->s_es->s_last_orphan) {
		ext2_msg(sb, "orphan list not cleaned up on a read-only mount");
	}
	return 0;

out_free:
	free_sbi(sb);
	return err;
}

/* ->mount: no lock held; returns the root with s_umount held (write). */
static struct dentry *ext2_mount(struct file_system_type *type, int flags,
				 const char *dev_name, void *data)
{
	might_sleep();
	return mount_bdev(type, flags, dev_name, data, ext2_fill_super);
}

static struct file_system_type ext2_fs_type = {
	.name = "ext2",
	.mount = ext2_mount,
	.kill_sb = kill_block_super,
};

void ext2_init(void)
{
	ext2_inode_cachep = kmem_cache_create("ext2_inode_cache",
					      sizeof(struct ext2_inode_info), 0, NULL);
	if (!ext2_inode_cachep)
		panic("ext2: cannot create the inode cache");
	if (register_filesystem(&ext2_fs_type))
		panic("ext2: cannot register the filesystem type");
}
