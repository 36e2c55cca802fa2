/*
 * Permission checks for a user who is not root. As root the test makes
 * files with various modes, then a child drops to uid/gid 1000 (with
 * supplementary group 2000) and checks: reading or writing without the
 * mode bit is EACCES, a directory without x cannot be searched, creating
 * or removing needs w+x on the directory, the sticky bit protects others'
 * files, group bits apply to the group and supplementary groups, only the
 * owner may chmod and only root chown, access() answers the same, new
 * files belong to the user and get the umask, and explicit times need
 * ownership. Needs setresuid(2): without it the test says so and skips.
 */
#include "fs_util.h"
#include <grp.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#define UID 1000
#define GID 1000
#define SUPP 2000

static const char *dir;

static void make(const char *name, mode_t mode, gid_t gid)
{
	char p[300];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	fd = open(p, O_CREAT | O_WRONLY, 0600);
	CHECK(fd >= 0 && put(fd, "data") == 4, "make %s", name);
	close(fd);
	CHECK(chmod(p, mode) == 0 && chown(p, 0, gid) == 0, "chmod/chown %s", name);
}

static int as_user(void)
{
	char buf[8];
	struct stat st;
	struct timespec ts[2] = { { 1, 0 }, { 1, 0 } };
	int fd;

	CHECK(chdir(dir) == 0, "chdir as the user");
	CHECK_ERR(open("secret", O_RDONLY), EACCES);
	CHECK((fd = open("public", O_RDONLY)) >= 0 && read(fd, buf, 4) == 4, "read public");
	close(fd);
	CHECK_ERR(open("public", O_WRONLY), EACCES);
	CHECK_ERR(open("public", O_RDONLY | O_TRUNC), EACCES);
	CHECK((fd = open("shared", O_RDWR)) >= 0, "rw by the mode's others bits");
	close(fd);
	CHECK((fd = open("group", O_RDONLY)) >= 0, "read by the group bits (gid)");
	close(fd);
	CHECK((fd = open("supp", O_RDONLY)) >= 0, "read by a supplementary group");
	close(fd);
	CHECK_ERR(open("notgroup", O_RDONLY), EACCES);
	CHECK_ERR(stat("locked/inside", &st), EACCES);
	CHECK_ERR(open("locked", O_RDONLY | O_DIRECTORY), EACCES);
	CHECK_ERR(chdir("locked"), EACCES);
	CHECK_ERR(open("new", O_CREAT | O_WRONLY, 0644), EACCES);
	CHECK_ERR(mkdir("newdir", 0755), EACCES);
	CHECK_ERR(unlink("public"), EACCES);
	CHECK_ERR(rename("public", "moved"), EACCES);
	CHECK_ERR(symlink("x", "link"), EACCES);
	CHECK_ERR(chmod("public", 0777), EPERM);
	CHECK_ERR(chown("public", UID, GID), EPERM);
	CHECK_ERR(truncate("public", 0), EACCES);
	CHECK_ERR(utimensat(AT_FDCWD, "shared", ts, 0), EPERM);
	CHECK(utimensat(AT_FDCWD, "shared", NULL, 0) == 0, "utimensat now with write permission");
	CHECK_ERR(access("secret", R_OK), EACCES);
	CHECK(access("public", R_OK) == 0, "access R_OK");
	CHECK_ERR(access("public", W_OK), EACCES);
	CHECK_ERR(chroot("."), EPERM);

	/* In a world-writable directory the user makes its own files. */
	umask(027);
	CHECK((fd = open("open/mine", O_CREAT | O_WRONLY, 0666)) >= 0, "create in 0777 dir");
	close(fd);
	CHECK(stat("open/mine", &st) == 0 && st.st_uid == UID && st.st_gid == GID &&
	      (st.st_mode & 0777) == 0640, "new file uid %d gid %d mode %o",
	      (int)st.st_uid, (int)st.st_gid, st.st_mode & 0777);
	CHECK(chmod("open/mine", 0600) == 0, "the owner may chmod");
	CHECK(chown("open/mine", -1, SUPP) == 0, "chgrp to one's own group");
	CHECK_ERR(chown("open/mine", -1, 4242), EPERM);
	CHECK_ERR(chown("open/mine", 0, -1), EPERM);
	CHECK(utimensat(AT_FDCWD, "open/mine", ts, 0) == 0, "explicit times as the owner");
	CHECK(mkdir("open/d", 0777) == 0 && stat("open/d", &st) == 0 &&
	      (st.st_mode & 0777) == 0750, "mkdir with umask: %o", st.st_mode & 0777);

	/* Sticky: others' files stay; one's own may go. */
	CHECK_ERR(unlink("sticky/roots"), EPERM);
	CHECK_ERR(rename("sticky/roots", "sticky/x"), EPERM);
	CHECK((fd = open("sticky/users", O_CREAT | O_WRONLY, 0644)) >= 0, "create in sticky");
	close(fd);
	CHECK(unlink("sticky/users") == 0, "remove one's own file in sticky");
	return failures ? 1 : 0;
}

int main(void)
{
	char p[300];
	int st, fd;
	pid_t pid;

	dir = test_begin("fs_eacces");
	make("secret", 0600, 0);
	make("public", 0644, 0);
	make("shared", 0666, 0);
	make("group", 0640, GID);
	make("supp", 0640, SUPP);
	make("notgroup", 0604, GID);	/* the group bits rule, though others may read */
	snprintf(p, sizeof(p), "%s/locked", dir);
	CHECK(mkdir(p, 0700) == 0, "mkdir locked");
	snprintf(p, sizeof(p), "%s/locked/inside", dir);
	close(open(p, O_CREAT | O_WRONLY, 0644));
	snprintf(p, sizeof(p), "%s/open", dir);
	CHECK(mkdir(p, 0777) == 0 && chmod(p, 0777) == 0, "mkdir open");
	snprintf(p, sizeof(p), "%s/sticky", dir);
	CHECK(mkdir(p, 0777) == 0 && chmod(p, 01777) == 0, "mkdir sticky");
	snprintf(p, sizeof(p), "%s/sticky/roots", dir);
	fd = open(p, O_CREAT | O_WRONLY, 0666);
	CHECK(fd >= 0 && fchmod(fd, 0666) == 0, "root's file in sticky");
	close(fd);
	CHECK(chmod(dir, 0755) == 0, "chmod scratch");

	pid = fork();
	if (pid == 0) {
		gid_t groups[1] = { SUPP };

		if (syscall(SYS_setgroups, 1, groups) != 0 || syscall(SYS_setresgid, GID, GID, GID) != 0 ||
		    syscall(SYS_setresuid, UID, UID, UID) != 0)
			_exit(errno == ENOSYS ? 77 : 78);
		_exit(as_user());
	}
	CHECK(pid > 0 && waitpid(pid, &st, 0) == pid, "fork/wait");
	if (WIFEXITED(st) && WEXITSTATUS(st) == 77) {
		printf("UTEST SKIP fs_eacces: needs setgroups/setresgid/setresuid (ENOSYS here)\n");
		rm_rf(dir);
		return 0;
	}
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the user's checks: status %#x", st);
	return test_end();
}
