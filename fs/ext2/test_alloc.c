/*
 * ext2 allocation tests (ktest=ext2_alloc, ktest=ext2_orphan): blocks and
 * inodes allocated and freed by threads on every CPU of a mounted test
 * image, with no block or inode handed out twice and every count (the
 * bitmaps, the descriptors, sbi's counters) equal afterwards; allocation
 * at the goal and in the parent's group, directories spread; the orphan
 * list kept in order, and cleaned up at mount from lists written by hand
 * (good, cut by a bad link, looping); rmdir frees at once, and a directory
 * removed while open is an orphan until its last close.
 */
#include "fs/ext2/test_ext2.h"
#include "fs/ext2/bitmap.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/file.h"
#include "kernel/cpu/percpu.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/slab.h"

/* ------------------------------------------------------ consistency */

/* Each group's bitmaps agree with its descriptor, and the sums with
 * sbi's counters. NULL or why not. */
static const char *check_counts(struct super_block *sb, char *why, size_t len)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 blocks = 0, inodes = 0, dirs = 0;

	for (unsigned long g = 0; g < sbi->s_groups_count; g++) {
		struct ext2_group_desc *d = ext2_get_group_desc(sb, g, NULL);
		u32 nblocks = g == sbi->s_groups_count - 1 ?
			      sbi->s_blocks_count - sbi->s_first_data_block -
			      (u32)(g * sbi->s_blocks_per_group) : (u32)sbi->s_blocks_per_group;
		struct buffer_head *bb, *ib;
		unsigned long fb, fi;

		mutex_lock(&sbi->s_group_lock[g]);
		bb = sb_bread(sb, d->bg_block_bitmap);
		ib = sb_bread(sb, d->bg_inode_bitmap);
		fb = bb ? ext2_count_zero_bits(bb->b_data, nblocks) : ~0UL;
		fi = ib ? ext2_count_zero_bits(ib->b_data, sbi->s_inodes_per_group) : ~0UL;
		brelse(bb);
		brelse(ib);
		if (fb != d->bg_free_blocks_count || fi != d->bg_free_inodes_count)
			snprintf(why, len, "group %lu: bitmaps %lu/%lu free, descriptor %u/%u", g,
				 fb, fi, d->bg_free_blocks_count, d->bg_free_inodes_count);
		blocks += d->bg_free_blocks_count;
		inodes += d->bg_free_inodes_count;
		dirs += d->bg_used_dirs_count;
		mutex_unlock(&sbi->s_group_lock[g]);
		if (why[0])
			return why;
	}
	if (blocks != sbi->s_free_blocks || inodes != sbi->s_free_inodes || dirs != sbi->s_dirs)
		snprintf(why, len, "groups %lu/%lu/%lu, sbi %lu/%lu/%lu", (unsigned long)blocks,
			 (unsigned long)inodes, (unsigned long)dirs, (unsigned long)sbi->s_free_blocks,
			 (unsigned long)sbi->s_free_inodes, (unsigned long)sbi->s_dirs);
	return why[0] ? why : NULL;
}

/* A new inode in dir (dir's i_rwsem taken here). */
static struct inode *new_inode_in(struct inode *dir, umode_t mode)
{
	struct inode *inode;

	inode_lock(dir);
	inode = ext2_new_inode(dir, mode, NULL);
	inode_unlock(dir);
	return inode;
}

/* Drop an inode made by new_inode_in: unlinked, so eviction frees it. */
static void delete_inode(struct inode *inode)
{
	inode_lock(inode);
	clear_nlink(inode);
	inode_unlock(inode);
	iput(inode);
}

/* ----------------------------------------------- threads on all CPUs */

#define RUNS		12	/* block runs a thread holds at once */
#define ROUNDS		150

struct run {
	u32 first;
	unsigned count;
};

struct alloc_ctx {
	struct super_block *sb;
	u8 *blocks_seen;		/* atomic bits: blocks handed out and not freed */
	u8 *inodes_seen;		/* atomic bits */
	int failed;			/* atomic */
	char why[120];			/* the first failure */
};

static bool seen_set(u8 *map, unsigned long n)
{
	u8 bit = (u8)(1u << (n & 7));

	return __atomic_fetch_or(&map[n >> 3], bit, __ATOMIC_SEQ_CST) & bit;
}

static void seen_clear(u8 *map, unsigned long n)
{
	__atomic_fetch_and(&map[n >> 3], (u8)~(1u << (n & 7)), __ATOMIC_SEQ_CST);
}

static void ctx_fail(struct alloc_ctx *c, const char *what, unsigned long a, long b)
{
	if (__atomic_fetch_add(&c->failed, 1, __ATOMIC_SEQ_CST) == 0)
		snprintf(c->why, sizeof(c->why), "%s (%lu, %ld)", what, a, b);
}

static void free_run(struct alloc_ctx *c, struct inode *inode, struct run *r)
{
	struct ext2_inode_info *ei = EXT2_I(inode);

	for (unsigned i = 0; i < r->count; i++)
		seen_clear(c->blocks_seen, r->first + i);
	mutex_lock(&ei->truncate_mutex);
	ext2_free_blocks(inode, r->first, r->count);
	mutex_unlock(&ei->truncate_mutex);
	r->count = 0;
}

static void alloc_run(struct alloc_ctx *c, struct inode *inode, struct run *r, u32 goal,
		      unsigned want)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	unsigned count = want;
	u32 first = 0;
	int err;

	mutex_lock(&ei->truncate_mutex);
	err = ext2_new_blocks(inode, goal, &count, &first);
	mutex_unlock(&ei->truncate_mutex);
	if (err) {
		if (err != -ENOSPC)
			ctx_fail(c, "ext2_new_blocks", goal, err);
		return;
	}
	if (!count || count > want || !ext2_data_block_valid(c->sb, first, count))
		ctx_fail(c, "a bad run", first, count);
	for (unsigned i = 0; i < count; i++)
		if (seen_set(c->blocks_seen, first + i))
			ctx_fail(c, "block handed out twice", first + i, 0);
	r->first = first;
	r->count = count;
}

/* A short-lived inode: unique, in range, then deleted. */
static void inode_round(struct alloc_ctx *c, struct inode *dir, bool is_dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(c->sb);
	struct inode *inode = new_inode_in(dir, (is_dir ? S_IFDIR : S_IFREG) | 0700);

	if (IS_ERR(inode)) {
		ctx_fail(c, "ext2_new_inode", 0, PTR_ERR(inode));
		return;
	}
	if (inode->i_ino < sbi->s_first_ino || inode->i_ino > sbi->s_inodes_count)
		ctx_fail(c, "inode number out of range", (unsigned long)inode->i_ino, 0);
	else if (seen_set(c->inodes_seen, (unsigned long)inode->i_ino))
		ctx_fail(c, "inode handed out twice", (unsigned long)inode->i_ino, 0);
	else
		seen_clear(c->inodes_seen, (unsigned long)inode->i_ino);
	delete_inode(inode);
}

static void alloc_thread(void *arg, unsigned t)
{
	struct alloc_ctx *c = arg;
	struct inode *dir = d_inode(c->sb->s_root);
	struct ext2_sb_info *sbi = EXT2_SB(c->sb);
	struct run runs[RUNS] = { 0 };
	u32 seed = 12345u + t * 7919u;
	struct inode *inode = new_inode_in(dir, S_IFREG | 0600);

	if (IS_ERR(inode)) {
		ctx_fail(c, "ext2_new_inode", t, PTR_ERR(inode));
		return;
	}
	for (unsigned round = 0; round < ROUNDS && !READ_ONCE(c->failed); round++) {
		struct run *r = &runs[round % RUNS];

		seed = seed * 1103515245u + 12345u;
		if (r->count)
			free_run(c, inode, r);
		alloc_run(c, inode, r, (seed >> 8) % sbi->s_blocks_count, 1 + (seed >> 4) % 8);
		if (round % 10 == t % 10)
			inode_round(c, dir, round % 20 == 0);
	}
	for (unsigned i = 0; i < RUNS; i++)
		if (runs[i].count)
			free_run(c, inode, &runs[i]);
	if (inode->i_blocks)
		ctx_fail(c, "i_blocks left after freeing everything", t, (long)inode->i_blocks);
	delete_inode(inode);
}

static void all_cpus_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct alloc_ctx *c = kzalloc(sizeof(*c), GFP_KERNEL);
	unsigned threads = nr_cpus_online < 2 ? 4 : 2 * nr_cpus_online;
	u64 free_blocks = sbi->s_free_blocks, free_inodes = sbi->s_free_inodes;
	u64 dirs = sbi->s_dirs;
	char why[120] = "";

	KT_ASSERT(c, "no memory");
	c->sb = sb;
	c->blocks_seen = kzalloc(sbi->s_blocks_count / 8 + 1, GFP_KERNEL);
	c->inodes_seen = kzalloc(sbi->s_inodes_count / 8 + 1, GFP_KERNEL);
	if (c->blocks_seen && c->inodes_seen && !check_counts(sb, why, sizeof(why)))
		KT_ASSERT_EQ(ktest_run_threads(alloc_thread, c, threads), 0);
	kfree(c->blocks_seen);
	kfree(c->inodes_seen);
	if (!why[0] && c->failed)
		snprintf(why, sizeof(why), "%d failures, the first: %s", c->failed, c->why);
	kfree(c);
	KT_ASSERT(!why[0], "%s", why);
	KT_ASSERT(!check_counts(sb, why, sizeof(why)), "after: %s", why);
	KT_ASSERT_EQ(sbi->s_free_blocks, free_blocks);
	KT_ASSERT_EQ(sbi->s_free_inodes, free_inodes);
	KT_ASSERT_EQ(sbi->s_dirs, dirs);
	KT_ASSERT_EQ(ext2_count_free_blocks(sb), free_blocks);
	KT_ASSERT_EQ(ext2_count_free_inodes(sb), free_inodes);
}

KTEST(ext2_alloc_all_cpus_vdd)
{
	ext2t_run(__kt, "/dev/vdd", "/t-ext2-alloc-vdd", 0, NULL, all_cpus_body);
}

KTEST(ext2_alloc_all_cpus_vde)
{
	ext2t_run(__kt, "/dev/vde", "/t-ext2-alloc-vde", 0, NULL, all_cpus_body);
}

/* ------------------------------------------------------------ placement */

/* The first free block of group g from the bitmap, 0 if none. */
static u32 first_free_block(struct super_block *sb, unsigned long g)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct ext2_group_desc *d = ext2_get_group_desc(sb, g, NULL);
	struct buffer_head *bh = sb_bread(sb, d->bg_block_bitmap);
	unsigned long bit;

	if (!bh)
		return 0;
	bit = ext2_find_next_zero_bit(bh->b_data, sbi->s_blocks_per_group, 0);
	brelse(bh);
	return bit < sbi->s_blocks_per_group ?
	       sbi->s_first_data_block + (u32)(g * sbi->s_blocks_per_group + bit) : 0;
}

static void placement_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct inode *root = d_inode(sb->s_root), *file, *sub;
	u32 goal = first_free_block(sb, 1), first = 0;
	unsigned count = 4, fewest = ~0u;
	unsigned long sub_group;
	int err;

	KT_ASSERT(goal, "no free block in group 1");
	file = new_inode_in(root, S_IFREG | 0644);
	KT_ASSERT(!IS_ERR(file), "ext2_new_inode: %ld", PTR_ERR(file));
	mutex_lock(&EXT2_I(file)->truncate_mutex);
	err = ext2_new_blocks(file, goal, &count, &first);
	mutex_unlock(&EXT2_I(file)->truncate_mutex);
	if (!err) {
		KT_ASSERT_EQ(file->i_blocks, count * (sb->s_blocksize / 512));
		mutex_lock(&EXT2_I(file)->truncate_mutex);
		ext2_free_blocks(file, first, count);
		mutex_unlock(&EXT2_I(file)->truncate_mutex);
	}
	KT_ASSERT_EQ(file->i_blocks, 0);
	/* A file goes to its directory's group, when that has room. */
	KT_ASSERT_EQ(EXT2_I(file)->i_block_group, EXT2_I(root)->i_block_group);
	KT_ASSERT_EQ(EXT2_I(file)->i_state & EXT2_STATE_NEW, EXT2_STATE_NEW);
	KT_ASSERT(!(EXT2_I(file)->i_flags & EXT2_INDEX_FL), "inherited the index flag");
	if (sbi->s_inode_size > EXT2_GOOD_OLD_INODE_SIZE)
		KT_ASSERT_EQ(EXT2_I(file)->i_extra[0], 32);
	delete_inode(file);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(first, goal);
	KT_ASSERT(count >= 1 && count <= 4, "count %u", count);

	/* A directory goes to a group with the fewest directories among those
	 * with at least the average free inodes and blocks. */
	for (unsigned long g = 0; g < sbi->s_groups_count; g++) {
		struct ext2_group_desc *d = ext2_get_group_desc(sb, g, NULL);

		if (d->bg_free_inodes_count >= sbi->s_free_inodes / sbi->s_groups_count &&
		    d->bg_free_blocks_count >= sbi->s_free_blocks / sbi->s_groups_count &&
		    d->bg_used_dirs_count < fewest)
			fewest = d->bg_used_dirs_count;
	}
	sub = new_inode_in(root, S_IFDIR | 0755);
	KT_ASSERT(!IS_ERR(sub), "ext2_new_inode (dir): %ld", PTR_ERR(sub));
	sub_group = EXT2_I(sub)->i_block_group;
	err = ext2_get_group_desc(sb, sub_group, NULL)->bg_used_dirs_count == fewest + 1 ? 0 : -1;
	delete_inode(sub);
	KT_ASSERT(!err, "directory went to group %lu, not one with %u dirs", sub_group, fewest);
}

KTEST(ext2_alloc_placement)
{
	ext2t_run(__kt, "/dev/vdd", "/t-ext2-placement", 0, NULL, placement_body);
}

/* ------------------------------------------------------------- orphans */

static void orphan_list_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	struct inode *root = d_inode(sb->s_root), *in[3] = { NULL, NULL, NULL };
	u64 free_inodes = sbi->s_free_inodes;
	u32 head, next_c, next_b, next_a, after_del;

	for (int i = 0; i < 3; i++) {
		in[i] = new_inode_in(root, S_IFREG | 0600);
		if (IS_ERR(in[i])) {
			in[i] = NULL;
			break;
		}
		inode_lock(in[i]);
		clear_nlink(in[i]);
		ext2_orphan_add(in[i]);
		ext2_orphan_add(in[i]);		/* twice: no change */
		inode_unlock(in[i]);
	}
	head = sbi->s_es->s_last_orphan;
	next_c = in[2] ? EXT2_I(in[2])->i_dtime : 1;
	next_b = in[1] ? EXT2_I(in[1])->i_dtime : 1;
	next_a = in[0] ? EXT2_I(in[0])->i_dtime : 1;
	if (in[1])
		ext2_orphan_del(in[1]);
	after_del = in[2] ? EXT2_I(in[2])->i_dtime : 1;
	for (int i = 0; i < 3; i++)
		iput(in[i]);		/* unlinked: evicted, freed, off the list */
	KT_ASSERT(in[0] && in[1] && in[2], "ext2_new_inode failed");
	KT_ASSERT_EQ(head, in[2]->i_ino);
	KT_ASSERT_EQ(next_c, in[1]->i_ino);
	KT_ASSERT_EQ(next_b, in[0]->i_ino);
	KT_ASSERT_EQ(next_a, 0);
	KT_ASSERT_EQ(after_del, in[0]->i_ino);
	KT_ASSERT_EQ(sbi->s_es->s_last_orphan, 0);
	KT_ASSERT(list_empty(&sbi->s_orphan), "the in-memory list is not empty");
	KT_ASSERT_EQ(sbi->s_free_inodes, free_inodes);
}

KTEST(ext2_orphan_list_order)
{
	ext2t_run(__kt, "/dev/vdd", "/t-ext2-orphans", 0, NULL, orphan_list_body);
}

/*
 * Orphans written by hand into vda (a copy of vdd): inodes ORPHAN0 + i
 * near the end of group 0 (free in vdd), marked in use, no links, a regular file's mode,
 * linked by next[i] (an inode number, 0 at the end), the list's head
 * `head`. The counts are adjusted so the image is otherwise consistent.
 */
struct raw_orphans {
	unsigned n;
	u32 next[3];
	u16 links[3];
	u32 head;
};

#define BS	1024u		/* vdd's block size */
#define ORPHAN0	2030u		/* vdd: 2048 inodes per group */

static int write_orphans(const struct raw_orphans *o)
{
	struct ext2_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);
	struct ext2_group_desc d;
	u8 *blk = kmalloc(BS, GFP_KERNEL);
	int err = es && blk ? 0 : -ENOMEM;
	u32 first = ORPHAN0;

	if (!err)
		err = ext2t_copy_vdd_to_vda();
	if (!err)
		err = ext2t_read_super("/dev/vda", es);
	if (!err)
		err = ext2t_dev_rw("/dev/vda", 2 * BS, &d, sizeof(d), false);
	if (!err)
		err = ext2t_dev_rw("/dev/vda", (u64)d.bg_inode_bitmap * BS, blk, BS, false);
	for (unsigned i = 0; !err && i < o->n; i++) {
		if (ext2_test_bit(blk, first + i - 1))
			err = -EEXIST;		/* the image changed: pick others */
		ext2_set_bit(blk, first + i - 1);
	}
	if (!err)
		err = ext2t_dev_rw("/dev/vda", (u64)d.bg_inode_bitmap * BS, blk, BS, true);
	for (unsigned i = 0; !err && i < o->n; i++) {
		u64 off = (u64)d.bg_inode_table * BS + (u64)(first + i - 1) * es->s_inode_size;
		struct ext2_inode raw;

		memset(&raw, 0, sizeof(raw));
		raw.i_mode = S_IFREG | 0644;
		raw.i_links_count = o->links[i];
		raw.i_dtime = o->next[i];
		raw.i_atime = raw.i_ctime = raw.i_mtime = es->s_wtime;
		raw.i_generation = 77 + i;
		err = ext2t_dev_rw("/dev/vda", off, &raw, sizeof(raw), true);
	}
	if (!err) {
		d.bg_free_inodes_count = (u16)(d.bg_free_inodes_count - o->n);
		err = ext2t_dev_rw("/dev/vda", 2 * BS, &d, sizeof(d), true);
	}
	if (!err) {
		es->s_free_inodes_count -= o->n;
		es->s_last_orphan = o->head;
		err = ext2t_dev_rw("/dev/vda", EXT2_SUPERBLOCK_OFFSET, es, sizeof(*es), true);
	}
	kfree(es);
	kfree(blk);
	return err;
}

struct cleanup_case {
	const char *what;
	struct raw_orphans o;		/* next/head: 0 = end, 1000+i = orphan i, else as is */
	unsigned freed;			/* orphans the cleanup must free (the first ones) */
	bool error;			/* an error recorded */
};

static const struct cleanup_case cleanup_cases[] = {
	{ "a good list of three", { 3, { 1001, 1002, 0 }, { 0, 0, 0 }, 1000 }, 3, false },
	{ "a link to a reserved inode", { 2, { 1001, 5, 0 }, { 0, 0, 0 }, 1000 }, 2, true },
	{ "a loop", { 2, { 1001, 1000, 0 }, { 0, 0, 0 }, 1000 }, 2, true },
	{ "an orphan with links", { 2, { 1001, 0, 0 }, { 0, 1, 0 }, 1000 }, 1, true },
	{ "a link past the last inode", { 1, { 999999, 0, 0 }, { 0, 0, 0 }, 1000 }, 1, true },
};

static u32 resolve(u32 v)
{
	return v >= 1000 && v < 1003 ? ORPHAN0 + v - 1000 : v;
}

static void cleanup_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	char why[120] = "";

	KT_ASSERT_EQ(sbi->s_es->s_last_orphan, 0);
	KT_ASSERT(!check_counts(sb, why, sizeof(why)), "%s", why);
}

KTEST(ext2_orphan_cleanup_at_mount)
{
	static const char dir[] = "/t-ext2-cleanup";
	struct ext2_super_block *es = kmalloc(sizeof(*es), GFP_KERNEL);
	struct ext2_super_block *orig = kmalloc(sizeof(*orig), GFP_KERNEL);

	KT_ASSERT(es && orig, "no memory");
	KT_ASSERT_EQ(ext2t_read_super("/dev/vdd", orig), 0);
	for (unsigned i = 0; i < ARRAY_SIZE(cleanup_cases); i++) {
		const struct cleanup_case *cc = &cleanup_cases[i];
		struct raw_orphans o = cc->o;

		o.head = resolve(cc->o.head);
		for (unsigned k = 0; k < o.n; k++)
			o.next[k] = resolve(cc->o.next[k]);
		KT_ASSERT_EQ(write_orphans(&o), 0);
		ext2t_run(__kt, "/dev/vda", dir, 0, NULL, cleanup_body);
		KT_ASSERT(!__kt->failed, "%s", cc->what);
		KT_ASSERT_EQ(ext2t_read_super("/dev/vda", es), 0);
		KT_ASSERT(es->s_free_inodes_count == orig->s_free_inodes_count - (o.n - cc->freed),
			  "%s: %u free inodes, expected %u", cc->what, es->s_free_inodes_count,
			  orig->s_free_inodes_count - (o.n - cc->freed));
		KT_ASSERT(!!(es->s_state & EXT2_ERROR_FS) == cc->error, "%s: state %u", cc->what,
			  es->s_state);
		KT_ASSERT_EQ(es->s_last_orphan, 0);
	}
	kfree(es);
	kfree(orig);
}

/* rmdir and unlink give the inode back at once (no user left): the
 * counts return to where they were, and nothing stays on the orphan list. */
static void unlink_frees_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 free_inodes = sbi->s_free_inodes, free_blocks = sbi->s_free_blocks;
	char path[64];

	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/d%d", dir, i);
		KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, path, 0755), 0);
	}
	KT_ASSERT_EQ(sbi->s_free_inodes, free_inodes - 5);
	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/d%d", dir, i);
		KT_ASSERT_EQ(do_rmdir(AT_FDCWD, path), 0);
	}
	KT_ASSERT_EQ(sbi->s_free_inodes, free_inodes);
	KT_ASSERT_EQ(sbi->s_free_blocks, free_blocks);
	KT_ASSERT_EQ(sbi->s_es->s_last_orphan, 0);
}

KTEST(ext2_alloc_rmdir_frees_at_once)
{
	ext2t_run(__kt, "/dev/vdd", "/t-ext2-rmdir", 0, NULL, unlink_frees_body);
}

/* A directory removed while open is an orphan until its last close, which
 * frees it and takes it off the list. */
static void open_rmdir_body(struct ktest_ctx *__kt, struct super_block *sb, const char *dir)
{
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u64 free_inodes = sbi->s_free_inodes;
	struct file *f;
	char path[64];
	u32 head;

	snprintf(path, sizeof(path), "%s/open-dir", dir);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, path, 0755), 0);
	f = filp_open(path, O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, path), 0);
	head = sbi->s_es->s_last_orphan;
	KT_ASSERT_EQ(sbi->s_free_inodes, free_inodes - 1);
	fput(f);
	KT_ASSERT(head != 0, "not on the orphan list while open");
	KT_ASSERT_EQ(sbi->s_free_inodes, free_inodes);
	KT_ASSERT_EQ(sbi->s_es->s_last_orphan, 0);
}

KTEST(ext2_orphan_open_dir_freed_at_close)
{
	ext2t_run(__kt, "/dev/vdd", "/t-ext2-openrmdir", 0, NULL, open_rmdir_body);
}
