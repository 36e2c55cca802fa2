/*
 * MAP_SHARED file mappings through the page cache: a shared mapping and
 * read()/write() see each other's bytes at once, in both directions, and
 * so do the mappings of two processes (one inherited across fork, one made
 * after it); a MAP_PRIVATE mapping copies on write and never writes back;
 * msync(MS_SYNC) then a fresh open reads what the mapping wrote; a page
 * beyond the end of the file, and a page cut off by ftruncate while
 * mapped, raise SIGBUS (and the cut-off part of the last page reads as
 * zeros), also in another process that keeps reading the page on another
 * CPU while the file is cut; a write to a PROT_READ mapping raises SIGSEGV; munmap of the
 * middle page leaves both ends working; mprotect makes a shared mapping
 * writable and read-only again; mremap grows a file mapping over more of
 * the file; fallocate(PUNCH_HOLE) zeroes a mapped page at once. Prints one
 * UTEST line per check.
 */
#define _GNU_SOURCE
#include "utest.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PAGE	4096
#define DIR	"/tmp/utest-mmap-shared"
#define PATH	DIR "/data"

static char byte_of(long off)
{
	return (char)('A' + (off / PAGE) % 26 + off % 5);
}

/* A fresh file of len bytes of byte_of(), open read-write. */
static int make_file(long len)
{
	char *buf = malloc(len);
	int fd;

	mkdir("/tmp", 01777);
	mkdir(DIR, 0755);
	fd = open(PATH, O_CREAT | O_TRUNC | O_RDWR, 0644);
	for (long i = 0; i < len; i++)
		buf[i] = byte_of(i);
	if (fd < 0 || write(fd, buf, len) != len) {
		free(buf);
		return -1;
	}
	free(buf);
	return fd;
}

static sigjmp_buf jmp;
static volatile int got_sig;

static void on_signal(int sig)
{
	got_sig = sig;
	siglongjmp(jmp, 1);
}

/* The signal touching p raises (0 for none). */
static int signal_on_touch(volatile char *p, int write)
{
	struct sigaction sa = { .sa_handler = on_signal }, obus, osegv;

	got_sig = 0;
	sigaction(SIGBUS, &sa, &obus);
	sigaction(SIGSEGV, &sa, &osegv);
	if (!sigsetjmp(jmp, 1)) {
		if (write)
			*p = 'w';
		else
			(void)*p;
	}
	sigaction(SIGBUS, &obus, NULL);
	sigaction(SIGSEGV, &osegv, NULL);
	return got_sig;
}

static char pread_byte(int fd, off_t off)
{
	char c = 0;

	return pread(fd, &c, 1, off) == 1 ? c : 0;
}

static void test_coherent_with_read_write(void)
{
	int fd = make_file(2 * PAGE);
	char *p = fd < 0 ? MAP_FAILED : mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
					      MAP_SHARED, fd, 0);

	CHECK("mmap_shared_maps", p != MAP_FAILED, "mmap: %s", strerror(errno));
	if (p == MAP_FAILED)
		return;
	CHECK("mmap_shared_reads_the_file", p[0] == byte_of(0) && p[PAGE + 7] == byte_of(PAGE + 7),
	      "mapping shows %c%c", p[0], p[PAGE + 7]);
	pwrite(fd, "xyz", 3, PAGE + 100);
	CHECK("mmap_shared_sees_write", !memcmp(p + PAGE + 100, "xyz", 3),
	      "mapping shows %.3s after pwrite", p + PAGE + 100);
	memcpy(p + 10, "MAPPED", 6);
	char buf[6] = { 0 };
	pread(fd, buf, 6, 10);
	CHECK("mmap_shared_write_seen_by_read", !memcmp(buf, "MAPPED", 6),
	      "read() shows %.6s", buf);
	munmap(p, 2 * PAGE);
	close(fd);
}

/* A child writes through the mapping it inherited and through one it made
 * itself; the parent writes while the child waits, and the child checks. */
static void test_across_fork(void)
{
	int fd = make_file(PAGE), up[2], down[2], status = 0;
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pid_t pid;

	if (p == MAP_FAILED || pipe(up) || pipe(down)) {
		CHECK("mmap_shared_across_fork", 0, "setup: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		int f2 = open(PATH, O_RDWR);
		char *q = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, f2, 0), c;

		if (q == MAP_FAILED)
			_exit(2);
		p[1] = 'c';		/* inherited mapping */
		q[2] = 'C';		/* a mapping of its own */
		write(up[1], "1", 1);
		read(down[0], &c, 1);	/* the parent has written */
		_exit(q[3] == 'P' && p[4] == 'p' ? 0 : 1);
	}
	char c;
	read(up[0], &c, 1);
	CHECK("mmap_shared_child_write_seen", p[1] == 'c' && p[2] == 'C' && pread_byte(fd, 2) == 'C',
	      "parent sees %c%c", p[1], p[2]);
	p[3] = 'P';
	pwrite(fd, "p", 1, 4);
	write(down[1], "1", 1);
	utest_waitpid(pid, &status, 0, 10000);
	CHECK("mmap_shared_parent_write_seen_by_child", WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "child status %#x", status);
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
	munmap(p, PAGE);
	close(fd);
}

static void test_private_not_written_back(void)
{
	int fd = make_file(PAGE);
	char *priv = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	char *shared = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);

	if (priv == MAP_FAILED || shared == MAP_FAILED) {
		CHECK("mmap_private_not_written_back", 0, "mmap: %s", strerror(errno));
		return;
	}
	priv[5] = '#';
	msync(priv, PAGE, MS_SYNC);
	CHECK("mmap_private_not_written_back",
	      priv[5] == '#' && pread_byte(fd, 5) == byte_of(5) && shared[5] == byte_of(5),
	      "file %c, shared mapping %c", pread_byte(fd, 5), shared[5]);
	munmap(priv, PAGE);
	munmap(shared, PAGE);
	close(fd);
}

static void test_msync_then_reopen(void)
{
	int fd = make_file(3 * PAGE);
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char buf[8] = { 0 };

	if (p == MAP_FAILED) {
		CHECK("mmap_msync_then_reopen", 0, "mmap: %s", strerror(errno));
		return;
	}
	memcpy(p + 2 * PAGE + 1, "synced!", 7);
	CHECK("mmap_msync_sync", msync(p, 3 * PAGE, MS_SYNC) == 0, "msync: %s", strerror(errno));
	munmap(p, 3 * PAGE);
	close(fd);
	fd = open(PATH, O_RDONLY);
	CHECK("mmap_msync_then_reopen", fd >= 0 && pread(fd, buf, 7, 2 * PAGE + 1) == 7 &&
	      !memcmp(buf, "synced!", 7), "read back %.7s", buf);
	close(fd);
}

static void test_sigbus(void)
{
	int fd = make_file(PAGE + 100);
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int tail_zero = 1;

	if (p == MAP_FAILED) {
		CHECK("mmap_shared_sigbus", 0, "mmap: %s", strerror(errno));
		return;
	}
	CHECK("mmap_shared_beyond_eof_is_sigbus", signal_on_touch(p + 2 * PAGE, 0) == SIGBUS,
	      "signal %d", got_sig);
	(void)p[PAGE + 50];			/* mapped now */
	CHECK("mmap_shared_ftruncate", ftruncate(fd, 60) == 0, "ftruncate: %s", strerror(errno));
	CHECK("mmap_shared_after_truncate_is_sigbus", signal_on_touch(p + PAGE, 0) == SIGBUS,
	      "signal %d", got_sig);
	for (int i = 60; i < PAGE; i++)
		tail_zero &= p[i] == 0;
	CHECK("mmap_shared_truncated_tail_zero", tail_zero && p[59] == byte_of(59),
	      "the cut part of the last page is not zero");
	CHECK("mmap_shared_regrow_reads_zero", ftruncate(fd, 2 * PAGE) == 0 && p[PAGE + 50] == 0 &&
	      p[100] == 0, "after growing again: %d %d", p[PAGE + 50], p[100]);
	munmap(p, 4 * PAGE);
	close(fd);
}

static void exit_on_sigbus(int sig)
{
	(void)sig;
	_exit(0);
}

/* A child spins reading the second page of its mapping; the parent cuts
 * the file to one page: the child must get SIGBUS (its CPU's TLB must not
 * keep the page). */
static void test_truncate_other_process(void)
{
	int fd = make_file(2 * PAGE), up[2], status = 0;
	char *p = mmap(NULL, 2 * PAGE, PROT_READ, MAP_SHARED, fd, 0), c;
	pid_t pid;

	if (p == MAP_FAILED || pipe(up)) {
		CHECK("mmap_shared_truncate_by_other_process", 0, "setup: %s", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = exit_on_sigbus };
		volatile char *v = p + PAGE;

		sigaction(SIGBUS, &sa, NULL);
		(void)*v;
		write(up[1], "r", 1);
		for (;;)
			(void)*v;
	}
	read(up[0], &c, 1);
	ftruncate(fd, PAGE);
	if (!utest_waitpid(pid, &status, 0, 10000)) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
	}
	CHECK("mmap_shared_truncate_by_other_process", WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "the reader did not get SIGBUS (status %#x)", status);
	close(up[0]);
	close(up[1]);
	munmap(p, 2 * PAGE);
	close(fd);
}

static void test_protections(void)
{
	int fd = make_file(3 * PAGE);
	char *ro = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	if (ro == MAP_FAILED || p == MAP_FAILED) {
		CHECK("mmap_shared_protections", 0, "mmap: %s", strerror(errno));
		return;
	}
	CHECK("mmap_shared_prot_read_write_is_sigsegv", signal_on_touch(ro, 1) == SIGSEGV,
	      "signal %d", got_sig);
	CHECK("mmap_shared_mprotect_rw", mprotect(ro, PAGE, PROT_READ | PROT_WRITE) == 0 &&
	      signal_on_touch(ro + 8, 1) == 0 && pread_byte(fd, 8) == 'w',
	      "write after mprotect: signal %d, file %c", got_sig, pread_byte(fd, 8));
	CHECK("mmap_shared_mprotect_ro", mprotect(ro, PAGE, PROT_READ) == 0 &&
	      signal_on_touch(ro + 9, 1) == SIGSEGV, "signal %d", got_sig);
	CHECK("mmap_shared_munmap_middle", munmap(p + PAGE, PAGE) == 0, "munmap: %s", strerror(errno));
	CHECK("mmap_shared_munmap_middle_ends_work",
	      signal_on_touch(p + 11, 1) == 0 && signal_on_touch(p + 2 * PAGE + 12, 1) == 0 &&
	      pread_byte(fd, 11) == 'w' && pread_byte(fd, 2 * PAGE + 12) == 'w',
	      "ends: signal %d", got_sig);
	CHECK("mmap_shared_munmap_middle_gone", signal_on_touch(p + PAGE, 0) == SIGSEGV,
	      "signal %d", got_sig);
	munmap(p, PAGE);
	munmap(p + 2 * PAGE, PAGE);
	munmap(ro, PAGE);
	close(fd);
}

static void test_mremap_grows(void)
{
	int fd = make_file(3 * PAGE);
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0), *q;

	if (p == MAP_FAILED) {
		CHECK("mmap_shared_mremap_grows", 0, "mmap: %s", strerror(errno));
		return;
	}
	p[0] = '0';
	q = mremap(p, PAGE, 3 * PAGE, MREMAP_MAYMOVE);
	CHECK("mmap_shared_mremap_grows", q != MAP_FAILED && q[0] == '0' &&
	      q[2 * PAGE + 3] == byte_of(2 * PAGE + 3), "mremap: %s", strerror(errno));
	if (q == MAP_FAILED)
		return;
	q[2 * PAGE + 4] = 'G';
	CHECK("mmap_shared_mremap_grown_part_writes_file", pread_byte(fd, 2 * PAGE + 4) == 'G',
	      "file has %c", pread_byte(fd, 2 * PAGE + 4));
	munmap(q, 3 * PAGE);
	close(fd);
}

static void test_punch_hole(void)
{
	int fd = make_file(3 * PAGE);
	char *p = mmap(NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	int zero = 1;
	struct stat st;

	if (p == MAP_FAILED) {
		CHECK("mmap_shared_punch_hole", 0, "mmap: %s", strerror(errno));
		return;
	}
	(void)p[PAGE];
	CHECK("mmap_shared_punch_hole", fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
						  PAGE, PAGE) == 0, "fallocate: %s", strerror(errno));
	for (int i = 0; i < PAGE; i++)
		zero &= p[PAGE + i] == 0;
	CHECK("mmap_shared_punched_page_reads_zero", zero && p[PAGE - 1] == byte_of(PAGE - 1) &&
	      p[2 * PAGE] == byte_of(2 * PAGE) && fstat(fd, &st) == 0 && st.st_size == 3 * PAGE,
	      "punched page or its neighbours wrong");
	munmap(p, 3 * PAGE);
	close(fd);
}

int main(void)
{
	test_coherent_with_read_write();
	test_across_fork();
	test_private_not_written_back();
	test_msync_then_reopen();
	test_sigbus();
	test_truncate_other_process();
	test_protections();
	test_mremap_grows();
	test_punch_hole();
	unlink(PATH);
	rmdir(DIR);
	return utest_exit();
}
