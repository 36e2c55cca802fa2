/*
 * ext2 directory blocks: readdir, lookup, adding and removing entries.
 *
 * A directory is a file of whole blocks, each a chain of entries (struct
 * ext2_dir_entry_2) whose rec_len reaches the next one and, for the last,
 * the end of the block. Blocks are read through ext2_bread() (buffer heads:
 * directories are metadata); a walk of a block checks each entry before it
 * uses it or follows its rec_len, in the same pass (a lookup stops at its
 * match). A bad entry is reported with ext2_error() and gives
 * -EFSCORRUPTED.
 *
 * An htree directory (EXT2_INDEX_FL, written by e2fsck -D or another
 * driver) is read as linear entries: its index blocks look like a ".."
 * entry or an empty entry covering the rest of the block. The first change
 * clears EXT2_INDEX_FL, so the index e2fsck sees afterwards is not stale.
 *
 * Above: namei.c and the VFS (readdir). Below: inode.c (ext2_bread), the
 * buffer cache. Locks: the directory's i_rwsem — shared for readdir and
 * lookup, exclusive for every change, so readers never see a block being
 * changed; the buffer lock is held while a block changes so that writeback
 * writes whole entries.
 */
#include "fs/ext2/ext2.h"
#include "fs/libfs.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"

static inline unsigned ext2_rec_len(const struct ext2_dir_entry_2 *de)
{
	return de->rec_len;
}

static inline struct ext2_dir_entry_2 *ext2_next_entry(struct ext2_dir_entry_2 *de)
{
	return (struct ext2_dir_entry_2 *)((char *)de + ext2_rec_len(de));
}

static inline u32 ext2_dir_blocks(struct inode *dir)
{
	return (u32)(i_size_read(dir) >> dir->i_sb->s_blocksize_bits);
}

/* EXT2_FT_* of a mode (filetype feature), else 0. */
static u8 ext2_ftype(struct super_block *sb, umode_t mode)
{
	if (!ext2_has_incompat(sb, EXT2_FEATURE_INCOMPAT_FILETYPE))
		return EXT2_FT_UNKNOWN;
	switch (mode & S_IFMT) {
	case S_IFREG: return EXT2_FT_REG_FILE;
	case S_IFDIR: return EXT2_FT_DIR;
	case S_IFCHR: return EXT2_FT_CHRDEV;
	case S_IFBLK: return EXT2_FT_BLKDEV;
	case S_IFIFO: return EXT2_FT_FIFO;
	case S_IFSOCK: return EXT2_FT_SOCK;
	case S_IFLNK: return EXT2_FT_SYMLINK;
	}
	return EXT2_FT_UNKNOWN;
}

/* DT_* for readdir from an entry's file_type. */
static unsigned ext2_dtype(struct super_block *sb, u8 ft)
{
	static const u8 dt[EXT2_FT_MAX] = {
		[EXT2_FT_UNKNOWN] = DT_UNKNOWN, [EXT2_FT_REG_FILE] = DT_REG,
		[EXT2_FT_DIR] = DT_DIR, [EXT2_FT_CHRDEV] = DT_CHR,
		[EXT2_FT_BLKDEV] = DT_BLK, [EXT2_FT_FIFO] = DT_FIFO,
		[EXT2_FT_SOCK] = DT_SOCK, [EXT2_FT_SYMLINK] = DT_LNK,
	};

	if (!ext2_has_incompat(sb, EXT2_FEATURE_INCOMPAT_FILETYPE) || ft >= EXT2_FT_MAX)
		return DT_UNKNOWN;
	return dt[ft];
}

/* Why the entry at off of a block of size bs is bad, or NULL. */
static const char *ext2_bad_entry(struct super_block *sb, const char *data, unsigned off,
				  unsigned bs)
{
	const struct ext2_dir_entry_2 *de = (const void *)(data + off);
	unsigned rec_len;

	if (bs - off < EXT2_DIR_REC_LEN(1))
		return "entry does not reach the end of the block";
	rec_len = ext2_rec_len(de);
	if (rec_len < EXT2_DIR_REC_LEN(1))
		return "rec_len is smaller than minimal";
	if (rec_len % 4)
		return "unaligned rec_len";
	if (rec_len < (unsigned)EXT2_DIR_REC_LEN(de->name_len))
		return "rec_len is too small for name_len";
	if (rec_len > bs - off)
		return "entry crosses the end of the block";
	if (de->inode > EXT2_SB(sb)->s_inodes_count)
		return "inode out of bounds";
	if (de->inode && de->name_len == 0)
		return "entry without a name";
	return NULL;
}

/* The entry at off of a directory block (in bh), checked before use: a
 * walk of a block follows rec_len only through checked entries. NULL
 * after reporting a bad one. */
static struct ext2_dir_entry_2 *ext2_entry_at(struct inode *dir, struct buffer_head *bh,
					      unsigned off)
{
	struct super_block *sb = dir->i_sb;
	const char *why = ext2_bad_entry(sb, bh->b_data, off, (unsigned)sb->s_blocksize);

	if (why) {
		ext2_error(sb, dir->i_ino, bh->b_blocknr, "bad directory entry at offset %u: %s",
			   off, why);
		return NULL;
	}
	return (struct ext2_dir_entry_2 *)(bh->b_data + off);
}

/* The directory's size is whole blocks; else report it. */
static int ext2_check_dir_size(struct inode *dir)
{
	if (i_size_read(dir) & (dir->i_sb->s_blocksize - 1)) {
		ext2_error(dir->i_sb, dir->i_ino, 0, "directory size %lld is not a multiple of the block size",
			   (long long)i_size_read(dir));
		return -EFSCORRUPTED;
	}
	return 0;
}

/* Directory block n (its entries are checked as they are walked); NULL
 * with *err (a hole is a corruption too). May sleep. */
static struct buffer_head *ext2_dir_block(struct inode *dir, u32 n, int *err)
{
	struct buffer_head *bh;

	*err = 0;
	bh = ext2_bread(dir, n, false, err);
	if (!bh) {
		if (!*err) {
			ext2_error(dir->i_sb, dir->i_ino, 0, "hole at directory block %u", n);
			*err = -EFSCORRUPTED;
		}
		return NULL;
	}
	return bh;
}

static inline bool ext2_match(const struct qstr *name, const struct ext2_dir_entry_2 *de)
{
	return de->inode && de->name_len == name->len && !memcmp(de->name, name->name, name->len);
}

/* The directory is about to change: an htree index would go stale, so it
 * becomes a plain linear directory. Caller holds dir's i_rwsem exclusive. */
static void ext2_drop_index(struct inode *dir)
{
	struct ext2_inode_info *ei = EXT2_I(dir);

	if (ei->i_flags & EXT2_INDEX_FL) {
		ei->i_flags &= ~EXT2_INDEX_FL;
		mark_inode_dirty(dir);
	}
}

/* A changed block: dirty it, and write it now (with the inode) for a
 * dirsync directory. */
static int ext2_commit_block(struct inode *dir, struct buffer_head *bh)
{
	int err = 0;

	mark_buffer_dirty(bh);
	if (EXT2_I(dir)->i_flags & EXT2_DIRSYNC_FL) {
		err = sync_dirty_buffer(bh);
		if (!err)
			err = ext2_sync_inode(dir);
	}
	return err;
}

static void ext2_touch_dir(struct inode *dir)
{
	dir->i_mtime = dir->i_ctime = current_time(dir);
	mark_inode_dirty(dir);
}

/* ------------------------------------------------------------ readdir */

/* Emit the entries of block n at byte offset >= from: 1, 0 when the
 * actor is full, -EFSCORRUPTED at a bad entry. ctx->pos follows the
 * entries. */
static int ext2_readdir_block(struct inode *dir, struct buffer_head *bh, u32 n, unsigned from,
			      struct dir_context *ctx)
{
	struct super_block *sb = dir->i_sb;
	loff_t base = (loff_t)n << sb->s_blocksize_bits;
	unsigned off = 0, bs = (unsigned)sb->s_blocksize;

	while (off < bs) {
		struct ext2_dir_entry_2 *de = ext2_entry_at(dir, bh, off);

		if (!de)
			return -EFSCORRUPTED;
		if (off >= from && de->inode) {
			ctx->pos = base + off;
			if (!dir_emit(ctx, de->name, de->name_len, de->inode,
				      ext2_dtype(sb, de->file_type)))
				return 0;
		}
		off += ext2_rec_len(de);
		if (off > from)
			ctx->pos = base + off;
	}
	return 1;
}

/* ->iterate_shared: entries from ctx->pos (a byte offset; one inside an
 * entry resumes at the next entry of that block). dir's i_rwsem shared.
 * 0, or -EFSCORRUPTED/-EIO for a bad block (entries before it emitted). */
static int ext2_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file_inode(file);
	struct super_block *sb = dir->i_sb;
	unsigned mask = (unsigned)sb->s_blocksize - 1;
	u32 n, nblocks;
	int err;

	lockdep_assert_held(&dir->i_rwsem);
	err = ext2_check_dir_size(dir);
	if (err)
		return err;
	nblocks = ext2_dir_blocks(dir);
	if (ctx->pos < 0)
		return -EINVAL;
	for (n = (u32)(ctx->pos >> sb->s_blocksize_bits); n < nblocks; n++) {
		struct buffer_head *bh = ext2_dir_block(dir, n, &err);
		int more;

		if (!bh)
			return err;
		more = ext2_readdir_block(dir, bh, n, (unsigned)ctx->pos & mask, ctx);
		brelse(bh);
		if (more <= 0)
			return more;
		ctx->pos = (loff_t)(n + 1) << sb->s_blocksize_bits;
	}
	return 0;
}

const struct file_operations ext2_dir_operations = {
	.llseek = generic_file_llseek,
	.read = generic_read_dir,
	.iterate_shared = ext2_readdir,
	.fsync = ext2_fsync,
};

/* ------------------------------------------------------------ lookup */

/* The entry for name in block bh, NULL, or ERR_PTR(-EFSCORRUPTED). */
static struct ext2_dir_entry_2 *ext2_find_in_block(struct inode *dir, struct buffer_head *bh,
						   const struct qstr *name)
{
	unsigned off = 0, bs = (unsigned)dir->i_sb->s_blocksize;

	while (off < bs) {
		struct ext2_dir_entry_2 *de = ext2_entry_at(dir, bh, off);

		if (!de)
			return ERR_PTR(-EFSCORRUPTED);
		if (ext2_match(name, de))
			return de;
		off += ext2_rec_len(de);
	}
	return NULL;
}

/* Searches from the block of the last hit, wrapping around. dir's i_rwsem
 * at least shared; may sleep. */
struct ext2_dir_entry_2 *ext2_find_entry(struct inode *dir, const struct qstr *name,
					 struct buffer_head **bhp)
{
	struct ext2_inode_info *ei = EXT2_I(dir);
	u32 nblocks, start, n, i;
	int err;

	might_sleep();
	*bhp = NULL;
	if (name->len > EXT2_NAME_LEN)
		return NULL;
	err = ext2_check_dir_size(dir);
	if (err)
		return ERR_PTR(err);
	nblocks = ext2_dir_blocks(dir);
	start = READ_ONCE(ei->i_dir_start_lookup);
	if (start >= nblocks)
		start = 0;
	for (i = 0; i < nblocks; i++) {
		struct buffer_head *bh;
		struct ext2_dir_entry_2 *de;

		n = (start + i) % nblocks;
		bh = ext2_dir_block(dir, n, &err);
		if (!bh)
			return ERR_PTR(err);
		de = ext2_find_in_block(dir, bh, name);
		if (IS_ERR(de)) {
			brelse(bh);
			return de;
		}
		if (de) {
			WRITE_ONCE(ei->i_dir_start_lookup, n);
			*bhp = bh;
			return de;
		}
		brelse(bh);
	}
	return NULL;
}

int ext2_inode_by_name(struct inode *dir, const struct qstr *name, u32 *ino)
{
	struct buffer_head *bh;
	struct ext2_dir_entry_2 *de = ext2_find_entry(dir, name, &bh);

	if (IS_ERR(de))
		return (int)PTR_ERR(de);
	if (!de)
		return -ENOENT;
	*ino = de->inode;
	brelse(bh);
	return 0;
}

/* The second entry of block 0 if it is "..". */
struct ext2_dir_entry_2 *ext2_dotdot(struct inode *dir, struct buffer_head **bhp)
{
	struct ext2_dir_entry_2 *de;
	struct buffer_head *bh;
	int err;

	*bhp = NULL;
	if (ext2_check_dir_size(dir) || ext2_dir_blocks(dir) == 0)
		return NULL;
	bh = ext2_dir_block(dir, 0, &err);
	if (!bh)
		return NULL;
	de = ext2_entry_at(dir, bh, 0);
	if (de && ext2_rec_len(de) < dir->i_sb->s_blocksize)
		de = ext2_entry_at(dir, bh, ext2_rec_len(de));
	else
		de = NULL;
	if (de && de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.') {
		*bhp = bh;
		return de;
	}
	ext2_error(dir->i_sb, dir->i_ino, bh->b_blocknr, "no \"..\" entry");
	brelse(bh);
	return NULL;
}

/* ------------------------------------------------------------ changes */

/* Write name -> inode into the slot de (free or with room after it) of
 * bh. Caller holds dir's i_rwsem exclusive. */
static int ext2_fill_slot(struct inode *dir, struct buffer_head *bh, struct ext2_dir_entry_2 *de,
			  const struct qstr *name, struct inode *inode)
{
	unsigned used = de->inode ? EXT2_DIR_REC_LEN(de->name_len) : 0;

	lock_buffer(bh);
	if (used) {
		struct ext2_dir_entry_2 *de1 = (void *)((char *)de + used);

		de1->rec_len = (le16)(ext2_rec_len(de) - used);
		de->rec_len = (le16)used;
		de = de1;
	}
	de->name_len = (u8)name->len;
	memcpy(de->name, name->name, name->len);
	de->inode = (le32)inode->i_ino;
	de->file_type = ext2_ftype(dir->i_sb, inode->i_mode);
	unlock_buffer(bh);
	ext2_touch_dir(dir);
	return ext2_commit_block(dir, bh);
}

/* A slot for an entry of reclen bytes in bh, or NULL; -EEXIST in *err if
 * name is already there, -EFSCORRUPTED at a bad entry. */
static struct ext2_dir_entry_2 *ext2_find_slot(struct inode *dir, struct buffer_head *bh,
					       const struct qstr *name, unsigned reclen, int *err)
{
	unsigned off = 0, bs = (unsigned)dir->i_sb->s_blocksize;
	struct ext2_dir_entry_2 *slot = NULL;

	while (off < bs) {
		struct ext2_dir_entry_2 *de = ext2_entry_at(dir, bh, off);
		unsigned used;

		if (!de) {
			*err = -EFSCORRUPTED;
			return NULL;
		}
		if (ext2_match(name, de)) {
			*err = -EEXIST;
			return NULL;
		}
		used = de->inode ? EXT2_DIR_REC_LEN(de->name_len) : 0;
		if (!slot && ext2_rec_len(de) >= used + reclen)
			slot = de;
		off += ext2_rec_len(de);
	}
	return slot;
}

/* A new block n at the end of dir, one empty entry covering it. */
static struct buffer_head *ext2_append_block(struct inode *dir, u32 n, int *err)
{
	struct buffer_head *bh;
	struct ext2_dir_entry_2 *de;

	*err = 0;
	bh = ext2_bread(dir, n, true, err);
	if (!bh)
		return NULL;
	lock_buffer(bh);
	memset(bh->b_data, 0, dir->i_sb->s_blocksize);
	de = (void *)bh->b_data;
	de->rec_len = (le16)dir->i_sb->s_blocksize;
	unlock_buffer(bh);
	i_size_write(dir, (loff_t)(n + 1) << dir->i_sb->s_blocksize_bits);
	mark_inode_dirty(dir);
	return bh;
}

/* The first slot with room from the last block back (a growing directory
 * fills its last block: no walk of the others), else a new block. dentry
 * is negative under dir's i_rwsem (exclusive), so the name is not in the
 * directory; the blocks walked are still checked for it (-EEXIST). May
 * sleep. -ENOSPC, -EIO, -EFSCORRUPTED. */
int ext2_add_link(struct dentry *dentry, struct inode *inode)
{
	struct inode *dir = d_inode(dentry->d_parent);
	const struct qstr *name = &dentry->d_name;
	unsigned reclen = EXT2_DIR_REC_LEN(name->len);
	struct ext2_dir_entry_2 *de;
	struct buffer_head *bh;
	u32 n, nblocks;
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if (name->len > EXT2_NAME_LEN)
		return -ENAMETOOLONG;
	err = ext2_check_dir_size(dir);
	if (err)
		return err;
	nblocks = ext2_dir_blocks(dir);
	for (n = nblocks; n-- > 0;) {
		bh = ext2_dir_block(dir, n, &err);
		if (!bh)
			return err;
		de = ext2_find_slot(dir, bh, name, reclen, &err);
		if (de || err)
			goto found;
		brelse(bh);
	}
	bh = ext2_append_block(dir, nblocks, &err);
	if (!bh)
		return err;
	de = (void *)bh->b_data;
found:
	if (!err) {
		ext2_drop_index(dir);
		err = ext2_fill_slot(dir, bh, de, name, inode);
	}
	brelse(bh);
	return err;
}

/* Merge de into the entry before it in its block, or free it if it is
 * the first. dir's i_rwsem exclusive. */
int ext2_delete_entry(struct inode *dir, struct ext2_dir_entry_2 *de, struct buffer_head *bh)
{
	struct ext2_dir_entry_2 *pde = NULL, *p = (void *)bh->b_data;

	lockdep_assert_held_write(&dir->i_rwsem);
	while (p < de) {
		pde = p;
		p = ext2_next_entry(p);
	}
	if (p != de) {
		ext2_error(dir->i_sb, dir->i_ino, bh->b_blocknr, "entry to delete not found");
		return -EFSCORRUPTED;
	}
	ext2_drop_index(dir);
	lock_buffer(bh);
	if (pde)
		pde->rec_len = (le16)(ext2_rec_len(pde) + ext2_rec_len(de));
	de->inode = 0;
	unlock_buffer(bh);
	ext2_touch_dir(dir);
	return ext2_commit_block(dir, bh);
}

/* "." and ".." in block 0 of the new directory inode (i_size one block).
 * Caller holds parent's i_rwsem; inode is not visible yet. */
int ext2_make_empty(struct inode *inode, struct inode *parent)
{
	struct buffer_head *bh;
	struct ext2_dir_entry_2 *de;
	unsigned bs = (unsigned)inode->i_sb->s_blocksize;
	int err;

	bh = ext2_append_block(inode, 0, &err);
	if (!bh)
		return err ? err : -EIO;
	lock_buffer(bh);
	de = (void *)bh->b_data;
	de->inode = (le32)inode->i_ino;
	de->name_len = 1;
	de->rec_len = (le16)EXT2_DIR_REC_LEN(1);
	de->name[0] = '.';
	de->file_type = ext2_ftype(inode->i_sb, S_IFDIR);
	de = ext2_next_entry(de);
	de->inode = (le32)parent->i_ino;
	de->name_len = 2;
	de->rec_len = (le16)(bs - EXT2_DIR_REC_LEN(1));
	de->name[0] = de->name[1] = '.';
	de->file_type = ext2_ftype(inode->i_sb, S_IFDIR);
	unlock_buffer(bh);
	err = ext2_commit_block(inode, bh);
	brelse(bh);
	return err;
}

/* Whether block bh of dir holds only "." (naming dir) and "..". A bad
 * entry counts as not empty. */
static bool ext2_block_empty(struct inode *dir, struct buffer_head *bh)
{
	unsigned off = 0, bs = (unsigned)dir->i_sb->s_blocksize;

	while (off < bs) {
		struct ext2_dir_entry_2 *de = ext2_entry_at(dir, bh, off);

		if (!de)
			return false;
		off += ext2_rec_len(de);
		if (!de->inode)
			continue;
		if (de->name[0] != '.' || de->name_len > 2)
			return false;
		if (de->name_len == 1 ? de->inode != dir->i_ino : de->name[1] != '.')
			return false;
	}
	return true;
}

/* dir's i_rwsem held. A read error or a bad entry counts as not empty. */
bool ext2_empty_dir(struct inode *inode)
{
	u32 n, nblocks;
	int err;

	if (ext2_check_dir_size(inode))
		return false;
	nblocks = ext2_dir_blocks(inode);
	for (n = 0; n < nblocks; n++) {
		struct buffer_head *bh = ext2_dir_block(inode, n, &err);
		bool empty;

		if (!bh)
			return false;
		empty = ext2_block_empty(inode, bh);
		brelse(bh);
		if (!empty)
			return false;
	}
	return true;
}

/* dir's i_rwsem exclusive. Errors of a dirsync write are not reported
 * (the prototype has no room): the block stays dirty. */
void ext2_set_link(struct inode *dir, struct ext2_dir_entry_2 *de, struct buffer_head *bh,
		   struct inode *inode)
{
	lockdep_assert_held_write(&dir->i_rwsem);
	ext2_drop_index(dir);
	lock_buffer(bh);
	de->inode = (le32)inode->i_ino;
	de->file_type = ext2_ftype(dir->i_sb, inode->i_mode);
	unlock_buffer(bh);
	ext2_touch_dir(dir);
	ext2_commit_block(dir, bh);
}
