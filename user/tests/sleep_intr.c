/* Signals and sleeps: a SIGALRM handler (no SA_RESTART) ends nanosleep
 * with EINTR and the time left; alarm() delivers SIGALRM and reports the
 * time left on the previous alarm; setitimer repeats; getitimer reads it
 * back; an unhandled SIGALRM kills the process. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int fails;
static volatile int alarms;

#define CHECK(cond) do { if (!(cond)) { \
	printf("UTEST FAIL sleep_intr: line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
	fails++; } } while (0)

static void on_alarm(int sig __attribute__((unused)))
{
	alarms++;
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	struct sigaction sa;
	struct itimerval it, old;
	struct timespec req = { 5, 0 }, rem = { 0, 0 };
	long long t0, t1;
	int status;
	pid_t pid;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;		/* no SA_RESTART */
	CHECK(sigaction(SIGALRM, &sa, NULL) == 0);

	/* A 100 ms one-shot timer interrupts a 5 s sleep. */
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 100000;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	t0 = mono_ns();
	CHECK(nanosleep(&req, &rem) == -1 && errno == EINTR);
	t1 = mono_ns();
	CHECK(alarms == 1);
	CHECK(t1 - t0 >= 90000000 && t1 - t0 < 4000000000LL);	/* loaded hosts: slack */
	if (t1 - t0 < 90000000 || t1 - t0 >= 4000000000LL)
		printf("sleep_intr: slept %lld ns\n", t1 - t0);
	CHECK(rem.tv_sec >= 3 && rem.tv_sec <= 4 && rem.tv_nsec >= 0 && rem.tv_nsec < 1000000000);
	/* Disarmed after firing. */
	CHECK(getitimer(ITIMER_REAL, &old) == 0 && old.it_value.tv_sec == 0 &&
	      old.it_value.tv_usec == 0);

	/* alarm(): previous time left, rounded; then delivery while paused. */
	CHECK(alarm(5) == 0);
	status = alarm(1);
	CHECK(status == 5 || status == 4);
	CHECK(getitimer(ITIMER_REAL, &old) == 0 && old.it_value.tv_sec <= 1 &&
	      old.it_value.tv_sec * 1000000 + old.it_value.tv_usec > 0);
	pause();
	CHECK(alarms == 2);
	CHECK(alarm(0) == 0);

	/* A periodic timer: 20 ms interval, three signals. */
	it.it_value.tv_sec = 0;
	it.it_value.tv_usec = 20000;
	it.it_interval = it.it_value;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == 0);
	while (alarms < 5)
		pause();
	/* A NULL new value disarms (Linux's rule) and reports the old one. */
	CHECK(setitimer(ITIMER_REAL, NULL, &old) == 0);
	CHECK(old.it_interval.tv_usec == 20000 && old.it_interval.tv_sec == 0);
	CHECK(getitimer(ITIMER_REAL, &old) == 0 && old.it_value.tv_usec == 0 &&
	      old.it_interval.tv_usec == 0);
	memset(&it, 0, sizeof(it));
	it.it_value.tv_usec = 1000000;
	CHECK(setitimer(ITIMER_REAL, &it, NULL) == -1 && errno == EINVAL);

	/* Unhandled SIGALRM ends a process. */
	pid = fork();
	if (pid == 0) {
		signal(SIGALRM, SIG_DFL);
		alarm(1);
		for (;;)
			pause();
	}
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM);

	/* A child does not inherit the alarm. */
	alarm(30);
	pid = fork();
	if (pid == 0)
		_exit(alarm(0) == 0 ? 0 : 1);
	CHECK(pid > 0 && waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0);
	alarm(0);

	if (fails)
		return 1;
	printf("UTEST PASS sleep_intr\n");
	return 0;
}
