/*
 * devfs and character-device tests: the nodes made at boot, what null,
 * zero and the console do, nodes made with mknod on the root tmpfs reaching
 * their driver, -ENXIO without one, and registering a driver. Boot with
 * ktest=devfs.
 *
 * A test that makes nodes works in its own directory "/t-devfs-<name>" on
 * the root tmpfs; dt_test() afterwards closes its file, removes the node
 * and the directory, whether or not an assertion ended it early.
 */
#include "fs/devfs/chrdev.h"
#include "fs/devfs/devfs.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

#define DT_PATH_LEN	64

struct dt {
	const char *dir;
	char node[DT_PATH_LEN];		/* dir/name, unlinked afterwards */
	struct file *f;			/* fput afterwards */
};

static void dt_test(struct ktest_ctx *__kt, const char *dir,
		    void (*body)(struct ktest_ctx *__kt, struct dt *t))
{
	struct dt t = { .dir = dir };
	int err = do_mkdirat(AT_FDCWD, dir, 0755);

	if (err) {
		ktest_fail(__kt, __FILE__, __LINE__, "mkdir %s: %d", dir, err);
		return;
	}
	body(__kt, &t);
	if (!IS_ERR_OR_NULL(t.f))
		fput(t.f);
	if (t.node[0])
		do_unlinkat(AT_FDCWD, t.node);
	err = do_rmdir(AT_FDCWD, dir);
	if (err && !__kt->failed)
		ktest_fail(__kt, __FILE__, __LINE__, "rmdir %s: %d", dir, err);
}

/* Make the node dir/name in t (remembered for removal). */
static int dt_mknod(struct dt *t, const char *name, umode_t mode, dev_t dev)
{
	snprintf(t->node, sizeof(t->node), "%s/%s", t->dir, name);
	return do_mknodat(AT_FDCWD, t->node, mode, dev);
}

/*
 * Open a character node into *fp. A node whose inode has no file
 * operations opens but reaches no driver: that is reported as 1, so the
 * test can say why (init_special_inode() must give it def_chr_fops).
 */
static long open_chr(const char *path, int flags, struct file **fp)
{
	struct file *f = filp_open(path, flags, 0);

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (!f->f_op) {
		fput(f);
		return 1;
	}
	*fp = f;
	return 0;
}

#define DT_UNWIRED "%s reaches no driver: init_special_inode() does not set def_chr_fops"

#define KT_OPEN_CHR(path, flags, fp) do {				\
	long __err = open_chr((path), (flags), (fp));			\
	KT_ASSERT(__err != 1, DT_UNWIRED, (path));			\
	KT_ASSERT(__err == 0, "open %s: %ld", (path), __err);		\
} while (0)

/* ---------------------------------------------------- the boot nodes */

KTEST(devfs_boot_nodes)
{
	static const struct { const char *path; umode_t mode; dev_t dev; } want[] = {
		{ "/dev/null", S_IFCHR | 0666, MKDEV(1, 3) },
		{ "/dev/zero", S_IFCHR | 0666, MKDEV(1, 5) },
		{ "/dev/tty", S_IFCHR | 0666, MKDEV(5, 0) },
		{ "/dev/console", S_IFCHR | 0600, MKDEV(5, 1) },
		{ "/dev/ttyS0", S_IFCHR | 0660, MKDEV(4, 64) },
	};
	struct kstat st;

	KT_ASSERT_EQ(vfs_stat("/dev", &st), 0);
	KT_ASSERT_EQ(st.mode, S_IFDIR | 0755);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
		KT_ASSERT(vfs_stat(want[i].path, &st) == 0, "stat %s", want[i].path);
		KT_ASSERT(st.mode == want[i].mode, "%s mode %o", want[i].path, st.mode);
		KT_ASSERT(st.rdev == want[i].dev, "%s rdev %x", want[i].path, st.rdev);
	}
}

KTEST(devfs_null_reads_eof_and_swallows_writes)
{
	struct file *f = NULL;
	char buf[16] = "unchanged";
	ssize_t r, w;

	KT_OPEN_CHR("/dev/null", O_RDWR, &f);
	r = kernel_read(f, buf, sizeof(buf));
	w = kernel_write(f, "into the void", 13);
	fput(f);
	KT_ASSERT_EQ(r, 0);
	KT_ASSERT_EQ(w, 13);
	KT_ASSERT(strcmp(buf, "unchanged") == 0, "read wrote into the buffer");
}

KTEST(devfs_zero_fills_zeros)
{
	struct file *f = NULL;
	char buf[300];
	ssize_t r;

	KT_OPEN_CHR("/dev/zero", O_RDONLY, &f);
	memset(buf, 0xaa, sizeof(buf));
	r = kernel_read(f, buf, sizeof(buf));
	fput(f);
	KT_ASSERT_EQ(r, sizeof(buf));
	for (size_t i = 0; i < sizeof(buf); i++)
		KT_ASSERT(buf[i] == 0, "byte %zu is %d", i, buf[i]);
}

KTEST(devfs_console_takes_writes)
{
	static const char line[] = "devfs: a line written to /dev/console\n";
	static const char with_nul[] = "devfs: before a NUL\0 and after it\n";
	struct file *f = NULL;
	ssize_t a, b;

	KT_OPEN_CHR("/dev/console", O_WRONLY, &f);
	a = kernel_write(f, line, sizeof(line) - 1);
	b = kernel_write(f, with_nul, sizeof(with_nul) - 1);
	fput(f);
	KT_ASSERT_EQ(a, sizeof(line) - 1);
	KT_ASSERT_EQ(b, sizeof(with_nul) - 1);
	KT_OPEN_CHR("/dev/ttyS0", O_WRONLY, &f);
	KT_ASSERT_EQ(vfs_llseek(f, 0, SEEK_SET), -ESPIPE);
	fput(f);
	/* The test thread has no controlling tty, so /dev/tty is not there. */
	f = filp_open("/dev/tty", O_RDWR, 0);
	if (!IS_ERR(f))
		fput(f);
	KT_ASSERT_EQ(IS_ERR(f) ? PTR_ERR(f) : 0, -ENXIO);
}

/* -------------------------------------------------- nodes elsewhere */

static void tmpfs_node_body(struct ktest_ctx *__kt, struct dt *t)
{
	char buf[8];

	KT_ASSERT_EQ(dt_mknod(t, "null", S_IFCHR | 0666, MKDEV(1, 3)), 0);
	KT_OPEN_CHR(t->node, O_RDWR, &t->f);
	KT_ASSERT_EQ(kernel_write(t->f, "gone", 4), 4);
	KT_ASSERT_EQ(kernel_read(t->f, buf, sizeof(buf)), 0);
}

KTEST(devfs_mknod_on_tmpfs_reaches_driver)
{
	dt_test(__kt, "/t-devfs", tmpfs_node_body);
}

/* Open a character node and close it again: 0, 1 (no driver reached:
 * see open_chr()) or the error of the open. */
static long open_close(const char *path)
{
	struct file *f = NULL;
	long err = open_chr(path, O_RDWR, &f);

	if (!err)
		fput(f);
	return err;
}

#define KT_ASSERT_NO_DRIVER(path) do {					\
	long __err = open_close(path);					\
	KT_ASSERT(__err != 1, DT_UNWIRED, (path));			\
	KT_ASSERT(__err == -ENXIO, "open %s: %ld, expected -ENXIO", (path), __err); \
} while (0)

static void enxio_body(struct ktest_ctx *__kt, struct dt *t)
{
	KT_ASSERT_EQ(dt_mknod(t, "nodriver", S_IFCHR | 0666, MKDEV(199, 0)), 0);
	KT_ASSERT_NO_DRIVER(t->node);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->node), 0);
	KT_ASSERT_EQ(dt_mknod(t, "nominor", S_IFCHR | 0666, MKDEV(1, 99)), 0);
	KT_ASSERT_NO_DRIVER(t->node);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, t->node), 0);
	KT_ASSERT_EQ(dt_mknod(t, "nottyminor", S_IFCHR | 0666, MKDEV(5, 7)), 0);
	KT_ASSERT_NO_DRIVER(t->node);
}

KTEST(devfs_unknown_major_is_enxio)
{
	dt_test(__kt, "/t-devfs-enxio", enxio_body);
}

/* ------------------------------------------------------- registration */

static int dt_opens;		/* test thread only */

static int dt_dev_open(struct inode *inode, struct file *file)
{
	dt_opens++;
	file->private_data = (void *)(unsigned long)MINOR(inode->i_rdev);
	return 0;
}

/* Reads as "minor <n>\n", once. */
static ssize_t dt_dev_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	char text[32];
	int n = snprintf(text, sizeof(text), "minor %lu\n", (unsigned long)file->private_data);

	if (*pos >= n)
		return 0;
	n = MIN(n - (int)*pos, (int)len);
	memcpy(buf, text + *pos, (size_t)n);
	*pos += n;
	return n;
}

static const struct file_operations dt_dev_fops = {
	.open = dt_dev_open,
	.read = dt_dev_read,
};

static const char dt_dev_name[] = "ktest-dev";

static void register_body(struct ktest_ctx *__kt, struct dt *t)
{
	int major = register_chrdev(0, dt_dev_name, &dt_dev_fops);
	char buf[32] = { 0 };
	ssize_t n;
	long err;

	KT_ASSERT(major >= CHRDEV_MAJOR_DYN_LO && major <= CHRDEV_MAJOR_DYN_HI,
		  "dynamic major %d", major);
	KT_ASSERT_EQ(register_chrdev((unsigned)major, "again", &dt_dev_fops), -EBUSY);
	KT_ASSERT_EQ(register_chrdev(MEM_MAJOR, "again", &dt_dev_fops), -EBUSY);
	KT_ASSERT_EQ(register_chrdev(CHRDEV_MAJOR_MAX, "bad", &dt_dev_fops), -EINVAL);

	KT_ASSERT_EQ(dt_mknod(t, "dev", S_IFCHR | 0600, MKDEV(major, 42)), 0);
	dt_opens = 0;
	err = open_chr(t->node, O_RDONLY, &t->f);
	if (err)
		unregister_chrdev((unsigned)major, dt_dev_name);
	KT_ASSERT(err != 1, DT_UNWIRED, t->node);
	KT_ASSERT(err == 0, "open: %ld", err);
	n = kernel_read(t->f, buf, sizeof(buf) - 1);
	fput(t->f);
	t->f = NULL;
	unregister_chrdev((unsigned)major, dt_dev_name);
	KT_ASSERT_EQ(dt_opens, 1);
	KT_ASSERT_EQ(n, 9);
	KT_ASSERT(strcmp(buf, "minor 42\n") == 0, "read \"%s\"", buf);
	KT_ASSERT_NO_DRIVER(t->node);
}

KTEST(devfs_register_chrdev_reaches_driver)
{
	dt_test(__kt, "/t-devfs-reg", register_body);
}

KTEST(devfs_proc_devices_lists_drivers)
{
	struct file *f = filp_open("/proc/devices", O_RDONLY, 0);
	char buf[512];
	ssize_t n;

	KT_ASSERT(!IS_ERR(f), "open /proc/devices: %ld", PTR_ERR(f));
	n = kernel_read(f, buf, sizeof(buf) - 1);
	fput(f);
	KT_ASSERT(n > 0, "read: %ld", (long)n);
	buf[n] = '\0';
	KT_ASSERT(strncmp(buf, "Character devices:\n", 19) == 0, "text: %s", buf);
	KT_ASSERT(strstr(buf, "\n  1 mem\n"), "no mem line: %s", buf);
	KT_ASSERT(strstr(buf, "\n  5 tty\n"), "no tty line: %s", buf);
}
