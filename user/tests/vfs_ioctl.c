/*
 * vfs_ioctl — the ioctls every file has (FIGETBSZ, FIBMAP, FS_IOC_FIEMAP)
 * and the size limits of a write (RLIMIT_FSIZE: a short write, then EFBIG,
 * SIGXFSZ), as Linux gives them.
 *
 *   vfs_ioctl FILE DIR   FILE: a file of at least 8 KiB on a filesystem
 *                        with FIEMAP and FIBMAP (ext2/ext4); DIR: a
 *                        writable directory on such a filesystem (Linux:
 *                        any ext4 file and /tmp-like directory, as root)
 *   vfs_ioctl            as /bin/utest runs it: /pattern of /dev/vdd
 *                        mounted read-only at /mnt-vfs-ioctl, and a file
 *                        made and removed on /dev/vde mounted at
 *                        /mnt-vfs-ioctl-rw
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "utest.h"

#define FIBMAP_		0x00000001
#define FIGETBSZ_	0x00000002
#define FS_IOC_FIEMAP_	0xC020660B
#define FIEMAP_FLAG_SYNC_	1u
#define FIEMAP_EXTENT_LAST_	1u

struct fiemap_extent_ {
	uint64_t fe_logical, fe_physical, fe_length, fe_reserved64[2];
	uint32_t fe_flags, fe_reserved[3];
};

struct fiemap_ {
	uint64_t fm_start, fm_length;
	uint32_t fm_flags, fm_mapped_extents, fm_extent_count, fm_reserved;
	struct fiemap_extent_ fm_extents[64];
};

static void check_map(const char *path)
{
	static struct fiemap_ fm;
	struct stat st;
	int fd = open(path, O_RDONLY), bsz = 0, ok = 1;
	uint64_t covered = 0;

	CHECK("vfs_ioctl_open", fd >= 0 && fstat(fd, &st) == 0 && st.st_size >= 8192,
	      "open %s: %s", path, strerror(errno));
	if (fd < 0)
		return;
	CHECK("vfs_ioctl_figetbsz", ioctl(fd, FIGETBSZ_, &bsz) == 0 && bsz == st.st_blksize,
	      "FIGETBSZ %d, st_blksize %ld: %s", bsz, (long)st.st_blksize, strerror(errno));

	/* Counting only. */
	memset(&fm, 0, sizeof(fm));
	fm.fm_length = ~0ULL;
	CHECK("vfs_ioctl_fiemap_count", ioctl(fd, FS_IOC_FIEMAP_, &fm) == 0 &&
	      fm.fm_mapped_extents > 0, "FIEMAP count: %u extents: %s", fm.fm_mapped_extents,
	      strerror(errno));

	/* The extents: in order, the last flagged, covering the file. */
	memset(&fm, 0, sizeof(fm));
	fm.fm_length = ~0ULL;
	fm.fm_flags = FIEMAP_FLAG_SYNC_;
	fm.fm_extent_count = 64;
	if (ioctl(fd, FS_IOC_FIEMAP_, &fm) != 0) {
		CHECK("vfs_ioctl_fiemap", 0, "FIEMAP: %s", strerror(errno));
		close(fd);
		return;
	}
	for (unsigned i = 0; i < fm.fm_mapped_extents; i++) {
		struct fiemap_extent_ *e = &fm.fm_extents[i];

		if (i && e->fe_logical < fm.fm_extents[i - 1].fe_logical + fm.fm_extents[i - 1].fe_length)
			ok = 0;
		covered += e->fe_length;
	}
	CHECK("vfs_ioctl_fiemap", ok && fm.fm_mapped_extents > 0 &&
	      (fm.fm_mapped_extents == 64 || (fm.fm_extents[fm.fm_mapped_extents - 1].fe_flags &
					      FIEMAP_EXTENT_LAST_)) &&
	      (fm.fm_mapped_extents == 64 || covered >= (uint64_t)st.st_size),
	      "%u extents, %llu bytes covered of %lld, in order %d", fm.fm_mapped_extents,
	      (unsigned long long)covered, (long long)st.st_size, ok);

	/* FIBMAP agrees with FIEMAP for the first blocks. */
	ok = 1;
	for (int blk = 0; bsz > 0 && blk < 8 && ok; blk++) {
		uint64_t pos = (uint64_t)blk * (uint64_t)bsz;
		int b = blk;

		if (ioctl(fd, FIBMAP_, &b) != 0) {
			ok = 0;
			break;
		}
		for (unsigned i = 0; i < fm.fm_mapped_extents; i++) {
			struct fiemap_extent_ *e = &fm.fm_extents[i];

			if (pos >= e->fe_logical && pos < e->fe_logical + e->fe_length &&
			    (uint64_t)b * (uint64_t)bsz != e->fe_physical + (pos - e->fe_logical))
				ok = 0;
		}
	}
	CHECK("vfs_ioctl_fibmap", ok, "FIBMAP disagrees with FIEMAP: %s", strerror(errno));

	/* Unsupported flags come back with EBADR; a bad array is EFAULT. */
	memset(&fm, 0, sizeof(fm));
	fm.fm_length = ~0ULL;
	fm.fm_flags = 0x40000000u;
	CHECK("vfs_ioctl_fiemap_ebadr", ioctl(fd, FS_IOC_FIEMAP_, &fm) == -1 && errno == EBADR &&
	      fm.fm_flags == 0x40000000u, "errno %d, flags %#x", errno, fm.fm_flags);
	CHECK("vfs_ioctl_fiemap_efault", ioctl(fd, FS_IOC_FIEMAP_, (void *)8) == -1 &&
	      errno == EFAULT, "errno %d", errno);
	close(fd);
}

static void check_fsize(const char *dir)
{
	char path[256], buf[10000];
	struct rlimit old, lim = { 6000, RLIM_INFINITY };
	int fd, status = 0;
	ssize_t n;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/vfs-ioctl-fsize", dir);
	unlink(path);
	fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
	CHECK("vfs_ioctl_fsize_open", fd >= 0, "create %s: %s", path, strerror(errno));
	if (fd < 0)
		return;
	memset(buf, 'f', sizeof(buf));
	getrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_IGN);
	setrlimit(RLIMIT_FSIZE, &lim);
	n = write(fd, buf, sizeof(buf));
	CHECK("vfs_ioctl_fsize_short", n == 6000, "write past the limit: %zd", n);
	errno = 0;
	n = write(fd, buf, 10);
	CHECK("vfs_ioctl_fsize_efbig", n == -1 && errno == EFBIG, "write at the limit: %zd, %s", n,
	      strerror(errno));
	CHECK("vfs_ioctl_fsize_truncate", ftruncate(fd, 7000) == -1 && errno == EFBIG,
	      "ftruncate past the limit: %s", strerror(errno));
	CHECK("vfs_ioctl_fsize_shrink", ftruncate(fd, 100) == 0, "shrink: %s", strerror(errno));
	pid = fork();
	if (pid == 0) {
		signal(SIGXFSZ, SIG_DFL);
		lseek(fd, 6000, SEEK_SET);
		write(fd, buf, 10);
		_exit(0);
	}
	CHECK("vfs_ioctl_fsize_sigxfsz", pid > 0 && utest_waitpid(pid, &status, 0, 5000) == pid &&
	      WIFSIGNALED(status) && WTERMSIG(status) == SIGXFSZ, "child status %#x", status);
	setrlimit(RLIMIT_FSIZE, &old);
	signal(SIGXFSZ, SIG_DFL);
	close(fd);
	CHECK("vfs_ioctl_fsize_unlink", unlink(path) == 0, "unlink: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 3) {
		check_map(argv[1]);
		check_fsize(argv[2]);
		return utest_exit();
	}
	if (argc != 1) {
		fprintf(stderr, "usage: vfs_ioctl [FILE DIR]\n");
		return 2;
	}
	mkdir("/mnt-vfs-ioctl", 0755);
	if (mount("/dev/vdd", "/mnt-vfs-ioctl", "ext2", MS_RDONLY, NULL) == 0) {
		check_map("/mnt-vfs-ioctl/pattern");
		CHECK("vfs_ioctl_umount", umount("/mnt-vfs-ioctl") == 0, "%s", strerror(errno));
	} else {
		CHECK("vfs_ioctl_mount", 0, "mount /dev/vdd: %s", strerror(errno));
	}
	mkdir("/mnt-vfs-ioctl-rw", 0755);
	if (mount("/dev/vde", "/mnt-vfs-ioctl-rw", "ext2", 0, NULL) == 0) {
		check_fsize("/mnt-vfs-ioctl-rw");
		CHECK("vfs_ioctl_umount_rw", umount("/mnt-vfs-ioctl-rw") == 0, "%s", strerror(errno));
	} else {
		CHECK("vfs_ioctl_mount_rw", 0, "mount /dev/vde: %s", strerror(errno));
	}
	return utest_exit();
}
