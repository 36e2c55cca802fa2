/*
 * swapon PATH... — start swapping on each device or file (swapon(2));
 * swapon -s — show /proc/swaps.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>

int main(int argc, char **argv)
{
	int status = 0;

	if (argc == 2 && !strcmp(argv[1], "-s")) {
		FILE *f = fopen("/proc/swaps", "r");
		char line[256];

		if (!f) {
			perror("swapon: /proc/swaps");
			return 1;
		}
		while (fgets(line, sizeof(line), f))
			fputs(line, stdout);
		fclose(f);
		return 0;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: swapon PATH... | swapon -s\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if (swapon(argv[i], 0)) {
			fprintf(stderr, "swapon: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	return status;
}
