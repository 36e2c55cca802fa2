/*
 * Scheduler syscalls: sched_yield, sched_getaffinity/sched_setaffinity,
 * getcpu, and the policy queries (every task is SCHED_OTHER with static
 * priority 0; nothing else can be set: -EPERM or -EINVAL as Linux says
 * for a caller without CAP_SYS_NICE).
 *
 * Affinity is reported, not changed: sched_getaffinity gives the online
 * CPUs the task may run on (musl's sysconf(_SC_NPROCESSORS_ONLN) counts
 * them); sched_setaffinity accepts a mask that contains an online CPU and
 * leaves the task where it is (the scheduler has no migration on demand).
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/process.h"
#include "kernel/sched/sched.h"
#include "kernel/cpu/percpu.h"
#include "kernel/errno.h"

#define SCHED_OTHER	0
#define SCHED_FIFO	1
#define SCHED_RR	2
#define SCHED_BATCH	3
#define SCHED_IDLE	5

#define CPUMASK_BYTES	sizeof(u64)	/* MAX_CPUS <= 64 */

static long sys_sched_yield(void)
{
	yield();
	return 0;
}
SYSCALL_ENTRY(sched_yield, sys_sched_yield);

static u64 online_mask(void)
{
	u64 m = 0;

	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
		if (cpu_data[cpu] && READ_ONCE(cpu_data[cpu]->online))
			m |= 1ULL << cpu;
	return m;
}

/* pid 0 is the caller; otherwise the task must exist (-ESRCH). The
 * allowed mask of t, read under tasklist_lock. */
static long task_allowed_mask(int pid, u64 *mask)
{
	struct task_struct *t;
	unsigned long flags;
	long err = 0;

	if (pid < 0)
		return -EINVAL;
	if (pid == 0) {
		*mask = current->cpus_allowed;
		return 0;
	}
	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_task_by_pid(pid);
	if (t)
		*mask = t->cpus_allowed;
	else
		err = -ESRCH;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return err;
}

/* Returns the bytes written (8), as the raw syscall does. */
static long sys_sched_getaffinity(int pid, unsigned len, u64 *umask)
{
	u64 mask;
	long err;

	if (len * 8 < MAX_CPUS || (len & (sizeof(long) - 1)))
		return -EINVAL;
	err = task_allowed_mask(pid, &mask);
	if (err)
		return err;
	mask &= online_mask();
	if (copy_to_user(umask, &mask, CPUMASK_BYTES))
		return -EFAULT;
	return CPUMASK_BYTES;
}
SYSCALL_ENTRY(sched_getaffinity, sys_sched_getaffinity);

static long sys_sched_setaffinity(int pid, unsigned len, const u64 *umask)
{
	u64 mask = 0, allowed;
	long err;

	if (copy_from_user(&mask, umask, len < CPUMASK_BYTES ? len : CPUMASK_BYTES))
		return -EFAULT;
	err = task_allowed_mask(pid, &allowed);
	if (err)
		return err;
	if (!(mask & online_mask()))
		return -EINVAL;
	return 0;
}
SYSCALL_ENTRY(sched_setaffinity, sys_sched_setaffinity);

static long sys_getcpu(unsigned *ucpu, unsigned *unode, void *cache)
{
	unsigned cpu = smp_processor_id(), node = 0;

	if (ucpu && copy_to_user(ucpu, &cpu, sizeof(cpu)))
		return -EFAULT;
	if (unode && copy_to_user(unode, &node, sizeof(node)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(getcpu, sys_getcpu);

static long sys_sched_getscheduler(int pid)
{
	u64 mask;

	return task_allowed_mask(pid, &mask) ?: SCHED_OTHER;
}
SYSCALL_ENTRY(sched_getscheduler, sys_sched_getscheduler);

static long sys_sched_getparam(int pid, int *uparam)
{
	int prio = 0;
	u64 mask;
	long err;

	if (!uparam)
		return -EINVAL;
	err = task_allowed_mask(pid, &mask);
	if (err)
		return err;
	return copy_to_user(uparam, &prio, sizeof(prio));
}
SYSCALL_ENTRY(sched_getparam, sys_sched_getparam);

/* Only what is already so: SCHED_OTHER/BATCH/IDLE with priority 0. */
static long check_policy(int policy, const int *uparam)
{
	int prio;

	if (!uparam)
		return -EINVAL;
	if (copy_from_user(&prio, uparam, sizeof(prio)))
		return -EFAULT;
	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return prio >= 1 && prio <= 99 ? -EPERM : -EINVAL;
	if (policy != SCHED_OTHER && policy != SCHED_BATCH && policy != SCHED_IDLE)
		return -EINVAL;
	return prio == 0 ? 0 : -EINVAL;
}

static long sys_sched_setscheduler(int pid, int policy, const int *uparam)
{
	u64 mask;
	long err;

	if (pid < 0 || policy < 0)
		return -EINVAL;
	err = check_policy(policy, uparam);
	return err ? err : task_allowed_mask(pid, &mask);
}
SYSCALL_ENTRY(sched_setscheduler, sys_sched_setscheduler);

static long sys_sched_setparam(int pid, const int *uparam)
{
	u64 mask;
	long err;

	if (pid < 0)
		return -EINVAL;
	err = check_policy(SCHED_OTHER, uparam);
	return err ? err : task_allowed_mask(pid, &mask);
}
SYSCALL_ENTRY(sched_setparam, sys_sched_setparam);

static long sys_sched_get_priority_max(int policy)
{
	if (policy == SCHED_FIFO || policy == SCHED_RR)
		return 99;
	if (policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE)
		return 0;
	return -EINVAL;
}
SYSCALL_ENTRY(sched_get_priority_max, sys_sched_get_priority_max);

static long sys_sched_get_priority_min(int policy)
{
	long max = sys_sched_get_priority_max(policy);

	return max > 0 ? 1 : max;
}
SYSCALL_ENTRY(sched_get_priority_min, sys_sched_get_priority_min);

/* The round-robin slice: SCHED_SLICE_TICKS. */
static long sys_sched_rr_get_interval(int pid, long *uts)
{
	long ts[2] = { 0, SCHED_SLICE_TICKS * (1000000000L / 100) };
	u64 mask;
	long err = task_allowed_mask(pid, &mask);

	if (err)
		return err;
	return copy_to_user(uts, ts, sizeof(ts));
}
SYSCALL_ENTRY(sched_rr_get_interval, sys_sched_rr_get_interval);
