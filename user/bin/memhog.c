/*
 * memhog MiB [PASSES] — map MiB of anonymous memory, write a pattern
 * that names each page into all of it, then read it all back PASSES
 * times (default 1) and check every word. Prints
 *   memhog: N MiB written and verified (P passes)
 * or the first page that differs (exit 1). Used to drive memory beyond
 * RAM through swap; without enough memory the OOM killer ends it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

#define PAGE	4096UL

static unsigned long word(unsigned long page, unsigned long i)
{
	return (page * 0x9e3779b97f4a7c15UL) ^ (i * 0x100000001b3UL) ^ 0x5a5a5a5aUL;
}

int main(int argc, char **argv)
{
	unsigned long mib, pages, passes = 1;
	unsigned long *mem;

	if (argc < 2 || (mib = strtoul(argv[1], NULL, 0)) == 0) {
		fprintf(stderr, "usage: memhog MiB [PASSES]\n");
		return 2;
	}
	if (argc > 2)
		passes = strtoul(argv[2], NULL, 0);
	pages = mib * (1UL << 20) / PAGE;
	mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		perror("memhog: mmap");
		return 1;
	}
	for (unsigned long p = 0; p < pages; p++) {
		unsigned long *w = mem + p * (PAGE / sizeof(long));

		for (unsigned long i = 0; i < PAGE / sizeof(long); i += 8)
			w[i] = word(p, i);
	}
	printf("memhog: %lu MiB written\n", mib);
	fflush(stdout);
	for (unsigned long n = 0; n < passes; n++)
		for (unsigned long p = 0; p < pages; p++) {
			unsigned long *w = mem + p * (PAGE / sizeof(long));

			for (unsigned long i = 0; i < PAGE / sizeof(long); i += 8)
				if (w[i] != word(p, i)) {
					printf("memhog: MISMATCH at page %lu word %lu: %#lx, not %#lx\n",
					       p, i, w[i], word(p, i));
					return 1;
				}
		}
	printf("memhog: %lu MiB written and verified (%lu passes)\n", mib, passes);
	return 0;
}
