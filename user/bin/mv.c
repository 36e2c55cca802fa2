/*
 * mv SOURCE TARGET, mv SOURCE... DIR — rename files with rename(2). When
 * the last argument is a directory, each SOURCE moves into it under its
 * own name. rename() works within one filesystem only (EXDEV otherwise).
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	const char *target = argv[argc - 1];
	struct stat st;
	int into_dir, status = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: mv SOURCE TARGET | mv SOURCE... DIR\n");
		return 2;
	}
	into_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc > 3 && !into_dir) {
		fprintf(stderr, "mv: %s: not a directory\n", target);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		char path[4096], copy[4096];

		snprintf(copy, sizeof(copy), "%s", argv[i]);
		if (into_dir)
			snprintf(path, sizeof(path), "%s/%s", target, basename(copy));
		else
			snprintf(path, sizeof(path), "%s", target);
		if (rename(argv[i], path) < 0) {
			fprintf(stderr, "mv: %s -> %s: %s\n", argv[i], path, strerror(errno));
			status = 1;
		}
	}
	return status;
}
