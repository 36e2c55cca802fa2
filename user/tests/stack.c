/*
 * The stack grows on demand: recursion with big frames uses a few MiB,
 * a jump of several MiB below the stack pointer is allowed, and an access
 * beyond RLIMIT_STACK (8 MiB) kills the process with SIGSEGV. Prints one
 * UTEST line per check; exits 0 when all passed.
 */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define FRAME		(64 << 10)
#define DEPTH		64		/* 64 frames of 64 KiB: 4 MiB */
#define MIB		(1UL << 20)

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

/* Each level fills a 64 KiB frame, recurses, then checks its frame. */
static __attribute__((noinline)) long deep(int depth)
{
	volatile char frame[FRAME];
	long sum;

	memset((char *)frame, depth, FRAME);
	sum = depth ? deep(depth - 1) : 0;
	for (int i = 0; i < FRAME; i += 4096)
		if (frame[i] != (char)depth)
			return -1000000;
	return sum < 0 ? sum : sum + depth;
}

/* Touch the byte `below` bytes under the current stack. */
static __attribute__((noinline)) int touch_below(unsigned long below)
{
	volatile char here = 1;
	volatile char *p = (volatile char *)((unsigned long)&here - below);

	*p = 7;
	return *p == 7 ? 0 : 1;
}

/* Run touch_below(below) in a child; its wait status. */
static int child_touch(unsigned long below)
{
	int status = -1;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(touch_below(below));
	waitpid(pid, &status, 0);
	return status;
}

int main(void)
{
	struct rlimit rl = { 8 * MIB, 8 * MIB };
	int status;

	check(deep(DEPTH) == (long)DEPTH * (DEPTH + 1) / 2, "stack_grows_to_4mib",
	      "a frame lost its contents");
	status = child_touch(6 * MIB);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, "stack_jump_6mib_below",
	      "an access 6 MiB below the stack pointer failed");
	/* Without getrlimit (ENOSYS), the limit is taken to be 8 MiB. */
	getrlimit(RLIMIT_STACK, &rl);
	if (rl.rlim_cur <= 8 * MIB) {
		status = child_touch(rl.rlim_cur + MIB);
		check(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		      "stack_beyond_rlimit_is_sigsegv", "the stack grew beyond RLIMIT_STACK");
	}
	return failures ? 1 : 0;
}
