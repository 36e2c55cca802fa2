/*
 * mount(2) and umount2(2): a tmpfs mounted on a directory hides what was
 * there and shows its own root (stat's st_dev changes, getcwd crosses it);
 * EBUSY while a process stands inside, MNT_DETACH takes it away anyway;
 * a bind mount shows the same files elsewhere; proc mounts a second time;
 * MS_REMOUNT|MS_RDONLY makes
 * writes EROFS (and statfs says ST_RDONLY) until remounted read-write;
 * MS_REMOUNT|MS_BIND|MS_RDONLY makes only that bind read-only; errors:
 * ENODEV for an unknown type, ENOENT, ENOTDIR, EINVAL for umount of a
 * non-mount point, EPERM for a user who is not root.
 */
#include "fs_util.h"
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>

static char mnt[300], bind_[300], f[300];

int main(void)
{
	const char *dir = test_begin("fs_mount");
	struct stat st, st2;
	struct statfs sfs;
	char cwd[400];
	int fd, status;
	pid_t pid;

	snprintf(mnt, sizeof(mnt), "%s/mnt", dir);
	snprintf(bind_, sizeof(bind_), "%s/bind", dir);
	snprintf(f, sizeof(f), "%s/mnt/file", dir);
	CHECK_OK(mkdir(mnt, 0755));
	CHECK_OK(mkdir(bind_, 0755));
	fd = open(f, O_CREAT | O_WRONLY, 0644);		/* under the mount point: hidden */
	close(fd);
	CHECK(stat(mnt, &st) == 0, "stat mnt");

	CHECK(mount("test", mnt, "tmpfs", 0, "") == 0, "mount tmpfs");
	CHECK(stat(mnt, &st2) == 0 && st2.st_dev != st.st_dev, "st_dev changes across the mount");
	CHECK_ERR(stat(f, &st), ENOENT);
	fd = open(f, O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0 && put(fd, "on tmpfs") == 8, "write on the new tmpfs");
	close(fd);
	CHECK(statfs(mnt, &sfs) == 0 && !(sfs.f_flags & ST_RDONLY), "statfs rw");

	/* getcwd across the mount point; EBUSY while inside; MNT_DETACH. */
	CHECK(chdir(mnt) == 0 && getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, mnt), "getcwd '%s'", cwd);
	CHECK_ERR(umount(mnt), EBUSY);
	CHECK(chdir("/") == 0, "chdir /");

	/* A bind mount shows the same files. */
	CHECK(mount(mnt, bind_, NULL, MS_BIND, NULL) == 0, "bind mount");
	snprintf(cwd, sizeof(cwd), "%s/file", bind_);
	CHECK(stat(cwd, &st) == 0 && stat(f, &st2) == 0 && st.st_ino == st2.st_ino &&
	      st.st_dev == st2.st_dev, "the bind shows the same inode");
	CHECK(mount(NULL, bind_, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == 0,
	      "remount the bind read-only");
	CHECK_ERR(open(cwd, O_WRONLY), EROFS);
	CHECK((fd = open(f, O_WRONLY)) >= 0, "the original mount stays writable");
	close(fd);
	CHECK(umount(bind_) == 0, "umount the bind");
	CHECK_ERR(stat(cwd, &st), ENOENT);

	/* Read-only remount of the superblock. */
	CHECK(mount(NULL, mnt, NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0, "remount ro");
	CHECK_ERR(open(f, O_WRONLY), EROFS);
	snprintf(cwd, sizeof(cwd), "%s/new", mnt);
	CHECK_ERR(open(cwd, O_CREAT | O_WRONLY, 0644), EROFS);
	CHECK_ERR(mkdir(cwd, 0755), EROFS);
	CHECK_ERR(unlink(f), EROFS);
	CHECK_ERR(chmod(f, 0600), EROFS);
	CHECK((fd = open(f, O_RDONLY)) >= 0, "reading still works");
	close(fd);
	CHECK(statfs(mnt, &sfs) == 0 && (sfs.f_flags & ST_RDONLY), "statfs ST_RDONLY");
	CHECK(mount(NULL, mnt, NULL, MS_REMOUNT, NULL) == 0, "remount rw");
	CHECK((fd = open(f, O_WRONLY)) >= 0, "writable again");
	close(fd);

	/* MNT_DETACH while busy: gone from the tree, the user keeps it. */
	fd = open(f, O_RDONLY);
	CHECK_ERR(umount(mnt), EBUSY);
	CHECK(umount2(mnt, MNT_DETACH) == 0, "MNT_DETACH");
	CHECK(stat(f, &st) == 0, "the hidden file is back");
	char buf[16] = { 0 };
	CHECK(read(fd, buf, 8) == 8 && !strcmp(buf, "on tmpfs"), "the open file still reads");
	close(fd);

	/* proc and devfs-style mounts are just types too. */
	CHECK(mount("proc", mnt, "proc", 0, NULL) == 0, "mount proc");
	snprintf(cwd, sizeof(cwd), "%s/mounts", mnt);
	CHECK(stat(cwd, &st) == 0 && S_ISREG(st.st_mode), "a second /proc has mounts");
	CHECK(umount(mnt) == 0, "umount proc");

	/* Errors. */
	CHECK_ERR(mount("x", mnt, "no-such-fs", 0, NULL), ENODEV);
	CHECK_ERR(mount("x", "/no/such/dir", "tmpfs", 0, NULL), ENOENT);
	CHECK_ERR(mount("x", f, "tmpfs", 0, NULL), ENOTDIR);
	CHECK_ERR(umount(mnt), EINVAL);
	CHECK_ERR(umount2(mnt, 0x100), EINVAL);
	pid = fork();
	if (pid == 0) {
		if (syscall(SYS_setresuid, 1000, 1000, 1000) != 0)
			_exit(77);
		_exit(mount("x", mnt, "tmpfs", 0, NULL) == -1 && errno == EPERM &&
		      umount("/proc") == -1 && errno == EPERM ? 0 : 1);
	}
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      (WEXITSTATUS(status) == 0 || WEXITSTATUS(status) == 77), "EPERM as a user: %#x", status);
	return test_end();
}
