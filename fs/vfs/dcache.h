/*
 * The dentry cache: every name the VFS has looked up, positive (with an
 * inode) or negative (known not to exist), in a tree mirroring the
 * directories and a hash table keyed by (parent, name).
 *
 * Locks: each dentry's d_lock (its count, flags, inode, children list);
 * dcache_hash_lock (hash chains; readers use RCU); dcache_lru_lock (the
 * LRU of unused dentries); rename_lock, a seqlock whose write side is held
 * while any dentry's name or parent changes, so a lockless lookup can tell
 * that a rename raced with it.
 */
#ifndef FS_VFS_DCACHE_H
#define FS_VFS_DCACHE_H

#include "fs/vfs/fs.h"

extern seqlock_t rename_lock;

void dcache_init(void);

/* A new, unhashed, negative dentry for name under parent (which it pins).
 * NULL when out of memory. May sleep (calls ->d_init). */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name);
/* The root dentry of a new superblock, for its root inode (consumed). */
struct dentry *d_make_root(struct inode *root_inode);

/* Attach inode (a reference is consumed) to a negative dentry. */
void d_instantiate(struct dentry *dentry, struct inode *inode);
/* Make dentry findable by d_lookup(). */
void d_rehash(struct dentry *dentry);
/* d_instantiate() + d_rehash(): the end of a successful ->lookup or create. */
void d_add(struct dentry *dentry, struct inode *inode);
/* ->lookup's end: attach inode (NULL: negative, or an ERR_PTR passed
 * through) to dentry and hash it; a directory that already has an alias
 * elsewhere moves that alias here instead and returns it. */
struct dentry *d_splice_alias(struct inode *inode, struct dentry *dentry);
/* Unhash: later lookups will not find it. */
void d_drop(struct dentry *dentry);
/* After unlink/rmdir: make it negative if unused, else unhash it. */
void d_delete(struct dentry *dentry);
/* Rename: move dentry to target's place (target is dropped). Caller holds
 * the parents' i_rwsem as lock_rename() takes them. */
void d_move(struct dentry *dentry, struct dentry *target);
/* RENAME_EXCHANGE: swap the names and parents of two dentries. */
void d_exchange(struct dentry *a, struct dentry *b);

/* Find the hashed child of parent called name; returns a reference or NULL.
 * Retries while a rename runs (rename_lock). May not sleep inside. */
struct dentry *d_lookup(struct dentry *parent, const struct qstr *name);
/* RCU-walk lookup: no reference taken; *seq receives the dentry's d_seq.
 * Caller is inside rcu_read_lock(). */
struct dentry *__d_lookup_rcu(struct dentry *parent, const struct qstr *name, unsigned *seq);

static inline struct dentry *dget(struct dentry *d)
{
	if (d) {
		spin_lock(&d->d_lock);
		d->d_count++;
		spin_unlock(&d->d_lock);
	}
	return d;
}
/* Drop a reference; an unused dentry goes on the LRU or, if ->d_delete
 * says so (or it is unhashed), is freed at once. May sleep. */
void dput(struct dentry *dentry);
struct dentry *dget_parent(struct dentry *dentry);

/* Free up to nr unused dentries from the LRU (memory pressure). Returns
 * how many were freed. May sleep. */
unsigned long shrink_dcache(unsigned long nr);
/* Free the unused dentries right below parent (rmdir). May sleep. */
void shrink_dcache_parent(struct dentry *parent);
/* Free every unused dentry of sb (umount). */
void shrink_dcache_sb(struct super_block *sb);
/* Tear down the whole tree of sb at umount: every dentry must be unused. */
void shrink_dcache_for_umount(struct super_block *sb);
bool d_mountpoint(const struct dentry *d);

/* The name hash the dcache uses (and d_hash may replace). */
u32 full_name_hash(const struct dentry *salt, const char *name, u32 len);
/* Copy dentry's path from its sb root into buf; returns a pointer into buf. */
char *dentry_path_raw(struct dentry *dentry, char *buf, int buflen);

unsigned long dcache_nr_dentry(void);	/* all dentries */
unsigned long dcache_nr_unused(void);	/* on the LRU */

#endif
