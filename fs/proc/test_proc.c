/*
 * procfs tests, through filp_open/kernel_read like a user's cat: the
 * kernel's files and what they say, reads in pieces and at offsets of one
 * open's snapshot, /proc/lockstat's reset, readdir, lookups of names
 * registered late, a second mount. Boot with ktest=procfs.
 *
 * Each test body runs under proc_test(), which gives it two text buffers
 * and afterwards closes the file it left open and frees them, whether or
 * not an assertion ended it early.
 */
#include "fs/proc/proc_fs.h"
#include "fs/ramfs/tmpfs.h"
#include "fs/seq_file.h"
#include "fs/vfs/file.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sync/mutex.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define PT_BUF		(512 * 1024)	/* room for the largest text here */

struct pt {
	char *a, *b;			/* PT_BUF bytes each */
	struct file *f;			/* fput by proc_test() */
};

static void proc_test(struct ktest_ctx *__kt, void (*body)(struct ktest_ctx *__kt, struct pt *t))
{
	struct pt t = { 0 };

	t.a = kmalloc(PT_BUF, GFP_KERNEL);
	t.b = kmalloc(PT_BUF, GFP_KERNEL);
	if (t.a && t.b)
		body(__kt, &t);
	else
		ktest_fail(__kt, __FILE__, __LINE__, "no memory for the text buffers");
	if (!IS_ERR_OR_NULL(t.f))
		fput(t.f);
	kfree(t.a);
	kfree(t.b);
}

/* Read f from f_pos to EOF in pieces of chunk bytes into buf (NUL-ended).
 * Returns the length, or -errno, or -EFBIG if buf is too small. */
static long read_rest(struct file *f, char *buf, size_t chunk)
{
	size_t len = 0;

	for (;;) {
		ssize_t n = kernel_read(f, buf + len, MIN(chunk, PT_BUF - 1 - len));

		if (n < 0)
			return n;
		if (n == 0)
			break;
		len += (size_t)n;
		if (len == PT_BUF - 1)
			return -EFBIG;
	}
	buf[len] = '\0';
	return (long)len;
}

/* Open path for reading into t->f and read all of it into buf. */
static long read_text(struct pt *t, const char *path, char *buf)
{
	long len;

	t->f = filp_open(path, O_RDONLY, 0);
	if (IS_ERR(t->f))
		return PTR_ERR(t->f);
	len = read_rest(t->f, buf, PT_BUF);
	fput(t->f);
	t->f = NULL;
	return len;
}

/* Does text have a line starting with prefix? */
static bool has_line(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = text; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, prefix, n) == 0)
			return true;
	}
	return false;
}

/* The first number after prefix on the line starting with it, or -1. */
static long line_number(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = text; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, prefix, n) == 0) {
			p += n;
			while (*p == ' ')
				p++;
			return (long)simple_strtoul(p, NULL, 10);
		}
	}
	return -1;
}

/* ------------------------------------------------------------- mounts */

static void mounts_body(struct ktest_ctx *__kt, struct pt *t)
{
	long len = read_text(t, "/proc/mounts", t->a);

	KT_ASSERT(len > 0, "reading /proc/mounts: %ld", len);
	KT_ASSERT(strstr(t->a, "rootfs / tmpfs rw,size=") && strstr(t->a, ",mode=1777 0 0\n"),
		  "no root tmpfs line in:\n%s", t->a);
	KT_ASSERT(has_line(t->a, "proc /proc proc rw 0 0"), "no proc line in:\n%s", t->a);
	KT_ASSERT(strstr(t->a, "\ndevfs /dev devfs rw"), "no devfs line in:\n%s", t->a);
}

KTEST(procfs_mounts_lists_root_and_proc)
{
	proc_test(__kt, mounts_body);
}

/* ------------------------------------------------- lock reports, memory */

static void reports_body(struct ktest_ctx *__kt, struct pt *t)
{
	long len = read_text(t, "/proc/lockrules", t->a);

	KT_ASSERT(len > 0, "reading /proc/lockrules: %ld", len);
	KT_ASSERT(has_line(t->a, "LOCKRULE-END ops="), "no LOCKRULE-END line");
	KT_ASSERT(has_line(t->a, "LOCKRULE inode.lookup "), "no inode.lookup line");

	len = read_text(t, "/proc/lockdep", t->a);
	KT_ASSERT(len > 0, "reading /proc/lockdep: %ld", len);
	KT_ASSERT(has_line(t->a, "lockdep: reports="), "no report counts");
	KT_ASSERT(has_line(t->a, "zone_lock "), "class zone_lock not listed");
	KT_ASSERT(has_line(t->a, "lockdep: end"), "no end line (text cut?)");
}

KTEST(procfs_lock_reports)
{
	proc_test(__kt, reports_body);
}

static void meminfo_body(struct ktest_ctx *__kt, struct pt *t)
{
	long len = read_text(t, "/proc/meminfo", t->a);
	long total, free_kb;

	KT_ASSERT(len > 0, "reading /proc/meminfo: %ld", len);
	KT_ASSERT(strncmp(t->a, "MemTotal:", 9) == 0, "first line: %s", t->a);
	total = line_number(t->a, "MemTotal:");
	free_kb = line_number(t->a, "MemFree:");
	KT_ASSERT_EQ(total, totalram_pages() * (PAGE_SIZE / 1024));
	KT_ASSERT(free_kb > 0 && free_kb <= total, "MemFree %ld of %ld kB", free_kb, total);
	KT_ASSERT_EQ(line_number(t->a, "Shmem:"), tmpfs_total_pages() * (long)(PAGE_SIZE / 1024));
}

KTEST(procfs_meminfo_has_totals)
{
	proc_test(__kt, meminfo_body);
}

/* ------------------------------------------------------------ lockstat */

static DEFINE_MUTEX(procfs_test_mutex);

static long write_lockstat(struct pt *t, const char *cmd)
{
	long n;

	t->f = filp_open("/proc/lockstat", O_WRONLY, 0);
	if (IS_ERR(t->f))
		return PTR_ERR(t->f);
	n = kernel_write(t->f, cmd, strlen(cmd));
	fput(t->f);
	t->f = NULL;
	return n;
}

static void lockstat_body(struct ktest_ctx *__kt, struct pt *t)
{
	long len, taken;

	for (int i = 0; i < 5; i++) {
		mutex_lock(&procfs_test_mutex);
		mutex_unlock(&procfs_test_mutex);
	}
	len = read_text(t, "/proc/lockstat", t->a);
	KT_ASSERT(len > 0, "reading /proc/lockstat: %ld", len);
	KT_ASSERT(has_line(t->a, "lockstat: end"), "no end line");
	taken = line_number(t->a, "procfs_test_mutex ");
	KT_ASSERT(taken >= 5, "procfs_test_mutex taken %ld times, expected 5 or more", taken);

	KT_ASSERT_EQ(write_lockstat(t, "1"), -EINVAL);
	KT_ASSERT_EQ(write_lockstat(t, "0\n"), 2);
	len = read_text(t, "/proc/lockstat", t->a);
	KT_ASSERT(len > 0, "reading /proc/lockstat again: %ld", len);
	KT_ASSERT(!has_line(t->a, "procfs_test_mutex "), "counters not reset:\n%s", t->a);
}

KTEST(procfs_lockstat_write_zero_resets)
{
	proc_test(__kt, lockstat_body);
}

/* ------------------------------------------------- pieces and offsets */

#define BIG_LINES	1000

/* "line 00000 of ktest-big\n" ...: 24 bytes a line, 24000 in all, so the
 * buffer has to grow from one page to eight. */
static int big_show(struct seq_file *m, void *v)
{
	for (int i = 0; i < BIG_LINES; i++)
		seq_printf(m, "line %05d of ktest-big\n", i);
	return 0;
}

/* One open's text is a snapshot: read in 7-byte pieces, read again in one
 * piece after a seek, and pread at offsets around a page boundary, all
 * agree with what show() wrote. */
static void chunks_body(struct ktest_ctx *__kt, struct pt *t)
{
	struct proc_dir_entry *de = proc_create_single("ktest-big", big_show);
	long small, whole, len = 0;
	loff_t pos;
	char piece[64];

	KT_ASSERT(!IS_ERR(de) || PTR_ERR(de) == -EEXIST, "create: %ld", PTR_ERR(de));
	for (int i = 0; i < BIG_LINES; i++)
		len += snprintf(t->b + len, PT_BUF - (size_t)len, "line %05d of ktest-big\n", i);

	t->f = filp_open("/proc/ktest-big", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(t->f), "open: %ld", PTR_ERR(t->f));
	small = read_rest(t->f, t->a, 7);
	KT_ASSERT_EQ(small, len);
	KT_ASSERT(memcmp(t->a, t->b, (size_t)len) == 0, "text in pieces differs from show()'s");
	KT_ASSERT_EQ(vfs_llseek(t->f, 0, SEEK_SET), 0);
	whole = read_rest(t->f, t->b, PT_BUF);
	KT_ASSERT_EQ(whole, small);
	KT_ASSERT(memcmp(t->a, t->b, (size_t)small) == 0, "texts differ");

	for (loff_t off = PAGE_SIZE - 10; off < (loff_t)PAGE_SIZE + 10; off += 3) {
		ssize_t n;

		pos = off;
		n = vfs_read(t->f, piece, sizeof(piece), &pos);
		KT_ASSERT_EQ(n, sizeof(piece));
		KT_ASSERT_EQ(pos, off + (loff_t)sizeof(piece));
		KT_ASSERT(memcmp(piece, t->a + off, sizeof(piece)) == 0, "pread at %lld differs", off);
	}
	pos = small;
	KT_ASSERT_EQ(vfs_read(t->f, piece, sizeof(piece), &pos), 0);
	KT_ASSERT_EQ(vfs_llseek(t->f, 0, SEEK_END), small);
	KT_ASSERT_EQ(vfs_llseek(t->f, -1, SEEK_SET), -EINVAL);
	fput(t->f);
	t->f = NULL;

	/* The same with a kernel report, whose text changes between opens. */
	t->f = filp_open("/proc/lockdep", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(t->f), "open /proc/lockdep: %ld", PTR_ERR(t->f));
	small = read_rest(t->f, t->a, 7);
	KT_ASSERT(small > 0, "reading /proc/lockdep: %ld", small);
	KT_ASSERT_EQ(vfs_llseek(t->f, 0, SEEK_SET), 0);
	whole = read_rest(t->f, t->b, PT_BUF);
	KT_ASSERT_EQ(whole, small);
	KT_ASSERT(memcmp(t->a, t->b, (size_t)small) == 0, "texts differ");
}

KTEST(procfs_reads_in_chunks_and_at_offsets)
{
	proc_test(__kt, chunks_body);
}

/* ------------------------------------------------------ names, modes */

struct proc_names {
	struct dir_context ctx;
	char seen[512];			/* " name name ... " */
	size_t len;
};

static bool proc_names_actor(struct dir_context *ctx, const char *name, int len, loff_t pos,
			     u64 ino, unsigned type)
{
	struct proc_names *c = container_of(ctx, struct proc_names, ctx);

	if (c->len + (size_t)len + 2 >= sizeof(c->seen))
		return false;
	memcpy(c->seen + c->len, name, (size_t)len);
	c->len += (size_t)len;
	c->seen[c->len++] = ' ';
	c->seen[c->len] = '\0';
	return true;
}

static void readdir_body(struct ktest_ctx *__kt, struct pt *t)
{
	static const char *const want[] = {
		" mounts ", " lockrules ", " lockdep ", " lockstat ", " meminfo ", " locks ",
		" devices ",
	};
	struct proc_names c = { .ctx.actor = proc_names_actor, .seen = " ", .len = 1 };
	int err;

	t->f = filp_open("/proc", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(!IS_ERR(t->f), "open /proc: %ld", PTR_ERR(t->f));
	err = iterate_dir(t->f, &c.ctx);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(strncmp(c.seen, " . .. ", 6) == 0, "dots first: %s", c.seen);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		KT_ASSERT(strstr(c.seen, want[i]), "%s missing from:%s", want[i], c.seen);
}

KTEST(procfs_readdir_lists_entries)
{
	proc_test(__kt, readdir_body);
}

KTEST(procfs_modes_and_errors)
{
	struct kstat st;
	struct file *f;

	KT_ASSERT_EQ(vfs_stat("/proc", &st), 0);
	KT_ASSERT_EQ(st.mode, S_IFDIR | 0555);
	KT_ASSERT_EQ(vfs_stat("/proc/meminfo", &st), 0);
	KT_ASSERT_EQ(st.mode, S_IFREG | 0444);
	KT_ASSERT_EQ(vfs_stat("/proc/lockstat", &st), 0);
	KT_ASSERT_EQ(st.mode, S_IFREG | 0644);
	KT_ASSERT_EQ(vfs_stat("/proc/no-such-entry", &st), -ENOENT);
	f = filp_open("/proc/meminfo", O_WRONLY, 0);
	KT_ASSERT_EQ(PTR_ERR(f), -EACCES);
	KT_ASSERT(do_mkdirat(AT_FDCWD, "/proc/newdir", 0755) < 0, "mkdir in /proc worked");
	KT_ASSERT(do_mknodat(AT_FDCWD, "/proc/newnode", S_IFCHR | 0600, MKDEV(1, 3)) < 0,
		  "mknod in /proc worked");
}

/* ------------------------------------------------------- registration */

static int late_show(struct seq_file *m, void *v)
{
	seq_printf(m, "late entry, data %s\n", (const char *)m->private);
	return 0;
}

/* A name looked up before it exists must be found once registered (no
 * negative dentry hides it), in a subdirectory too. */
static void late_body(struct ktest_ctx *__kt, struct pt *t)
{
	struct proc_dir_entry *dir, *de;
	struct kstat st;
	long len;

	KT_ASSERT_EQ(vfs_stat("/proc/ktest-late", &st), -ENOENT);
	KT_ASSERT_EQ(vfs_stat("/proc/ktest-dir/late", &st), -ENOENT);
	dir = proc_mkdir("ktest-dir", NULL);
	KT_ASSERT(!IS_ERR(dir), "proc_mkdir: %ld", PTR_ERR(dir));
	de = proc_create_single_data("late", 0, dir, late_show, "in a dir");
	KT_ASSERT(!IS_ERR(de), "create in dir: %ld", PTR_ERR(de));
	de = proc_create_single_data("ktest-late", 0, NULL, late_show, "at the root");
	KT_ASSERT(!IS_ERR(de), "create: %ld", PTR_ERR(de));

	KT_ASSERT_EQ(PTR_ERR(proc_create_single("ktest-late", late_show)), -EEXIST);
	KT_ASSERT_EQ(PTR_ERR(proc_create_single("a/b", late_show)), -EINVAL);
	KT_ASSERT_EQ(PTR_ERR(proc_create_single("..", late_show)), -EINVAL);
	KT_ASSERT_EQ(PTR_ERR(proc_create_single_data("x", 0, de, late_show, NULL)), -ENOTDIR);

	len = read_text(t, "/proc/ktest-dir/late", t->a);
	KT_ASSERT(len > 0, "reading the late entry: %ld", len);
	KT_ASSERT(strcmp(t->a, "late entry, data in a dir\n") == 0, "text: %s", t->a);
	KT_ASSERT_EQ(vfs_stat("/proc/ktest-late", &st), 0);
	KT_ASSERT_EQ(vfs_stat("/proc/ktest-dir", &st), 0);
	KT_ASSERT_EQ(st.mode, S_IFDIR | 0555);
}

KTEST(procfs_entries_registered_late_are_found)
{
	proc_test(__kt, late_body);
}

/* ------------------------------------------------------- second mount */

static void second_mount_body(struct ktest_ctx *__kt, struct pt *t)
{
	long len;
	int err;

	err = do_mkdirat(AT_FDCWD, "/t-procfs", 0755);
	KT_ASSERT_EQ(err, 0);
	err = do_mount("proc", "/t-procfs", "proc", 0, NULL);
	if (err) {
		do_rmdir(AT_FDCWD, "/t-procfs");
		KT_ASSERT(false, "mount: %d", err);
	}
	len = read_text(t, "/t-procfs/meminfo", t->a);
	if (len > 0)
		len = read_text(t, "/proc/mounts", t->b);
	err = do_umount_path("/t-procfs", 0);
	do_rmdir(AT_FDCWD, "/t-procfs");
	KT_ASSERT(len > 0, "reading through the second mount: %ld", len);
	KT_ASSERT(has_line(t->b, "proc /t-procfs proc rw 0 0"), "not in /proc/mounts:\n%s", t->b);
	KT_ASSERT_EQ(err, 0);
}

KTEST(procfs_second_mount_and_umount)
{
	proc_test(__kt, second_mount_body);
}

/* ------------------------------------------------- ->show_options */

#include "fs/libfs.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/super.h"
#include "fs/lockrules/lockrules.h"

static int optfs_show_options(struct seq_file *m, struct dentry *root)
{
	seq_puts(m, ",ktest=yes");
	return 0;
}

static const struct super_operations optfs_sops = {
	.statfs = simple_statfs,
	.show_options = optfs_show_options,
};

static int optfs_fill_super(struct super_block *sb, void *data, int silent)
{
	struct inode *root = new_inode(sb);

	if (!root)
		return -ENOMEM;
	sb->s_op = &optfs_sops;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | 0755;
	root->i_op = &simple_dir_inode_operations;
	root->i_fop = &simple_dir_operations;
	set_nlink(root, 2);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct dentry *optfs_mount(struct file_system_type *type, int flags,
				  const char *dev_name, void *data)
{
	return mount_nodev(type, flags, data, optfs_fill_super);
}

static struct file_system_type optfs_type = {
	.name = "ktest-optfs",
	.mount = optfs_mount,
	.kill_sb = kill_anon_super,
};

static void options_body(struct ktest_ctx *__kt, struct pt *t)
{
	long len;
	int err;

	err = register_filesystem(&optfs_type);
	KT_ASSERT(err == 0 || err == -EBUSY || err == -EEXIST, "register: %d", err);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-procfs-opt", 0755), 0);
	err = do_mount("optdev", "/t-procfs-opt", "ktest-optfs", 0, NULL);
	if (err) {
		do_rmdir(AT_FDCWD, "/t-procfs-opt");
		KT_ASSERT(false, "mount: %d", err);
	}
	len = read_text(t, "/proc/mounts", t->a);
	if (len > 0)
		len = read_text(t, "/proc/lockrules", t->b);
	err = do_umount_path("/t-procfs-opt", 0);
	do_rmdir(AT_FDCWD, "/t-procfs-opt");
	KT_ASSERT(len > 0, "reading: %ld", len);
	KT_ASSERT(has_line(t->a, "optdev /t-procfs-opt ktest-optfs rw,ktest=yes 0 0"),
		  "no options in:\n%s", t->a);
	KT_ASSERT(has_line(t->b, "LOCKRULE super.show_options s_umount=none"), "not counted");
	KT_ASSERT_EQ(err, 0);
}

KTEST(procfs_mounts_show_options)
{
	proc_test(__kt, options_body);
}
