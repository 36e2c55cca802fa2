/*
 * A syscall fuzzer: random syscall numbers (0..~460, and some out of
 * range) with random arguments (small ints, bad descriptors, pointers into
 * a scratch buffer, NULL, kernel and non-canonical addresses, read-only
 * memory, huge lengths, random flags), from a fixed seed. The kernel
 * survives if this program ends: it prints its seed, the number of calls
 * and UTEST PASS fuzz. (The harness then checks the machine still works.)
 *
 *   utest-fuzz [SEED [COUNT [LANES [v | trace=LANE.BATCH]]]]
 *
 * (defaults 1, 40000, 4; a campaign: utest-fuzz N 100000 4 for several N)
 *
 * LANES processes run at once; each runs batches of BATCH calls, every
 * batch in a fresh child (forked by its lane, which kills it with SIGKILL
 * when its alarm fires: a blocked call is no failure). Batch b of lane l
 * draws from seed ^ hash(l, b), so each batch is reproducible alone:
 * trace=l.b reruns just that batch and prints each call before making it.
 * Calls that would end the run or harm the machine are left out or tamed
 * (see tame()): exit, reboot, vfork, rt_sigreturn, pause, signals to
 * other processes, clock setting, port I/O, ptrace, sockets, ...
 *
 * The children close descriptors 0-2 first, so nothing they do reaches
 * the console (or its termios), and make raw syscalls only (no errno: a
 * random arch_prctl may move the TLS). Their state lives on the stack;
 * the only writable globals are the scratch buffer (a random length after
 * a valid pointer runs into unmapped memory, not into the fuzzer).
 *
 * The same binary runs on Linux (as root or not): the denylist keeps it
 * off the host's network, clock, other processes and hardware, and its
 * mounts stay in a mount namespace of its own (or are not made).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define BATCH		250		/* calls per child */
#define WATCHDOG_S	3		/* a batch that takes longer is killed */
#define NR_MAX		460		/* highest number worth trying */
#define TRACE_FD	999

static unsigned char scratch[1 << 16] __attribute__((aligned(4096)));
static const char rodata[64] = "read-only bytes for the kernel to be refused";

/* Paths a call may get: inside the batch's scratch directory, a few /proc
 * files, nonexistent ones. None reaches a device or the programs. */
static const char *const paths[] = {
	"a", "b", "a/b", "c/d/e", ".", "..", "link", "fifo", "x/../a",
	"/proc/self/stat", "/proc/self/status", "/proc/uptime", "/proc/self",
	"/proc/1/cmdline", "/nonexistent", "/nonexistent/x", "",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

struct rng {
	uint64_t s;
};

static uint64_t next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t below(struct rng *r, uint64_t n)
{
	return next(r) % n;
}

static long raw6(long nr, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall" : "=a"(ret)
			 : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}

/* A pointer that the kernel must refuse: NULL and near it, kernel text,
 * the direct map, non-canonical, unmapped user space, the last page. */
static long bad_pointer(struct rng *r)
{
	static const unsigned long bad[] = {
		0, 1, 8, 4096, 0x10000, 0xffffffff80100000UL, 0xffff800000000000UL,
		0xffff888000000000UL, 0x0000800000000000UL, 0x00007ffffffff000UL,
		0x00007fffffffffffUL, 0xdead0000UL, (unsigned long)-4096,
		0x8000000000000000UL,
	};

	return (long)bad[below(r, sizeof(bad) / sizeof(bad[0]))];
}

static long arg(struct rng *r)
{
	static const long lengths[] = {
		0, 1, 2, 7, 8, 16, 64, 4095, 4096, 4097, 65536, 1 << 20, 0x7fffffff,
		0x80000000L, -1, -4096, 1L << 40,
	};
	unsigned k = below(r, 100);

	if (k < 22)
		return (long)below(r, 65) - (below(r, 8) == 0 ? 65 : 0);	/* small */
	if (k < 34) {						/* descriptor */
		static const long fds[] = { -1, 3, 4, 5, 6, 7, 8, 9, 10, 64, 1023, 1 << 20, -100 };

		return fds[below(r, sizeof(fds) / sizeof(fds[0]))];
	}
	if (k < 54)						/* into scratch */
		return (long)(scratch + below(r, sizeof(scratch)));
	if (k < 60)						/* a path */
		return (long)paths[below(r, sizeof(paths) / sizeof(paths[0]))];
	if (k < 70)
		return bad_pointer(r);
	if (k < 74)						/* read-only */
		return below(r, 2) ? (long)rodata : (long)(void *)&arg;
	if (k < 84)
		return lengths[below(r, sizeof(lengths) / sizeof(lengths[0]))];
	if (k < 92)						/* flags */
		return below(r, 2) ? (long)(1UL << below(r, 32)) : (long)(uint32_t)next(r);
	return (long)next(r);
}

/* A timespec of at most 20 ms, in scratch (or a bad pointer). */
static long short_timeout(struct rng *r)
{
	long *ts = (long *)(scratch + 64 * below(r, 16));

	if (below(r, 8) == 0)
		return bad_pointer(r);
	ts[0] = 0;
	ts[1] = (long)below(r, 20000000);
	return (long)ts;
}

enum { SKIP, CALL };

/*
 * Keep the run alive and the machine safe: leave out calls that end the
 * process or touch what is not ours, bound sleeps, keep signals and
 * scheduling changes to ourselves. Returns SKIP to drop the call.
 */
static int tame(struct rng *r, long nr, long *a, int self, int mounts_ok)
{
	switch (nr) {
	case SYS_exit: case SYS_exit_group: case SYS_reboot: case SYS_vfork:
	case SYS_rt_sigreturn: case SYS_pause: case SYS_rt_sigsuspend:
	case SYS_clock_settime: case SYS_settimeofday: case SYS_adjtimex:
	case SYS_clock_adjtime: case SYS_iopl: case SYS_ioperm: case SYS_ptrace:
	case SYS_process_vm_writev: case SYS_process_vm_readv: case SYS_kexec_load:
	case SYS_kexec_file_load: case SYS_swapon: case SYS_swapoff: case SYS_acct:
	case SYS_sethostname: case SYS_setdomainname: case SYS_vhangup:
	case SYS_pivot_root: case SYS_perf_event_open: case SYS_bpf:
	case SYS_socket: case SYS_socketpair: case SYS_init_module:
	case SYS_finit_module: case SYS_delete_module: case SYS_rt_sigqueueinfo:
	case SYS_rt_tgsigqueueinfo: case SYS_pidfd_send_signal: case SYS_clone3:
	case SYS_io_uring_setup: case SYS_io_uring_enter: case SYS_io_uring_register:
	case SYS_fsopen: case SYS_fsconfig: case SYS_fsmount: case SYS_move_mount:
	case SYS_open_tree: case SYS_mount_setattr: case SYS_quotactl:
	case SYS_lookup_dcookie: case SYS_nfsservctl: case SYS_uselib:
	case SYS_userfaultfd: case SYS_sched_setattr: case SYS_set_mempolicy:
	case SYS_mbind: case SYS_migrate_pages: case SYS_move_pages:
	case SYS_seccomp: case SYS_mlockall: case SYS_mknod: case SYS_mknodat:
	case SYS_open_by_handle_at:
		return SKIP;
	case SYS_mount: case SYS_umount2: case SYS_chroot:
		return mounts_ok ? CALL : SKIP;
	case SYS_kill: case SYS_tkill:
		a[0] = below(r, 2) ? self : 1000000 + (long)below(r, 1000);
		a[1] = below(r, 2) ? 0 : SIGURG;	/* ignored by default */
		return CALL;
	case SYS_tgkill:
		a[0] = a[1] = below(r, 2) ? self : 1000000;
		a[2] = below(r, 2) ? 0 : SIGWINCH;
		return CALL;
	case SYS_prlimit64:
		a[0] = below(r, 2) ? 0 : self;		/* only ourselves */
		return CALL;
	case SYS_setpriority:
		a[0] = 0;				/* PRIO_PROCESS */
		a[1] = 0;				/* ourselves */
		return CALL;
	case SYS_ioprio_set:
		a[0] = 1;				/* IOPRIO_WHO_PROCESS */
		a[1] = 0;
		return CALL;
	case SYS_sched_setaffinity: case SYS_sched_setscheduler: case SYS_sched_setparam:
		a[0] = 0;
		if (nr == SYS_sched_setscheduler)
			a[1] &= ~3L;			/* no real-time policies */
		return CALL;
	case SYS_fork:
		return CALL;			/* the child leaves at once (run_batch) */
	case SYS_clone:
		/* A process, not a thread or a vfork (no CLONE_VM, VFORK, THREAD,
		 * SIGHAND, PARENT, SETTLS), on our stack, exit signal SIGCHLD. */
		a[0] &= ~(0xffL | 0x100L | 0x4000L | 0x10000L | 0x800L | 0x8000L | 0x80000L);
		a[0] |= SIGCHLD;
		a[1] = 0;
		return CALL;
	case SYS_execve: case SYS_execveat:
		return CALL;			/* paths[] has nothing runnable */
	case SYS_nanosleep:
		a[0] = short_timeout(r);
		return CALL;
	case SYS_clock_nanosleep:
		a[1] &= ~1L;			/* relative */
		a[2] = short_timeout(r);
		return CALL;
	case SYS_select: case SYS_pselect6:
		a[4] = short_timeout(r);
		return CALL;
	case SYS_poll:
		a[2] = (long)below(r, 20);
		return CALL;
	case SYS_ppoll: case SYS_rt_sigtimedwait: case SYS_futex:
		a[2 + (nr != SYS_rt_sigtimedwait && nr != SYS_ppoll)] = short_timeout(r);
		return CALL;
	case SYS_epoll_wait: case SYS_epoll_pwait:
		a[3] = (long)below(r, 20);
		return CALL;
	case SYS_epoll_pwait2:
		a[3] = short_timeout(r);
		return CALL;
	case SYS_alarm:
		a[0] = 0;			/* an alarm would only kill the batch */
		return CALL;
	case SYS_setitimer:
		a[1] = bad_pointer(r);
		return CALL;
	case SYS_syslog:
		a[0] = below(r, 2) ? 3 : 10;	/* read only: no console level */
		return CALL;
	case SYS_mmap: case SYS_munmap: case SYS_mprotect: case SYS_mremap:
	case SYS_madvise: case SYS_mlock: case SYS_munlock: case SYS_msync:
	case SYS_remap_file_pages: case SYS_pkey_mprotect:
		/* Never our text, data or stack: a far range, or a kernel or
		 * non-canonical one (a low address with a long length would
		 * cover our text: munmap(0, 0x401820) did). */
		a[0] = below(r, 4) ? 0x600000000000L + (long)(below(r, 1 << 20) << 12)
				   : (long)(0xffff800000000000UL + (below(r, 1 << 20) << 12));
		if (nr == SYS_mremap)
			a[3] &= ~2L;		/* no MREMAP_FIXED */
		return CALL;
	case SYS_brk:
		return below(r, 4) ? SKIP : CALL;
	case SYS_shmdt: case SYS_shmat:
		a[0 + (nr == SYS_shmat)] = 0x610000000000L;
		return CALL;
	case SYS_arch_prctl:
		return CALL;			/* we use no TLS in the batch */
	case SYS_close_range:
		a[0] = a[0] < 3 ? 3 : a[0];
		return CALL;
	default:
		return CALL;
	}
}

/* Where close(2) is missing, descriptors 0-2 stay open on the console:
 * move every descriptor-like argument off them (not a fix-up a later
 * kernel needs: close works there). */
static void keep_off_console(long nr, long *a)
{
	if (a[0] >= 0 && a[0] <= 2)
		a[0] += 100;
	if (nr == SYS_sendfile || nr == SYS_splice || nr == SYS_copy_file_range ||
	    nr == SYS_tee || nr == SYS_dup2 || nr == SYS_dup3)
		for (int k = 1; k < 3; k++)
			if (a[k] >= 0 && a[k] <= 2)
				a[k] += 100;
}

static long pick_nr(struct rng *r)
{
	static const long odd[] = {
		-1, 512, 513, 547, 1000, 0x40000000 | SYS_getpid, 0x40000000 | SYS_read,
		0x7fffffff, (long)0x80000000UL, (long)0xffffffffUL, 1L << 40, (long)(1UL << 63),
	};
	unsigned k = below(r, 100);
	long nr;

	/* Mostly real numbers: x86-64 has none in 335..423. */
	if (k < 94) {
		nr = (long)below(r, NR_MAX + 1 - (424 - 335));
		return nr < 335 ? nr : nr + (424 - 335);
	}
	if (k < 96)
		return 335 + (long)below(r, 424 - 335);
	if (k < 98)
		return NR_MAX + 1 + (long)below(r, 60);
	return odd[below(r, sizeof(odd) / sizeof(odd[0]))];
}

static char hexdig(unsigned v)
{
	return "0123456789abcdef"[v & 15];
}

/* "#index nr(a, b, c, d, e, f)" for a trace, without stdio (no TLS). */
static void trace_call(int fd, long i, long nr, const long *a)
{
	char line[256];
	int n = 0;
	long vals[7] = { nr, a[0], a[1], a[2], a[3], a[4], a[5] };

	line[n++] = '#';
	for (long v = i, d = 1000000; d; d /= 10)
		line[n++] = (char)('0' + v / d % 10);
	for (int k = 0; k < 7; k++) {
		line[n++] = k == 0 ? ' ' : k == 1 ? '(' : ',';
		line[n++] = '0';
		line[n++] = 'x';
		for (int s = 60; s >= 0; s -= 4)
			line[n++] = hexdig((unsigned)((unsigned long)vals[k] >> s));
	}
	line[n++] = ')';
	line[n++] = '\n';
	raw6(SYS_write, fd, (long)line, n, 0, 0, 0);
}

/* "  = value" after a traced call. */
static void trace_result(int fd, long ret)
{
	char line[32];
	int n = 0;

	line[n++] = ' ';
	line[n++] = '=';
	line[n++] = ' ';
	if (ret < 0 && ret > -4096) {
		line[n++] = '-';
		ret = -ret;
	}
	for (long d = 1000000000000000000L; d; d /= 10)
		if (ret / d || d == 1)
			line[n++] = (char)('0' + ret / d % 10);
	line[n++] = '\n';
	raw6(SYS_write, fd, (long)line, n, 0, 0, 0);
}

static uint64_t batch_seed(uint64_t seed, int lane, long batch)
{
	struct rng r = { seed ^ ((uint64_t)lane << 48) ^ (uint64_t)batch * 0x100000001b3ULL };

	return next(&r);
}

/* Give the small descriptors something to name (0, 1, ... once 0-2 are
 * closed): a file, a
 * directory, a non-blocking pipe, /proc and /dev files. What the kernel
 * lacks is simply not there. */
static void open_objects(void)
{
	int pipefd[2];
	long fd = raw6(SYS_open, (long)"a", 0102 /* O_RDWR | O_CREAT */, 0644, 0, 0, 0);

	raw6(SYS_write, fd, (long)rodata, sizeof(rodata), 0, 0, 0);
	raw6(SYS_mkdir, (long)"b", 0755, 0, 0, 0, 0);
	raw6(SYS_open, (long)".", 0200000 /* O_DIRECTORY */, 0, 0, 0, 0);
	raw6(SYS_pipe2, (long)pipefd, 04000 /* O_NONBLOCK */, 0, 0, 0, 0);
	raw6(SYS_open, (long)"/proc/self/status", 0, 0, 0, 0, 0);
	raw6(SYS_open, (long)"/dev/null", 02 /* O_RDWR */, 0, 0, 0, 0);
	raw6(SYS_open, (long)"/dev/zero", 0, 0, 0, 0, 0);
	raw6(SYS_symlink, (long)"a", (long)"link", 0, 0, 0, 0);
}

/* The body of a batch child: BATCH calls. Never returns. */
/* Results by kind, in memory shared by a lane and its batches (where
 * MAP_SHARED exists): the calls made, then how they ended. */
enum { ST_CALLS, ST_OK, ST_ENOSYS, ST_EFAULT, ST_EINVAL, ST_EBADF, ST_OTHER, ST_N };

static void count_result(long *stats, long ret)
{
	if (!stats)
		return;
	stats[ST_CALLS]++;
	if (ret >= 0 || ret < -4095)
		stats[ST_OK]++;
	else if (ret == -ENOSYS)
		stats[ST_ENOSYS]++;
	else if (ret == -EFAULT)
		stats[ST_EFAULT]++;
	else if (ret == -EINVAL)
		stats[ST_EINVAL]++;
	else if (ret == -EBADF)
		stats[ST_EBADF]++;
	else
		stats[ST_OTHER]++;
}

static void __attribute__((noreturn)) run_batch(uint64_t seed, int lane, long batch, int trace,
						long *stats)
{
	struct rng r = { batch_seed(seed, lane, batch) };
	char name[16] = "fz";
	int self = (int)raw6(SYS_getpid, 0, 0, 0, 0, 0, 0);
	int trace_fd = -1, mounts_ok = 1, std_open = 0;
	struct utsname_k { char f[6][65]; } uts;

	/* Our name says where we are: a kernel report names the batch. */
	snprintf(name, sizeof(name), "fz%d.%ld", lane, batch);
	raw6(SYS_prctl, 15 /* PR_SET_NAME */, (long)name, 0, 0, 0, 0);
	if (trace)	/* fd 999 if dup2 works, else fd 2 (then it stays open) */
		trace_fd = raw6(SYS_dup2, 2, TRACE_FD, 0, 0, 0, 0) == TRACE_FD ? TRACE_FD : 2;
	for (int fd = 0; fd < 3; fd++)
		if (fd != trace_fd && raw6(SYS_close, fd, 0, 0, 0, 0, 0) < 0)
			std_open = 1;
	/* On Linux (a developer's host): mounts made here stay here. */
	if (raw6(SYS_uname, (long)&uts, 0, 0, 0, 0, 0) == 0 && !strcmp(uts.f[0], "Linux"))
		mounts_ok = raw6(SYS_unshare, 0x00020000 /* CLONE_NEWNS */, 0, 0, 0, 0, 0) == 0 &&
			    raw6(SYS_mount, (long)"none", (long)"/", 0,
				 0x4000 | 0x40000 /* MS_REC | MS_PRIVATE */, 0, 0) == 0;
	snprintf(name, sizeof(name), "/tmp/fz%d", lane);
	raw6(SYS_mkdir, (long)"/tmp", 0777, 0, 0, 0, 0);
	raw6(SYS_mkdir, (long)name, 0777, 0, 0, 0, 0);
	raw6(SYS_chdir, (long)name, 0, 0, 0, 0, 0);
	for (size_t i = 0; i < sizeof(scratch); i += 8)
		*(uint64_t *)(scratch + i) = below(&r, 4) ? 0 : next(&r);
	open_objects();

	for (long i = 0; i < BATCH; i++) {
		long nr = pick_nr(&r), a[6];
		long ret;

		for (int k = 0; k < 6; k++)
			a[k] = arg(&r);
		if (tame(&r, nr, a, self, mounts_ok) == SKIP)
			continue;
		if (std_open)
			keep_off_console(nr, a);
		if (trace)
			trace_call(trace_fd, i, nr, a);
		ret = raw6(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		count_result(stats, ret);
		if (trace)
			trace_result(trace_fd, ret);
		if ((nr == SYS_fork || nr == SYS_clone) && ret == 0)
			raw6(SYS_exit, 0, 0, 0, 0, 0, 0);	/* a forked copy: leave */
		/* Reap it: no zombies are left for our exit to hand over (with
		 * no init, as in a ktest, that path takes tasklist_lock twice). */
		if ((nr == SYS_fork || nr == SYS_clone) && ret > 0)
			raw6(SYS_wait4, ret, 0, 0x40000000 /* __WALL */, 0, 0, 0);
	}
	raw6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
	__builtin_unreachable();
}

static volatile sig_atomic_t watchdog_fired;

static void on_alarm(int sig)
{
	(void)sig;
	watchdog_fired = 1;
}

struct lane_stats {
	long full, early, killed, stuck;
};

/* Wait for the batch child; SIGKILL it when the watchdog fires. Returns
 * 0, or -1 when it would not die (stuck in the kernel: a failure). */
static int reap_batch(pid_t pid, int lane, long batch, struct lane_stats *st)
{
	int status;

	watchdog_fired = 0;
	alarm(WATCHDOG_S);
	while (waitpid(pid, &status, 0) != pid) {
		if (errno != EINTR)
			return -1;
		if (watchdog_fired == 1) {
			kill(pid, SIGKILL);
			if (st->killed++ < 3)
				printf("fuzz: lane %d batch %ld: still running after %d s: killed\n",
				       lane, batch, WATCHDOG_S);
			watchdog_fired = 2;
			alarm(10);
		} else if (watchdog_fired == 2) {
			printf("UTEST FAIL fuzz: lane %d batch %ld: pid %d survives SIGKILL "
			       "for 10 s (stuck in the kernel)\n", lane, batch, pid);
			st->stuck++;
			alarm(0);
			return -1;
		}
	}
	alarm(0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		st->full++;
	else if (watchdog_fired != 2 && st->early++ < 3)
		printf("fuzz: lane %d batch %ld ended early: %s %d\n", lane, batch,
		       WIFSIGNALED(status) ? "signal" : "exit", WIFSIGNALED(status) ?
		       WTERMSIG(status) : WEXITSTATUS(status));
	return 0;
}

/* One lane: batches until `calls` calls were made, at most 4x the planned
 * batches. Exits 0, 1 on a stuck child, 2 when too few calls were made. */
static int run_lane(uint64_t seed, int lane, long calls, int verbose)
{
	struct lane_stats st = { 0 };
	long planned = (calls + BATCH - 1) / BATCH, batch;
	struct sigaction sa;
	long *stats = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (stats == MAP_FAILED)
		stats = NULL;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;			/* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	/* Until `calls` calls were made (counted in the shared page; without
	 * one, as full batches: a lower bound, since skipped calls count). */
	for (batch = 0; (stats ? stats[ST_CALLS] : st.full * BATCH) < calls &&
			batch < 4 * planned + 10; batch++) {
		pid_t pid = fork();

		if (pid == 0)
			run_batch(seed, lane, batch, 0, stats);
		if (pid < 0) {
			printf("fuzz: lane %d: fork: %s\n", lane, strerror(errno));
			sleep(1);
			continue;
		}
		if (reap_batch(pid, lane, batch, &st))
			return 1;
		if (batch % 100 == 99 || verbose)
			printf("fuzz: lane %d: batch %ld done\n", lane, batch);
	}
	printf("fuzz: lane %d: %ld batches: %ld ran to the end, %ld ended early, "
	       "%ld killed by the watchdog\n", lane, batch, st.full, st.early, st.killed);
	if (stats)
		printf("fuzz: lane %d: %ld calls made: %ld succeeded, ENOSYS %ld, EFAULT %ld, "
		       "EINVAL %ld, EBADF %ld, other errors %ld\n", lane, stats[ST_CALLS],
		       stats[ST_OK], stats[ST_ENOSYS], stats[ST_EFAULT], stats[ST_EINVAL],
		       stats[ST_EBADF], stats[ST_OTHER]);
	return (stats ? stats[ST_CALLS] : st.full * BATCH) < calls ? 2 : 0;
}

int main(int argc, char **argv)
{
	uint64_t seed = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	/* 40000 by default: utest's 60 s budget at 4 CPUs under TCG. */
	long count = argc > 2 ? strtol(argv[2], NULL, 0) : 40000;
	int lanes = argc > 3 ? atoi(argv[3]) : 4, failed = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (lanes < 1 || lanes > 64 || count < 1) {
		printf("usage: %s [SEED [COUNT [LANES [v | trace=LANE.BATCH]]]]\n", argv[0]);
		return 2;
	}
	if (argc > 4 && !strncmp(argv[4], "trace=", 6)) {
		int lane = atoi(argv[4] + 6);
		const char *dot = strchr(argv[4], '.');
		long batch = dot ? atol(dot + 1) : 0;
		pid_t pid;
		int status;

		printf("fuzz: seed %llu: tracing lane %d batch %ld\n",
		       (unsigned long long)seed, lane, batch);
		pid = fork();
		if (pid == 0)
			run_batch(seed, lane, batch, 1, NULL);
		waitpid(pid, &status, 0);
		printf("fuzz: batch ended with status %#x\n", status);
		return 0;
	}
	printf("fuzz: seed %llu, %ld calls in %d lanes of batches of %d\n",
	       (unsigned long long)seed, count, lanes, BATCH);
	for (int l = 0; l < lanes; l++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(run_lane(seed, l, (count + lanes - 1) / lanes,
				       argc > 4 && !strcmp(argv[4], "v")));
	}
	for (int l = 0; l < lanes; l++) {
		int status;

		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			failed++;
	}
	printf("fuzz: seed %llu, %ld calls or more made\n", (unsigned long long)seed, count);
	if (failed) {
		printf("UTEST FAIL fuzz: %d lanes failed (seed %llu)\n", failed,
		       (unsigned long long)seed);
		return 1;
	}
	printf("UTEST PASS fuzz\n");
	return 0;
}
