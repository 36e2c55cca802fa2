/* Small syscalls: sched_getaffinity counts the online CPUs (and agrees
 * with sysconf); getcpu; sysinfo; prctl names; personality; reboot needs
 * root and the magic numbers; syslog reads the kernel log; sched_yield;
 * the scheduling policy is SCHED_OTHER. */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

#define CHECK(cond) do { if (!(cond)) { \
	printf("UTEST FAIL misc_sys: line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
	fails++; } } while (0)

int main(void)
{
	cpu_set_t set;
	struct sysinfo si;
	char name[32];
	unsigned cpu = 999, node = 999;
	int status;
	pid_t pid;

	CHECK(sched_getaffinity(0, sizeof(set), &set) == 0);
	CHECK(CPU_COUNT(&set) >= 1 && CPU_COUNT(&set) == sysconf(_SC_NPROCESSORS_ONLN));
	CHECK(syscall(SYS_sched_getaffinity, 0, 1, &set) == -1 && errno == EINVAL);
	CHECK(sched_setaffinity(0, sizeof(set), &set) == 0);
	CHECK(syscall(SYS_getcpu, &cpu, &node, NULL) == 0 && cpu < 1024 && node == 0);
	CHECK(sched_yield() == 0);
	CHECK(syscall(SYS_sched_getscheduler, 0) == SCHED_OTHER);	/* musl: ENOSYS */
	CHECK(sched_get_priority_max(SCHED_FIFO) == 99 && sched_get_priority_min(SCHED_OTHER) == 0);

	CHECK(sysinfo(&si) == 0 && si.totalram > 0 && si.freeram <= si.totalram && si.procs > 0);

	CHECK(prctl(PR_SET_NAME, "renamed-task") == 0);
	memset(name, 0, sizeof(name));
	CHECK(prctl(PR_GET_NAME, name) == 0 && strcmp(name, "renamed-task") == 0);
	CHECK(prctl(PR_SET_NAME, "a-very-long-name-beyond-sixteen") == 0);
	CHECK(prctl(PR_GET_NAME, name) == 0 && strcmp(name, "a-very-long-nam") == 0);
	CHECK(prctl(PR_SET_NAME, (void *)8) == -1 && errno == EFAULT);
	CHECK(prctl(9999) == -1 && errno == EINVAL);
	CHECK(personality(0xffffffff) == 0);

	/* Wrong magic: EINVAL (nothing happens, even on a real machine). */
	CHECK(syscall(SYS_reboot, 0x12345678, 672274793, RB_POWER_OFF, NULL) == -1 &&
	      errno == EINVAL);
	pid = fork();
	if (pid == 0) {
		if (setuid(1000))
			_exit(2);
		_exit(reboot(RB_POWER_OFF) == -1 && errno == EPERM ? 0 : 1);
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);

	{
		static char log[4096];
		int size = klogctl(10, NULL, 0);

		CHECK(size > 0);
		CHECK(klogctl(3, log, sizeof(log)) > 0);
	}

	if (fails)
		return 1;
	printf("UTEST PASS misc_sys\n");
	return 0;
}
