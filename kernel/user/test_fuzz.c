/*
 * The syscall fuzzer (user/tests/fuzz.c) as a ktest: a short run from a
 * fixed seed, then a smoke test that the kernel still runs programs.
 * Another run from the command line: `ktest=user_fuzz fuzz_seed=N
 * fuzz_count=N fuzz_lanes=N [fuzz_verbose=1 | fuzz_trace=LANE.BATCH]` (or type `utest-fuzz SEED COUNT LANES` at the
 * shell); a failing batch replays alone with `utest-fuzz SEED COUNT LANES
 * trace=LANE.BATCH`.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/user/process.h"
#include "kernel/cmdline.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "fs/initramfs.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define OUT_SIZE	8192

KTEST(user_fuzz_syscalls_then_smoke)
{
	char seed[24], count[24], lanes[24], trace[32] = "trace=";
	char *argv[] = { "utest-fuzz", seed, count, lanes,
			 cmdline_get_ulong("fuzz_verbose", 0) ? "v" : NULL, NULL };
	char *hello[] = { "hello", NULL };
	struct user_wait uw = { 0 };
	int status;

	if (!initramfs_module())
		return;
	snprintf(seed, sizeof(seed), "%lu", cmdline_get_ulong("fuzz_seed", 1));
	snprintf(count, sizeof(count), "%lu", cmdline_get_ulong("fuzz_count", 6000));
	snprintf(lanes, sizeof(lanes), "%lu", cmdline_get_ulong("fuzz_lanes", 2));
	if (cmdline_get("fuzz_trace", trace + 6, sizeof(trace) - 6))
		argv[4] = trace;		/* LANE.BATCH: replay one batch */
	uw.capture = kzalloc(OUT_SIZE, GFP_KERNEL);
	uw.capture_size = OUT_SIZE - 1;
	KT_ASSERT(uw.capture, "no memory");
	status = run_user_program_wait("/bin/utest-fuzz", argv, &uw);
	uw.capture[uw.capture_len] = 0;
	KT_ASSERT(status == 0 && strstr(uw.capture, "UTEST PASS fuzz"),
		  "fuzz: status %#x, output: %s", status, uw.capture);
	kfree(uw.capture);
	KT_ASSERT_EQ(run_user_program("/bin/hello", hello), W_EXITCODE(0, 0));
}
