/*
 * ext2_read — read the ext2 images tools/mkdisks makes on the host (with
 * mke2fs -d, e2fsck -D and debugfs) and check every entry of them exactly:
 * the names in each directory, types, modes, owners, sizes, link counts,
 * every byte of every file (the 70 MiB sparse file included: its holes
 * must read as zeros), both symlinks, the character device (and that it
 * is /dev/null), the xattrs (one in the inode, one in a block), the 300
 * names of the htree directory by readdir and by lookup, and statfs.
 *
 *   ext2_read DIR BLOCKSIZE...  check the image mounted at each DIR (the
 *                               same tree with 2 KiB blocks: tools/check)
 *   ext2_read                   as /bin/utest runs it: mount /dev/vdd
 *                               (1 KiB blocks) and /dev/vde (4 KiB) read-only
 *                               on /mnt-ext2-rd1 and /mnt-ext2-rd4, check
 *                               both, unmount
 *
 * The expected contents are tools/mkdisks's docstring. One "UTEST PASS
 * ext2_read-<blocksize>" line per image, or FAIL lines that say what
 * differs.
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
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#define MIB (1024L * 1024)
#define EXT2_SUPER_MAGIC 0xef53

static const char *image;	/* "1k", "2k" or "4k", for the messages */
static int failures;

#define EXPECT(cond, ...) do {							\
	if (!(cond)) {								\
		printf("UTEST FAIL ext2_read-%s: line %d: ", image, __LINE__);	\
		printf(__VA_ARGS__);						\
		printf("\n");							\
		fflush(stdout);							\
		failures++;							\
	}									\
} while (0)

static unsigned char pattern(long i)
{
	return (unsigned char)((i * 31 + (i >> 10)) & 0xff);
}

static int stat_ok(const char *path, struct stat *st)
{
	if (lstat(path, st) == 0)
		return 1;
	EXPECT(0, "lstat %s: %s", path, strerror(errno));
	return 0;
}

static void check_node(const char *path, mode_t mode, off_t size, nlink_t nlink)
{
	struct stat st;

	if (!stat_ok(path, &st))
		return;
	EXPECT(st.st_mode == mode, "%s: mode 0%o, expected 0%o", path, st.st_mode, mode);
	if (size >= 0)
		EXPECT(st.st_size == size, "%s: size %ld, expected %ld", path, (long)st.st_size,
		       (long)size);
	EXPECT(st.st_nlink == nlink, "%s: %ld links, expected %ld", path, (long)st.st_nlink,
	       (long)nlink);
	EXPECT(st.st_uid == 0 && st.st_gid == 0, "%s: owner %d:%d, expected 0:0", path,
	       st.st_uid, st.st_gid);
}

/* The names in dir, but . and .., must be exactly want[] (in any order). */
static void check_names(const char *dir, const char *const *want, int n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int seen = 0, dots = 0;

	if (!d) {
		EXPECT(0, "opendir %s: %s", dir, strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		int i;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) {
			dots++;
			continue;
		}
		for (i = 0; i < n && strcmp(want[i], e->d_name); i++)
			;
		EXPECT(i < n, "%s: unexpected entry \"%s\"", dir, e->d_name);
		seen += i < n;
	}
	closedir(d);
	EXPECT(seen == n && dots == 2, "%s: %d of %d names and %d of 2 dots", dir, seen, n, dots);
}

/* Does path hold len bytes of pattern from start (zeros before it)? */
static void check_data(const char *path, long zeros, long len)
{
	static unsigned char buf[MIB];
	int fd = open(path, O_RDONLY);
	long off = 0, total = zeros + len;

	if (fd < 0) {
		EXPECT(0, "open %s: %s", path, strerror(errno));
		return;
	}
	while (off < total) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n <= 0) {
			EXPECT(0, "%s: read at %ld gave %ld (%s)", path, off, (long)n,
			       n < 0 ? strerror(errno) : "end of file");
			break;
		}
		for (ssize_t i = 0; i < n; i++) {
			long at = off + i;
			unsigned char want = at < zeros ? 0 : pattern(at);

			if (buf[i] != want) {
				EXPECT(0, "%s: byte %ld is 0x%02x, expected 0x%02x", path, at, buf[i],
				       want);
				close(fd);
				return;
			}
		}
		off += n;
	}
	EXPECT(read(fd, buf, 1) == 0, "%s: data past the end", path);
	close(fd);
}

static void check_text(const char *path, const char *text)
{
	char buf[256];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		EXPECT(0, "open %s: %s", path, strerror(errno));
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	EXPECT(n == (ssize_t)strlen(text) && !strcmp(buf, text), "%s holds \"%.*s\", expected \"%s\"",
	       path, (int)(n > 0 ? n : 0), buf, text);
}

static void check_image(const char *mnt, long bsize)
{
	static const char *const root_names[] = {
		"lost+found", "hello.txt", "pattern", "sparse", "empty", "dir", "fastlink",
		"slowlink", "dev-null",
	};
	static const char *const dir_names[] = { "many", "link-to-hello" };
	const char *many_names[300];
	char names[300][8], path[512], slow[128], got[512];
	struct stat st, st2;
	struct statfs sf;
	ssize_t n;
	int fd;

	if (chdir(mnt)) {
		EXPECT(0, "chdir %s: %s", mnt, strerror(errno));
		return;
	}
	check_names(".", root_names, 9);
	check_names("dir", dir_names, 2);
	for (int i = 0; i < 300; i++) {
		snprintf(names[i], sizeof(names[i]), "f%03d", i);
		many_names[i] = names[i];
	}
	check_names("dir/many", many_names, 300);

	check_node(".", S_IFDIR | 0755, -1, 4);
	check_node("dir", S_IFDIR | 0755, -1, 3);
	check_node("dir/many", S_IFDIR | 0755, -1, 2);
	check_node("hello.txt", S_IFREG | 0644, 12, 2);
	check_node("pattern", S_IFREG | 0644, 300 * 1024, 1);
	check_node("sparse", S_IFREG | 0644, 70 * MIB + 8192, 1);
	check_node("empty", S_IFREG | 0644, 0, 1);
	check_node("fastlink", S_IFLNK | 0777, 9, 1);
	check_node("slowlink", S_IFLNK | 0777, 104, 1);
	check_node("dev-null", S_IFCHR, 0, 1);	/* debugfs mknod: no permission bits */

	check_text("hello.txt", "hello, ext2\n");
	check_text("dir/link-to-hello", "hello, ext2\n");
	if (stat_ok("hello.txt", &st) && stat_ok("dir/link-to-hello", &st2))
		EXPECT(st.st_ino == st2.st_ino, "the hard link has inode %ld, hello.txt %ld",
		       (long)st2.st_ino, (long)st.st_ino);
	check_data("pattern", 0, 300 * 1024);
	check_data("sparse", 70 * MIB, 8192);
	if (stat_ok("sparse", &st))
		EXPECT(st.st_blocks > 0 && st.st_blocks <= 64, "sparse: %ld sectors allocated",
		       (long)st.st_blocks);
	if (stat_ok("empty", &st))
		EXPECT(st.st_blocks == 0, "empty: %ld sectors allocated", (long)st.st_blocks);
	check_data("empty", 0, 0);
	for (int i = 0; i < 300; i++) {
		char text[8];

		snprintf(path, sizeof(path), "dir/many/f%03d", i);
		snprintf(text, sizeof(text), "f%03d\n", i);
		check_text(path, text);
	}

	/* Symlinks: their targets, and following them. */
	n = readlink("fastlink", got, sizeof(got));
	EXPECT(n == 9 && !memcmp(got, "hello.txt", 9), "readlink fastlink gave %ld", (long)n);
	memcpy(slow, "dir/", 4);
	memset(slow + 4, 'x', 100);
	n = readlink("slowlink", got, sizeof(got));
	EXPECT(n == 104 && !memcmp(got, slow, 104), "readlink slowlink gave %ld", (long)n);
	check_text("fastlink", "hello, ext2\n");
	EXPECT(open("slowlink", O_RDONLY) == -1 && errno == ENOENT,
	       "open of slowlink (dangling) gave %s", strerror(errno));

	/* The device node is /dev/null. */
	if (stat_ok("dev-null", &st))
		EXPECT(major(st.st_rdev) == 1 && minor(st.st_rdev) == 3, "dev-null is %d:%d",
		       major(st.st_rdev), minor(st.st_rdev));
	fd = open("dev-null", O_RDWR);
	EXPECT(fd >= 0, "open dev-null: %s", strerror(errno));
	if (fd >= 0) {
		EXPECT(write(fd, "abc", 3) == 3, "write to dev-null: %s", strerror(errno));
		EXPECT(read(fd, got, 1) == 0, "read of dev-null gave data");
		close(fd);
	}

	/* Xattrs: user.color in the inode, user.big in a block. */
	n = listxattr("hello.txt", got, sizeof(got));
	EXPECT(n == (ssize_t)sizeof("user.color") + (ssize_t)sizeof("user.big") &&
	       (memmem(got, n, "user.color", sizeof("user.color")) &&
		memmem(got, n, "user.big", sizeof("user.big"))),
	       "listxattr hello.txt gave %ld bytes: %.*s", (long)n, (int)(n > 0 ? n : 0), got);
	n = getxattr("hello.txt", "user.color", got, sizeof(got));
	EXPECT(n == 4 && !memcmp(got, "blue", 4), "user.color: %ld bytes (%s)", (long)n,
	       n < 0 ? strerror(errno) : "");
	n = getxattr("hello.txt", "user.big", got, sizeof(got));
	{
		char x[300];

		memset(x, 'x', sizeof(x));
		EXPECT(n == 300 && !memcmp(got, x, 300), "user.big: %ld bytes (%s)", (long)n,
		       n < 0 ? strerror(errno) : "");
	}
	EXPECT(getxattr("hello.txt", "user.none", got, sizeof(got)) == -1 && errno == ENODATA,
	       "user.none: %s", strerror(errno));
	n = listxattr("pattern", got, sizeof(got));
	EXPECT(n == 0, "listxattr pattern gave %ld", (long)n);

	/* statfs: the image's geometry. */
	if (statfs(".", &sf) == 0) {
		long total = 16384;	/* every image: 16, 32 or 64 MiB */

		EXPECT(sf.f_type == EXT2_SUPER_MAGIC, "f_type 0x%lx", (long)sf.f_type);
		EXPECT((long)sf.f_bsize == bsize, "f_bsize %ld", (long)sf.f_bsize);
		EXPECT((long)sf.f_blocks > total / 2 && (long)sf.f_blocks <= total, "f_blocks %ld",
		       (long)sf.f_blocks);
		EXPECT(sf.f_bfree > 0 && sf.f_bfree < sf.f_blocks && sf.f_bavail <= sf.f_bfree,
		       "f_bfree %ld f_bavail %ld", (long)sf.f_bfree, (long)sf.f_bavail);
		EXPECT(sf.f_files > 300 && sf.f_ffree < sf.f_files && sf.f_ffree + 311 <= sf.f_files,
		       "f_files %ld f_ffree %ld", (long)sf.f_files, (long)sf.f_ffree);
		EXPECT(sf.f_namelen == 255, "f_namelen %ld", (long)sf.f_namelen);
	} else {
		EXPECT(0, "statfs: %s", strerror(errno));
	}
	if (chdir("/"))
		EXPECT(0, "chdir /: %s", strerror(errno));
}

static void run(const char *mnt, long bsize)
{
	int before = failures;

	image = bsize == 1024 ? "1k" : bsize == 2048 ? "2k" : "4k";
	check_image(mnt, bsize);
	if (failures == before)
		printf("UTEST PASS ext2_read-%s\n", image);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && argc % 2 == 1) {
		for (int i = 1; i < argc; i += 2)
			run(argv[i], atol(argv[i + 1]));
	} else if (argc == 1) {
		static const struct { const char *dev, *mnt; long bsize; } images[] = {
			{ "/dev/vdd", "/mnt-ext2-rd1", 1024 }, { "/dev/vde", "/mnt-ext2-rd4", 4096 },
		};
		for (int i = 0; i < 2; i++) {
			image = images[i].bsize == 1024 ? "1k" : "4k";
			mkdir(images[i].mnt, 0755);
			if (mount(images[i].dev, images[i].mnt, "ext2", MS_RDONLY, NULL)) {
				EXPECT(0, "mount %s: %s", images[i].dev, strerror(errno));
				continue;
			}
			run(images[i].mnt, images[i].bsize);
			EXPECT(umount(images[i].mnt) == 0, "umount %s: %s", images[i].mnt,
			       strerror(errno));
		}
	} else {
		fprintf(stderr, "usage: ext2_read [DIR BLOCKSIZE]...\n");
		return 2;
	}
	return failures ? 1 : 0;
}
