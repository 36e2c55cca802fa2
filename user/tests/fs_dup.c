/*
 * Duplicated descriptors share one open file: dup, dup2, dup3, F_DUPFD
 * and F_DUPFD_CLOEXEC give the lowest free (or the asked) number, the
 * copies share the offset and status flags but not close-on-exec, closing
 * one leaves the other working, and dup2 onto 1 redirects stdout (then
 * puts it back). Errors: EBADF, EINVAL (dup3 onto itself, bad flags).
 */
#include "fs_util.h"

int main(void)
{
	const char *dir = test_begin("fs_dup");
	char path[300], buf[32];
	int fd, a, b, c, saved;

	snprintf(path, sizeof(path), "%s/f", dir);
	fd = open(path, O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 3, "open gave %d", fd);
	a = dup(fd);
	CHECK(a == fd + 1, "dup gave %d", a);
	CHECK(write(fd, "abcdef", 6) == 6, "write");
	CHECK(lseek(a, 0, SEEK_CUR) == 6, "dup shares the offset");
	CHECK(lseek(a, 2, SEEK_SET) == 2 && read(fd, buf, 2) == 2 && !memcmp(buf, "cd", 2),
	      "offset moved through the copy");
	CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && (fcntl(a, F_GETFL) & O_APPEND),
	      "status flags are shared");
	CHECK(fcntl(fd, F_SETFL, 0) == 0, "clear O_APPEND");

	/* dup2 to a chosen number, and onto an open one (closed first). */
	b = dup2(fd, 20);
	CHECK(b == 20, "dup2 gave %d", b);
	CHECK(dup2(a, 20) == 20, "dup2 over an open descriptor");
	CHECK(dup2(20, 20) == 20, "dup2 onto itself");
	CHECK_ERR(dup2(77, 20), EBADF);
	CHECK_ERR(dup2(fd, -1), EBADF);
	CHECK_ERR(dup3(fd, fd, 0), EINVAL);
	CHECK_ERR(syscall(SYS_dup3, fd, 21, 0x40), EINVAL);	/* musl masks flags */
	c = dup3(fd, 21, O_CLOEXEC);
	CHECK(c == 21 && fcntl(21, F_GETFD) == FD_CLOEXEC, "dup3 O_CLOEXEC");
	CHECK(fcntl(fd, F_GETFD) == 0, "the original stays inheritable");

	/* F_DUPFD: the lowest free at or above the argument. */
	CHECK(fcntl(fd, F_DUPFD, 30) == 30, "F_DUPFD 30");
	CHECK(fcntl(fd, F_DUPFD, 30) == 31, "F_DUPFD 30 again");
	c = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	CHECK(c == a + 1 && fcntl(c, F_GETFD) == FD_CLOEXEC, "F_DUPFD_CLOEXEC gave %d", c);
	CHECK(fcntl(c, F_SETFD, 0) == 0 && fcntl(c, F_GETFD) == 0, "F_SETFD 0");
	CHECK_ERR(fcntl(fd, F_DUPFD, -1), EINVAL);
	CHECK_ERR(fcntl(99, F_GETFD), EBADF);

	/* Closing one copy leaves the file open through the others. */
	CHECK(close(fd) == 0, "close the original");
	CHECK(pread(20, buf, 3, 0) == 3 && !memcmp(buf, "abc", 3), "copy still reads");
	CHECK(dup(20) == fd, "dup reuses the lowest free number");

	/* dup2 onto stdout: printf goes to the file; then put stdout back. */
	saved = dup(1);
	CHECK(saved >= 0, "save stdout");
	CHECK(lseek(20, 0, SEEK_END) == 6, "seek to end");
	CHECK(dup2(20, 1) == 1, "dup2 onto 1");
	CHECK(write(1, "XYZ", 3) == 3, "write to fd 1");
	CHECK(dup2(saved, 1) == 1, "restore stdout");
	close(saved);
	CHECK(pread(20, buf, 9, 0) == 9 && !memcmp(buf, "abcdefXYZ", 9), "fd 1 wrote into the file");
	/* 0 too: read stdin from the file. */
	saved = dup(0);
	CHECK(dup2(20, 0) == 0 && lseek(0, 6, SEEK_SET) == 6, "dup2 onto 0");
	CHECK(read(0, buf, 3) == 3 && !memcmp(buf, "XYZ", 3), "read through fd 0");
	CHECK(dup2(saved, 0) == 0, "restore stdin");
	close(saved);
	return test_end();
}
