/*
 * Attributes and the calls around them: chmod/fchmod/fchmodat (and
 * S_ISGID dropped for a non-member), chown/fchown/lchown/fchownat (setuid
 * cleared on chown), umask's old value, truncate/ftruncate (grow with
 * zeros, shrink, EINVAL/EISDIR), utimensat (explicit times, UTIME_NOW,
 * UTIME_OMIT, futimens), stat/lstat/fstatat with AT_SYMLINK_NOFOLLOW and
 * AT_EMPTY_PATH, statx's basic fields, access/faccessat/faccessat2,
 * statfs/fstatfs, fsync/fdatasync/sync/syncfs, fallocate, O_PATH
 * descriptors, close_range, and EMFILE at RLIMIT_NOFILE.
 */
#define _GNU_SOURCE
#include "fs_util.h"
#include <sys/resource.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/time.h>

/* struct statx as the kernel lays it out (this musl has no statx()). */
struct statx_ts {
	long long tv_sec;
	unsigned tv_nsec;
	int reserved;
};
struct statx_buf {
	unsigned stx_mask, stx_blksize;
	unsigned long long stx_attributes;
	unsigned stx_nlink, stx_uid, stx_gid;
	unsigned short stx_mode, pad0;
	unsigned long long stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_ts stx_atime, stx_btime, stx_ctime, stx_mtime;
	unsigned stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	unsigned long long spare[14];
};
#define STATX_BASIC_STATS_ 0x7ffU

static int statx_(int dfd, const char *path, int flags, unsigned mask, struct statx_buf *b)
{
	return (int)syscall(SYS_statx, dfd, path, flags, mask, b);
}

int main(void)
{
	const char *dir = test_begin("fs_attr");
	struct stat st;
	struct statfs sfs;
	struct statx_buf sx;
	char buf[16];
	int fd, pfd;

	CHECK(chdir(dir) == 0, "chdir");
	fd = open("f", O_CREAT | O_RDWR, 0600);
	CHECK(fd >= 0, "create");

	/* chmod family */
	CHECK(chmod("f", 0640) == 0 && stat("f", &st) == 0 && (st.st_mode & 07777) == 0640, "chmod");
	CHECK(fchmod(fd, 04755) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 04755,
	      "fchmod %o", st.st_mode & 07777);
	CHECK(fchmodat(AT_FDCWD, "f", 0600, 0) == 0, "fchmodat");
	CHECK_ERR(chmod("missing", 0600), ENOENT);

	/* chown family: setuid goes on chown */
	CHECK(fchmod(fd, 04755) == 0, "setuid");
	CHECK(chown("f", 1234, 5678) == 0 && stat("f", &st) == 0 && st.st_uid == 1234 &&
	      st.st_gid == 5678, "chown %d %d", (int)st.st_uid, (int)st.st_gid);
	CHECK(!(st.st_mode & S_ISUID), "chown cleared S_ISUID: %o", st.st_mode);
	CHECK(fchown(fd, -1, 0) == 0 && fstat(fd, &st) == 0 && st.st_uid == 1234 && st.st_gid == 0,
	      "fchown -1 keeps the owner");
	CHECK_OK(symlink("f", "l"));
	CHECK(lchown("l", 42, 42) == 0 && lstat("l", &st) == 0 && st.st_uid == 42, "lchown");
	CHECK(stat("l", &st) == 0 && st.st_uid == 1234, "lchown left the target");
	CHECK(fchownat(AT_FDCWD, "l", 7, 7, AT_SYMLINK_NOFOLLOW) == 0 && lstat("l", &st) == 0 &&
	      st.st_uid == 7, "fchownat AT_SYMLINK_NOFOLLOW");
	CHECK(fchownat(fd, "", 0, 0, AT_EMPTY_PATH) == 0 && fstat(fd, &st) == 0 && st.st_uid == 0,
	      "fchownat AT_EMPTY_PATH");

	/* umask returns the old mask */
	mode_t old = umask(0077);
	CHECK(umask(old) == 0077, "umask");

	/* truncate */
	CHECK(write(fd, "0123456789", 10) == 10, "write");
	CHECK(truncate("f", 4) == 0 && stat("f", &st) == 0 && st.st_size == 4, "truncate shrinks");
	CHECK(ftruncate(fd, 8) == 0 && pread(fd, buf, 8, 0) == 8 && !memcmp(buf, "0123\0\0\0\0", 8),
	      "ftruncate grows with zeros");
	CHECK_ERR(truncate("f", -1), EINVAL);
	CHECK_ERR(truncate(".", 0), EISDIR);
	pfd = open("f", O_RDONLY);
	CHECK_ERR(ftruncate(pfd, 0), EINVAL);
	close(pfd);

	/* utimensat */
	struct timespec ts[2] = { { 1000, 5 }, { 2000, 7 } };
	CHECK(utimensat(AT_FDCWD, "f", ts, 0) == 0 && stat("f", &st) == 0 &&
	      st.st_atim.tv_sec == 1000 && st.st_mtim.tv_sec == 2000 && st.st_mtim.tv_nsec == 7,
	      "explicit times %ld %ld", (long)st.st_atim.tv_sec, (long)st.st_mtim.tv_sec);
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_NOW } };
	CHECK(utimensat(AT_FDCWD, "f", omit, 0) == 0 && stat("f", &st) == 0 &&
	      st.st_atim.tv_sec == 1000 && st.st_mtim.tv_sec != 2000, "UTIME_OMIT / UTIME_NOW");
	CHECK(futimens(fd, ts) == 0 && fstat(fd, &st) == 0 && st.st_mtim.tv_sec == 2000, "futimens");
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	CHECK_ERR(utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
	CHECK(utimensat(AT_FDCWD, "l", ts, AT_SYMLINK_NOFOLLOW) == 0, "times of the link itself");

	/* stat variants, statx */
	CHECK(fstatat(AT_FDCWD, "l", &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode), "lstat");
	CHECK(fstatat(fd, "", &st, AT_EMPTY_PATH) == 0 && S_ISREG(st.st_mode) && st.st_size == 8,
	      "AT_EMPTY_PATH");
	CHECK_ERR(fstatat(fd, "", &st, 0), ENOENT);
	CHECK_ERR(fstatat(AT_FDCWD, "f", &st, 0x4000000), EINVAL);
	CHECK(statx_(AT_FDCWD, "f", 0, STATX_BASIC_STATS_, &sx) == 0 &&
	      (sx.stx_mask & STATX_BASIC_STATS_) == STATX_BASIC_STATS_ && sx.stx_size == 8 &&
	      S_ISREG(sx.stx_mode) && sx.stx_mtime.tv_sec == 2000, "statx");
	CHECK(stat("f", &st) == 0 && sx.stx_ino == st.st_ino && sx.stx_nlink == st.st_nlink, "statx agrees");
	CHECK(statx_(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS_, &sx) == 0 && sx.stx_size == 8,
	      "statx AT_EMPTY_PATH");
	CHECK_ERR(statx_(AT_FDCWD, "f", 0, 0x80000000U, &sx), EINVAL);

	/* access */
	CHECK(access("f", R_OK | W_OK) == 0 && access("f", F_OK) == 0, "access");
	CHECK(chmod("f", 0644) == 0, "chmod 0644");
	CHECK_ERR(access("f", X_OK), EACCES);		/* root too: no x bit at all */
	CHECK_ERR(access("missing", F_OK), ENOENT);
	CHECK_ERR(access("f", 8), EINVAL);
	CHECK(faccessat(AT_FDCWD, "f", R_OK, AT_EACCESS) == 0, "faccessat AT_EACCESS");
	CHECK(syscall(SYS_faccessat2, AT_FDCWD, "l", F_OK, AT_SYMLINK_NOFOLLOW) == 0, "faccessat2");

	/* statfs */
	CHECK(statfs(".", &sfs) == 0 && sfs.f_bsize > 0 && sfs.f_namelen >= 255, "statfs");
	CHECK(fstatfs(fd, &sfs) == 0, "fstatfs");
	CHECK_ERR(statfs("missing", &sfs), ENOENT);

	/* sync family, fallocate */
	CHECK(fsync(fd) == 0 && fdatasync(fd) == 0, "fsync");
	sync();
	CHECK(syncfs(fd) == 0, "syncfs");
	CHECK_ERR(fsync(999), EBADF);
	CHECK(fallocate(fd, 0, 0, 100) == 0 && fstat(fd, &st) == 0 && st.st_size == 100,
	      "fallocate extends to %ld", (long)st.st_size);
	CHECK_ERR(fallocate(fd, 0, 0, 0), EINVAL);
	pfd = open(".", O_RDONLY);
	CHECK_ERR(fallocate(pfd, 0, 0, 1), EBADF);
	close(pfd);

	/* O_PATH: names the file, no I/O. */
	pfd = open("f", O_PATH);
	CHECK(pfd >= 0, "O_PATH");
	CHECK_ERR(read(pfd, buf, 1), EBADF);
	CHECK_ERR(write(pfd, buf, 1), EBADF);
	CHECK(fstat(pfd, &st) == 0 && st.st_size == 100, "fstat O_PATH");
	CHECK(fcntl(pfd, F_GETFL) & O_PATH, "F_GETFL O_PATH");
	close(pfd);
	pfd = open(".", O_PATH | O_DIRECTORY);
	CHECK(fstatat(pfd, "f", &st, 0) == 0, "O_PATH directory as a dirfd");
	CHECK(fchdir(pfd) == 0, "fchdir to an O_PATH directory");
	close(pfd);
	CHECK_ERR(open("f", O_TMPFILE | O_RDWR, 0600), ENOTDIR);

	/* close_range */
	int a = dup(fd), b = dup(fd), c = dup(fd);
	CHECK(syscall(SYS_close_range, b, c, 4) == 0 && fcntl(b, F_GETFD) == FD_CLOEXEC,
	      "CLOSE_RANGE_CLOEXEC");
	CHECK(syscall(SYS_close_range, a, ~0U, 0) == 0, "close_range");
	CHECK_ERR(fcntl(a, F_GETFD), EBADF);
	CHECK_ERR(fcntl(c, F_GETFD), EBADF);
	CHECK(fcntl(fd, F_GETFD) == 0, "below the range: open");
	CHECK_ERR(syscall(SYS_close_range, 5, 4, 0), EINVAL);

	/* RLIMIT_NOFILE */
	struct rlimit rl = { 16, 16 }, saved;
	getrlimit(RLIMIT_NOFILE, &saved);
	CHECK(setrlimit(RLIMIT_NOFILE, &rl) == 0, "setrlimit");
	int n = 0;
	while ((pfd = open("f", O_RDONLY)) >= 0)
		n++;
	CHECK(errno == EMFILE, "open stopped with errno %d after %d", errno, n);
	CHECK_ERR(dup(fd), EMFILE);
	CHECK_ERR(open("made-at-emfile", O_CREAT | O_RDWR, 0644), EMFILE);
	CHECK_ERR(access("made-at-emfile", F_OK), ENOENT);
	CHECK_ERR(dup2(fd, 16), EBADF);
	CHECK_ERR(fcntl(fd, F_DUPFD, 16), EINVAL);
	syscall(SYS_close_range, 3, ~0U, 0);
	setrlimit(RLIMIT_NOFILE, &saved);
	CHECK(chdir("/") == 0, "chdir /");
	return test_end();
}
