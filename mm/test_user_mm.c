/*
 * The memory tests of user/tests/ run as processes: copy-on-write across
 * fork (cow), the mmap family (mmap), file mappings (mmap_file), and the
 * growing stack (stack).
 * Each must exit 0 without printing a UTEST FAIL line, and give back
 * every page it took. Without the initramfs there are no programs, and
 * these tests check nothing.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/user/process.h"
#include "kernel/lib/string.h"
#include "mm/page_alloc.h"
#include "fs/initramfs.h"

#define OUT_SIZE	8192
#define SLACK		4	/* pages the slab may keep cached after a run */

static char out[OUT_SIZE];	/* one test at a time */

static bool output_has(const struct user_wait *uw, const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= uw->capture_len; i++)
		if (!memcmp(out + i, needle, n))
			return true;
	return false;
}

/* Run /bin/name twice; both must pass, and the second must give back
 * every page (the first fills the kernel's caches: stacks, slabs). */
static void run_utest(struct ktest_ctx *__kt, const char *name)
{
	struct user_wait uw = { .capture = out, .capture_size = sizeof(out) - 1 };
	char path[40] = "/bin/utest-";
	char *const argv[] = { (char *)name, NULL };
	unsigned long before;
	int status;

	if (!initramfs_module())
		return;
	strlcpy(path + 11, name, sizeof(path) - 11);
	status = run_user_program_wait(path, argv, &uw);
	out[uw.capture_len] = 0;
	KT_ASSERT(status == W_EXITCODE(0, 0), "first run: exit status %#x: %s", status, out);
	uw.capture_len = 0;
	before = nr_free_pages();
	status = run_user_program_wait(path, argv, &uw);
	out[uw.capture_len] = 0;
	KT_ASSERT(!output_has(&uw, "UTEST FAIL"), "%s", out);
	KT_ASSERT(output_has(&uw, "UTEST PASS"), "no PASS line: %s", out);
	KT_ASSERT(status == W_EXITCODE(0, 0), "exit status %#x: %s", status, out);
	KT_ASSERT(nr_free_pages() + SLACK >= before, "free pages %lu, before %lu",
		  nr_free_pages(), before);
}

KTEST(user_mm_cow_isolates_parent_and_child)
{
	run_utest(KT_CTX, "cow");
}

KTEST(user_mm_mmap_munmap_mprotect_mremap)
{
	run_utest(KT_CTX, "mmap");
}

KTEST(user_mm_stack_grows_on_demand)
{
	run_utest(KT_CTX, "stack");
}

KTEST(user_mm_mmap_of_a_file)
{
	run_utest(KT_CTX, "mmap_file");
}

KTEST(user_mm_shared_file_mappings)
{
	run_utest(KT_CTX, "mmap_shared");
}

KTEST(user_mm_proc_pid_mem)
{
	run_utest(KT_CTX, "proc_mem");
}
