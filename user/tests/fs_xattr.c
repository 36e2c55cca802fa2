/*
 * Extended attributes through the syscalls: set, get (with a size query
 * and ERANGE), list, remove, XATTR_CREATE / XATTR_REPLACE, the f* and l*
 * forms, ENODATA for a missing name, ERANGE for an empty or too long name,
 * E2BIG for a value over 64 KiB, EOPNOTSUPP for an unknown namespace, and
 * trusted.* hidden from and refused to a user who is not root.
 */
#include "fs_util.h"
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/xattr.h>

static int has_name(const char *list, ssize_t len, const char *name)
{
	for (ssize_t i = 0; i < len; i += strlen(list + i) + 1)
		if (!strcmp(list + i, name))
			return 1;
	return 0;
}

int main(void)
{
	const char *dir = test_begin("fs_xattr");
	char path[300], link[300], buf[128], list[256], longname[300];
	static char big[70000];
	ssize_t n;
	int fd, status;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/f", dir);
	snprintf(link, sizeof(link), "%s/l", dir);
	fd = open(path, O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0, "create");
	CHECK_OK(symlink("f", link));

	if (setxattr(path, "user.colour", "blue", 4, 0) != 0 && errno == ENOTSUP) {
		printf("fs_xattr: this filesystem has no user xattrs here\n");
		return test_end();
	}
	CHECK(getxattr(path, "user.colour", NULL, 0) == 4, "size query");
	memset(buf, 0, sizeof(buf));
	CHECK(getxattr(path, "user.colour", buf, sizeof(buf)) == 4 && !strcmp(buf, "blue"), "get");
	CHECK_ERR(getxattr(path, "user.colour", buf, 2), ERANGE);
	CHECK(getxattr(link, "user.colour", buf, sizeof(buf)) == 4, "get follows the link");
	CHECK(fgetxattr(fd, "user.colour", buf, sizeof(buf)) == 4, "fgetxattr");
	CHECK_ERR(setxattr(path, "user.colour", "red", 3, XATTR_CREATE), EEXIST);
	CHECK_ERR(setxattr(path, "user.size", "1", 1, XATTR_REPLACE), ENODATA);
	CHECK(fsetxattr(fd, "user.size", "10", 2, XATTR_CREATE) == 0, "fsetxattr create");
	CHECK(setxattr(path, "user.colour", "red", 3, XATTR_REPLACE) == 0, "replace");
	CHECK(getxattr(path, "user.colour", buf, sizeof(buf)) == 3 && !memcmp(buf, "red", 3), "replaced");
	CHECK(setxattr(path, "user.empty", "", 0, 0) == 0 && getxattr(path, "user.empty", buf, 8) == 0,
	      "an empty value");

	n = listxattr(path, list, sizeof(list));
	CHECK(n > 0 && has_name(list, n, "user.colour") && has_name(list, n, "user.size") &&
	      has_name(list, n, "user.empty"), "listxattr %zd", n);
	CHECK(listxattr(path, NULL, 0) == n, "list size query");
	CHECK(flistxattr(fd, list, sizeof(list)) == n, "flistxattr");
	CHECK_ERR(listxattr(path, list, 3), ERANGE);

	CHECK(removexattr(path, "user.size") == 0, "removexattr");
	CHECK_ERR(getxattr(path, "user.size", buf, sizeof(buf)), ENODATA);
	CHECK_ERR(removexattr(path, "user.size"), ENODATA);
	CHECK(fremovexattr(fd, "user.empty") == 0, "fremovexattr");
	CHECK_ERR(lgetxattr(link, "user.colour", buf, sizeof(buf)), ENODATA);
	CHECK_ERR(lsetxattr(link, "user.x", "1", 1, 0), EPERM);	/* user.* not on links */
	CHECK_ERR(lremovexattr(link, "user.x"), EPERM);
	CHECK(llistxattr(link, list, sizeof(list)) == 0, "a link has none");

	/* Names and sizes. */
	CHECK_ERR(getxattr(path, "", buf, sizeof(buf)), ERANGE);
	memset(longname, 'a', sizeof(longname) - 1);
	memcpy(longname, "user.", 5);
	longname[sizeof(longname) - 1] = 0;
	CHECK_ERR(getxattr(path, longname, buf, sizeof(buf)), ERANGE);
	CHECK_ERR(setxattr(path, "user.big", big, sizeof(big), 0), E2BIG);
	CHECK_ERR(setxattr(path, "nonsense.x", "1", 1, 0), EOPNOTSUPP);
	CHECK_ERR(setxattr(path, "user.colour", "1", 1, 4), EINVAL);
	CHECK_ERR(fgetxattr(999, "user.colour", buf, sizeof(buf)), EBADF);
	CHECK_ERR(getxattr("/no/such", "user.colour", buf, sizeof(buf)), ENOENT);

	/* trusted.* is root's. */
	CHECK(setxattr(path, "trusted.secret", "s", 1, 0) == 0, "root sets trusted.*");
	n = listxattr(path, list, sizeof(list));
	CHECK(has_name(list, n, "trusted.secret"), "root lists trusted.*");
	CHECK(fchmod(fd, 0666) == 0, "chmod");
	pid = fork();
	if (pid == 0) {
		if (syscall(SYS_setresuid, 1000, 1000, 1000) != 0)
			_exit(77);
		n = listxattr(path, list, sizeof(list));
		_exit(n >= 0 && !has_name(list, n, "trusted.secret") && has_name(list, n, "user.colour") &&
		      getxattr(path, "trusted.secret", buf, sizeof(buf)) == -1 && errno == ENODATA &&
		      setxattr(path, "trusted.x", "1", 1, 0) == -1 && errno == EPERM &&
		      setxattr(path, "user.mine", "1", 1, 0) == 0 ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 77), "as a user: %#x", status);
	close(fd);
	return test_end();
}
