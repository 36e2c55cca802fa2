/*
 * getdents64 lists a directory: ".", "..", and exactly the entries made
 * in it, each once, with the right d_type, across calls with a buffer too
 * small for all of them; a buffer too small for one entry is EINVAL;
 * rewinding (lseek 0) lists it again; a file is ENOTDIR; readdir(3) agrees.
 */
#include "fs_util.h"
#include <dirent.h>

struct linux_dirent64 {
	unsigned long long d_ino;
	long long d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static const char *names[] = { "alpha", "beta", "a-much-longer-name-than-the-others", "sub", "link" };
#define NNAMES (int)(sizeof(names) / sizeof(names[0]))

/* List fd with getdents64 through a buffer of bufsize; count what is seen. */
static int list(int fd, size_t bufsize, int seen[NNAMES], int *dots, int *calls)
{
	char buf[4096];
	long n;
	int total = 0;

	while ((n = syscall(SYS_getdents64, fd, buf, bufsize)) > 0) {
		(*calls)++;
		for (long off = 0; off < n;) {
			struct linux_dirent64 *d = (void *)(buf + off);
			int k;

			CHECK(d->d_reclen % 8 == 0 && d->d_reclen > 0, "reclen %d", d->d_reclen);
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..")) {
				CHECK(d->d_type == DT_DIR, "dot type %d", d->d_type);
				(*dots)++;
			}
			for (k = 0; k < NNAMES; k++)
				if (!strcmp(d->d_name, names[k]))
					seen[k]++;
			total++;
			off += d->d_reclen;
		}
	}
	CHECK(n == 0, "getdents64 ended with %ld", n);
	return total;
}

int main(void)
{
	const char *dir = test_begin("fs_getdents");
	char path[300], buf[64];
	int fd, seen[NNAMES] = { 0 }, dots = 0, calls = 0;

	for (int i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		fd = open(path, O_CREAT | O_WRONLY, 0644);
		CHECK(fd >= 0, "create %s", names[i]);
		close(fd);
	}
	snprintf(path, sizeof(path), "%s/sub", dir);
	CHECK_OK(mkdir(path, 0755));
	snprintf(path, sizeof(path), "%s/link", dir);
	CHECK_OK(symlink("alpha", path));

	fd = open(dir, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0, "open dir");
	/* 80 bytes hold one or two entries: several calls are needed. */
	int total = list(fd, 80, seen, &dots, &calls);
	CHECK(total == NNAMES + 2, "%d entries", total);
	CHECK(dots == 2, "%d dot entries", dots);
	CHECK(calls >= 3, "only %d calls with a small buffer", calls);
	for (int k = 0; k < NNAMES; k++)
		CHECK(seen[k] == 1, "%s seen %d times", names[k], seen[k]);

	/* Types. */
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
	char big[4096];
	long n = syscall(SYS_getdents64, fd, big, sizeof(big));
	CHECK(n > 0, "getdents64 after rewind");
	for (long off = 0; off < n;) {
		struct linux_dirent64 *d = (void *)(big + off);

		if (!strcmp(d->d_name, "sub"))
			CHECK(d->d_type == DT_DIR, "sub type %d", d->d_type);
		if (!strcmp(d->d_name, "link"))
			CHECK(d->d_type == DT_LNK, "link type %d", d->d_type);
		if (!strcmp(d->d_name, "alpha"))
			CHECK(d->d_type == DT_REG, "alpha type %d", d->d_type);
		off += d->d_reclen;
	}
	CHECK(lseek(fd, 0, SEEK_SET) == 0, "rewind");
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 8), EINVAL);
	close(fd);

	snprintf(path, sizeof(path), "%s/alpha", dir);
	fd = open(path, O_RDONLY);
	CHECK_ERR(syscall(SYS_getdents64, fd, big, sizeof(big)), ENOTDIR);
	close(fd);
	CHECK_ERR(syscall(SYS_getdents64, 999, big, sizeof(big)), EBADF);

	/* readdir(3) sees the same names (it needs malloc: mmap). */
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;
	if (!d && errno == ENOSYS) {
		printf("fs_getdents: no opendir(3) here (malloc needs mmap): readdir not checked\n");
		return test_end();
	}
	CHECK(d != NULL, "opendir");
	while (d && (e = readdir(d)))
		count++;
	if (d)
		closedir(d);
	CHECK(count == NNAMES + 2, "readdir saw %d", count);
	return test_end();
}
