/*
 * The terminal as user programs see it (ktest=user_tty): /bin/utest-tty
 * (user/tests/tty.c) runs as a process; in a new session it takes
 * /dev/ttyS0, the console, as its controlling terminal, types at it with
 * TIOCSTI and checks editing, signals and job control. It expects no
 * other session to hold the console, which is so while the ktests run.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/user/process.h"
#include "fs/initramfs.h"

static char tty_out[1024];		/* test thread only */

KTEST(user_tty_session_editing_job_control)
{
	struct user_wait uw = { .capture = tty_out, .capture_size = sizeof(tty_out) - 1 };
	char *const argv[] = { "tty", NULL };
	int status;

	if (!initramfs_module())
		return;
	status = run_user_program_wait("/bin/utest-tty", argv, &uw);
	tty_out[uw.capture_len] = 0;
	KT_ASSERT(status == W_EXITCODE(0, 0), "wait status %#x: %s", status, tty_out);
}
