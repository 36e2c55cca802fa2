/*
 * Credentials: who a process is. Each task carries its own struct cred
 * (a process is one task); fork copies it, the set*id syscalls change it
 * on the owner task only. File permission checks use the filesystem ids
 * (fsuid/fsgid, which follow the effective ids); kill(2) uses the real and
 * effective ids. Kernel threads are root (all zero).
 */
#ifndef KERNEL_USER_CRED_H
#define KERNEL_USER_CRED_H

#include "kernel/types.h"

#define NGROUPS_MAX	32

struct cred {
	u32 uid, euid, suid, fsuid;	/* owner task writes */
	u32 gid, egid, sgid, fsgid;	/* owner task writes */
	int ngroups;			/* owner task writes */
	u32 groups[NGROUPS_MAX];	/* supplementary groups */
};

/* The current task's credentials (never NULL). */
const struct cred *current_cred(void);
/* Root, as Linux's capability checks see it here: effective uid 0.
 * (Lockstep has no capability sets; every CAP_* check is "euid == 0".) */
bool capable_root(void);
/* Root for file access (DAC override): fsuid 0. */
bool capable_fs_root(void);
/* True when the current task's fsgid or a supplementary group is gid. */
bool in_group_p(u32 gid);

#endif
