/*
 * File locks between a parent and its child. POSIX record locks belong to
 * the process: the child conflicts with its parent's range (EAGAIN on
 * F_SETLK, F_GETLK names the parent), F_SETLKW waits until the parent
 * unlocks, a signal interrupts that wait (EINTR), and closing any
 * descriptor of the file drops the parent's locks. flock locks belong to
 * the open file: the child's own open conflicts, the inherited descriptor
 * shares the lock. OFD locks (F_OFD_SETLK) likewise.
 *
 * The child says "I am about to wait" by writing a byte into a flag file
 * that the parent polls, sleeping between looks (so the child runs even
 * on one CPU).
 */
#include "fs_util.h"
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>

static char path[300], flagpath[300];

static int lock(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* Run fn in a child; its exit status (0 = its checks passed). */
static int in_child(int (*fn)(int), int arg)
{
	int status;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(arg));
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void set_flag(char c)
{
	int fd = open(flagpath, O_WRONLY);

	if (fd >= 0) {
		pwrite(fd, &c, 1, 0);
		close(fd);
	}
}

static char get_flag(void)
{
	char c = 0;
	int fd = open(flagpath, O_RDONLY);

	if (fd >= 0) {
		pread(fd, &c, 1, 0);
		close(fd);
	}
	return c;
}

/* Wait (sleeping 1 ms at a time) until the child set the flag to c;
 * false after 20 s. */
static int wait_flag(char c)
{
	for (long i = 0; i < 20000; i++) {
		if (get_flag() == c)
			return 1;
		usleep(1000);
	}
	return 0;
}

static int child_conflicts(int fd)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 5, .l_len = 10 };

	if (lock(fd, F_SETLK, F_WRLCK, 5, 10) != -1 || (errno != EAGAIN && errno != EACCES))
		return 1;
	if (lock(fd, F_SETLK, F_RDLCK, 9, 1) != -1)
		return 2;
	if (lock(fd, F_SETLK, F_WRLCK, 10, 10) != 0)	/* no overlap */
		return 3;
	if (fcntl(fd, F_GETLK, &fl) != 0 || fl.l_type != F_WRLCK || fl.l_pid != getppid() ||
	    fl.l_start != 0 || fl.l_len != 10)
		return 4;
	return 0;
}

static int child_waits(int fd)
{
	set_flag('W');
	if (lock(fd, F_SETLKW, F_WRLCK, 0, 10) != 0)
		return 1;
	set_flag('G');
	return 0;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static int child_interrupted(int fd)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */

	sigaction(SIGUSR1, &sa, NULL);
	set_flag('W');
	if (lock(fd, F_SETLKW, F_WRLCK, 0, 10) != -1 || errno != EINTR)
		return 1;
	return 0;
}

static int child_locks_free(int fd)
{
	return lock(fd, F_SETLK, F_WRLCK, 0, 100) == 0 ? 0 : 1;
}

static int child_flock(int inherited)
{
	int own = open(path, O_RDWR);

	if (own < 0)
		return 1;
	if (flock(own, LOCK_EX | LOCK_NB) != -1 || errno != EWOULDBLOCK)
		return 2;
	if (flock(own, LOCK_SH | LOCK_NB) != -1 || errno != EWOULDBLOCK)
		return 3;
	if (flock(inherited, LOCK_EX | LOCK_NB) != 0)	/* the same open file */
		return 4;
	return 0;
}

static int child_ofd(int inherited)
{
	int own = open(path, O_RDWR);

	if (lock(inherited, F_OFD_SETLK, F_WRLCK, 0, 10) != 0)
		return 1;
	if (lock(own, F_OFD_SETLK, F_WRLCK, 0, 10) != -1 || errno != EAGAIN)
		return 2;
	if (lock(own, F_SETLK, F_WRLCK, 0, 10) != -1 || errno != EAGAIN)
		return 3;
	return 0;
}

int main(void)
{
	const char *dir = test_begin("fs_locks");
	int fd, other, st;
	pid_t pid;

	snprintf(path, sizeof(path), "%s/data", dir);
	snprintf(flagpath, sizeof(flagpath), "%s/flag", dir);
	fd = open(path, O_CREAT | O_RDWR, 0644);
	close(open(flagpath, O_CREAT | O_RDWR, 0644));
	CHECK(fd >= 0, "open");

	/* POSIX: conflicts with the parent's range, F_GETLK names it. */
	CHECK(lock(fd, F_SETLK, F_WRLCK, 0, 10) == 0, "parent F_SETLK");
	CHECK((st = in_child(child_conflicts, fd)) == 0, "child conflicts: step %d", st);
	CHECK(lock(fd, F_SETLK, F_WRLCK, 0, 10) == 0, "the owner may lock again");

	/* F_SETLKW waits for the unlock. */
	set_flag(0);
	pid = fork();
	if (pid == 0)
		_exit(child_waits(fd));
	CHECK(wait_flag('W'), "the child never got to F_SETLKW");
	usleep(50000);
	CHECK(get_flag() == 'W', "F_SETLKW did not wait");
	CHECK(lock(fd, F_SETLK, F_UNLCK, 0, 10) == 0, "unlock");
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "waiting child %#x", st);
	CHECK(get_flag() == 'G', "the child got the lock");

	/* A signal interrupts F_SETLKW. */
	CHECK(lock(fd, F_SETLK, F_WRLCK, 0, 10) == 0, "lock again");
	set_flag(0);
	pid = fork();
	if (pid == 0)
		_exit(child_interrupted(fd));
	CHECK(wait_flag('W'), "the child never got to F_SETLKW");
	/* Signal until it is out: one that came before the wait would not end it. */
	pid_t done = 0;
	for (int i = 0; i < 2000 && done == 0; i++) {
		kill(pid, SIGUSR1);
		usleep(10000);
		done = waitpid(pid, &st, WNOHANG);
	}
	if (done == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	CHECK(done == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "interrupted child %#x", st);

	/* Closing any descriptor of the file drops the process's locks. */
	other = open(path, O_RDONLY);
	close(other);
	CHECK((st = in_child(child_locks_free, fd)) == 0, "locks survived a close");

	/* flock: per open file. */
	CHECK(flock(fd, LOCK_EX) == 0, "flock LOCK_EX");
	CHECK((st = in_child(child_flock, fd)) == 0, "child flock: step %d", st);
	CHECK(flock(fd, LOCK_UN) == 0, "flock LOCK_UN");
	CHECK_ERR(flock(fd, 0), EINVAL);

	/* OFD locks: per open file too. */
	CHECK((st = in_child(child_ofd, fd)) == 0, "child OFD: step %d", st);
	close(fd);
	return test_end();
}
