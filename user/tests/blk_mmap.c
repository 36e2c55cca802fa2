/*
 * MAP_SHARED mappings of a block device (/dev/vda from 28 MiB; the other
 * block tests stay below) are its page cache: what a mapping writes is
 * written back by msync(MS_SYNC), or by fsync of the device, and is still
 * there once the cache was dropped (BLKFLSBUF) and the sectors read again;
 * a write after msync dirties the page again (the write-protect that
 * writeback leaves makes the next write fault), so a second msync writes
 * it too. Reading through read() sees the mapping's bytes at once.
 *
 * With a path argument it runs on that file instead (a regular file on a
 * Linux host, where the cache is dropped with posix_fadvise).
 */
#define _GNU_SOURCE
#include "utest.h"
#include "blk_pattern.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define MIB	(1u << 20)
#define AREA	(28ull * MIB)	/* byte offset */
#define LEN	(4 * 4096)

#ifndef BLKFLSBUF
#define BLKFLSBUF	0x1261
#endif

static unsigned char buf[LEN];

/* Drop the cached copy, so that the next read comes from the device. */
static int drop_cache(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	if (S_ISBLK(st.st_mode))
		return ioctl(fd, BLKFLSBUF, 0);
	return fsync(fd) || posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
}

/* The area holds the pattern of seed, read from the device. */
static int on_device(int fd, unsigned seed)
{
	if (drop_cache(fd))
		return 0;
	memset(buf, 0, LEN);
	return pread(fd, buf, LEN, AREA) == LEN && blk_pattern_check(buf, AREA / 512, LEN / 512, seed) < 0;
}

static unsigned char *map(int fd)
{
	unsigned char *p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, AREA);

	return p == MAP_FAILED ? NULL : p;
}

static void msync_writes_back(int fd)
{
	unsigned char *p = map(fd);

	CHECK("blk_mmap_shared", p, "mmap: %s", strerror(errno));
	if (!p)
		return;
	blk_pattern_fill(p, AREA / 512, LEN / 512, 41);
	CHECK("blk_mmap_read_sees_mapping", pread(fd, buf, LEN, AREA) == LEN &&
	      blk_pattern_check(buf, AREA / 512, LEN / 512, 41) < 0, "read() differs");
	CHECK("blk_mmap_msync", msync(p, LEN, MS_SYNC) == 0, "msync: %s", strerror(errno));
	/* Written back and write-protected: this write must dirty it again. */
	blk_pattern_fill(p, AREA / 512, LEN / 512, 42);
	CHECK("blk_mmap_msync_again", msync(p, LEN, MS_SYNC) == 0, "msync: %s", strerror(errno));
	munmap(p, LEN);
	CHECK("blk_mmap_msync_reaches_device", on_device(fd, 42), "the device has other bytes");
}

static void fsync_writes_back(int fd)
{
	unsigned char *p = map(fd);

	if (!p) {
		CHECK("blk_mmap_fsync_reaches_device", 0, "mmap: %s", strerror(errno));
		return;
	}
	blk_pattern_fill(p, AREA / 512, LEN / 512, 43);
	munmap(p, LEN);
	CHECK("blk_mmap_fsync", fsync(fd) == 0, "fsync: %s", strerror(errno));
	CHECK("blk_mmap_fsync_reaches_device", on_device(fd, 43), "the device has other bytes");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/vda";
	int fd = open(path, O_RDWR);

	CHECK("blk_mmap_open", fd >= 0, "open %s: %s", path, strerror(errno));
	if (fd < 0)
		return utest_exit();
	msync_writes_back(fd);
	fsync_writes_back(fd);
	close(fd);
	return utest_exit();
}
