/*
 * Disk quotas, per user: a hard limit on the blocks (pages, for tmpfs) and
 * inodes one uid may own on a superblock. A filesystem charges usage with
 * dquot_alloc_*() before it allocates and credits it back with
 * dquot_free_*(); a charge past a limit fails with -EDQUOT.
 *
 * The dquot_operations of the seed (write_dquot, acquire_dquot,
 * release_dquot, mark_dirty, write_info) are the filesystem's hooks around
 * the generic code; dquot_default_ops serves memory-only filesystems.
 *
 * Locks: qi->dqonoff_sem (mutex) around turning quotas on and off and
 * write_info; qi->dq_list_lock (spinlock) for the list of dquots and their
 * reference counts; each dquot's dq_dqb_lock (spinlock) for its usage.
 */
#ifndef FS_QUOTA_DQUOT_H
#define FS_QUOTA_DQUOT_H

#include "fs/vfs/fs.h"

struct dquot {
	struct list_head dq_list;	/* qi->dq_list_lock */
	kuid_t dq_id;			/* const */
	struct super_block *dq_sb;	/* const */
	spinlock_t dq_dqb_lock;
	u64 dq_curblocks;		/* dq_dqb_lock */
	u64 dq_curinodes;		/* dq_dqb_lock */
	u64 dq_bhardlimit;		/* dq_dqb_lock; 0 = none */
	u64 dq_ihardlimit;		/* dq_dqb_lock; 0 = none */
	bool dq_dirty;			/* dq_dqb_lock */
};

struct dquot_operations {
	int (*write_dquot)(struct dquot *dq);
	int (*acquire_dquot)(struct dquot *dq);
	int (*release_dquot)(struct dquot *dq);
	int (*mark_dirty)(struct dquot *dq);
	int (*write_info)(struct super_block *sb, int type);
};

struct quota_info {
	struct mutex dqonoff_sem;		/* quota on/off, write_info */
	spinlock_t dq_list_lock;
	struct list_head dq_list;		/* dq_list_lock: every dquot */
	const struct dquot_operations *dq_op;	/* const while enabled */
	u64 default_bhardlimit;			/* const while enabled */
	u64 default_ihardlimit;			/* const while enabled */
};

#define USRQUOTA 0

extern const struct dquot_operations dquot_default_ops;

/* Turn user quotas on for sb with default per-user limits (0 = none).
 * 0, -ENOMEM or -EBUSY (already on). May sleep. */
int dquot_enable(struct super_block *sb, const struct dquot_operations *ops,
		 u64 block_limit, u64 inode_limit);
/* Turn them off (umount): releases every dquot. May sleep. */
void dquot_disable(struct super_block *sb);

/* Charges against the owner of inode; no-ops when quotas are off. May
 * sleep (a new user's dquot is acquired on first use). */
int dquot_alloc_inode(struct inode *inode);
void dquot_free_inode(struct inode *inode);
int dquot_alloc_block(struct inode *inode, u64 nr);
void dquot_free_block(struct inode *inode, u64 nr);

/* One user's usage and limits; -ESRCH if that user has no dquot. */
int dquot_get_usage(struct super_block *sb, kuid_t id, u64 *blocks, u64 *inodes);

#endif
