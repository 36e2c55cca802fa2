/*
 * Pipes, FIFOs and poll as user programs see them (ktest=user_pipe,
 * user_poll, user_fifo): each test runs one program of user/tests/ as a
 * process and expects exit status 0; its output is kept, so that a
 * failure shows the program's own UTEST FAIL lines. The same programs
 * pass on Linux. Without the initramfs these tests check nothing.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/user/process.h"
#include "fs/initramfs.h"

static char user_out[1024];		/* test thread only */

static void run_test_program(struct ktest_ctx *__kt, const char *path, const char *name)
{
	struct user_wait uw = { .capture = user_out, .capture_size = sizeof(user_out) - 1 };
	char *const argv[] = { (char *)name, NULL };
	int status;

	if (!initramfs_module())
		return;
	status = run_user_program_wait(path, argv, &uw);
	user_out[uw.capture_len] = 0;
	KT_ASSERT(status == W_EXITCODE(0, 0), "%s: wait status %#x: %s", path, status, user_out);
}

KTEST(user_pipe_eof_epipe_flags)
{
	run_test_program(KT_CTX, "/bin/utest-pipe", "pipe");
}

KTEST(user_pipe_three_stage_pipeline)
{
	run_test_program(KT_CTX, "/bin/utest-pipeline", "pipeline");
}

KTEST(user_poll_select_ppoll_pselect)
{
	run_test_program(KT_CTX, "/bin/utest-poll", "poll");
}

KTEST(user_fifo_open_rendezvous)
{
	run_test_program(KT_CTX, "/bin/utest-fifo", "fifo");
}
