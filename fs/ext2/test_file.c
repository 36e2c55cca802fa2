/*
 * Tests of ext2 regular files (ktest=ext2_file): fallocate (real zeroed
 * blocks, the size kept or grown) and hole punching (partial blocks
 * zeroed, whole blocks freed), unsupported modes refused; O_DIRECT reads
 * and writes coherent with the page cache and the disk; fsync and
 * fdatasync; writers on every CPU, each to its own file and all appending
 * to one shared file, read back after a remount. Files are made by each
 * test on vdd (1 KiB blocks) or vde (4 KiB blocks) and removed after.
 */
#include "fs/ext2/test_util.h"
#include "fs/vfs/inode.h"
#include "kernel/cpu/percpu.h"
#include "kernel/ktest/ktest.h"
#include "mm/page_alloc.h"

#define BUF_SIZE	16384

static const struct ext2t_disk vdd = { "/dev/vdd", "/mnt-ef-vdd", 1024 };
static const struct ext2t_disk vde = { "/dev/vde", "/mnt-ef-vde", 4096 };

static int unlink_in(const struct ext2t_disk *d, const char *name)
{
	char path[96];

	return do_unlinkat(AT_FDCWD, ext2t_path_in(path, d, name));
}

/* Write len bytes of pattern(i) at 0. */
static bool write_pattern(struct file *f, size_t len, char *buf)
{
	for (loff_t pos = 0; pos < (loff_t)len; pos += BUF_SIZE) {
		size_t n = MIN((size_t)BUF_SIZE, len - (size_t)pos);

		for (size_t i = 0; i < n; i++)
			buf[i] = (char)ext2t_pattern((u64)pos + i);
		if (ext2t_pwrite(f, buf, n, pos) != (ssize_t)n)
			return false;
	}
	return true;
}

/* ------------------------------------------------------------ fallocate */

#define FA_SIZE		(256 * 1024)
#define PUNCH_AT	10000
#define PUNCH_END	150000

static bool punched_ok(struct file *f, char *buf)
{
	return i_size_read(file_inode(f)) == FA_SIZE &&
	       ext2t_check_pattern(f, 0, PUNCH_AT, 0, buf, BUF_SIZE) == -1 &&
	       ext2t_zeros(f, PUNCH_AT, PUNCH_END - PUNCH_AT, buf, BUF_SIZE) &&
	       ext2t_check_pattern(f, PUNCH_END, FA_SIZE - PUNCH_END, 0, buf, BUF_SIZE) == -1;
}

static void fallocate_on(struct ktest_ctx *__kt, const struct ext2t_disk *d)
{
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL);
	u64 blocks;
	struct file *f;

	KT_ASSERT(buf, "no memory");
	KT_ASSERT_EQ(ext2t_mount_keepdir(d->dev, d->dir), 0);
	f = ext2t_open_in(d, "ef-fa", O_RDWR | O_CREAT | O_TRUNC);
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(vfs_fallocate(f, 0, 0, FA_SIZE), 0);
	KT_ASSERT_EQ(i_size_read(file_inode(f)), FA_SIZE);
	KT_ASSERT(file_inode(f)->i_blocks >= FA_SIZE / 512, "%llu sectors",
		  (unsigned long long)file_inode(f)->i_blocks);
	KT_ASSERT(ext2t_zeros(f, 0, FA_SIZE, buf, BUF_SIZE), "fallocated blocks not zero");
	KT_ASSERT_EQ(vfs_fallocate(f, 0x10, 0, 4096), -EOPNOTSUPP);	/* collapse range */
	KT_ASSERT_EQ(vfs_fallocate(f, FALLOC_FL_PUNCH_HOLE, 0, 4096), -EOPNOTSUPP);
	/* KEEP_SIZE inside the file: nothing to allocate, size kept */
	KT_ASSERT_EQ(vfs_fallocate(f, FALLOC_FL_KEEP_SIZE, 4096, 8192), 0);
	KT_ASSERT_EQ(i_size_read(file_inode(f)), FA_SIZE);
	/* KEEP_SIZE past the end: ext2 cannot keep blocks there */
	KT_ASSERT_EQ(vfs_fallocate(f, FALLOC_FL_KEEP_SIZE, FA_SIZE, 8192), -EOPNOTSUPP);
	fput(f);
	KT_ASSERT_EQ(ext2t_remount(d->dev, d->dir), 0);

	f = ext2t_open_in(d, "ef-fa", O_RDWR);
	KT_ASSERT(!IS_ERR(f), "reopen: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(i_size_read(file_inode(f)), FA_SIZE);
	KT_ASSERT(ext2t_zeros(f, 0, FA_SIZE, buf, BUF_SIZE), "zeros lost in the remount");
	KT_ASSERT(write_pattern(f, FA_SIZE, buf), "write");
	KT_ASSERT_EQ(vfs_fsync(f, 0), 0);
	blocks = file_inode(f)->i_blocks;
	KT_ASSERT_EQ(vfs_fallocate(f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, PUNCH_AT,
				   PUNCH_END - PUNCH_AT), 0);
	KT_ASSERT(punched_ok(f, buf), "punched file wrong");
	KT_ASSERT(file_inode(f)->i_blocks <= blocks - (PUNCH_END - PUNCH_AT - 2 * d->bs) / 512,
		  "%llu sectors after the punch, %llu before",
		  (unsigned long long)file_inode(f)->i_blocks, (unsigned long long)blocks);
	KT_ASSERT_EQ(vfs_fsync(f, 1), 0);
	fput(f);
	KT_ASSERT_EQ(ext2t_remount(d->dev, d->dir), 0);
	f = ext2t_open_in(d, "ef-fa", O_RDONLY);
	KT_ASSERT(!IS_ERR(f), "reopen: %ld", PTR_ERR(f));
	KT_ASSERT(punched_ok(f, buf), "punched file wrong after the remount");
	fput(f);
	kfree(buf);
	KT_ASSERT_EQ(unlink_in(d, "ef-fa"), 0);
	KT_ASSERT_EQ(ext2t_umount_keepdir(d->dir), 0);
}

KTEST(ext2_file_fallocate_punch_vdd)
{
	fallocate_on(__kt, &vdd);
}

KTEST(ext2_file_fallocate_punch_vde)
{
	fallocate_on(__kt, &vde);
}

/* ------------------------------------------------------------ O_DIRECT */

#define DIO_SIZE	(128 * 1024)

static void direct_io_on(struct ktest_ctx *__kt, const struct ext2t_disk *d)
{
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL);
	char *dbuf = __get_free_pages(GFP_KERNEL, 4);	/* 64 KiB, page-aligned */
	struct file *f, *fd;

	KT_ASSERT(buf && dbuf, "no memory");
	KT_ASSERT_EQ(ext2t_mount_keepdir(d->dev, d->dir), 0);
	f = ext2t_open_in(d, "ef-dio", O_RDWR | O_CREAT | O_TRUNC);
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	KT_ASSERT(write_pattern(f, DIO_SIZE, buf), "write");
	fd = ext2t_open_in(d, "ef-dio", O_RDWR | O_DIRECT);
	KT_ASSERT(!IS_ERR(fd), "open O_DIRECT: %ld", PTR_ERR(fd));

	/* a read sees the dirty cached data (written back first) */
	KT_ASSERT_EQ(ext2t_pread(fd, dbuf, 65536, 32768), 65536);
	for (size_t i = 0; i < 65536; i++)
		KT_ASSERT((u8)dbuf[i] == ext2t_pattern(32768 + i), "O_DIRECT read differs at %zu", i);
	/* a write inside the file goes to the disk; buffered reads see it */
	memset(dbuf, 0x5a, 16384);
	KT_ASSERT_EQ(ext2t_pwrite(fd, dbuf, 16384, 49152), 16384);
	KT_ASSERT_EQ(ext2t_pread(f, buf, 16384, 49152), 16384);
	for (size_t i = 0; i < 16384; i++)
		KT_ASSERT(buf[i] == 0x5a, "buffered read after O_DIRECT write at %zu", i);
	/* past the end: falls back to the cache, the size grows */
	memset(dbuf, 0x3c, 8192);
	KT_ASSERT_EQ(ext2t_pwrite(fd, dbuf, 8192, DIO_SIZE), 8192);
	KT_ASSERT_EQ(i_size_read(file_inode(f)), DIO_SIZE + 8192);
	/* a read across the end returns what there is */
	KT_ASSERT_EQ(ext2t_pread(fd, dbuf, 16384, DIO_SIZE), 8192);
	KT_ASSERT(dbuf[0] == 0x3c && dbuf[8191] == 0x3c, "tail read");
	KT_ASSERT_EQ(vfs_fsync(fd, 0), 0);
	fput(fd);
	fput(f);
	KT_ASSERT_EQ(ext2t_remount(d->dev, d->dir), 0);

	f = ext2t_open_in(d, "ef-dio", O_RDONLY);
	KT_ASSERT(!IS_ERR(f), "reopen: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(ext2t_check_pattern(f, 0, 49152, 0, buf, BUF_SIZE), -1);
	KT_ASSERT_EQ(ext2t_pread(f, buf, 16384, 49152), 16384);
	for (size_t i = 0; i < 16384; i++)
		KT_ASSERT(buf[i] == 0x5a, "O_DIRECT data lost at %zu", i);
	KT_ASSERT_EQ(ext2t_check_pattern(f, 65536, DIO_SIZE - 65536, 0, buf, BUF_SIZE), -1);
	KT_ASSERT_EQ(ext2t_pread(f, buf, 8192, DIO_SIZE), 8192);
	KT_ASSERT(buf[0] == 0x3c && buf[8191] == 0x3c, "appended tail lost");
	fput(f);
	kfree(buf);
	free_pages_addr(dbuf, 4);
	KT_ASSERT_EQ(unlink_in(d, "ef-dio"), 0);
	KT_ASSERT_EQ(ext2t_umount_keepdir(d->dir), 0);
}

KTEST(ext2_file_direct_io_vde)
{
	direct_io_on(__kt, &vde);
}

KTEST(ext2_file_direct_io_vdd)
{
	direct_io_on(__kt, &vdd);
}

/* ------------------------------------------------------------ concurrency */

#define CW_MAX		16
#define CW_CHUNKS	20
#define CW_CHUNK	4000	/* not block-aligned on purpose */
#define CW_RECORDS	40
#define CW_RECLEN	64

struct cw_state {
	const struct ext2t_disk *d;
	int err[CW_MAX];
};

static void cw_name(char *buf, unsigned i)
{
	memcpy(buf, "ef-cw-00", 9);
	buf[6] = (char)('0' + i / 10);
	buf[7] = (char)('0' + i % 10);
}

/* A record of thread i: "T<ii>-<sss>" then dots, then a newline. */
static void cw_record(char *rec, unsigned i, unsigned seq)
{
	memset(rec, '.', CW_RECLEN);
	rec[0] = 'T';
	rec[1] = (char)('0' + i / 10);
	rec[2] = (char)('0' + i % 10);
	rec[3] = '-';
	rec[4] = (char)('0' + seq / 100);
	rec[5] = (char)('0' + seq / 10 % 10);
	rec[6] = (char)('0' + seq % 10);
	rec[CW_RECLEN - 1] = '\n';
}

static int cw_work(const struct ext2t_disk *d, unsigned i)
{
	char name[16], rec[CW_RECLEN], *buf = kmalloc(CW_CHUNK, GFP_KERNEL);
	struct file *f, *shared;
	int err = 0;

	if (!buf)
		return -ENOMEM;
	cw_name(name, i);
	f = ext2t_open_in(d, name, O_RDWR | O_CREAT | O_TRUNC);
	shared = ext2t_open_in(d, "ef-cw-shared", O_WRONLY | O_APPEND);
	if (IS_ERR(f) || IS_ERR(shared)) {
		err = IS_ERR(f) ? (int)PTR_ERR(f) : (int)PTR_ERR(shared);
		goto out;
	}
	for (unsigned c = 0; c < CW_CHUNKS && !err; c++) {
		for (unsigned k = 0; k < CW_CHUNK; k++)
			buf[k] = (char)ext2t_pattern((u64)c * CW_CHUNK + k + i * 1000);
		if (kernel_write(f, buf, CW_CHUNK) != CW_CHUNK)
			err = -EIO;
		if (c < CW_RECORDS) {
			cw_record(rec, i, c);
			if (kernel_write(shared, rec, CW_RECLEN) != CW_RECLEN)
				err = -EIO;
		}
	}
	for (unsigned s = CW_CHUNKS; s < CW_RECORDS && !err; s++) {
		cw_record(rec, i, s);
		if (kernel_write(shared, rec, CW_RECLEN) != CW_RECLEN)
			err = -EIO;
	}
	if (!err)
		err = vfs_fsync(f, 0);
out:
	if (!IS_ERR(f))
		fput(f);
	if (!IS_ERR(shared))
		fput(shared);
	kfree(buf);
	return err;
}

static void cw_thread(void *arg, unsigned i)
{
	struct cw_state *st = arg;

	st->err[i] = cw_work(st->d, i);
}

/* Every thread's file, and every record of the shared one exactly once,
 * in order per thread. NULL or what is wrong. */
static const char *cw_check(const struct ext2t_disk *d, unsigned n, char *buf)
{
	unsigned next[CW_MAX] = { 0 };
	struct file *f;
	const char *why = NULL;

	for (unsigned i = 0; i < n && !why; i++) {
		char name[16];

		cw_name(name, i);
		f = ext2t_open_in(d, name, O_RDONLY);
		if (IS_ERR(f))
			return "open a thread's file";
		if (i_size_read(file_inode(f)) != CW_CHUNKS * CW_CHUNK ||
		    ext2t_check_pattern(f, 0, CW_CHUNKS * CW_CHUNK, i * 1000, buf, BUF_SIZE) != -1)
			why = "a thread's file differs";
		fput(f);
	}
	if (why)
		return why;
	f = ext2t_open_in(d, "ef-cw-shared", O_RDONLY);
	if (IS_ERR(f))
		return "open the shared file";
	if (i_size_read(file_inode(f)) != (loff_t)n * CW_RECORDS * CW_RECLEN)
		why = "shared file size";
	for (loff_t pos = 0; !why && pos < (loff_t)n * CW_RECORDS * CW_RECLEN; pos += CW_RECLEN) {
		unsigned t, seq;

		if (ext2t_pread(f, buf, CW_RECLEN, pos) != CW_RECLEN || buf[0] != 'T' ||
		    buf[CW_RECLEN - 1] != '\n') {
			why = "a torn record";
			break;
		}
		t = (unsigned)(buf[1] - '0') * 10 + (unsigned)(buf[2] - '0');
		seq = (unsigned)(buf[4] - '0') * 100 + (unsigned)(buf[5] - '0') * 10 +
		      (unsigned)(buf[6] - '0');
		if (t >= n || seq != next[t]++)
			why = "records out of order or lost";
	}
	fput(f);
	return why;
}

static void concurrent_on(struct ktest_ctx *__kt, const struct ext2t_disk *d)
{
	unsigned n = MIN(2 * nr_cpus_online, (unsigned)CW_MAX);
	struct cw_state *st = kmalloc(sizeof(*st), GFP_KERNEL);
	char *buf = kmalloc(BUF_SIZE, GFP_KERNEL);
	const char *why;
	struct file *f;

	KT_ASSERT(st && buf, "no memory");
	memset(st, 0, sizeof(*st));
	st->d = d;
	KT_ASSERT_EQ(ext2t_mount_keepdir(d->dev, d->dir), 0);
	f = ext2t_open_in(d, "ef-cw-shared", O_RDWR | O_CREAT | O_TRUNC);
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	fput(f);
	KT_ASSERT_EQ(ktest_run_threads(cw_thread, st, n), 0);
	for (unsigned i = 0; i < n; i++)
		KT_ASSERT(!st->err[i], "thread %u: %d", i, st->err[i]);
	why = cw_check(d, n, buf);
	KT_ASSERT(!why, "before the remount: %s", why);
	KT_ASSERT_EQ(ext2t_remount(d->dev, d->dir), 0);
	why = cw_check(d, n, buf);
	KT_ASSERT(!why, "after the remount: %s", why);
	for (unsigned i = 0; i < n; i++) {
		char name[16];

		cw_name(name, i);
		KT_ASSERT_EQ(unlink_in(d, name), 0);
	}
	KT_ASSERT_EQ(unlink_in(d, "ef-cw-shared"), 0);
	kfree(buf);
	kfree(st);
	KT_ASSERT_EQ(ext2t_umount_keepdir(d->dir), 0);
}

KTEST(ext2_file_concurrent_writers_vde)
{
	concurrent_on(__kt, &vde);
}

KTEST(ext2_file_concurrent_writers_vdd)
{
	concurrent_on(__kt, &vdd);
}
