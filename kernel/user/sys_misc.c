/*
 * Small process syscalls that fit nowhere else: sysinfo, prctl (the
 * name, dumpable, no_new_privs), personality (Linux only), and the robust
 * futex list registration (accepted and remembered nowhere: there are no
 * threads and no futexes yet; get_robust_list reports an empty list).
 * rseq is not implemented (-ENOSYS, which glibc and musl accept).
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/uaccess.h"
#include "kernel/user/process.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/time.h"
#include "kernel/errno.h"
#include "mm/page_alloc.h"
#include "kernel/boot/layout.h"

struct sysinfo_k {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	u32 pad2;
	unsigned long totalhigh, freehigh;
	u32 mem_unit;
	char _f[4];
};
_Static_assert(sizeof(struct sysinfo_k) == 112, "struct sysinfo layout");

/* Load averages are not computed: zero. */
static long sys_sysinfo(struct sysinfo_k *uinfo)
{
	struct sysinfo_k si = {
		.uptime = ktime_get_ns() / NSEC_PER_SEC,
		.totalram = totalram_pages() * PAGE_SIZE,
		.freeram = nr_free_pages() * PAGE_SIZE,
		.procs = (u16)nr_tasks(),
		.mem_unit = 1,
	};

	return copy_to_user(uinfo, &si, sizeof(si));
}
SYSCALL_ENTRY(sysinfo, sys_sysinfo);

#define PR_SET_PDEATHSIG	1
#define PR_GET_PDEATHSIG	2
#define PR_GET_DUMPABLE		3
#define PR_SET_DUMPABLE		4
#define PR_SET_NAME		15
#define PR_GET_NAME		16
#define PR_SET_NO_NEW_PRIVS	38
#define PR_GET_NO_NEW_PRIVS	39

/* The name (comm) is read by others under task_lock. */
static long prctl_set_name(const char *uname)
{
	char name[TASK_COMM_LEN] = { 0 };
	long n = strncpy_from_user(name, uname, sizeof(name));

	/* A longer name is cut to 15 bytes, as Linux does. */
	if (n < 0 && n != -ENAMETOOLONG)
		return -EFAULT;
	name[sizeof(name) - 1] = 0;
	task_lock(current);
	memcpy(current->comm, name, sizeof(name));
	task_unlock(current);
	return 0;
}

static long prctl_get_name(char *uname)
{
	char name[TASK_COMM_LEN];

	task_lock(current);
	memcpy(name, current->comm, sizeof(name));
	task_unlock(current);
	name[sizeof(name) - 1] = 0;
	return copy_to_user(uname, name, sizeof(name));
}

/* Without core dumps or setuid executables, "dumpable" is always 1 and
 * no_new_privs changes nothing that exists; both are accepted. The
 * parent-death signal has no place to live yet: 0 is accepted, others
 * are -EINVAL. Anything else: -EINVAL, as Linux for an unknown option. */
static long sys_prctl(int option, unsigned long arg2, unsigned long arg3,
		      unsigned long arg4, unsigned long arg5)
{
	int zero = 0;

	switch (option) {
	case PR_SET_NAME:
		return prctl_set_name((const char *)arg2);
	case PR_GET_NAME:
		return prctl_get_name((char *)arg2);
	case PR_GET_DUMPABLE:
		return 1;
	case PR_SET_DUMPABLE:
		return arg2 <= 1 ? 0 : -EINVAL;
	case PR_SET_NO_NEW_PRIVS:
		return arg2 == 1 && !arg3 && !arg4 && !arg5 ? 0 : -EINVAL;
	case PR_GET_NO_NEW_PRIVS:
		return arg2 || arg3 || arg4 || arg5 ? -EINVAL : 0;
	case PR_SET_PDEATHSIG:
		return arg2 == 0 ? 0 : -EINVAL;
	case PR_GET_PDEATHSIG:
		return copy_to_user((int *)arg2, &zero, sizeof(zero));
	default:
		return -EINVAL;
	}
}
SYSCALL_ENTRY(prctl, sys_prctl);

#define PER_LINUX	0

/* Only PER_LINUX exists: a query (0xffffffff) or setting PER_LINUX
 * returns it; any other persona is -EINVAL. */
static long sys_personality(unsigned int persona)
{
	if (persona == 0xffffffffu || persona == PER_LINUX)
		return PER_LINUX;
	return -EINVAL;
}
SYSCALL_ENTRY(personality, sys_personality);

#define ROBUST_LIST_HEAD_SIZE	24	/* struct robust_list_head on x86-64 */

static long sys_set_robust_list(void *head, size_t len)
{
	return len == ROBUST_LIST_HEAD_SIZE ? 0 : -EINVAL;
}
SYSCALL_ENTRY(set_robust_list, sys_set_robust_list);

static long sys_get_robust_list(int pid, void **uhead, size_t *ulen)
{
	void *head = NULL;
	size_t len = ROBUST_LIST_HEAD_SIZE;
	unsigned long flags;
	bool found;

	if (pid < 0)
		return -EINVAL;
	if (pid) {
		spin_lock_irqsave(&tasklist_lock, flags);
		found = find_task_by_pid(pid) != NULL;
		spin_unlock_irqrestore(&tasklist_lock, flags);
		if (!found)
			return -ESRCH;
	}
	if (copy_to_user(ulen, &len, sizeof(len)) || copy_to_user(uhead, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}
SYSCALL_ENTRY(get_robust_list, sys_get_robust_list);
