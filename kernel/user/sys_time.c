/*
 * Time syscalls: clock_gettime, clock_getres, clock_settime, gettimeofday,
 * settimeofday, time, nanosleep, clock_nanosleep, times, getrusage.
 *
 * Clocks: CLOCK_REALTIME is the wall clock (kernel/time/rtc.c: the RTC
 * read once, then the TSC); MONOTONIC, MONOTONIC_RAW and BOOTTIME are the
 * TSC clock since reset (nothing suspends); the COARSE variants are the
 * same rounded down to the last tick; PROCESS_ and THREAD_CPUTIME_ID are
 * the caller's ticks (kernel/time/cputime.c; a process is one thread).
 *
 * Sleeps are tick based (HZ=100): a sleep lasts at least what was asked
 * and up to two ticks more. A signal ends a relative sleep with -EINTR and
 * the time left written to rem (what user space sees from Linux, which
 * restarts it transparently only when no handler runs: here a stop and
 * continue also ends it with EINTR). An absolute sleep returns
 * -ERESTARTNOHAND, so it restarts with the same deadline unless a handler
 * runs.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/signal.h"
#include "kernel/user/cred.h"
#include "kernel/sched/sched.h"
#include "kernel/time/clock.h"
#include "kernel/errno.h"

#define CLOCK_REALTIME			0
#define CLOCK_MONOTONIC			1
#define CLOCK_PROCESS_CPUTIME_ID	2
#define CLOCK_THREAD_CPUTIME_ID		3
#define CLOCK_MONOTONIC_RAW		4
#define CLOCK_REALTIME_COARSE		5
#define CLOCK_MONOTONIC_COARSE		6
#define CLOCK_BOOTTIME			7
#define CLOCK_REALTIME_ALARM		8
#define CLOCK_BOOTTIME_ALARM		9
#define CLOCK_TAI			11

#define TIMER_ABSTIME	1

struct timespec_k {
	long tv_sec, tv_nsec;
};

struct timeval_k {
	long tv_sec, tv_usec;
};

static void ns_to_timespec(u64 ns, struct timespec_k *ts)
{
	ts->tv_sec = ns / NSEC_PER_SEC;
	ts->tv_nsec = ns % NSEC_PER_SEC;
}

static u64 coarse(u64 ns)
{
	return ns - ns % TICK_NSEC;
}

/* The time of a clock in ns, or -EINVAL for an unknown clock. */
static long clock_read(int clk, u64 *ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_ALARM:
	case CLOCK_TAI:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_REALTIME_COARSE:
		*ns = coarse(ktime_get_real_ns());
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
	case CLOCK_BOOTTIME_ALARM:
		*ns = ktime_get_ns();
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		*ns = coarse(ktime_get_ns());
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = task_utime_ns(current) + task_stime_ns(current);
		return 0;
	default:
		return -EINVAL;		/* and other processes' CPU clocks (< 0) */
	}
}

static long sys_clock_gettime(int clk, struct timespec_k *uts)
{
	struct timespec_k ts;
	u64 ns;
	long err = clock_read(clk, &ns);

	if (err)
		return err;
	ns_to_timespec(ns, &ts);
	return copy_to_user(uts, &ts, sizeof(ts));
}
SYSCALL_ENTRY(clock_gettime, sys_clock_gettime);

static long sys_clock_getres(int clk, struct timespec_k *uts)
{
	struct timespec_k ts = { 0, 1 };
	u64 ns;

	if (clock_read(clk, &ns))
		return -EINVAL;
	if (clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE ||
	    clk == CLOCK_PROCESS_CPUTIME_ID || clk == CLOCK_THREAD_CPUTIME_ID)
		ts.tv_nsec = TICK_NSEC;
	if (uts && copy_to_user(uts, &ts, sizeof(ts)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(clock_getres, sys_clock_getres);

static bool timespec_valid(const struct timespec_k *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < (long)NSEC_PER_SEC;
}

/* ns of a valid timespec, saturating far in the future (~290 years). */
static u64 timespec_to_ns(const struct timespec_k *ts)
{
	if ((u64)ts->tv_sec >= (1UL << 63) / NSEC_PER_SEC)
		return 1UL << 63;
	return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

/* Root only; CLOCK_REALTIME only. */
static long sys_clock_settime(int clk, const struct timespec_k *uts)
{
	struct timespec_k ts;

	if (clk != CLOCK_REALTIME)
		return -EINVAL;
	if (copy_from_user(&ts, uts, sizeof(ts)))
		return -EFAULT;
	if (!timespec_valid(&ts))
		return -EINVAL;
	if (!capable_root())
		return -EPERM;
	ktime_set_real_ns(timespec_to_ns(&ts));
	return 0;
}
SYSCALL_ENTRY(clock_settime, sys_clock_settime);

static long sys_gettimeofday(struct timeval_k *utv, int *utz)
{
	u64 ns = ktime_get_real_ns();
	struct timeval_k tv = { ns / NSEC_PER_SEC, ns % NSEC_PER_SEC / 1000 };
	int tz[2] = { 0, 0 };		/* UTC, no DST */

	if (utv && copy_to_user(utv, &tv, sizeof(tv)))
		return -EFAULT;
	if (utz && copy_to_user(utz, tz, sizeof(tz)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(gettimeofday, sys_gettimeofday);

/* The time zone argument is accepted and ignored. */
static long sys_settimeofday(const struct timeval_k *utv, const int *utz)
{
	struct timeval_k tv;

	if (!utv)
		return 0;
	if (copy_from_user(&tv, utv, sizeof(tv)))
		return -EFAULT;
	if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
		return -EINVAL;
	if (!capable_root())
		return -EPERM;
	ktime_set_real_ns((u64)tv.tv_sec * NSEC_PER_SEC + tv.tv_usec * 1000);
	return 0;
}
SYSCALL_ENTRY(settimeofday, sys_settimeofday);

static long sys_time(long *tloc)
{
	long t = ktime_get_real_ns() / NSEC_PER_SEC;

	if (tloc && copy_to_user(tloc, &t, sizeof(t)))
		return -EFAULT;
	return t;
}
SYSCALL_ENTRY(time, sys_time);

/* ---- sleeping ---- */

/*
 * Sleep until the monotonic clock reaches deadline (ns). Returns 0, or
 * -EINTR when a signal came first (*left: ns that remained). May sleep.
 */
static long sleep_until(u64 deadline, u64 *left)
{
	might_sleep();
	for (;;) {
		u64 now = ktime_get_ns();
		long ticks;

		if (now >= deadline)
			return 0;
		ticks = (long)((deadline - now + TICK_NSEC - 1) / TICK_NSEC);
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current)) {
			__set_current_state(TASK_RUNNING);
			*left = deadline - now;
			return -EINTR;
		}
		schedule_timeout(ticks);
		__set_current_state(TASK_RUNNING);
	}
}

/* A relative sleep; rem (may be NULL) gets the time left on -EINTR. */
static long nanosleep_relative(u64 ns, struct timespec_k *urem)
{
	u64 now = ktime_get_ns(), left = 0;
	u64 deadline = ns > ~0UL - now ? ~0UL : now + ns;
	long err = sleep_until(deadline, &left);
	struct timespec_k rem;

	if (err == -EINTR && urem) {
		ns_to_timespec(left, &rem);
		if (copy_to_user(urem, &rem, sizeof(rem)))
			return -EFAULT;
	}
	return err;
}

static long sys_nanosleep(const struct timespec_k *ureq, struct timespec_k *urem)
{
	struct timespec_k req;

	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	return nanosleep_relative(timespec_to_ns(&req), urem);
}
SYSCALL_ENTRY(nanosleep, sys_nanosleep);

static long sys_clock_nanosleep(int clk, int flags, const struct timespec_k *ureq,
				struct timespec_k *urem)
{
	struct timespec_k req;
	u64 now, target, left;

	switch (clk) {
	case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
		break;
	case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
		return -EOPNOTSUPP;	/* sleeping on CPU time: not here */
	default:
		return -EINVAL;
	}
	if (copy_from_user(&req, ureq, sizeof(req)))
		return -EFAULT;
	if (!timespec_valid(&req))
		return -EINVAL;
	if (!(flags & TIMER_ABSTIME))
		return nanosleep_relative(timespec_to_ns(&req), urem);
	/* An absolute time on the clock, turned into a monotonic deadline. */
	clock_read(clk, &now);
	target = timespec_to_ns(&req);
	if (target <= now)
		return 0;
	if (sleep_until(ktime_get_ns() + (target - now), &left))
		return -ERESTARTNOHAND;
	return 0;
}
SYSCALL_ENTRY(clock_nanosleep, sys_clock_nanosleep);

/* ---- CPU time ---- */

struct tms_k {
	long tms_utime, tms_stime, tms_cutime, tms_cstime;
};

/* times(): clock ticks (USER_HZ = HZ = 100) since boot. The children's
 * times are not accumulated yet (wait4 does not add them): zero. */
static long sys_times(struct tms_k *ubuf)
{
	struct tms_k t = {
		.tms_utime = READ_ONCE(current->utime_ticks),
		.tms_stime = READ_ONCE(current->stime_ticks),
	};

	if (ubuf && copy_to_user(ubuf, &t, sizeof(t)))
		return -EFAULT;
	return ktime_get_ns() / TICK_NSEC;
}
SYSCALL_ENTRY(times, sys_times);

#define RUSAGE_SELF	0
#define RUSAGE_CHILDREN	(-1)
#define RUSAGE_THREAD	1

struct rusage_k {
	struct timeval_k ru_utime, ru_stime;
	long ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap,
	     ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};

static void ns_to_timeval(u64 ns, struct timeval_k *tv)
{
	tv->tv_sec = ns / NSEC_PER_SEC;
	tv->tv_usec = ns % NSEC_PER_SEC / 1000;
}

/* getrusage: the CPU times and context switches of the caller; the
 * children's are zero (not accumulated yet), as are memory and I/O. */
static long sys_getrusage(int who, struct rusage_k *uru)
{
	struct rusage_k ru = { 0 };

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	if (who != RUSAGE_CHILDREN) {
		ns_to_timeval(task_utime_ns(current), &ru.ru_utime);
		ns_to_timeval(task_stime_ns(current), &ru.ru_stime);
		ru.ru_nvcsw = READ_ONCE(current->nr_switches);
	}
	return copy_to_user(uru, &ru, sizeof(ru));
}
SYSCALL_ENTRY(getrusage, sys_getrusage);
