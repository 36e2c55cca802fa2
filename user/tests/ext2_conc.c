/*
 * ext2_conc — processes on every CPU working on the same directories and
 * files at once: creating, renaming (within and across directories, and
 * onto a name all of them share), linking, unlinking, making and removing
 * directories, and appending records to shared files. Then the result is
 * checked against what each worker's own log says must be there.
 *
 *   ext2_conc DIR [WORKERS [ROUNDS]]   make DIR (it must not exist) and
 *                                      work in it; default 8 workers of
 *                                      300 rounds
 *   ext2_conc                          as /bin/utest runs it: on /dev/vde
 *                                      mounted at /mnt-ext2-conc, 4 workers
 *                                      of 100 rounds, then the tree removed
 *
 * Each round of worker w (its steps chosen by its own seeded generator, so
 * a run can be replayed): create sK/w<w>-<r> with a line of text; one of
 * rename it within sK, rename it to another shared directory, hard-link
 * it into another one, or unlink it; now and then rename a file of its own
 * onto sK/common (which every worker replaces), make and remove a
 * directory sK/d<w>-<r>, or fsync; and always append one 64-byte record
 * "w<w> r<r> ..." to shared/log<r % 2> with O_APPEND.
 * Checked afterwards: each shared directory holds exactly the names the
 * workers' logs predict, with the right contents and link counts; each log
 * file holds every worker's records, each exactly once and whole.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define NDIRS 4
#define RECORD 64
#define MAXW 16
#define MAXNAMES 20000

static int failures;

#define EXPECT(cond, ...) do {							\
	if (!(cond)) {								\
		printf("UTEST FAIL ext2_conc: line %d: ", __LINE__);		\
		printf(__VA_ARGS__);						\
		printf(" (%s)\n", strerror(errno));				\
		fflush(stdout);							\
		failures++;							\
	}									\
} while (0)

static unsigned next(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

/* What a worker's round leaves behind: names (relative to DIR) with the
 * text each holds and its link count. Computed by the worker as it goes
 * and again by the checker, from the same generator. */
struct name {
	char path[48];
	char text[32];
	int nlink;
};

static struct name expected[MAXNAMES];
static int nexpected;

static void expect_name(const char *path, const char *text, int nlink)
{
	if (nexpected < MAXNAMES) {
		snprintf(expected[nexpected].path, sizeof(expected[0].path), "%s", path);
		snprintf(expected[nexpected].text, sizeof(expected[0].text), "%s", text);
		expected[nexpected++].nlink = nlink;
	}
}

/* Run worker w's rounds (do_it) or only predict their result (!do_it). */
static void worker(int w, int rounds, int do_it)
{
	unsigned seed = 1000 + w;

	for (int r = 0; r < rounds; r++) {
		int k = next(&seed) % NDIRS, k2 = (k + 1 + next(&seed) % (NDIRS - 1)) % NDIRS;
		int what = next(&seed) % 4, extra = next(&seed) % 8;
		char name[64], other[48], text[32], rec[RECORD + 1];

		snprintf(name, sizeof(name), "s%d/w%d-%d", k, w, r);
		snprintf(text, sizeof(text), "w%d round %d\n", w, r);
		if (do_it) {
			int fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644);

			EXPECT(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text),
			       "create %s", name);
			if (fd >= 0)
				close(fd);
		}
		switch (what) {
		case 0:		/* rename within the directory */
			snprintf(other, sizeof(other), "s%d/w%d-%d-r", k, w, r);
			if (do_it)
				EXPECT(rename(name, other) == 0, "rename %s %s", name, other);
			else
				expect_name(other, text, 1);
			break;
		case 1:		/* rename to another directory */
			snprintf(other, sizeof(other), "s%d/w%d-%d-m", k2, w, r);
			if (do_it)
				EXPECT(rename(name, other) == 0, "rename %s %s", name, other);
			else
				expect_name(other, text, 1);
			break;
		case 2:		/* a second name in another directory */
			snprintf(other, sizeof(other), "s%d/w%d-%d-l", k2, w, r);
			if (do_it) {
				EXPECT(link(name, other) == 0, "link %s %s", name, other);
			} else {
				expect_name(name, text, 2);
				expect_name(other, text, 2);
			}
			break;
		default:	/* gone again */
			if (do_it)
				EXPECT(unlink(name) == 0, "unlink %s", name);
			break;
		}
		if (do_it && extra == 0) {
			/* Onto the name every worker replaces. */
			snprintf(other, sizeof(other), "s%d/tmp-w%d", k, w);
			int fd = open(other, O_CREAT | O_EXCL | O_WRONLY, 0644);

			EXPECT(fd >= 0 && write(fd, "common\n", 7) == 7, "create %s", other);
			if (fd >= 0)
				close(fd);
			snprintf(name, sizeof(name), "s%d/common", k);
			EXPECT(rename(other, name) == 0, "rename %s %s", other, name);
		} else if (do_it && extra == 1) {
			snprintf(other, sizeof(other), "s%d/d%d-%d", k2, w, r);
			EXPECT(mkdir(other, 0755) == 0, "mkdir %s", other);
			snprintf(name, sizeof(name), "%s/f", other);
			int fd = open(name, O_CREAT | O_WRONLY, 0644);

			EXPECT(fd >= 0, "create %s", name);
			if (fd >= 0)
				close(fd);
			EXPECT(unlink(name) == 0 && rmdir(other) == 0, "rm -r %s", other);
		} else if (do_it && extra == 2) {
			int fd = open("shared", O_RDONLY | O_DIRECTORY);

			EXPECT(fd >= 0 && fsync(fd) == 0, "fsync shared");
			if (fd >= 0)
				close(fd);
		}
		if (do_it) {
			int fd;

			snprintf(name, sizeof(name), "shared/log%d", r % 2);
			fd = open(name, O_WRONLY | O_APPEND);
			memset(rec, '.', RECORD);
			snprintf(rec, sizeof(rec), "w%d r%d ", w, r);
			rec[strlen(rec)] = '.';
			rec[RECORD - 1] = '\n';
			EXPECT(fd >= 0 && write(fd, rec, RECORD) == RECORD, "append to %s", name);
			if (fd >= 0) {
				if (extra == 3)
					EXPECT(fdatasync(fd) == 0, "fdatasync %s", name);
				close(fd);
			}
		}
	}
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const struct name *)a)->path, ((const struct name *)b)->path);
}

static void check_dirs(int workers, int rounds)
{
	char path[300], buf[64];
	int found = 0;

	for (int w = 0; w < workers; w++)
		worker(w, rounds, 0);
	qsort(expected, nexpected, sizeof(expected[0]), cmp_name);
	for (int k = 0; k < NDIRS; k++) {
		char dir[8];
		DIR *d;
		struct dirent *e;

		snprintf(dir, sizeof(dir), "s%d", k);
		d = opendir(dir);
		EXPECT(d != NULL, "opendir %s", dir);
		if (!d)
			continue;
		while ((e = readdir(d))) {
			struct name key, *n;
			struct stat st;
			int fd;
			ssize_t len;

			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			if (!strcmp(e->d_name, "common")) {
				snprintf(path, sizeof(path), "%s/common", dir);
				fd = open(path, O_RDONLY);
				len = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
				buf[len > 0 ? len : 0] = 0;
				EXPECT(len == 7 && !strcmp(buf, "common\n") && fstat(fd, &st) == 0 &&
				       st.st_nlink == 1, "%s holds \"%s\"", path, buf);
				if (fd >= 0)
					close(fd);
				continue;
			}
			snprintf(key.path, sizeof(key.path), "%.4s/%.40s", dir, e->d_name);
			n = bsearch(&key, expected, nexpected, sizeof(expected[0]), cmp_name);
			EXPECT(n != NULL, "%s should not be there", key.path);
			if (!n)
				continue;
			found++;
			snprintf(path, sizeof(path), "%s", key.path);
			fd = open(path, O_RDONLY);
			len = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
			buf[len > 0 ? len : 0] = 0;
			EXPECT(len > 0 && !strcmp(buf, n->text), "%s holds \"%s\"", path, buf);
			EXPECT(fd >= 0 && fstat(fd, &st) == 0 && st.st_nlink == (nlink_t)n->nlink,
			       "%s: %ld links, expected %d", path, (long)st.st_nlink, n->nlink);
			if (fd >= 0)
				close(fd);
		}
		closedir(d);
	}
	EXPECT(found == nexpected, "%d of the %d expected names found", found, nexpected);
}

static void check_logs(int workers, int rounds)
{
	static unsigned char seen[MAXW][4096];
	char rec[RECORD];

	memset(seen, 0, sizeof(seen));
	for (int l = 0; l < 2; l++) {
		char name[32];
		int fd, w, r;
		long count = 0;

		snprintf(name, sizeof(name), "shared/log%d", l);
		fd = open(name, O_RDONLY);
		EXPECT(fd >= 0, "open %s", name);
		if (fd < 0)
			continue;
		while (read(fd, rec, RECORD) == RECORD) {
			count++;
			if (sscanf(rec, "w%d r%d ", &w, &r) != 2 || w < 0 || w >= workers || r < 0 ||
			    r >= rounds || r % 2 != l || rec[RECORD - 1] != '\n' ||
			    rec[RECORD - 2] != '.') {
				EXPECT(0, "%s: a torn or foreign record at %ld: %.20s", name,
				       (count - 1) * RECORD, rec);
				break;
			}
			EXPECT(!seen[w][r], "%s: record w%d r%d twice", name, w, r);
			seen[w][r] = 1;
		}
		close(fd);
	}
	for (int w = 0; w < workers; w++)
		for (int r = 0; r < rounds; r++)
			if (!seen[w][r]) {
				EXPECT(0, "record w%d r%d missing from shared/log%d", w, r, r % 2);
				return;
			}
}

static int run(const char *dir, int workers, int rounds)
{
	pid_t pids[MAXW];
	int started = 0;

	if (mkdir(dir, 0755) || chdir(dir)) {
		EXPECT(0, "mkdir and chdir %s", dir);
		return 1;
	}
	for (int k = 0; k < NDIRS; k++) {
		char name[8];

		snprintf(name, sizeof(name), "s%d", k);
		EXPECT(mkdir(name, 0755) == 0, "mkdir %s", name);
	}
	EXPECT(mkdir("shared", 0755) == 0, "mkdir shared");
	for (int l = 0; l < 2; l++) {
		char name[32];
		int fd;

		snprintf(name, sizeof(name), "shared/log%d", l);
		fd = open(name, O_CREAT | O_EXCL | O_WRONLY, 0644);
		EXPECT(fd >= 0, "create %s", name);
		if (fd >= 0)
			close(fd);
	}
	fflush(stdout);
	for (int w = 0; w < workers; w++) {
		pid_t pid = fork();

		if (pid == 0) {
			worker(w, rounds, 1);
			fflush(stdout);
			_exit(failures ? 1 : 0);
		}
		EXPECT(pid > 0, "fork");
		if (pid > 0)
			pids[started++] = pid;
	}
	for (int i = 0; i < started; i++) {
		int status;

		EXPECT(waitpid(pids[i], &status, 0) == pids[i] && WIFEXITED(status) &&
		       WEXITSTATUS(status) == 0, "worker %d ended with status 0x%x", i, status);
	}
	check_dirs(workers, rounds);
	check_logs(workers, rounds);
	sync();
	return failures;
}

/* rm -r of what run() made. */
static void remove_tree(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];

		while (d && (e = readdir(d))) {
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
				remove_tree(sub);
			}
		}
		if (d)
			closedir(d);
		EXPECT(rmdir(path) == 0, "rmdir %s", path);
	} else {
		EXPECT(unlink(path) == 0, "unlink %s", path);
	}
}

int main(int argc, char **argv)
{
	const char *mnt = "/mnt-ext2-conc";
	int workers = 8, rounds = 300;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 2 && argc <= 4) {
		if (argc >= 3)
			workers = atoi(argv[2]);
		if (argc == 4)
			rounds = atoi(argv[3]);
		if (workers < 1 || workers > MAXW || rounds < 1 || rounds > 4096) {
			fprintf(stderr, "ext2_conc: 1..%d workers, 1..4096 rounds\n", MAXW);
			return 2;
		}
		run(argv[1], workers, rounds);
	} else if (argc == 1) {
		mkdir(mnt, 0755);
		if (mount("/dev/vde", mnt, "ext2", 0, NULL)) {
			EXPECT(0, "mount /dev/vde on %s", mnt);
			return 1;
		}
		if (!run("/mnt-ext2-conc/conc", 4, 100)) {
			EXPECT(chdir("/") == 0, "chdir /");
			remove_tree("/mnt-ext2-conc/conc");
		}
		EXPECT(chdir("/") == 0, "chdir /");
		EXPECT(umount(mnt) == 0, "umount %s", mnt);
	} else {
		fprintf(stderr, "usage: ext2_conc [DIR [WORKERS [ROUNDS]]]\n");
		return 2;
	}
	if (!failures)
		printf("UTEST PASS ext2_conc\n");
	return failures ? 1 : 0;
}
