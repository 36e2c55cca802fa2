/*
 * ln [-s] TARGET LINK — make LINK a hard link to TARGET, or with -s a
 * symbolic link whose content is TARGET (which need not exist). When LINK
 * is a directory the link goes inside it, named after TARGET.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int symbolic = argc > 1 && !strcmp(argv[1], "-s");
	const char *target, *name;
	char path[4096], copy[4096];
	struct stat st;

	if (argc != 3 + symbolic) {
		fprintf(stderr, "usage: ln [-s] TARGET LINK\n");
		return 2;
	}
	target = argv[1 + symbolic];
	name = argv[2 + symbolic];
	if (stat(name, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(copy, sizeof(copy), "%s", target);
		snprintf(path, sizeof(path), "%s/%s", name, basename(copy));
		name = path;
	}
	if ((symbolic ? symlink(target, name) : link(target, name)) < 0) {
		fprintf(stderr, "ln: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}
