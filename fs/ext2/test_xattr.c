/*
 * ext2 extended attribute tests (xattr.c) on the images of tools/mkdisks
 * (vdd: 1 KiB blocks, vde: 4 KiB; 256-byte inodes): the attributes
 * debugfs put on hello.txt (user.color in the inode, user.big in a
 * block), then set, replace, remove and list on files of the test's own,
 * the errors, a block filled up, a shared block copied before a change,
 * and everything read back after a remount. Boot with ktest=ext2_names.
 */
#include "fs/ext2/test_util.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/xattr.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/slab.h"

#define XT_PATH		128

struct xt_disk {
	const char *dev;
	const char *mnt;
	unsigned bs;
};

static const struct xt_disk xt_disks[] = {
	{ "/dev/vdd", "/mnt-xattr-vdd", 1024 },
	{ "/dev/vde", "/mnt-xattr-vde", 4096 },
};

static int xt_mount(const struct xt_disk *d)
{
	return ext2t_mount_keepdir(d->dev, d->mnt);
}

static int xt_remount(const struct xt_disk *d)
{
	return ext2t_remount(d->dev, d->mnt);
}

static const char *xt_path(char *buf, const struct xt_disk *d, const char *name)
{
	snprintf(buf, XT_PATH, "%s/%s", d->mnt, name);
	return buf;
}

static int xt_create(const char *path)
{
	struct file *f = filp_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fput(f);
	return 0;
}

/* The xattr calls on a path (no symlink followed). */
static ssize_t xget(const char *path, const char *name, void *buf, size_t size)
{
	struct path p;
	ssize_t ret = kern_path(path, 0, &p);

	if (ret)
		return ret;
	ret = vfs_getxattr(p.dentry, name, buf, size);
	path_put(&p);
	return ret;
}

static int xset(const char *path, const char *name, const void *value, size_t size, int flags)
{
	struct path p;
	int ret = kern_path(path, 0, &p);

	if (ret)
		return ret;
	ret = vfs_setxattr(p.dentry, name, value, size, flags);
	path_put(&p);
	return ret;
}

static int xremove(const char *path, const char *name)
{
	struct path p;
	int ret = kern_path(path, 0, &p);

	if (ret)
		return ret;
	ret = vfs_removexattr(p.dentry, name);
	path_put(&p);
	return ret;
}

static ssize_t xlist(const char *path, char *list, size_t size)
{
	struct path p;
	ssize_t ret = kern_path(path, 0, &p);

	if (ret)
		return ret;
	ret = vfs_listxattr(p.dentry, list, size);
	path_put(&p);
	return ret;
}

static u64 blocks_of(const char *path)
{
	struct kstat st;

	return vfs_stat(path, &st) ? ~0ULL : st.blocks;
}

/* The inode's i_file_acl (the test looks inside ext2). */
static u32 file_acl_of(const char *path)
{
	struct path p;
	u32 blk;

	if (kern_path(path, 0, &p))
		return 0;
	blk = EXT2_I(d_inode(p.dentry))->i_file_acl;
	path_put(&p);
	return blk;
}

/* Whether the NUL-separated list (len bytes) holds name. */
static bool in_list(const char *list, ssize_t len, const char *name)
{
	for (ssize_t at = 0; at < len; at += (ssize_t)strlen(list + at) + 1)
		if (!strcmp(list + at, name))
			return true;
	return false;
}

/* Mount each disk, run body, unmount. */
static void on_xdisks(struct ktest_ctx *__kt,
		      void (*body)(struct ktest_ctx *__kt, const struct xt_disk *d, char *buf))
{
	for (unsigned i = 0; i < ARRAY_SIZE(xt_disks); i++) {
		char *buf = kzalloc(8192, GFP_KERNEL);
		int err;

		KT_ASSERT(buf, "no memory");
		err = xt_mount(&xt_disks[i]);
		if (!err)
			body(__kt, &xt_disks[i], buf);
		if (!err && do_umount_path(xt_disks[i].mnt, 0))
			do_umount_path(xt_disks[i].mnt, MNT_DETACH);
		kfree(buf);
		KT_ASSERT(err == 0, "mount %s: %d", xt_disks[i].dev, err);
		if (__kt->failed)
			return;
	}
}

/* ------------------------------------------------------------ the image's */

static void read_body(struct ktest_ctx *__kt, const struct xt_disk *d, char *buf)
{
	char path[XT_PATH];
	const char *hello = xt_path(path, d, "hello.txt");
	ssize_t n;

	KT_ASSERT_EQ(xget(hello, "user.color", NULL, 0), 4);
	KT_ASSERT_EQ(xget(hello, "user.color", buf, 64), 4);
	KT_ASSERT(!memcmp(buf, "blue", 4), "user.color = %.4s", buf);
	KT_ASSERT_EQ(xget(hello, "user.color", buf, 3), -ERANGE);
	KT_ASSERT_EQ(xget(hello, "user.big", buf, 4096), 300);
	for (int i = 0; i < 300; i++)
		KT_ASSERT(buf[i] == 'x', "user.big[%d] = %d", i, buf[i]);
	KT_ASSERT_EQ(xget(hello, "user.big", buf, 299), -ERANGE);
	KT_ASSERT_EQ(xget(hello, "user.none", buf, 64), -ENODATA);
	KT_ASSERT_EQ(xget(hello, "trusted.color", buf, 64), -ENODATA);
	KT_ASSERT_EQ(xget(hello, "security.x", buf, 64), -EOPNOTSUPP);
	n = xlist(hello, NULL, 0);
	KT_ASSERT_EQ(n, (ssize_t)sizeof("user.color") + (ssize_t)sizeof("user.big"));
	KT_ASSERT_EQ(xlist(hello, buf, (size_t)n), n);
	KT_ASSERT(in_list(buf, n, "user.color") && in_list(buf, n, "user.big"), "list");
	KT_ASSERT_EQ(xlist(hello, buf, (size_t)n - 1), -ERANGE);
	KT_ASSERT(file_acl_of(hello) != 0, "no xattr block");
	KT_ASSERT_EQ(xlist(xt_path(path, d, "pattern"), buf, 4096), 0);
}

/* debugfs's attributes: user.color in the inode, user.big in a block. */
KTEST(ext2_names_xattr_read)
{
	on_xdisks(__kt, read_body);
}

/* ------------------------------------------------------------ changes */

static void set_check(struct ktest_ctx *__kt, const char *f, char *buf, unsigned bs)
{
	ssize_t n;

	KT_ASSERT_EQ(xget(f, "user.a", buf, 64), 1);
	KT_ASSERT(buf[0] == '1', "user.a = %c", buf[0]);
	KT_ASSERT_EQ(xget(f, "user.empty", buf, 64), 0);
	KT_ASSERT_EQ(xget(f, "user.gone", buf, 64), -ENODATA);
	KT_ASSERT_EQ(xget(f, "user.big", buf, 4096), (ssize_t)bs / 2);
	for (unsigned i = 0; i < bs / 2; i++)
		KT_ASSERT(buf[i] == (char)('a' + i % 26), "user.big[%u]", i);
	KT_ASSERT_EQ(xget(f, "trusted.t", buf, 64), 3);
	KT_ASSERT(!memcmp(buf, "tru", 3), "trusted.t");
	n = xlist(f, buf, 4096);
	KT_ASSERT_EQ(n, (ssize_t)(sizeof("user.a") + sizeof("user.empty") + sizeof("user.big") +
				  sizeof("trusted.t")));
	KT_ASSERT(in_list(buf, n, "user.a") && in_list(buf, n, "user.empty") &&
		  in_list(buf, n, "user.big") && in_list(buf, n, "trusted.t"), "list");
}

static void set_body(struct ktest_ctx *__kt, const struct xt_disk *d, char *buf)
{
	char path[XT_PATH], dpath[XT_PATH];
	const char *f = xt_path(path, d, "xattr-set");
	unsigned half = d->bs / 2;

	KT_ASSERT_EQ(xt_create(f), 0);
	KT_ASSERT_EQ(xset(f, "user.a", "0", 1, XATTR_CREATE), 0);
	KT_ASSERT_EQ(xset(f, "user.a", "1", 1, XATTR_CREATE), -EEXIST);
	KT_ASSERT_EQ(xset(f, "user.a", "1", 1, XATTR_REPLACE), 0);
	KT_ASSERT_EQ(xset(f, "user.nothere", "1", 1, XATTR_REPLACE), -ENODATA);
	KT_ASSERT_EQ(xremove(f, "user.nothere"), -ENODATA);
	KT_ASSERT_EQ(xset(f, "user.empty", "", 0, 0), 0);
	KT_ASSERT_EQ(xset(f, "user.gone", "bye", 3, 0), 0);
	KT_ASSERT_EQ(xremove(f, "user.gone"), 0);
	KT_ASSERT_EQ(blocks_of(f), 0);			/* all in the inode so far */
	for (unsigned i = 0; i < half; i++)
		buf[i] = (char)('a' + i % 26);
	KT_ASSERT_EQ(xset(f, "user.big", buf, 10, 0), 0);
	KT_ASSERT_EQ(xset(f, "user.big", buf, half, 0), 0);	/* grows into the block */
	KT_ASSERT_EQ(blocks_of(f), d->bs / 512);
	KT_ASSERT_EQ(xset(f, "user.huge", buf, d->bs + 1, 0), -ERANGE);
	KT_ASSERT_EQ(xset(f, "trusted.t", "tru", 3, 0), 0);
	set_check(__kt, f, buf, d->bs);
	if (__kt->failed)
		return;
	KT_ASSERT_EQ(xt_remount(d), 0);
	set_check(__kt, f, buf, d->bs);
	/* on a directory too */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, xt_path(dpath, d, "xattr-dir"), 0755), 0);
	KT_ASSERT_EQ(xset(dpath, "user.d", "dir", 3, 0), 0);
	KT_ASSERT_EQ(xget(dpath, "user.d", buf, 64), 3);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, dpath), 0);
	/* everything removed: the block goes back */
	KT_ASSERT_EQ(xremove(f, "user.big"), 0);
	KT_ASSERT_EQ(blocks_of(f), 0);
	KT_ASSERT_EQ(file_acl_of(f), 0);
	KT_ASSERT_EQ(xremove(f, "user.a"), 0);
	KT_ASSERT_EQ(xremove(f, "user.empty"), 0);
	KT_ASSERT_EQ(xremove(f, "trusted.t"), 0);
	KT_ASSERT_EQ(xlist(f, buf, 4096), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
}

/* Set, replace, remove and list (inode body and block), the errors
 * (EEXIST with XATTR_CREATE, ENODATA, ERANGE), an empty value, trusted.,
 * a directory; read back after a remount; the block freed at the end. */
KTEST(ext2_names_xattr_set)
{
	on_xdisks(__kt, set_body);
}

static void fill_body(struct ktest_ctx *__kt, const struct xt_disk *d, char *buf)
{
	char path[XT_PATH], name[32];
	const char *f = xt_path(path, d, "xattr-fill");
	int n, err = 0;

	KT_ASSERT_EQ(xt_create(f), 0);
	memset(buf, 'v', 100);
	for (n = 0; n < 200; n++) {
		snprintf(name, sizeof(name), "user.k%03d", n);
		err = xset(f, name, buf, 100, XATTR_CREATE);
		if (err)
			break;
	}
	KT_ASSERT_EQ(err, -ENOSPC);
	KT_ASSERT(n >= (int)(d->bs / 128), "only %d attributes fit", n);
	KT_ASSERT_EQ(xt_remount(d), 0);
	for (int k = 0; k < n; k++) {
		snprintf(name, sizeof(name), "user.k%03d", k);
		KT_ASSERT_EQ(xget(f, name, buf, 200), 100);
	}
	KT_ASSERT_EQ(xlist(f, NULL, 0), n * (ssize_t)sizeof("user.k000"));
	for (int k = n - 1; k >= 0; k--) {
		snprintf(name, sizeof(name), "user.k%03d", k);
		KT_ASSERT_EQ(xremove(f, name), 0);
	}
	KT_ASSERT_EQ(blocks_of(f), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
}

/* Attributes until neither the inode nor the block has room (-ENOSPC);
 * all of them read back after a remount, then removed. */
KTEST(ext2_names_xattr_fill)
{
	on_xdisks(__kt, fill_body);
}

/* Make g share f's xattr block, as another driver's block sharing would:
 * both point at it with h_refcount 2. */
static int share_block(const char *f, const char *g)
{
	struct path pf, pg;
	struct inode *fi, *gi;
	struct buffer_head *bh;
	int err;

	if ((err = kern_path(f, 0, &pf)))
		return err;
	if ((err = kern_path(g, 0, &pg))) {
		path_put(&pf);
		return err;
	}
	fi = d_inode(pf.dentry);
	gi = d_inode(pg.dentry);
	inode_lock(gi);
	down_write(&EXT2_I(gi)->xattr_sem);
	bh = sb_bread(fi->i_sb, EXT2_I(fi)->i_file_acl);
	err = bh ? 0 : -EIO;
	if (bh) {
		lock_buffer(bh);
		((struct ext2_xattr_header *)bh->b_data)->h_refcount = 2;
		unlock_buffer(bh);
		mark_buffer_dirty(bh);
		brelse(bh);
		EXT2_I(gi)->i_file_acl = EXT2_I(fi)->i_file_acl;
		gi->i_blocks += fi->i_sb->s_blocksize >> 9;
		mark_inode_dirty(gi);
	}
	up_write(&EXT2_I(gi)->xattr_sem);
	inode_unlock(gi);
	path_put(&pg);
	path_put(&pf);
	return err;
}

static void shared_body(struct ktest_ctx *__kt, const struct xt_disk *d, char *buf)
{
	char pf[XT_PATH], pg[XT_PATH];
	const char *f = xt_path(pf, d, "xattr-shared-f"), *g = xt_path(pg, d, "xattr-shared-g");
	u32 blk;

	KT_ASSERT_EQ(xt_create(f), 0);
	KT_ASSERT_EQ(xt_create(g), 0);
	memset(buf, 's', 200);
	KT_ASSERT_EQ(xset(f, "user.shared", buf, 200, 0), 0);
	blk = file_acl_of(f);
	KT_ASSERT(blk, "no block");
	KT_ASSERT_EQ(share_block(f, g), 0);
	KT_ASSERT_EQ(xget(g, "user.shared", buf, 4096), 200);
	/* g changes: it gets a copy, f keeps the block */
	KT_ASSERT_EQ(xset(g, "user.shared", "mine", 4, 0), 0);
	KT_ASSERT_EQ(file_acl_of(f), blk);
	KT_ASSERT_EQ(xget(f, "user.shared", buf, 4096), 200);
	KT_ASSERT_EQ(xget(g, "user.shared", buf, 4096), 4);
	KT_ASSERT_EQ(blocks_of(g), 0);			/* "mine" fits in the inode */
	KT_ASSERT_EQ(file_acl_of(g), 0);
	/* share again, then the last two references go one by one */
	KT_ASSERT_EQ(xremove(g, "user.shared"), 0);
	KT_ASSERT_EQ(share_block(f, g), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, g), 0);	/* refcount back to 1 */
	KT_ASSERT_EQ(xt_remount(d), 0);
	KT_ASSERT_EQ(file_acl_of(f), blk);
	KT_ASSERT_EQ(xget(f, "user.shared", buf, 4096), 200);
	KT_ASSERT_EQ(xremove(f, "user.shared"), 0);	/* freed in place: refcount was 1 */
	KT_ASSERT_EQ(blocks_of(f), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
}

/* A block shared by two inodes (h_refcount 2) is copied before one of
 * them changes it and freed with its last reference. */
KTEST(ext2_names_xattr_shared)
{
	on_xdisks(__kt, shared_body);
}

/* ------------------------------------------------------------ corruption */

/* Mount d with the xattr block blk holding bad; the calls on f must give
 * -EFSCORRUPTED; unmount. */
static void xt_try_bad(struct ktest_ctx *__kt, const struct xt_disk *d, u32 blk, char *bad,
		       const char *f, char *buf)
{
	KT_ASSERT_EQ(ext2t_dev_rw(d->dev, (u64)blk * d->bs, bad, d->bs, true), 0);
	KT_ASSERT_EQ(xt_mount(d), 0);
	KT_ASSERT_EQ(xget(f, "user.big", buf, 4096), -EFSCORRUPTED);
	KT_ASSERT_EQ(xlist(f, buf, 4096), -EFSCORRUPTED);
	KT_ASSERT_EQ(xset(f, "user.other", "x", 1, 0), -EFSCORRUPTED);
	KT_ASSERT_EQ(do_umount_path(d->mnt, 0), 0);
}

static void corrupt_body(struct ktest_ctx *__kt, const struct xt_disk *d, char *buf)
{
	char path[XT_PATH];
	const char *f = xt_path(path, d, "xattr-corrupt");
	char *good = kmalloc(2 * d->bs, GFP_KERNEL), *bad = good + d->bs;
	struct ext2_xattr_entry *e;
	u32 blk;

	KT_ASSERT(good, "no memory");
	KT_ASSERT_EQ(xt_create(f), 0);
	memset(buf, 'q', 300);
	KT_ASSERT_EQ(xset(f, "user.big", buf, 300, 0), 0);
	blk = file_acl_of(f);
	KT_ASSERT(blk, "no xattr block");
	KT_ASSERT_EQ(do_umount_path(d->mnt, 0), 0);
	KT_ASSERT_EQ(ext2t_dev_rw(d->dev, (u64)blk * d->bs, good, d->bs, false), 0);
	e = (void *)(bad + sizeof(struct ext2_xattr_header));
	memcpy(bad, good, d->bs);
	e->e_value_offs = (le16)(d->bs - 100);		/* the value runs past the block */
	xt_try_bad(__kt, d, blk, bad, f, buf);
	memcpy(bad, good, d->bs);
	e->e_value_offs = sizeof(struct ext2_xattr_header);	/* over the entries */
	xt_try_bad(__kt, d, blk, bad, f, buf);
	memcpy(bad, good, d->bs);
	e->e_value_size = 0x7fffffff;			/* a value bigger than the block */
	xt_try_bad(__kt, d, blk, bad, f, buf);
	memcpy(bad, good, d->bs);
	e->e_value_inum = 12;				/* a value in an inode (ea_inode) */
	xt_try_bad(__kt, d, blk, bad, f, buf);
	memcpy(bad, good, d->bs);
	((struct ext2_xattr_header *)bad)->h_magic = 0xEA010000;
	xt_try_bad(__kt, d, blk, bad, f, buf);
	/* the good block back: readable again, then everything removed */
	KT_ASSERT_EQ(ext2t_dev_rw(d->dev, (u64)blk * d->bs, good, d->bs, true), 0);
	KT_ASSERT_EQ(xt_mount(d), 0);
	KT_ASSERT_EQ(xget(f, "user.big", buf, 4096), 300);
	KT_ASSERT_EQ(xremove(f, "user.big"), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
	kfree(good);
}

/* A bad xattr block (a value outside the block or over the entries, too
 * big, in an inode; a wrong magic), written through the block device
 * while unmounted: get, list and set give -EFSCORRUPTED. */
KTEST(ext2_names_xattr_corrupt)
{
	on_xdisks(__kt, corrupt_body);
}
