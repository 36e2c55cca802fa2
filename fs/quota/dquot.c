/*
 * The generic quota code. A dquot exists per (superblock, uid) while that
 * user owns something there; it is created on first charge through
 * ->acquire_dquot and written through ->write_dquot / ->mark_dirty. Every
 * dquot_operations call goes through a checked wrapper below.
 *
 * Lock order: dqonoff_sem > dq_list_lock > dq_dqb_lock. The filesystem
 * hooks are called with dqonoff_sem held (acquire, release, write_dquot at
 * disable, write_info) or with no quota lock (mark_dirty), as the seed's
 * table says, and never under a spinlock.
 */
#include "fs/quota/dquot.h"
#include "fs/lockrules/lockrules.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/slab.h"

static struct lock_class_key dqonoff_key, dq_list_key, dqb_key;

/* ------------------------------------------------ checked hook calls */

#define DQ_CALL(op, ...) ({						\
	struct lr_observed __o = { 0 };					\
	lockrule_check(LR_OP_dquot_##op, &__o);				\
	ops->op(__VA_ARGS__);						\
})

static int call_write_dquot(const struct dquot_operations *ops, struct dquot *dq)
{
	return ops->write_dquot ? DQ_CALL(write_dquot, dq) : 0;
}

static int call_acquire_dquot(const struct dquot_operations *ops, struct dquot *dq)
{
	return ops->acquire_dquot ? DQ_CALL(acquire_dquot, dq) : 0;
}

static int call_release_dquot(const struct dquot_operations *ops, struct dquot *dq)
{
	return ops->release_dquot ? DQ_CALL(release_dquot, dq) : 0;
}

static int call_mark_dirty(const struct dquot_operations *ops, struct dquot *dq)
{
	return ops->mark_dirty ? DQ_CALL(mark_dirty, dq) : 0;
}

static int call_write_info(const struct dquot_operations *ops, struct super_block *sb)
{
	return ops->write_info ? DQ_CALL(write_info, sb, USRQUOTA) : 0;
}

/* ------------------------------------------------ default operations */

/* A memory-only filesystem keeps nothing on disk: acquiring sets the
 * default limits, writing just marks the dquot clean. */
static int default_acquire(struct dquot *dq)
{
	struct quota_info *qi = dq->dq_sb->s_dquot;

	spin_lock(&dq->dq_dqb_lock);
	dq->dq_bhardlimit = qi->default_bhardlimit;
	dq->dq_ihardlimit = qi->default_ihardlimit;
	spin_unlock(&dq->dq_dqb_lock);
	return 0;
}

static int default_write(struct dquot *dq)
{
	spin_lock(&dq->dq_dqb_lock);
	dq->dq_dirty = false;
	spin_unlock(&dq->dq_dqb_lock);
	return 0;
}

static int default_mark_dirty(struct dquot *dq)
{
	spin_lock(&dq->dq_dqb_lock);
	dq->dq_dirty = true;
	spin_unlock(&dq->dq_dqb_lock);
	return 0;
}

static int default_release(struct dquot *dq)
{
	return 0;
}

static int default_write_info(struct super_block *sb, int type)
{
	return 0;
}

const struct dquot_operations dquot_default_ops = {
	.write_dquot = default_write,
	.acquire_dquot = default_acquire,
	.release_dquot = default_release,
	.mark_dirty = default_mark_dirty,
	.write_info = default_write_info,
};

/* ------------------------------------------------ on and off */

int dquot_enable(struct super_block *sb, const struct dquot_operations *ops,
		 u64 block_limit, u64 inode_limit)
{
	struct quota_info *qi;

	might_sleep();
	if (sb->s_dquot)
		return -EBUSY;
	qi = kzalloc(sizeof(*qi), GFP_KERNEL);
	if (!qi)
		return -ENOMEM;
	__mutex_init(&qi->dqonoff_sem, "&qi->dqonoff_sem", &dqonoff_key, __FILE__, __LINE__);
	__spin_lock_init(&qi->dq_list_lock, "&qi->dq_list_lock", &dq_list_key, __FILE__, __LINE__);
	INIT_LIST_HEAD(&qi->dq_list);
	qi->dq_op = ops;
	qi->default_bhardlimit = block_limit;
	qi->default_ihardlimit = inode_limit;
	mutex_lock(&qi->dqonoff_sem);
	call_write_info(ops, sb);
	mutex_unlock(&qi->dqonoff_sem);
	sb->s_dquot = qi;
	return 0;
}

/* At umount, when nothing else uses the superblock. */
void dquot_disable(struct super_block *sb)
{
	struct quota_info *qi = sb->s_dquot;
	struct dquot *dq, *tmp;

	might_sleep();
	if (!qi)
		return;
	mutex_lock(&qi->dqonoff_sem);
	list_for_each_entry_safe(dq, tmp, &qi->dq_list, dq_list) {
		if (dq->dq_dirty)
			call_write_dquot(qi->dq_op, dq);
		call_release_dquot(qi->dq_op, dq);
		list_del(&dq->dq_list);
		kfree(dq);
	}
	call_write_info(qi->dq_op, sb);
	mutex_unlock(&qi->dqonoff_sem);
	sb->s_dquot = NULL;
	kfree(qi);
}

/* ------------------------------------------------ charging */

static struct dquot *dquot_find(struct quota_info *qi, kuid_t id)
{
	struct dquot *dq;

	lockdep_assert_held(&qi->dq_list_lock);
	list_for_each_entry(dq, &qi->dq_list, dq_list)
		if (dq->dq_id == id)
			return dq;
	return NULL;
}

/* The dquot of (sb, id), created and acquired on first use. Takes
 * dqonoff_sem to create one. NULL when out of memory. */
static struct dquot *dqget(struct super_block *sb, kuid_t id)
{
	struct quota_info *qi = sb->s_dquot;
	struct dquot *dq, *fresh;

	might_sleep();
	spin_lock(&qi->dq_list_lock);
	dq = dquot_find(qi, id);
	spin_unlock(&qi->dq_list_lock);
	if (dq)
		return dq;
	fresh = kzalloc(sizeof(*fresh), GFP_KERNEL);
	if (!fresh)
		return NULL;
	fresh->dq_id = id;
	fresh->dq_sb = sb;
	__spin_lock_init(&fresh->dq_dqb_lock, "&dquot->dq_dqb_lock", &dqb_key, __FILE__, __LINE__);
	mutex_lock(&qi->dqonoff_sem);
	spin_lock(&qi->dq_list_lock);
	dq = dquot_find(qi, id);
	spin_unlock(&qi->dq_list_lock);
	if (!dq) {
		call_acquire_dquot(qi->dq_op, fresh);
		spin_lock(&qi->dq_list_lock);
		list_add_tail(&fresh->dq_list, &qi->dq_list);
		spin_unlock(&qi->dq_list_lock);
		dq = fresh;
		fresh = NULL;
	}
	mutex_unlock(&qi->dqonoff_sem);
	kfree(fresh);
	return dq;
}

/* Add delta to a usage counter unless it would pass limit. */
static int dquot_charge(struct inode *inode, bool inodes, u64 nr)
{
	struct dquot *dq;
	int err = 0;

	might_sleep();
	if (!inode->i_sb->s_dquot || !nr)
		return 0;
	dq = dqget(inode->i_sb, inode->i_uid);
	if (!dq)
		return -ENOMEM;
	spin_lock(&dq->dq_dqb_lock);
	u64 *cur = inodes ? &dq->dq_curinodes : &dq->dq_curblocks;
	u64 limit = inodes ? dq->dq_ihardlimit : dq->dq_bhardlimit;
	if (limit && *cur + nr > limit)
		err = -EDQUOT;
	else
		*cur += nr;
	spin_unlock(&dq->dq_dqb_lock);
	if (!err)
		call_mark_dirty(inode->i_sb->s_dquot->dq_op, dq);
	return err;
}

static void dquot_credit(struct inode *inode, bool inodes, u64 nr)
{
	struct dquot *dq;

	if (!inode->i_sb->s_dquot || !nr)
		return;
	dq = dqget(inode->i_sb, inode->i_uid);
	if (!dq)
		return;
	spin_lock(&dq->dq_dqb_lock);
	u64 *cur = inodes ? &dq->dq_curinodes : &dq->dq_curblocks;
	*cur = *cur >= nr ? *cur - nr : 0;
	spin_unlock(&dq->dq_dqb_lock);
	call_mark_dirty(inode->i_sb->s_dquot->dq_op, dq);
}

int dquot_alloc_inode(struct inode *inode)
{
	return dquot_charge(inode, true, 1);
}

void dquot_free_inode(struct inode *inode)
{
	dquot_credit(inode, true, 1);
}

int dquot_alloc_block(struct inode *inode, u64 nr)
{
	return dquot_charge(inode, false, nr);
}

void dquot_free_block(struct inode *inode, u64 nr)
{
	dquot_credit(inode, false, nr);
}

int dquot_get_usage(struct super_block *sb, kuid_t id, u64 *blocks, u64 *inodes)
{
	struct quota_info *qi = sb->s_dquot;
	struct dquot *dq;

	if (!qi)
		return -ESRCH;
	spin_lock(&qi->dq_list_lock);
	dq = dquot_find(qi, id);
	if (dq) {
		spin_lock(&dq->dq_dqb_lock);
		*blocks = dq->dq_curblocks;
		*inodes = dq->dq_curinodes;
		spin_unlock(&dq->dq_dqb_lock);
	}
	spin_unlock(&qi->dq_list_lock);
	return dq ? 0 : -ESRCH;
}
