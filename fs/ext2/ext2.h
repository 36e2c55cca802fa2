/*
 * ext2 in memory: the superblock and inode info, and what each file of
 * fs/ext2/ gives the others. The on-disk formats are in ext2_fs.h.
 *
 *   super.c    mount (every field checked), options (errors=, ro), statfs,
 *              sync_fs, remount, freeze, show_options, error reporting
 *   balloc.c   group descriptors, block bitmaps, block allocation and freeing
 *   ialloc.c   inode bitmaps, inode allocation (near the parent) and freeing
 *   orphan.c   unlinked-but-open inodes: the on-disk orphan list
 *   inode.c    inodes to and from disk, the block map (direct and 1-3x
 *              indirect), truncation, eviction, setattr, fiemap, the
 *              address_space operations
 *   file.c     regular files: file and inode operations, fsync, fallocate
 *   dir.c      directory blocks: readdir, lookup, add, delete, empty
 *   namei.c    directory inode operations (create .. rename)
 *   symlink.c  fast (in i_block) and slow (in a block) symlinks
 *   xattr.c    extended attributes in a shared xattr block
 *
 * Layer above: the VFS, which calls the operations through the checked
 * wrappers of fs/vfs/ops.h and fs/vfs/aops.h. Below: the page cache
 * (file data) and buffer heads (all metadata: superblock, descriptors,
 * bitmaps, inode tables, indirect, directory, symlink and xattr blocks).
 *
 * Lock order (outermost first), besides the VFS's own:
 *   i_rwsem (directory, then child) -> ei->xattr_sem -> folio lock (the
 *     file's) -> ei->truncate_mutex -> sbi->s_group_lock[g] -> folio lock
 *     of the block device's cache (sb_bread; its own lockdep class, see
 *     mm/folio.h) -> buffer lock -> sbi->s_lock (a spinlock, a leaf)
 *   sbi->s_orphan_lock -> buffer lock
 * Bitmaps and a group's descriptor counts change only under that group's
 * s_group_lock; the block map (ei->i_data and the indirect blocks) only
 * under the inode's truncate_mutex.
 */
#ifndef FS_EXT2_EXT2_H
#define FS_EXT2_EXT2_H

#include "fs/ext2/ext2_fs.h"
#include "fs/vfs/fs.h"
#include "fs/buffer_head.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/rwsem.h"
#include "kernel/sync/spinlock.h"

/* A corruption found on disk (Linux's name for EUCLEAN). */
#define EFSCORRUPTED	EUCLEAN

/* Mount options (sbi->s_mount_opt). */
#define EXT2_MOUNT_ERRORS_CONT		0x0001
#define EXT2_MOUNT_ERRORS_RO		0x0002
#define EXT2_MOUNT_ERRORS_PANIC		0x0004
#define EXT2_MOUNT_ERRORS_MASK		0x0007

struct ext2_sb_info {
	struct buffer_head *s_sbh;		/* const: the buffer holding the primary superblock */
	struct ext2_super_block *s_es;		/* const: in s_sbh; its fields: see ext2_sync_super() */
	struct buffer_head **s_group_desc;	/* const: the descriptor table's blocks */
	unsigned long s_gdb_count;		/* const: blocks in the descriptor table */
	unsigned long s_groups_count;		/* const */
	unsigned long s_blocks_per_group;	/* const */
	unsigned long s_inodes_per_group;	/* const */
	unsigned long s_itb_per_group;		/* const: inode table blocks per group */
	unsigned long s_desc_per_block;		/* const */
	unsigned long s_addr_per_block_bits;	/* const: log2(block pointers per block) */
	u32 s_first_data_block;			/* const */
	u32 s_blocks_count;			/* const */
	u32 s_inodes_count;			/* const */
	u32 s_first_ino;			/* const */
	unsigned s_inode_size;			/* const */
	u32 s_feature_compat;			/* const */
	u32 s_feature_incompat;			/* const */
	u32 s_feature_ro_compat;		/* const */
	kuid_t s_resuid;			/* const: may use the reserved blocks */
	kgid_t s_resgid;			/* const */
	unsigned s_mount_opt;			/* s_umount (write) to change */
	u16 s_mount_state;			/* s_lock: EXT2_VALID_FS/EXT2_ERROR_FS as found and since */

	spinlock_t s_lock;			/* a leaf: the counters below, s_mount_state */
	u64 s_free_blocks;			/* s_lock: exact, = sum of the groups' counts */
	u64 s_free_inodes;			/* s_lock */
	u64 s_dirs;				/* s_lock */

	struct mutex *s_group_lock;		/* [s_groups_count]: a group's bitmaps and descriptor */
	struct mutex s_orphan_lock;		/* the orphan list: s_last_orphan and the i_dtime links */
	struct list_head s_orphan;		/* s_orphan_lock: the list's inodes in memory, in its order */
	u32 s_last_group;			/* atomic hint: where the last file allocation went */
};

static inline struct ext2_sb_info *EXT2_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* ei->i_state bits (truncate_mutex) */
#define EXT2_STATE_NEW		0x0001	/* allocated, not yet written */

struct ext2_inode_info {
	le32 i_data[EXT2_N_BLOCKS];	/* truncate_mutex: the block map (on-disk byte order) */
	u32 i_flags;			/* i_rwsem: EXT2_*_FL */
	u32 i_faddr;			/* const */
	u32 i_file_acl;			/* xattr_sem: the xattr block, 0 if none */
	u32 i_dtime;			/* s_orphan_lock: next on the orphan list, else 0 */
	u32 i_block_group;		/* const: the group holding the inode */
	u32 i_dir_start_lookup;		/* racy hint: the directory block of the last hit */
	u32 i_state;			/* truncate_mutex: EXT2_STATE_* */
	u32 i_generation;		/* const after creation */
	bool i_on_orphan_list;		/* s_orphan_lock */
	struct list_head i_orphan;	/* s_orphan_lock: in sbi->s_orphan while on the list */
	u8 i_extra[128];		/* xattr_sem: bytes 128.. of a larger on-disk inode (i_extra_isize, in-inode xattrs) */
	struct mutex truncate_mutex;	/* the block map: allocation, lookup that may allocate, truncation */
	struct rw_semaphore xattr_sem;	/* i_file_acl and the xattr block's contents */
	struct inode vfs_inode;
};

static inline struct ext2_inode_info *EXT2_I(struct inode *inode)
{
	return container_of(inode, struct ext2_inode_info, vfs_inode);
}

static inline bool ext2_has_incompat(struct super_block *sb, u32 mask)
{
	return EXT2_SB(sb)->s_feature_incompat & mask;
}
static inline bool ext2_has_ro_compat(struct super_block *sb, u32 mask)
{
	return EXT2_SB(sb)->s_feature_ro_compat & mask;
}
static inline bool ext2_has_compat(struct super_block *sb, u32 mask)
{
	return EXT2_SB(sb)->s_feature_compat & mask;
}

/* Block pointers per block. */
static inline unsigned long ext2_addr_per_block(struct super_block *sb)
{
	return 1UL << EXT2_SB(sb)->s_addr_per_block_bits;
}

/* ---- super.c */

void ext2_init(void);			/* registers "ext2" (vfs_init) */

/*
 * A corruption: logs "EXT2-fs error (device vda): func: inode N block B:
 * msg" once per call, marks the superblock EXT2_ERROR_FS, and follows
 * errors=: continue, remount read-only, or panic (only when asked). The
 * caller then returns -EFSCORRUPTED (or -EIO). Any lock may be held but
 * a spinlock.
 */
void ext2_error_at(struct super_block *sb, const char *func, u64 ino, u64 block,
		   const char *fmt, ...) __attribute__((format(printf, 5, 6)));
#define ext2_error(sb, ino, block, ...) ext2_error_at(sb, __func__, ino, block, __VA_ARGS__)
/* A one-line console message about sb ("EXT2-fs (vda): ..."). */
void ext2_msg(struct super_block *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Copy the free counts and state into the primary superblock and dirty it;
 * wait: also write it now. May sleep. */
void ext2_sync_super(struct super_block *sb, bool wait);

/* ---- balloc.c */

/* Group g's descriptor (in its table block; *bhp gets that buffer if not
 * NULL, no extra reference). NULL and an ext2_error if g is out of range. */
struct ext2_group_desc *ext2_get_group_desc(struct super_block *sb, unsigned long g,
					    struct buffer_head **bhp);
/* Whether group g carries a superblock backup (sparse_super), and how many
 * descriptor-table blocks (with the reserved GDT blocks) follow it. */
bool ext2_bg_has_super(struct super_block *sb, unsigned long g);
unsigned long ext2_bg_num_gdb(struct super_block *sb, unsigned long g);
/* Checks every descriptor at mount (bitmaps and table inside the group,
 * counts in range) and sums the free counts, as the bitmaps give them,
 * into sbi. fix (a read-write mount or remount): a descriptor whose counts
 * disagree with its bitmaps is corrected and dirtied; otherwise the disk's
 * metadata, cached or not, is left exactly as it is. 0 or -EFSCORRUPTED
 * with a console message. */
int ext2_check_descriptors(struct super_block *sb, bool fix);
/* [start, start + count) lies in the data area of the filesystem and
 * overlaps no group's superblock, descriptors, bitmaps or inode table. */
bool ext2_data_block_valid(struct super_block *sb, u32 start, unsigned count);
/*
 * Allocate up to *count (>= 1) contiguous blocks, near goal if it is free
 * (else in goal's group, then the following groups); on success *first is
 * the first and *count how many. Charges i_blocks and quota, updates the
 * bitmap, descriptor and superblock counts. Keeps the reserved blocks for
 * s_resuid/s_resgid/root. Caller holds the inode's truncate_mutex (or
 * xattr_sem for an xattr block). 0, -ENOSPC, -EIO, -EFSCORRUPTED.
 */
int ext2_new_blocks(struct inode *inode, u32 goal, unsigned *count, u32 *first);
/* Give back [block, block + count) (i_blocks, quota, counts). Blocks that
 * are not valid data blocks, or already free, are reported, not freed. */
void ext2_free_blocks(struct inode *inode, u32 block, unsigned count);
/* Recount from the bitmaps (statfs uses sbi's counters instead). */
u64 ext2_count_free_blocks(struct super_block *sb);

/* ---- ialloc.c */

/*
 * A new inode in dir's group or near it (directories spread out), mode
 * and owner set (inode_init_owner), zeroed block map, EXT2_STATE_NEW,
 * hashed, dirty, i_nlink 1 (caller adjusts). Caller holds dir's i_rwsem.
 * ERR_PTR(-ENOSPC/-EIO/...).
 */
struct inode *ext2_new_inode(struct inode *dir, umode_t mode, const struct qstr *qstr);
/* Clear the inode's bit and fix the counts (eviction of an unlinked inode). */
void ext2_free_inode(struct inode *inode);
u64 ext2_count_free_inodes(struct super_block *sb);
u64 ext2_count_dirs(struct super_block *sb);

/* ---- orphan.c */

/* Put an unlinked inode that is still open on the on-disk orphan list
 * (s_last_orphan, linked through i_dtime) / take it off at eviction. The
 * inode's i_rwsem is held. */
int ext2_orphan_add(struct inode *inode);
void ext2_orphan_del(struct inode *inode);
/* At a read-write mount: free the inodes the list names (a crash left
 * them), each checked first. */
void ext2_orphan_cleanup(struct super_block *sb);

/* ---- inode.c */

/* Inode ino of sb from the cache or the disk, every field checked.
 * ERR_PTR(-EFSCORRUPTED) for a bad inode, -ESTALE for a free one, -EIO. */
struct inode *ext2_iget(struct super_block *sb, u64 ino);
int ext2_write_inode(struct inode *inode, struct writeback_control *wbc);
void ext2_evict_inode(struct inode *inode);
/* Set i_op, i_fop and the a_ops by i_mode (iget and new inodes). */
void ext2_set_inode_ops(struct inode *inode);
void ext2_set_inode_flags(struct inode *inode);	/* i_flags -> VFS view */
/* get_block_t for the page cache: maps, and with create allocates,
 * block iblock of the inode. Takes truncate_mutex. */
int ext2_get_block(struct inode *inode, sector_t iblock, struct buffer_head *bh_result,
		   int create);
/* Block iblock of a directory or slow symlink through a buffer head
 * (allocated and zeroed if create); NULL with *err (0 = a hole). */
struct buffer_head *ext2_bread(struct inode *inode, u32 iblock, bool create, int *err);
/* Change i_size and free the blocks past it (truncate, eviction). Caller
 * holds i_rwsem exclusive. */
int ext2_setsize(struct inode *inode, loff_t newsize);
int ext2_setattr(struct dentry *dentry, struct iattr *attr);
int ext2_getattr(const struct path *path, struct kstat *stat, u32 request_mask,
		 unsigned flags);
int ext2_fiemap(struct inode *inode, struct fiemap_extent_info *fi, u64 start, u64 len);
/* Write the inode and wait (dirsync, fsync). */
int ext2_sync_inode(struct inode *inode);
extern const struct address_space_operations ext2_aops;

/* ---- file.c */

extern const struct file_operations ext2_file_operations;
extern const struct inode_operations ext2_file_inode_operations;
/* fsync for files and directories: the data, the inode and the metadata
 * that reaches it, then a device flush. */
int ext2_fsync(struct file *file, loff_t start, loff_t end, int datasync);

/* ---- dir.c */

extern const struct file_operations ext2_dir_operations;
/* The entry for name in dir, in *bhp (a reference the caller drops with
 * brelse); NULL if absent, ERR_PTR on a read error or a bad block. dir's
 * i_rwsem at least shared. */
struct ext2_dir_entry_2 *ext2_find_entry(struct inode *dir, const struct qstr *name,
					 struct buffer_head **bhp);
/* Add an entry naming inode at dentry (in a free slot or a new block).
 * dir's i_rwsem exclusive. */
int ext2_add_link(struct dentry *dentry, struct inode *inode);
/* Remove the entry de (in bh, from ext2_find_entry). */
int ext2_delete_entry(struct inode *dir, struct ext2_dir_entry_2 *de, struct buffer_head *bh);
/* Write "." and ".." into a new directory's first block. */
int ext2_make_empty(struct inode *inode, struct inode *parent);
/* Only "." and ".." (true also on a read error: do not remove it then). */
bool ext2_empty_dir(struct inode *inode);
/* The ".." entry of dir. */
struct ext2_dir_entry_2 *ext2_dotdot(struct inode *dir, struct buffer_head **bhp);
/* Point de (in bh) at inode: rename. */
void ext2_set_link(struct inode *dir, struct ext2_dir_entry_2 *de, struct buffer_head *bh,
		   struct inode *inode);
/* ino of name in dir, or -ENOENT. */
int ext2_inode_by_name(struct inode *dir, const struct qstr *name, u32 *ino);

/* ---- namei.c, symlink.c */

extern const struct inode_operations ext2_dir_inode_operations;
extern const struct inode_operations ext2_special_inode_operations;
extern const struct inode_operations ext2_fast_symlink_inode_operations;
extern const struct inode_operations ext2_symlink_inode_operations;

/* ---- xattr.c */

extern const struct xattr_handler *const ext2_xattr_handlers[];
ssize_t ext2_listxattr(struct dentry *dentry, char *list, size_t size);
/* Drop the inode's reference to its xattr block (freeing it if the last). */
void ext2_xattr_delete_inode(struct inode *inode);

#endif
