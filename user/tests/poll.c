/*
 * poll, ppoll, select and pselect6 on pipes and other files:
 * a timeout of 0 returns at once and a timeout passes before 0 is
 * returned; a write from another process wakes the waiter; POLLHUP once
 * the writer is gone, POLLNVAL for a closed descriptor, select's EBADF;
 * /dev/null and regular files are always ready; a signal ends poll and
 * select with EINTR even under SA_RESTART; ppoll's and pselect6's mask
 * lets a blocked signal in for the wait only.
 */
#define _GNU_SOURCE
#include <poll.h>
#include <signal.h>
#include <time.h>
#include <sys/select.h>
#include <sys/wait.h>
#include "fs_util.h"

static volatile sig_atomic_t got_usr1;

static void on_usr1(int sig)
{
	got_usr1++;
}

static long ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* A child that sleeps ms, then writes one byte to fd (or sends sig to the
 * parent when sig != 0), and exits. */
static pid_t later(int ms, int fd, int sig)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		struct timespec d = { ms / 1000, (ms % 1000) * 1000000L };

		nanosleep(&d, NULL);
		if (sig)
			kill(parent, sig);
		else
			write(fd, "!", 1);
		_exit(0);
	}
	return pid;
}

static void poll_pipe(void)
{
	struct pollfd fds[2];
	struct timespec t0;
	int p[2], r;
	pid_t pid;
	char c;

	CHECK_OK(pipe(p));
	fds[0] = (struct pollfd){ .fd = p[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = p[1], .events = POLLOUT };
	CHECK(poll(fds, 2, 0) == 1 && fds[0].revents == 0 && fds[1].revents == POLLOUT,
	      "an empty pipe: writable, not readable");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(poll(fds, 1, 100) == 0, "timeout");
	CHECK(ms_since(&t0) >= 100, "returned after %ld ms", ms_since(&t0));

	pid = later(50, p[1], 0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = poll(fds, 1, 5000);
	CHECK(r == 1 && fds[0].revents == POLLIN, "woken by the write: %d, %#x", r, fds[0].revents);
	CHECK(ms_since(&t0) < 2000, "woke only after %ld ms", ms_since(&t0));
	waitpid(pid, NULL, 0);
	CHECK(read(p[0], &c, 1) == 1, "read");

	close(p[1]);
	CHECK(poll(fds, 1, 1000) == 1 && fds[0].revents == POLLHUP, "POLLHUP: %#x", fds[0].revents);
	close(p[0]);
	fds[0].fd = p[0];
	CHECK(poll(fds, 1, 1000) == 1 && fds[0].revents == POLLNVAL, "POLLNVAL: %#x",
	      fds[0].revents);
	fds[0].fd = -1;
	CHECK(poll(fds, 1, 0) == 0 && fds[0].revents == 0, "a negative fd is skipped");
}

static void always_ready(void)
{
	struct pollfd fds[2];
	int null = open("/dev/null", O_RDWR), file = open("pollfile", O_RDWR | O_CREAT, 0600);

	fds[0] = (struct pollfd){ .fd = null, .events = POLLIN | POLLOUT };
	fds[1] = (struct pollfd){ .fd = file, .events = POLLIN | POLLOUT };
	CHECK(poll(fds, 2, -1) == 2, "poll");
	CHECK(fds[0].revents == (POLLIN | POLLOUT) && fds[1].revents == (POLLIN | POLLOUT),
	      "/dev/null %#x, a file %#x", fds[0].revents, fds[1].revents);
	close(null);
	close(file);
}

static void select_pipe(void)
{
	struct timeval tv = { 0, 150000 };
	fd_set rd, wr;
	int p[2];
	pid_t pid;

	CHECK_OK(pipe(p));
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	CHECK(select(p[1] + 1, &rd, &wr, NULL, &tv) == 1, "only the write end is ready");
	CHECK(!FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr), "the result sets");

	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, 100000 };
	CHECK(select(p[0] + 1, &rd, NULL, NULL, &tv) == 0, "select timeout");

	pid = later(50, p[1], 0);
	FD_SET(p[0], &rd);
	CHECK(select(p[0] + 1, &rd, NULL, NULL, NULL) == 1 && FD_ISSET(p[0], &rd), "woken");
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	tv = (struct timeval){ 0, 0 };
	CHECK_ERR(select(p[0] + 1, &rd, NULL, NULL, &tv), EBADF);
}

/* A handled signal ends the wait with EINTR, SA_RESTART or not. */
static void interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_RESTART };
	struct pollfd fd;
	fd_set rd;
	int p[2];
	pid_t pid;

	sigaction(SIGUSR1, &sa, NULL);
	CHECK_OK(pipe(p));
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	pid = later(50, -1, SIGUSR1);
	CHECK_ERR(poll(&fd, 1, 5000), EINTR);
	CHECK(got_usr1 == 1, "the handler ran %d times", (int)got_usr1);
	waitpid(pid, NULL, 0);

	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	pid = later(50, -1, SIGUSR1);
	CHECK_ERR(select(p[0] + 1, &rd, NULL, NULL, NULL), EINTR);
	CHECK(got_usr1 == 2, "the handler ran %d times", (int)got_usr1);
	waitpid(pid, NULL, 0);
	close(p[0]);
	close(p[1]);
}

/* SIGUSR1 blocked; ppoll and pselect unblock it for the wait only. */
static void with_sigmask(void)
{
	struct timespec ts = { 5, 0 };
	sigset_t block, during, now;
	struct pollfd fd;
	fd_set rd;
	int p[2];
	pid_t pid;

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, NULL);
	sigemptyset(&during);
	CHECK_OK(pipe(p));
	fd = (struct pollfd){ .fd = p[0], .events = POLLIN };
	got_usr1 = 0;

	pid = later(50, -1, SIGUSR1);
	CHECK_ERR(ppoll(&fd, 1, &ts, &during), EINTR);
	CHECK(got_usr1 == 1, "ppoll: the handler ran %d times", (int)got_usr1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "ppoll did not put the old mask back");
	waitpid(pid, NULL, 0);

	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	pid = later(50, -1, SIGUSR1);
	CHECK_ERR(pselect(p[0] + 1, &rd, NULL, NULL, &ts, &during), EINTR);
	CHECK(got_usr1 == 2, "pselect: the handler ran %d times", (int)got_usr1);
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "pselect did not put the old mask back");
	waitpid(pid, NULL, 0);

	/* Not interrupted: the mask is back too. */
	ts = (struct timespec){ 0, 1000000 };
	CHECK(ppoll(&fd, 1, &ts, &during) == 0, "ppoll timeout");
	sigprocmask(SIG_BLOCK, NULL, &now);
	CHECK(sigismember(&now, SIGUSR1), "ppoll's mask stayed after a timeout");
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	const char *dir = test_begin("poll");

	CHECK_OK(chdir(dir));
	poll_pipe();
	always_ready();
	select_pipe();
	interrupted();
	with_sigmask();
	CHECK_OK(chdir("/"));
	return test_end();
}
