/*
 * A file larger than RAM through mmap: 192 MiB (three times the RAM of
 * a -m 64M guest) of the raw block device /dev/vdc from 32 MiB in (or a
 * path given as argument: a file made that long, as on a Linux host) is
 * mapped shared and written a page at a time with a pattern that names
 * each 8-byte word's offset, then unmapped; the cache is dropped, and a
 * new mapping reads every word back. With 64 MiB of RAM the kernel has to
 * write dirty pages back and reclaim them while the mapping is written,
 * and read them again while it is checked. The mapping goes in 16 MiB
 * windows so that a wrong word names where it lies.
 */
#define _GNU_SOURCE
#include "utest.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#ifndef BLKFLSBUF
#define BLKFLSBUF	0x1261
#endif

#define MIB	(1L << 20)
#define TOTAL	(192 * MIB)
#define WINDOW	(16 * MIB)
#define DEV_OFF	(32 * MIB)

static uint64_t word(long off)
{
	return (uint64_t)off * 0x9e3779b97f4a7c15ull ^ 0x5bd1e995;
}

static int drop_cache(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return -1;
	if (S_ISBLK(st.st_mode))
		return ioctl(fd, BLKFLSBUF, 0);
	fdatasync(fd);
	return posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
}

/* Write (or check) the window at file offset base; the offset of the
 * first wrong word, or -1. */
static long window(int fd, long base, long file_off, int write)
{
	uint64_t *p = mmap(NULL, WINDOW, write ? PROT_READ | PROT_WRITE : PROT_READ, MAP_SHARED,
			   fd, base + file_off);
	long bad = -1;

	if (p == MAP_FAILED)
		return file_off;
	for (long i = 0; i < WINDOW / 8; i++) {
		long off = file_off + i * 8;

		if (write) {
			p[i] = word(off);
		} else if (p[i] != word(off)) {
			bad = off;
			break;
		}
	}
	munmap(p, WINDOW);
	return bad;
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/vdc";
	long base = argc > 1 ? 0 : DEV_OFF, bad = -1;
	int fd = open(path, argc > 1 ? O_RDWR | O_CREAT : O_RDWR, 0600);

	CHECK("bigfile-open", fd >= 0, "open %s: %s", path, strerror(errno));
	if (fd < 0)
		return utest_exit();
	if (argc > 1 && ftruncate(fd, TOTAL)) {
		CHECK("bigfile-size", 0, "ftruncate: %s", strerror(errno));
		return utest_exit();
	}
	for (long off = 0; off < TOTAL && bad < 0; off += WINDOW)
		bad = window(fd, base, off, 1);
	CHECK("bigfile-write", bad < 0, "writing through the mapping failed at %ld: %s", bad,
	      strerror(errno));
	CHECK("bigfile-fsync", fsync(fd) == 0, "fsync: %s", strerror(errno));
	CHECK("bigfile-drop", drop_cache(fd) == 0, "dropping the cache: %s", strerror(errno));
	bad = -1;
	for (long off = 0; off < TOTAL && bad < 0; off += WINDOW)
		bad = window(fd, base, off, 0);
	CHECK("bigfile-verify", bad < 0, "%ld MiB read back through mmap; the word at %ld differs",
	      TOTAL / MIB, bad);
	printf("mm_bigfile: %ld MiB written and verified through mmap\n", TOTAL / MIB);
	close(fd);
	return utest_exit();
}
