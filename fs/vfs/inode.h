/*
 * The inode cache. An inode lives in its superblock's list and, once
 * hashed, in the inode hash (sb, ino). i_count counts references; the last
 * iput() asks ->drop_inode (under i_lock, as the rules say) whether to
 * keep it cached or evict it now; eviction calls ->evict_inode, then
 * ->destroy_inode and, after an RCU grace period, ->free_inode.
 *
 * Locks: inode_hash_lock (the hash), sb->s_inode_list_lock (an sb's list),
 * inode->i_lock (i_state, the final i_count drop, aliases).
 */
#ifndef FS_VFS_INODE_H
#define FS_VFS_INODE_H

#include "fs/vfs/fs.h"

void inode_init(void);

/* A new inode of sb, not hashed, i_count 1, i_nlink 1. NULL if no memory. */
struct inode *new_inode(struct super_block *sb);
/* The inode (sb, ino): from the cache, or a new locked one (I_NEW set)
 * that the caller fills and then passes to unlock_new_inode(). May sleep. */
struct inode *iget_locked(struct super_block *sb, u64 ino);
void unlock_new_inode(struct inode *inode);
/* Cache lookup only; NULL if absent. */
struct inode *ilookup(struct super_block *sb, u64 ino);
void insert_inode_hash(struct inode *inode);
void remove_inode_hash(struct inode *inode);

/* Give up on an I_NEW inode that could not be read: unhash it and drop it
 * (the caller returns an error). It is marked I_BAD: never written back,
 * evicted without ->evict_inode; waiters in iget_locked look again. */
void iget_failed(struct inode *inode);
static inline bool is_bad_inode(const struct inode *inode)
{
	return READ_ONCE(inode->i_state) & I_BAD;
}
/* A reference to inode unless it is being evicted (NULL then). Takes
 * i_lock; may be called under s_wb_lock. */
struct inode *igrab(struct inode *inode);

/*
 * Dirty inodes (fs/vfs/fs-writeback.c). __mark_inode_dirty records that
 * the in-memory inode differs from the disk (flags: I_DIRTY_SYNC,
 * I_DIRTY_DATASYNC, I_DIRTY_PAGES), calls ->dirty_inode, and puts it on its
 * superblock's dirty list; sync, fsync, unmount and the flusher write it
 * with ->write_inode. Any context that may sleep; no spinlock held.
 */
void __mark_inode_dirty(struct inode *inode, int flags);
static inline void mark_inode_dirty(struct inode *inode)
{
	__mark_inode_dirty(inode, I_DIRTY_INODE);
}
static inline void mark_inode_dirty_sync(struct inode *inode)
{
	__mark_inode_dirty(inode, I_DIRTY_SYNC);
}
/* Write the inode's dirty folios (and wait if sync), then the inode
 * itself through ->write_inode (WB_SYNC_ALL if sync). May sleep. */
int write_inode_now(struct inode *inode, int sync);
/* Only the inode (not its data): ->write_inode if it is dirty. */
int sync_inode_metadata(struct inode *inode, int wait);

struct writeback_control;
/* Does sb keep a dirty-inode list (a disk filesystem, or the bdev fs)? */
bool sb_has_writeback(const struct super_block *sb);
/* Write inode's dirty folios (none if wbc->nr_to_write is 0) and, if it is
 * dirty, the inode (->write_inode). Caller holds a reference (or is
 * evicting it). May sleep. */
int writeback_single_inode(struct inode *inode, struct writeback_control *wbc);
/* Write every inode on sb's dirty list once (only those first dirtied
 * before the jiffy older_than, unless it is 0); wait: WB_SYNC_ALL. */
int writeback_inodes_sb(struct super_block *sb, bool wait, u64 older_than);
/* sync's part: writeback_inodes_sb(wait), then every inode still dirty or
 * under writeback (one the flusher was writing meanwhile) written and
 * waited for. May sleep. */
int sync_inodes_sb(struct super_block *sb);
/* Take inode off its superblock's dirty list (eviction). */
void inode_wb_list_del(struct inode *inode);
unsigned long sb_nr_dirty_inodes(struct super_block *sb);

void ihold(struct inode *inode);
/* Drop a reference; may evict (may sleep). */
void iput(struct inode *inode);

/* ->drop_inode helpers: evict unless still linked / always evict. */
int generic_drop_inode(struct inode *inode);
int generic_delete_inode(struct inode *inode);
/* Evict every unused inode of sb (umount); returns how many are still busy. */
int evict_inodes(struct super_block *sb);
/* Free up to nr unused cached inodes (memory pressure). */
unsigned long shrink_icache(unsigned long nr);

void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode);
void set_nlink(struct inode *inode, unsigned nlink);
void inc_nlink(struct inode *inode);
void drop_nlink(struct inode *inode);
void clear_nlink(struct inode *inode);
void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev);
u64 get_next_ino(void);

/* Mode-bit check against the current task's fsuid/fsgid/groups, as
 * Linux's generic_permission (root bypasses all but exec of a file with
 * no x bit). -EACCES. Does not sleep. */
int generic_permission(struct inode *inode, int mask);
/* The caller owns inode (fsuid) or is root. */
bool inode_owner_or_capable(const struct inode *inode);
/* Default readlink on top of ->get_link. */
int vfs_readlink(struct dentry *dentry, char *buf, int buflen);

unsigned long icache_nr_inodes(void);

#endif
