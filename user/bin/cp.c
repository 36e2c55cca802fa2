/*
 * cp [-r] SOURCE TARGET, cp [-r] SOURCE... DIR — copy files. When the
 * last argument is a directory, each SOURCE is copied into it under its
 * own name. With -r, directories are copied with everything in them.
 * The copy gets the source's permission bits.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive;

static int fail(const char *what, const char *path)
{
	fprintf(stderr, "cp: %s%s: %s\n", what, path, strerror(errno));
	return -1;
}

static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[8192];
	int in, out, status = 0;
	ssize_t n;

	in = open(from, O_RDONLY);
	if (in < 0)
		return fail("", from);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, mode & 07777);
	if (out < 0) {
		close(in);
		return fail("", to);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			status = fail("writing ", to);
			break;
		}
	}
	if (n < 0)
		status = fail("reading ", from);
	close(in);
	if (close(out) < 0 && !status)
		status = fail("", to);
	return status;
}

static int copy_path(const char *from, const char *to);

static int copy_dir(const char *from, const char *to, mode_t mode)
{
	DIR *d;
	struct dirent *e;
	int status = 0;

	if (mkdir(to, mode & 07777) < 0 && errno != EEXIST)
		return fail("", to);
	d = opendir(from);
	if (!d)
		return fail("", from);
	while ((e = readdir(d))) {
		char a[4096], b[4096];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(a, sizeof(a), "%s/%s", from, e->d_name);
		snprintf(b, sizeof(b), "%s/%s", to, e->d_name);
		if (copy_path(a, b) < 0)
			status = -1;
	}
	closedir(d);
	return status;
}

static int copy_path(const char *from, const char *to)
{
	struct stat st;

	if (stat(from, &st) < 0)
		return fail("", from);
	if (!S_ISDIR(st.st_mode))
		return copy_file(from, to, st.st_mode);
	if (!recursive) {
		fprintf(stderr, "cp: %s: is a directory (use -r)\n", from);
		return -1;
	}
	return copy_dir(from, to, st.st_mode);
}

int main(int argc, char **argv)
{
	int first = 1, status = 0, into_dir;
	const char *target = argv[argc - 1];
	struct stat st;

	if (argc > 1 && !strcmp(argv[1], "-r")) {
		recursive = 1;
		first = 2;
	}
	if (argc - first < 2) {
		fprintf(stderr, "usage: cp [-r] SOURCE TARGET | cp [-r] SOURCE... DIR\n");
		return 2;
	}
	into_dir = stat(target, &st) == 0 && S_ISDIR(st.st_mode);
	if (argc - first > 2 && !into_dir) {
		fprintf(stderr, "cp: %s: not a directory\n", target);
		return 1;
	}
	for (int i = first; i < argc - 1; i++) {
		char path[4096], copy[4096];

		snprintf(copy, sizeof(copy), "%s", argv[i]);
		if (into_dir)
			snprintf(path, sizeof(path), "%s/%s", target, basename(copy));
		else
			snprintf(path, sizeof(path), "%s", target);
		if (copy_path(argv[i], path) < 0)
			status = 1;
	}
	return status;
}
