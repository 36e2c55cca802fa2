/*
 * memhog [-f] [-o SWAPDEV] MiB — map MiB of anonymous memory, write a
 * pattern that names each page into all of it, then read it all back and
 * check every word. Used to drive memory beyond RAM through swap; without
 * enough memory the OOM killer ends it.
 *   -f          after writing, fork: the child checks everything (the
 *               pages are shared copy-on-write, through swap), then the
 *               parent does;
 *   -o SWAPDEV  after writing, push the pages out to swap (write 64 MiB
 *               more and drop them), swapoff(SWAPDEV), then check: swapoff
 *               must bring every page back.
 * Prints "memhog: N MiB written and verified" (with what -f/-o did), or
 * the first page that differs (exit 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	4096UL
#define WORDS	(PAGE / sizeof(long))

static unsigned long word(unsigned long page, unsigned long i)
{
	return (page * 0x9e3779b97f4a7c15UL) ^ (i * 0x100000001b3UL) ^ 0x5a5a5a5aUL;
}

static unsigned long *map(unsigned long pages)
{
	unsigned long *mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (mem == MAP_FAILED) {
		perror("memhog: mmap");
		exit(1);
	}
	return mem;
}

static void fill(unsigned long *mem, unsigned long pages)
{
	for (unsigned long p = 0; p < pages; p++)
		for (unsigned long i = 0; i < WORDS; i += 8)
			mem[p * WORDS + i] = word(p, i);
}

/* 0, or 1 after printing the first difference. */
static int check(unsigned long *mem, unsigned long pages, const char *who)
{
	for (unsigned long p = 0; p < pages; p++)
		for (unsigned long i = 0; i < WORDS; i += 8)
			if (mem[p * WORDS + i] != word(p, i)) {
				printf("memhog: %sMISMATCH at page %lu word %lu: %#lx, not %#lx\n", who,
				       p, i, mem[p * WORDS + i], word(p, i));
				return 1;
			}
	return 0;
}

/* SwapTotal - SwapFree from /proc/meminfo, in kB. */
static long swap_used_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	long total = 0, free = 0;
	char line[128];

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "SwapTotal: %ld", &total);
		sscanf(line, "SwapFree: %ld", &free);
	}
	fclose(f);
	return total - free;
}

int main(int argc, char **argv)
{
	const char *swapdev = NULL, *how = "";
	unsigned long mib, pages, *mem;
	int fork_check = 0, opt;

	while ((opt = getopt(argc, argv, "fo:")) != -1) {
		if (opt == 'f')
			fork_check = 1;
		else if (opt == 'o')
			swapdev = optarg;
		else
			return 2;
	}
	if (optind >= argc || (mib = strtoul(argv[optind], NULL, 0)) == 0) {
		fprintf(stderr, "usage: memhog [-f] [-o SWAPDEV] MiB\n");
		return 2;
	}
	pages = mib * (1UL << 20) / PAGE;
	mem = map(pages);
	fill(mem, pages);
	printf("memhog: %lu MiB written\n", mib);
	fflush(stdout);
	if (swapdev) {
		unsigned long push = 64 * (1UL << 20) / PAGE, *more = map(push);

		fill(more, push);
		munmap(more, push * PAGE);
		printf("memhog: in swap before swapoff: %ld kB\n", swap_used_kb());
		fflush(stdout);
		if (swapoff(swapdev)) {
			printf("memhog: swapoff %s: %s\n", swapdev, strerror(errno));
			return 1;
		}
		how = ", brought back by swapoff";
	}
	if (fork_check) {
		int status = 0;
		pid_t pid = fork();

		if (pid < 0) {
			perror("memhog: fork");
			return 1;
		}
		if (pid == 0)
			_exit(check(mem, pages, "child: "));
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
			printf("memhog: the child failed (status %#x)\n", status);
			return 1;
		}
		how = ", by a forked child and its parent";
	}
	if (check(mem, pages, ""))
		return 1;
	printf("memhog: %lu MiB written and verified%s\n", mib, how);
	return 0;
}
