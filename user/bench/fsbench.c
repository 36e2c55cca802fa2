/*
 * fsbench — a filesystem on a disk: small files, a big file, a big
 * directory.
 *
 *   fsbench [-r ROUNDS] [-t FSTYPE] [-l LABEL] DEVICE DIR
 *
 * DEVICE holds an empty filesystem of type FSTYPE (default ext2; tools/bench
 * makes it with mke2fs on the host); fsbench mounts it on DIR itself, since
 * a cold read needs an unmount and a mount (the only way to empty a file's
 * cache that both Linux and Lockstep have). Each round, in a directory of
 * its own:
 *   create+unlink  1,000 files: open(O_CREAT), write 100 bytes, close;
 *                  then unlink them all. An op is one file through both
 *                  (ops/s, timed from the first open to the last unlink).
 *   seq write      a 64 MiB file in 1 MiB write()s, then fsync(); timed
 *                  to fsync's return (MB/s).
 *   cold read      unmount, mount, read the file back in 1 MiB read()s
 *                  (MB/s); its contents are checked.
 *   ls -l          2,000 empty files in one directory (made untimed);
 *                  unmount, mount, then what ls -l does: getdents64 to the
 *                  end and lstat of every name (ms, cold); the same again
 *                  with everything cached (ms, warm).
 * Then the round's files are removed.
 *
 * Output (see bench.h), LABEL defaulting to FSTYPE:
 *   BENCH LABEL_create_unlink_ops X     ops/s, median of the rounds
 *   BENCH LABEL_seq_write_fsync_MBps X
 *   BENCH LABEL_cold_read_MBps X
 *   BENCH LABEL_ls_l_2000_cold_ms X
 *   BENCH LABEL_ls_l_2000_warm_ms X
 * A step that fails gives BENCH-NA with the reason for the metrics it
 * touches, never a number. Static musl: the same binary on both kernels.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "bench.h"

#define SMALL_FILES	1000
#define SMALL_BYTES	100
#define BIG_MIB		64
#define DIR_FILES	2000

enum { M_CREATE, M_WRITE, M_READ, M_LS_COLD, M_LS_WARM, NR_METRICS };
static const char *const suffix[NR_METRICS] = {
	"create_unlink_ops", "seq_write_fsync_MBps", "cold_read_MBps", "ls_l_2000_cold_ms",
	"ls_l_2000_warm_ms",
};

static const char *dev, *dir, *fstype = "ext2", *label;
static char names[NR_METRICS][96];
static double values[NR_METRICS][BENCH_MAX_ROUNDS];
static int counts[NR_METRICS];
static int failed[NR_METRICS];
static unsigned char *buf;		/* 1 MiB */

static void fail(int metric, const char *fmt, const char *what)
{
	if (!failed[metric])
		bench_na(names[metric], fmt, what, strerror(errno));
	failed[metric] = 1;
}

static int do_mount(void)
{
	return mount(dev, dir, fstype, 0, NULL);
}

static int remount(void)
{
	sync();
	if (umount(dir) < 0)
		return -1;
	return do_mount();
}

static void path(char *out, size_t size, const char *a, const char *b, int i)
{
	if (i >= 0)
		snprintf(out, size, "%s/%s/%s%04d", dir, a, b, i);
	else
		snprintf(out, size, "%s/%s", dir, a);
}

static void small_files(int round)
{
	char p[256], d[16];
	uint64_t start;
	int fd;

	snprintf(d, sizeof(d), "small%d", round);
	path(p, sizeof(p), d, "", -1);
	if (mkdir(p, 0755) < 0)
		return fail(M_CREATE, "mkdir %s: %s", p);
	start = bench_now_ns();
	for (int i = 0; i < SMALL_FILES; i++) {
		path(p, sizeof(p), d, "f", i);
		fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
		if (fd < 0 || write(fd, buf, SMALL_BYTES) != SMALL_BYTES)
			return fail(M_CREATE, "create %s: %s", p);
		close(fd);
	}
	for (int i = 0; i < SMALL_FILES; i++) {
		path(p, sizeof(p), d, "f", i);
		if (unlink(p) < 0)
			return fail(M_CREATE, "unlink %s: %s", p);
	}
	values[M_CREATE][counts[M_CREATE]++] =
		SMALL_FILES * 1e9 / (double)(bench_now_ns() - start);
	path(p, sizeof(p), d, "", -1);
	rmdir(p);
}

static int full_io(int fd, int writing)
{
	size_t done = 0;

	while (done < BENCH_MIB) {
		ssize_t n = writing ? write(fd, buf + done, BENCH_MIB - done)
				    : read(fd, buf + done, BENCH_MIB - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += n;
	}
	return 0;
}

static void big_file(int round)
{
	char p[256];
	uint64_t start;
	int fd;

	path(p, sizeof(p), "big", "", -1);
	fd = open(p, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	if (fd < 0)
		return fail(M_WRITE, "create %s: %s", p);
	start = bench_now_ns();
	for (int i = 0; i < BIG_MIB; i++) {
		memset(buf, 'a' + (i + round) % 26, 64);
		if (full_io(fd, 1) < 0) {
			close(fd);
			return fail(M_WRITE, "write %s: %s", p);
		}
	}
	if (fsync(fd) < 0) {
		close(fd);
		return fail(M_WRITE, "fsync %s: %s", p);
	}
	values[M_WRITE][counts[M_WRITE]++] =
		bench_mbps((uint64_t)BIG_MIB * BENCH_MIB, bench_now_ns() - start);
	close(fd);
	if (remount() < 0)
		return fail(M_READ, "remount %s: %s", dir);
	fd = open(p, O_RDONLY);
	if (fd < 0)
		return fail(M_READ, "open %s: %s", p);
	start = bench_now_ns();
	for (int i = 0; i < BIG_MIB; i++) {
		if (full_io(fd, 0) < 0) {
			close(fd);
			return fail(M_READ, "read %s: %s", p);
		}
		if (buf[0] != 'a' + (i + round) % 26 || buf[63] != buf[0]) {
			close(fd);
			errno = EIO;
			return fail(M_READ, "%s: wrong contents read back: %s", p);
		}
	}
	values[M_READ][counts[M_READ]++] =
		bench_mbps((uint64_t)BIG_MIB * BENCH_MIB, bench_now_ns() - start);
	close(fd);
	unlink(p);
}

/* What ls -l does to a directory; ms, or -1. */
static double list_dir(const char *p)
{
	char dents[32768], sub[512];
	uint64_t start = bench_now_ns();
	long n, seen = 0;
	int fd = open(p, O_RDONLY | O_DIRECTORY);

	if (fd < 0)
		return -1;
	while ((n = syscall(SYS_getdents64, fd, dents, sizeof(dents))) > 0) {
		for (long at = 0; at < n;) {
			struct dirent *d = (struct dirent *)(dents + at);
			struct stat st;

			at += d->d_reclen;
			snprintf(sub, sizeof(sub), "%s/%s", p, d->d_name);
			if (lstat(sub, &st) < 0) {
				close(fd);
				return -1;
			}
			seen++;
		}
	}
	close(fd);
	if (n < 0 || seen != DIR_FILES + 2) {
		errno = n < 0 ? errno : EIO;
		return -1;
	}
	return (double)(bench_now_ns() - start) / 1e6;
}

static void big_dir(int round)
{
	char p[256], d[16];
	double ms;
	int fd;

	snprintf(d, sizeof(d), "dir%d", round);
	path(p, sizeof(p), d, "", -1);
	if (mkdir(p, 0755) < 0)
		return fail(M_LS_COLD, "mkdir %s: %s", p);
	for (int i = 0; i < DIR_FILES; i++) {
		path(p, sizeof(p), d, "entry-", i);
		fd = open(p, O_CREAT | O_WRONLY, 0644);
		if (fd < 0)
			return fail(M_LS_COLD, "create %s: %s", p);
		close(fd);
	}
	if (remount() < 0)
		return fail(M_LS_COLD, "remount %s: %s", dir);
	path(p, sizeof(p), d, "", -1);
	if ((ms = list_dir(p)) < 0)
		return fail(M_LS_COLD, "listing %s: %s", p);
	values[M_LS_COLD][counts[M_LS_COLD]++] = ms;
	if ((ms = list_dir(p)) < 0)
		return fail(M_LS_WARM, "listing %s: %s", p);
	values[M_LS_WARM][counts[M_LS_WARM]++] = ms;
	for (int i = 0; i < DIR_FILES; i++) {
		path(p, sizeof(p), d, "entry-", i);
		unlink(p);
	}
	path(p, sizeof(p), d, "", -1);
	rmdir(p);
}

static void usage(void)
{
	fprintf(stderr, "usage: fsbench [-r ROUNDS] [-t FSTYPE] [-l LABEL] DEVICE DIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int rounds = 3, c;

	while ((c = getopt(argc, argv, "r:t:l:")) != -1) {
		if (c == 'r')
			rounds = atoi(optarg);
		else if (c == 't')
			fstype = optarg;
		else if (c == 'l')
			label = optarg;
		else
			usage();
	}
	if (argc - optind != 2 || rounds < 1 || rounds > BENCH_MAX_ROUNDS)
		usage();
	dev = argv[optind];
	dir = argv[optind + 1];
	if (!label)
		label = fstype;
	for (int m = 0; m < NR_METRICS; m++)
		snprintf(names[m], sizeof(names[m]), "%s_%s", label, suffix[m]);
	buf = malloc(BENCH_MIB);
	if (!buf)
		return 1;
	memset(buf, 'x', BENCH_MIB);
	mkdir(dir, 0755);
	if (do_mount() < 0) {
		int e = errno;

		for (int m = 0; m < NR_METRICS; m++)
			bench_na(names[m], "mount %s on %s as %s: %s", dev, dir, fstype, strerror(e));
		return 1;
	}
	bench_info(label, "%s on %s, %d rounds: %d small files, a %d MiB file, a %d-entry "
		   "directory", dev, dir, rounds, SMALL_FILES, BIG_MIB, DIR_FILES);
	for (int round = 0; round < rounds; round++) {
		small_files(round);
		big_file(round);
		big_dir(round);
	}
	for (int m = 0; m < NR_METRICS; m++)
		if (!failed[m] && counts[m] == rounds)
			bench_rounds(names[m], values[m], counts[m]);
		else if (!failed[m])
			bench_na(names[m], "%d of %d rounds measured", counts[m], rounds);
	sync();
	if (umount(dir) < 0)
		bench_info(label, "umount %s: %s", dir, strerror(errno));
	return 0;
}
