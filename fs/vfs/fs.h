/*
 * The VFS objects — super_block, inode, address_space, dentry, file — and
 * the operation tables a filesystem fills in. Names and, as far as a small
 * kernel allows, prototypes follow Linux and the seed's locking.rst; every
 * difference is listed under "Deviations" in docs/locking.rst.
 *
 * Every field says which lock protects it. The VFS calls operations only
 * through the wrappers in fs/vfs/ops.h, which check the caller's locks
 * against the rule table (fs/lockrules/).
 */
#ifndef FS_VFS_FS_H
#define FS_VFS_FS_H

#include "fs/vfs/types.h"
#include "kernel/lib/list.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/rwsem.h"
#include "kernel/sync/seqlock.h"
#include "kernel/sync/rcu.h"
#include "kernel/sched/wait.h"
#include "kernel/lib/radix_tree.h"

struct super_block;
struct inode;
struct dentry;
struct file;
struct vfsmount;
struct path;
struct file_system_type;
struct dir_context;
struct file_lock;
struct file_lock_context;
struct seq_file;
struct xattr_handler;
struct writeback_control;
struct delayed_call;
struct fiemap_extent_info;
struct fileattr;
struct poll_table_struct;
struct quota_info;
struct vm_area_struct;
struct block_device;

/* ---------------------------------------------------------------- super */

struct super_operations {
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*destroy_inode)(struct inode *inode);
	void (*free_inode)(struct inode *inode);
	void (*dirty_inode)(struct inode *inode, int flags);
	int (*write_inode)(struct inode *inode, struct writeback_control *wbc);
	int (*drop_inode)(struct inode *inode);
	void (*evict_inode)(struct inode *inode);
	void (*put_super)(struct super_block *sb);
	int (*sync_fs)(struct super_block *sb, int wait);
	int (*freeze_fs)(struct super_block *sb);
	int (*unfreeze_fs)(struct super_block *sb);
	int (*statfs)(struct dentry *dentry, struct kstatfs *buf);
	int (*remount_fs)(struct super_block *sb, int *flags, char *data);
	void (*umount_begin)(struct super_block *sb);
	int (*show_options)(struct seq_file *m, struct dentry *root);
	ssize_t (*quota_read)(struct super_block *sb, int type, char *data, size_t len, loff_t off);
	ssize_t (*quota_write)(struct super_block *sb, int type, const char *data, size_t len, loff_t off);
};

#define SB_RDONLY	1
#define SB_ACTIVE	(1 << 30)	/* mounted and set up; cleared at shutdown */

/* Freeze levels (s_writers.frozen). */
#define SB_UNFROZEN		0
#define SB_FREEZE_WRITE		1
#define SB_FREEZE_COMPLETE	2

struct sb_writers {
	int frozen;			/* s_umount (write) to change; readers: atomic */
	long writers;			/* atomic: writes in progress */
	struct wait_queue_head wait;	/* writers waiting for thaw; freezer for writers */
};

struct super_block {
	struct list_head s_list;		/* sb_lock: all superblocks */
	dev_t s_dev;				/* const after mount */
	unsigned long s_blocksize;		/* const after mount */
	u8 s_blocksize_bits;			/* const after mount */
	loff_t s_maxbytes;			/* const after mount */
	struct file_system_type *s_type;	/* const */
	const struct super_operations *s_op;	/* const after mount */
	const struct xattr_handler *const *s_xattr;	/* const after mount */
	unsigned long s_magic;			/* const after mount */
	struct dentry *s_root;			/* set by ->mount; s_umount */
	unsigned long s_flags;			/* s_umount (write) */
	struct rw_semaphore s_umount;		/* mount/umount/remount/freeze vs. sync */
	struct mutex s_vfs_rename_sem;		/* serialises cross-directory renames */
	int s_count;				/* sb_lock: references to the struct */
	long s_active;				/* atomic: active mounts */
	struct sb_writers s_writers;		/* freeze state */
	spinlock_t s_inode_list_lock;
	struct list_head s_inodes;		/* s_inode_list_lock: every inode */
	char s_id[32];				/* const: name for messages */
	void *s_fs_info;			/* filesystem private */
	const struct dentry_operations *s_d_op;	/* const: default dentry ops */
	u64 s_next_ino;				/* atomic: for get_next_ino() users */
	struct rcu_head s_rcu;			/* freed after a grace period */
	struct quota_info *s_dquot;		/* set at mount, cleared at umount (s_umount) */
	struct block_device *s_bdev;		/* const after mount: the device of a disk filesystem */
	unsigned s_bdev_mode;			/* const after mount: how mount_bdev opened it (fmode_t) */
	/* Dirty inodes (fs/vfs/fs-writeback.c). s_wb_lock comes before i_lock. */
	spinlock_t s_wb_lock;
	struct list_head s_dirty_inodes;	/* s_wb_lock: inodes with I_DIRTY bits, oldest first */
};

/* ------------------------------------------------------ file_system_type */

struct file_system_type {
	const char *name;
	int fs_flags;
	struct dentry *(*mount)(struct file_system_type *fs, int flags,
				const char *dev_name, void *data);
	void (*kill_sb)(struct super_block *sb);
	struct file_system_type *next;		/* file_systems_lock */
	struct lock_class_key s_umount_key;	/* a lockdep class per filesystem type */
	struct lock_class_key i_rwsem_key;
	struct lock_class_key i_rwsem_dir_key;	/* reserved: directories' i_rwsem */
	struct lock_class_key invalidate_lock_key;
};

/* --------------------------------------------------------- address_space */

struct address_space;
struct folio;
struct page;
struct kiocb;
struct iov_iter;
struct readahead_control;
struct swap_info_struct;
typedef u64 sector_t;
typedef unsigned gfp_t;

enum migrate_mode {
	MIGRATE_ASYNC,
	MIGRATE_SYNC_LIGHT,
	MIGRATE_SYNC,
};

/*
 * What a filesystem (or the block device layer) does for the page cache
 * of its files: the seed's address_space_operations, with its members and
 * prototypes. The page cache (mm/filemap.c, mm/writeback.c,
 * mm/truncate.c) calls them only through the checked wrappers of
 * fs/vfs/aops.h. A NULL member means the generic behaviour.
 */
struct address_space_operations {
	int (*writepage)(struct page *page, struct writeback_control *wbc);
	int (*read_folio)(struct file *file, struct folio *folio);
	int (*writepages)(struct address_space *mapping, struct writeback_control *wbc);
	bool (*dirty_folio)(struct address_space *mapping, struct folio *folio);
	void (*readahead)(struct readahead_control *rac);
	int (*write_begin)(struct file *file, struct address_space *mapping,
			   loff_t pos, unsigned len, struct page **pagep, void **fsdata);
	int (*write_end)(struct file *file, struct address_space *mapping,
			 loff_t pos, unsigned len, unsigned copied,
			 struct page *page, void *fsdata);
	sector_t (*bmap)(struct address_space *mapping, sector_t block);
	void (*invalidate_folio)(struct folio *folio, size_t offset, size_t len);
	bool (*release_folio)(struct folio *folio, gfp_t gfp);
	void (*free_folio)(struct folio *folio);
	int (*direct_IO)(struct kiocb *iocb, struct iov_iter *iter);
	int (*migrate_folio)(struct address_space *mapping, struct folio *dst,
			     struct folio *src, enum migrate_mode mode);
	int (*launder_folio)(struct folio *folio);
	bool (*is_partially_uptodate)(struct folio *folio, size_t from, size_t count);
	int (*error_remove_page)(struct address_space *mapping, struct page *page);
	int (*swap_activate)(struct swap_info_struct *sis, struct file *file, sector_t *span);
	int (*swap_deactivate)(struct file *file);
	int (*swap_rw)(struct kiocb *iocb, struct iov_iter *iter);
};

/*
 * The page cache of one inode (normally inode->i_data): its folios, by
 * index, in a radix tree tagged dirty and writeback (mm/pagemap.h).
 *
 * i_pages_lock is a spinlock taken with IRQs off, because writeback
 * completion (an interrupt) clears tags: it protects the tree, its tags,
 * nrpages, and each cached folio's mapping and index while it is being
 * added or removed. It is a leaf: nothing is taken under it. It comes
 * after invalidate_lock and the folio lock.
 *
 * invalidate_lock: held shared while a folio is added and read in
 * (filemap_read, a page fault), exclusive while folios are truncated away,
 * so that a read cannot bring back stale data from a range being removed.
 *
 * i_mmap_rwsem: the list of VMAs mapping the file (mm/rmap.h), and the
 * range and offset of each VMA on it: held for writing to link, unlink,
 * split, merge or move one (under that VMA's mmap_lock), for reading to
 * walk the list and reach the page tables of the processes mapping the
 * file (truncate, writeback). It comes after mmap_lock, invalidate_lock
 * and the folio lock, before each mm's page_table_lock.
 */
struct address_space {
	struct inode *host;			/* const */
	struct radix_tree_root i_pages;		/* i_pages_lock */
	spinlock_t i_pages_lock;		/* IRQ-safe leaf; see above */
	unsigned long nrpages;			/* i_pages_lock */
	struct rw_semaphore invalidate_lock;	/* page cache fill (shared) vs. truncate (exclusive) */
	const struct address_space_operations *a_ops;	/* const after inode init */
	int wb_err;				/* atomic: the last writeback error, until fsync reports it */
	void *private_data;			/* the owner's (the block device of bd_inode's cache) */
	bool bdev_cache;			/* const after init: a block device's cache (bd_inode's);
						 * its folio locks are lockdep's "bdev_folio_lock" */
	struct rw_semaphore i_mmap_rwsem;	/* i_mmap, see above */
	struct list_head i_mmap;		/* i_mmap_rwsem: VMAs mapping it (vma->vm_i_mmap) */
};

/* ---------------------------------------------------------------- inode */

struct inode_operations {
	struct dentry *(*lookup)(struct inode *dir, struct dentry *dentry, unsigned flags);
	const char *(*get_link)(struct dentry *dentry, struct inode *inode, struct delayed_call *done);
	int (*permission)(struct inode *inode, int mask);
	struct posix_acl *(*get_inode_acl)(struct inode *inode, int type, bool rcu);
	int (*readlink)(struct dentry *dentry, char *buf, int buflen);
	int (*create)(struct inode *dir, struct dentry *dentry, umode_t mode, bool excl);
	int (*link)(struct dentry *old_dentry, struct inode *dir, struct dentry *dentry);
	int (*unlink)(struct inode *dir, struct dentry *dentry);
	int (*symlink)(struct inode *dir, struct dentry *dentry, const char *target);
	int (*mkdir)(struct inode *dir, struct dentry *dentry, umode_t mode);
	int (*rmdir)(struct inode *dir, struct dentry *dentry);
	int (*mknod)(struct inode *dir, struct dentry *dentry, umode_t mode, dev_t dev);
	int (*rename)(struct inode *old_dir, struct dentry *old_dentry,
		      struct inode *new_dir, struct dentry *new_dentry, unsigned flags);
	int (*setattr)(struct dentry *dentry, struct iattr *attr);
	int (*getattr)(const struct path *path, struct kstat *stat, u32 request_mask, unsigned flags);
	ssize_t (*listxattr)(struct dentry *dentry, char *list, size_t size);
	int (*fiemap)(struct inode *inode, struct fiemap_extent_info *fi, u64 start, u64 len);
	int (*update_time)(struct inode *inode, struct timespec64 *time, int flags);
	int (*atomic_open)(struct inode *dir, struct dentry *dentry, struct file *file,
			   unsigned open_flag, umode_t create_mode);
	int (*tmpfile)(struct inode *dir, struct file *file, umode_t mode);
	struct posix_acl *(*get_acl)(struct dentry *dentry, int type);
	int (*fileattr_set)(struct dentry *dentry, struct fileattr *fa);
	int (*fileattr_get)(struct dentry *dentry, struct fileattr *fa);
};

/* ->update_time flags (Linux's values) */
#define S_ATIME		1
#define S_MTIME		2
#define S_CTIME		4

/* i_state bits (i_lock) */
#define I_NEW		(1 << 0)	/* being set up: lookups wait */
#define I_WILL_FREE	(1 << 1)
#define I_FREEING	(1 << 2)	/* being evicted: lookups wait, then retry */
#define I_CLEAR		(1 << 3)
#define I_DIRTY_SYNC	(1 << 4)	/* inode fields changed (timestamps too): ->write_inode */
#define I_DIRTY_DATASYNC (1 << 5)	/* fields fdatasync must write too (size, block map) */
#define I_DIRTY_PAGES	(1 << 6)	/* its page cache has dirty folios */
#define I_SYNC		(1 << 7)	/* being written back now */
#define I_BAD		(1 << 8)	/* iget_failed: never read; evicted without ->evict_inode */
#define I_DEAD		(1 << 9)	/* a removed directory: lookups in it give -ENOENT */
#define I_DIRTY_INODE	(I_DIRTY_SYNC | I_DIRTY_DATASYNC)
#define I_DIRTY		(I_DIRTY_INODE | I_DIRTY_PAGES)

struct inode {
	/* Identity: const after the inode is set up (I_NEW cleared). */
	umode_t i_mode;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct super_block *i_sb;
	u64 i_ino;
	dev_t i_rdev;
	struct address_space *i_mapping;	/* normally &i_data */
	u8 i_blkbits;				/* log2 of the block size its page cache uses */

	/* Attributes: changed under i_rwsem (exclusive); read without. */
	kuid_t i_uid;
	kgid_t i_gid;
	u32 i_nlink;				/* i_rwsem of the inode (exclusive) */
	loff_t i_size;				/* i_rwsem; readers: i_size_read() */
	struct timespec64 i_atime, i_mtime, i_ctime;
	u64 i_blocks;

	spinlock_t i_lock;			/* i_state, i_count changes to 0, i_dentry */
	unsigned long i_state;			/* i_lock */
	int i_count;				/* atomic; to zero under i_lock */
	struct rw_semaphore i_rwsem;		/* directory ops, size, attributes */

	struct list_head i_hash;		/* inode_hash_lock */
	struct list_head i_sb_list;		/* sb->s_inode_list_lock */
	struct list_head i_lru;			/* inode_unused_lock: cached while unused */
	struct list_head i_dentry;		/* i_lock: aliases (dentry->d_alias) */
	struct list_head i_wb_list;		/* sb->s_wb_lock: on s_dirty_inodes while dirty */
	unsigned long dirtied_when;		/* s_wb_lock: jiffies when it went on s_dirty_inodes */
	struct rcu_head i_rcu;			/* for ->free_inode after a grace period */
	struct file_lock_context *i_flctx;	/* set once under i_lock */
	struct address_space i_data;
	void *i_private;			/* filesystem private */
};

/* ---------------------------------------------------------------- dentry */

struct dentry_operations {
	int (*d_revalidate)(struct dentry *dentry, unsigned flags);
	int (*d_weak_revalidate)(struct dentry *dentry, unsigned flags);
	int (*d_hash)(const struct dentry *dentry, struct qstr *name);
	int (*d_compare)(const struct dentry *dentry, unsigned len, const char *str,
			 const struct qstr *name);
	int (*d_delete)(const struct dentry *dentry);
	int (*d_init)(struct dentry *dentry);
	void (*d_release)(struct dentry *dentry);
	void (*d_prune)(struct dentry *dentry);
	void (*d_iput)(struct dentry *dentry, struct inode *inode);
	char *(*d_dname)(struct dentry *dentry, char *buffer, int buflen);
	struct vfsmount *(*d_automount)(struct path *path);
	int (*d_manage)(const struct path *path, bool rcu);
	struct dentry *(*d_real)(struct dentry *dentry, const struct inode *inode);
};

/* d_flags (d_lock) */
#define DCACHE_MOUNTED		(1 << 0)	/* a filesystem is mounted here */
#define DCACHE_LRU_LIST		(1 << 1)	/* on the LRU (dcache_lru_lock) */
#define DCACHE_DISCONNECTED	(1 << 2)
#define DCACHE_DENTRY_KILLED	(1 << 3)	/* dead: d_seq bumped, lookups skip it */
#define DCACHE_OP_HASH		(1 << 4)
#define DCACHE_OP_COMPARE	(1 << 5)
#define DCACHE_OP_REVALIDATE	(1 << 6)
#define DCACHE_OP_DELETE	(1 << 7)
#define DCACHE_OP_PRUNE		(1 << 8)
#define DCACHE_REFERENCED	(1 << 9)
#define DCACHE_HASHED		(1 << 10)	/* on a hash chain (findable) */
#define DCACHE_GENOCIDE		(1 << 11)	/* pin already dropped by kill_litter_super */

#define DNAME_INLINE_LEN 40

struct dentry {
	/* RCU-walk reads these without locks, validated by d_seq. */
	unsigned d_flags;			/* d_lock */
	seqcount_t d_seq;			/* bumped around changes of d_inode/d_name/d_parent */
	struct list_head d_hash;		/* dcache_hash_lock */
	struct dentry *d_parent;		/* d_lock (and rename_lock to change) */
	struct qstr d_name;			/* d_lock (and rename_lock to change) */
	struct inode *d_inode;			/* d_lock; NULL = negative */
	char d_iname[DNAME_INLINE_LEN];		/* short names live here */

	spinlock_t d_lock;			/* per-dentry lock */
	int d_count;				/* d_lock: references (lockref) */
	const struct dentry_operations *d_op;	/* const after d_alloc */
	struct super_block *d_sb;		/* const */
	struct list_head d_lru;			/* dcache_lru_lock */
	struct list_head d_child;		/* parent's d_lock: in parent's d_subdirs */
	struct list_head d_subdirs;		/* d_lock: children */
	struct list_head d_alias;		/* inode->i_lock: in inode's i_dentry */
	struct rcu_head d_rcu;			/* freed after a grace period */
	void *d_fsdata;				/* filesystem private */
};

/* ---------------------------------------------------------------- file */

struct dir_context;
typedef bool (*filldir_t)(struct dir_context *ctx, const char *name, int namelen,
			  loff_t pos, u64 ino, unsigned type);
struct dir_context {
	filldir_t actor;
	loff_t pos;
};

/* d_type values for readdir */
#define DT_UNKNOWN	0
#define DT_FIFO		1
#define DT_CHR		2
#define DT_DIR		4
#define DT_BLK		6
#define DT_REG		8
#define DT_LNK		10
#define DT_SOCK		12

struct file_operations {
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	ssize_t (*read)(struct file *file, char *buf, size_t len, loff_t *pos);
	ssize_t (*write)(struct file *file, const char *buf, size_t len, loff_t *pos);
	ssize_t (*read_iter)(struct kiocb *iocb, struct iov_iter *iter);	/* if no ->read */
	ssize_t (*write_iter)(struct kiocb *iocb, struct iov_iter *iter);	/* if no ->write */
	int (*iterate)(struct file *file, struct dir_context *ctx);
	int (*iterate_shared)(struct file *file, struct dir_context *ctx);
	unsigned (*poll)(struct file *file, struct poll_table_struct *pt);
	int (*mmap)(struct file *file, struct vm_area_struct *vma);	/* mmap_lock (write) */
	long (*unlocked_ioctl)(struct file *file, unsigned cmd, unsigned long arg);
	long (*compat_ioctl)(struct file *file, unsigned cmd, unsigned long arg);
	int (*open)(struct inode *inode, struct file *file);
	int (*flush)(struct file *file);
	int (*release)(struct inode *inode, struct file *file);
	int (*fsync)(struct file *file, loff_t start, loff_t end, int datasync);
	int (*fasync)(int fd, struct file *file, int on);
	int (*lock)(struct file *file, int cmd, struct file_lock *fl);
	int (*check_flags)(int flags);
	int (*flock)(struct file *file, int cmd, struct file_lock *fl);
	int (*setlease)(struct file *file, long arg, struct file_lock **lease, void **priv);
	long (*fallocate)(struct file *file, int mode, loff_t offset, loff_t len);
	void (*show_fdinfo)(struct seq_file *m, struct file *f);
	ssize_t (*copy_file_range)(struct file *in, loff_t pos_in, struct file *out,
				   loff_t pos_out, size_t len, unsigned flags);
	int (*fadvise)(struct file *file, loff_t offset, loff_t len, int advice);
};

/* One read or write through ->read_iter/->write_iter/->direct_IO: the file
 * and the position (the caller's, updated by the op). */
struct kiocb {
	struct file *ki_filp;
	loff_t ki_pos;
	int ki_flags;				/* IOCB_* */
};
#define IOCB_APPEND	(1 << 1)
#define IOCB_DIRECT	(1 << 2)
#define IOCB_SYNC	(1 << 5)

struct path {
	struct vfsmount *mnt;
	struct dentry *dentry;
};

/* Readahead state of an open file (mm/readahead.c): its last window.
 * Racy hints, no lock: readers of one file racing only cost extra or
 * missed readahead. */
struct file_ra_state {
	unsigned long start;			/* first page of the last window */
	unsigned size;				/* its pages (0: none yet) */
	unsigned async_size;			/* the next starts when this many are left */
	unsigned long prev_index;		/* the page read last, + 1 (0: none) */
};

struct file {
	struct path f_path;			/* const while open (holds references) */
	struct inode *f_inode;			/* const */
	struct address_space *f_mapping;	/* const after open: the page cache its I/O uses */
	const struct file_operations *f_op;	/* const after open */
	unsigned f_flags;			/* f_lock: O_APPEND, O_NONBLOCK may change */
	unsigned f_mode;			/* const after open */
	spinlock_t f_lock;
	struct mutex f_pos_lock;		/* serialises f_pos updates of shared files */
	loff_t f_pos;				/* f_pos_lock */
	long f_count;				/* atomic */
	kuid_t f_uid;				/* const: opener's credentials */
	kgid_t f_gid;
	void *private_data;			/* the file's driver or filesystem */
	struct file_ra_state f_ra;		/* racy: readahead (mm/readahead.c) */
};

/* ---------------------------------------------------------------- xattr */

struct xattr_handler {
	const char *prefix;			/* "user.", "trusted." */
	int flags;
	bool (*list)(struct dentry *dentry);
	int (*get)(const struct xattr_handler *h, struct dentry *dentry, struct inode *inode,
		   const char *name, void *buffer, size_t size);
	int (*set)(const struct xattr_handler *h, struct dentry *dentry, struct inode *inode,
		   const char *name, const void *value, size_t size, int flags);
};

#define XATTR_CREATE	1
#define XATTR_REPLACE	2

/* ------------------------------------------------------- helpers */

static inline loff_t i_size_read(const struct inode *inode)
{
	return READ_ONCE(inode->i_size);
}

static inline void i_size_write(struct inode *inode, loff_t size)
{
	WRITE_ONCE(inode->i_size, size);
}

static inline struct inode *d_inode(const struct dentry *d)
{
	return d->d_inode;
}

static inline bool d_is_negative(const struct dentry *d)
{
	return READ_ONCE(d->d_inode) == NULL;
}

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

/* Lock a directory's (or file's) i_rwsem; the names say the mode. */
static inline void inode_lock(struct inode *inode) { down_write(&inode->i_rwsem); }
static inline void inode_unlock(struct inode *inode) { up_write(&inode->i_rwsem); }
static inline void inode_lock_shared(struct inode *inode) { down_read(&inode->i_rwsem); }
static inline void inode_unlock_shared(struct inode *inode) { up_read(&inode->i_rwsem); }

/* Subclasses for taking two i_rwsems of one class in a defined order. */
enum inode_i_mutex_lock_class {
	I_MUTEX_NORMAL,
	I_MUTEX_PARENT,
	I_MUTEX_CHILD,
	I_MUTEX_XATTR,
	I_MUTEX_NONDIR2,
	I_MUTEX_PARENT2,
};
static inline void inode_lock_nested(struct inode *inode, unsigned subclass)
{
	down_write_nested(&inode->i_rwsem, subclass);
}

struct timespec64 current_time(struct inode *inode);

#endif
