/*
 * Credential syscalls: get*id, set*id, getres*id, setres*id, setfs*id,
 * getgroups, setgroups — Linux's rules (kernel/sys.c), with "capable" read
 * as "effective uid 0" (cred.h: Lockstep has no capability sets).
 *
 * Rules, for an unprivileged caller: a new real, effective or saved id
 * must be one of the current real, effective or saved ids (setreuid is
 * stricter: the real id may only become the real or effective one). Root
 * may set anything. The filesystem ids follow the effective ids on every
 * change. The saved id follows the effective id when setreuid changes the
 * real id or sets the effective id to something other than the real one.
 *
 * Locking: only the owner task writes its struct cred (these syscalls act
 * on current only); other tasks read it without a lock (kill, /proc), so
 * each field is written with one store.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/cred.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "kernel/errno.h"

#define INVALID_ID	((u32)-1)

/* The current task's cred, for writing (owner only). */
static struct cred *cred_for_write(void)
{
	return &current->cred;
}

static long sys_getuid(void)  { return current_cred()->uid; }
static long sys_geteuid(void) { return current_cred()->euid; }
static long sys_getgid(void)  { return current_cred()->gid; }
static long sys_getegid(void) { return current_cred()->egid; }
SYSCALL_ENTRY(getuid, sys_getuid);
SYSCALL_ENTRY(geteuid, sys_geteuid);
SYSCALL_ENTRY(getgid, sys_getgid);
SYSCALL_ENTRY(getegid, sys_getegid);

/* Is id one of the three (real, effective, saved)? */
static bool one_of(u32 id, u32 r, u32 e, u32 s)
{
	return id == r || id == e || id == s;
}

/* ---- uids ---- */

static long sys_setuid(u32 uid)
{
	struct cred *c = cred_for_write();

	if (uid == INVALID_ID)
		return -EINVAL;
	if (capable_root()) {
		c->uid = c->suid = uid;
	} else if (uid != c->uid && uid != c->suid) {
		return -EPERM;
	}
	c->euid = c->fsuid = uid;
	return 0;
}
SYSCALL_ENTRY(setuid, sys_setuid);

static long sys_setreuid(u32 ruid, u32 euid)
{
	struct cred *c = cred_for_write();
	u32 old_ruid = c->uid, new_ruid = c->uid, new_euid = c->euid;

	if (ruid != INVALID_ID) {
		if (!capable_root() && ruid != c->uid && ruid != c->euid)
			return -EPERM;
		new_ruid = ruid;
	}
	if (euid != INVALID_ID) {
		if (!capable_root() && !one_of(euid, c->uid, c->euid, c->suid))
			return -EPERM;
		new_euid = euid;
	}
	if (ruid != INVALID_ID || (euid != INVALID_ID && euid != old_ruid))
		c->suid = new_euid;
	c->uid = new_ruid;
	c->euid = c->fsuid = new_euid;
	return 0;
}
SYSCALL_ENTRY(setreuid, sys_setreuid);

static long sys_setresuid(u32 ruid, u32 euid, u32 suid)
{
	struct cred *c = cred_for_write();

	if (!capable_root()) {
		if ((ruid != INVALID_ID && !one_of(ruid, c->uid, c->euid, c->suid)) ||
		    (euid != INVALID_ID && !one_of(euid, c->uid, c->euid, c->suid)) ||
		    (suid != INVALID_ID && !one_of(suid, c->uid, c->euid, c->suid)))
			return -EPERM;
	}
	if (ruid != INVALID_ID)
		c->uid = ruid;
	if (euid != INVALID_ID)
		c->euid = euid;
	if (suid != INVALID_ID)
		c->suid = suid;
	c->fsuid = c->euid;
	return 0;
}
SYSCALL_ENTRY(setresuid, sys_setresuid);

/* Three ids to user space, each its own copy (Linux's put_user order). */
static long put_three(u32 *ur, u32 *ue, u32 *us, u32 r, u32 e, u32 s)
{
	if (copy_to_user(ur, &r, sizeof(r)) || copy_to_user(ue, &e, sizeof(e)) ||
	    copy_to_user(us, &s, sizeof(s)))
		return -EFAULT;
	return 0;
}

static long sys_getresuid(u32 *ruid, u32 *euid, u32 *suid)
{
	const struct cred *c = current_cred();

	return put_three(ruid, euid, suid, c->uid, c->euid, c->suid);
}
SYSCALL_ENTRY(getresuid, sys_getresuid);

/* setfsuid: always returns the old fsuid; changes it only when allowed
 * (root, or one of real/effective/saved/fs uid). -1 just asks. */
static long sys_setfsuid(u32 uid)
{
	struct cred *c = cred_for_write();
	u32 old = c->fsuid;

	if (uid == INVALID_ID)
		return old;
	if (capable_root() || one_of(uid, c->uid, c->euid, c->suid) || uid == c->fsuid)
		c->fsuid = uid;
	return old;
}
SYSCALL_ENTRY(setfsuid, sys_setfsuid);

/* ---- gids (the same rules; "capable" is still euid 0) ---- */

static long sys_setgid(u32 gid)
{
	struct cred *c = cred_for_write();

	if (gid == INVALID_ID)
		return -EINVAL;
	if (capable_root()) {
		c->gid = c->sgid = gid;
	} else if (gid != c->gid && gid != c->sgid) {
		return -EPERM;
	}
	c->egid = c->fsgid = gid;
	return 0;
}
SYSCALL_ENTRY(setgid, sys_setgid);

static long sys_setregid(u32 rgid, u32 egid)
{
	struct cred *c = cred_for_write();
	u32 old_rgid = c->gid, new_rgid = c->gid, new_egid = c->egid;

	if (rgid != INVALID_ID) {
		if (!capable_root() && rgid != c->gid && rgid != c->egid)
			return -EPERM;
		new_rgid = rgid;
	}
	if (egid != INVALID_ID) {
		if (!capable_root() && !one_of(egid, c->gid, c->egid, c->sgid))
			return -EPERM;
		new_egid = egid;
	}
	if (rgid != INVALID_ID || (egid != INVALID_ID && egid != old_rgid))
		c->sgid = new_egid;
	c->gid = new_rgid;
	c->egid = c->fsgid = new_egid;
	return 0;
}
SYSCALL_ENTRY(setregid, sys_setregid);

static long sys_setresgid(u32 rgid, u32 egid, u32 sgid)
{
	struct cred *c = cred_for_write();

	if (!capable_root()) {
		if ((rgid != INVALID_ID && !one_of(rgid, c->gid, c->egid, c->sgid)) ||
		    (egid != INVALID_ID && !one_of(egid, c->gid, c->egid, c->sgid)) ||
		    (sgid != INVALID_ID && !one_of(sgid, c->gid, c->egid, c->sgid)))
			return -EPERM;
	}
	if (rgid != INVALID_ID)
		c->gid = rgid;
	if (egid != INVALID_ID)
		c->egid = egid;
	if (sgid != INVALID_ID)
		c->sgid = sgid;
	c->fsgid = c->egid;
	return 0;
}
SYSCALL_ENTRY(setresgid, sys_setresgid);

static long sys_getresgid(u32 *rgid, u32 *egid, u32 *sgid)
{
	const struct cred *c = current_cred();

	return put_three(rgid, egid, sgid, c->gid, c->egid, c->sgid);
}
SYSCALL_ENTRY(getresgid, sys_getresgid);

static long sys_setfsgid(u32 gid)
{
	struct cred *c = cred_for_write();
	u32 old = c->fsgid;

	if (gid == INVALID_ID)
		return old;
	if (capable_root() || one_of(gid, c->gid, c->egid, c->sgid) || gid == c->fsgid)
		c->fsgid = gid;
	return old;
}
SYSCALL_ENTRY(setfsgid, sys_setfsgid);

/* ---- supplementary groups ---- */

/* getgroups(0, _) returns the count; a smaller non-zero size is -EINVAL. */
static long sys_getgroups(int size, u32 *list)
{
	const struct cred *c = current_cred();
	int n = c->ngroups;

	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return n;
	if (size < n)
		return -EINVAL;
	if (copy_to_user(list, c->groups, n * sizeof(u32)))
		return -EFAULT;
	return n;
}
SYSCALL_ENTRY(getgroups, sys_getgroups);

/* Root only; at most NGROUPS_MAX (32 here, Linux allows 65536: -EINVAL
 * beyond ours). The list is kept sorted, as Linux keeps it. */
static long sys_setgroups(int size, const u32 *list)
{
	struct cred *c = cred_for_write();
	u32 groups[NGROUPS_MAX];

	if (!capable_root())
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (size && copy_from_user(groups, list, size * sizeof(u32)))
		return -EFAULT;
	for (int i = 1; i < size; i++)		/* insertion sort: tiny */
		for (int j = i; j > 0 && groups[j - 1] > groups[j]; j--) {
			u32 t = groups[j];

			groups[j] = groups[j - 1];
			groups[j - 1] = t;
		}
	c->ngroups = 0;
	for (int i = 0; i < size; i++)
		c->groups[i] = groups[i];
	c->ngroups = size;
	return 0;
}
SYSCALL_ENTRY(setgroups, sys_setgroups);
