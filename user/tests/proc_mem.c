/*
 * /proc/<pid>/mem: a process's memory at file offsets equal to its
 * addresses. /proc/self/mem reads and writes the caller's own variables;
 * a write reaches a read-only private mapping (copy-on-write: the file is
 * unchanged) and a shared file mapping (the file sees it), but not a
 * read-only shared one (EIO); an unmapped address is EIO. A parent reads
 * and writes a child's variable through /proc/<child>/mem. A process of
 * another uid cannot open it (EACCES). Prints one UTEST line per check.
 */
#define _GNU_SOURCE
#include "utest.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PAGE	4096
#define DIR	"/tmp/utest-proc-mem"
#define PATH	DIR "/data"

static volatile long value = 1234;

static int open_mem(pid_t pid, int flags)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	return open(path, flags);
}

static off_t at(const volatile void *p)
{
	return (off_t)(uintptr_t)p;
}

static int make_file(void)
{
	char buf[PAGE];
	int fd;

	mkdir("/tmp", 01777);
	mkdir(DIR, 0755);
	fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	memset(buf, 'f', sizeof(buf));
	if (fd < 0 || write(fd, buf, PAGE) != PAGE)
		return -1;
	return fd;
}

static void test_self(void)
{
	int fd = open_mem(getpid(), O_RDWR);
	long v = 0, w = 5678;
	char c = 0;

	CHECK("proc_self_mem_open", fd >= 0, "open: %s", strerror(errno));
	if (fd < 0)
		return;
	CHECK("proc_self_mem_read", pread(fd, &v, sizeof(v), at(&value)) == sizeof(v) && v == 1234,
	      "read %ld", v);
	CHECK("proc_self_mem_write", pwrite(fd, &w, sizeof(w), at(&value)) == sizeof(w) &&
	      value == 5678, "value now %ld", value);
	errno = 0;
	CHECK("proc_self_mem_unmapped_is_eio", pread(fd, &c, 1, 0x1000) == -1 && errno == EIO,
	      "errno %d", errno);
	close(fd);
}

static void test_mappings(void)
{
	int mem = open_mem(getpid(), O_RDWR), fd = make_file();
	char *priv = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *shared_ro = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	char c = 0;

	if (mem < 0 || priv == MAP_FAILED || shared == MAP_FAILED || shared_ro == MAP_FAILED) {
		CHECK("proc_self_mem_mappings", 0, "setup: %s", strerror(errno));
		return;
	}
	CHECK("proc_self_mem_write_readonly_private", pwrite(mem, "P", 1, at(priv + 3)) == 1 &&
	      priv[3] == 'P' && pread(fd, &c, 1, 3) == 1 && c == 'f' && shared[3] == 'f',
	      "mapping %c, file %c", priv[3], c);
	CHECK("proc_self_mem_write_shared_reaches_file", pwrite(mem, "S", 1, at(shared + 4)) == 1 &&
	      pread(fd, &c, 1, 4) == 1 && c == 'S', "file %c", c);
	errno = 0;
	CHECK("proc_self_mem_write_shared_readonly_is_eio",
	      pwrite(mem, "R", 1, at(shared_ro + 5)) == -1 && errno == EIO && shared_ro[5] == 'f',
	      "errno %d, mapping %c", errno, shared_ro[5]);
	munmap(priv, PAGE);
	munmap(shared, PAGE);
	munmap(shared_ro, PAGE);
	close(fd);
	close(mem);
	unlink(PATH);
	rmdir(DIR);
}

/* The child waits with value 1234; the parent reads it and writes 4321
 * through /proc/<child>/mem; the child exits 0 if it sees 4321. */
static void test_child(void)
{
	int up[2], down[2], status = 0, fd;
	long v = 0, w = 4321;
	pid_t pid;
	char c;

	value = 1234;
	if (pipe(up) || pipe(down)) {
		CHECK("proc_child_mem", 0, "pipe: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		value = 2468;
		write(up[1], "r", 1);
		read(down[0], &c, 1);
		_exit(value == 4321 ? 0 : 1);
	}
	read(up[0], &c, 1);
	fd = open_mem(pid, O_RDWR);
	CHECK("proc_child_mem_read", fd >= 0 && pread(fd, &v, sizeof(v), at(&value)) == sizeof(v) &&
	      v == 2468, "read %ld (%s)", v, strerror(errno));
	CHECK("proc_child_mem_write", fd >= 0 && pwrite(fd, &w, sizeof(w), at(&value)) == sizeof(w),
	      "write: %s", strerror(errno));
	write(down[1], "g", 1);
	utest_waitpid(pid, &status, 0, 10000);
	CHECK("proc_child_mem_write_seen_by_child", WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child status %#x, parent's value %ld", status, value);
	if (fd >= 0)
		close(fd);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
}

/* Another uid may not open our memory (as root: a child that dropped to
 * uid 1000 tries ours; otherwise we try init's). */
static void test_other_uid(void)
{
	pid_t parent = getpid(), pid;
	int status = 0;

	if (getuid() != 0) {
		int fd = open_mem(1, O_RDONLY);

		CHECK("proc_mem_other_uid_is_eacces", fd < 0 && errno == EACCES, "open: %d", fd);
		return;
	}
	pid = fork();
	if (pid == 0) {
		int fd;

		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(2);
		fd = open_mem(parent, O_RDONLY);
		_exit(fd < 0 && errno == EACCES ? 0 : 1);
	}
	utest_waitpid(pid, &status, 0, 10000);
	CHECK("proc_mem_other_uid_is_eacces", WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child status %#x", status);
}

int main(void)
{
	test_self();
	test_mappings();
	test_child();
	test_other_uid();
	return utest_exit();
}
