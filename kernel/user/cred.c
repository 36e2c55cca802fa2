/*
 * Credentials of the current task (see cred.h). Only the owner task
 * changes its own struct cred, so reading it needs no lock.
 */
#include "kernel/user/cred.h"
#include "kernel/sched/sched.h"

const struct cred *current_cred(void)
{
	return &current->cred;
}

bool capable_root(void)
{
	return current->cred.euid == 0;
}

bool capable_fs_root(void)
{
	return current->cred.fsuid == 0;
}

bool in_group_p(u32 gid)
{
	const struct cred *c = current_cred();

	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}
