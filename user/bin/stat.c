/*
 * stat FILE... — everything lstat(2) says about each FILE, one field per
 * line group, in the layout of GNU stat.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

static const char *kind(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG:	return "regular file";
	case S_IFDIR:	return "directory";
	case S_IFLNK:	return "symbolic link";
	case S_IFCHR:	return "character special file";
	case S_IFBLK:	return "block special file";
	case S_IFIFO:	return "fifo";
	case S_IFSOCK:	return "socket";
	default:	return "unknown";
	}
}

static void mode_string(mode_t m, char *s)
{
	const char *rwx = "rwxrwxrwx";

	s[0] = S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISCHR(m) ? 'c' : S_ISBLK(m) ? 'b' :
	       S_ISFIFO(m) ? 'p' : S_ISSOCK(m) ? 's' : '-';
	for (int i = 0; i < 9; i++)
		s[i + 1] = (m & (0400 >> i)) ? rwx[i] : '-';
	s[10] = 0;
}

static void print_time(const char *label, const struct timespec *t)
{
	char buf[64];
	struct tm tm;

	gmtime_r(&t->tv_sec, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s: %s.%09ld +0000\n", label, buf, t->tv_nsec);
}

static int show(const char *path)
{
	struct stat st;
	char mode[11], target[4096];
	ssize_t n;

	if (lstat(path, &st) < 0) {
		fprintf(stderr, "stat: %s: %s\n", path, strerror(errno));
		return 1;
	}
	n = S_ISLNK(st.st_mode) ? readlink(path, target, sizeof(target) - 1) : -1;
	if (n >= 0) {
		target[n] = 0;
		printf("  File: %s -> %s\n", path, target);
	} else {
		printf("  File: %s\n", path);
	}
	printf("  Size: %-10lld Blocks: %-10lld IO Block: %-6ld %s\n", (long long)st.st_size,
	       (long long)st.st_blocks, (long)st.st_blksize, kind(st.st_mode));
	printf("Device: %u,%u   Inode: %-11llu Links: %lu", major(st.st_dev), minor(st.st_dev),
	       (unsigned long long)st.st_ino, (unsigned long)st.st_nlink);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf("   Device type: %u,%u", major(st.st_rdev), minor(st.st_rdev));
	mode_string(st.st_mode, mode);
	printf("\nAccess: (%04o/%s)  Uid: %5u   Gid: %5u\n", st.st_mode & 07777, mode,
	       st.st_uid, st.st_gid);
	print_time("Access", &st.st_atim);
	print_time("Modify", &st.st_mtim);
	print_time("Change", &st.st_ctim);
	return 0;
}

int main(int argc, char **argv)
{
	int status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: stat FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++)
		status |= show(argv[i]);
	return status;
}
