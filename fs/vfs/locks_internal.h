/*
 * Private to the file-lock code: what fs/vfs/locks.c (lock contexts, POSIX
 * and flock locks, waiting, checked calls) and fs/vfs/leases.c share. The
 * locks these helpers expect (flc_lock, blocked_lock_lock) and their order
 * are described at the top of fs/vfs/locks.c.
 */
#ifndef FS_VFS_LOCKS_INTERNAL_H
#define FS_VFS_LOCKS_INTERNAL_H

#include "fs/vfs/locks.h"
#include "kernel/sync/lockdep.h"

static inline struct file_lock_context *locks_ctx(const struct inode *inode)
{
	return inode ? __atomic_load_n(&inode->i_flctx, __ATOMIC_ACQUIRE) : NULL;
}

static inline struct inode *fl_inode(const struct file_lock *fl)
{
	return fl->fl_file ? file_inode(fl->fl_file) : NULL;
}

static inline void locks_insert_lock(struct file_lock_context *ctx, struct list_head *where,
				     struct file_lock *fl)
{
	lockdep_assert_held(&ctx->flc_lock);
	list_add_tail(&fl->fl_list, where);
}

static inline bool locks_unblocked(struct file_lock *fl)
{
	return __atomic_load_n(&fl->fl_blocker, __ATOMIC_ACQUIRE) == NULL;
}

static inline bool locks_conflict(const struct file_lock *a, const struct file_lock *b)
{
	return a->fl_type == F_WRLCK || b->fl_type == F_WRLCK;
}

static inline bool lease_breaking(const struct file_lock *fl)
{
	return fl->fl_flags & (FL_UNLOCK_PENDING | FL_DOWNGRADE_PENDING);
}

/* The type the lease will have once its pending break is done. */
static inline int target_leasetype(const struct file_lock *fl)
{
	if (fl->fl_flags & FL_UNLOCK_PENDING)
		return F_UNLCK;
	if (fl->fl_flags & FL_DOWNGRADE_PENDING)
		return F_RDLCK;
	return fl->fl_type;
}

/* Checked calls (locks.c): each tells the rule checker the state of the
 * locks the seed's row names, then calls the operation. */
void call_lm_break(struct file_lock_context *ctx, struct file_lock *lease);
int call_lm_change(struct file_lock_context *ctx, struct file_lock **lease, int arg);
bool call_lm_breaker_owns_lease(struct file_lock_context *ctx, struct file_lock *lease);
int call_setlease(struct file *filp, long arg, struct file_lock **lease, void **priv);

/* inode's context, created unless type is F_UNLCK. NULL: none, or no
 * memory. No lock held. */
struct file_lock_context *locks_get_lock_context(struct inode *inode, int type);

/* Wake blocker's waiters (it changed or goes away). flc_lock held. */
void locks_wake_up_blocks(struct file_lock_context *ctx, struct file_lock *blocker);
/* Queue request behind blocker. blocker's flc_lock held. */
void locks_queue(struct file_lock *blocker, struct file_lock *request);
/* Run the queued ->lm_notify calls. No flc_lock held; after dropping it. */
void locks_run_notify(void);

#endif
