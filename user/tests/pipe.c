/*
 * pipe(2) and pipe2(2): end of file once every writer has closed; EPIPE
 * and SIGPIPE once every reader has (killed by default, EPIPE when
 * ignored or handled); pipe2's O_NONBLOCK and O_CLOEXEC; a pipe is a
 * FIFO to fstat and holds 64 KiB; a writer and a reader in two processes
 * move 200 KiB through it whole and in order.
 */
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "fs_util.h"

#define BIG	(200 * 1024)

static volatile sig_atomic_t got_sigpipe;

static void on_sigpipe(int sig)
{
	got_sigpipe = sig;
}

static void eof_when_writers_close(void)
{
	char buf[16];
	int p[2];

	CHECK_OK(pipe(p));
	CHECK(write(p[1], "abc", 3) == 3, "write");
	close(p[1]);
	CHECK(read(p[0], buf, sizeof(buf)) == 3, "read the data");
	CHECK(read(p[0], buf, sizeof(buf)) == 0, "read after the writer closed: EOF");
	close(p[0]);
}

static void epipe_and_sigpipe(void)
{
	int p[2], status;
	pid_t pid;

	/* Default action: the writer dies of SIGPIPE. */
	CHECK_OK(pipe(p));
	close(p[0]);
	pid = fork();
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		write(p[1], "x", 1);
		_exit(0);			/* not reached */
	}
	close(p[1]);
	CHECK(waitpid(pid, &status, 0) == pid, "waitpid");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE, "status %#x, wanted SIGPIPE",
	      status);

	/* Ignored: EPIPE. */
	CHECK_OK(pipe(p));
	close(p[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	/* Handled: the handler runs and the write fails with EPIPE. */
	signal(SIGPIPE, on_sigpipe);
	CHECK_ERR(write(p[1], "x", 1), EPIPE);
	CHECK(got_sigpipe == SIGPIPE, "the SIGPIPE handler did not run");
	signal(SIGPIPE, SIG_DFL);
	close(p[1]);
}

static void pipe2_flags_and_capacity(void)
{
	static char buf[70000];
	struct stat st;
	int p[2], n = -1;

	CHECK_OK(pipe2(p, O_NONBLOCK | O_CLOEXEC));
	CHECK(fcntl(p[0], F_GETFD) == FD_CLOEXEC && fcntl(p[1], F_GETFD) == FD_CLOEXEC,
	      "O_CLOEXEC not set");
	CHECK((fcntl(p[0], F_GETFL) & O_NONBLOCK) && (fcntl(p[1], F_GETFL) & O_NONBLOCK),
	      "O_NONBLOCK not set");
	CHECK((fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY &&
	      (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY, "access modes");
	CHECK(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode), "fstat: not a FIFO");
	CHECK_ERR(read(p[0], buf, 1), EAGAIN);
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	memset(buf, 'p', sizeof(buf));
	CHECK(write(p[1], buf, sizeof(buf)) == 65536, "a full pipe holds 64 KiB");
	CHECK_ERR(write(p[1], buf, 1), EAGAIN);
	CHECK(ioctl(p[0], FIONREAD, &n) == 0 && n == 65536, "FIONREAD says %d", n);
	close(p[0]);
	close(p[1]);
	CHECK_ERR(pipe2(p, O_APPEND), EINVAL);
}

/* A child writes BIG bytes (a known pattern, in odd-sized pieces); the
 * parent reads them all back in order, blocking both ways. */
static void across_fork(void)
{
	static char buf[8192];
	size_t got = 0;
	int p[2], status;
	pid_t pid;
	ssize_t n;

	CHECK_OK(pipe(p));
	pid = fork();
	if (pid == 0) {
		size_t sent = 0;

		close(p[0]);
		while (sent < BIG) {
			size_t len = BIG - sent < 5000 ? BIG - sent : 5000;

			for (size_t i = 0; i < len; i++)
				buf[i] = (char)((sent + i) % 251);
			if (write(p[1], buf, len) != (ssize_t)len)
				_exit(1);
			sent += len;
		}
		_exit(0);
	}
	close(p[1]);
	while ((n = read(p[0], buf, 3000)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] != (char)((got + (size_t)i) % 251)) {
				CHECK(0, "byte %zu is wrong", got + (size_t)i);
				n = -1;
				break;
			}
		if (n < 0)
			break;
		got += (size_t)n;
	}
	close(p[0]);
	CHECK(got == BIG, "read %zu bytes, wanted %d", got, BIG);
	CHECK(waitpid(pid, &status, 0) == pid && status == 0, "writer status %#x", status);
}

/* RLIMIT_NOFILE bounds the descriptors pipe() hands out: EMFILE. */
static void nofile_limit(void)
{
	struct rlimit old, low;
	int p[2], q[2] = { -1, -1 };

	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0, "getrlimit");
	CHECK(pipe(p) == 0, "pipe");
	low.rlim_cur = p[1] + 1;		/* no room for another pair */
	low.rlim_max = old.rlim_max;
	CHECK(setrlimit(RLIMIT_NOFILE, &low) == 0, "setrlimit");
	errno = 0;
	CHECK(pipe(q) < 0 && errno == EMFILE, "pipe above RLIMIT_NOFILE: %d (errno %d)",
	      q[0], errno);
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0, "setrlimit back");
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	test_begin("pipe");
	eof_when_writers_close();
	epipe_and_sigpipe();
	pipe2_flags_and_capacity();
	across_fork();
	nofile_limit();
	return test_end();
}
