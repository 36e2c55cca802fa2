/*
 * Tests of ext2 inodes and the block map (ktest=ext2_inode): the mkdisks
 * tree read back exactly from vdd (1 KiB blocks) and vde (4 KiB blocks) -
 * direct, indirect, double- and triple-indirect blocks, holes, hard links,
 * a device node; inodes that are free on disk refused with -ESTALE;
 * write, append, overwrite and truncate read back after a remount (the
 * page cache and inode cache dropped); a file written at 5 GiB (sparse,
 * large_file, triple-indirect with 1 KiB blocks) read back and truncated;
 * eviction of an unlinked file giving its blocks back; fiemap of
 * "pattern" against the block map read through ->bmap.
 */
#include "fs/ext2/test_util.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/fiemap.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/super.h"
#include "kernel/ktest/ktest.h"

#define MIB		(1024LL * 1024)
#define GIB		(1024LL * MIB)
#define BUF_SIZE	16384

static const struct ext2t_disk vdd = { "/dev/vdd", "/mnt-ei-vdd", 1024 };
static const struct ext2t_disk vde = { "/dev/vde", "/mnt-ei-vde", 4096 };

static int stat_in(const struct ext2t_disk *d, const char *name, struct kstat *st)
{
	char path[96];

	return vfs_stat(ext2t_path_in(path, d, name), st);
}

/* ------------------------------------------------------------ the tree */

static void read_tree(struct ktest_ctx *__kt, const struct ext2t_disk *d, char *buf)
{
	struct kstat st, st2;
	struct file *f;

	f = ext2t_open_in(d, "hello.txt", O_RDONLY);
	KT_ASSERT(!IS_ERR(f), "open hello.txt: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(ext2t_pread(f, buf, 100, 0), 12);
	fput(f);
	KT_ASSERT(!memcmp(buf, "hello, ext2\n", 12), "hello.txt contents");

	f = ext2t_open_in(d, "pattern", O_RDONLY);
	KT_ASSERT(!IS_ERR(f), "open pattern: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(i_size_read(file_inode(f)), 300 * 1024);
	KT_ASSERT_EQ(ext2t_check_pattern(f, 0, 300 * 1024, 0, buf, BUF_SIZE), -1);
	KT_ASSERT_EQ(ext2t_pread(f, buf, 10, 300 * 1024), 0);	/* at EOF */
	fput(f);

	f = ext2t_open_in(d, "sparse", O_RDONLY);
	KT_ASSERT(!IS_ERR(f), "open sparse: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(i_size_read(file_inode(f)), 70 * MIB + 8192);
	KT_ASSERT_EQ(ext2t_check_pattern(f, 70 * MIB, 8192, 0, buf, BUF_SIZE), -1);
	KT_ASSERT(ext2t_zeros(f, 0, 65536, buf, BUF_SIZE), "hole at 0 not zeros");
	KT_ASSERT(ext2t_zeros(f, 35 * MIB + 100, 10000, buf, BUF_SIZE), "hole at 35 MiB");
	KT_ASSERT(ext2t_zeros(f, 70 * MIB - 4096, 4096, buf, BUF_SIZE), "hole before the data");
	KT_ASSERT(file_inode(f)->i_blocks < 100, "sparse uses %llu sectors",
		  (unsigned long long)file_inode(f)->i_blocks);
	fput(f);

	KT_ASSERT_EQ(stat_in(d, "empty", &st), 0);
	KT_ASSERT_EQ(st.size, 0);
	KT_ASSERT(S_ISREG(st.mode), "empty: mode %o", st.mode);

	KT_ASSERT_EQ(stat_in(d, "hello.txt", &st), 0);
	KT_ASSERT_EQ(stat_in(d, "dir/link-to-hello", &st2), 0);
	KT_ASSERT_EQ(st.ino, st2.ino);
	KT_ASSERT_EQ(st.nlink, 2);
	KT_ASSERT_EQ(st.blksize, d->bs);

	KT_ASSERT_EQ(stat_in(d, "dev-null", &st), 0);
	KT_ASSERT(S_ISCHR(st.mode), "dev-null: mode %o", st.mode);
	KT_ASSERT_EQ(st.rdev, MKDEV(1, 3));

	f = ext2t_open_in(d, "dir/many/f123", O_RDONLY);
	KT_ASSERT(!IS_ERR(f), "open f123: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(ext2t_pread(f, buf, 100, 0), 5);
	fput(f);
	KT_ASSERT(!memcmp(buf, "f123\n", 5), "f123 contents");
}

static void read_tree_on(struct ktest_ctx *__kt, const struct ext2t_disk *d)
{
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL);

	KT_ASSERT(buf, "no memory");
	KT_ASSERT_EQ(ext2t_mount_keepdir(d->dev, d->dir), 0);
	read_tree(__kt, d, buf);
	kfree(buf);
	KT_ASSERT_EQ(ext2t_umount_keepdir(d->dir), 0);
}

KTEST(ext2_inode_read_tree_vdd)
{
	read_tree_on(__kt, &vdd);
}

KTEST(ext2_inode_read_tree_vde)
{
	read_tree_on(__kt, &vde);
}

/* ------------------------------------------------------------ iget */

/* Root reads as a directory; the last inode of a fresh image is free on
 * disk (mode 0, no links): -ESTALE, and no error is logged for it. */
KTEST(ext2_inode_iget_free_is_estale)
{
	struct super_block *sb;
	struct inode *inode;
	struct path path;

	KT_ASSERT_EQ(ext2t_mount_keepdir(vde.dev, vde.dir), 0);
	KT_ASSERT_EQ(kern_path(vde.dir, LOOKUP_FOLLOW, &path), 0);
	sb = path.dentry->d_sb;
	inode = ext2_iget(sb, EXT2_ROOT_INO);
	KT_ASSERT(!IS_ERR(inode), "root: %ld", PTR_ERR(inode));
	KT_ASSERT(S_ISDIR(inode->i_mode), "root mode %o", inode->i_mode);
	iput(inode);
	inode = ext2_iget(sb, EXT2_SB(sb)->s_inodes_count);
	KT_ASSERT(IS_ERR(inode) && PTR_ERR(inode) == -ESTALE, "free inode: %ld", PTR_ERR(inode));
	path_put(&path);
	KT_ASSERT_EQ(ext2t_umount_keepdir(vde.dir), 0);
}

/* ------------------------------------------------------------ write, remount */

/* Write 100000 bytes of pattern(i + 7), append 5000, overwrite
 * [3000, 9000) with 'X', truncate to 50000, grow to 60000. */
static void write_model(struct ktest_ctx *__kt, struct file *f, char *buf)
{
	for (size_t i = 0; i < BUF_SIZE; i++)
		buf[i] = 0;
	for (loff_t pos = 0; pos < 105000; pos += BUF_SIZE) {
		size_t n = (size_t)MIN((loff_t)BUF_SIZE, 105000 - pos);

		for (size_t i = 0; i < n; i++)
			buf[i] = (char)ext2t_pattern((u64)pos + i + 7);
		KT_ASSERT_EQ(ext2t_pwrite(f, buf, n, pos), n);
	}
	memset(buf, 'X', 6000);
	KT_ASSERT_EQ(ext2t_pwrite(f, buf, 6000, 3000), 6000);
	KT_ASSERT_EQ(do_truncate(f->f_path.dentry, 50000), 0);
	KT_ASSERT_EQ(do_truncate(f->f_path.dentry, 60000), 0);
}

static bool model_ok(struct file *f, char *buf)
{
	if (i_size_read(file_inode(f)) != 60000)
		return false;
	if (ext2t_pread(f, buf, BUF_SIZE, 0) != BUF_SIZE)
		return false;
	for (size_t i = 0; i < BUF_SIZE; i++) {
		u8 want = (i >= 3000 && i < 9000) ? 'X' : ext2t_pattern(i + 7);

		if ((u8)buf[i] != want)
			return false;
	}
	for (loff_t pos = BUF_SIZE; pos < 50000; pos += 1000) {
		if (ext2t_pread(f, buf, 1000, pos) != 1000)
			return false;
		for (size_t i = 0; i < 1000 && pos + (loff_t)i < 50000; i++)
			if ((u8)buf[i] != ext2t_pattern((u64)pos + i + 7))
				return false;
	}
	return ext2t_zeros(f, 50000, 10000, buf, BUF_SIZE) && ext2t_pread(f, buf, 10, 60000) == 0;
}

static void write_remount_on(struct ktest_ctx *__kt, const struct ext2t_disk *d)
{
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL);
	struct kstatfs before, after;
	struct path root;
	struct file *f;

	KT_ASSERT(buf, "no memory");
	KT_ASSERT_EQ(ext2t_mount_keepdir(d->dev, d->dir), 0);
	KT_ASSERT_EQ(kern_path(d->dir, LOOKUP_FOLLOW, &root), 0);
	KT_ASSERT_EQ(vfs_statfs(&root, &before), 0);
	path_put(&root);
	f = ext2t_open_in(d, "ei-model", O_RDWR | O_CREAT | O_TRUNC);
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	write_model(__kt, f, buf);
	KT_ASSERT(model_ok(f, buf), "model wrong before the remount");
	KT_ASSERT(file_inode(f)->i_blocks >= 50000 / 512, "i_blocks %llu",
		  (unsigned long long)file_inode(f)->i_blocks);
	fput(f);
	KT_ASSERT_EQ(ext2t_remount(d->dev, d->dir), 0);
	f = ext2t_open_in(d, "ei-model", O_RDWR);
	KT_ASSERT(!IS_ERR(f), "reopen: %ld", PTR_ERR(f));
	KT_ASSERT(model_ok(f, buf), "model wrong after the remount");
	fput(f);
	kfree(buf);

	/* Unlinked and evicted: every block comes back. */
	{
		char path[96];

		KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, ext2t_path_in(path, d, "ei-model")), 0);
	}
	KT_ASSERT_EQ(ext2t_remount(d->dev, d->dir), 0);
	KT_ASSERT_EQ(kern_path(d->dir, LOOKUP_FOLLOW, &root), 0);
	KT_ASSERT_EQ(vfs_statfs(&root, &after), 0);
	path_put(&root);
	KT_ASSERT_EQ(after.f_bfree, before.f_bfree);
	KT_ASSERT_EQ(after.f_ffree, before.f_ffree);
	KT_ASSERT_EQ(ext2t_umount_keepdir(d->dir), 0);
}

KTEST(ext2_inode_write_remount_vdd)
{
	write_remount_on(__kt, &vdd);
}

KTEST(ext2_inode_write_remount_vde)
{
	write_remount_on(__kt, &vde);
}

/* ------------------------------------------------------------ 5 GiB */

static void large_offset_on(struct ktest_ctx *__kt, const struct ext2t_disk *d)
{
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL);
	loff_t at = 5 * GIB + 1000;
	struct file *f;

	KT_ASSERT(buf, "no memory");
	KT_ASSERT_EQ(ext2t_mount_keepdir(d->dev, d->dir), 0);
	f = ext2t_open_in(d, "ei-big", O_RDWR | O_CREAT | O_TRUNC);
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	for (size_t i = 0; i < 9000; i++)
		buf[i] = (char)ext2t_pattern((u64)at + i);
	KT_ASSERT_EQ(ext2t_pwrite(f, buf, 9000, at), 9000);
	KT_ASSERT_EQ(vfs_fsync(f, 0), 0);
	fput(f);
	KT_ASSERT_EQ(ext2t_remount(d->dev, d->dir), 0);

	f = ext2t_open_in(d, "ei-big", O_RDWR);
	KT_ASSERT(!IS_ERR(f), "reopen: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(i_size_read(file_inode(f)), at + 9000);
	KT_ASSERT_EQ(ext2t_check_pattern(f, at, 9000, 0, buf, BUF_SIZE), -1);
	KT_ASSERT(ext2t_zeros(f, 4 * GIB, 8192, buf, BUF_SIZE), "hole at 4 GiB");
	KT_ASSERT(ext2t_zeros(f, at - 1000, 1000, buf, BUF_SIZE), "head of the data block");
	KT_ASSERT(file_inode(f)->i_blocks < 128, "%llu sectors",
		  (unsigned long long)file_inode(f)->i_blocks);
	KT_ASSERT(ext2_has_ro_compat(file_inode(f)->i_sb, EXT2_FEATURE_RO_COMPAT_LARGE_FILE),
		  "large_file not set");
	KT_ASSERT_EQ(do_truncate(f->f_path.dentry, GIB), 0);
	KT_ASSERT_EQ(file_inode(f)->i_blocks, 0);
	fput(f);
	KT_ASSERT_EQ(ext2t_remount(d->dev, d->dir), 0);
	f = ext2t_open_in(d, "ei-big", O_RDWR);
	KT_ASSERT(!IS_ERR(f), "reopen: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(i_size_read(file_inode(f)), GIB);
	KT_ASSERT_EQ(file_inode(f)->i_blocks, 0);
	KT_ASSERT(ext2t_zeros(f, GIB - 4096, 4096, buf, BUF_SIZE), "tail not zero");
	fput(f);
	kfree(buf);
	{
		char path[96];

		KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, ext2t_path_in(path, d, "ei-big")), 0);
	}
	KT_ASSERT_EQ(ext2t_umount_keepdir(d->dir), 0);
}

KTEST(ext2_inode_5gib_offset_vde)
{
	large_offset_on(__kt, &vde);
}

KTEST(ext2_inode_5gib_offset_vdd)
{
	large_offset_on(__kt, &vdd);
}

/* ------------------------------------------------------------ fiemap */

/* Runs of device-contiguous blocks of the file, by ->bmap. */
static unsigned bmap_runs(struct inode *inode, u64 nblocks)
{
	sector_t prev = 0;
	unsigned runs = 0;

	for (u64 i = 0; i < nblocks; i++) {
		sector_t p = call_bmap(inode->i_mapping, (sector_t)i);

		if (p && p != prev + 1)
			runs++;
		prev = p;
	}
	return runs;
}

static void fiemap_on(struct ktest_ctx *__kt, const struct ext2t_disk *d)
{
	struct fiemap_extent_info fi = { 0 };
	struct inode *inode;
	struct file *f;
	unsigned runs;

	KT_ASSERT_EQ(ext2t_mount_keepdir(d->dev, d->dir), 0);
	f = ext2t_open_in(d, "pattern", O_RDONLY);
	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	inode = file_inode(f);
	runs = bmap_runs(inode, ((u64)i_size_read(inode) + d->bs - 1) / d->bs);
	KT_ASSERT(runs >= 1, "no runs");
	/* 1 KiB blocks: the indirect blocks sit between the data runs */
	KT_ASSERT(d->bs != 1024 || runs >= 3, "%u runs on vdd", runs);
	KT_ASSERT_EQ(inode->i_op->fiemap(inode, &fi, 0, ~0ULL >> 1), 0);
	KT_ASSERT_EQ(fi.fi_extents_mapped, runs);
	fi.fi_extents_mapped = 0;	/* the direct blocks only */
	KT_ASSERT_EQ(inode->i_op->fiemap(inode, &fi, 0, 12ULL * d->bs), 0);
	KT_ASSERT_EQ(fi.fi_extents_mapped, bmap_runs(inode, 12));
	fi.fi_extents_mapped = 0;	/* past the end: nothing */
	KT_ASSERT_EQ(inode->i_op->fiemap(inode, &fi, 400 * 1024, 4096), 0);
	KT_ASSERT_EQ(fi.fi_extents_mapped, 0);
	fput(f);
	KT_ASSERT_EQ(ext2t_umount_keepdir(d->dir), 0);
}

KTEST(ext2_inode_fiemap_pattern_vdd)
{
	fiemap_on(__kt, &vdd);
}

KTEST(ext2_inode_fiemap_pattern_vde)
{
	fiemap_on(__kt, &vde);
}

/* ------------------------------------------------------------ corruption */

/* The byte offset on the device of slot `slot` of the inode's i_block. */
static u64 i_block_offset(struct inode *inode, unsigned slot)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	u64 ino = inode->i_ino - 1;
	struct ext2_group_desc *gdp = ext2_get_group_desc(inode->i_sb, ino / sbi->s_inodes_per_group,
							  NULL);

	return (u64)gdp->bg_inode_table * inode->i_sb->s_blocksize +
	       (ino % sbi->s_inodes_per_group) * sbi->s_inode_size +
	       __builtin_offsetof(struct ext2_inode, i_block) + slot * sizeof(le32);
}

/*
 * A copy of vdd on vda whose "pattern" has its single-indirect pointer
 * aimed at the group descriptor table: the direct blocks still read, the
 * rest is -EUCLEAN/-EIO (reported, not followed), fiemap says so, and a
 * truncate drops the bad pointer without freeing the block it names.
 */
KTEST(ext2_inode_bad_indirect_pointer)
{
	static const struct ext2t_disk vda = { "/dev/vda", "/mnt-ei-vda", 1024 };
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL);
	struct fiemap_extent_info fi = { 0 };
	struct inode *inode;
	struct file *f;
	u32 bad = 2;
	ssize_t got;
	u64 off;

	KT_ASSERT(buf, "no memory");
	KT_ASSERT_EQ(ext2t_copy_vdd_to_vda(), 0);
	KT_ASSERT_EQ(ext2t_mount_keepdir(vda.dev, vda.dir), 0);
	f = ext2t_open_in(&vda, "pattern", O_RDONLY);
	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	off = i_block_offset(file_inode(f), EXT2_IND_BLOCK);
	fput(f);
	KT_ASSERT_EQ(ext2t_umount_keepdir(vda.dir), 0);
	KT_ASSERT_EQ(ext2t_dev_rw(vda.dev, off, &bad, sizeof(bad), true), 0);

	KT_ASSERT_EQ(ext2t_mount_keepdir(vda.dev, vda.dir), 0);
	f = ext2t_open_in(&vda, "pattern", O_RDWR);
	KT_ASSERT(!IS_ERR(f), "reopen: %ld", PTR_ERR(f));
	inode = file_inode(f);
	KT_ASSERT_EQ(ext2t_check_pattern(f, 0, 12 * 1024, 0, buf, BUF_SIZE), -1);
	got = ext2t_pread(f, buf, 1024, 12 * 1024);
	KT_ASSERT(got == -EUCLEAN || got == -EIO, "read through the bad pointer: %ld", (long)got);
	KT_ASSERT_EQ(inode->i_op->fiemap(inode, &fi, 0, 300 * 1024), -EUCLEAN);
	KT_ASSERT_EQ(do_truncate(f->f_path.dentry, 0), 0);
	KT_ASSERT_EQ(EXT2_I(inode)->i_data[EXT2_IND_BLOCK], 0);
	KT_ASSERT_EQ(ext2t_pread(f, buf, 100, 0), 0);
	fput(f);
	kfree(buf);
	KT_ASSERT_EQ(ext2t_umount_keepdir(vda.dir), 0);
}
