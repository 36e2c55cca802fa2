/*
 * File I/O round trip: create a file, write it (write, pwrite, writev),
 * read it back (read, pread, readv) at the positions lseek says, check
 * its size with fstat and stat, truncate it on reopen with O_TRUNC, and
 * the errors: EBADF for a closed or wrong-mode descriptor, EISDIR for
 * reading a directory, ESPIPE-free seeking past the end (a hole reads as
 * zeros), EINVAL for a negative position; sendfile between two files,
 * with and without an offset pointer.
 */
#include "fs_util.h"
#include <sys/sendfile.h>
#include <sys/uio.h>

int main(void)
{
	const char *dir = test_begin("fs_rw");
	char path[300], buf[64];
	struct stat st;
	int fd;

	snprintf(path, sizeof(path), "%s/data", dir);
	fd = open(path, O_CREAT | O_EXCL | O_RDWR, 0644);
	CHECK(fd >= 0, "open O_CREAT");
	CHECK(write(fd, "hello, world", 12) == 12, "write");
	CHECK(lseek(fd, 0, SEEK_CUR) == 12, "position after write");
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "lseek SEEK_SET");
	memset(buf, 0, sizeof(buf));
	CHECK(read(fd, buf, sizeof(buf)) == 12 && !memcmp(buf, "hello, world", 12),
	      "read back '%s'", buf);
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read at end of file");

	CHECK(pwrite(fd, "J", 1, 0) == 1, "pwrite");
	CHECK(lseek(fd, 0, SEEK_CUR) == 12, "pwrite moved the position");
	CHECK(pread(fd, buf, 5, 0) == 5 && !memcmp(buf, "Jello", 5), "pread");

	struct iovec wv[2] = { { "abc", 3 }, { "defg", 4 } };
	CHECK(lseek(fd, 0, SEEK_END) == 12, "lseek SEEK_END");
	CHECK(writev(fd, wv, 2) == 7, "writev");
	char a[5] = { 0 }, b[20] = { 0 };
	struct iovec rv[2] = { { a, 4 }, { b, sizeof(b) } };
	CHECK(lseek(fd, 10, SEEK_SET) == 10, "lseek 10");
	CHECK(readv(fd, rv, 2) == 9, "readv");
	CHECK(!memcmp(a, "ldab", 4) && !memcmp(b, "cdefg", 5), "readv data '%s' '%s'", a, b);

	CHECK(fstat(fd, &st) == 0 && st.st_size == 19 && S_ISREG(st.st_mode), "fstat size %ld",
	      (long)st.st_size);
	CHECK((st.st_mode & 07777) == (0644 & ~umask(022)), "mode %o", st.st_mode & 07777);

	/* A hole: seek past the end and write; the gap reads as zeros. */
	CHECK(lseek(fd, 100, SEEK_SET) == 100, "lseek past the end");
	CHECK(write(fd, "z", 1) == 1, "write after the hole");
	CHECK(pread(fd, buf, 4, 50) == 4 && !memcmp(buf, "\0\0\0\0", 4), "hole reads zeros");
	CHECK(stat(path, &st) == 0 && st.st_size == 101, "stat size %ld", (long)st.st_size);
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK(close(fd) == 0, "close");
	CHECK_ERR(read(fd, buf, 1), EBADF);
	CHECK_ERR(close(fd), EBADF);

	/* O_TRUNC empties it; a read-only descriptor cannot write. */
	fd = open(path, O_RDWR | O_TRUNC);
	CHECK(fd >= 0 && fstat(fd, &st) == 0 && st.st_size == 0, "O_TRUNC");
	close(fd);
	fd = open(path, O_RDONLY);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	close(fd);
	fd = open(path, O_WRONLY);
	CHECK_ERR(read(fd, buf, 1), EBADF);
	close(fd);
	CHECK_ERR(open(path, O_CREAT | O_EXCL | O_RDWR, 0644), EEXIST);
	CHECK_ERR(open(path, O_RDONLY | O_DIRECTORY), ENOTDIR);

	/* A large write and read: several bounce-buffer loads each way. */
	static char big[300000], back[300000];
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 7 + i / 4096);
	fd = open(path, O_RDWR | O_TRUNC);
	CHECK(write(fd, big, sizeof(big)) == (ssize_t)sizeof(big), "large write");
	CHECK(pread(fd, back, sizeof(back), 0) == (ssize_t)sizeof(back) &&
	      !memcmp(big, back, sizeof(big)), "large read back");
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, back, sizeof(back)) == (ssize_t)sizeof(back),
	      "large read");
	close(fd);
	CHECK(truncate(path, 0) == 0, "truncate");

	/* sendfile: from the file's position, or from *offset (position kept). */
	char copy[300];
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	int in = open(path, O_RDWR), out = open(copy, O_CREAT | O_RDWR, 0644);
	CHECK(in >= 0 && out >= 0 && write(in, "0123456789", 10) == 10, "sendfile files");
	CHECK(lseek(in, 2, SEEK_SET) == 2 && sendfile(out, in, NULL, 3) == 3, "sendfile");
	CHECK(lseek(in, 0, SEEK_CUR) == 5 && lseek(out, 0, SEEK_CUR) == 3, "positions moved");
	off_t off = 7;
	CHECK(sendfile(out, in, &off, 100) == 3 && off == 10, "sendfile at offset: %ld", (long)off);
	CHECK(lseek(in, 0, SEEK_CUR) == 5, "the input position stays with an offset");
	CHECK(pread(out, buf, 10, 0) == 6 && !memcmp(buf, "234789", 6), "copied '%.6s'", buf);
	off = 10;
	CHECK(sendfile(out, in, &off, 5) == 0, "sendfile at the end");
	CHECK(fcntl(out, F_SETFL, O_APPEND) == 0, "O_APPEND");
	CHECK_ERR(sendfile(out, in, NULL, 1), EINVAL);
	int ro = open(path, O_RDONLY);
	CHECK_ERR(sendfile(ro, in, NULL, 1), EBADF);
	close(ro);
	close(in);
	close(out);

	/* A directory: opened read-only, never read. */
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open directory");
	CHECK_ERR(read(fd, buf, 1), EISDIR);
	close(fd);
	CHECK_ERR(open(dir, O_WRONLY), EISDIR);
	snprintf(path, sizeof(path), "%s/missing/file", dir);
	CHECK_ERR(open(path, O_RDONLY), ENOENT);
	return test_end();
}
