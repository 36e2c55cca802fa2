/*
 * mmap(MAP_POPULATE) faults the whole range in before mmap returns:
 * mincore() sees every page resident at once, for anonymous memory
 * (private, writable: the pages are the process's own, reading back
 * zeros) and for a shared read-only file mapping whose pages were not
 * cached (/dev/vdc 96 MiB in, its cache dropped with BLKFLSBUF; on a
 * Linux host a file given as argument, dropped with posix_fadvise).
 * Without MAP_POPULATE the same file mapping starts with nothing resident.
 */
#define _GNU_SOURCE
#include "utest.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#ifndef BLKFLSBUF
#define BLKFLSBUF	0x1261
#endif

#define PG	4096
#define NPAGES	64
#define OFF	(96L << 20)

static int resident(void *p, size_t pages)
{
	unsigned char vec[NPAGES];
	int n = 0;

	if (mincore(p, pages * PG, vec))
		return -1;
	for (size_t i = 0; i < pages; i++)
		n += vec[i] & 1;
	return n;
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

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/vdc";
	long off = argc > 1 ? 0 : OFF;
	char *p;
	int fd, n, zeros = 1;

	p = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	CHECK("populate-anon-mmap", p != MAP_FAILED, "mmap: %s", strerror(errno));
	if (p == MAP_FAILED)
		return utest_exit();
	n = resident(p, NPAGES);
	CHECK("populate-anon-resident", n == NPAGES, "%d of %d pages resident", n, NPAGES);
	for (int i = 0; i < NPAGES * PG; i += 512)
		zeros &= p[i] == 0;
	CHECK("populate-anon-zeros", zeros, "populated anonymous memory is not zero");
	munmap(p, NPAGES * PG);

	fd = open(path, O_RDONLY);
	CHECK("populate-file-open", fd >= 0, "open %s: %s", path, strerror(errno));
	if (fd < 0)
		return utest_exit();
	CHECK("populate-file-drop", drop_cache(fd) == 0, "dropping the cache: %s", strerror(errno));
	p = mmap(NULL, NPAGES * PG, PROT_READ, MAP_SHARED, fd, off);
	n = p == MAP_FAILED ? -1 : resident(p, NPAGES);
	CHECK("populate-file-lazy", n >= 0 && n < NPAGES, "without MAP_POPULATE: %d of %d resident",
	      n, NPAGES);
	if (p != MAP_FAILED)
		munmap(p, NPAGES * PG);
	drop_cache(fd);
	p = mmap(NULL, NPAGES * PG, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, off);
	n = p == MAP_FAILED ? -1 : resident(p, NPAGES);
	CHECK("populate-file-resident", n == NPAGES, "with MAP_POPULATE: %d of %d resident", n,
	      NPAGES);
	if (p != MAP_FAILED)
		munmap(p, NPAGES * PG);
	close(fd);
	return utest_exit();
}
