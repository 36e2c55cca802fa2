/*
 * mkdir [-p] DIR... — make directories. With -p, make the missing parents
 * too, and do not complain about a directory that already exists.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* mkdir -p: each prefix of path in turn, from the root down. */
static int mkdir_parents(char *path)
{
	for (char *p = path + 1; ; p++) {
		if (*p == '/' || !*p) {
			char saved = *p;

			*p = 0;
			if (mkdir(path, 0777) < 0 && errno != EEXIST)
				return -1;
			*p = saved;
			if (!saved)
				return 0;
		}
	}
}

int main(int argc, char **argv)
{
	int parents = 0, status = 0, i = 1;

	if (argc > 1 && !strcmp(argv[1], "-p")) {
		parents = 1;
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "usage: mkdir [-p] DIR...\n");
		return 2;
	}
	for (; i < argc; i++) {
		if ((parents ? mkdir_parents(argv[i]) : mkdir(argv[i], 0777)) < 0) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
