/* Resource limits: getrlimit and prlimit agree; soft above hard is
 * EINVAL; lowering is free; raising the hard limit needs root; a bad
 * resource is EINVAL; another process's limits can be read; and the
 * descriptor table honours a lowered RLIMIT_NOFILE (EMFILE). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int fails;

#define CHECK(cond) do { if (!(cond)) { \
	printf("UTEST FAIL rlimit: line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
	fails++; } } while (0)

/* As user 1000: lower, then fail to raise the hard limit. */
static int unprivileged_child(void)
{
	struct rlimit r;

	if (setuid(1000))
		return 10;
	if (getrlimit(RLIMIT_STACK, &r))
		return 11;
	r.rlim_max = r.rlim_cur = 1 << 20;
	if (setrlimit(RLIMIT_STACK, &r))
		return 12;
	r.rlim_max = 2 << 20;
	if (setrlimit(RLIMIT_STACK, &r) != -1 || errno != EPERM)
		return 13;
	r.rlim_max = r.rlim_cur = 1 << 19;
	if (setrlimit(RLIMIT_STACK, &r))
		return 14;
	return 0;
}

int main(void)
{
	struct rlimit r, p, saved;
	int status, fd, last = -1;
	pid_t pid;

	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur > 0 && r.rlim_cur <= r.rlim_max);
	CHECK(prlimit(0, RLIMIT_NOFILE, NULL, &p) == 0 && p.rlim_cur == r.rlim_cur &&
	      p.rlim_max == r.rlim_max);
	CHECK(prlimit(getpid(), RLIMIT_NOFILE, NULL, &p) == 0 && p.rlim_cur == r.rlim_cur);
	CHECK(prlimit(getppid() > 1 ? getppid() : getpid(), RLIMIT_CORE, NULL, &p) == 0 ||
	      errno == ESRCH);
	CHECK(syscall(SYS_getrlimit, 99, &p) == -1 && errno == EINVAL);
	CHECK(syscall(SYS_getrlimit, RLIMIT_NOFILE, (void *)8) == -1 && errno == EFAULT);
	saved = r;
	p.rlim_cur = r.rlim_max;
	p.rlim_max = r.rlim_max - 1;
	CHECK(setrlimit(RLIMIT_NOFILE, &p) == -1 && errno == EINVAL);

	/* NOFILE 8: descriptors 0..7, then EMFILE. */
	p.rlim_cur = 8;
	p.rlim_max = r.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &p) == 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0 && r.rlim_cur == 8);
	errno = 0;
	while ((fd = dup(0)) >= 0 && fd < 64)
		last = fd;
	if (errno == ENOSYS) {
		printf("rlimit: dup is not implemented: RLIMIT_NOFILE enforcement not checked\n");
	} else {
		CHECK(fd == -1 && errno == EMFILE);
		CHECK(last == 7);
	}
	for (int i = 3; i <= last; i++)
		close(i);
	CHECK(setrlimit(RLIMIT_NOFILE, &saved) == 0);

	pid = fork();
	if (pid == 0)
		_exit(unprivileged_child());
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("UTEST FAIL rlimit: unprivileged child status %#x\n", status);
		fails++;
	}
	if (fails)
		return 1;
	printf("UTEST PASS rlimit\n");
	return 0;
}
