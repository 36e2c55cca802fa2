/*
 * benchinit — process 1 of a benchmark boot, on Linux and on Lockstep.
 *
 * tools/bench packs it as /init of a small initramfs (tools/bench-initramfs)
 * with the benchmark programs and a plan; Linux runs /init by itself,
 * Lockstep is booted with init=/init. In order it:
 *   1. mounts /dev (devtmpfs on Linux; Lockstep's kernel mounts its devfs
 *      itself), /proc, /sys (Linux's; quietly skipped where there is
 *      none) and a fresh tmpfs on /tmp,
 *      and puts descriptors 0-2 on /dev/console if it has none;
 *   2. loads every module in /lib/modules/ in name order with
 *      finit_module(2) (the Linux initramfs holds the disk drivers there,
 *      named NN-name.ko in dependency order; Lockstep's has none);
 *   3. runs /etc/bench/plan line by line:
 *        wait PATH SECONDS   wait until PATH exists (a disk's node appears
 *                            when its driver has probed it), at most SECONDS
 *        barrier NAME        print "BENCH-BARRIER NAME" and wait for a line
 *                            on the console: the host does something while
 *                            the guest is quiet (tools/bench reads QEMU's
 *                            disk statistics), then types Enter
 *        anything else       a command (words split at spaces), run and
 *                            waited for
 *   4. powers the machine off (reboot(RB_POWER_OFF); QEMU then exits).
 *
 * Its own output lines start with BENCH- (see user/bench/bench.h): the
 * kernel's name and release, each command and its exit status, and the
 * monotonic clock at the start and the end, which tools/bench compares
 * with the host's clock.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define PLAN		"/etc/bench/plan"
#define MODULES		"/lib/modules"
#define MAX_WORDS	32

static void try_mount(const char *source, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(source, dir, type, 0, NULL) < 0 && strcmp(type, "sysfs"))
		bench_info("mount", "%s on %s: %s", type, dir, strerror(errno));
}

static void console_fds(void)
{
	int fd;

	if (fcntl(1, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static void mount_all(void)
{
	mkdir("/dev", 0755);
	if (access("/dev/null", F_OK) < 0 && mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) < 0 &&
	    access("/dev/null", F_OK) < 0)
		try_mount("devfs", "/dev", "devfs");
	console_fds();
	try_mount("proc", "/proc", "proc");
	try_mount("sysfs", "/sys", "sysfs");	/* Linux's; Lockstep has none */
	try_mount("tmpfs", "/tmp", "tmpfs");
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void load_modules(void)
{
	struct dirent **names;
	int n = scandir(MODULES, &names, NULL, by_name);

	for (int i = 0; i < n; i++) {
		char path[512];
		int fd;

		if (strstr(names[i]->d_name, ".ko")) {
			snprintf(path, sizeof(path), "%s/%s", MODULES, names[i]->d_name);
			fd = open(path, O_RDONLY | O_CLOEXEC);
			if (fd < 0 || (syscall(SYS_finit_module, fd, "", 0) < 0 && errno != EEXIST))
				bench_info("module", "%s: %s", names[i]->d_name, strerror(errno));
			if (fd >= 0)
				close(fd);
		}
		free(names[i]);
	}
	if (n > 0)
		free(names);
}

static void wait_for_path(const char *path, double seconds)
{
	uint64_t start = bench_now_ns();
	struct timespec tick = { 0, 10 * 1000 * 1000 };

	while (access(path, F_OK) < 0) {
		if ((double)(bench_now_ns() - start) > seconds * 1e9) {
			bench_info("wait", "%s did not appear within %g s", path, seconds);
			return;
		}
		nanosleep(&tick, NULL);
	}
	bench_info("wait", "%s after %.3f s", path, (double)(bench_now_ns() - start) / 1e9);
}

/* Wait for the host: a line typed on the console (fd 0). */
static void barrier(const char *name)
{
	char c;
	ssize_t n;

	printf("BENCH-BARRIER %s\n", name);
	fflush(stdout);
	for (;;) {
		n = read(0, &c, 1);
		if (n == 1 && (c == '\n' || c == '\r'))
			return;
		if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
	bench_info("barrier", "%s: console read: %s", name, n ? strerror(errno) : "end of file");
}

static void run_command(char **argv)
{
	static char *const envp[] = { "PATH=/bin:/sbin", "HOME=/", NULL };
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execve(argv[0], argv, envp);
		printf("BENCH-INFO exec %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		bench_info("run", "%s: %s", argv[0], strerror(errno));
		return;
	}
	if (WIFSIGNALED(status))
		printf("BENCH-EXIT %s signal %d\n", argv[0], WTERMSIG(status));
	else
		printf("BENCH-EXIT %s status %d\n", argv[0], WEXITSTATUS(status));
	fflush(stdout);
}

static void run_line(char *line)
{
	char *argv[MAX_WORDS + 1];
	int argc = 0;

	for (char *w = strtok(line, " \t\n"); w && argc < MAX_WORDS; w = strtok(NULL, " \t\n"))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (!argc || argv[0][0] == '#')
		return;
	if (!strcmp(argv[0], "wait") && argc == 3) {
		wait_for_path(argv[1], atof(argv[2]));
		return;
	}
	if (!strcmp(argv[0], "barrier") && argc == 2) {
		barrier(argv[1]);
		return;
	}
	printf("BENCH-RUN");
	for (int i = 0; i < argc; i++)
		printf(" %s", argv[i]);
	printf("\n");
	fflush(stdout);
	run_command(argv);
}

static void run_plan(void)
{
	char line[1024];
	FILE *f = fopen(PLAN, "r");

	if (!f) {
		bench_info("plan", "%s: %s", PLAN, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f))
		run_line(line);
	fclose(f);
}

int main(void)
{
	struct utsname u;
	struct timespec second = { 1, 0 };

	mount_all();
	if (uname(&u) == 0)
		bench_info("kernel", "%s %s", u.sysname, u.release);
	printf("BENCH-CLOCK start %llu\n", (unsigned long long)bench_now_ns());
	fflush(stdout);
	load_modules();
	run_plan();
	printf("BENCH-CLOCK end %llu\n", (unsigned long long)bench_now_ns());
	printf("BENCH-END\n");
	fflush(stdout);
	sync();
	reboot(RB_POWER_OFF);
	bench_info("poweroff", "reboot: %s", strerror(errno));
	for (;;)		/* process 1 must not exit */
		nanosleep(&second, NULL);
}
