/*
 * mmap, munmap, mprotect, mremap, madvise, msync and mincore on anonymous
 * memory, as Linux defines them: zero-filled pages on first touch,
 * MAP_FIXED replacing what was there, MAP_FIXED_NOREPLACE refusing to,
 * partial unmaps and protection changes splitting mappings, SIGSEGV on a
 * protection violation (caught by a handler that then fixes the
 * protection and returns), mremap keeping the contents, and a 64 MiB
 * mapping costing only the pages touched. Prints one UTEST line per
 * check; exits 0 when all passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

#define PAGE	4096UL
#define BIG	(64UL << 20)

static int failures;

static void check(int ok, const char *name, const char *why)
{
	if (ok) {
		printf("UTEST PASS %s\n", name);
	} else {
		printf("UTEST FAIL %s: %s\n", name, why);
		failures++;
	}
}

/* ---- touching memory that may fault ---- */

static sigjmp_buf fault_jmp;
static void *volatile fault_addr;

static void on_segv_jump(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	fault_addr = si->si_addr;
	siglongjmp(fault_jmp, 1);
}

static void catch_segv(void)
{
	struct sigaction sa = { .sa_sigaction = on_segv_jump, .sa_flags = SA_SIGINFO };

	sigaction(SIGSEGV, &sa, NULL);
}

/* 1 if reading (or writing) p faulted with SIGSEGV at p, 0 if it worked. */
static int faults(volatile char *p, int write)
{
	fault_addr = NULL;
	if (sigsetjmp(fault_jmp, 1))
		return fault_addr == (void *)p ? 1 : -1;
	if (write)
		*p = 1;
	else
		(void)*p;
	return 0;
}

static char *map(void *hint, size_t len, int prot, int flags)
{
	return mmap(hint, len, prot, flags | MAP_ANONYMOUS, -1, 0);
}

static char *map_rw(size_t len)
{
	return map(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE);
}

/* ---- checks ---- */

static void test_bad_arguments(void)
{
	char *p = map_rw(PAGE);

	errno = 0;
	check(map_rw(0) == MAP_FAILED && errno == EINVAL, "mmap_len_0_is_einval", "not EINVAL");
	errno = 0;
	check(mmap(NULL, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0) == MAP_FAILED && errno == EINVAL,
	      "mmap_needs_private_or_shared", "not EINVAL");
	errno = 0;
	check(map(p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED) == MAP_FAILED && errno == EINVAL,
	      "mmap_fixed_unaligned_is_einval", "not EINVAL");
	errno = 0;
	check(munmap(p + 1, PAGE) == -1 && errno == EINVAL, "munmap_unaligned_is_einval",
	      "not EINVAL");
	errno = 0;
	check(munmap(p, 0) == -1 && errno == EINVAL, "munmap_len_0_is_einval", "not EINVAL");
	errno = 0;
	check(syscall(SYS_mprotect, p + 1, PAGE, PROT_READ) == -1 && errno == EINVAL,
	      "mprotect_unaligned_is_einval", "not EINVAL");
	errno = 0;
	check(mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, 1000, 0) == MAP_FAILED && errno == EBADF,
	      "mmap_bad_fd_is_ebadf", "not EBADF");
	errno = 0;
	check(map(NULL, (size_t)1 << 62, PROT_READ, MAP_PRIVATE) == MAP_FAILED && errno == ENOMEM,
	      "mmap_too_big_is_enomem", "not ENOMEM");
	munmap(p, PAGE);
}

static void test_zero_fill_and_unmap(void)
{
	char *p = map_rw(3 * PAGE);
	int zero = 1;

	for (size_t i = 0; i < 3 * PAGE; i++)
		zero &= p[i] == 0;
	check(p != MAP_FAILED && zero, "mmap_anonymous_is_zeroed", "not all zeros");
	memset(p, 0x5a, 3 * PAGE);
	check(munmap(p + PAGE, PAGE) == 0, "munmap_middle_page", "munmap failed");
	check(faults(p + PAGE, 0) == 1 && faults(p, 0) == 0 && faults(p + 2 * PAGE, 0) == 0 &&
	      p[0] == 0x5a && p[2 * PAGE + 7] == 0x5a, "munmap_middle_splits_mapping",
	      "the middle page is readable, or its neighbours are not");
	check(munmap(p, 3 * PAGE) == 0 && faults(p, 0) == 1 && faults(p + 2 * PAGE, 1) == 1,
	      "munmap_whole_range_over_a_hole", "pages still readable after munmap");
	check(munmap(p, 3 * PAGE) == 0, "munmap_unmapped_range_is_ok", "munmap failed");
}

static void test_fixed(void)
{
	char *p = map_rw(3 * PAGE), *q;

	memset(p, 'a', 3 * PAGE);
	q = map(p + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED);
	check(q == p + PAGE && q[0] == 0 && p[0] == 'a' && p[2 * PAGE] == 'a',
	      "mmap_fixed_replaces_only_its_range", "wrong contents after MAP_FIXED");
	errno = 0;
	q = map(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE);
	check(q == MAP_FAILED && errno == EEXIST, "mmap_fixed_noreplace_over_mapping_is_eexist",
	      "not EEXIST");
	munmap(p, 3 * PAGE);
	q = map(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE);
	check(q == p + PAGE, "mmap_fixed_noreplace_on_free_range", "not mapped where asked");
	munmap(q, PAGE);
	q = map(p, PAGE, PROT_READ, MAP_PRIVATE);
	check(q == p, "mmap_free_hint_is_taken", "the hint was not used");
	munmap(q, PAGE);
}

static void on_segv_unprotect(int sig, siginfo_t *si, void *ctx)
{
	(void)sig, (void)ctx;
	char *page = (char *)((uintptr_t)si->si_addr & ~(PAGE - 1));

	fault_addr = si->si_addr;
	mprotect(page, PAGE, PROT_READ | PROT_WRITE);
}

static void test_mprotect(void)
{
	char *p = map_rw(4 * PAGE);
	struct sigaction sa = { .sa_sigaction = on_segv_unprotect, .sa_flags = SA_SIGINFO };
	volatile char *v;

	memset(p, 'x', 4 * PAGE);
	check(mprotect(p + PAGE, PAGE, PROT_READ) == 0 && faults(p + PAGE, 1) == 1 &&
	      faults(p + PAGE, 0) == 0 && faults(p, 1) == 0 && faults(p + 2 * PAGE, 1) == 0,
	      "mprotect_read_only_page", "write allowed, or neighbours changed");
	check(mprotect(p + 2 * PAGE, PAGE, PROT_NONE) == 0 && faults(p + 2 * PAGE, 0) == 1,
	      "mprotect_none_faults_on_read", "a PROT_NONE page was readable");
	/* The handler makes the page accessible and returns: the load runs again. */
	sigaction(SIGSEGV, &sa, NULL);
	fault_addr = NULL;
	v = p + 2 * PAGE + 5;
	check(*v == 'x' && fault_addr == v, "mprotect_none_handler_fixes_and_retries",
	      "no fault, or the page lost its contents");
	catch_segv();
	check(mprotect(p, 4 * PAGE, PROT_READ | PROT_WRITE) == 0 && faults(p + PAGE, 1) == 0 &&
	      p[3 * PAGE] == 'x', "mprotect_whole_range_again", "not writable again");
	munmap(p, 4 * PAGE);
	errno = 0;
	check(mprotect(p, PAGE, PROT_READ) == -1 && errno == ENOMEM, "mprotect_unmapped_is_enomem",
	      "not ENOMEM");
}

static void test_mremap(void)
{
	char *p = map(NULL, 5 * PAGE, PROT_READ, MAP_PRIVATE), *q, *blocker = p + 4 * PAGE;
	int ok;

	/* p: two pages, then a free gap of two, then a read-only blocker. */
	munmap(p + 2 * PAGE, 2 * PAGE);
	mprotect(p, 2 * PAGE, PROT_READ | PROT_WRITE);
	memset(p, 'm', 2 * PAGE);
	q = mremap(p, 2 * PAGE, 4 * PAGE, 0);
	check(q == p && q[PAGE] == 'm' && q[3 * PAGE] == 0, "mremap_grows_in_place",
	      "not grown in place");
	errno = 0;
	check(mremap(p, 4 * PAGE, 8 * PAGE, 0) == MAP_FAILED && errno == ENOMEM,
	      "mremap_blocked_without_maymove_is_enomem", "not ENOMEM");
	q = mremap(p, 4 * PAGE, 64 * PAGE, MREMAP_MAYMOVE);
	ok = q != MAP_FAILED && q != p && q[0] == 'm' && q[2 * PAGE - 1] == 'm' && q[63 * PAGE] == 0;
	check(ok && faults(p, 0) == 1, "mremap_maymove_moves_contents",
	      "contents not moved, or the old range still mapped");
	p = mremap(q, 64 * PAGE, PAGE, 0);
	check(p == q && faults(q + PAGE, 0) == 1 && q[0] == 'm', "mremap_shrinks", "not shrunk");
	munmap(q, PAGE);
	munmap(blocker, PAGE);
}

static void test_madvise_msync(void)
{
	char *p = map_rw(2 * PAGE);

	memset(p, 'd', 2 * PAGE);
	check(madvise(p, 2 * PAGE, MADV_DONTNEED) == 0 && p[0] == 0 && p[PAGE + 1] == 0,
	      "madvise_dontneed_zero_fills", "old contents still there");
	check(madvise(p, PAGE, MADV_SEQUENTIAL) == 0 && madvise(p, PAGE, MADV_WILLNEED) == 0,
	      "madvise_hints_accepted", "a hint failed");
	errno = 0;
	check(madvise(p, PAGE, 12345) == -1 && errno == EINVAL, "madvise_unknown_is_einval",
	      "not EINVAL");
	check(msync(p, 2 * PAGE, MS_SYNC) == 0, "msync_is_ok", "msync failed");
	errno = 0;
	check(msync(p, PAGE, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL,
	      "msync_sync_and_async_is_einval", "not EINVAL");
	munmap(p, 2 * PAGE);
	errno = 0;
	check(msync(p, PAGE, MS_SYNC) == -1 && errno == ENOMEM, "msync_unmapped_is_enomem",
	      "not ENOMEM");
}

/* 64 MiB reserved, one byte written every 4 MiB: only those pages exist. */
static void test_big_sparse(void)
{
	unsigned char vec[BIG / PAGE / 64];
	char *p = map_rw(BIG);
	size_t resident = 0;
	int ok = p != MAP_FAILED;

	for (size_t off = 0; ok && off < BIG; off += 4 << 20)
		p[off + 123] = 'S';
	for (size_t off = 0; ok && off < BIG; off += 4 << 20)
		ok = p[off + 123] == 'S' && p[off + PAGE] == 0;
	/* mincore over the first 1/64: one written page, one read (zero) page. */
	ok = ok && mincore(p, BIG / 64, vec) == 0;
	for (size_t i = 0; ok && i < sizeof(vec); i++)
		resident += vec[i] & 1;
	check(ok && resident <= 2 && (vec[0] & 1), "mmap_64mib_touched_sparsely",
	      "wrong contents, or untouched pages resident");
	check(munmap(p, BIG) == 0, "munmap_64mib", "munmap failed");
}

int main(void)
{
	catch_segv();
	test_bad_arguments();
	test_zero_fill_and_unmap();
	test_fixed();
	test_mprotect();
	test_mremap();
	test_madvise_msync();
	test_big_sparse();
	return failures ? 1 : 0;
}
