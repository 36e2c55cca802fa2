/*
 * ext2 mount tests (ktest=ext2_super): the test images
 * of tools/mkdisks mounted through the VFS and their statfs checked
 * against the superblock read from the disk; the on-disk state a mount and
 * an unmount leave; images refused for a bad field or an unsupported
 * incompatible feature, and mounted read-only for an unknown read-only
 * feature (on /dev/vda, a byte-exact copy of vdd with one field patched);
 * errors=remount-ro; sync, freeze and thaw as the disk sees them, and
 * errors= in /proc/mounts; the geometry helpers; bad group descriptors
 * refused, and free counts taken from the bitmaps when a descriptor
 * disagrees.
 *
 * Each test mounts on its own directory "/t-ext2-<name>" and unmounts it
 * before it ends, also after a failed assertion.
 */
#include "fs/ext2/test_ext2.h"
#include "fs/ext2/bitmap.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/slab.h"

#define VDD_BYTES	(16UL << 20)
#define COPY_CHUNK	(64UL << 10)

/* ------------------------------------------------------------ helpers */

int ext2t_mount(const char *dev, const char *dir, unsigned long flags, const char *opts)
{
	int err = do_mkdirat(AT_FDCWD, dir, 0755);

	if (err && err != -EEXIST)
		return err;
	err = do_mount(dev, dir, "ext2", flags, (void *)opts);
	if (err)
		do_rmdir(AT_FDCWD, dir);
	return err;
}

int ext2t_umount(const char *dir)
{
	int err = do_umount_path(dir, 0);

	do_rmdir(AT_FDCWD, dir);
	return err;
}

struct super_block *ext2t_sb(const char *dir)
{
	struct super_block *sb;
	struct path p;

	if (kern_path(dir, LOOKUP_FOLLOW, &p))
		return NULL;
	sb = p.dentry->d_sb;
	path_put(&p);
	return sb->s_magic == EXT2_SUPER_MAGIC ? sb : NULL;
}

void ext2t_run(struct ktest_ctx *__kt, const char *dev, const char *dir, unsigned long flags,
	       const char *opts,
	       void (*body)(struct ktest_ctx *__kt, struct super_block *sb, const char *dir))
{
	struct super_block *sb;
	int err;

	KT_ASSERT_EQ(ext2t_mount(dev, dir, flags, opts), 0);
	sb = ext2t_sb(dir);
	if (sb)
		body(__kt, sb, dir);
	err = ext2t_umount(dir);
	KT_ASSERT(sb, "%s is not an ext2 mount", dir);
	if (!__kt->failed)
		KT_ASSERT_EQ(err, 0);
}

int ext2t_dev_rw(const char *path, u64 off, void *buf, size_t len, bool write)
{
	struct file *f = filp_open(path, write ? O_RDWR : O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = vfs_llseek(f, (loff_t)off, SEEK_SET) != (loff_t)off ? -EIO :
	    write ? kernel_write(f, buf, len) : kernel_read(f, buf, len);
	fput(f);
	return n == (ssize_t)len ? 0 : n < 0 ? (int)n : -EIO;
}

/* Up to len bytes of the file at path into buf. */
static int ext2t_read_file(const char *path, char *buf, size_t len)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = kernel_read(f, buf, len);
	fput(f);
	return n < 0 ? (int)n : 0;
}

int ext2t_read_super(const char *path, struct ext2_super_block *out)
{
	return ext2t_dev_rw(path, EXT2_SUPERBLOCK_OFFSET, out, sizeof(*out), false);
}

/* The copy is marked clean whatever earlier tests left on vdd (an error
 * they provoked on purpose), so that each test sees only its own. */
int ext2t_copy_vdd_to_vda(void)
{
	struct file *from = filp_open("/dev/vdd", O_RDONLY, 0);
	struct file *to = filp_open("/dev/vda", O_RDWR, 0);
	void *buf = kmalloc(COPY_CHUNK, GFP_KERNEL);
	int err = IS_ERR(from) ? (int)PTR_ERR(from) : IS_ERR(to) ? (int)PTR_ERR(to) :
		  buf ? 0 : -ENOMEM;

	for (u64 off = 0; !err && off < VDD_BYTES; off += COPY_CHUNK) {
		if (kernel_read(from, buf, COPY_CHUNK) != (ssize_t)COPY_CHUNK) {
			err = -EIO;
			break;
		}
		if (off == 0)
			((struct ext2_super_block *)((u8 *)buf + EXT2_SUPERBLOCK_OFFSET))->s_state =
				EXT2_VALID_FS;
		if (kernel_write(to, buf, COPY_CHUNK) != (ssize_t)COPY_CHUNK)
			err = -EIO;
	}
	if (!IS_ERR(from))
		fput(from);
	if (!IS_ERR(to))
		fput(to);
	kfree(buf);
	return err;
}

/* statfs of the mount at dir. */
static int statfs_of(const char *dir, struct kstatfs *buf)
{
	struct path p;
	int err = kern_path(dir, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	err = vfs_statfs(&p, buf);
	path_put(&p);
	return err;
}

/* Group g has a superblock copy (sparse_super). */
static bool has_super(u32 g)
{
	u32 p;

	if (g <= 1)
		return true;
	for (u32 b = 3; b <= 7; b += 2) {
		for (p = b; p < g; p *= b)
			;
		if (p == g)
			return true;
	}
	return false;
}

/* Linux's ext2 statfs overhead, from the superblock fields alone. */
static u64 expected_overhead(const struct ext2_super_block *es)
{
	u32 bs = 1024u << es->s_log_block_size;
	u32 groups = (es->s_blocks_count - es->s_first_data_block - 1) / es->s_blocks_per_group + 1;
	u32 gdb = (groups * 32 + bs - 1) / bs;
	u32 itb = es->s_inodes_per_group / (bs / es->s_inode_size);
	u64 overhead = es->s_first_data_block;

	for (u32 g = 0; g < groups; g++)
		if (!(es->s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER) || has_super(g))
			overhead += 1 + gdb;
	return overhead + (u64)groups * (2 + itb);
}

/* ------------------------------------------------------- statfs tests */

static void statfs_matches_disk(struct ktest_ctx *__kt, const char *dev, const char *dir)
{
	struct ext2_super_block *before = kmalloc(sizeof(*before), GFP_KERNEL);
	struct ext2_super_block *after = kmalloc(sizeof(*after), GFP_KERNEL);
	struct kstatfs st;
	int err;

	KT_ASSERT(before && after, "no memory");
	KT_ASSERT_EQ(ext2t_read_super(dev, before), 0);
	KT_ASSERT_EQ(before->s_magic, EXT2_SUPER_MAGIC);
	KT_ASSERT_EQ(ext2t_mount(dev, dir, 0, NULL), 0);
	err = statfs_of(dir, &st);
	ext2t_umount(dir);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(st.f_type, EXT2_SUPER_MAGIC);
	KT_ASSERT_EQ(st.f_bsize, 1024 << before->s_log_block_size);
	KT_ASSERT_EQ(st.f_blocks, before->s_blocks_count - expected_overhead(before));
	KT_ASSERT_EQ(st.f_bfree, before->s_free_blocks_count);
	KT_ASSERT_EQ(st.f_bavail, before->s_free_blocks_count - before->s_r_blocks_count);
	KT_ASSERT_EQ(st.f_files, before->s_inodes_count);
	KT_ASSERT_EQ(st.f_ffree, before->s_free_inodes_count);
	KT_ASSERT_EQ(st.f_namelen, 255);

	/* The unmount put back the state found (clean, unless an earlier test
	 * left errors), one more mount, the same counts. */
	KT_ASSERT_EQ(ext2t_read_super(dev, after), 0);
	KT_ASSERT_EQ(after->s_state, before->s_state);
	KT_ASSERT_EQ(after->s_mnt_count, (u16)(before->s_mnt_count + 1));
	KT_ASSERT(after->s_mtime >= before->s_mtime, "s_mtime went back");
	KT_ASSERT_EQ(after->s_free_blocks_count, before->s_free_blocks_count);
	KT_ASSERT_EQ(after->s_free_inodes_count, before->s_free_inodes_count);
	kfree(before);
	kfree(after);
}

KTEST(ext2_super_statfs_vdd)
{
	statfs_matches_disk(__kt, "/dev/vdd", "/t-ext2-statfs-vdd");
}

KTEST(ext2_super_statfs_vde)
{
	statfs_matches_disk(__kt, "/dev/vde", "/t-ext2-statfs-vde");
}

/* A read-only mount leaves the superblock alone. */
KTEST(ext2_super_ro_mount_writes_nothing)
{
	static const char dir[] = "/t-ext2-ro";
	struct ext2_super_block *a = kmalloc(sizeof(*a), GFP_KERNEL);
	struct ext2_super_block *b = kmalloc(sizeof(*b), GFP_KERNEL);

	KT_ASSERT(a && b, "no memory");
	KT_ASSERT_EQ(ext2t_read_super("/dev/vdd", a), 0);
	KT_ASSERT_EQ(ext2t_mount("/dev/vdd", dir, MS_RDONLY, NULL), 0);
	KT_ASSERT(ext2t_sb(dir) && (ext2t_sb(dir)->s_flags & SB_RDONLY), "not read-only");
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-ext2-ro/newdir", 0755), -EROFS);
	KT_ASSERT_EQ(ext2t_umount(dir), 0);
	KT_ASSERT_EQ(ext2t_read_super("/dev/vdd", b), 0);
	KT_ASSERT(!memcmp(a, b, sizeof(*a)), "the superblock changed");
	kfree(a);
	kfree(b);
}

/* ------------------------------------------------ refused and patched */

struct sb_patch {
	const char *what;
	unsigned offset;	/* in struct ext2_super_block */
	unsigned size;		/* 2 or 4 */
	u32 value;
	bool or_in;		/* OR value into the field instead of storing it */
	int expect;		/* mount result */
};

#define SBF(field) __builtin_offsetof(struct ext2_super_block, field), \
		   sizeof(((struct ext2_super_block *)0)->field)

static const struct sb_patch bad_images[] = {
	{ "bad magic", SBF(s_magic), 0x1234, false, -EINVAL },
	{ "extents", SBF(s_feature_incompat), EXT4_FEATURE_INCOMPAT_EXTENTS, true, -EINVAL },
	{ "journal recovery", SBF(s_feature_incompat), EXT3_FEATURE_INCOMPAT_RECOVER, true, -EINVAL },
	{ "64bit", SBF(s_feature_incompat), EXT4_FEATURE_INCOMPAT_64BIT, true, -EINVAL },
	{ "meta_bg", SBF(s_feature_incompat), EXT2_FEATURE_INCOMPAT_META_BG, true, -EINVAL },
	{ "flex_bg", SBF(s_feature_incompat), EXT4_FEATURE_INCOMPAT_FLEX_BG, true, -EINVAL },
	{ "blocks beyond the disk", SBF(s_blocks_count), 40000, false, -EINVAL },
	{ "log block size 3", SBF(s_log_block_size), 3, false, -EINVAL },
	{ "revision 2", SBF(s_rev_level), 2, false, -EINVAL },
	{ "zero blocks per group", SBF(s_blocks_per_group), 0, false, -EINVAL },
	{ "blocks per group too big", SBF(s_blocks_per_group), 8193, false, -EINVAL },
	{ "inodes per group not whole blocks", SBF(s_inodes_per_group), 2047, false, -EINVAL },
	{ "inode size 100", SBF(s_inode_size), 100, false, -EINVAL },
	{ "inode size 2048", SBF(s_inode_size), 2048, false, -EINVAL },
	{ "first inode 5", SBF(s_first_ino), 5, false, -EINVAL },
	{ "first data block 0", SBF(s_first_data_block), 0, false, -EINVAL },
	{ "inodes count", SBF(s_inodes_count), 4095, false, -EINVAL },
	{ "reserved GDT blocks", SBF(s_reserved_gdt_blocks), 300, false, -EINVAL },
};

/* vda := vdd with one superblock field patched. */
static int patched_copy(const struct sb_patch *p, bool full_copy)
{
	u8 sbuf[1024];
	u32 v;
	int err = full_copy ? ext2t_copy_vdd_to_vda() : 0;

	if (!err)
		err = ext2t_dev_rw("/dev/vdd", EXT2_SUPERBLOCK_OFFSET, sbuf, sizeof(sbuf), false);
	((struct ext2_super_block *)sbuf)->s_state = EXT2_VALID_FS;	/* as the copy */
	if (err || !p)
		return err ? err : ext2t_dev_rw("/dev/vda", EXT2_SUPERBLOCK_OFFSET, sbuf,
						 sizeof(sbuf), true);
	v = 0;
	memcpy(&v, sbuf + p->offset, p->size);
	v = p->or_in ? v | p->value : p->value;
	memcpy(sbuf + p->offset, &v, p->size);
	return ext2t_dev_rw("/dev/vda", EXT2_SUPERBLOCK_OFFSET, sbuf, sizeof(sbuf), true);
}

KTEST(ext2_super_refuses_bad_images)
{
	static const char dir[] = "/t-ext2-bad";
	int err;

	KT_ASSERT_EQ(patched_copy(NULL, true), 0);
	/* The unpatched copy mounts (read-only: the copy stays as it is). */
	KT_ASSERT_EQ(ext2t_mount("/dev/vda", dir, MS_RDONLY, NULL), 0);
	KT_ASSERT_EQ(ext2t_umount(dir), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(bad_images); i++) {
		KT_ASSERT_EQ(patched_copy(&bad_images[i], false), 0);
		err = ext2t_mount("/dev/vda", dir, 0, NULL);
		if (!err)
			ext2t_umount(dir);
		KT_ASSERT(err == bad_images[i].expect, "%s: mount gave %d, expected %d",
			  bad_images[i].what, err, bad_images[i].expect);
	}
	KT_ASSERT_EQ(patched_copy(NULL, false), 0);
	KT_ASSERT_EQ(ext2t_mount("/dev/vda", dir, 0, "errors=panic,bogus"), -EINVAL);
	KT_ASSERT_EQ(ext2t_mount("/dev/vda", dir, 0, "errors=sometimes"), -EINVAL);
}

static void ro_compat_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	KT_ASSERT(sb->s_flags & SB_RDONLY, "mounted read-write");
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-ext2-rocompat/newdir", 0755), -EROFS);
	/* Read-write is refused by remount too. */
	KT_ASSERT_EQ(do_mount(NULL, dir, NULL, MS_REMOUNT, NULL), -EROFS);
	KT_ASSERT(sb->s_flags & SB_RDONLY, "read-write after a refused remount");
}

KTEST(ext2_super_unknown_ro_compat_mounts_read_only)
{
	static const struct sb_patch p = { "ro_compat", SBF(s_feature_ro_compat), 0x8000, true, 0 };

	KT_ASSERT_EQ(patched_copy(&p, true), 0);
	ext2t_run(__kt, "/dev/vda", "/t-ext2-rocompat", 0, NULL, ro_compat_body);
}

static void errors_ro_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	unsigned count = 1;
	u32 first;
	int err;

	KT_ASSERT(!(sb->s_flags & SB_RDONLY), "not mounted read-write");
	KT_ASSERT_EQ(EXT2_SB(sb)->s_mount_opt & EXT2_MOUNT_ERRORS_MASK, EXT2_MOUNT_ERRORS_RO);
	ext2_error(sb, 0, 0, "error injected by %s", "ext2_super_errors_remount_ro");
	KT_ASSERT(sb->s_flags & SB_RDONLY, "still read-write after the error");
	mutex_lock(&EXT2_I(d_inode(sb->s_root))->truncate_mutex);
	err = ext2_new_blocks(d_inode(sb->s_root), 0, &count, &first);
	mutex_unlock(&EXT2_I(d_inode(sb->s_root))->truncate_mutex);
	KT_ASSERT_EQ(err, -EROFS);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-ext2-errors/newdir", 0755), -EROFS);
}

KTEST(ext2_super_errors_remount_ro)
{
	struct ext2_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);

	KT_ASSERT(es, "no memory");
	KT_ASSERT_EQ(patched_copy(NULL, true), 0);
	ext2t_run(__kt, "/dev/vda", "/t-ext2-errors", 0, "errors=remount-ro", errors_ro_body);
	if (!__kt->failed) {
		KT_ASSERT_EQ(ext2t_read_super("/dev/vda", es), 0);
		KT_ASSERT(es->s_state & EXT2_ERROR_FS, "the error is not recorded on disk");
	}
	kfree(es);
}

static void remount_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);
	bool valid;

	KT_ASSERT(es, "no memory");
	KT_ASSERT_EQ(EXT2_SB(sb)->s_mount_opt & EXT2_MOUNT_ERRORS_MASK, EXT2_MOUNT_ERRORS_CONT);
	KT_ASSERT(!(EXT2_SB(sb)->s_es->s_state & EXT2_VALID_FS), "valid while mounted read-write");
	KT_ASSERT_EQ(do_mount(NULL, dir, NULL, MS_REMOUNT | MS_RDONLY, "errors=remount-ro"), 0);
	KT_ASSERT(sb->s_flags & SB_RDONLY, "remount ro did not take");
	KT_ASSERT_EQ(EXT2_SB(sb)->s_mount_opt & EXT2_MOUNT_ERRORS_MASK, EXT2_MOUNT_ERRORS_RO);
	valid = ext2t_read_super("/dev/vda", es) == 0 && (es->s_state & EXT2_VALID_FS);
	kfree(es);
	KT_ASSERT(valid, "not clean on disk after remount ro");
	KT_ASSERT_EQ(do_mount(NULL, dir, NULL, MS_REMOUNT, NULL), 0);
	KT_ASSERT(!(sb->s_flags & SB_RDONLY), "remount rw did not take");
	KT_ASSERT(!(EXT2_SB(sb)->s_es->s_state & EXT2_VALID_FS), "valid after remount rw");
	KT_ASSERT_EQ(do_mount(NULL, dir, NULL, MS_REMOUNT, "nosuchoption"), -EINVAL);
}

KTEST(ext2_super_remount)
{
	KT_ASSERT_EQ(patched_copy(NULL, true), 0);
	ext2t_run(__kt, "/dev/vda", "/t-ext2-remount", 0, NULL, remount_body);
}

/* ---------------------------------------------------- geometry helpers */

static void layout_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	static const unsigned long with[] = { 0, 1, 3, 5, 7, 9, 25, 27, 49, 81, 125, 343 };
	static const unsigned long without[] = { 2, 4, 6, 8, 10, 12, 15, 21, 35, 45 };
	struct ext2_group_desc *d;
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	for (unsigned i = 0; i < ARRAY_SIZE(with); i++)
		KT_ASSERT(ext2_bg_has_super(sb, with[i]), "group %lu has no super", with[i]);
	for (unsigned i = 0; i < ARRAY_SIZE(without); i++)
		KT_ASSERT(!ext2_bg_has_super(sb, without[i]), "group %lu has a super", without[i]);
	KT_ASSERT_EQ(sbi->s_groups_count, 2);
	KT_ASSERT_EQ(ext2_bg_num_gdb(sb, 0), 1 + sbi->s_es->s_reserved_gdt_blocks);
	d = ext2_get_group_desc(sb, 1, NULL);
	KT_ASSERT(d, "no descriptor for group 1");
	KT_ASSERT(!ext2_data_block_valid(sb, 0, 1), "block 0");
	KT_ASSERT(!ext2_data_block_valid(sb, 1, 1), "the superblock");
	KT_ASSERT(!ext2_data_block_valid(sb, 2, 1), "the descriptors");
	KT_ASSERT(!ext2_data_block_valid(sb, 3, 1), "a reserved GDT block");
	KT_ASSERT(!ext2_data_block_valid(sb, 8193, 1), "the backup superblock");
	KT_ASSERT(!ext2_data_block_valid(sb, d->bg_block_bitmap, 1), "group 1's block bitmap");
	KT_ASSERT(!ext2_data_block_valid(sb, d->bg_inode_bitmap, 1), "group 1's inode bitmap");
	KT_ASSERT(!ext2_data_block_valid(sb, d->bg_inode_table + 511, 1), "group 1's table");
	KT_ASSERT(!ext2_data_block_valid(sb, d->bg_inode_table - 1, 2), "a run into the table");
	KT_ASSERT(ext2_data_block_valid(sb, d->bg_inode_table + 512, 16), "data after the table");
	KT_ASSERT(!ext2_data_block_valid(sb, 16383, 2), "past the end");
	KT_ASSERT(ext2_data_block_valid(sb, 16383, 1), "the last block");
	KT_ASSERT(!ext2_data_block_valid(sb, 8000, 1000), "a run over the backup");
	KT_ASSERT_EQ(ext2_count_free_blocks(sb), sbi->s_free_blocks);
	KT_ASSERT_EQ(ext2_count_free_inodes(sb), sbi->s_free_inodes);
	KT_ASSERT_EQ(ext2_count_dirs(sb), sbi->s_dirs);
}

KTEST(ext2_super_layout_helpers)
{
	ext2t_run(__kt, "/dev/vdd", "/t-ext2-layout", MS_RDONLY, NULL, layout_body);
}

/* ------------------------------------------------- group descriptors */

#define VDD_GDT_OFFSET	2048u	/* 1 KiB blocks: the table is block 2 */

/* vda := vdd with group g's descriptor changed by fn. */
static int patched_desc(unsigned g, void (*fn)(struct ext2_group_desc *d))
{
	struct ext2_group_desc d;
	u64 off = VDD_GDT_OFFSET + g * sizeof(d);
	int err = ext2t_copy_vdd_to_vda();

	if (!err)
		err = ext2t_dev_rw("/dev/vda", off, &d, sizeof(d), false);
	if (err)
		return err;
	fn(&d);
	return ext2t_dev_rw("/dev/vda", off, &d, sizeof(d), true);
}

static void bitmap_outside_group(struct ext2_group_desc *d) { d->bg_block_bitmap = 5; }
static void table_past_end(struct ext2_group_desc *d) { d->bg_inode_table = 16380; }
static void too_many_free_inodes(struct ext2_group_desc *d) { d->bg_free_inodes_count = 2049; }
static void wrong_free_count(struct ext2_group_desc *d) { d->bg_free_blocks_count -= 7; }

KTEST(ext2_super_refuses_bad_descriptors)
{
	static void (*const bad[])(struct ext2_group_desc *d) = {
		bitmap_outside_group, table_past_end, too_many_free_inodes,
	};
	static const char dir[] = "/t-ext2-baddesc";
	int err;

	for (unsigned i = 0; i < ARRAY_SIZE(bad); i++) {
		KT_ASSERT_EQ(patched_desc(1, bad[i]), 0);
		err = ext2t_mount("/dev/vda", dir, 0, NULL);
		if (!err)
			ext2t_umount(dir);
		KT_ASSERT(err == -EUCLEAN, "case %u: mount gave %d", i, err);
	}
}

/* A descriptor's free count that disagrees with its bitmap is taken from
 * the bitmap, and written back. */
static void recount_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);

	KT_ASSERT_EQ(sbi->s_free_blocks, ext2_count_free_blocks(sb));
	KT_ASSERT_EQ(sbi->s_free_inodes, ext2_count_free_inodes(sb));
}

KTEST(ext2_super_descriptor_counts_from_bitmaps)
{
	struct ext2_group_desc before, after;

	KT_ASSERT_EQ(ext2t_dev_rw("/dev/vdd", VDD_GDT_OFFSET + sizeof(before), &before,
				  sizeof(before), false), 0);
	KT_ASSERT_EQ(patched_desc(1, wrong_free_count), 0);
	ext2t_run(__kt, "/dev/vda", "/t-ext2-recount", 0, NULL, recount_body);
	KT_ASSERT_EQ(ext2t_dev_rw("/dev/vda", VDD_GDT_OFFSET + sizeof(after), &after,
				  sizeof(after), false), 0);
	KT_ASSERT_EQ(after.bg_free_blocks_count, before.bg_free_blocks_count);
}

/* ------------------------------------------- sync, freeze, show_options */

/* sync writes the counts; a freeze leaves the disk clean until the thaw;
 * /proc/mounts shows errors=. */
static void sync_freeze_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);
	char *mounts = kmalloc(4096, GFP_KERNEL);
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	char path[64];
	bool frozen_clean, thawed_dirty;
	int err;

	KT_ASSERT(es && mounts, "no memory");
	snprintf(path, sizeof(path), "%s/d", dir);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, path, 0755), 0);
	KT_ASSERT_EQ(sync_filesystem(sb), 0);
	KT_ASSERT_EQ(ext2t_read_super("/dev/vda", es), 0);
	KT_ASSERT_EQ(es->s_free_inodes_count, sbi->s_free_inodes);
	KT_ASSERT_EQ(es->s_free_blocks_count, sbi->s_free_blocks);
	KT_ASSERT(!(es->s_state & EXT2_VALID_FS), "clean on disk while mounted read-write");

	err = freeze_super(sb);
	frozen_clean = !err && !ext2t_read_super("/dev/vda", es) && (es->s_state & EXT2_VALID_FS);
	if (!err)
		err = thaw_super(sb);
	thawed_dirty = !err && !ext2t_read_super("/dev/vda", es) && !(es->s_state & EXT2_VALID_FS);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(frozen_clean, "not clean on disk while frozen");
	KT_ASSERT(thawed_dirty, "still clean on disk after the thaw");
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, path), 0);

	memset(mounts, 0, 4096);
	KT_ASSERT_EQ(ext2t_read_file("/proc/mounts", mounts, 4095), 0);
	KT_ASSERT(strstr(mounts, "/t-ext2-sync ext2 rw,errors=remount-ro"),
		  "/proc/mounts: %s", mounts);
	kfree(es);
	kfree(mounts);
}

KTEST(ext2_super_sync_freeze_show_options)
{
	KT_ASSERT_EQ(patched_copy(NULL, true), 0);
	ext2t_run(__kt, "/dev/vda", "/t-ext2-sync", 0, "errors=remount-ro", sync_freeze_body);
}
