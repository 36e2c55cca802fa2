/*
 * ext2 directory tests (dir.c, namei.c, symlink.c) on the images of
 * tools/mkdisks: vdd (1 KiB blocks) and vde (4 KiB blocks), each mounted
 * with do_mount() on a directory made for it and unmounted afterwards.
 * Every test runs on both disks, works in a directory of its own on the
 * image and removes it at the end, so that the images keep the tree the
 * host-side checks expect. Boot with ktest=ext2_names.
 */
#include "fs/ext2/test_util.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "kernel/cpu/percpu.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/slab.h"

#define NT_PATH		(NAME_MAX + 96)

struct nt_disk {
	const char *dev;
	const char *mnt;
	unsigned bs;
};

static const struct nt_disk nt_disks[] = {
	{ "/dev/vdd", "/mnt-names-vdd", 1024 },
	{ "/dev/vde", "/mnt-names-vde", 4096 },
};

/* One test on one disk: the disk, the test's directory on it, paths. */
struct nt {
	const struct nt_disk *d;
	char dir[NT_PATH];
	char p[4][NT_PATH];
};

static const char *nt_at(struct nt *t, int i, const char *name)
{
	snprintf(t->p[i], NT_PATH, "%s/%s", t->dir, name);
	return t->p[i];
}

static const char *nt_top(struct nt *t, int i, const char *name)
{
	snprintf(t->p[i], NT_PATH, "%s/%s", t->d->mnt, name);
	return t->p[i];
}

static int nt_mount(const struct nt_disk *d)
{
	return ext2t_mount_keepdir(d->dev, d->mnt);
}

static int nt_umount(const struct nt_disk *d)
{
	return ext2t_umount_keepdir(d->mnt);
}

static int nt_remount(const struct nt_disk *d)
{
	return ext2t_remount(d->dev, d->mnt);
}

/* lstat: the link itself. */
static int nt_lstat(const char *path, struct kstat *st)
{
	struct path p;
	int err = kern_path(path, 0, &p);

	if (err)
		return err;
	err = vfs_getattr(&p, st);
	path_put(&p);
	return err;
}

static int nt_write(const char *path, const char *text)
{
	struct file *f = filp_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = kernel_write(f, text, strlen(text));
	fput(f);
	return n == (ssize_t)strlen(text) ? 0 : (n < 0 ? (int)n : -EIO);
}

static ssize_t nt_read(const char *path, char *buf, size_t len)
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

static int nt_create(const char *path)
{
	struct file *f = filp_open(path, O_CREAT | O_EXCL | O_WRONLY, 0644);

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fput(f);
	return 0;
}

/* ------------------------------------------------------------ readdir */

/* A readdir whose visit() sees every entry; limit entries per call. */
struct walker {
	struct dir_context ctx;
	int limit, taken, n;
	bool (*visit)(struct walker *w, const char *name, int len, u64 ino, unsigned type);
	void *arg;
};

static bool walker_actor(struct dir_context *ctx, const char *name, int len, loff_t pos,
			 u64 ino, unsigned type)
{
	struct walker *w = container_of(ctx, struct walker, ctx);

	if (w->limit && w->taken == w->limit)
		return false;
	if (w->visit && !w->visit(w, name, len, ino, type))
		return false;
	w->taken++;
	w->n++;
	return true;
}

static int walk_dir(const char *dir, struct walker *w, int limit)
{
	struct file *f = filp_open(dir, O_RDONLY | O_DIRECTORY, 0);
	int err, before;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	w->ctx.actor = walker_actor;
	w->ctx.pos = 0;
	w->limit = limit;
	w->n = 0;
	do {
		before = w->n;
		w->taken = 0;
		err = iterate_dir(f, &w->ctx);
	} while (!err && w->n > before);
	fput(f);
	return err;
}

/* Remove dir and what is below it (names collected a batch at a time). */
struct rm_batch {
	int n;
	char name[16][NAME_MAX + 1];
	bool isdir[16];
};

static bool rm_visit(struct walker *w, const char *name, int len, u64 ino, unsigned type)
{
	struct rm_batch *b = w->arg;

	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return true;
	if (b->n == 16)
		return false;
	memcpy(b->name[b->n], name, len);
	b->name[b->n][len] = '\0';
	b->isdir[b->n++] = type == DT_DIR;
	return true;
}

static int rm_tree(const char *dir)
{
	struct rm_batch *b = kzalloc(sizeof(*b), GFP_KERNEL);
	char *child = kmalloc(NT_PATH * 2, GFP_KERNEL);
	struct walker w = { .visit = rm_visit };
	int err = -ENOMEM;

	if (!b || !child)
		goto out;
	w.arg = b;
	for (;;) {
		b->n = 0;
		err = walk_dir(dir, &w, 0);
		if (err || b->n == 0)
			break;
		for (int i = 0; i < b->n; i++) {
			snprintf(child, NT_PATH * 2, "%s/%s", dir, b->name[i]);
			if (b->isdir[i])
				rm_tree(child);
			else
				do_unlinkat(AT_FDCWD, child);
		}
	}
	if (!err)
		err = do_rmdir(AT_FDCWD, dir);
out:
	kfree(child);
	kfree(b);
	return err;
}

/* Mount each disk, make the test's directory sub (unless NULL), run body,
 * remove the directory, unmount. */
static void on_disks(struct ktest_ctx *__kt, const char *sub,
		     void (*body)(struct ktest_ctx *__kt, struct nt *t))
{
	for (unsigned i = 0; i < ARRAY_SIZE(nt_disks); i++) {
		struct nt *t = kzalloc(sizeof(*t), GFP_KERNEL);
		int err;

		KT_ASSERT(t, "no memory");
		t->d = &nt_disks[i];
		err = nt_mount(t->d);
		if (err) {
			kfree(t);
			KT_ASSERT(0, "mount %s: %d", nt_disks[i].dev, err);
		}
		snprintf(t->dir, NT_PATH, "%s/%s", t->d->mnt, sub ? sub : "");
		err = sub ? do_mkdirat(AT_FDCWD, t->dir, 0755) : 0;
		if (!err)
			body(__kt, t);
		if (sub)
			rm_tree(t->dir);
		if (nt_umount(t->d))
			do_umount_path(t->d->mnt, MNT_DETACH);
		kfree(t);
		KT_ASSERT(err == 0, "mkdir on %s: %d", nt_disks[i].dev, err);
		if (__kt->failed)
			return;
	}
}

/* ------------------------------------------------------------ the image's tree */

struct root_seen {
	unsigned mask;
	bool bad;
};

static const struct { const char *name; unsigned type; } root_names[] = {
	{ ".", DT_DIR }, { "..", DT_DIR }, { "lost+found", DT_DIR }, { "hello.txt", DT_REG },
	{ "pattern", DT_REG }, { "sparse", DT_REG }, { "empty", DT_REG }, { "dir", DT_DIR },
	{ "fastlink", DT_LNK }, { "slowlink", DT_LNK }, { "dev-null", DT_CHR },
};

static bool root_visit(struct walker *w, const char *name, int len, u64 ino, unsigned type)
{
	struct root_seen *s = w->arg;

	for (unsigned i = 0; i < ARRAY_SIZE(root_names); i++) {
		if ((int)strlen(root_names[i].name) == len && !memcmp(root_names[i].name, name, len)) {
			if (s->mask & (1u << i) || type != root_names[i].type)
				s->bad = true;
			s->mask |= 1u << i;
			return true;
		}
	}
	s->bad = true;
	return true;
}

struct many_seen {
	u8 seen[300];
	int dots, bad;
};

static bool many_visit(struct walker *w, const char *name, int len, u64 ino, unsigned type)
{
	struct many_seen *s = w->arg;
	int k;

	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'))) {
		s->dots++;
		return true;
	}
	if (len != 4 || name[0] != 'f' || type != DT_REG) {
		s->bad++;
		return true;
	}
	k = (name[1] - '0') * 100 + (name[2] - '0') * 10 + (name[3] - '0');
	if (k < 0 || k >= 300 || s->seen[k]++)
		s->bad++;
	return true;
}

static void readdir_body(struct ktest_ctx *__kt, struct nt *t)
{
	struct root_seen rs = { 0 };
	struct walker w = { .visit = root_visit, .arg = &rs };
	struct many_seen *ms = kzalloc(sizeof(*ms), GFP_KERNEL);
	struct kstat st, st2;
	char buf[16];
	int limit;

	KT_ASSERT(ms, "no memory");
	KT_ASSERT_EQ(walk_dir(t->d->mnt, &w, 0), 0);
	KT_ASSERT(!rs.bad && rs.mask == (1u << ARRAY_SIZE(root_names)) - 1,
		  "root listing: mask %x bad %d", rs.mask, rs.bad);
	for (limit = 0; limit <= 7; limit += 7) {	/* all at once, then 7 per call */
		memset(ms, 0, sizeof(*ms));
		w = (struct walker){ .visit = many_visit, .arg = ms };
		KT_ASSERT_EQ(walk_dir(nt_top(t, 0, "dir/many"), &w, limit), 0);
		KT_ASSERT_EQ(ms->dots, 2);
		KT_ASSERT_EQ(ms->bad, 0);
		for (int k = 0; k < 300; k++)
			KT_ASSERT(ms->seen[k] == 1, "f%03d seen %d times (limit %d)", k, ms->seen[k], limit);
	}
	kfree(ms);
	for (int k = 0; k < 300; k++) {
		snprintf(t->p[1], NT_PATH, "%s/dir/many/f%03d", t->d->mnt, k);
		KT_ASSERT_EQ(vfs_stat(t->p[1], &st), 0);
		KT_ASSERT_EQ(st.size, 5);
		if (k % 37 == 0) {
			KT_ASSERT_EQ(nt_read(t->p[1], buf, sizeof(buf)), 5);
			snprintf(t->p[2], NT_PATH, "f%03d\n", k);
			KT_ASSERT(!strcmp(buf, t->p[2]), "f%03d holds %s", k, buf);
		}
	}
	KT_ASSERT_EQ(vfs_stat(nt_top(t, 0, "dir/many/f300"), &st), -ENOENT);
	KT_ASSERT_EQ(vfs_stat(nt_top(t, 0, "hello.txt"), &st), 0);
	KT_ASSERT_EQ(vfs_stat(nt_top(t, 1, "dir/link-to-hello"), &st2), 0);
	KT_ASSERT_EQ(st.ino, st2.ino);
	KT_ASSERT_EQ(st.nlink, 2);
	KT_ASSERT_EQ(nt_read(t->p[1], buf, sizeof(buf)), 12);
	KT_ASSERT(!strcmp(buf, "hello, ext2\n"), "link-to-hello holds %s", buf);
	KT_ASSERT_EQ(vfs_stat(nt_top(t, 0, "dir"), &st), 0);
	KT_ASSERT_EQ(st.nlink, 3);		/* ".", its entry, many's ".." */
}

/* The root, the 300-entry htree directory (whole and resumed), a lookup
 * of each entry, the hard link. */
KTEST(ext2_names_readdir)
{
	on_disks(__kt, NULL, readdir_body);
}

/* ------------------------------------------------------------ operations */

static int nlink_of(const char *path)
{
	struct kstat st;
	int err = nt_lstat(path, &st);

	return err ? err : (int)st.nlink;
}

static u64 ino_of(const char *path)
{
	struct kstat st;

	return nt_lstat(path, &st) ? 0 : st.ino;
}

/* The tree after ops_body's changes: a (file, 1 link), d/ (2 links),
 * d/b (file), e2/ (moved, empty). */
static void ops_check(struct ktest_ctx *__kt, struct nt *t)
{
	KT_ASSERT_EQ(nlink_of(t->dir), 4);		/* ., entry, d/.., e2/.. */
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "a")), 1);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "d")), 2);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "d/b")), 1);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "e2")), 2);
	KT_ASSERT_EQ(ino_of(nt_at(t, 0, "e2/..")), ino_of(t->dir));
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "f")), -ENOENT);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "c")), -ENOENT);
}

static int nt_rename(struct nt *t, const char *from, const char *to, unsigned flags)
{
	return do_renameat2(AT_FDCWD, nt_at(t, 2, from), AT_FDCWD, nt_at(t, 3, to), flags);
}

static void ops_body(struct ktest_ctx *__kt, struct nt *t)
{
	char buf[8];

	KT_ASSERT_EQ(nlink_of(t->dir), 2);
	KT_ASSERT_EQ(nt_write(nt_at(t, 0, "a"), "A"), 0);
	KT_ASSERT_EQ(nt_create(t->p[0]), -EEXIST);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, nt_at(t, 0, "a"), AT_FDCWD, nt_at(t, 1, "b"), 0), 0);
	KT_ASSERT_EQ(nlink_of(t->p[0]), 2);
	KT_ASSERT_EQ(ino_of(t->p[0]), ino_of(t->p[1]));
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 0, "d"), 0755), 0);
	KT_ASSERT_EQ(nlink_of(t->p[0]), 2);
	KT_ASSERT_EQ(nlink_of(t->dir), 3);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 0, "d/e"), 0755), 0);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "d")), 3);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 0, "d/e"), 0755), -EEXIST);
	/* a file into another directory */
	KT_ASSERT_EQ(nt_rename(t, "b", "d/b", 0), 0);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "b")), -ENOENT);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "d/b")), 2);
	/* a directory up one level: its ".." and both parents' link counts */
	KT_ASSERT_EQ(nt_rename(t, "d/e", "e2", 0), 0);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "d")), 2);
	KT_ASSERT_EQ(nlink_of(t->dir), 4);
	KT_ASSERT_EQ(ino_of(nt_at(t, 0, "e2/..")), ino_of(t->dir));
	/* over an existing file: the victim loses its link */
	KT_ASSERT_EQ(nt_write(nt_at(t, 0, "c"), "C"), 0);
	KT_ASSERT_EQ(nt_rename(t, "c", "d/b", RENAME_NOREPLACE), -EEXIST);
	KT_ASSERT_EQ(nt_rename(t, "c", "d/b", RENAME_EXCHANGE), -EINVAL);
	KT_ASSERT_EQ(nt_rename(t, "c", "d/b", 0), 0);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "a")), 1);
	KT_ASSERT_EQ(nt_read(nt_at(t, 0, "d/b"), buf, sizeof(buf)), 1);
	KT_ASSERT(buf[0] == 'C', "d/b holds %s", buf);
	/* a directory over an empty one, and not over a full one */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 0, "f"), 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 0, "f/g"), 0755), 0);
	KT_ASSERT_EQ(nt_rename(t, "e2", "f", 0), -ENOTEMPTY);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, nt_at(t, 0, "f")), -ENOTEMPTY);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, nt_at(t, 0, "f/g")), 0);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "f")), 2);
	KT_ASSERT_EQ(nt_rename(t, "e2", "f", 0), 0);
	KT_ASSERT_EQ(nt_rename(t, "f", "e2", 0), 0);	/* back, within one directory */
	/* a directory into another one and back */
	KT_ASSERT_EQ(nt_rename(t, "e2", "d/e3", 0), 0);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "d")), 3);
	KT_ASSERT_EQ(ino_of(nt_at(t, 0, "d/e3/..")), ino_of(nt_at(t, 1, "d")));
	KT_ASSERT_EQ(nt_rename(t, "d/e3", "e2", 0), 0);
	KT_ASSERT_EQ(nt_rename(t, "d", "d/x", 0), -EINVAL);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, nt_at(t, 0, "d")), -EISDIR);
	ops_check(__kt, t);
	if (__kt->failed)
		return;
	KT_ASSERT_EQ(nt_remount(t->d), 0);
	ops_check(__kt, t);
}

/* create, link, mkdir, rename (file, directory, across directories, over
 * a file or an empty directory, NOREPLACE, EXCHANGE), rmdir, unlink, with
 * the link counts; the same after a remount. */
KTEST(ext2_names_ops)
{
	on_disks(__kt, "names-ops", ops_body);
}

/* ------------------------------------------------------------ many files */

#define MANY	2000

struct count_seen {
	u8 *seen;
	int bad;
};

static bool count_visit(struct walker *w, const char *name, int len, u64 ino, unsigned type)
{
	struct count_seen *s = w->arg;
	int k = 0;

	if (name[0] == '.')
		return true;
	for (int i = 1; i < len; i++)
		k = k * 10 + (name[i] - '0');
	if (name[0] != 'n' || k >= MANY || s->seen[k]++)
		s->bad++;
	return true;
}

static void many_body(struct ktest_ctx *__kt, struct nt *t)
{
	struct count_seen s = { .seen = kzalloc(MANY, GFP_KERNEL) };
	struct walker w = { .visit = count_visit, .arg = &s };
	struct kstat st;
	char name[16];

	KT_ASSERT(s.seen, "no memory");
	for (int k = 0; k < MANY; k++) {
		snprintf(name, sizeof(name), "n%d", k);
		KT_ASSERT_EQ(nt_create(nt_at(t, 0, name)), 0);
	}
	KT_ASSERT_EQ(walk_dir(t->dir, &w, 0), 0);
	KT_ASSERT_EQ(w.n, MANY + 2);
	KT_ASSERT_EQ(s.bad, 0);
	kfree(s.seen);
	KT_ASSERT_EQ(nt_remount(t->d), 0);
	for (int k = 0; k < MANY; k += 7) {
		snprintf(name, sizeof(name), "n%d", k);
		KT_ASSERT_EQ(vfs_stat(nt_at(t, 0, name), &st), 0);
	}
	for (int k = 0; k < MANY; k++) {
		snprintf(name, sizeof(name), "n%d", k);
		KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, nt_at(t, 0, name)), 0);
	}
	w = (struct walker){ 0 };
	KT_ASSERT_EQ(walk_dir(t->dir, &w, 0), 0);
	KT_ASSERT_EQ(w.n, 2);
	KT_ASSERT_EQ(vfs_stat(t->dir, &st), 0);
	KT_ASSERT(st.size > (loff_t)t->d->bs, "size %lld after 2000 entries", (long long)st.size);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, t->dir), 0);
}

/* 2,000 files in one directory (many blocks), listed, looked up after a
 * remount, removed. */
KTEST(ext2_names_many)
{
	on_disks(__kt, "names-many", many_body);
}

/* ------------------------------------------------------------ names */

static void longname_body(struct ktest_ctx *__kt, struct nt *t)
{
	char *name = kmalloc(NAME_MAX + 2, GFP_KERNEL);
	struct kstat st;

	KT_ASSERT(name, "no memory");
	memset(name, 'L', NAME_MAX + 1);
	name[NAME_MAX + 1] = '\0';
	KT_ASSERT_EQ(nt_create(nt_at(t, 0, name)), -ENAMETOOLONG);
	KT_ASSERT_EQ(vfs_stat(t->p[0], &st), -ENAMETOOLONG);
	name[NAME_MAX] = '\0';
	KT_ASSERT_EQ(nt_write(nt_at(t, 0, name), "long"), 0);
	name[NAME_MAX - 1] = 'M';
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 1, name), 0755), 0);
	KT_ASSERT_EQ(nt_remount(t->d), 0);
	KT_ASSERT_EQ(vfs_stat(t->p[0], &st), 0);
	KT_ASSERT_EQ(st.size, 4);
	KT_ASSERT_EQ(nlink_of(t->p[1]), 2);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->p[0]), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, t->p[1]), 0);
	kfree(name);
}

/* 255-byte names work, 256 give -ENAMETOOLONG. */
KTEST(ext2_names_long)
{
	on_disks(__kt, "names-long", longname_body);
}

/* ------------------------------------------------------------ symlinks */

static void check_link(struct ktest_ctx *__kt, const char *path, const char *target, bool fast)
{
	char *buf = kzalloc(4096, GFP_KERNEL);
	struct kstat st;
	int n;

	KT_ASSERT(buf, "no memory");
	n = do_readlinkat(AT_FDCWD, path, buf, 4096);
	KT_ASSERT(n == (int)strlen(target) && !memcmp(buf, target, n), "%s -> %d bytes", path, n);
	kfree(buf);
	KT_ASSERT_EQ(nt_lstat(path, &st), 0);
	KT_ASSERT_EQ(st.size, (loff_t)strlen(target));
	KT_ASSERT(fast ? st.blocks == 0 : st.blocks > 0, "%s: %llu blocks", path,
		  (unsigned long long)st.blocks);
}

static void symlink_body(struct ktest_ctx *__kt, struct nt *t)
{
	char *t59 = kmalloc(4400, GFP_KERNEL), *t60 = t59 + 64, *tbig = t59 + 128;
	char buf[16];
	struct kstat st;
	size_t big = t->d->bs - 1;

	KT_ASSERT(t59, "no memory");
	memset(t59, 'a', 59);
	t59[59] = '\0';
	memset(t60, 'b', 60);
	t60[60] = '\0';
	memset(tbig, 'c', big + 1);
	tbig[big] = '\0';
	strlcpy(t->p[3], "dir/", NT_PATH);
	memset(t->p[3] + 4, 'x', 100);
	t->p[3][104] = '\0';
	check_link(__kt, nt_top(t, 0, "fastlink"), "hello.txt", true);
	check_link(__kt, nt_top(t, 0, "slowlink"), t->p[3], false);
	KT_ASSERT_EQ(nt_read(nt_top(t, 0, "fastlink"), buf, sizeof(buf)), 12);
	KT_ASSERT_EQ(do_symlinkat(t59, AT_FDCWD, nt_at(t, 0, "l59")), 0);
	KT_ASSERT_EQ(do_symlinkat(t60, AT_FDCWD, nt_at(t, 0, "l60")), 0);
	KT_ASSERT_EQ(do_symlinkat(tbig, AT_FDCWD, nt_at(t, 0, "lbig")), 0);
	tbig[big] = 'c';
	KT_ASSERT_EQ(do_symlinkat(tbig, AT_FDCWD, nt_at(t, 0, "ltoobig")), -ENAMETOOLONG);
	tbig[big] = '\0';
	KT_ASSERT_EQ(do_symlinkat("../hello.txt", AT_FDCWD, nt_at(t, 0, "rel")), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 0, "sub"), 0755), 0);
	snprintf(t->p[3], NT_PATH, "sub/%060d", 7);
	KT_ASSERT_EQ(nt_write(nt_at(t, 0, t->p[3]), "slow target\n"), 0);
	KT_ASSERT_EQ(do_symlinkat(t->p[3], AT_FDCWD, nt_at(t, 1, "to-slow")), 0);
	for (int pass = 0; pass < 2; pass++) {
		check_link(__kt, nt_at(t, 0, "l59"), t59, true);
		check_link(__kt, nt_at(t, 0, "l60"), t60, false);
		check_link(__kt, nt_at(t, 0, "lbig"), tbig, false);
		KT_ASSERT_EQ(nt_read(nt_at(t, 0, "to-slow"), buf, sizeof(buf)), 12);
		KT_ASSERT(!strcmp(buf, "slow target\n"), "through the slow link: %s", buf);
		KT_ASSERT_EQ(vfs_stat(nt_at(t, 0, "rel"), &st), 0);
		KT_ASSERT_EQ(st.size, 12);
		KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "ltoobig")), -ENOENT);
		if (__kt->failed || pass)
			break;
		KT_ASSERT_EQ(nt_remount(t->d), 0);
	}
	kfree(t59);
}

/* The image's fast and slow symlinks; new ones of 59 (fast), 60 and
 * blocksize - 1 bytes (slow), too long, relative; read back after a
 * remount and followed. */
KTEST(ext2_names_symlink)
{
	on_disks(__kt, "names-symlink", symlink_body);
}

/* ------------------------------------------------------------ device nodes */

static void mknod_body(struct ktest_ctx *__kt, struct nt *t)
{
	struct kstat st;

	KT_ASSERT_EQ(nt_lstat(nt_top(t, 0, "dev-null"), &st), 0);
	KT_ASSERT(S_ISCHR(st.mode) && st.rdev == MKDEV(1, 3), "dev-null: mode %o rdev %x",
		  st.mode, st.rdev);
	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, nt_at(t, 0, "chr"), S_IFCHR | 0600, MKDEV(4, 5)), 0);
	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, nt_at(t, 0, "blk"), S_IFBLK | 0600, MKDEV(254, 300)), 0);
	KT_ASSERT_EQ(do_mknodat(AT_FDCWD, nt_at(t, 0, "fifo"), S_IFIFO | 0644, 0), 0);
	KT_ASSERT_EQ(nt_remount(t->d), 0);
	KT_ASSERT_EQ(nt_lstat(nt_at(t, 0, "chr"), &st), 0);
	KT_ASSERT(S_ISCHR(st.mode) && st.rdev == MKDEV(4, 5), "chr: mode %o rdev %x", st.mode, st.rdev);
	KT_ASSERT_EQ(nt_lstat(nt_at(t, 0, "blk"), &st), 0);
	KT_ASSERT(S_ISBLK(st.mode) && st.rdev == MKDEV(254, 300), "blk: mode %o rdev %x", st.mode,
		  st.rdev);
	KT_ASSERT_EQ(nt_lstat(nt_at(t, 0, "fifo"), &st), 0);
	KT_ASSERT(S_ISFIFO(st.mode), "fifo: mode %o", st.mode);
}

/* Device nodes and FIFOs, made and read back after a remount. */
KTEST(ext2_names_mknod)
{
	on_disks(__kt, "names-mknod", mknod_body);
}

/* ------------------------------------------------------------ corruption */

/* The first block of path's directory. */
static u32 dir_block0(const char *path)
{
	struct path p;
	u32 blk;

	if (kern_path(path, 0, &p))
		return 0;
	blk = EXT2_I(d_inode(p.dentry))->i_data[0];
	path_put(&p);
	return blk;
}

static bool count_only(struct walker *w, const char *name, int len, u64 ino, unsigned type)
{
	return true;
}

static void corrupt_body(struct ktest_ctx *__kt, struct nt *t)
{
	unsigned bs = t->d->bs;
	char *good = kmalloc(2 * bs, GFP_KERNEL), *bad = good + bs;
	struct walker w = { .visit = count_only };
	struct ext2_dir_entry_2 *de;
	struct kstat st;
	u32 blk;

	KT_ASSERT(good, "no memory");
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 0, "victim"), 0755), 0);
	KT_ASSERT_EQ(nt_write(nt_at(t, 1, "victim/file"), "x"), 0);
	blk = dir_block0(t->p[0]);
	KT_ASSERT(blk, "no block");
	KT_ASSERT_EQ(nt_umount(t->d), 0);
	KT_ASSERT_EQ(ext2t_dev_rw(t->d->dev, (u64)blk * bs, good, bs, false), 0);
	memcpy(bad, good, bs);
	de = (void *)bad;			/* "." */
	de = (void *)(bad + de->rec_len);	/* ".." */
	de->rec_len = 13;			/* unaligned, and the chain breaks */
	KT_ASSERT_EQ(ext2t_dev_rw(t->d->dev, (u64)blk * bs, bad, bs, true), 0);
	KT_ASSERT_EQ(nt_mount(t->d), 0);
	KT_ASSERT_EQ(walk_dir(t->p[0], &w, 0), -EFSCORRUPTED);
	KT_ASSERT_EQ(vfs_stat(t->p[1], &st), -EFSCORRUPTED);
	KT_ASSERT_EQ(nt_create(nt_at(t, 2, "victim/new")), -EFSCORRUPTED);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, t->p[0]), -ENOTEMPTY);
	/* Put the good block back for the tests that follow. */
	KT_ASSERT_EQ(nt_umount(t->d), 0);
	KT_ASSERT_EQ(ext2t_dev_rw(t->d->dev, (u64)blk * bs, good, bs, true), 0);
	KT_ASSERT_EQ(nt_mount(t->d), 0);
	KT_ASSERT_EQ(walk_dir(t->p[0], &w, 0), 0);
	KT_ASSERT_EQ(w.n, 3);
	kfree(good);
}

/* A directory block with a bad rec_len, written through the block device
 * while unmounted: readdir, lookup and create give -EFSCORRUPTED, rmdir
 * refuses, nothing crashes; the good block put back reads again. */
KTEST(ext2_names_corrupt)
{
	on_disks(__kt, "names-corrupt", corrupt_body);
}

/* ------------------------------------------------------------ threads */

#define TH_ITERS	24

struct th_arg {
	struct nt *t;
	int errors;			/* atomic */
	int first_err;
};

static void th_fail(struct th_arg *a, int err)
{
	if (__atomic_fetch_add(&a->errors, 1, __ATOMIC_RELAXED) == 0)
		a->first_err = err;
}

/* Thread i: create, rename, link, unlink its own names in the shared
 * directory; keep r<i>_<k> for even k. */
static void th_fn(void *arg, unsigned i)
{
	struct th_arg *a = arg;
	char *p = kmalloc(4 * NT_PATH, GFP_KERNEL), *q = p + NT_PATH, *l = q + NT_PATH;
	int err;

	if (!p) {
		th_fail(a, -ENOMEM);
		return;
	}
	for (int k = 0; k < TH_ITERS; k++) {
		snprintf(p, NT_PATH, "%s/c%u_%d", a->t->dir, i, k);
		snprintf(q, NT_PATH, "%s/r%u_%d", a->t->dir, i, k);
		snprintf(l, NT_PATH, "%s/l%u_%d", a->t->dir, i, k);
		if ((err = nt_create(p)) || (err = do_renameat2(AT_FDCWD, p, AT_FDCWD, q, 0)) ||
		    (err = do_linkat(AT_FDCWD, q, AT_FDCWD, l, 0)) ||
		    (err = do_unlinkat(AT_FDCWD, l)) ||
		    ((k & 1) && (err = do_unlinkat(AT_FDCWD, q)))) {
			th_fail(a, err);
			break;
		}
	}
	kfree(p);
}

struct th_seen {
	unsigned nthreads;
	u8 *seen;
	int bad;
};

static bool th_visit(struct walker *w, const char *name, int len, u64 ino, unsigned type)
{
	struct th_seen *s = w->arg;
	unsigned i = 0, k = 0;
	int at = 1;

	if (name[0] == '.')
		return true;
	while (at < len && name[at] != '_')
		i = i * 10 + (unsigned)(name[at++] - '0');
	for (at++; at < len; at++)
		k = k * 10 + (unsigned)(name[at] - '0');
	if (name[0] != 'r' || i >= s->nthreads || k >= TH_ITERS || (k & 1) ||
	    s->seen[i * TH_ITERS + k]++)
		s->bad++;
	return true;
}

static void threads_body(struct ktest_ctx *__kt, struct nt *t)
{
	struct th_arg a = { .t = t };
	unsigned n = nr_cpus_online * 2 < 4 ? 4 : nr_cpus_online * 2;
	struct th_seen s = { .nthreads = n, .seen = kzalloc(n * TH_ITERS, GFP_KERNEL) };
	struct walker w = { .visit = th_visit, .arg = &s };

	KT_ASSERT(s.seen, "no memory");
	KT_ASSERT_EQ(ktest_run_threads(th_fn, &a, n), 0);
	KT_ASSERT(a.errors == 0, "%d threads failed, first with %d", a.errors, a.first_err);
	KT_ASSERT_EQ(nt_remount(t->d), 0);
	KT_ASSERT_EQ(walk_dir(t->dir, &w, 0), 0);
	KT_ASSERT_EQ(s.bad, 0);
	KT_ASSERT_EQ(w.n, (int)(n * TH_ITERS / 2) + 2);
	KT_ASSERT_EQ(nlink_of(nt_at(t, 0, "r0_0")), 1);
	kfree(s.seen);
}

/* Threads on every CPU create, rename, link and unlink in one shared
 * directory; the listing after a remount is exactly what they kept. */
KTEST(ext2_names_threads)
{
	on_disks(__kt, "names-threads", threads_body);
}

/* ------------------------------------------------------------ htree, times */

static u32 iflags_of(const char *path)
{
	struct path p;
	u32 flags;

	if (kern_path(path, 0, &p))
		return ~0u;
	flags = EXT2_I(d_inode(p.dentry))->i_flags;
	path_put(&p);
	return flags;
}

static void htree_body(struct ktest_ctx *__kt, struct nt *t)
{
	struct many_seen *ms = kzalloc(sizeof(*ms), GFP_KERNEL);
	struct walker w = { .visit = many_visit, .arg = ms };
	const char *many = nt_top(t, 0, "dir/many");
	struct kstat st;

	KT_ASSERT(ms, "no memory");
	KT_ASSERT_EQ(vfs_stat(many, &st), 0);
	if (st.size > (loff_t)t->d->bs)	/* one block (vde) gets no index */
		KT_ASSERT(iflags_of(many) & EXT2_INDEX_FL, "dir/many has no htree index");
	KT_ASSERT_EQ(nt_create(nt_top(t, 1, "dir/many/f300")), 0);
	KT_ASSERT_EQ(iflags_of(many) & EXT2_INDEX_FL, 0);	/* the index would be stale */
	KT_ASSERT_EQ(nt_remount(t->d), 0);
	KT_ASSERT_EQ(iflags_of(many) & EXT2_INDEX_FL, 0);
	KT_ASSERT_EQ(vfs_stat(t->p[1], &st), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->p[1]), 0);
	KT_ASSERT_EQ(walk_dir(many, &w, 0), 0);
	KT_ASSERT_EQ(ms->dots, 2);
	KT_ASSERT_EQ(ms->bad, 0);
	for (int k = 0; k < 300; k++)
		KT_ASSERT(ms->seen[k] == 1, "f%03d seen %d times", k, ms->seen[k]);
	kfree(ms);
}

/* A change in the htree directory (made by e2fsck -D) clears its index
 * flag, on disk too; its entries stay as they were. */
KTEST(ext2_names_htree)
{
	on_disks(__kt, NULL, htree_body);
}

/* Set path's mtime and ctime to the second `when` (straight in the inode:
 * setattr would set ctime to now). */
static int set_times(const char *path, s64 when)
{
	struct inode *inode;
	struct path p;
	int err = kern_path(path, 0, &p);

	if (err)
		return err;
	inode = d_inode(p.dentry);
	inode_lock(inode);
	inode->i_mtime = inode->i_ctime = (struct timespec64){ .tv_sec = when };
	mark_inode_dirty(inode);
	inode_unlock(inode);
	path_put(&p);
	return 0;
}

/* Whether path's mtime (ctime) moved on from the second 1000. */
static int times_moved(const char *path, bool *mtime, bool *ctime)
{
	struct kstat st;
	int err = nt_lstat(path, &st);

	*mtime = st.mtime.tv_sec > 1000;
	*ctime = st.ctime.tv_sec > 1000;
	return err;
}

static void times_body(struct ktest_ctx *__kt, struct nt *t)
{
	bool m, c;

	KT_ASSERT_EQ(nt_create(nt_at(t, 0, "f")), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, nt_at(t, 1, "d"), 0755), 0);
	/* create: the directory's mtime and ctime */
	KT_ASSERT_EQ(set_times(t->dir, 1000), 0);
	KT_ASSERT_EQ(nt_create(nt_at(t, 2, "g")), 0);
	KT_ASSERT_EQ(times_moved(t->dir, &m, &c), 0);
	KT_ASSERT(m && c, "create: dir mtime %d ctime %d", m, c);
	/* link: the inode's ctime, not its mtime */
	KT_ASSERT_EQ(set_times(t->p[0], 1000), 0);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, t->p[0], AT_FDCWD, nt_at(t, 3, "f2"), 0), 0);
	KT_ASSERT_EQ(times_moved(t->p[0], &m, &c), 0);
	KT_ASSERT(!m && c, "link: mtime %d ctime %d", m, c);
	/* rename into d: both directories and the inode's ctime */
	KT_ASSERT_EQ(set_times(t->dir, 1000), 0);
	KT_ASSERT_EQ(set_times(t->p[1], 1000), 0);
	KT_ASSERT_EQ(set_times(t->p[0], 1000), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, t->p[0], AT_FDCWD, nt_at(t, 2, "d/f"), 0), 0);
	KT_ASSERT_EQ(times_moved(t->dir, &m, &c), 0);
	KT_ASSERT(m && c, "rename: old dir mtime %d ctime %d", m, c);
	KT_ASSERT_EQ(times_moved(t->p[1], &m, &c), 0);
	KT_ASSERT(m && c, "rename: new dir mtime %d ctime %d", m, c);
	KT_ASSERT_EQ(times_moved(t->p[2], &m, &c), 0);
	KT_ASSERT(!m && c, "rename: inode mtime %d ctime %d", m, c);
	/* unlink: the directory, and the ctime of the inode that stays */
	KT_ASSERT_EQ(set_times(t->p[1], 1000), 0);
	KT_ASSERT_EQ(set_times(t->p[2], 1000), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->p[2]), 0);
	KT_ASSERT_EQ(times_moved(t->p[1], &m, &c), 0);
	KT_ASSERT(m && c, "unlink: dir mtime %d ctime %d", m, c);
	KT_ASSERT_EQ(times_moved(t->p[3], &m, &c), 0);
	KT_ASSERT(!m && c, "unlink: remaining link mtime %d ctime %d", m, c);
	/* times survive a remount */
	KT_ASSERT_EQ(set_times(t->p[1], 1000), 0);
	KT_ASSERT_EQ(nt_remount(t->d), 0);
	KT_ASSERT_EQ(times_moved(t->p[1], &m, &c), 0);
	KT_ASSERT(!m && !c, "remount: mtime %d ctime %d", m, c);
}

/* mtime and ctime of directories and inodes on create, link, rename and
 * unlink, as Linux sets them. */
KTEST(ext2_names_times)
{
	on_disks(__kt, "names-times", times_body);
}
