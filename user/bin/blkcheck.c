/*
 * blkcheck: write or check the block-test pattern (user/tests/blk_pattern.h)
 * on a raw block device, for the tests that look at a disk image from the
 * host or across a reboot (tools/check's blk configuration).
 *
 *   blkcheck write DEV SEED SECTOR COUNT    pattern, then fsync
 *   blkcheck verify DEV SEED SECTOR COUNT   read back (cache dropped first)
 *   blkcheck readerr DEV SECTOR             reading SECTOR must fail with EIO,
 *                                           reading far from it must not
 * Each prints one "blkcheck: ..." line; the exit status is 0 on success.
 */
#include "../tests/blk_pattern.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define CHUNK_SECTORS 2048u		/* 1 MiB per system call */
static unsigned char buf[CHUNK_SECTORS * 512];

static int fail(const char *what, const char *dev)
{
	printf("blkcheck: %s %s: %s\n", what, dev, strerror(errno));
	return 1;
}

static int do_write(int fd, const char *dev, unsigned seed, unsigned long long s, unsigned long long n)
{
	for (unsigned long long done = 0; done < n; ) {
		size_t k = n - done < CHUNK_SECTORS ? n - done : CHUNK_SECTORS;

		blk_pattern_fill(buf, s + done, k, seed);
		if (pwrite(fd, buf, k * 512, (off_t)(s + done) * 512) != (ssize_t)(k * 512))
			return fail("write", dev);
		done += k;
	}
	if (fsync(fd))
		return fail("fsync", dev);
	printf("blkcheck: wrote %llu sectors at %llu of %s, fsync done\n", n, s, dev);
	return 0;
}

static int do_verify(int fd, const char *dev, unsigned seed, unsigned long long s, unsigned long long n)
{
	ioctl(fd, BLKFLSBUF, 0);
	for (unsigned long long done = 0; done < n; ) {
		size_t k = n - done < CHUNK_SECTORS ? n - done : CHUNK_SECTORS;
		long bad;

		if (pread(fd, buf, k * 512, (off_t)(s + done) * 512) != (ssize_t)(k * 512))
			return fail("read", dev);
		bad = blk_pattern_check(buf, s + done, k, seed);
		if (bad >= 0) {
			printf("blkcheck: verify FAILED at sector %ld of %s\n", bad, dev);
			return 1;
		}
		done += k;
	}
	printf("blkcheck: verify ok, %llu sectors at %llu of %s\n", n, s, dev);
	return 0;
}

static int do_readerr(int fd, const char *dev, unsigned long long sector)
{
	off_t at = (off_t)(sector * 512) & ~(off_t)4095;
	ssize_t bad, good;
	int bad_errno;

	ioctl(fd, BLKFLSBUF, 0);
	errno = 0;
	bad = pread(fd, buf, 4096, at);
	bad_errno = errno;
	good = pread(fd, buf, 4096, at >= (1 << 20) ? 0 : at + (1 << 20));
	printf("blkcheck: read at sector %llu: %s; read 1 MiB away: %s\n", sector,
	       bad < 0 ? strerror(bad_errno) : "succeeded", good == 4096 ? "ok" : "failed");
	return bad < 0 && bad_errno == EIO && good == 4096 ? 0 : 1;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc < 4) {
		fprintf(stderr, "usage: blkcheck write|verify DEV SEED SECTOR COUNT | readerr DEV SECTOR\n");
		return 2;
	}
	fd = open(argv[2], strcmp(argv[1], "write") ? O_RDONLY : O_RDWR);
	if (fd < 0)
		return fail("open", argv[2]);
	if (!strcmp(argv[1], "readerr"))
		return do_readerr(fd, argv[2], strtoull(argv[3], NULL, 0));
	if (argc < 6)
		return 2;
	unsigned seed = (unsigned)strtoul(argv[3], NULL, 0);
	unsigned long long s = strtoull(argv[4], NULL, 0), n = strtoull(argv[5], NULL, 0);
	if (!strcmp(argv[1], "write"))
		return do_write(fd, argv[2], seed, s, n);
	return do_verify(fd, argv[2], seed, s, n);
}
