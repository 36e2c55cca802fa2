/*
 * head [-n N | -N] [FILE...] — the first N lines (default 10) of each
 * FILE or of standard input, with a "==> FILE <==" title when there are
 * several files.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int head(FILE *f, long n)
{
	int c;

	while (n > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (c == '\n')
			n--;
	}
	return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	long n = 10;
	int i = 1, status = 0;

	if (i < argc && !strcmp(argv[i], "-n") && i + 1 < argc) {
		n = atol(argv[i + 1]);
		i += 2;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') {
		n = atol(argv[i] + 1);
		i++;
	}
	if (i == argc)
		return head(stdin, n) < 0;
	for (int first = i; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");

		if (!f) {
			fprintf(stderr, "head: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (argc - first > 1)
			printf("%s==> %s <==\n", i > first ? "\n" : "", argv[i]);
		if (head(f, n) < 0)
			status = 1;
		fclose(f);
	}
	return status;
}
