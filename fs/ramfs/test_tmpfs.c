/*
 * tmpfs tests, through the VFS entry points the syscalls will use: data
 * across pages, holes, truncate, fallocate, directories, rename and its
 * flags, links, symlinks, readdir, unlinked open files, xattrs, statfs,
 * name length, mount options and remount, and concurrent use.
 *
 * Each test works in its own directory "/t-tmpfs-<name>" on the root tmpfs.
 * The body runs under tmpfs_test(), which afterwards closes what the body
 * left open, unmounts what it mounted and removes the whole directory, so
 * a failed assertion leaves nothing behind either. Boot with ktest=tmpfs.
 */
#include "fs/ramfs/tmpfs.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "fs/vfs/xattr.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched/sched.h"
#include "mm/slab.h"

#define TT_PATH_LEN	(NAME_MAX + 64)
#define TT_PATHS	4
#define TT_FILES	4
#define TT_NAMES	48
#define BLOCKS_PER_PAGE	(PAGE_SIZE / 512)

/* What a test body may leave behind, undone by tmpfs_test(). */
struct tt {
	const char *dir;
	char path[TT_PATHS][TT_PATH_LEN];
	struct file *file[TT_FILES];
	const char *mounted;		/* a mountpoint to force-unmount */
	void *buf;			/* kfree'd */
};

/* dir/name in path slot i. */
static const char *at(struct tt *t, int i, const char *name)
{
	snprintf(t->path[i], TT_PATH_LEN, "%s/%s", t->dir, name);
	return t->path[i];
}

/* ------------------------------------------------------------- readdir */

struct names {
	struct dir_context ctx;
	bool skip_dots;
	int limit;			/* entries accepted per iterate_dir call; 0: all */
	int taken;			/* in the current call */
	int n;
	char name[TT_NAMES][NAME_MAX + 1];
	unsigned type[TT_NAMES];
	u64 ino[TT_NAMES];
};

static bool names_actor(struct dir_context *ctx, const char *name, int len, loff_t pos,
			u64 ino, unsigned type)
{
	struct names *c = container_of(ctx, struct names, ctx);

	if (c->skip_dots && name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return true;
	if (c->n == TT_NAMES || (c->limit && c->taken == c->limit))
		return false;
	memcpy(c->name[c->n], name, len);
	c->name[c->n][len] = '\0';
	c->type[c->n] = type;
	c->ino[c->n] = ino;
	c->n++;
	c->taken++;
	return true;
}

/* Read dir's entries into c, limit at a time (0: all in one call). */
static int list_dir(const char *dir, struct names *c, bool skip_dots, int limit)
{
	struct file *f = filp_open(dir, O_RDONLY | O_DIRECTORY, 0);
	int err = 0, before;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	memset(c, 0, sizeof(*c));
	c->ctx.actor = names_actor;
	c->skip_dots = skip_dots;
	c->limit = limit;
	do {
		before = c->n;
		c->taken = 0;
		err = iterate_dir(f, &c->ctx);
	} while (!err && c->n > before && c->n < TT_NAMES);
	fput(f);
	return err;
}

static int find_name(const struct names *c, const char *name)
{
	int found = -1;

	for (int i = 0; i < c->n; i++) {
		if (strcmp(c->name[i], name) == 0) {
			if (found >= 0)
				return -2;	/* listed twice */
			found = i;
		}
	}
	return found;
}

/* Remove dir and everything below it (a batch of names at a time). */
static int rm_tree(const char *dir)
{
	struct names *c = kzalloc(sizeof(*c), GFP_KERNEL);
	char *child = kmalloc(TT_PATH_LEN * 2, GFP_KERNEL);
	int err = -ENOMEM;

	if (!c || !child)
		goto out_free;
	for (;;) {
		err = list_dir(dir, c, true, 0);
		if (err || c->n == 0)
			break;
		for (int i = 0; i < c->n; i++) {
			snprintf(child, TT_PATH_LEN * 2, "%s/%s", dir, c->name[i]);
			if (c->type[i] == DT_DIR)
				rm_tree(child);
			else
				do_unlinkat(AT_FDCWD, child);
		}
	}
	if (!err)
		err = do_rmdir(AT_FDCWD, dir);
out_free:
	kfree(child);
	kfree(c);
	return err;
}

/* ------------------------------------------------------------ fixture */

static void tmpfs_test(struct ktest_ctx *__kt, const char *dir,
		       void (*body)(struct ktest_ctx *__kt, struct tt *t))
{
	struct tt *t = kzalloc(sizeof(*t), GFP_KERNEL);
	struct kstat st;
	int err;

	KT_ASSERT(t, "no memory");
	t->dir = dir;
	err = do_mkdirat(AT_FDCWD, dir, 0755);
	if (err) {
		kfree(t);
		KT_ASSERT(0, "mkdir %s: %d", dir, err);
	}
	body(__kt, t);
	for (int i = 0; i < TT_FILES; i++)
		if (t->file[i])
			fput(t->file[i]);
	if (t->mounted)
		do_umount_path(t->mounted, MNT_FORCE);
	kfree(t->buf);
	kfree(t);
	err = rm_tree(dir);
	if (!__kt->failed) {
		KT_ASSERT_EQ(err, 0);
		KT_ASSERT_EQ(vfs_stat(dir, &st), -ENOENT);
	}
}

/* Open into slot i of t (closed by the fixture if the body stops early). */
static struct file *tt_open(struct tt *t, int i, const char *path, int flags)
{
	struct file *f = filp_open(path, flags, 0644);

	if (!IS_ERR(f))
		t->file[i] = f;
	return f;
}

static void tt_close(struct tt *t, int i)
{
	fput(t->file[i]);
	t->file[i] = NULL;
}

static u8 pattern(loff_t off)
{
	return (u8)(off * 31 + (off >> PAGE_SHIFT) * 7 + 1);
}

static void fill_pattern(u8 *buf, loff_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf[i] = pattern(off + (loff_t)i);
}

/* Index of the first byte of buf that differs from the pattern, or -1. */
static long check_pattern(const u8 *buf, loff_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != pattern(off + (loff_t)i))
			return (long)i;
	return -1;
}

static long first_nonzero(const u8 *buf, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i])
			return (long)i;
	return -1;
}

static int stat_of(const char *path, struct kstat *st)
{
	return vfs_stat(path, st);
}

static int statfs_of(const char *path, struct kstatfs *buf)
{
	struct path p;
	int err = kern_path(path, LOOKUP_FOLLOW, &p);

	if (err)
		return err;
	err = vfs_statfs(&p, buf);
	path_put(&p);
	return err;
}

/* Write len bytes of text to a new (or truncated) file. */
static int write_text(const char *path, const char *text)
{
	struct file *f = filp_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = kernel_write(f, text, strlen(text));
	fput(f);
	return n == (ssize_t)strlen(text) ? 0 : (n < 0 ? (int)n : -EIO);
}

/* Read up to len - 1 bytes of a file into a NUL-terminated buf. */
static ssize_t read_text(const char *path, char *buf, size_t len)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, len - 1);
	fput(f);
	buf[n > 0 ? n : 0] = '\0';
	return n;
}

/* --------------------------------------------------------------- data */

#define RW_SIZE		(64 * PAGE_SIZE + 123)
#define RW_WCHUNK	5000
#define RW_RCHUNK	3000

static void rw_pages(struct ktest_ctx *__kt, struct tt *t)
{
	const char *f = at(t, 0, "data");
	struct kstat st;
	struct file *fp;
	u8 *buf = t->buf = kmalloc(RW_WCHUNK, GFP_KERNEL);
	loff_t off;

	KT_ASSERT(buf, "no memory");
	fp = tt_open(t, 0, f, O_CREAT | O_RDWR);
	KT_ASSERT(!IS_ERR(fp), "create: %ld", PTR_ERR(fp));
	for (off = 0; off < RW_SIZE; off += RW_WCHUNK) {
		size_t n = MIN((size_t)RW_WCHUNK, (size_t)(RW_SIZE - off));

		fill_pattern(buf, off, n);
		KT_ASSERT_EQ(kernel_write(fp, buf, n), n);
	}
	KT_ASSERT_EQ(stat_of(f, &st), 0);
	KT_ASSERT_EQ(st.size, RW_SIZE);
	KT_ASSERT_EQ(st.blocks, DIV_ROUND_UP(RW_SIZE, PAGE_SIZE) * BLOCKS_PER_PAGE);
	KT_ASSERT_EQ(vfs_llseek(fp, 0, SEEK_SET), 0);
	for (off = 0; off < RW_SIZE; off += RW_RCHUNK) {
		size_t n = MIN((size_t)RW_RCHUNK, (size_t)(RW_SIZE - off));
		long bad;

		KT_ASSERT_EQ(kernel_read(fp, buf, RW_RCHUNK), n);
		bad = check_pattern(buf, off, n);
		KT_ASSERT(bad < 0, "byte %ld differs", (long)off + bad);
	}
	KT_ASSERT_EQ(kernel_read(fp, buf, 10), 0);		/* at EOF */
	KT_ASSERT_EQ(vfs_llseek(fp, -123, SEEK_END), RW_SIZE - 123);
	KT_ASSERT_EQ(kernel_read(fp, buf, 200), 123);
	KT_ASSERT(check_pattern(buf, RW_SIZE - 123, 123) < 0, "tail differs");
	tt_close(t, 0);

	fp = tt_open(t, 0, f, O_WRONLY | O_APPEND);
	KT_ASSERT(!IS_ERR(fp), "open O_APPEND: %ld", PTR_ERR(fp));
	KT_ASSERT_EQ(kernel_write(fp, "end", 3), 3);
	KT_ASSERT_EQ(stat_of(f, &st), 0);
	KT_ASSERT_EQ(st.size, RW_SIZE + 3);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
}

KTEST(tmpfs_write_read_across_pages)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-rw", rw_pages);
}

#define HOLE_AT		(5 * PAGE_SIZE + 10)

static void sparse_write(struct ktest_ctx *__kt, struct tt *t)
{
	const char *f = at(t, 0, "sparse");
	u8 *buf = t->buf = kmalloc(HOLE_AT + 3, GFP_KERNEL);
	struct kstat st;
	struct file *fp;

	KT_ASSERT(buf, "no memory");
	fp = tt_open(t, 0, f, O_CREAT | O_RDWR);
	KT_ASSERT(!IS_ERR(fp), "create: %ld", PTR_ERR(fp));
	KT_ASSERT_EQ(kernel_write(fp, "abc", 3), 3);
	KT_ASSERT_EQ(vfs_llseek(fp, HOLE_AT, SEEK_SET), HOLE_AT);
	KT_ASSERT_EQ(kernel_write(fp, "xyz", 3), 3);
	KT_ASSERT_EQ(stat_of(f, &st), 0);
	KT_ASSERT_EQ(st.size, HOLE_AT + 3);
	KT_ASSERT_EQ(st.blocks, 2 * BLOCKS_PER_PAGE);	/* the hole has no pages */
	KT_ASSERT_EQ(vfs_llseek(fp, 0, SEEK_SET), 0);
	memset(buf, 0x55, HOLE_AT + 3);
	KT_ASSERT_EQ(kernel_read(fp, buf, HOLE_AT + 3), HOLE_AT + 3);
	KT_ASSERT(!memcmp(buf, "abc", 3), "head lost");
	KT_ASSERT_EQ(first_nonzero(buf + 3, HOLE_AT - 3), -1);
	KT_ASSERT(!memcmp(buf + HOLE_AT, "xyz", 3), "tail lost");
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
}

KTEST(tmpfs_sparse_write_reads_zeros)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-sparse", sparse_write);
}

static void truncate_sizes(struct ktest_ctx *__kt, struct tt *t)
{
	const char *f = at(t, 0, "trunc");
	u8 *buf = t->buf = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	struct kstat st;
	struct file *fp;
	struct path p;
	int err;

	KT_ASSERT(buf, "no memory");
	fp = tt_open(t, 0, f, O_CREAT | O_RDWR);
	KT_ASSERT(!IS_ERR(fp), "create: %ld", PTR_ERR(fp));
	memset(buf, 0xaa, 2 * PAGE_SIZE);
	KT_ASSERT_EQ(kernel_write(fp, buf, 2 * PAGE_SIZE), 2 * PAGE_SIZE);

	KT_ASSERT_EQ(kern_path(f, 0, &p), 0);
	err = do_truncate(p.dentry, 100);
	if (!err)
		err = do_truncate(p.dentry, 3 * PAGE_SIZE);
	KT_ASSERT_EQ(do_truncate(p.dentry, -1), -EINVAL);
	path_put(&p);
	KT_ASSERT_EQ(err, 0);

	KT_ASSERT_EQ(stat_of(f, &st), 0);
	KT_ASSERT_EQ(st.size, 3 * PAGE_SIZE);
	KT_ASSERT_EQ(st.blocks, BLOCKS_PER_PAGE);	/* only page 0 survived */
	memset(buf, 0x55, 3 * PAGE_SIZE);
	KT_ASSERT_EQ(vfs_llseek(fp, 0, SEEK_SET), 0);
	KT_ASSERT_EQ(kernel_read(fp, buf, 3 * PAGE_SIZE), 3 * PAGE_SIZE);
	for (int i = 0; i < 100; i++)
		KT_ASSERT(buf[i] == 0xaa, "byte %d lost", i);
	KT_ASSERT_EQ(first_nonzero(buf + 100, 3 * PAGE_SIZE - 100), -1);
	tt_close(t, 0);

	fp = tt_open(t, 0, f, O_WRONLY | O_TRUNC);
	KT_ASSERT(!IS_ERR(fp), "open O_TRUNC: %ld", PTR_ERR(fp));
	KT_ASSERT_EQ(stat_of(f, &st), 0);
	KT_ASSERT_EQ(st.size, 0);
	KT_ASSERT_EQ(st.blocks, 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
}

KTEST(tmpfs_truncate_shrink_and_grow)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-trunc", truncate_sizes);
}

static void fallocate_modes(struct ktest_ctx *__kt, struct tt *t)
{
	const char *f = at(t, 0, "falloc");
	u8 *buf = t->buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	struct kstat st;
	struct file *fp;

	KT_ASSERT(buf, "no memory");
	fp = tt_open(t, 0, f, O_CREAT | O_RDWR);
	KT_ASSERT(!IS_ERR(fp), "create: %ld", PTR_ERR(fp));
	KT_ASSERT_EQ(vfs_fallocate(fp, 0, 0, 3 * PAGE_SIZE), 0);
	KT_ASSERT_EQ(stat_of(f, &st), 0);
	KT_ASSERT_EQ(st.size, 3 * PAGE_SIZE);
	KT_ASSERT_EQ(st.blocks, 3 * BLOCKS_PER_PAGE);
	KT_ASSERT_EQ(vfs_fallocate(fp, FALLOC_FL_KEEP_SIZE, 3 * PAGE_SIZE, 2 * PAGE_SIZE), 0);
	KT_ASSERT_EQ(stat_of(f, &st), 0);
	KT_ASSERT_EQ(st.size, 3 * PAGE_SIZE);
	KT_ASSERT_EQ(st.blocks, 5 * BLOCKS_PER_PAGE);
	KT_ASSERT_EQ(vfs_fallocate(fp, 0x08, 0, PAGE_SIZE), -EOPNOTSUPP);	/* collapse range */
	KT_ASSERT_EQ(vfs_fallocate(fp, FALLOC_FL_PUNCH_HOLE, 0, PAGE_SIZE), -EOPNOTSUPP);
	/* A hole over page 4, the last allocated one (and 100 bytes beyond). */
	KT_ASSERT_EQ(vfs_fallocate(fp, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				   4 * PAGE_SIZE, PAGE_SIZE + 100), 0);
	KT_ASSERT_EQ(stat_of(f, &st), 0);
	KT_ASSERT_EQ(st.size, 3 * PAGE_SIZE);
	KT_ASSERT_EQ(st.blocks, 4 * BLOCKS_PER_PAGE);
	KT_ASSERT_EQ(vfs_fallocate(fp, 0, 0, 0), -EINVAL);
	KT_ASSERT_EQ(vfs_llseek(fp, PAGE_SIZE, SEEK_SET), PAGE_SIZE);
	KT_ASSERT_EQ(kernel_read(fp, buf, PAGE_SIZE), PAGE_SIZE);
	KT_ASSERT_EQ(first_nonzero(buf, PAGE_SIZE), -1);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
}

KTEST(tmpfs_fallocate_modes)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-falloc", fallocate_modes);
}

/* --------------------------------------------------------- namespace */

static void mkdir_rmdir(struct ktest_ctx *__kt, struct tt *t)
{
	struct kstat st, top;

	KT_ASSERT_EQ(stat_of(t->dir, &top), 0);
	KT_ASSERT_EQ(top.nlink, 2);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 0, "d"), 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 1, "d/sub"), 0700), 0);
	KT_ASSERT_EQ(stat_of(at(t, 1, "d/sub"), &st), 0);
	KT_ASSERT_EQ(st.mode, S_IFDIR | 0700);
	KT_ASSERT_EQ(stat_of(t->path[0], &st), 0);
	KT_ASSERT_EQ(st.nlink, 3);
	KT_ASSERT_EQ(stat_of(t->dir, &st), 0);
	KT_ASSERT_EQ(st.nlink, 3);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, t->path[0]), -ENOTEMPTY);
	KT_ASSERT_EQ(write_text(at(t, 2, "d/sub/f"), "x"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, t->path[1]), -ENOTEMPTY);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[2]), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, t->path[1]), 0);
	KT_ASSERT_EQ(stat_of(t->path[0], &st), 0);
	KT_ASSERT_EQ(st.nlink, 2);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, t->path[0]), 0);
	KT_ASSERT_EQ(stat_of(t->dir, &st), 0);
	KT_ASSERT_EQ(st.nlink, 2);
}

KTEST(tmpfs_mkdir_rmdir_notempty)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-dirs", mkdir_rmdir);
}

static void rename_moves(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[16];
	struct kstat st, a, b;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 0, "a"), 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 0, "b"), 0755), 0);
	KT_ASSERT_EQ(write_text(at(t, 0, "a/f"), "first"), 0);
	/* within a directory */
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, at(t, 0, "a/f"), AT_FDCWD, at(t, 1, "a/g"), 0), 0);
	KT_ASSERT_EQ(stat_of(t->path[0], &st), -ENOENT);
	KT_ASSERT_EQ(read_text(t->path[1], buf, sizeof(buf)), 5);
	KT_ASSERT(!strcmp(buf, "first"), "read '%s'", buf);
	/* across directories */
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, at(t, 0, "a/g"), AT_FDCWD, at(t, 1, "b/h"), 0), 0);
	KT_ASSERT_EQ(read_text(t->path[1], buf, sizeof(buf)), 5);
	/* over an existing file: the old one goes */
	KT_ASSERT_EQ(write_text(at(t, 0, "b/old"), "second"), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, at(t, 0, "b/h"), AT_FDCWD, at(t, 1, "b/old"), 0), 0);
	KT_ASSERT_EQ(read_text(t->path[1], buf, sizeof(buf)), 5);
	KT_ASSERT(!strcmp(buf, "first"), "read '%s'", buf);
	/* a directory across directories: ".." moves with it */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 0, "a/sub"), 0755), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, at(t, 1, "b/sub"), 0), 0);
	KT_ASSERT_EQ(stat_of(at(t, 0, "a"), &a), 0);
	KT_ASSERT_EQ(stat_of(at(t, 0, "b"), &b), 0);
	KT_ASSERT_EQ(a.nlink, 2);
	KT_ASSERT_EQ(b.nlink, 3);
	/* a directory over an empty one, then over a non-empty one */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 0, "a/empty"), 0755), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, at(t, 1, "b/sub"), AT_FDCWD, t->path[0], 0), 0);
	KT_ASSERT_EQ(stat_of(at(t, 0, "a"), &a), 0);
	KT_ASSERT_EQ(stat_of(at(t, 0, "b"), &b), 0);
	KT_ASSERT_EQ(a.nlink, 3);
	KT_ASSERT_EQ(b.nlink, 2);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 0, "b/full"), 0755), 0);
	KT_ASSERT_EQ(write_text(at(t, 1, "b/full/x"), "x"), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, at(t, 1, "a/empty"), AT_FDCWD, t->path[0], 0), -ENOTEMPTY);
}

KTEST(tmpfs_rename_within_and_across_dirs)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-rename", rename_moves);
}

static void rename_flags(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[16];
	struct kstat a, b;

	KT_ASSERT_EQ(write_text(at(t, 0, "x"), "xx"), 0);
	KT_ASSERT_EQ(write_text(at(t, 1, "y"), "yyy"), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, t->path[1], RENAME_NOREPLACE), -EEXIST);
	KT_ASSERT_EQ(read_text(t->path[0], buf, sizeof(buf)), 2);
	KT_ASSERT_EQ(read_text(t->path[1], buf, sizeof(buf)), 3);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, at(t, 2, "z"), RENAME_NOREPLACE), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[2], AT_FDCWD, t->path[0], 0), 0);

	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, t->path[1], RENAME_EXCHANGE), 0);
	KT_ASSERT_EQ(read_text(t->path[0], buf, sizeof(buf)), 3);
	KT_ASSERT(!strcmp(buf, "yyy"), "x holds '%s'", buf);
	KT_ASSERT_EQ(read_text(t->path[1], buf, sizeof(buf)), 2);
	KT_ASSERT(!strcmp(buf, "xx"), "y holds '%s'", buf);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, at(t, 2, "none"), RENAME_EXCHANGE), -ENOENT);

	/* a directory and a file trade parents: the parents' links follow */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 2, "p"), 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 2, "q"), 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 2, "p/dir"), 0755), 0);
	KT_ASSERT_EQ(write_text(at(t, 3, "q/file"), "f"), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[2], AT_FDCWD, t->path[3], RENAME_EXCHANGE), 0);
	KT_ASSERT_EQ(stat_of(at(t, 0, "p"), &a), 0);
	KT_ASSERT_EQ(stat_of(at(t, 1, "q"), &b), 0);
	KT_ASSERT_EQ(a.nlink, 2);
	KT_ASSERT_EQ(b.nlink, 3);
	KT_ASSERT_EQ(stat_of(at(t, 0, "q/file"), &a), 0);
	KT_ASSERT(S_ISDIR(a.mode), "q/file is not the directory");
	KT_ASSERT_EQ(stat_of(at(t, 0, "p/dir"), &a), 0);
	KT_ASSERT(S_ISREG(a.mode), "p/dir is not the file");
}

KTEST(tmpfs_rename_noreplace_and_exchange)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-rnflags", rename_flags);
}

static void rename_into_self(struct ktest_ctx *__kt, struct tt *t)
{
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 0, "a"), 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 1, "a/b"), 0755), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, at(t, 2, "a/b/c"), 0), -EINVAL);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, at(t, 2, "a/c"), 0), -EINVAL);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[1], AT_FDCWD, t->path[0], 0), -ENOTEMPTY);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, t->path[1], RENAME_EXCHANGE), -EINVAL);
}

KTEST(tmpfs_rename_dir_into_own_subdir)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-rnself", rename_into_self);
}

static void link_counts(struct ktest_ctx *__kt, struct tt *t)
{
	struct kstat f, g;
	char buf[16];

	KT_ASSERT_EQ(write_text(at(t, 0, "f"), "linked"), 0);
	KT_ASSERT_EQ(stat_of(t->path[0], &f), 0);
	KT_ASSERT_EQ(f.nlink, 1);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, t->path[0], AT_FDCWD, at(t, 1, "g"), 0), 0);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, t->path[0], AT_FDCWD, at(t, 2, "h"), 0), 0);
	KT_ASSERT_EQ(stat_of(t->path[1], &g), 0);
	KT_ASSERT_EQ(g.nlink, 3);
	KT_ASSERT_EQ(g.ino, f.ino);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[0]), 0);
	KT_ASSERT_EQ(stat_of(t->path[2], &g), 0);
	KT_ASSERT_EQ(g.nlink, 2);
	KT_ASSERT_EQ(read_text(t->path[2], buf, sizeof(buf)), 6);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[1]), 0);
	KT_ASSERT_EQ(stat_of(t->path[2], &g), 0);
	KT_ASSERT_EQ(g.nlink, 1);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[2]), 0);
	KT_ASSERT_EQ(stat_of(t->path[2], &g), -ENOENT);
}

KTEST(tmpfs_link_counts)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-link", link_counts);
}

static void symlinks(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[64];
	struct kstat st;

	KT_ASSERT_EQ(write_text(at(t, 0, "real"), "through"), 0);
	KT_ASSERT_EQ(do_symlinkat("real", AT_FDCWD, at(t, 1, "rel")), 0);
	KT_ASSERT_EQ(do_symlinkat("/nowhere/at/all", AT_FDCWD, at(t, 2, "dangling")), 0);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, t->path[1], buf, sizeof(buf)), 4);
	KT_ASSERT(!memcmp(buf, "real", 4), "readlink gave '%.4s'", buf);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, t->path[2], buf, sizeof(buf)), 15);
	KT_ASSERT(!memcmp(buf, "/nowhere/at/all", 15), "readlink gave '%.15s'", buf);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, t->path[2], buf, 3), 3);	/* truncated */
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, t->path[0], buf, sizeof(buf)), -EINVAL);
	KT_ASSERT_EQ(read_text(t->path[1], buf, sizeof(buf)), 7);
	KT_ASSERT(!strcmp(buf, "through"), "read '%s' through the link", buf);
	KT_ASSERT_EQ(stat_of(t->path[2], &st), -ENOENT);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[1]), 0);
	KT_ASSERT_EQ(stat_of(t->path[0], &st), 0);		/* the target stays */
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[2]), 0);
}

KTEST(tmpfs_symlink_readlink)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-symlink", symlinks);
}

#define RD_FILES 20

static void readdir_exact(struct ktest_ctx *__kt, struct tt *t)
{
	struct names *c = t->buf = kzalloc(sizeof(*c), GFP_KERNEL);
	char name[16];
	struct kstat st;
	int i;

	KT_ASSERT(c, "no memory");
	for (i = 0; i < RD_FILES; i++) {
		snprintf(name, sizeof(name), "f%d", i);
		KT_ASSERT_EQ(write_text(at(t, 0, name), "r"), 0);
	}
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, at(t, 0, "dir"), 0755), 0);
	KT_ASSERT_EQ(do_symlinkat("f0", AT_FDCWD, at(t, 0, "link")), 0);
	KT_ASSERT_EQ(stat_of(at(t, 0, "missing"), &st), -ENOENT);

	for (int limit = 0; limit <= 3; limit += 3) {	/* all at once, then 3 per call */
		KT_ASSERT_EQ(list_dir(t->dir, c, false, limit), 0);
		KT_ASSERT_EQ(c->n, RD_FILES + 4);
		KT_ASSERT(!strcmp(c->name[0], ".") && !strcmp(c->name[1], ".."), "dots first");
		KT_ASSERT_EQ(stat_of(t->dir, &st), 0);
		KT_ASSERT_EQ(c->ino[0], st.ino);
		for (i = 0; i < RD_FILES; i++) {
			snprintf(name, sizeof(name), "f%d", i);
			int k = find_name(c, name);
			KT_ASSERT(k >= 0, "%s %s", name, k == -2 ? "listed twice" : "missing");
			KT_ASSERT_EQ(c->type[k], DT_REG);
		}
		i = find_name(c, "dir");
		KT_ASSERT(i >= 0 && c->type[i] == DT_DIR, "dir: %d", i);
		i = find_name(c, "link");
		KT_ASSERT(i >= 0 && c->type[i] == DT_LNK, "link: %d", i);
		KT_ASSERT_EQ(find_name(c, "missing"), -1);
	}
	for (i = 0; i < RD_FILES; i += 2) {
		snprintf(name, sizeof(name), "f%d", i);
		KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, at(t, 0, name)), 0);
	}
	KT_ASSERT_EQ(list_dir(t->dir, c, true, 0), 0);
	KT_ASSERT_EQ(c->n, RD_FILES / 2 + 2);
	KT_ASSERT_EQ(find_name(c, "f0"), -1);
	KT_ASSERT(find_name(c, "f1") >= 0, "f1 missing");
}

KTEST(tmpfs_readdir_lists_exactly)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-readdir", readdir_exact);
}

/* The name goes at unlink; the data stays until the last fput(), even
 * after its directory is removed too. */
static void unlinked_open_file(struct ktest_ctx *__kt, struct tt *t)
{
	const char *sub = at(t, 2, "sub"), *f = at(t, 0, "sub/doomed");
	u8 *buf = t->buf = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	struct kstatfs before, during, after;
	struct names *c;
	struct kstat st;
	struct file *w, *r;
	int listed;

	KT_ASSERT(buf, "no memory");
	KT_ASSERT_EQ(statfs_of(t->dir, &before), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, sub, 0755), 0);
	w = tt_open(t, 0, f, O_CREAT | O_WRONLY);
	KT_ASSERT(!IS_ERR(w), "create: %ld", PTR_ERR(w));
	fill_pattern(buf, 0, 2 * PAGE_SIZE);
	KT_ASSERT_EQ(kernel_write(w, buf, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
	r = tt_open(t, 1, f, O_RDONLY);
	KT_ASSERT(!IS_ERR(r), "open: %ld", PTR_ERR(r));
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
	KT_ASSERT_EQ(stat_of(f, &st), -ENOENT);
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	KT_ASSERT(c, "no memory");
	listed = list_dir(sub, c, true, 0) ?: c->n;
	kfree(c);
	KT_ASSERT_EQ(listed, 0);				/* not listed */
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, sub), 0);				/* counts as empty */
	KT_ASSERT_EQ(kernel_write(w, "more", 4), 4);		/* still writable */
	memset(buf, 0, 2 * PAGE_SIZE);
	KT_ASSERT_EQ(kernel_read(r, buf, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
	KT_ASSERT_EQ(check_pattern(buf, 0, 2 * PAGE_SIZE), -1);
	KT_ASSERT_EQ(kernel_read(r, buf, 16), 4);
	KT_ASSERT_EQ(statfs_of(t->dir, &during), 0);
	KT_ASSERT_EQ(before.f_bfree - during.f_bfree, 3);
	KT_ASSERT_EQ(before.f_ffree - during.f_ffree, 2);	/* sub lives on for it */
	tt_close(t, 0);
	tt_close(t, 1);						/* the last reference */
	KT_ASSERT_EQ(statfs_of(t->dir, &after), 0);
	KT_ASSERT_EQ(after.f_bfree, before.f_bfree);
	KT_ASSERT_EQ(after.f_ffree, before.f_ffree);
}

KTEST(tmpfs_unlinked_open_file_keeps_data)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-unlinked", unlinked_open_file);
}

/* ------------------------------------------------- xattrs and statfs */

static void xattrs(struct ktest_ctx *__kt, struct tt *t)
{
	char buf[64];
	struct path p, dev;
	int err;

	KT_ASSERT_EQ(write_text(at(t, 0, "f"), ""), 0);
	KT_ASSERT_EQ(kern_path(t->path[0], 0, &p), 0);
	err = do_mknodat(AT_FDCWD, at(t, 1, "null"), S_IFCHR | 0666, MKDEV(1, 3));
	if (!err)
		err = kern_path(t->path[1], 0, &dev);
	if (err)
		path_put(&p);
	KT_ASSERT_EQ(err, 0);

	err = vfs_setxattr(p.dentry, "user.colour", "blue", 4, 0);
	if (!err)
		err = vfs_setxattr(p.dentry, "trusted.level", "7", 1, XATTR_CREATE);
	if (!err)
		err = vfs_setxattr(p.dentry, "user.empty", "", 0, 0);
	if (!err && vfs_setxattr(p.dentry, "user.colour", "red", 3, XATTR_CREATE) != -EEXIST)
		err = 1;
	if (!err && vfs_setxattr(p.dentry, "user.none", "x", 1, XATTR_REPLACE) != -ENODATA)
		err = 2;
	if (!err && vfs_getxattr(p.dentry, "user.colour", buf, 2) != -ERANGE)
		err = 3;
	if (!err && vfs_getxattr(p.dentry, "user.colour", NULL, 0) != 4)
		err = 4;
	if (!err && (vfs_getxattr(p.dentry, "user.colour", buf, sizeof(buf)) != 4 ||
		     memcmp(buf, "blue", 4)))
		err = 5;
	if (!err && vfs_getxattr(p.dentry, "user.empty", buf, sizeof(buf)) != 0)
		err = 6;
	if (!err && vfs_setxattr(p.dentry, "user.colour", "green", 5, XATTR_REPLACE))
		err = 7;
	if (!err && (vfs_getxattr(p.dentry, "user.colour", buf, sizeof(buf)) != 5 ||
		     memcmp(buf, "green", 5)))
		err = 8;
	if (!err && vfs_listxattr(p.dentry, NULL, 0) != 37)
		err = 9;
	if (!err && (vfs_listxattr(p.dentry, buf, sizeof(buf)) != 37 ||
		     memcmp(buf, "user.colour\0trusted.level\0user.empty\0", 37)))
		err = 10;
	if (!err && vfs_listxattr(p.dentry, buf, 20) != -ERANGE)
		err = 11;
	if (!err && vfs_setxattr(p.dentry, "other.x", "1", 1, 0) != -EOPNOTSUPP)
		err = 12;
	if (!err && vfs_setxattr(p.dentry, "user.", "1", 1, 0) != -EINVAL)
		err = 13;
	if (!err && vfs_setxattr(dev.dentry, "user.x", "1", 1, 0) != -EPERM)
		err = 14;
	if (!err && vfs_setxattr(dev.dentry, "trusted.x", "1", 1, 0))
		err = 15;
	if (!err && vfs_removexattr(p.dentry, "user.colour"))
		err = 16;
	if (!err && vfs_getxattr(p.dentry, "user.colour", buf, sizeof(buf)) != -ENODATA)
		err = 17;
	if (!err && vfs_removexattr(p.dentry, "user.colour") != -ENODATA)
		err = 18;
	path_put(&dev);
	path_put(&p);
	KT_ASSERT(err == 0, "xattr step %d failed", err);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[0]), 0);		/* frees the rest */
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[1]), 0);
}

KTEST(tmpfs_xattr_user_set_get_list_remove)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-xattr", xattrs);
}

static void statfs_counts(struct ktest_ctx *__kt, struct tt *t)
{
	const char *f = at(t, 0, "counted");
	struct kstatfs before, s;
	struct file *fp;
	char page[64];

	memset(page, 'p', sizeof(page));
	KT_ASSERT_EQ(statfs_of(t->dir, &before), 0);
	KT_ASSERT_EQ(before.f_type, TMPFS_MAGIC);
	KT_ASSERT_EQ(before.f_bsize, PAGE_SIZE);
	KT_ASSERT_EQ(before.f_namelen, NAME_MAX);
	KT_ASSERT(before.f_bfree <= before.f_blocks && before.f_ffree <= before.f_files,
		  "more free than total");
	fp = tt_open(t, 0, f, O_CREAT | O_WRONLY);
	KT_ASSERT(!IS_ERR(fp), "create: %ld", PTR_ERR(fp));
	KT_ASSERT_EQ(statfs_of(t->dir, &s), 0);
	KT_ASSERT_EQ(before.f_ffree - s.f_ffree, 1);
	KT_ASSERT_EQ(before.f_bfree - s.f_bfree, 0);
	for (int i = 0; i < 4; i++) {
		KT_ASSERT_EQ(vfs_llseek(fp, i * PAGE_SIZE + 100, SEEK_SET), i * PAGE_SIZE + 100);
		KT_ASSERT_EQ(kernel_write(fp, page, sizeof(page)), sizeof(page));
	}
	KT_ASSERT_EQ(statfs_of(t->dir, &s), 0);
	KT_ASSERT_EQ(before.f_bfree - s.f_bfree, 4);
	tt_close(t, 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, f), 0);
	KT_ASSERT_EQ(statfs_of(t->dir, &s), 0);
	KT_ASSERT_EQ(s.f_bfree, before.f_bfree);
	KT_ASSERT_EQ(s.f_ffree, before.f_ffree);
}

KTEST(tmpfs_statfs_counts)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-statfs", statfs_counts);
}

static void long_names(struct ktest_ctx *__kt, struct tt *t)
{
	char name[NAME_MAX + 2];
	struct file *f;

	KT_ASSERT_EQ(write_text(at(t, 0, "short"), "s"), 0);
	memset(name, 'n', sizeof(name));
	name[NAME_MAX + 1] = '\0';			/* NAME_MAX + 1 characters */
	at(t, 1, name);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, t->path[1], 0755), -ENAMETOOLONG);
	KT_ASSERT_EQ(PTR_ERR(filp_open(t->path[1], O_CREAT | O_WRONLY, 0644)), -ENAMETOOLONG);
	KT_ASSERT_EQ(do_symlinkat("short", AT_FDCWD, t->path[1]), -ENAMETOOLONG);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->path[0], AT_FDCWD, t->path[1], 0), -ENAMETOOLONG);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, t->path[0], AT_FDCWD, t->path[1], 0), -ENAMETOOLONG);
	name[NAME_MAX] = '\0';				/* exactly NAME_MAX: fine */
	f = tt_open(t, 0, at(t, 1, name), O_CREAT | O_WRONLY);
	KT_ASSERT(!IS_ERR(f), "create a NAME_MAX name: %ld", PTR_ERR(f));
	tt_close(t, 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->path[1]), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, at(t, 0, "short")), 0);
}

KTEST(tmpfs_name_too_long)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-longname", long_names);
}

/* ------------------------------------------------- mounts and options */

static void mount_options(struct ktest_ctx *__kt, struct tt *t)
{
	const char *m = at(t, 0, "m");
	char big[3 * PAGE_SIZE / 4];
	struct kstatfs s;
	struct file *f;
	struct path p;
	int err;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, m, 0755), 0);
	KT_ASSERT_EQ(do_mount("bad", m, "tmpfs", 0, "bogus=1"), -EINVAL);
	KT_ASSERT_EQ(do_mount("bad", m, "tmpfs", 0, "size=12q"), -EINVAL);
	KT_ASSERT_EQ(do_mount("lim", m, "tmpfs", 0, "size=8k,nr_inodes=4,mode=700"), 0);
	t->mounted = m;
	KT_ASSERT_EQ(statfs_of(m, &s), 0);
	KT_ASSERT_EQ(s.f_blocks, 2);
	KT_ASSERT_EQ(s.f_files, 4);
	KT_ASSERT_EQ(s.f_ffree, 3);				/* the root is one */

	f = tt_open(t, 0, at(t, 1, "m/big"), O_CREAT | O_WRONLY);
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	memset(big, 'b', sizeof(big));
	KT_ASSERT_EQ(kernel_write(f, big, sizeof(big)), sizeof(big));	/* 3 KiB */
	KT_ASSERT_EQ(kernel_write(f, big, sizeof(big)), sizeof(big));	/* 6 KiB */
	KT_ASSERT_EQ(kernel_write(f, big, sizeof(big)), PAGE_SIZE / 2);	/* short: 8 KiB */
	KT_ASSERT_EQ(kernel_write(f, big, sizeof(big)), -ENOSPC);
	tt_close(t, 0);
	KT_ASSERT_EQ(write_text(at(t, 1, "m/a"), ""), 0);
	KT_ASSERT_EQ(write_text(at(t, 1, "m/b"), ""), 0);
	KT_ASSERT_EQ(write_text(at(t, 1, "m/c"), ""), -ENOSPC);

	KT_ASSERT_EQ(do_mount(NULL, m, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
	KT_ASSERT_EQ(write_text(at(t, 1, "m/c"), ""), -EROFS);
	KT_ASSERT_EQ(kern_path(at(t, 1, "m/a"), 0, &p), 0);
	err = vfs_setxattr(p.dentry, "user.x", "1", 1, 0);
	path_put(&p);
	KT_ASSERT_EQ(err, -EROFS);
	KT_ASSERT_EQ(do_mount(NULL, m, NULL, MS_REMOUNT, "size=4k"), -EINVAL);	/* 2 pages used */
	KT_ASSERT_EQ(do_mount(NULL, m, NULL, MS_REMOUNT, "size=1m,nr_inodes=8"), 0);
	KT_ASSERT_EQ(write_text(at(t, 1, "m/c"), "now it fits"), 0);
	KT_ASSERT_EQ(statfs_of(m, &s), 0);
	KT_ASSERT_EQ(s.f_blocks, 256);

	KT_ASSERT_EQ(do_umount_path(m, MNT_FORCE), 0);		/* umount_begin says so */
	t->mounted = NULL;
	KT_ASSERT_EQ(do_mount("r", m, "ramfs", 0, NULL), 0);
	t->mounted = m;
	KT_ASSERT_EQ(statfs_of(m, &s), 0);
	KT_ASSERT_EQ(s.f_type, TMPFS_MAGIC);
	KT_ASSERT_EQ(write_text(at(t, 1, "m/left"), "litter"), 0);	/* umount frees it */
	KT_ASSERT_EQ(do_umount_path(m, 0), 0);
	t->mounted = NULL;
}

KTEST(tmpfs_mount_options_remount_and_force_umount)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-mount", mount_options);
}

/* ------------------------------------------------------- concurrency */

#define PAR_ROUNDS	30

struct par {
	struct tt *t;
	volatile int errors;
};

/* Thread i creates, writes, renames and removes its own files in one
 * shared directory; thread 0 lists the directory meanwhile. */
static void par_worker(void *arg, unsigned i)
{
	struct par *p = arg;
	char a[64], b[64];
	struct names *c;

	if (i == 0) {
		c = kzalloc(sizeof(*c), GFP_KERNEL);
		for (int r = 0; c && r < PAR_ROUNDS; r++)
			if (list_dir(p->t->dir, c, false, 2) || c->n < 2 ||
			    strcmp(c->name[0], ".") || strcmp(c->name[1], ".."))
				__atomic_fetch_add(&p->errors, 1, __ATOMIC_SEQ_CST);
		kfree(c);
		return;
	}
	snprintf(a, sizeof(a), "%s/w%u", p->t->dir, i);
	snprintf(b, sizeof(b), "%s/v%u", p->t->dir, i);
	for (int r = 0; r < PAR_ROUNDS; r++) {
		char buf[8];

		if (write_text(a, "payload") || do_renameat2(AT_FDCWD, a, AT_FDCWD, b, 0) ||
		    read_text(b, buf, sizeof(buf)) != 7 || strcmp(buf, "payload") ||
		    do_unlinkat(AT_FDCWD, b))
			__atomic_fetch_add(&p->errors, 1, __ATOMIC_SEQ_CST);
	}
}

static void parallel_dir(struct ktest_ctx *__kt, struct tt *t)
{
	struct par p = { .t = t };
	struct names *c = t->buf = kzalloc(sizeof(*c), GFP_KERNEL);

	KT_ASSERT(c, "no memory");
	KT_ASSERT_EQ(ktest_run_threads(par_worker, &p, 2 * nr_cpus_online + 1), 0);
	KT_ASSERT_EQ(p.errors, 0);
	KT_ASSERT_EQ(list_dir(t->dir, c, true, 0), 0);
	KT_ASSERT_EQ(c->n, 0);
}

KTEST(tmpfs_parallel_create_rename_readdir)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-par", parallel_dir);
}

#define PW_PAGES	4	/* per thread */

struct pw {
	struct file *f;
	volatile int errors;
};

/* Thread i writes its own pages of one file and reads them back while the
 * others do the same (and grow i_size under it). */
static void pw_worker(void *arg, unsigned i)
{
	struct pw *p = arg;
	size_t len = PW_PAGES * PAGE_SIZE;
	loff_t off = (loff_t)i * len, pos;
	u8 *buf = kmalloc(len, GFP_KERNEL);

	if (!buf) {
		__atomic_fetch_add(&p->errors, 1, __ATOMIC_SEQ_CST);
		return;
	}
	for (int r = 0; r < 8; r++) {
		fill_pattern(buf, off, len);
		pos = off;
		if (vfs_write(p->f, (const char *)buf, len, &pos) != (ssize_t)len)
			__atomic_fetch_add(&p->errors, 1, __ATOMIC_SEQ_CST);
		memset(buf, 0, len);
		pos = off;
		if (vfs_read(p->f, (char *)buf, len, &pos) != (ssize_t)len ||
		    check_pattern(buf, off, len) >= 0)
			__atomic_fetch_add(&p->errors, 1, __ATOMIC_SEQ_CST);
	}
	kfree(buf);
}

static void parallel_io(struct ktest_ctx *__kt, struct tt *t)
{
	unsigned n = 2 * nr_cpus_online;
	struct pw p = { 0 };
	struct kstat st;

	p.f = tt_open(t, 0, at(t, 0, "shared"), O_CREAT | O_RDWR);
	KT_ASSERT(!IS_ERR(p.f), "create: %ld", PTR_ERR(p.f));
	KT_ASSERT_EQ(ktest_run_threads(pw_worker, &p, n), 0);
	KT_ASSERT_EQ(p.errors, 0);
	KT_ASSERT_EQ(stat_of(t->path[0], &st), 0);
	KT_ASSERT_EQ(st.size, (loff_t)n * PW_PAGES * PAGE_SIZE);
	KT_ASSERT_EQ(st.blocks, n * PW_PAGES * BLOCKS_PER_PAGE);
}

KTEST(tmpfs_parallel_write_read)
{
	tmpfs_test(KT_CTX, "/t-tmpfs-pario", parallel_io);
}
