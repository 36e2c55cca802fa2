/*
 * madvise(MADV_HWPOISON), the memory-failure test hook (root only):
 *   - an anonymous page: the caller gets SIGBUS with si_code BUS_MCEERR_AR
 *     and the page's address; touching the page again raises SIGBUS
 *     again; its neighbour keeps its data;
 *   - a page shared copy-on-write with a forked child: the child, which
 *     maps it too, is killed by SIGBUS;
 *   - a page-cache page (a read-only shared mapping of /dev/vdc, 64 MiB
 *     in; only read): no signal; the page leaves the cache and the next
 *     access reads the same bytes from the device again;
 *   - not root: -EPERM.
 * Needs root and /dev/vdc (tools/mkdisks), as on Linux with
 * CONFIG_MEMORY_FAILURE.
 */
#define _GNU_SOURCE
#include "utest.h"
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>

#ifndef MADV_HWPOISON
#define MADV_HWPOISON	100
#endif
#ifndef BUS_MCEERR_AR
#define BUS_MCEERR_AR	4
#endif

#define PG	4096
#define DISK	"/dev/vdc"
#define DISK_OFF	(64L << 20)

static sigjmp_buf env;
static volatile int bus_code, bus_count;
static void *volatile bus_addr;

static void on_bus(int sig, siginfo_t *si, void *uc)
{
	bus_code = si->si_code;
	bus_addr = si->si_addr;
	bus_count++;
	siglongjmp(env, 1);
}

static void anon_page(void)
{
	char *p = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sigaction sa = { .sa_sigaction = on_bus, .sa_flags = SA_SIGINFO };
	volatile int ret = -2, again = 0;

	if (p == MAP_FAILED) {
		CHECK("hwpoison-anon", 0, "mmap: %s", strerror(errno));
		return;
	}
	memset(p, 'a', 2 * PG);
	sigaction(SIGBUS, &sa, NULL);
	if (!sigsetjmp(env, 1))
		ret = madvise(p, PG, MADV_HWPOISON);
	CHECK("hwpoison-anon-sigbus", bus_count == 1 && bus_code == BUS_MCEERR_AR && bus_addr == p,
	      "madvise %d, %d SIGBUS, si_code %d (want %d), si_addr %p (want %p)", ret, bus_count,
	      bus_code, BUS_MCEERR_AR, bus_addr, (void *)p);
	if (!sigsetjmp(env, 1))
		again = p[10];
	CHECK("hwpoison-anon-access-sigbus", bus_count == 2,
	      "touching the poisoned page: %d SIGBUS (read %d)", bus_count, again);
	CHECK("hwpoison-anon-neighbour", p[PG] == 'a' && p[2 * PG - 1] == 'a',
	      "the next page changed");
	signal(SIGBUS, SIG_DFL);
	munmap(p, 2 * PG);
}

static void forked_sharer(void)
{
	char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct sigaction sa = { .sa_sigaction = on_bus, .sa_flags = SA_SIGINFO };
	int pipefd[2], status = 0;
	pid_t pid;
	char c;

	memset(p, 'f', PG);
	if (pipe(pipefd))
		return;
	pid = fork();
	if (pid == 0) {
		close(pipefd[1]);
		read(pipefd[0], &c, 1);		/* until the parent poisoned it */
		_exit(p[0] == 'f' ? 0 : 3);	/* reached only if it survived */
	}
	close(pipefd[0]);
	sigaction(SIGBUS, &sa, NULL);
	bus_count = 0;
	if (!sigsetjmp(env, 1))
		madvise(p, PG, MADV_HWPOISON);
	signal(SIGBUS, SIG_DFL);
	write(pipefd[1], "x", 1);
	close(pipefd[1]);
	CHECK("hwpoison-cow-parent", bus_count == 1, "%d SIGBUS in the parent", bus_count);
	CHECK("hwpoison-cow-child-killed",
	      utest_waitpid(pid, &status, 0, 10000) == pid && WIFSIGNALED(status) &&
	      WTERMSIG(status) == SIGBUS, "child status %#x", status);
}

static void page_cache_page(void)
{
	int fd = open(DISK, O_RDONLY);
	static char want[PG];
	unsigned char vec[1] = { 0 };
	char *p;
	int ret;

	if (fd < 0) {
		CHECK("hwpoison-pagecache", 0, "open %s: %s", DISK, strerror(errno));
		return;
	}
	p = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, DISK_OFF);
	if (p == MAP_FAILED || pread(fd, want, PG, DISK_OFF) != PG) {
		CHECK("hwpoison-pagecache", 0, "mmap or pread: %s", strerror(errno));
		close(fd);
		return;
	}
	CHECK("hwpoison-pagecache-before", !memcmp(p, want, PG), "mapping and read() differ");
	bus_count = 0;
	ret = madvise(p, PG, MADV_HWPOISON);
	CHECK("hwpoison-pagecache", ret == 0 && bus_count == 0, "madvise %d (%s), %d SIGBUS", ret,
	      ret ? strerror(errno) : "", bus_count);
	CHECK("hwpoison-pagecache-dropped", mincore(p, PG, vec) == 0 && !(vec[0] & 1),
	      "the page is still in the cache (mincore %d)", vec[0]);
	CHECK("hwpoison-pagecache-reread", !memcmp(p, want, PG),
	      "the page reads other bytes after it was dropped");
	munmap(p, PG);
	close(fd);
}

static void not_root(void)
{
	int status = 0;
	pid_t pid = fork();

	if (pid == 0) {
		char *p = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		p[0] = 1;
		if (setuid(65534))
			_exit(2);
		_exit(madvise(p, PG, MADV_HWPOISON) == -1 && errno == EPERM ? 0 : 1);
	}
	CHECK("hwpoison-eperm", utest_waitpid(pid, &status, 0, 10000) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "child status %#x", status);
}

int main(void)
{
	if (geteuid() != 0) {
		CHECK("hwpoison-root", 0, "needs root");
		return utest_exit();
	}
	anon_page();
	forked_sharer();
	page_cache_page();
	not_root();
	return utest_exit();
}
