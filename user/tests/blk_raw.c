/*
 * Raw block devices through their device files: the test disks
 * tools/mkdisks attaches (vda 32 MiB virtio, vdb 16 MiB virtio with two
 * MBR partitions made on the host, hda 16 MiB IDE primary master, hdd
 * 8 MiB IDE secondary slave). For each whole disk: BLKGETSIZE64 and
 * SEEK_END give its size; a pattern written with pwrite and fsync'ed
 * reads back after BLKFLSBUF dropped the cached copy; writing at the end
 * fails with ENOSPC and reading there returns 0. Partitions: vdb1 and
 * vdb2 have the sizes and the bytes the host wrote; BLKRRPART is refused
 * while a partition is open. Concurrency: one process per CPU writes its
 * own region of vda and hda at once, each checked afterwards.
 */
#define _GNU_SOURCE
#include "utest.h"
#include "blk_pattern.h"
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#define MIB (1u << 20)
static unsigned char buf[4 * MIB];

static uint64_t dev_size(int fd)
{
	uint64_t size = 0;

	return ioctl(fd, BLKGETSIZE64, &size) == 0 ? size : 0;
}

/* Write `len` bytes of pattern at `off`, fsync, drop the cache, read back. */
static const char *round_trip(int fd, off_t off, size_t len, unsigned seed)
{
	blk_pattern_fill(buf, off / 512, len / 512, seed);
	if (pwrite(fd, buf, len, off) != (ssize_t)len)
		return "pwrite";
	if (fsync(fd))
		return "fsync";
	if (ioctl(fd, BLKFLSBUF, 0))
		return "BLKFLSBUF";
	memset(buf, 0, len);
	if (pread(fd, buf, len, off) != (ssize_t)len)
		return "pread";
	if (blk_pattern_check(buf, off / 512, len / 512, seed) >= 0)
		return "data read back differs";
	return NULL;
}

static void whole_disk(const char *dev, uint64_t want_size)
{
	char name[80];
	int fd = open(dev, O_RDWR);
	const char *err;

	snprintf(name, sizeof(name), "blk_raw_%s_open", dev + 5);
	CHECK(name, fd >= 0, "open: %s", strerror(errno));
	if (fd < 0)
		return;
	snprintf(name, sizeof(name), "blk_raw_%s_size", dev + 5);
	uint64_t size = dev_size(fd);
	CHECK(name, size == want_size && lseek(fd, 0, SEEK_END) == (off_t)want_size,
	      "BLKGETSIZE64 %llu, SEEK_END %lld, want %llu", (unsigned long long)size,
	      (long long)lseek(fd, 0, SEEK_END), (unsigned long long)want_size);
	snprintf(name, sizeof(name), "blk_raw_%s_pattern", dev + 5);
	err = round_trip(fd, (off_t)(want_size / 2 - 512 * 7), 2 * MIB + 512 * 3, 11);
	CHECK(name, !err, "%s (%s)", err, strerror(errno));
	snprintf(name, sizeof(name), "blk_raw_%s_end", dev + 5);
	errno = 0;
	ssize_t w = pwrite(fd, buf, 512, (off_t)want_size);
	int werr = errno;
	ssize_t r = pread(fd, buf, 512, (off_t)want_size);
	ssize_t partial = pwrite(fd, buf, 4096, (off_t)want_size - 1024);
	CHECK(name, w == -1 && werr == ENOSPC && r == 0 && partial == 1024,
	      "write at end %zd (%s), read at end %zd, write across the end %zd",
	      w, strerror(werr), r, partial);
	close(fd);
}

static void partitions(void)
{
	static const struct { const char *dev; uint64_t size; unsigned char byte; } parts[] = {
		{ "/dev/vdb1", 8192 * 512, 0xa1 },
		{ "/dev/vdb2", (16 * MIB) - 10240 * 512, 0xb2 },
	};
	for (unsigned i = 0; i < 2; i++) {
		char name[80];
		int fd = open(parts[i].dev, O_RDONLY);
		size_t n = 64 * 1024;
		int ok = fd >= 0 && dev_size(fd) == parts[i].size;

		ok = ok && pread(fd, buf, n, 0) == (ssize_t)n &&
		     pread(fd, buf + n, n, parts[i].size - n) == (ssize_t)n;
		for (size_t j = 0; ok && j < 2 * n; j++)
			ok = buf[j] == parts[i].byte;
		snprintf(name, sizeof(name), "blk_raw_%s", parts[i].dev + 5);
		CHECK(name, ok, "size %llu (want %llu) or content not the host's 0x%02x",
		      fd >= 0 ? (unsigned long long)dev_size(fd) : 0ull,
		      (unsigned long long)parts[i].size, parts[i].byte);
		if (fd >= 0)
			close(fd);
	}
	int disk = open("/dev/vdb", O_RDONLY), part = open("/dev/vdb1", O_RDONLY);
	errno = 0;
	int busy = ioctl(disk, BLKRRPART, 0), busy_errno = errno;
	close(part);
	int again = ioctl(disk, BLKRRPART, 0);
	struct stat st;
	CHECK("blk_raw_BLKRRPART", busy == -1 && busy_errno == EBUSY && again == 0 &&
	      stat("/dev/vdb2", &st) == 0 && S_ISBLK(st.st_mode),
	      "with vdb1 open: %d (%s); closed: %d", busy, strerror(busy_errno), again);
	close(disk);
}

/* Child i writes 1 MiB at region i of dev from CPU i % ncpus. */
static void concurrent(const char *dev, unsigned nproc)
{
	pid_t pids[8];
	char name[80];
	int fd, ok = 1;

	for (unsigned i = 0; i < nproc; i++) {
		pids[i] = fork();
		if (pids[i] == 0) {
			cpu_set_t set;
			CPU_ZERO(&set);
			CPU_SET(i % sysconf(_SC_NPROCESSORS_ONLN), &set);
			sched_setaffinity(0, sizeof(set), &set);
			fd = open(dev, O_RDWR);
			blk_pattern_fill(buf, (i * 2 + 1) * MIB / 512, MIB / 512, 100 + i);
			_exit(fd < 0 || pwrite(fd, buf, MIB, (off_t)(i * 2 + 1) * MIB) != MIB ||
			      fsync(fd) ? 1 : 0);
		}
	}
	for (unsigned i = 0; i < nproc; i++) {
		int status = 1;
		if (pids[i] < 0 || utest_waitpid(pids[i], &status, 0, 60000) != pids[i] ||
		    !WIFEXITED(status) || WEXITSTATUS(status))
			ok = 0;
	}
	fd = open(dev, O_RDONLY);
	ioctl(fd, BLKFLSBUF, 0);
	for (unsigned i = 0; ok && i < nproc; i++)
		ok = pread(fd, buf, MIB, (off_t)(i * 2 + 1) * MIB) == MIB &&
		     blk_pattern_check(buf, (i * 2 + 1) * MIB / 512, MIB / 512, 100 + i) < 0;
	close(fd);
	snprintf(name, sizeof(name), "blk_raw_%s_concurrent_writers", dev + 5);
	CHECK(name, ok, "a writer failed or its region reads back wrong");
}

int main(void)
{
	whole_disk("/dev/vda", 32 * MIB);
	whole_disk("/dev/hda", 16 * MIB);
	whole_disk("/dev/hdd", 8 * MIB);
	partitions();
	concurrent("/dev/vda", 4);
	concurrent("/dev/hda", 4);
	return utest_exit();
}
