/*
 * ext2_crash — an append-only log written with write(2) and made durable
 * record by record, for the power-cut loop of tools/check (QEMU killed
 * with SIGKILL while this runs; the host then repairs the image with
 * e2fsck and checks that every record reported durable is in the file).
 *
 *   ext2_crash FILE [RECORDS]   create FILE (it must not exist), fsync it
 *                               and its directory ("CREATED FILE"), then
 *                               append RECORDS records (default: without
 *                               end), each followed by fsync, or fdatasync
 *                               for every third; after each returns print
 *                                 FSYNCED <n> <checksum> <bytes>
 *                               n the record's number from 0, bytes the
 *                               file's size then, checksum the CRC-32 of
 *                               all those bytes (zlib's, 8 hex digits)
 *   ext2_crash                  as /bin/utest runs it: on /dev/vde mounted at
 *                               /mnt-ext2-crash, 200 records, read back,
 *                               unmounted and mounted again, read back,
 *                               removed
 *
 * Record n: "REC <n, 8 digits> " then record_len(n) - 13 bytes of
 * payload ending in '\n'; record_len(n) = 64 + (n * 397) % 3000, so
 * records straddle block boundaries of every block size.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

#define EXPECT(cond, ...) do {							\
	if (!(cond)) {								\
		printf("UTEST FAIL ext2_crash: line %d: ", __LINE__);		\
		printf(__VA_ARGS__);						\
		printf(" (%s)\n", strerror(errno));				\
		failures++;							\
	}									\
} while (0)

static long record_len(long n)
{
	return 64 + (n * 397) % 3000;
}

static void record(long n, char *buf)
{
	long len = record_len(n);

	snprintf(buf, 24, "REC %08ld ", n % 100000000);
	for (long i = 13; i < len - 1; i++)
		buf[i] = 'a' + (n + i) % 26;
	buf[len - 1] = '\n';
}

/* CRC-32 as zlib computes it, continued from crc (0 at the start). */
static uint32_t crc32(uint32_t crc, const char *p, long len)
{
	static uint32_t table[256];

	if (!table[1]) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t c = i;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	}
	crc = ~crc;
	for (long i = 0; i < len; i++)
		crc = table[(crc ^ (unsigned char)p[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* Write the log; returns the number of records written, -1 on an error. */
static long write_log(const char *path, long records, int quiet)
{
	static char buf[4096];
	char dir[512];
	uint32_t sum = 0;
	long size = 0, n;
	int fd, dfd;

	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_APPEND, 0644);
	EXPECT(fd >= 0, "create %s", path);
	if (fd < 0)
		return -1;
	snprintf(dir, sizeof(dir), "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY);
	EXPECT(dfd >= 0 && fsync(fd) == 0 && fsync(dfd) == 0, "fsync of %s and its directory",
	       path);
	if (dfd >= 0)
		close(dfd);
	if (!quiet)
		printf("CREATED %s\n", path);
	for (n = 0; records < 0 || n < records; n++) {
		long len = record_len(n);
		int r;

		record(n, buf);
		if (write(fd, buf, len) != len) {
			EXPECT(0, "write of record %ld", n);
			break;
		}
		r = n % 3 == 2 ? fdatasync(fd) : fsync(fd);
		if (r) {
			EXPECT(0, "%s of record %ld", n % 3 == 2 ? "fdatasync" : "fsync", n);
			break;
		}
		size += len;
		sum = crc32(sum, buf, len);
		if (!quiet)
			printf("FSYNCED %ld %08x %ld\n", n, (unsigned)sum, size);
	}
	close(fd);
	return n;
}

/* Does path hold exactly records 0..count-1? */
static void check_log(const char *path, long count)
{
	static char want[4096], got[4096];
	int fd = open(path, O_RDONLY);
	struct stat st;
	long size = 0;

	EXPECT(fd >= 0, "open %s", path);
	if (fd < 0)
		return;
	for (long n = 0; n < count; n++) {
		long len = record_len(n);

		record(n, want);
		if (read(fd, got, len) != len || memcmp(got, want, len)) {
			EXPECT(0, "record %ld of %s differs", n, path);
			break;
		}
		size += len;
	}
	EXPECT(fstat(fd, &st) == 0 && st.st_size == size, "%s: size %ld, expected %ld", path,
	       (long)st.st_size, size);
	close(fd);
}

int main(int argc, char **argv)
{
	const char *mnt = "/mnt-ext2-crash", *log = "/mnt-ext2-crash/log";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 2 || argc == 3) {
		write_log(argv[1], argc == 3 ? atol(argv[2]) : -1, 0);
		return failures ? 1 : 0;
	}
	if (argc != 1) {
		fprintf(stderr, "usage: ext2_crash [FILE [RECORDS]]\n");
		return 2;
	}
	mkdir(mnt, 0755);
	if (mount("/dev/vde", mnt, "ext2", 0, NULL)) {
		EXPECT(0, "mount /dev/vde on %s", mnt);
		return 1;
	}
	if (write_log(log, 200, 1) == 200) {
		check_log(log, 200);
		EXPECT(umount(mnt) == 0, "umount %s", mnt);
		EXPECT(mount("/dev/vde", mnt, "ext2", 0, NULL) == 0, "mount /dev/vde again");
		check_log(log, 200);
		EXPECT(unlink(log) == 0, "unlink %s", log);
	}
	EXPECT(umount(mnt) == 0, "umount %s", mnt);
	if (!failures)
		printf("UTEST PASS ext2_crash\n");
	return failures ? 1 : 0;
}
