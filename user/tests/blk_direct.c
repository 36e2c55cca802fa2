/*
 * O_DIRECT on a raw block device (/dev/vda, from 24 MiB: the other block
 * tests stay below): reads and writes go straight between the device and
 * the process's own pages. A direct write reads back through a direct
 * read and through the page cache; a buffered write still in the cache is
 * what a direct read sees; a misaligned buffer, offset or length is
 * EINVAL; reading into read-only memory is EFAULT; a direct read breaks
 * copy-on-write (a forked child's copy keeps its old bytes).
 */
#define _GNU_SOURCE
#include "utest.h"
#include "blk_pattern.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

#define MIB		(1u << 20)
#define AREA		(24ull * MIB)	/* byte offset on vda */
#define LEN		(MIB + 64 * 1024)

static unsigned char wbuf[LEN] __attribute__((aligned(4096)));
static unsigned char rbuf[LEN + 4096] __attribute__((aligned(4096)));

static void round_trip(int dfd, int bfd)
{
	blk_pattern_fill(wbuf, AREA / 512, LEN / 512, 31);
	CHECK("blk_direct_write", pwrite(dfd, wbuf, LEN, AREA) == LEN, "%s", strerror(errno));
	memset(rbuf, 0, LEN);
	CHECK("blk_direct_read", pread(dfd, rbuf, LEN, AREA) == LEN &&
	      blk_pattern_check(rbuf, AREA / 512, LEN / 512, 31) < 0, "data or length");
	memset(rbuf, 0, LEN);
	CHECK("blk_direct_then_buffered_read", pread(bfd, rbuf, LEN, AREA) == LEN &&
	      blk_pattern_check(rbuf, AREA / 512, LEN / 512, 31) < 0,
	      "the page cache does not see the direct write");

	/* A buffered write, not synced: the direct read writes it back first. */
	blk_pattern_fill(wbuf, AREA / 512 + 8, 4, 32);
	CHECK("blk_direct_sees_buffered_write", pwrite(bfd, wbuf, 2048, AREA + 4096) == 2048 &&
	      pread(dfd, rbuf, 8192, AREA) == 8192 &&
	      blk_pattern_check(rbuf + 4096, AREA / 512 + 8, 4, 32) < 0 &&
	      blk_pattern_check(rbuf, AREA / 512, 8, 31) < 0, "direct read after a buffered write");
}

static void misaligned(int dfd)
{
	errno = 0;
	ssize_t a = pread(dfd, rbuf + 1, 4096, AREA);
	int ea = errno;
	errno = 0;
	ssize_t b = pread(dfd, rbuf, 4096, AREA + 100);
	int eb = errno;
	errno = 0;
	ssize_t c = pwrite(dfd, wbuf, 1000, AREA);
	int ec = errno;
	ssize_t d = pread(dfd, rbuf + 512, 512, AREA);	/* sector-aligned is enough */
	CHECK("blk_direct_misaligned_einval", a == -1 && ea == EINVAL && b == -1 && eb == EINVAL &&
	      c == -1 && ec == EINVAL && d == 512,
	      "buffer %zd (%s), offset %zd (%s), length %zd (%s), 512-aligned %zd",
	      a, strerror(ea), b, strerror(eb), c, strerror(ec), d);
}

static void faults(int dfd)
{
	void *ro = mmap(NULL, 8192, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *fresh = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	errno = 0;
	ssize_t r = pread(dfd, ro, 4096, AREA);
	int e = errno;
	CHECK("blk_direct_read_into_readonly_efault", r == -1 && e == EFAULT, "%zd (%s)", r, strerror(e));
	/* Never-touched memory reads as zeros: writing it writes zeros. */
	ssize_t w = pwrite(dfd, fresh, 4096, AREA + 2 * MIB);
	memset(rbuf, 0xee, 4096);
	ssize_t back = pread(dfd, rbuf, 4096, AREA + 2 * MIB);
	int zeros = 1;
	for (int i = 0; i < 4096; i++)
		zeros &= rbuf[i] == 0;
	CHECK("blk_direct_write_from_untouched_memory", w == 4096 && back == 4096 && zeros,
	      "write %zd, read %zd, zeros %d", w, back, zeros);
	munmap(ro, 8192);
	munmap(fresh, 8192);
}

/* After fork the buffer is shared copy-on-write: the parent's direct read
 * must land in a page of its own, the child's copy keeps the old bytes. */
static void cow(int dfd)
{
	int p[2];
	unsigned char seen = 0;

	memset(rbuf, 0x5a, 4096);
	if (pipe(p))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		unsigned char c;
		close(p[1]);
		if (read(p[0], &c, 1) != 1)
			_exit(2);
		_exit(rbuf[100] == 0x5a ? 0 : 1);
	}
	ssize_t r = pread(dfd, rbuf, 4096, AREA);
	seen = rbuf[100];
	if (write(p[1], "x", 1) != 1)
		r = -1;
	int status = 1;
	utest_waitpid(pid, &status, 0, 20000);
	CHECK("blk_direct_read_breaks_cow", r == 4096 && seen != 0x5a && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "read %zd, parent byte %#x, child status %#x", r, seen, status);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	int dfd = open("/dev/vda", O_RDWR | O_DIRECT), bfd = open("/dev/vda", O_RDWR);

	CHECK("blk_direct_open", dfd >= 0 && bfd >= 0, "%s", strerror(errno));
	if (dfd < 0 || bfd < 0)
		return utest_exit();
	round_trip(dfd, bfd);
	misaligned(dfd);
	faults(dfd);
	cow(dfd);
	close(dfd);
	close(bfd);
	return utest_exit();
}
