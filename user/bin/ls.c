/*
 * ls [-l] [-a] [-d] [PATH...] — list directories (their entries, sorted by
 * name) and files. -a shows names starting with '.', -l one line per file
 * with its type and mode, links, owner, group, size, modification time and
 * the target of a symlink; -d lists a directory itself, not its entries.
 * Without -l the names go in columns on a terminal, one per line elsewhere.
 */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int long_format, all, dir_itself;

static void mode_string(mode_t m, char *s)
{
	const char *rwx = "rwxrwxrwx";

	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' :
	       S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
	if (m & S_ISUID)
		s[3] = s[3] == 'x' ? 's' : 'S';
	if (m & S_ISGID)
		s[6] = s[6] == 'x' ? 's' : 'S';
	if (m & S_ISVTX)
		s[9] = s[9] == 'x' ? 't' : 'T';
	s[10] = 0;
}

/* One -l line for the file at path, shown as name. */
static void print_long(const char *path, const char *name)
{
	struct stat st;
	struct passwd *pw;
	struct group *gr;
	char mode[11], when[32], target[4096];
	struct tm tm;
	ssize_t n;

	if (lstat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return;
	}
	mode_string(st.st_mode, mode);
	pw = getpwuid(st.st_uid);
	gr = getgrgid(st.st_gid);
	gmtime_r(&st.st_mtime, &tm);
	strftime(when, sizeof(when), "%b %e %H:%M", &tm);
	printf("%s %3lu ", mode, (unsigned long)st.st_nlink);
	pw ? printf("%-8s ", pw->pw_name) : printf("%-8u ", st.st_uid);
	gr ? printf("%-8s ", gr->gr_name) : printf("%-8u ", st.st_gid);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf("%3u, %3u ", major(st.st_rdev), minor(st.st_rdev));
	else
		printf("%8lld ", (long long)st.st_size);
	printf("%s %s", when, name);
	n = S_ISLNK(st.st_mode) ? readlink(path, target, sizeof(target) - 1) : -1;
	if (n >= 0) {
		target[n] = 0;
		printf(" -> %s", target);
	}
	printf("\n");
}

/* Short format: columns as wide as the longest name on a terminal. */
static void print_names(char **names, int n)
{
	struct winsize ws;
	int width = 80, longest = 0, cols, rows;

	if (!isatty(1)) {
		for (int i = 0; i < n; i++)
			printf("%s\n", names[i]);
		return;
	}
	if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		width = ws.ws_col;
	for (int i = 0; i < n; i++)
		if ((int)strlen(names[i]) > longest)
			longest = strlen(names[i]);
	cols = width / (longest + 2) ? width / (longest + 2) : 1;
	rows = (n + cols - 1) / cols;
	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols && c * rows + r < n; c++) {
			int i = c * rows + r;

			printf("%-*s", i + rows < n ? longest + 2 : 0, names[i]);
		}
		printf("\n");
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	int n = 0;

	if (!d) {
		fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		char **more;

		if (e->d_name[0] == '.' && !all)
			continue;
		more = realloc(names, (n + 1) * sizeof(*names));
		if (!more)
			break;
		names = more;
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	if (!long_format)
		print_names(names, n);
	for (int i = 0; i < n; i++) {
		if (long_format) {
			char path[4096];

			snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
			print_long(path, names[i]);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

static int list(const char *path, int title)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode) || dir_itself) {
		if (long_format)
			print_long(path, path);
		else
			printf("%s\n", path);
		return 0;
	}
	if (title)
		printf("%s:\n", path);
	return list_dir(path);
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (char *o = argv[i] + 1; *o; o++) {
			if (*o == 'l') {
				long_format = 1;
			} else if (*o == 'a') {
				all = 1;
			} else if (*o == 'd') {
				dir_itself = 1;
			} else if (*o != '1') {
				fprintf(stderr, "usage: ls [-l] [-a] [-d] [PATH...]\n");
				return 2;
			}
		}
	}
	if (i == argc)
		return list(".", 0);
	for (int first = i; i < argc; i++) {
		if (i > first && argc - first > 1)
			printf("\n");
		status |= list(argv[i], argc - first > 1);
	}
	return status;
}
