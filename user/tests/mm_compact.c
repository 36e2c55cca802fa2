/*
 * Compaction: writing 1 to /proc/sys/vm/compact_memory (root) moves pages
 * (the counters of /proc/vmstat say so: compact_runs grows by one run,
 * compact_migrated grows; on Linux compact_migrate_scanned), and nothing changes for the programs owning
 * them: 8 MiB of anonymous memory with a pattern, a private copy-on-write
 * page shared with a forked child, and 4 MiB of a block device's page
 * cache (/dev/vdc 128 MiB in, read only; on Linux a file given as
 * argument), mapped shared and read, and 8 MiB of single-mapped pages
 * with a free page between each two, all read back the same afterwards.
 */
#define _GNU_SOURCE
#include "utest.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>

#define MIB	(1L << 20)
#define ANON	(8 * MIB)
#define FILE_LEN	(4 * MIB)
#define FILE_OFF	(128 * MIB)
#define FRAG	(16 * MIB)

static long vmstat(const char *key)
{
	FILE *f = fopen("/proc/vmstat", "r");
	char name[64];
	long v, found = -1;

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", name, &v) == 2)
		if (!strcmp(name, key))
			found = v;
	fclose(f);
	return found;
}

static unsigned char pat(long i)
{
	return (unsigned char)(i * 7 + (i >> 12));
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/vdc";
	long off = argc > 1 ? 0 : FILE_OFF;
	long stall = vmstat("compact_runs"), migrated = vmstat("compact_migrated");
	unsigned char *a, *m, *copy, *frag;
	int fd, pipefd[2], status = 0, ok = 1;
	long bad = -1;
	pid_t pid;
	char c;

	const char *moved = migrated >= 0 ? "compact_migrated" : "compact_migrate_scanned";

	if (migrated < 0)		/* Linux has no compact_migrated */
		migrated = vmstat(moved);
	a = mmap(NULL, ANON, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fd = open(path, O_RDONLY);
	m = fd < 0 ? MAP_FAILED : mmap(NULL, FILE_LEN, PROT_READ, MAP_SHARED, fd, off);
	copy = malloc(FILE_LEN);
	CHECK("compact-setup", a != MAP_FAILED && m != MAP_FAILED && copy && migrated >= 0,
	      "mmap, open %s or /proc/vmstat: %s", path, strerror(errno));
	if (a == MAP_FAILED || m == MAP_FAILED || !copy || migrated < 0)
		return utest_exit();
	for (long i = 0; i < ANON; i++)
		a[i] = pat(i);
	memcpy(copy, m, FILE_LEN);
	if (pipe(pipefd))
		return 1;
	pid = fork();
	if (pid == 0) {			/* shares a's pages copy-on-write */
		close(pipefd[1]);
		read(pipefd[0], &c, 1);
		for (long i = 0; i < ANON; i += 4096)
			if (a[i] != pat(i))
				_exit(1);
		_exit(0);
	}
	close(pipefd[0]);
	a[0] = pat(0);			/* the parent's first page is its own again */

	/* Holes between pages only this process maps: every other page of
	 * frag goes back to the allocator, so that some free page lies above
	 * some movable one wherever the allocator put them. */
	frag = mmap(NULL, FRAG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK("compact-frag", frag != MAP_FAILED, "mmap: %s", strerror(errno));
	if (frag == MAP_FAILED)
		return utest_exit();
	for (long i = 0; i < FRAG; i += 4096)
		frag[i] = pat(i);
	for (long i = 4096; i < FRAG; i += 2 * 4096)
		munmap(frag + i, 4096);

	fd = open("/proc/sys/vm/compact_memory", O_WRONLY);
	CHECK("compact-write", fd >= 0 && write(fd, "1\n", 2) == 2, "compact_memory: %s",
	      strerror(errno));
	if (fd >= 0)
		close(fd);
	if (stall >= 0)			/* Lockstep's count of runs (Linux has none) */
		CHECK("compact-runs", vmstat("compact_runs") == stall + 1, "compact_runs %ld -> %ld",
		      stall, vmstat("compact_runs"));
	CHECK("compact-migrated", vmstat(moved) > migrated, "%s %ld -> %ld", moved, migrated,
	      vmstat(moved));
	for (long i = 0; i < ANON && ok; i++)
		if (a[i] != pat(i)) {
			ok = 0;
			bad = i;
		}
	CHECK("compact-anon-data", ok, "anonymous byte %ld differs", bad);
	for (long i = 0; i < FRAG && ok; i += 2 * 4096)
		if (frag[i] != pat(i)) {
			ok = 0;
			bad = i;
		}
	CHECK("compact-frag-data", ok, "fragmented page at %ld differs", bad);
	CHECK("compact-file-data", !memcmp(copy, m, FILE_LEN), "the mapped file differs");
	write(pipefd[1], "x", 1);
	close(pipefd[1]);
	CHECK("compact-cow-child", utest_waitpid(pid, &status, 0, 20000) == pid &&
	      WIFEXITED(status) && WEXITSTATUS(status) == 0, "child status %#x", status);
	return utest_exit();
}
