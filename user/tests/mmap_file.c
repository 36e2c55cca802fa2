/*
 * mmap of a regular file: a private mapping shows the file's bytes from
 * the offset asked, zeros after the end of the file in its last page,
 * SIGBUS on a page wholly past the end; writes to it stay private (the
 * file and a child forked before are unchanged); a read-only shared
 * mapping shows the file too. Errors: EACCES for a file opened without
 * read (and for a shared writable mapping of a read-only descriptor, or
 * mprotect adding write to it), ENODEV for a directory, EINVAL for an
 * unaligned offset. Prints one UTEST line per check; exits 0 when all
 * passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE	4096
#define SIZE	(2 * PAGE + 100)	/* the file: two pages and a bit */
#define DIR	"/tmp/utest-mmap-file"
#define PATH	DIR "/data"

static int failures;

static void check(int ok, const char *name, const char *why)
{
	if (ok) {
		printf("UTEST PASS %s\n", name);
	} else {
		printf("UTEST FAIL %s: %s (errno %d)\n", name, why, errno);
		failures++;
	}
}

static char byte_of(long off)
{
	return (char)('a' + off / PAGE + off % 7);
}

static int make_file(void)
{
	char buf[SIZE];
	int fd;

	mkdir("/tmp", 01777);
	mkdir(DIR, 0755);
	fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	for (long i = 0; i < SIZE; i++)
		buf[i] = byte_of(i);
	if (fd < 0 || write(fd, buf, SIZE) != SIZE)
		return -1;
	return fd;
}

static sigjmp_buf bus_jmp;

static void on_sigbus(int sig)
{
	(void)sig;
	siglongjmp(bus_jmp, 1);
}

/* 1 if reading p raises SIGBUS, 0 if not. */
static int sigbus_on_read(volatile char *p)
{
	struct sigaction sa = { .sa_handler = on_sigbus }, old;
	volatile int got = 0;

	sigaction(SIGBUS, &sa, &old);
	if (sigsetjmp(bus_jmp, 1))
		got = 1;
	else
		(void)*p;
	sigaction(SIGBUS, &old, NULL);
	return got;
}

static int same_as_file(const char *p, long from, long len)
{
	for (long i = 0; i < len; i++)
		if (p[i] != byte_of(from + i))
			return 0;
	return 1;
}

static void test_private(int fd)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char c = 0;
	int status, tail_zero = 1;
	pid_t pid;

	check(p != MAP_FAILED && same_as_file(p, 0, SIZE), "mmap_file_private_reads_the_file",
	      "contents differ");
	if (p == MAP_FAILED)
		return;
	for (long i = SIZE; i < 3 * PAGE; i++)
		tail_zero &= p[i] == 0;
	check(tail_zero, "mmap_file_zeros_after_eof", "bytes after the end are not zero");
	check(sigbus_on_read(p + 3 * PAGE), "mmap_file_page_past_eof_is_sigbus", "no SIGBUS");
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(p[PAGE] == byte_of(PAGE) ? 0 : 1);
	p[PAGE] = 'X';
	waitpid(pid, &status, 0);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "mmap_file_private_write_not_in_child",
	      "the child saw the parent's write");
	check(pread(fd, &c, 1, PAGE) == 1 && c == byte_of(PAGE) && p[PAGE] == 'X',
	      "mmap_file_private_write_not_in_file", "the write reached the file");
	munmap(p, 4 * PAGE);
	p = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
	check(p != MAP_FAILED && same_as_file(p, PAGE, PAGE), "mmap_file_offset",
	      "wrong contents at offset one page");
	munmap(p, PAGE);
}

static void test_shared_read_only(void)
{
	int fd = open(PATH, O_RDONLY);
	char *p = mmap(NULL, SIZE, PROT_READ, MAP_SHARED, fd, 0);

	check(p != MAP_FAILED && same_as_file(p, 0, SIZE), "mmap_file_shared_read_only",
	      "contents differ");
	errno = 0;
	check(mprotect(p, PAGE, PROT_READ | PROT_WRITE) == -1 && errno == EACCES,
	      "mprotect_write_on_shared_read_only_fd_is_eacces", "not EACCES");
	munmap(p, SIZE);
	errno = 0;
	check(mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
	      errno == EACCES, "mmap_file_shared_write_on_read_only_fd_is_eacces", "not EACCES");
	close(fd);
}

static void test_errors(void)
{
	int wo = open(PATH, O_WRONLY), dir = open(DIR, O_RDONLY | O_DIRECTORY), rd = open(PATH, O_RDONLY);

	errno = 0;
	check(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, wo, 0) == MAP_FAILED && errno == EACCES,
	      "mmap_file_write_only_fd_is_eacces", "not EACCES");
	errno = 0;
	check(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, dir, 0) == MAP_FAILED && errno == ENODEV,
	      "mmap_directory_is_enodev", "not ENODEV");
	errno = 0;
	check(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, rd, 100) == MAP_FAILED && errno == EINVAL,
	      "mmap_file_unaligned_offset_is_einval", "not EINVAL");
	close(wo);
	close(dir);
	close(rd);
}

int main(void)
{
	int fd = make_file();

	check(fd >= 0, "mmap_file_setup", "cannot create " PATH);
	if (fd < 0)
		return 1;
	test_private(fd);
	test_shared_read_only();
	test_errors();
	close(fd);
	unlink(PATH);
	rmdir(DIR);
	return failures ? 1 : 0;
}
