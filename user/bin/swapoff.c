/*
 * swapoff PATH... — stop swapping on each device or file (swapoff(2)),
 * bringing its pages back into memory.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: swapoff PATH...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (swapoff(argv[i])) {
			fprintf(stderr, "swapoff: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	return status;
}
