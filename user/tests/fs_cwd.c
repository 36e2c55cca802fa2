/*
 * The current directory: chdir and fchdir move it, getcwd names it (also
 * across a mount point: /proc), relative names and "..", openat/mkdirat
 * with a directory descriptor, AT_FDCWD; ".." at "/" stays at "/";
 * getcwd's ERANGE; chdir to a file is ENOTDIR; the cwd removed under the
 * process makes getcwd ENOENT.
 */
#include "fs_util.h"

int main(void)
{
	const char *dir = test_begin("fs_cwd");
	char cwd[512], path[300];
	struct stat st;
	int fd, dfd;

	CHECK(chdir(dir) == 0, "chdir %s", dir);
	CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, dir), "getcwd '%s'", cwd);
	CHECK_OK(mkdir("a", 0755));
	CHECK_OK(mkdir("a/b", 0755));
	fd = open("a/b/file", O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0, "relative create");
	close(fd);
	CHECK(chdir("a/b") == 0, "chdir a/b");
	snprintf(path, sizeof(path), "%s/a/b", dir);
	CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, path), "getcwd '%s'", cwd);
	CHECK(stat("file", &st) == 0 && S_ISREG(st.st_mode), "stat relative");
	CHECK(stat("../b/./file", &st) == 0, "stat with .. and .");
	CHECK(chdir("..") == 0, "chdir ..");
	snprintf(path, sizeof(path), "%s/a", dir);
	CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, path), "getcwd after .. '%s'", cwd);

	/* ERANGE: too small for the name and its NUL. */
	errno = 0;
	CHECK(getcwd(cwd, strlen(path)) == NULL && errno == ERANGE, "getcwd ERANGE");

	/* *at() with a directory descriptor, and fchdir. */
	dfd = open("b", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0, "open b");
	CHECK(fstatat(dfd, "file", &st, 0) == 0, "fstatat dirfd");
	CHECK(mkdirat(dfd, "c", 0755) == 0, "mkdirat dirfd");
	fd = openat(dfd, "c/new", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0, "openat dirfd");
	CHECK_ERR(openat(fd, "x", O_RDONLY), ENOTDIR);
	close(fd);
	CHECK(fstatat(AT_FDCWD, "b/c/new", &st, 0) == 0, "AT_FDCWD");
	CHECK_ERR(fstatat(12345, "x", &st, 0), EBADF);
	CHECK(fstatat(12345, path, &st, 0) == 0, "absolute name ignores dirfd");
	CHECK(fchdir(dfd) == 0, "fchdir");
	snprintf(path, sizeof(path), "%s/a/b", dir);
	CHECK(getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, path), "getcwd after fchdir '%s'", cwd);
	close(dfd);
	CHECK_ERR(chdir("file"), ENOTDIR);
	CHECK_ERR(chdir("nowhere"), ENOENT);

	/* ".." of "/" is "/"; a mount point is crossed both ways. */
	CHECK(chdir("/../..") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"),
	      "/.. is '%s'", cwd);
	if (stat("/proc/self", &st) == 0 || stat("/proc/mounts", &st) == 0) {
		CHECK(chdir("/proc") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/proc"),
		      "getcwd in /proc '%s'", cwd);
		CHECK(chdir("..") == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/"),
		      "up from /proc '%s'", cwd);
	}

	/* The cwd removed under us. */
	snprintf(path, sizeof(path), "%s/gone", dir);
	CHECK_OK(mkdir(path, 0755));
	CHECK(chdir(path) == 0, "chdir gone");
	CHECK_OK(rmdir(path));
	errno = 0;
	CHECK(getcwd(cwd, sizeof(cwd)) == NULL && errno == ENOENT, "getcwd of a removed dir");
	CHECK_ERR(open("new", O_CREAT | O_RDWR, 0644), ENOENT);
	CHECK(chdir("/") == 0, "chdir /");
	return test_end();
}
