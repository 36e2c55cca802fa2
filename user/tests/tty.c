/*
 * The terminal from user space: termios and window size ioctls; a session
 * leader acquiring a terminal by opening it, /dev/tty, TIOCGSID,
 * tcgetpgrp; line editing seen through read() (input typed with TIOCSTI:
 * erase, kill, ^D, a non-canonical read with VMIN/VTIME); ^C sending
 * SIGINT to the foreground group and flushing input; a background group
 * stopped by SIGTTIN, or failing with EIO when it ignores SIGTTIN, and
 * stopped by SIGTTOU when it writes under TOSTOP; tcsetpgrp's rules;
 * TIOCNOTTY.
 *
 * Usage: utest-tty [DEVICE]. DEVICE (default /dev/ttyS0) must be a
 * terminal no session controls; "pty" makes a pseudo-terminal instead (for
 * running the same checks on a Linux host). Run where it already has a
 * controlling terminal (from a shell), it leaves that terminal to its
 * session and checks only what a job sees: SIGTTIN, EIO, SIGTTOU for
 * background groups.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <termios.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include "fs_util.h"

static volatile sig_atomic_t got_sigint;

static void on_sigint(int sig)
{
	got_sigint++;
}

/* Type s at the terminal fd. */
static void type(int fd, const char *s)
{
	for (; *s; s++)
		CHECK(ioctl(fd, TIOCSTI, s) == 0, "TIOCSTI '%c'", *s);
}

/* Read once (the terminal is set up not to block for long). */
static ssize_t read_str(int fd, char *buf, size_t n)
{
	ssize_t r = read(fd, buf, n - 1);

	buf[r > 0 ? r : 0] = 0;
	return r;
}

/* The device the session gets: argv's, or a fresh pty slave. Returns
 * its name in name. */
static const char *pick_device(const char *arg, char *name, size_t n, int *master)
{
	*master = -1;
	if (strcmp(arg, "pty"))
		return arg;
	*master = posix_openpt(O_RDWR | O_NOCTTY);
	if (*master < 0 || grantpt(*master) || unlockpt(*master) ||
	    ptsname_r(*master, name, n))
		return NULL;
	return name;
}

static void attributes(int fd)
{
	struct termios t, t2;
	struct winsize ws, ws2 = { .ws_row = 40, .ws_col = 100 };

	CHECK(tcgetattr(fd, &t) == 0, "tcgetattr");
	CHECK((t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG), "c_lflag %#x",
	      t.c_lflag);
	CHECK((t.c_iflag & ICRNL) && (t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR),
	      "c_iflag %#x c_oflag %#x", t.c_iflag, t.c_oflag);
	CHECK(t.c_cc[VINTR] == 3 && t.c_cc[VERASE] == 0177 && t.c_cc[VEOF] == 4,
	      "control characters");
	t2 = t;
	t2.c_lflag &= ~ECHO;
	CHECK(tcsetattr(fd, TCSANOW, &t2) == 0, "tcsetattr");
	CHECK(tcgetattr(fd, &t2) == 0 && !(t2.c_lflag & ECHO), "ECHO still set");
	CHECK(tcsetattr(fd, TCSAFLUSH, &t) == 0, "tcsetattr back");
	CHECK(ioctl(fd, TIOCGWINSZ, &ws) == 0, "TIOCGWINSZ");
	CHECK(ioctl(fd, TIOCSWINSZ, &ws2) == 0, "TIOCSWINSZ");
	CHECK(ioctl(fd, TIOCGWINSZ, &ws2) == 0 && ws2.ws_row == 40 && ws2.ws_col == 100,
	      "the size set is %dx%d", ws2.ws_col, ws2.ws_row);
	CHECK(ioctl(fd, TIOCSWINSZ, &ws) == 0, "TIOCSWINSZ back");
}

static void editing(int fd)
{
	struct termios t, raw;
	struct timespec t0, t1;
	char buf[64];
	int n = -1;

	type(fd, "abx\177c\n");
	CHECK(read_str(fd, buf, sizeof(buf)) == 4 && !strcmp(buf, "abc\n"), "erase: \"%s\"", buf);
	type(fd, "junk\025ok\n");
	CHECK(read_str(fd, buf, sizeof(buf)) == 3 && !strcmp(buf, "ok\n"), "kill: \"%s\"", buf);
	type(fd, "partial");
	CHECK(ioctl(fd, FIONREAD, &n) == 0 && n == 0, "FIONREAD of an unfinished line: %d", n);
	type(fd, "\004");
	CHECK(read_str(fd, buf, sizeof(buf)) == 7 && !strcmp(buf, "partial"), "^D ends the line");
	type(fd, "\004");
	CHECK(read_str(fd, buf, sizeof(buf)) == 0, "^D alone: end of file");

	tcgetattr(fd, &t);
	raw = t;
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 0;
	raw.c_cc[VTIME] = 0;
	tcsetattr(fd, TCSANOW, &raw);
	CHECK(read_str(fd, buf, sizeof(buf)) == 0, "VMIN 0 VTIME 0: nothing there");
	type(fd, "q\177");
	CHECK(read_str(fd, buf, sizeof(buf)) == 2 && !strcmp(buf, "q\177"), "raw bytes: \"%s\"", buf);
	raw.c_cc[VTIME] = 2;
	tcsetattr(fd, TCSANOW, &raw);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	CHECK(read_str(fd, buf, sizeof(buf)) == 0, "VTIME: a timed-out read");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	CHECK((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 >= 190,
	      "VTIME 2 returned early");
	tcsetattr(fd, TCSANOW, &t);
}

static void intr(int fd)
{
	struct sigaction sa = { .sa_handler = on_sigint };
	int n = -1;

	sigaction(SIGINT, &sa, NULL);
	type(fd, "gone");
	type(fd, "\003");
	CHECK(got_sigint == 1, "^C: SIGINT arrived %d times", (int)got_sigint);
	CHECK(ioctl(fd, FIONREAD, &n) == 0 && n == 0, "^C did not flush: %d", n);
	signal(SIGINT, SIG_DFL);
}

enum { OP_READ, OP_SETATTR, OP_WRITE };

/* A child in a group of its own does op on the terminal; returns its
 * wait status (a stopped child is killed). */
static int in_background(int fd, int ignore_ttin, int op)
{
	pid_t pid = fork();
	struct termios t;
	int status;
	char c;

	if (pid == 0) {
		setpgid(0, 0);
		if (ignore_ttin)
			signal(SIGTTIN, SIG_IGN);
		if (op == OP_READ)
			_exit(read(fd, &c, 1) == -1 && errno == EIO ? 42 : 1);
		if (op == OP_WRITE)
			_exit(write(fd, "", 1) == 1 ? 44 : 1);
		tcgetattr(fd, &t);
		_exit(tcsetattr(fd, TCSANOW, &t) == 0 ? 43 : 1);
	}
	setpgid(pid, pid);
	if (waitpid(pid, &status, WUNTRACED) != pid)
		return -1;
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	return status;
}

static void job_control(int fd)
{
	struct termios t;
	sigset_t ttou;
	int status, pgrp;
	pid_t child;

	status = in_background(fd, 0, OP_READ);
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTTIN, "background read: %#x", status);
	status = in_background(fd, 1, OP_READ);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "SIGTTIN ignored: %#x", status);
	status = in_background(fd, 0, OP_WRITE);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 44, "background write: %#x", status);
	tcgetattr(fd, &t);
	t.c_lflag |= TOSTOP;
	tcsetattr(fd, TCSANOW, &t);
	status = in_background(fd, 0, OP_WRITE);
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTTOU, "TOSTOP write: %#x", status);
	t.c_lflag &= ~TOSTOP;
	tcsetattr(fd, TCSANOW, &t);

	/* Hand the foreground to another group, and take it back with
	 * SIGTTOU blocked (as shells do). */
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	setpgid(child, child);
	CHECK(tcsetpgrp(fd, child) == 0, "tcsetpgrp to the child's group");
	CHECK(tcgetpgrp(fd) == child, "tcgetpgrp %d", tcgetpgrp(fd));
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, NULL);
	CHECK(tcsetpgrp(fd, getpid()) == 0, "tcsetpgrp back from the background");
	sigprocmask(SIG_UNBLOCK, &ttou, NULL);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	pgrp = 0x3fffff00;
	CHECK_ERR(tcsetpgrp(fd, pgrp), ESRCH);
	CHECK_ERR(tcsetpgrp(fd, getppid()), EPERM);	/* another session's group */

	/* Give it up: /dev/tty is gone. The leader's giving it up hangs up
	 * the foreground group, its own here: SIGHUP must not kill it. */
	signal(SIGHUP, SIG_IGN);
	CHECK(ioctl(fd, TIOCNOTTY) == 0, "TIOCNOTTY");
	CHECK_ERR(open("/dev/tty", O_RDWR), ENXIO);
	CHECK_ERR(tcgetpgrp(fd), ENOTTY);
}

/* The new session's leader: everything that needs a controlling tty. */
static int session(const char *dev)
{
	int fd, tty, sid = -1;

	if (setsid() < 0) {		/* a fresh child leads no group: allowed */
		CHECK(0, "setsid");
		return failures;
	}
	fd = open(dev, O_RDWR);
	CHECK(fd >= 0, "open %s", dev);
	if (fd < 0)
		return failures;
	CHECK(isatty(fd), "isatty");
	CHECK(tcgetpgrp(fd) == getpid(), "the opener's group is in the foreground: %d",
	      tcgetpgrp(fd));
	CHECK(ioctl(fd, TIOCGSID, &sid) == 0 && sid == getpid(), "TIOCGSID %d", sid);
	tty = open("/dev/tty", O_RDWR);
	CHECK(tty >= 0, "/dev/tty opens the controlling tty");
	close(tty);
	attributes(fd);
	editing(fd);
	intr(fd);
	job_control(fd);
	return failures;
}

/* Run from a shell (utest): the console controls the shell's session,
 * which this test must not take away. What a job of that session sees:
 * the terminal is its session's; reading or changing it from a background
 * group stops the group (SIGTTIN, SIGTTOU), or fails with EIO when
 * SIGTTIN is ignored. */
static void as_a_job(int fd)
{
	struct termios t;
	struct winsize ws;
	int status;

	CHECK(tcgetsid(fd) == getsid(0), "the controlling tty's session is %d, ours %d",
	      (int)tcgetsid(fd), (int)getsid(0));
	CHECK(tcgetpgrp(fd) > 0, "no foreground group");
	CHECK(tcgetattr(fd, &t) == 0, "tcgetattr");
	CHECK(ioctl(fd, TIOCGWINSZ, &ws) == 0, "TIOCGWINSZ");
	status = in_background(fd, 0, OP_READ);
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTTIN, "background read: %#x", status);
	status = in_background(fd, 1, OP_READ);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 42, "SIGTTIN ignored: %#x", status);
	status = in_background(fd, 0, OP_SETATTR);
	CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTTOU, "background tcsetattr: %#x",
	      status);
}

int main(int argc, char **argv)
{
	int pty = argc > 1 && !strcmp(argv[1], "pty");
	int master, ctty, status = -1;
	char name[64];
	const char *dev;
	pid_t pid;

	test_begin("tty");
	ctty = open("/dev/tty", O_RDWR);
	if (ctty >= 0 && !pty) {
		as_a_job(ctty);
		close(ctty);
		return test_end();
	}
	dev = pick_device(argc > 1 ? argv[1] : "/dev/ttyS0", name, sizeof(name), &master);
	CHECK(dev, "no terminal device");
	if (!dev)
		return test_end();
	pid = fork();
	if (pid == 0) {
		pid_t inner = fork();	/* not a group leader: may setsid */

		if (inner == 0)
			_exit(session(dev) ? 1 : 0);
		waitpid(inner, &status, 0);
		if (WIFSIGNALED(status))
			printf("UTEST FAIL tty: the session leader was killed by signal %d\n",
			       WTERMSIG(status));
		_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 2);
	}
	waitpid(pid, &status, 0);
	CHECK(status == 0, "the session's checks failed (status %#x)", status);
	if (master >= 0)
		close(master);
	return test_end();
}
