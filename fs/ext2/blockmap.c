/*
 * ext2's block map: where a file's blocks are. i_data[0..11] point at the
 * first twelve data blocks; i_data[12], [13] and [14] at a single-, a
 * double- and a triple-indirect block, blocks full of block numbers one,
 * two and three levels above the data. A zero anywhere is a hole.
 *
 * Here: looking blocks up (get_block for the page cache, bread for
 * directories and slow symlinks, fiemap), allocating them with the
 * indirect blocks that lead to them, and freeing ranges of them
 * (truncation, hole punching, eviction). Every block number read from
 * an indirect block is checked with ext2_data_block_valid before use: a
 * bad one is an ext2_error with the inode and block, and -EFSCORRUPTED.
 *
 * Above: the page cache (through ext2_aops), dir.c and symlink.c
 * (ext2_bread), file.c (fallocate). Below: balloc.c for allocation and
 * freeing, buffer heads for the indirect blocks.
 *
 * Locks: ei->truncate_mutex around every walk of the map (lookups too,
 * so that a lookup never sees an indirect block being freed). It nests
 * inside the folio lock and outside s_group_lock and buffer locks (ext2.h).
 */
#include "fs/ext2/blockmap.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/fiemap.h"
#include "drivers/block/bio.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"
#include "mm/page_alloc.h"
#include "mm/page.h"
#include "mm/pagemap.h"
#include "mm/rmap.h"

/* One step of a path through the map: the slot (in ei->i_data or in an
 * indirect block's buffer) and the buffer holding it (NULL for i_data). */
struct ext2_branch {
	le32 *p;
	struct buffer_head *bh;
};

bool ext2_inode_is_fast_symlink(struct inode *inode)
{
	u64 ea_blocks = EXT2_I(inode)->i_file_acl ? inode->i_sb->s_blocksize >> 9 : 0;

	return S_ISLNK(inode->i_mode) && inode->i_blocks - ea_blocks == 0 &&
	       i_size_read(inode) < (loff_t)sizeof(EXT2_I(inode)->i_data);
}

bool ext2_inode_has_block_map(struct inode *inode)
{
	umode_t mode = inode->i_mode;

	return S_ISREG(mode) || S_ISDIR(mode) || (S_ISLNK(mode) && !ext2_inode_is_fast_symlink(inode));
}

u64 ext2_map_limit(struct super_block *sb)
{
	unsigned bits = EXT2_SB(sb)->s_addr_per_block_bits;

	return EXT2_NDIR_BLOCKS + (1ULL << bits) + (1ULL << (2 * bits)) + (1ULL << (3 * bits));
}

/*
 * The path to file block iblock: offsets[0] indexes i_data, each further
 * one an indirect block. Returns its length (1 = a direct block, 4 =
 * through the triple-indirect block), 0 past what the map addresses.
 */
static int ext2_block_to_path(struct inode *inode, u64 iblock, unsigned offsets[4])
{
	unsigned bits = EXT2_SB(inode->i_sb)->s_addr_per_block_bits;
	u64 per = 1ULL << bits, mask = per - 1;

	if (iblock < EXT2_NDIR_BLOCKS) {
		offsets[0] = (unsigned)iblock;
		return 1;
	}
	iblock -= EXT2_NDIR_BLOCKS;
	if (iblock < per) {
		offsets[0] = EXT2_IND_BLOCK;
		offsets[1] = (unsigned)iblock;
		return 2;
	}
	iblock -= per;
	if (iblock < (per << bits)) {
		offsets[0] = EXT2_DIND_BLOCK;
		offsets[1] = (unsigned)(iblock >> bits);
		offsets[2] = (unsigned)(iblock & mask);
		return 3;
	}
	iblock -= per << bits;
	if (iblock < (per << (2 * bits))) {
		offsets[0] = EXT2_TIND_BLOCK;
		offsets[1] = (unsigned)(iblock >> (2 * bits));
		offsets[2] = (unsigned)((iblock >> bits) & mask);
		offsets[3] = (unsigned)(iblock & mask);
		return 4;
	}
	return 0;
}

/* Entries in the array holding the last slot of a path of length depth. */
static unsigned ext2_array_len(struct inode *inode, int depth)
{
	return depth == 1 ? EXT2_NDIR_BLOCKS : (unsigned)ext2_addr_per_block(inode->i_sb);
}

/* Blocks from the path's position to the end of the subtree that the
 * slot at level `level` points to (the hole a zero there stands for). */
static u64 ext2_subtree_rest(struct inode *inode, const unsigned *offsets, int level, int depth)
{
	unsigned bits = EXT2_SB(inode->i_sb)->s_addr_per_block_bits;
	u64 span = 1, pos = 0;

	for (int i = depth - 1; i > level; i--) {
		pos += (u64)offsets[i] * span;
		span <<= bits;
	}
	return span - pos;
}

static void ext2_release_branch(struct ext2_branch *chain, int n)
{
	for (int i = 1; i < n; i++)
		brelse(chain[i].bh);
}

/* An indirect block named by a map entry: checked, then read. NULL with
 * *err -EFSCORRUPTED (reported) or -EIO. */
static struct buffer_head *ext2_read_indirect(struct inode *inode, u32 nr, int *err)
{
	struct super_block *sb = inode->i_sb;
	struct buffer_head *bh;

	if (!ext2_data_block_valid(sb, nr, 1)) {
		ext2_error(sb, inode->i_ino, nr, "indirect block out of range");
		*err = -EFSCORRUPTED;
		return NULL;
	}
	bh = sb_bread(sb, nr);
	if (!bh) {
		ext2_error(sb, inode->i_ino, nr, "cannot read indirect block");
		*err = -EIO;
	}
	return bh;
}

/*
 * Follow the path as far as it goes. Returns how many of chain[] are
 * filled (1..depth): if *chain[n - 1].p is 0 the path stops at a hole
 * there, else n == depth and it is the data block. On error returns
 * -errno and sets *bad to the level whose slot names the bad block.
 * Caller holds truncate_mutex and releases chain[1..n) (ext2_release_branch).
 */
static int ext2_get_branch(struct inode *inode, int depth, const unsigned *offsets,
			   struct ext2_branch *chain, int *bad)
{
	int err = 0;

	chain[0].p = &EXT2_I(inode)->i_data[offsets[0]];
	chain[0].bh = NULL;
	for (int k = 1; k < depth; k++) {
		u32 nr = *chain[k - 1].p;
		struct buffer_head *bh;

		if (!nr)
			return k;
		bh = ext2_read_indirect(inode, nr, &err);
		if (!bh) {
			ext2_release_branch(chain, k);
			*bad = k - 1;
			return err;
		}
		chain[k].bh = bh;
		chain[k].p = (le32 *)bh->b_data + offsets[k];
	}
	return depth;
}

/* ------------------------------------------------------------ lookup */

/*
 * Map file block iblock: > 0 blocks mapped from *pblk (a contiguous run
 * of at most max inside one map array), 0 for a hole (*hole = blocks it
 * spans from iblock, at least 1), -EFSCORRUPTED/-EIO/-EFBIG.
 * truncate_mutex held.
 */
/* The run of contiguous data blocks from slot p (the path's last, not
 * 0), at most max and inside its array: its length, checked, with the
 * first block in *pblk; -EFSCORRUPTED (reported) for a bad block. */
static int ext2_leaf_run(struct inode *inode, u64 iblock, const le32 *p, const unsigned *offsets,
			 int depth, unsigned max, u32 *pblk)
{
	unsigned limit = MIN(max, ext2_array_len(inode, depth) - offsets[depth - 1]), count = 1;

	while (count < limit && p[count] == *p + count)
		count++;
	*pblk = *p;
	if (!ext2_data_block_valid(inode->i_sb, *pblk, count)) {
		ext2_error(inode->i_sb, inode->i_ino, *pblk, "data block out of range (file block %llu)",
			   (unsigned long long)iblock);
		return -EFSCORRUPTED;
	}
	return (int)count;
}

/* ------------------------------------------------------------ allocation */

/* Where to look for free blocks for the slot p of array [start, p]: just
 * after the nearest allocated block before it, else after the indirect
 * block holding it, else in the inode's group. */
static u32 ext2_find_goal(struct inode *inode, le32 *start, le32 *p, struct buffer_head *bh)
{
	struct ext2_sb_info *sbi = EXT2_SB(inode->i_sb);
	u32 goal = 0;

	for (le32 *q = p; q > start; ) {
		if (*--q) {
			goal = *q + 1;
			break;
		}
	}
	if (!goal && bh)
		goal = (u32)bh->b_blocknr + 1;
	if (goal <= sbi->s_first_data_block || goal >= sbi->s_blocks_count)
		goal = sbi->s_first_data_block +
		       EXT2_I(inode)->i_block_group * (u32)sbi->s_blocks_per_group;
	return goal;
}

/* Free slots from p on in its array (at most max): the data blocks one
 * allocation may fill. */
static unsigned ext2_free_slots(const le32 *p, unsigned room, unsigned max)
{
	unsigned n = 1;

	while (n < MIN(room, max) && !p[n])
		n++;
	return n;
}

/*
 * Allocate nind indirect blocks into ind[] and up to want data blocks
 * (at least one, contiguous) into *data and *ndata, near goal. On error
 * everything allocated is given back.
 */
static int ext2_alloc_blocks(struct inode *inode, u32 goal, int nind, unsigned want,
			     u32 *ind, u32 *data, unsigned *ndata)
{
	int got = 0;

	*ndata = 0;
	while (got < nind || !*ndata) {
		unsigned count = (unsigned)(nind - got) + want;
		u32 first;
		int err = ext2_new_blocks(inode, goal, &count, &first);

		if (err) {
			for (int i = 0; i < got; i++)
				ext2_free_blocks(inode, ind[i], 1);
			return err;
		}
		goal = first + count;
		while (got < nind && count) {
			ind[got++] = first++;
			count--;
		}
		if (count) {
			*data = first;
			*ndata = count;
		}
	}
	return 0;
}

/* A new indirect block: zeroed, with entries [at, at + n) = first.. */
static int ext2_init_indirect(struct super_block *sb, u32 nr, unsigned at, u32 first, unsigned n)
{
	struct buffer_head *bh = sb_getblk(sb, nr);

	if (!bh)
		return -ENOMEM;
	lock_buffer(bh);
	memset(bh->b_data, 0, bh->b_size);
	for (unsigned i = 0; i < n; i++)
		((le32 *)bh->b_data)[at + i] = first + i;
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

/*
 * Fill the hole where the path stops (chain[n - 1]): allocate the missing
 * indirect blocks and up to max data blocks, write the new indirect blocks,
 * then link them in. Returns the data blocks allocated (from *pblk) or
 * -errno. truncate_mutex held.
 */
static int ext2_alloc_branch(struct inode *inode, int depth, const unsigned *offsets,
			     struct ext2_branch *chain, int n, unsigned max, u32 *pblk)
{
	struct super_block *sb = inode->i_sb;
	le32 *slot = chain[n - 1].p, *start;
	unsigned room = ext2_array_len(inode, depth) - offsets[depth - 1], ndata, want;
	int nind = depth - n, err;
	u32 ind[3], data = 0, goal;

	start = chain[n - 1].bh ? (le32 *)chain[n - 1].bh->b_data : EXT2_I(inode)->i_data;
	goal = ext2_find_goal(inode, start, slot, chain[n - 1].bh);
	want = nind ? MIN(room, max) : ext2_free_slots(slot, room, max);
	err = ext2_alloc_blocks(inode, goal, nind, want, ind, &data, &ndata);
	if (err)
		return err;
	for (int i = 0; i < nind && !err; i++) {
		bool leaf = i == nind - 1;

		err = ext2_init_indirect(sb, ind[i], offsets[n + i], leaf ? data : ind[i + 1],
					 leaf ? ndata : 1);
	}
	if (err) {
		for (int i = 0; i < nind; i++)
			ext2_free_blocks(inode, ind[i], 1);
		ext2_free_blocks(inode, data, ndata);
		return err;
	}
	if (nind)
		*slot = ind[0];
	else
		for (unsigned i = 0; i < ndata; i++)
			slot[i] = data + i;
	if (chain[n - 1].bh)
		mark_buffer_dirty(chain[n - 1].bh);
	*pblk = data;
	return (int)ndata;
}

/*
 * The device blocks of file blocks [iblock, iblock + max): returns how many
 * follow one another from *pblk (at least 1), or 0 for a hole, with *hole
 * the number of file blocks the hole surely covers. With create a hole is
 * allocated instead (*is_new set). truncate_mutex held.
 */
static int ext2_map_blocks(struct inode *inode, u64 iblock, unsigned max, bool create,
			   u32 *pblk, u64 *hole, bool *is_new)
{
	struct ext2_branch chain[4];
	unsigned offsets[4];
	int depth, n, bad, ret;

	lockdep_assert_held(&EXT2_I(inode)->truncate_mutex);
	depth = ext2_block_to_path(inode, iblock, offsets);
	if (!depth)
		return -EFBIG;
	n = ext2_get_branch(inode, depth, offsets, chain, &bad);
	if (n < 0)
		return n;
	if (*chain[n - 1].p) {
		ret = ext2_leaf_run(inode, iblock, chain[n - 1].p, offsets, depth, max, pblk);
	} else if (create) {
		ret = ext2_alloc_branch(inode, depth, offsets, chain, n, max, pblk);
		*is_new = ret > 0;
	} else {
		*hole = ext2_subtree_rest(inode, offsets, n - 1, depth);
		ret = 0;
	}
	ext2_release_branch(chain, n);
	return ret;
}

int ext2_get_block(struct inode *inode, sector_t iblock, struct buffer_head *bh_result,
		   int create)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	unsigned max = (unsigned)MIN(bh_result->b_size >> inode->i_blkbits, 1UL << 20);
	bool is_new = false;
	u32 pblk = 0;
	u64 hole;
	int ret;

	might_sleep();
	if (!max)
		max = 1;
	mutex_lock(&ei->truncate_mutex);
	ret = ext2_map_blocks(inode, iblock, max, create, &pblk, &hole, &is_new);
	mutex_unlock(&ei->truncate_mutex);
	if (ret <= 0)
		return ret == -EFBIG && !create ? 0 : ret;
	map_bh(bh_result, inode->i_sb, pblk);
	bh_result->b_size = (size_t)ret << inode->i_blkbits;
	if (is_new) {
		set_buffer_new(bh_result);
		mark_inode_dirty(inode);	/* i_blocks, and maybe i_data */
	}
	return 0;
}

struct buffer_head *ext2_bread(struct inode *inode, u32 iblock, bool create, int *err)
{
	struct super_block *sb = inode->i_sb;
	struct buffer_head map = { .b_size = sb->s_blocksize }, *bh;

	might_sleep();
	*err = ext2_get_block(inode, iblock, &map, create);
	if (*err || !buffer_mapped(&map))
		return NULL;
	if (!buffer_new(&map)) {
		bh = sb_bread(sb, map.b_blocknr);
		if (!bh)
			*err = -EIO;
		return bh;
	}
	bh = sb_getblk(sb, map.b_blocknr);
	if (!bh) {
		*err = -ENOMEM;
		return NULL;
	}
	lock_buffer(bh);
	memset(bh->b_data, 0, bh->b_size);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	return bh;
}

/* ------------------------------------------------------------ freeing */

/* Data blocks waiting to be given back, gathered into runs. */
struct ext2_freeing {
	struct inode *inode;
	u32 start;
	unsigned count;
	bool forget;		/* their buffers in the device's cache are stale */
};

static void ext2_flush_run(struct ext2_freeing *f)
{
	if (f->count)
		ext2_free_blocks(f->inode, f->start, f->count);
	f->count = 0;
}

/* The block's buffer in the device's cache, if dirty, must not reach the
 * disk once the block is someone else's. */
static void ext2_forget_bh(struct buffer_head *bh)
{
	lock_buffer(bh);
	clear_buffer_dirty(bh);
	unlock_buffer(bh);
	brelse(bh);
}

static void ext2_free_one(struct ext2_freeing *f, u32 nr, bool forget)
{
	if (forget) {
		struct buffer_head *bh = sb_getblk(f->inode->i_sb, nr);

		if (bh)
			ext2_forget_bh(bh);
	}
	if (f->count && nr == f->start + f->count) {
		f->count++;
		return;
	}
	ext2_flush_run(f);
	f->start = nr;
	f->count = 1;
}

static bool ext2_all_zero(const le32 *a, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (a[i])
			return false;
	return true;
}

/* After the leaf entries went: free the indirect blocks of the path that
 * are now empty, bottom up, clearing the slots that named them. */
static void ext2_prune_branch(struct ext2_freeing *f, struct ext2_branch *chain, int n)
{
	unsigned per = (unsigned)ext2_addr_per_block(f->inode->i_sb);

	for (int k = n - 1; k >= 1; k--) {
		struct buffer_head *bh = chain[k].bh;

		if (!ext2_all_zero((le32 *)bh->b_data, per))
			return;
		*chain[k - 1].p = 0;
		if (chain[k - 1].bh)
			mark_buffer_dirty(chain[k - 1].bh);
		get_bh(bh);
		ext2_free_one(f, (u32)bh->b_blocknr, false);
		ext2_forget_bh(bh);
	}
}

/* One step of ext2_free_range at block start: returns how many file
 * blocks it covered. */
static u64 ext2_free_step(struct ext2_freeing *f, u64 start, u64 end)
{
	struct inode *inode = f->inode;
	struct ext2_branch chain[4];
	unsigned offsets[4], count;
	int depth, n, bad = 0;
	le32 *p;

	depth = ext2_block_to_path(inode, start, offsets);
	n = ext2_get_branch(inode, depth, offsets, chain, &bad);
	if (n < 0) {
		int level = bad;

		/* forget the bad pointer; a block that cannot be read is left */
		if (n == -EFSCORRUPTED &&
		    ext2_get_branch(inode, level + 1, offsets, chain, &bad) == level + 1) {
			*chain[level].p = 0;
			if (chain[level].bh)
				mark_buffer_dirty(chain[level].bh);
			ext2_release_branch(chain, level + 1);
		}
		return ext2_subtree_rest(inode, offsets, level, depth);
	}
	p = chain[n - 1].p;
	if (!*p) {
		ext2_release_branch(chain, n);
		return ext2_subtree_rest(inode, offsets, n - 1, depth);
	}
	count = (unsigned)MIN((u64)(ext2_array_len(inode, depth) - offsets[depth - 1]), end - start);
	for (unsigned i = 0; i < count; i++) {
		if (p[i])
			ext2_free_one(f, p[i], f->forget);
		p[i] = 0;
	}
	if (chain[n - 1].bh)
		mark_buffer_dirty(chain[n - 1].bh);
	ext2_prune_branch(f, chain, n);
	ext2_release_branch(chain, n);
	return count;
}

void ext2_free_range(struct inode *inode, u64 start, u64 end)
{
	struct ext2_freeing f = { .inode = inode, .forget = !S_ISREG(inode->i_mode) };
	u64 limit = ext2_map_limit(inode->i_sb);

	lockdep_assert_held(&EXT2_I(inode)->truncate_mutex);
	end = MIN(end, limit);
	while (start < end)
		start += ext2_free_step(&f, start, end);
	ext2_flush_run(&f);
}

/* ------------------------------------------------------------ truncate */

/* Cut the page cache (and the mappings of it) at size and free the blocks
 * past it, under invalidate_lock so that no read or fault brings a block
 * back in between. i_rwsem held. */
static void ext2_cut_at(struct inode *inode, loff_t size)
{
	struct address_space *mapping = inode->i_mapping;
	struct ext2_inode_info *ei = EXT2_I(inode);
	u64 first = ((u64)size + inode->i_sb->s_blocksize - 1) >> inode->i_blkbits;

	filemap_invalidate_lock(mapping);
	unmap_mapping_range(mapping, (size + PAGE_SIZE - 1) & ~(loff_t)(PAGE_SIZE - 1), 0, true);
	truncate_inode_pages(mapping, size);
	mutex_lock(&ei->truncate_mutex);
	ext2_free_range(inode, first, ~0ULL);
	mutex_unlock(&ei->truncate_mutex);
	filemap_invalidate_unlock(mapping);
}

void ext2_write_failed(struct inode *inode)
{
	ext2_cut_at(inode, i_size_read(inode));
	mark_inode_dirty(inode);
}

/*
 * Shrink: zero the tail of the new last block (in the page cache), cut
 * the cache, free the blocks past the end. Grow: just the size (the
 * blocks past the old end are holes already).
 */
int ext2_setsize(struct inode *inode, loff_t newsize)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	loff_t old = i_size_read(inode);
	int err;

	might_sleep();
	lockdep_assert_held_write(&inode->i_rwsem);
	if (!ext2_inode_has_block_map(inode))
		return -EINVAL;
	if (ei->i_flags & (EXT2_APPEND_FL | EXT2_IMMUTABLE_FL))
		return -EPERM;
	if (newsize < old && S_ISREG(inode->i_mode)) {
		err = block_truncate_page(inode->i_mapping, newsize, ext2_get_block);
		if (err)
			return err;
	}
	i_size_write(inode, newsize);
	if (newsize < old)
		ext2_cut_at(inode, newsize);
	inode->i_mtime = inode->i_ctime = current_time(inode);
	mark_inode_dirty(inode);
	return 0;
}

/* ------------------------------------------------------------ fiemap */

/* The extent being gathered, reported once the next one begins. */
struct ext2_fiemap_run {
	u64 logical, phys, len;		/* bytes; len 0 = none yet */
};

/* Add a mapped run; report the previous one if this one does not
 * continue it. 0, 1 (the array is full), -errno. */
static int ext2_fiemap_add(struct fiemap_extent_info *fi, struct ext2_fiemap_run *r,
			   u64 logical, u64 phys, u64 len)
{
	int ret = 0;

	if (r->len && r->logical + r->len == logical && r->phys + r->len == phys) {
		r->len += len;
		return 0;
	}
	if (r->len)
		ret = fiemap_fill_next_extent(fi, r->logical, r->phys, r->len, FIEMAP_EXTENT_MERGED);
	r->logical = logical;
	r->phys = phys;
	r->len = len;
	return ret;
}

int ext2_fiemap(struct inode *inode, struct fiemap_extent_info *fi, u64 start, u64 len)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_fiemap_run run = { 0 };
	unsigned bits = inode->i_blkbits;
	u64 size, blk, last;
	int ret;

	might_sleep();
	ret = fiemap_prep(inode, fi, start, &len, 0);
	if (ret)
		return ret;
	size = (u64)i_size_read(inode);
	if (!ext2_inode_has_block_map(inode) || !len || start >= size)
		return 0;
	blk = start >> bits;
	last = (MIN(size, start + len) - 1) >> bits;
	while (blk <= last && ret == 0) {
		u64 hole = 1;
		u32 pblk;

		mutex_lock(&ei->truncate_mutex);
		ret = ext2_map_blocks(inode, blk, (unsigned)MIN(last - blk + 1, 1ULL << 20), false,
				      &pblk, &hole, NULL);
		mutex_unlock(&ei->truncate_mutex);
		if (ret < 0)
			return ret == -EFBIG ? 0 : ret;
		if (!ret) {
			blk += hole;
			continue;
		}
		ret = ext2_fiemap_add(fi, &run, blk << bits, (u64)pblk << bits, (u64)ret << bits);
		blk = (run.logical + run.len) >> bits;
	}
	if (ret < 0)
		return ret;
	if (ret == 0 && run.len)
		ret = fiemap_fill_next_extent(fi, run.logical, run.phys, run.len,
					      FIEMAP_EXTENT_MERGED | FIEMAP_EXTENT_LAST);
	return ret < 0 ? ret : 0;
}

/* ------------------------------------------------------------ zeroing */

#define EXT2_ZERO_VECS	16

int ext2_zero_blocks(struct super_block *sb, u32 first, unsigned count)
{
	u64 pos = (u64)first << sb->s_blocksize_bits, end = pos + ((u64)count << sb->s_blocksize_bits);
	struct page *zero = alloc_page(GFP_KERNEL | __GFP_ZERO);
	int err = 0;

	if (!zero)
		return -ENOMEM;
	while (pos < end && !err) {
		struct bio *bio = bio_alloc(sb->s_bdev, EXT2_ZERO_VECS, REQ_OP_WRITE | REQ_SYNC,
					    GFP_KERNEL);

		if (!bio) {
			err = -ENOMEM;
			break;
		}
		bio->bi_sector = pos >> 9;
		for (int i = 0; i < EXT2_ZERO_VECS && pos < end; i++) {
			unsigned len = (unsigned)MIN((u64)PAGE_SIZE, end - pos);

			if (bio_add_page(bio, zero, len, 0) != len)
				break;
			pos += len;
		}
		err = submit_bio_wait(bio);
		bio_put(bio);
	}
	free_page(zero);
	return err;
}
