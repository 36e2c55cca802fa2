/*
 * Names: link adds one (st_nlink counts), unlink removes one (the data
 * lives while a descriptor holds it), rename moves and replaces (and the
 * Linux rules on directories, RENAME_NOREPLACE, RENAME_EXCHANGE), symlink
 * and readlink (cut at the buffer, no NUL), lstat vs stat, O_NOFOLLOW,
 * a dangling link, symlink loops (ELOOP), rmdir of a non-empty directory,
 * unlinkat with and without AT_REMOVEDIR, and mknod of a FIFO (which
 * cannot seek: ESPIPE).
 */
#include "fs_util.h"
#include <sys/syscall.h>

#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2

static int renameat2_(const char *a, const char *b, unsigned flags)
{
	return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, flags);
}

static void write_file(const char *name, const char *data)
{
	int fd = open(name, O_CREAT | O_TRUNC | O_WRONLY, 0644);

	CHECK(fd >= 0 && put(fd, data) == (ssize_t)strlen(data), "write %s", name);
	close(fd);
}

static int has(const char *name, const char *data)
{
	char buf[64] = { 0 };
	int fd = open(name, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)strlen(data) && !strcmp(buf, data);
}

int main(void)
{
	const char *dir = test_begin("fs_names");
	struct stat st, st2;
	char buf[64];
	int fd;

	CHECK(chdir(dir) == 0, "chdir");
	write_file("a", "AAA");

	/* link / unlink */
	CHECK(link("a", "b") == 0, "link");
	CHECK(stat("a", &st) == 0 && st.st_nlink == 2, "nlink %ld", (long)st.st_nlink);
	CHECK(stat("b", &st2) == 0 && st2.st_ino == st.st_ino, "same inode");
	CHECK_ERR(link("a", "b"), EEXIST);
	CHECK_ERR(link("missing", "c"), ENOENT);
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(link("d", "d2"), EPERM);
	fd = open("a", O_RDONLY);
	CHECK(unlink("a") == 0 && unlink("b") == 0, "unlink both names");
	CHECK_ERR(stat("a", &st), ENOENT);
	CHECK(fstat(fd, &st) == 0 && st.st_nlink == 0, "open file, nlink %ld", (long)st.st_nlink);
	CHECK(read(fd, buf, 3) == 3 && !memcmp(buf, "AAA", 3), "data lives while open");
	close(fd);
	CHECK_ERR(unlink("a"), ENOENT);
	CHECK_ERR(unlink("d"), EISDIR);
	CHECK_ERR(unlink("d/"), EISDIR);

	/* rename */
	write_file("x", "XXX");
	write_file("y", "YYY");
	CHECK(rename("x", "z") == 0 && has("z", "XXX"), "rename to a new name");
	CHECK_ERR(stat("x", &st), ENOENT);
	CHECK(rename("z", "y") == 0 && has("y", "XXX"), "rename replaces");
	CHECK(rename("y", "d/y") == 0 && has("d/y", "XXX"), "rename into a directory");
	CHECK(rename("d/y", "d/y") == 0, "rename onto itself");
	CHECK_ERR(rename("d", "d/sub"), EINVAL);
	CHECK_OK(mkdir("e", 0755));
	write_file("f", "F");
	CHECK_ERR(rename("d", "f"), ENOTDIR);
	CHECK_ERR(rename("f", "e"), EISDIR);
	CHECK_ERR(rename("e", "d"), ENOTEMPTY);
	CHECK(rename("d", "e") == 0 && has("e/y", "XXX"), "a directory replaces an empty one");
	CHECK_ERR(rename("nothing", "n2"), ENOENT);
	CHECK_ERR(rename("f/", "g"), ENOTDIR);
	write_file("g", "G");
	CHECK_ERR(renameat2_("f", "g", RENAME_NOREPLACE), EEXIST);
	CHECK(renameat2_("f", "g", RENAME_EXCHANGE) == 0 && has("f", "G") && has("g", "F"),
	      "RENAME_EXCHANGE");
	CHECK_ERR(renameat2_("f", "nothing", RENAME_EXCHANGE), ENOENT);
	CHECK_ERR(renameat2_("f", "g", RENAME_EXCHANGE | RENAME_NOREPLACE), EINVAL);

	/* symlink / readlink */
	CHECK(symlink("g", "s") == 0, "symlink");
	CHECK(has("s", "F"), "read through the link");
	CHECK(lstat("s", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 1, "lstat");
	CHECK(stat("s", &st) == 0 && S_ISREG(st.st_mode), "stat follows");
	memset(buf, 'Q', sizeof(buf));
	CHECK(readlink("s", buf, sizeof(buf)) == 1 && buf[0] == 'g' && buf[1] == 'Q',
	      "readlink: no NUL");
	CHECK(symlink("a-rather-long-target", "long") == 0, "symlink long");
	CHECK(readlink("long", buf, 4) == 4 && !memcmp(buf, "a-ra", 4), "readlink cut short");
	CHECK_ERR(readlink("g", buf, sizeof(buf)), EINVAL);
	CHECK_ERR(syscall(SYS_readlink, "s", buf, 0), EINVAL);	/* musl hides 0 */
	CHECK_ERR(open("s", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK(symlink("nowhere", "dangling") == 0, "dangling symlink");
	CHECK_ERR(stat("dangling", &st), ENOENT);
	CHECK(lstat("dangling", &st) == 0, "lstat of a dangling link");
	CHECK(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0, "a loop");
	CHECK_ERR(stat("loop1", &st), ELOOP);
	CHECK_ERR(symlink("g", "s"), EEXIST);
	CHECK(symlink("e", "dirlink") == 0 && has("dirlink/y", "XXX"), "link to a directory");
	CHECK(unlink("s") == 0 && has("g", "F"), "unlink a link leaves its target");

	/* rmdir, unlinkat */
	CHECK_ERR(rmdir("e"), ENOTEMPTY);
	CHECK_ERR(rmdir("g"), ENOTDIR);
	CHECK_ERR(rmdir("."), EINVAL);
	CHECK_ERR(unlinkat(AT_FDCWD, "e/y", AT_REMOVEDIR), ENOTDIR);
	CHECK(unlinkat(AT_FDCWD, "e/y", 0) == 0, "unlinkat");
	CHECK(unlinkat(AT_FDCWD, "e", AT_REMOVEDIR) == 0, "unlinkat AT_REMOVEDIR");
	CHECK_ERR(unlinkat(AT_FDCWD, "g", 0x8000), EINVAL);
	CHECK_ERR(mkdir("g", 0755), EEXIST);

	/* A FIFO by mknod. */
	CHECK(mknod("fifo", S_IFIFO | 0600, 0) == 0, "mknod FIFO");
	CHECK(lstat("fifo", &st) == 0 && S_ISFIFO(st.st_mode), "a FIFO");
	fd = open("fifo", O_RDWR | O_NONBLOCK);
	CHECK(fd >= 0, "open the FIFO");
	CHECK_ERR(lseek(fd, 0, SEEK_SET), ESPIPE);
	CHECK_ERR(pread(fd, buf, 1, 0), ESPIPE);
	CHECK_ERR(pwrite(fd, "x", 1, 0), ESPIPE);
	close(fd);
	CHECK_ERR(mknod("dir", S_IFDIR | 0700, 0), EPERM);
	CHECK(chdir("/") == 0, "chdir /");
	return test_end();
}
