/*
 * getrandom(2), and the kernel's random bytes behind it: xoshiro256**
 * seeded from RDRAND when the CPU has it, else from the TSC and the
 * wall clock, with the TSC stirred in at every call. Good for tests,
 * hash seeds and ASLR-like uses; not a cryptographic generator (a
 * teaching kernel: named so, here and in the README).
 *
 * Locking: random_lock (IRQ-safe spinlock) guards the state. User memory
 * is written in chunks after the lock is dropped.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/signal.h"
#include "kernel/sched/sched.h"
#include "kernel/time/clock.h"
#include "kernel/cpu/x86.h"
#include "kernel/sync/spinlock.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"

#define GRND_NONBLOCK	0x0001
#define GRND_RANDOM	0x0002
#define GRND_INSECURE	0x0004

#define CHUNK		256
#define MAX_COUNT	0x7ffff000UL	/* Linux's MAX_RW_COUNT */

static DEFINE_SPINLOCK(random_lock);
static u64 state[4];			/* random_lock */
static bool seeded;			/* random_lock */

static u64 rotl(u64 x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static u64 splitmix64(u64 *x)
{
	u64 z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static bool cpu_has_rdrand(void)
{
	u32 a, b, c, d;

	cpuid(1, 0, &a, &b, &c, &d);
	return c & (1u << 30);
}

/* One RDRAND value, or 0 when the CPU gave none. */
static u64 rdrand64(void)
{
	u64 v;
	u8 ok;

	for (int i = 0; i < 10; i++) {
		__asm__ volatile("rdrand %0; setc %1" : "=r"(v), "=qm"(ok));
		if (ok)
			return v;
	}
	return 0;
}

/* random_lock held. */
static void random_seed_locked(void)
{
	u64 x = rdtsc() ^ ktime_get_real_ns();

	if (cpu_has_rdrand())
		x ^= rdrand64();
	for (int i = 0; i < 4; i++)
		state[i] = splitmix64(&x);
	seeded = true;
}

/* xoshiro256**; random_lock held. */
static u64 random_next_locked(void)
{
	u64 result = rotl(state[1] * 5, 7) * 9;
	u64 t = state[1] << 17;

	state[2] ^= state[0];
	state[3] ^= state[1];
	state[1] ^= state[2];
	state[0] ^= state[3];
	state[2] ^= t;
	state[3] = rotl(state[3], 45);
	return result;
}

/* Fill buf with len random bytes. Any context. */
static void get_random_bytes(void *buf, size_t len)
{
	unsigned long flags;
	u8 *p = buf;

	spin_lock_irqsave(&random_lock, flags);
	if (!seeded)
		random_seed_locked();
	state[0] ^= rdtsc();
	while (len) {
		u64 v = random_next_locked();
		size_t n = len < sizeof(v) ? len : sizeof(v);

		memcpy(p, &v, n);
		p += n;
		len -= n;
	}
	spin_unlock_irqrestore(&random_lock, flags);
}

/* Never blocks (the generator is always ready). A signal after the first
 * chunk ends a long request early with the bytes so far, as Linux. */
static long sys_getrandom(u8 *ubuf, size_t count, unsigned flags)
{
	u8 chunk[CHUNK];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (count > MAX_COUNT)
		count = MAX_COUNT;
	while (done < count) {
		size_t n = count - done < CHUNK ? count - done : CHUNK;

		if (done && signal_pending(current))
			break;
		get_random_bytes(chunk, n);
		if (copy_to_user(ubuf + done, chunk, n))
			return done ? (long)done : -EFAULT;
		done += n;
	}
	memset(chunk, 0, sizeof(chunk));
	return done;
}
SYSCALL_ENTRY(getrandom, sys_getrandom);
