/*
 * Small syscalls about the process itself: exit, arch_prctl,
 * set_tid_address, uname. Process context, IRQs on; every user pointer
 * goes through kernel/user/uaccess.h.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/process.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "kernel/cpu/x86.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "mm/mm.h"

#define ARCH_SET_FS	0x1002
#define ARCH_GET_FS	0x1003

static long sys_set_tid_address(int *tidptr)
{
	return current->pid;		/* no threads yet: nothing to clear at exit */
}

static long sys_arch_prctl(int code, unsigned long addr)
{
	if (code != ARCH_SET_FS)
		return -EINVAL;
	if (addr >= USER_TOP)
		return -EPERM;
	current->fsbase = addr;
	wrmsr(MSR_FS_BASE, addr);	/* preemption after this reloads it anyway */
	return 0;
}

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

static long sys_uname(void *ubuf)
{
	static const struct new_utsname uts = {
		.sysname = "Lockstep", .nodename = "lockstep", .release = "0.1",
		.version = "#1", .machine = "x86_64", .domainname = "(none)",
	};

	return copy_to_user(ubuf, &uts, sizeof(uts));
}

SYSCALL_ENTRY(arch_prctl, sys_arch_prctl);
SYSCALL_ENTRY(set_tid_address, sys_set_tid_address);
SYSCALL_ENTRY(uname, sys_uname);
