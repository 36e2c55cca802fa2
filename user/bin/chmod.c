/*
 * chmod MODE FILE... — set the permission bits of each FILE to MODE, an
 * octal number (chmod 755 script).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	char *end;
	long mode;
	int status = 0;

	if (argc < 3 || (mode = strtol(argv[1], &end, 8), *end) || mode < 0 || mode > 07777) {
		fprintf(stderr, "usage: chmod OCTAL-MODE FILE...\n");
		return 2;
	}
	for (int i = 2; i < argc; i++) {
		if (chmod(argv[i], mode) < 0) {
			fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
