/*
 * initramfs tests (fs/initramfs.c). Each test writes a newc archive in
 * memory with the small writer below, unpacks it with unpack_cpio() into
 * its own directory "/t-initramfs-<name>" on the root tmpfs and checks
 * what was made: contents, modes, owners, symlink targets, device
 * numbers, hard links. Corrupted archives must be refused with -EINVAL
 * before anything is created. The last test checks the root against the
 * manifest tools/mkcpio put in the boot module's archive.
 *
 * Each body runs under it_test(), which afterwards frees the archive and
 * removes the directory, so a failed assertion leaves nothing behind.
 * Boot with ktest=initramfs.
 */
#include "fs/initramfs.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "kernel/boot/multiboot2.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/page.h"
#include "mm/slab.h"

#define CW_CAP		16384		/* bytes of a test archive */
#define IT_BUF		8192		/* bytes of a file read back */
#define IT_PATH		256
#define IT_NAMES	16
#define HDR_LEN		110
#define HDR_FIELD(i)	(6 + 8 * (i))	/* offset of header field i */
#define F_FILESIZE	6
#define F_NAMESIZE	11
#define BIG_SIZE	5000		/* a file over more than one page */

/* ------------------------------------------------------ archive writer */

/* Header fields a test chooses; the rest are 0. */
struct cw_hdr {
	u32 ino, mode, uid, gid, nlink, mtime, rmaj, rmin;
};

struct cw {
	u8 *buf;			/* CW_CAP bytes */
	size_t len;
	bool overflow;
	u32 next_ino;
};

static void cw_raw(struct cw *w, const void *p, size_t n)
{
	if (w->overflow || n > CW_CAP - w->len) {
		w->overflow = true;
		return;
	}
	memcpy(w->buf + w->len, p, n);
	w->len += n;
}

static void cw_pad(struct cw *w, size_t align)
{
	static const u8 zeros[512];

	cw_raw(w, zeros, (align - w->len % align) % align);
}

/* Append one entry; returns the offset of its header. */
static size_t cw_add(struct cw *w, const char *name, const struct cw_hdr *h,
		     const void *data, u32 size)
{
	char hdr[HDR_LEN + 1];
	u32 namesize = (u32)strlen(name) + 1;
	size_t off = w->len;

	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 h->ino ? h->ino : ++w->next_ino, h->mode, h->uid, h->gid,
		 h->nlink ? h->nlink : 1, h->mtime, size, 0, 0, h->rmaj, h->rmin,
		 namesize, 0);
	cw_raw(w, hdr, HDR_LEN);
	cw_raw(w, name, namesize);
	cw_pad(w, 4);
	cw_raw(w, data, size);
	cw_pad(w, 4);
	return off;
}

static size_t cw_dir(struct cw *w, const char *name, u32 perm)
{
	struct cw_hdr h = { .mode = S_IFDIR | perm, .nlink = 2 };

	return cw_add(w, name, &h, NULL, 0);
}

static size_t cw_file(struct cw *w, const char *name, u32 perm, const char *text)
{
	struct cw_hdr h = { .mode = S_IFREG | perm };

	return cw_add(w, name, &h, text, (u32)strlen(text));
}

static size_t cw_symlink(struct cw *w, const char *name, const char *target)
{
	struct cw_hdr h = { .mode = S_IFLNK | 0777 };

	return cw_add(w, name, &h, target, (u32)strlen(target));
}

static size_t cw_node(struct cw *w, const char *name, u32 mode, u32 rmaj, u32 rmin)
{
	struct cw_hdr h = { .mode = mode, .rmaj = rmaj, .rmin = rmin };

	return cw_add(w, name, &h, NULL, 0);
}

/* End an archive, padded to 512 bytes as cpio does. */
static size_t cw_trailer(struct cw *w)
{
	struct cw_hdr h = { .ino = ~0u };
	size_t off = cw_add(w, "TRAILER!!!", &h, NULL, 0);

	cw_pad(w, 512);
	return off;
}

/* Overwrite header field i of the entry at off with v. */
static void cw_set_field(struct cw *w, size_t off, int i, u32 v)
{
	char hex[9];

	snprintf(hex, sizeof(hex), "%08X", v);
	memcpy(w->buf + off + HDR_FIELD(i), hex, 8);
}

/* ------------------------------------------------------------ helpers */

struct it {
	const char *dir;
	struct cw w;			/* the body's archive */
	char *buf;			/* IT_BUF bytes: a file read back */
	char *want;			/* IT_BUF bytes: what it should hold */
	char *manifest;			/* the boot module's, as long as it is */
	char path[IT_PATH];
};

static const char *at(struct it *t, const char *name)
{
	snprintf(t->path, sizeof(t->path), "%s/%s", t->dir, name);
	return t->path;
}

/* stat without following a final symlink */
static int lstat_path(const char *path, struct kstat *st)
{
	struct path p;
	int err = kern_path(path, 0, &p);

	if (err)
		return err;
	err = vfs_getattr(&p, st);
	path_put(&p);
	return err;
}

/* Read the whole file into buf (NUL-terminated); its length or -errno. */
static long read_file(const char *path, char *buf, size_t size)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	size_t len = 0;
	ssize_t n = 0;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while (len < size - 1 && (n = kernel_read(f, buf + len, size - 1 - len)) > 0)
		len += (size_t)n;
	fput(f);
	buf[len] = '\0';
	return n < 0 ? n : (long)len;
}

struct names {
	struct dir_context ctx;
	int n;
	char name[IT_NAMES][NAME_MAX + 1];
	unsigned type[IT_NAMES];
};

static bool names_actor(struct dir_context *ctx, const char *name, int len, loff_t pos,
			u64 ino, unsigned type)
{
	struct names *c = container_of(ctx, struct names, ctx);

	if (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.')))
		return true;
	if (c->n == IT_NAMES)
		return false;
	memcpy(c->name[c->n], name, len);
	c->name[c->n][len] = '\0';
	c->type[c->n++] = type;
	return true;
}

/* Up to IT_NAMES entries of dir (without . and ..) into c. */
static int list_dir(const char *dir, struct names *c)
{
	struct file *f = filp_open(dir, O_RDONLY | O_DIRECTORY, 0);
	int err;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	memset(c, 0, sizeof(*c));
	c->ctx.actor = names_actor;
	err = iterate_dir(f, &c->ctx);
	fput(f);
	return err;
}

/* Entries in dir, or -errno. */
static int count_entries(const char *dir)
{
	struct names *c = kmalloc(sizeof(*c), GFP_KERNEL);
	int err;

	if (!c)
		return -ENOMEM;
	err = list_dir(dir, c);
	err = err ? err : c->n;
	kfree(c);
	return err;
}

/* Remove dir and everything below it (-EBUSY if something stays). */
static int rm_tree(const char *dir)
{
	struct names *c = kmalloc(sizeof(*c), GFP_KERNEL);
	char *child = kmalloc(PATH_MAX, GFP_KERNEL);
	int err = -ENOMEM, removed = 1;

	if (!c || !child)
		goto out_free;
	while (!(err = list_dir(dir, c)) && c->n) {
		if (!removed) {
			err = -EBUSY;
			break;
		}
		removed = 0;
		for (int i = 0; i < c->n; i++) {
			snprintf(child, PATH_MAX, "%s/%s", dir, c->name[i]);
			if (c->type[i] == DT_DIR)
				removed += !rm_tree(child);
			else
				removed += !do_unlinkat(AT_FDCWD, child);
		}
	}
	if (!err)
		err = do_rmdir(AT_FDCWD, dir);
out_free:
	kfree(child);
	kfree(c);
	return err;
}

static void it_test(struct ktest_ctx *__kt, const char *dir,
		    void (*body)(struct ktest_ctx *__kt, struct it *t))
{
	struct it *t = kzalloc(sizeof(*t), GFP_KERNEL);
	struct kstat st;
	int err;

	KT_ASSERT(t, "no memory");
	t->dir = dir;
	t->w.buf = kzalloc(CW_CAP, GFP_KERNEL);
	t->buf = kmalloc(IT_BUF, GFP_KERNEL);
	t->want = kmalloc(IT_BUF, GFP_KERNEL);
	err = t->w.buf && t->buf && t->want ? do_mkdirat(AT_FDCWD, dir, 0755) : -ENOMEM;
	if (!err)
		body(__kt, t);
	kfree(t->manifest);
	kfree(t->want);
	kfree(t->buf);
	kfree(t->w.buf);
	kfree(t);
	KT_ASSERT(!err, "setting up %s: %d", dir, err);
	err = rm_tree(dir);
	if (!__kt->failed) {
		KT_ASSERT_EQ(err, 0);
		KT_ASSERT_EQ(vfs_stat(dir, &st), -ENOENT);
	}
}

/* Unpack t's archive into t->dir. */
static int unpack(struct it *t)
{
	return t->w.overflow ? -E2BIG : unpack_cpio(t->w.buf, t->w.len, t->dir);
}

/* Assert that the entry name under t->dir has mode (type and permissions). */
#define ASSERT_MODE(t, name, want) do {					\
	struct kstat __st;						\
	KT_ASSERT_EQ(lstat_path(at(t, name), &__st), 0);		\
	KT_ASSERT(__st.mode == (want), "%s: mode %o, expected %o",	\
		  name, (unsigned)__st.mode, (unsigned)(want));		\
} while (0)

/* Assert that the file name under t->dir holds text. */
#define ASSERT_TEXT(t, name, text) do {					\
	long __n = read_file(at(t, name), (t)->buf, IT_BUF);		\
	KT_ASSERT_EQ(__n, (long)strlen(text));				\
	KT_ASSERT(strcmp((t)->buf, text) == 0, "%s holds \"%s\"", name, (t)->buf); \
} while (0)

/* ------------------------------------------------------ valid archives */

static void big_pattern(char *buf)
{
	for (int i = 0; i < BIG_SIZE; i++)
		buf[i] = (char)('a' + i % 23);
	buf[BIG_SIZE] = '\0';
}

static void files_dirs_symlinks(struct ktest_ctx *__kt, struct it *t)
{
	struct cw_hdr motd = { .mode = S_IFREG | 0640, .uid = 5, .gid = 6, .mtime = 1234 };
	char *big = t->want;
	struct kstat st, via;

	big_pattern(big);
	cw_dir(&t->w, ".", 0755);
	cw_dir(&t->w, "etc", 0750);
	cw_add(&t->w, "etc/motd", &motd, "hello, lockstep\n", 16);
	cw_file(&t->w, "etc/big", 0600, big);
	cw_symlink(&t->w, "etc/link", "motd");
	cw_file(&t->w, "./dotted", 0644, "d");
	cw_file(&t->w, "/absolute", 0444, "a");
	cw_file(&t->w, "bin/sub/tool", 0755, "#!x\n");	/* parents not in the archive */
	cw_trailer(&t->w);
	/* Counted: neither "." nor the parents made on the way. */
	KT_ASSERT_EQ(unpack(t), 7);
	ASSERT_MODE(t, "etc", S_IFDIR | 0750);
	ASSERT_MODE(t, "etc/motd", S_IFREG | 0640);
	ASSERT_TEXT(t, "etc/motd", "hello, lockstep\n");
	KT_ASSERT_EQ(lstat_path(at(t, "etc/motd"), &st), 0);
	KT_ASSERT(st.uid == 5 && st.gid == 6, "owner %u:%u", st.uid, st.gid);
	KT_ASSERT_EQ(st.mtime.tv_sec, 1234);
	ASSERT_MODE(t, "etc/big", S_IFREG | 0600);
	ASSERT_TEXT(t, "etc/big", big);
	ASSERT_MODE(t, "etc/link", S_IFLNK | 0777);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, at(t, "etc/link"), t->buf, IT_BUF), 4);
	KT_ASSERT(memcmp(t->buf, "motd", 4) == 0, "link target \"%.4s\"", t->buf);
	KT_ASSERT_EQ(vfs_stat(at(t, "etc/link"), &via), 0);
	KT_ASSERT_EQ(via.ino, st.ino);
	ASSERT_MODE(t, "dotted", S_IFREG | 0644);
	ASSERT_MODE(t, "absolute", S_IFREG | 0444);
	ASSERT_MODE(t, "bin", S_IFDIR | 0755);
	ASSERT_MODE(t, "bin/sub", S_IFDIR | 0755);
	ASSERT_MODE(t, "bin/sub/tool", S_IFREG | 0755);
	ASSERT_TEXT(t, "bin/sub/tool", "#!x\n");
	KT_ASSERT_EQ(count_entries(t->dir), 4);		/* etc dotted absolute bin */
}

KTEST(initramfs_unpacks_files_dirs_and_symlinks)
{
	it_test(__kt, "/t-initramfs-files", files_dirs_symlinks);
}

static void nodes_and_links(struct ktest_ctx *__kt, struct it *t)
{
	struct cw_hdr first = { .ino = 42, .mode = S_IFREG | 0640, .nlink = 2 };
	struct cw_hdr last = { .ino = 42, .mode = S_IFREG | 0640, .nlink = 2 };
	struct kstat a, b;

	cw_node(&t->w, "null", S_IFCHR | 0666, 1, 3);
	cw_node(&t->w, "disk", S_IFBLK | 0660, 8, 1);
	cw_node(&t->w, "pipe", S_IFIFO | 0600, 0, 0);
	cw_add(&t->w, "h1", &first, NULL, 0);		/* GNU cpio: data on the last name */
	cw_add(&t->w, "h2", &last, "shared\n", 7);
	cw_trailer(&t->w);
	KT_ASSERT_EQ(unpack(t), 5);
	ASSERT_MODE(t, "null", S_IFCHR | 0666);
	KT_ASSERT_EQ(lstat_path(at(t, "null"), &a), 0);
	KT_ASSERT_EQ(a.rdev, MKDEV(1, 3));
	ASSERT_MODE(t, "disk", S_IFBLK | 0660);
	KT_ASSERT_EQ(lstat_path(at(t, "disk"), &a), 0);
	KT_ASSERT_EQ(a.rdev, MKDEV(8, 1));
	ASSERT_MODE(t, "pipe", S_IFIFO | 0600);
	KT_ASSERT_EQ(lstat_path(at(t, "h1"), &a), 0);
	KT_ASSERT_EQ(lstat_path(at(t, "h2"), &b), 0);
	KT_ASSERT(a.ino == b.ino, "h1 and h2 are different inodes");
	KT_ASSERT_EQ(a.nlink, 2);
	ASSERT_TEXT(t, "h1", "shared\n");
	ASSERT_MODE(t, "h2", S_IFREG | 0640);
}

KTEST(initramfs_device_nodes_and_hard_links)
{
	it_test(__kt, "/t-initramfs-nodes", nodes_and_links);
}

static void replaces(struct ktest_ctx *__kt, struct it *t)
{
	cw_file(&t->w, "f", 0644, "old contents");
	cw_symlink(&t->w, "l", "a");
	cw_dir(&t->w, "d", 0755);
	cw_trailer(&t->w);
	KT_ASSERT_EQ(unpack(t), 3);
	t->w.len = 0;
	cw_file(&t->w, "f", 0600, "new");
	cw_symlink(&t->w, "l", "b");
	cw_dir(&t->w, "d", 0700);
	cw_file(&t->w, "d/x", 0644, "x");
	cw_trailer(&t->w);
	KT_ASSERT_EQ(unpack(t), 4);
	ASSERT_TEXT(t, "f", "new");
	ASSERT_MODE(t, "f", S_IFREG | 0600);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, at(t, "l"), t->buf, IT_BUF), 1);
	KT_ASSERT(t->buf[0] == 'b', "l still points to %c", t->buf[0]);
	ASSERT_MODE(t, "d", S_IFDIR | 0700);
	/* A file over a non-empty directory fails; later entries still come. */
	t->w.len = 0;
	cw_file(&t->w, "d", 0644, "not a dir");
	cw_file(&t->w, "e", 0644, "e");
	cw_trailer(&t->w);
	KT_ASSERT_EQ(unpack(t), -EISDIR);
	ASSERT_MODE(t, "d", S_IFDIR | 0700);
	ASSERT_TEXT(t, "e", "e");
}

KTEST(initramfs_replaces_existing_entries)
{
	it_test(__kt, "/t-initramfs-replace", replaces);
}

static void concatenated(struct ktest_ctx *__kt, struct it *t)
{
	cw_file(&t->w, "one", 0644, "1");
	cw_trailer(&t->w);				/* pads to 512 bytes */
	cw_dir(&t->w, "two", 0755);
	cw_file(&t->w, "two/three", 0644, "3");
	cw_trailer(&t->w);
	KT_ASSERT_EQ(unpack(t), 3);
	ASSERT_TEXT(t, "one", "1");
	ASSERT_TEXT(t, "two/three", "3");
}

KTEST(initramfs_concatenated_archives)
{
	it_test(__kt, "/t-initramfs-concat", concatenated);
}

/* --------------------------------------------------- malformed archives */

/* Offsets of the entries of the archive corrupt() writes. */
struct good {
	size_t dir, file, last, trailer;
};

/* A valid archive: dir "a", file "a/f", file "b"; then break it with fn. */
static int corrupt(struct it *t, void (*fn)(struct it *t, const struct good *g))
{
	struct good g;
	int n;

	t->w.len = 0;
	g.dir = cw_dir(&t->w, "a", 0755);
	g.file = cw_file(&t->w, "a/f", 0644, "contents");
	g.last = cw_file(&t->w, "b", 0644, "b");
	g.trailer = cw_trailer(&t->w);
	fn(t, &g);
	n = unpack(t);
	return n == -EINVAL && count_entries(t->dir) != 0 ? -EEXIST : n;
}

static void bad_magic(struct it *t, const struct good *g)
{
	t->w.buf[g->file + 5] = '7';			/* "070707": the old ASCII format */
}

static void truncated_header(struct it *t, const struct good *g)
{
	t->w.len = g->last + 50;
}

static void name_past_end(struct it *t, const struct good *g)
{
	cw_set_field(&t->w, g->last, F_NAMESIZE, 0xf00);
}

static void size_past_end(struct it *t, const struct good *g)
{
	cw_set_field(&t->w, g->file, F_FILESIZE, 0x100000);
}

static void size_wraps(struct it *t, const struct good *g)
{
	cw_set_field(&t->w, g->file, F_FILESIZE, 0xffffffff);
}

static void not_hex(struct it *t, const struct good *g)
{
	t->w.buf[g->last + HDR_FIELD(3) + 2] = 'g';
}

static void no_trailer(struct it *t, const struct good *g)
{
	t->w.len = g->trailer;
}

static void name_not_ended(struct it *t, const struct good *g)
{
	t->w.buf[g->last + HDR_LEN + 1] = 'x';		/* "b\0" becomes "bx" */
}

static void zero_name_size(struct it *t, const struct good *g)
{
	cw_set_field(&t->w, g->file, F_NAMESIZE, 0);
}

static void dotdot_name(struct it *t, const struct good *g)
{
	memcpy(t->w.buf + g->file + HDR_LEN, "../", 3);	/* "a/f" becomes "../" */
}

static void junk_after_trailer(struct it *t, const struct good *g)
{
	t->w.buf[t->w.len - 1] = 'j';
}

static void empty(struct it *t, const struct good *g)
{
	t->w.len = 0;
}

static void dir_with_data(struct it *t, const struct good *g)
{
	/* a directory with data: the whole "a/f" entry */
	cw_set_field(&t->w, g->dir, F_FILESIZE, (u32)(g->last - g->file));
}

static void bad_type(struct it *t, const struct good *g)
{
	cw_set_field(&t->w, g->last, 1, 0170644);
}

static void refuses_corruption(struct ktest_ctx *__kt, struct it *t)
{
	static const struct {
		const char *what;
		void (*fn)(struct it *t, const struct good *g);
	} cases[] = {
		{ "bad magic", bad_magic },
		{ "truncated header", truncated_header },
		{ "name past the end", name_past_end },
		{ "file size past the end", size_past_end },
		{ "file size near 4 GiB", size_wraps },
		{ "non-hex field", not_hex },
		{ "no trailer", no_trailer },
		{ "name without its NUL", name_not_ended },
		{ "name size 0", zero_name_size },
		{ "\"..\" in a name", dotdot_name },
		{ "junk after the trailer", junk_after_trailer },
		{ "empty archive", empty },
		{ "directory with data", dir_with_data },
		{ "unknown file type", bad_type },
	};

	for (unsigned i = 0; i < ARRAY_SIZE(cases); i++) {
		int n = corrupt(t, cases[i].fn);

		KT_ASSERT(n != -EEXIST, "%s: refused, but entries were made", cases[i].what);
		KT_ASSERT(n == -EINVAL, "%s: unpack_cpio returned %d", cases[i].what, n);
	}
}

KTEST(initramfs_refuses_malformed_archives)
{
	it_test(__kt, "/t-initramfs-bad", refuses_corruption);
}

/* The same valid archive unpacks, so the cases above failed for their cause. */
static void good_control(struct it *t, const struct good *g)
{
}

static void control(struct ktest_ctx *__kt, struct it *t)
{
	KT_ASSERT_EQ(corrupt(t, good_control), 3);
	ASSERT_TEXT(t, "a/f", "contents");
}

KTEST(initramfs_malformed_cases_start_valid)
{
	it_test(__kt, "/t-initramfs-control", control);
}

/* ------------------------------------------------------ the boot module */

/* Check the entry a manifest line "MODE SIZE /PATH" names. 0 or -EINVAL
 * (a bad line), or -ENOENT, -ERANGE (mode or size differ) with why set. */
static int check_manifest_line(const char *line, char *why, size_t whylen)
{
	const char *p;
	unsigned long mode = simple_strtoul(line, &p, 8), size;
	struct kstat st;
	int err;

	if (*p != ' ')
		return -EINVAL;
	size = simple_strtoul(p + 1, &p, 10);
	if (*p != ' ' || p[1] != '/')
		return -EINVAL;
	err = lstat_path(p + 1, &st);
	if (err) {
		snprintf(why, whylen, "%s: error %d", p + 1, err);
		return err;
	}
	if (st.mode != mode || ((S_ISREG(st.mode) || S_ISLNK(st.mode)) && st.size != (loff_t)size)) {
		snprintf(why, whylen, "%s: mode %o size %ld, the manifest says %lo %lu",
			 p + 1, (unsigned)st.mode, (long)st.size, mode, size);
		return -ERANGE;
	}
	return 0;
}

static void boot_module(struct ktest_ctx *__kt, struct it *t)
{
	const struct boot_module *m = initramfs_module();
	char why[IT_PATH + 80];
	int entries = 0, err;
	struct kstat st;
	long len;

	KT_ASSERT_EQ(vfs_stat("/etc/initramfs-manifest", &st), 0);
	t->manifest = kmalloc((size_t)st.size + 1, GFP_KERNEL);
	KT_ASSERT(t->manifest, "no memory for %ld bytes", (long)st.size);
	len = read_file("/etc/initramfs-manifest", t->manifest, (size_t)st.size + 1);
	KT_ASSERT(len > 0 && len == st.size, "/etc/initramfs-manifest: %ld", len);
	for (char *line = t->manifest, *nl; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		KT_ASSERT(nl, "manifest line without its newline");
		*nl = '\0';
		if (line[0] == '#')
			continue;
		err = check_manifest_line(line, why, sizeof(why));
		KT_ASSERT(err != -EINVAL, "bad manifest line \"%s\"", line);
		KT_ASSERT(!err, "%s", why);
		entries++;
	}
	KT_ASSERT(entries > 0, "the manifest lists nothing");
	len = read_file("/etc/motd", t->want, IT_BUF);
	KT_ASSERT(len > 0, "/etc/motd: %ld", len);
	/* Unpacked again elsewhere: every listed entry, the manifest, the same motd. */
	KT_ASSERT_EQ(unpack_cpio(phys_to_virt(m->start), m->end - m->start, t->dir), entries + 1);
	ASSERT_TEXT(t, "etc/motd", t->want);
}

KTEST(initramfs_boot_module_matches_manifest)
{
	if (!initramfs_module())
		return;			/* booted without an initramfs: nothing to check */
	it_test(__kt, "/t-initramfs-boot", boot_module);
}
