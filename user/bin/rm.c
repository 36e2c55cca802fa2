/*
 * rm [-r] [-f] PATH... — remove files; with -r, directories and all they
 * hold (children first: a directory must be empty before rmdir). With -f,
 * a path that does not exist is not an error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, force;

static int complain(const char *path)
{
	if (force && errno == ENOENT)
		return 0;
	fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
	return -1;
}

static int remove_path(const char *path);

/* Remove everything in dir, then dir itself. */
static int remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int status = 0;

	if (!d)
		return complain(dir);
	while ((e = readdir(d))) {
		char child[4096];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(child, sizeof(child), "%s/%s", dir, e->d_name);
		if (remove_path(child) < 0)
			status = -1;
	}
	closedir(d);
	if (rmdir(dir) < 0)
		return complain(dir);
	return status;
}

static int remove_path(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return complain(path);
	if (S_ISDIR(st.st_mode)) {
		if (recursive)
			return remove_tree(path);
		fprintf(stderr, "rm: %s: is a directory (use -r)\n", path);
		return -1;
	}
	if (unlink(path) < 0)
		return complain(path);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0, i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (char *o = argv[i] + 1; *o; o++) {
			if (*o == 'r' || *o == 'R') {
				recursive = 1;
			} else if (*o == 'f') {
				force = 1;
			} else {
				fprintf(stderr, "usage: rm [-r] [-f] PATH...\n");
				return 2;
			}
		}
	}
	if (i == argc && !force) {
		fprintf(stderr, "usage: rm [-r] [-f] PATH...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (remove_path(argv[i]) < 0)
			status = 1;
	return status;
}
