/*
 * ext2_workload — a fixed sequence of file operations whose result is the
 * same tree on every correct filesystem: tools/check runs it in Lockstep on
 * a mounted ext2 image and on the host in a temporary directory, then
 * compares the image (read with debugfs) with the host's tree
 * (tools/ext2tree). The host's tree is the expected result.
 *
 *   ext2_workload DIR     make DIR (it must not exist) and work in it
 *   ext2_workload         as /bin/utest runs it: mount /dev/vde (ext2, 4 KiB
 *                         blocks) on /mnt-ext2-wl, run the workload in
 *                         /mnt-ext2-wl/wl, remove the tree again, unmount
 *
 * What it does, in order (every call's result is checked, most writes read
 * back): regular files written, appended to, overwritten in the middle and
 * truncated down, up and to zero; a sparse file and one with data at 4 GiB
 * and 5 GiB; directories made, moved to another parent, replaced by
 * rename and removed; renames of files in a directory, across directories
 * and over an existing file; hard links (3 names, and one whose first name
 * is gone); unlinks; fast, slow, dangling and directory symlinks; user.
 * xattrs (small, 500 bytes, replaced, removed, 20 on one file, identical
 * sets on two files, on a directory); a FIFO and a character device;
 * modes and owners; 2,000 files in one directory, every 7th unlinked and
 * every 11th renamed; fsync of files and directories; then every entry
 * but the symlinks gets a fixed atime and mtime (children first; a file
 * with several names gets times from its size, whichever name comes
 * last), and sync. Prints "UTEST PASS ext2_workload" or a FAIL line per failed call.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define KIB 1024L
#define MIB (1024L * KIB)
#define GIB (1024L * MIB)
#define NMANY 2000

static int failures;

static void fail(int line, const char *what, const char *why)
{
	printf("UTEST FAIL ext2_workload: line %d: %s: %s\n", line, what, why);
	fflush(stdout);
	failures++;
}

/* A call that must not return -1. */
#define DO(call) ok_call((long)(call), #call, __LINE__)
static long ok_call(long r, const char *what, int line)
{
	if (r == -1)
		fail(line, what, strerror(errno));
	return r;
}

/* A condition that must hold. */
#define EXPECT(cond, ...) do {							\
	if (!(cond)) {								\
		char why_[1024];							\
		snprintf(why_, sizeof(why_), __VA_ARGS__);			\
		fail(__LINE__, #cond, why_);					\
	}									\
} while (0)

/* Byte off of the data stream numbered seed. */
static unsigned char gen(long off, int seed)
{
	return (unsigned char)(off * 31 + (off >> 10) + seed * 101 + (off >> 17) * 7);
}

static void fill(unsigned char *buf, long off, long len, int seed)
{
	for (long i = 0; i < len; i++)
		buf[i] = gen(off + i, seed);
}

static unsigned char iobuf[64 * 1024], rdbuf[64 * 1024];

/* pwrite len bytes of stream seed at off (the stream's own offset). */
static void put(int fd, long off, long len, int seed, int line)
{
	while (len > 0) {
		long n = len < (long)sizeof(iobuf) ? len : (long)sizeof(iobuf);
		ssize_t w;

		fill(iobuf, off, n, seed);
		w = pwrite(fd, iobuf, n, off);
		if (w != n) {
			fail(line, "pwrite", w < 0 ? strerror(errno) : "short write");
			return;
		}
		off += n;
		len -= n;
	}
}

/* The same through write(2) at the file position (O_APPEND files). */
static void append(int fd, long stream_off, long len, int seed, int line)
{
	while (len > 0) {
		long n = len < (long)sizeof(iobuf) ? len : (long)sizeof(iobuf);
		ssize_t w;

		fill(iobuf, stream_off, n, seed);
		w = write(fd, iobuf, n);
		if (w != n) {
			fail(line, "write", w < 0 ? strerror(errno) : "short write");
			return;
		}
		stream_off += n;
		len -= n;
	}
}

/* Do the len bytes at off read back as stream seed (seed < 0: zeros)? */
static void check(int fd, long off, long len, int seed, int line)
{
	while (len > 0) {
		long n = len < (long)sizeof(rdbuf) ? len : (long)sizeof(rdbuf);
		ssize_t r = pread(fd, rdbuf, n, off);

		if (r != n) {
			fail(line, "pread", r < 0 ? strerror(errno) : "short read");
			return;
		}
		if (seed < 0)
			memset(iobuf, 0, n);
		else
			fill(iobuf, off, n, seed);
		if (memcmp(iobuf, rdbuf, n)) {
			char why[80];

			snprintf(why, sizeof(why), "the %ld bytes at %ld differ", n, off);
			fail(line, "read back", why);
			return;
		}
		off += n;
		len -= n;
	}
}

static void check_size(int fd, long size, int line)
{
	struct stat st;

	if (fstat(fd, &st)) {
		fail(line, "fstat", strerror(errno));
	} else if (st.st_size != size) {
		char why[80];

		snprintf(why, sizeof(why), "size %ld, expected %ld", (long)st.st_size, size);
		fail(line, "size", why);
	}
}

static int create(const char *path, mode_t mode)
{
	return (int)DO(open(path, O_CREAT | O_EXCL | O_RDWR, mode));
}

/* A small file holding text. */
static void text_file(const char *path, const char *text)
{
	int fd = create(path, 0644);

	if (fd < 0)
		return;
	EXPECT(write(fd, text, strlen(text)) == (ssize_t)strlen(text), "write %s", path);
	close(fd);
}

static void expect_text(const char *path, const char *text)
{
	char buf[128];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		fail(__LINE__, path, strerror(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	EXPECT(!strcmp(buf, text), "%s holds \"%s\", expected \"%s\"", path, buf, text);
}

static void expect_missing(const char *path)
{
	struct stat st;

	EXPECT(lstat(path, &st) == -1 && errno == ENOENT, "%s still exists", path);
}

static void expect_nlink(const char *path, nlink_t n)
{
	struct stat st;

	if (lstat(path, &st)) {
		fail(__LINE__, path, strerror(errno));
		return;
	}
	EXPECT(st.st_nlink == n, "%s has %ld links, expected %ld", path, (long)st.st_nlink, (long)n);
}

static void files(void)
{
	int fd;

	text_file("small", "hello, workload\n");
	expect_text("small", "hello, workload\n");

	/* Appends that cross block boundaries. */
	fd = (int)DO(open("append", O_CREAT | O_EXCL | O_WRONLY | O_APPEND, 0644));
	if (fd >= 0) {
		append(fd, 0, 1000, 1, __LINE__);
		append(fd, 1000, 5000, 1, __LINE__);
		DO(fsync(fd));
		append(fd, 6000, 70000, 1, __LINE__);
		check_size(fd, 76000, __LINE__);
		close(fd);
	}
	fd = (int)DO(open("append", O_RDONLY));
	if (fd >= 0) {
		check(fd, 0, 76000, 1, __LINE__);
		close(fd);
	}

	/* Overwrites in the middle, one straddling a block boundary. */
	fd = create("overwrite", 0644);
	if (fd >= 0) {
		put(fd, 0, 64 * KIB, 2, __LINE__);
		put(fd, 100, 10, 3, __LINE__);
		put(fd, 4090, 20, 3, __LINE__);
		put(fd, 40000, 3000, 3, __LINE__);
		DO(fdatasync(fd));
		check(fd, 0, 100, 2, __LINE__);
		check(fd, 100, 10, 3, __LINE__);
		check(fd, 110, 3980, 2, __LINE__);
		check(fd, 4090, 20, 3, __LINE__);
		check(fd, 40000, 3000, 3, __LINE__);
		check(fd, 43000, 64 * KIB - 43000, 2, __LINE__);
		close(fd);
	}

	/* Truncation down (into a block), up (a hole), to the middle and
	 * writing on past the new end, and to zero by O_TRUNC. */
	fd = create("trunc-down", 0644);
	if (fd >= 0) {
		put(fd, 0, 200 * KIB, 4, __LINE__);
		DO(ftruncate(fd, 12345));
		check_size(fd, 12345, __LINE__);
		check(fd, 0, 12345, 4, __LINE__);
		close(fd);
	}
	fd = create("trunc-up", 0644);
	if (fd >= 0) {
		put(fd, 0, 100, 5, __LINE__);
		close(fd);
	}
	DO(truncate("trunc-up", 300000));
	fd = (int)DO(open("trunc-up", O_RDONLY));
	if (fd >= 0) {
		check_size(fd, 300000, __LINE__);
		check(fd, 0, 100, 5, __LINE__);
		check(fd, 100, 300000 - 100, -1, __LINE__);
		close(fd);
	}
	fd = create("trunc-mid", 0644);
	if (fd >= 0) {
		put(fd, 0, MIB, 6, __LINE__);
		DO(ftruncate(fd, 70000));
		put(fd, 75000, 5000, 6, __LINE__);
		check_size(fd, 80000, __LINE__);
		check(fd, 0, 70000, 6, __LINE__);
		check(fd, 70000, 5000, -1, __LINE__);
		check(fd, 75000, 5000, 6, __LINE__);
		close(fd);
	}
	fd = create("trunc-zero", 0644);
	if (fd >= 0) {
		put(fd, 0, 50000, 7, __LINE__);
		close(fd);
	}
	fd = (int)DO(open("trunc-zero", O_WRONLY | O_TRUNC));
	if (fd >= 0) {
		check_size(fd, 0, __LINE__);
		put(fd, 0, 10, 8, __LINE__);
		close(fd);
	}

	/* Sparse: three islands of data. */
	fd = create("sparse", 0644);
	if (fd >= 0) {
		put(fd, 0, 4096, 9, __LINE__);
		put(fd, MIB, 4096, 9, __LINE__);
		put(fd, 10 * MIB + 123, 100, 9, __LINE__);
		check_size(fd, 10 * MIB + 223, __LINE__);
		check(fd, 4096, MIB - 4096, -1, __LINE__);
		check(fd, MIB, 4096, 9, __LINE__);
		check(fd, 10 * MIB + 123, 100, 9, __LINE__);
		close(fd);
	}

	/* Past 4 GiB: large_file. */
	fd = create("big5g", 0644);
	if (fd >= 0) {
		put(fd, 4 * GIB + 7, 10, 10, __LINE__);
		put(fd, 5 * GIB - 4096, 8192, 10, __LINE__);
		DO(fsync(fd));
		check_size(fd, 5 * GIB + 4096, __LINE__);
		check(fd, 4 * GIB + 7, 10, 10, __LINE__);
		check(fd, 5 * GIB - 4096, 8192, 10, __LINE__);
		check(fd, 3 * GIB, 4096, -1, __LINE__);
		close(fd);
	}
}

static void dirs_and_names(void)
{
	/* Directories: a chain, one moved to another parent, some removed,
	 * one replaced by rename. */
	DO(mkdir("a", 0755));
	DO(mkdir("a/b", 0755));
	DO(mkdir("a/b/c", 0755));
	DO(mkdir("a/b/c/d", 0755));
	text_file("a/b/c/d/deep", "deep\n");
	text_file("a/b/in-b", "in b\n");
	DO(rename("a/b/c", "a/c2"));
	expect_text("a/c2/d/deep", "deep\n");
	expect_nlink("a", 4);
	expect_nlink("a/b", 2);
	DO(chmod("a/b", 0700));
	for (int i = 1; i <= 5; i++) {
		char name[16];

		snprintf(name, sizeof(name), "d%d", i);
		DO(mkdir(name, 0755));
	}
	DO(mkdir("d3/sub", 0755));
	DO(rmdir("d3/sub"));
	DO(rmdir("d2"));
	DO(rmdir("d4"));
	expect_missing("d2");
	EXPECT(rmdir("d1/..") == -1, "rmdir d1/.. succeeded");
	DO(mkdir("e1", 0755));
	text_file("e1/inside", "inside e1\n");
	DO(mkdir("e2", 0711));
	DO(rename("e1", "e2"));
	expect_text("e2/inside", "inside e1\n");
	expect_missing("e1");
	DO(mkdir("full", 0755));
	text_file("full/x", "x\n");
	EXPECT(rmdir("full") == -1 && errno == ENOTEMPTY, "rmdir of a full directory: %s",
	       strerror(errno));

	/* Renames of files: in a directory, over another file, across. */
	text_file("r1", "one\n");
	DO(rename("r1", "r2"));
	expect_missing("r1");
	text_file("r3", "three\n");
	text_file("r4", "four\n");
	DO(rename("r3", "r4"));
	expect_text("r4", "three\n");
	text_file("d1/x", "moved\n");
	DO(rename("d1/x", "d5/y"));
	expect_text("d5/y", "moved\n");

	/* Hard links. */
	DO(link("small", "a/small-link"));
	DO(link("small", "d1/small-link2"));
	expect_nlink("small", 3);
	text_file("l1", "link one\n");
	DO(link("l1", "l2"));
	DO(unlink("l1"));
	expect_nlink("l2", 1);
	expect_text("l2", "link one\n");

	/* Unlinks. */
	for (int i = 0; i < 10; i++) {
		char name[16];

		snprintf(name, sizeof(name), "u%d", i);
		text_file(name, name);
	}
	for (int i = 0; i < 10; i += 2) {
		char name[16];

		snprintf(name, sizeof(name), "u%d", i);
		DO(unlink(name));
	}

	/* Symlinks: in the inode, in a block, dangling, to a directory. */
	{
		char slow[201], got[256];
		ssize_t n;

		memset(slow, 'y', sizeof(slow) - 1);
		memcpy(slow, "a/", 2);
		slow[sizeof(slow) - 1] = 0;
		DO(symlink("small", "sym-fast"));
		DO(symlink(slow, "sym-slow"));
		DO(symlink("does/not/exist", "sym-dangling"));
		DO(symlink("a/b", "sym-dir"));
		n = readlink("sym-slow", got, sizeof(got));
		EXPECT(n == 200 && !memcmp(got, slow, 200), "readlink sym-slow gave %ld", (long)n);
		n = readlink("sym-fast", got, sizeof(got));
		EXPECT(n == 5 && !memcmp(got, "small", 5), "readlink sym-fast gave %ld", (long)n);
		expect_text("sym-fast", "hello, workload\n");
		expect_text("sym-dir/in-b", "in b\n");
	}

	/* Special files. */
	DO(mkfifo("fifo", 0640));
	DO(mknod("null", S_IFCHR | 0666, makedev(1, 3)));
	DO(mknod("blockdev", S_IFBLK | 0600, makedev(8, 1)));

	/* Modes and owners. */
	DO(chmod("small", 0640));
	DO(chown("append", 1000, 1000));
	DO(chown("d5", 123, 456));
	DO(chmod("d5", 02775));
}

static void xattrs(void)
{
	char big[500], got[600];
	ssize_t n;

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = 'A' + i % 26;
	DO(setxattr("small", "user.color", "green", 5, XATTR_CREATE));
	DO(setxattr("small", "user.long", big, sizeof(big), 0));
	n = getxattr("small", "user.long", got, sizeof(got));
	EXPECT(n == sizeof(big) && !memcmp(got, big, sizeof(big)), "getxattr user.long gave %ld",
	       (long)n);
	DO(setxattr("a", "user.dir", "yes", 3, 0));
	DO(setxattr("overwrite", "user.rep", "first", 5, XATTR_CREATE));
	EXPECT(setxattr("overwrite", "user.rep", "x", 1, XATTR_CREATE) == -1 && errno == EEXIST,
	       "XATTR_CREATE over an existing one: %s", strerror(errno));
	DO(setxattr("overwrite", "user.rep", "second-value", 12, XATTR_REPLACE));
	DO(setxattr("overwrite", "user.gone", "soon", 4, 0));
	DO(removexattr("overwrite", "user.gone"));
	EXPECT(getxattr("overwrite", "user.gone", got, sizeof(got)) == -1 && errno == ENODATA,
	       "a removed xattr is still there: %s", strerror(errno));
	n = getxattr("overwrite", "user.rep", got, sizeof(got));
	EXPECT(n == 12 && !memcmp(got, "second-value", 12), "getxattr user.rep gave %ld", (long)n);
	text_file("x1", "x1\n");
	text_file("x2", "x2\n");
	DO(setxattr("x1", "user.same", "shared-value", 12, 0));
	DO(setxattr("x2", "user.same", "shared-value", 12, 0));
	text_file("xmany", "many xattrs\n");
	for (int i = 0; i < 20; i++) {
		char name[32], value[32];

		snprintf(name, sizeof(name), "user.k%02d", i);
		snprintf(value, sizeof(value), "value-%d", i * i);
		DO(setxattr("xmany", name, value, strlen(value), 0));
	}
	n = listxattr("xmany", got, sizeof(got));
	EXPECT(n == 20 * 9, "listxattr of xmany gave %ld bytes, expected 180", (long)n);
}

/* NMANY files in one directory; every 7th unlinked, every 11th renamed. */
static void many(void)
{
	char name[32], to[32];
	int fd;

	DO(mkdir("many", 0755));
	for (int i = 0; i < NMANY; i++) {
		snprintf(name, sizeof(name), "many/f%04d", i);
		snprintf(to, sizeof(to), "%04d\n", i);
		text_file(name, to);
	}
	for (int i = 0; i < NMANY; i += 7) {
		snprintf(name, sizeof(name), "many/f%04d", i);
		DO(unlink(name));
	}
	for (int i = 3; i < NMANY; i += 11) {
		if (i % 7 == 0)
			continue;
		snprintf(name, sizeof(name), "many/f%04d", i);
		snprintf(to, sizeof(to), "many/g%04d", i);
		DO(rename(name, to));
	}
	fd = (int)DO(open("many", O_RDONLY | O_DIRECTORY));
	if (fd >= 0) {
		DO(fsync(fd));
		close(fd);
	}
	/* A few lookups of what must and must not be there. */
	expect_text("many/f0001", "0001\n");
	expect_text("many/g0003", "0003\n");
	expect_missing("many/f0003");
	expect_missing("many/f0007");
	expect_text("many/f1999", "1999\n");
}

/* Fixed times for everything under dir but symlinks, children first. */
static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void set_times(const char *path)
{
	struct stat st;
	struct timespec ts[2];
	unsigned h;

	if (lstat(path, &st)) {
		fail(__LINE__, path, strerror(errno));
		return;
	}
	if (S_ISLNK(st.st_mode))
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];

		if (!d) {
			fail(__LINE__, path, strerror(errno));
			return;
		}
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			set_times(sub);
		}
		closedir(d);
	}
	/* A file with several names gets a time that does not depend on
	 * which name the walk met last. */
	h = !S_ISDIR(st.st_mode) && st.st_nlink > 1 ? (unsigned)st.st_size : hash(path);
	ts[0].tv_sec = 1600000000 + h % 100000000;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = 1500000000 + h % 100000000;
	ts[1].tv_nsec = 0;
	DO(utimensat(AT_FDCWD, path, ts, AT_SYMLINK_NOFOLLOW));
}

static int workload(const char *dir)
{
	umask(022);
	if (DO(mkdir(dir, 0755)) < 0 || DO(chdir(dir)) < 0)
		return 1;
	files();
	dirs_and_names();
	xattrs();
	many();
	set_times(".");
	sync();
	return failures;
}

/* rm -r path; returns 0 or -1 (errors said). */
static int remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return (int)DO(-1);
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];
		int r = 0;

		if (!d)
			return (int)DO(-1);
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			r |= remove_tree(sub);
		}
		closedir(d);
		return r | (int)DO(rmdir(path));
	}
	return (int)DO(unlink(path));
}

int main(int argc, char **argv)
{
	const char *dev = "/dev/vde", *mnt = "/mnt-ext2-wl";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2) {
		workload(argv[1]);
	} else if (argc == 1) {
		mkdir(mnt, 0755);
		if (DO(mount(dev, mnt, "ext2", 0, NULL)) < 0)
			return 1;
		if (!workload("/mnt-ext2-wl/wl")) {
			DO(chdir("/"));
			remove_tree("/mnt-ext2-wl/wl");
		}
		DO(chdir("/"));
		DO(umount(mnt));
	} else {
		fprintf(stderr, "usage: ext2_workload [DIR]\n");
		return 2;
	}
	if (!failures)
		printf("UTEST PASS ext2_workload\n");
	return failures ? 1 : 0;
}
