/*
 * ext2 extended attributes ("user." and "trusted."), in two places:
 *
 *  - the inode body of an inode larger than 128 bytes (ei->i_extra holds
 *    bytes 128..): i_extra_isize bytes of ext4 fields, then the magic
 *    EXT2_XATTR_MAGIC, the entries, a zero u32, and the values packed from
 *    the end of the inode down; value offsets count from the first entry.
 *    e_hash is 0 there, as e2fsprogs writes it.
 *  - one xattr block (i_file_acl): a header, the entries sorted by (name
 *    index, name length, name), a zero u32, the values packed from the end
 *    of the block down; value offsets count from the block's start. Each
 *    entry's e_hash and the header's h_hash are computed as e2fsprogs does
 *    (lib/ext2fs/ext_attr.c). A block may be shared by inodes with the same
 *    attributes (h_refcount): it is copied before a change and freed with
 *    its last reference.
 *
 * Everything read from disk is checked first (header, names, value
 * offsets and sizes inside the region, no value overlapping the entries or
 * another value); a bad region gives ext2_error() and -EFSCORRUPTED.
 *
 * A change reads every attribute into a list, edits it (a new value goes
 * into the inode body if it fits there, else into the block), and writes
 * back what changed, like e2fsprogs's ext2fs_xattrs_write().
 *
 * Above: the VFS's xattr handlers (set with the inode's i_rwsem
 * exclusive; get and list with no lock). Below: balloc.c for the block,
 * the buffer cache. Locks: ei->xattr_sem (read for get/list, write for
 * changes) over i_file_acl, i_extra and the block's contents; the buffer
 * lock while a block changes, so that concurrent holders of a shared block
 * see its refcount change atomically.
 */
#include "fs/ext2/ext2.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/xattr.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"
#include "kernel/user/cred.h"
#include "mm/slab.h"

#define EXT2_EXTRA_SIZE		128	/* sizeof(ei->i_extra) */
#define XATTR_HDR_SIZE		((unsigned)sizeof(struct ext2_xattr_header))
#define XATTR_ENTRY_SIZE	((unsigned)sizeof(struct ext2_xattr_entry))
#define XATTR_NEW_EXTRA_ISIZE	32	/* i_extra_isize given to an inode that had 0 (as mke2fs) */

/* One region of attributes: the inode body or the block. */
struct xregion {
	char *first;			/* the first entry */
	char *end;			/* the region's end */
	char *vbase;			/* what e_value_offs counts from */
};

/* One attribute of a change's list; name and value point into a copy. */
struct xitem {
	u8 index;
	u8 name_len;
	bool ibody;			/* in the inode body, else in the block */
	const char *name;
	const void *value;
	u32 size;
};

struct xlist {
	struct xitem *items;
	unsigned n, max;
	char *copy;			/* EXT2_EXTRA_SIZE + blocksize bytes the items point into */
};

static inline struct ext2_xattr_entry *xnext(struct ext2_xattr_entry *e)
{
	return (struct ext2_xattr_entry *)((char *)e + EXT2_XATTR_LEN(e->e_name_len));
}

static inline bool xlast(const void *e)
{
	return *(const u32 *)e == 0;
}

/* ------------------------------------------------------------ hashes */

#define NAME_HASH_SHIFT		5
#define VALUE_HASH_SHIFT	16
#define BLOCK_HASH_SHIFT	16

static inline u32 rol_hash(u32 hash, unsigned shift, u32 v)
{
	return (hash << shift) ^ (hash >> (32 - shift)) ^ v;
}

/* e2fsprogs's ext2fs_ext_attr_hash_entry: the name bytes (as signed
 * chars), then the value as little-endian words, zero-padded. */
static u32 xattr_entry_hash(const struct ext2_xattr_entry *e, const void *value)
{
	const signed char *name = (const signed char *)e->e_name;
	u32 hash = 0;

	for (unsigned i = 0; i < e->e_name_len; i++)
		hash = rol_hash(hash, NAME_HASH_SHIFT, (u32)(s32)name[i]);
	for (u32 off = 0; off < e->e_value_size; off += 4) {
		u32 w = 0;

		memcpy(&w, (const char *)value + off, e->e_value_size - off < 4 ? e->e_value_size - off : 4);
		hash = rol_hash(hash, VALUE_HASH_SHIFT, w);
	}
	return hash;
}

/* e2fsprogs's ext2fs_ext_attr_block_rehash: over the entries' hashes, 0
 * if one of them is 0. */
static void xattr_block_rehash(char *block)
{
	struct ext2_xattr_header *h = (void *)block;
	struct ext2_xattr_entry *e = (void *)(block + XATTR_HDR_SIZE);
	u32 hash = 0;

	for (; !xlast(e); e = xnext(e)) {
		if (!e->e_hash) {
			hash = 0;
			break;
		}
		hash = rol_hash(hash, BLOCK_HASH_SHIFT, e->e_hash);
	}
	h->h_hash = hash;
}

/* ------------------------------------------------------------ checks */

/* Whether the entries of r are well formed; *why says what is not. */
static bool xregion_entries_ok(const struct xregion *r, const char **why, char **entries_end)
{
	char *p = r->first;

	for (;;) {
		struct ext2_xattr_entry *e = (void *)p;

		if (r->end - p < 4) {
			*why = "entries do not end";
			return false;
		}
		if (xlast(e))
			break;
		if (r->end - p < (long)(XATTR_ENTRY_SIZE + 4) ||
		    r->end - p - 4 < (long)EXT2_XATTR_LEN(e->e_name_len)) {
			*why = "entry crosses the end";
			return false;
		}
		if (e->e_name_len == 0 || e->e_value_inum) {
			*why = "empty name or value in an inode";
			return false;
		}
		p = (char *)xnext(e);
	}
	*entries_end = p + 4;
	return true;
}

/* Whether the values of r lie after the entries, inside r, and apart. */
static bool xregion_values_ok(const struct xregion *r, char *entries_end, const char **why)
{
	struct ext2_xattr_entry *e, *f;

	for (e = (void *)r->first; !xlast(e); e = xnext(e)) {
		char *v = r->vbase + e->e_value_offs;

		if (!e->e_value_size)
			continue;
		if (v < entries_end || e->e_value_size > (u32)(r->end - v)) {
			*why = "value outside its region";
			return false;
		}
		for (f = (void *)r->first; f != e; f = xnext(f)) {
			char *w = r->vbase + f->e_value_offs;

			if (f->e_value_size && v < w + EXT2_XATTR_SIZE(f->e_value_size) &&
			    w < v + EXT2_XATTR_SIZE(e->e_value_size)) {
				*why = "values overlap";
				return false;
			}
		}
	}
	return true;
}

static int xregion_check(struct inode *inode, u64 block, const struct xregion *r)
{
	const char *why;
	char *entries_end;

	if (xregion_entries_ok(r, &why, &entries_end) && xregion_values_ok(r, entries_end, &why))
		return 0;
	ext2_error(inode->i_sb, inode->i_ino, block, "bad xattr %s: %s",
		   block ? "block" : "area in the inode", why);
	return -EFSCORRUPTED;
}

/* ------------------------------------------------------------ regions */

/* Bytes of the inode body past 128 that hold in-inode attributes: those
 * of a 256-byte inode, all in ei->i_extra. A larger inode's attributes
 * may reach past what ei->i_extra keeps: they are not used (0). */
static unsigned ibody_area(struct inode *inode)
{
	unsigned isz = EXT2_SB(inode->i_sb)->s_inode_size;

	if (isz != EXT2_GOOD_OLD_INODE_SIZE + EXT2_EXTRA_SIZE)
		return 0;
	return EXT2_EXTRA_SIZE;
}

static inline unsigned ibody_isize(const u8 *extra)
{
	return extra[0] | (unsigned)extra[1] << 8;
}

/* The in-inode region of extra (ei->i_extra or a copy): 1 if it has
 * attributes, 0 if not, -EFSCORRUPTED. xattr_sem held. */
static int ibody_region(struct inode *inode, u8 *extra, struct xregion *r)
{
	unsigned area = ibody_area(inode), isize = ibody_isize(extra);
	u32 magic;

	if (!area || isize < 2 || isize + 4 >= area)
		return 0;
	if (isize & 3) {
		ext2_error(inode->i_sb, inode->i_ino, 0, "i_extra_isize %u not a multiple of 4", isize);
		return -EFSCORRUPTED;
	}
	memcpy(&magic, extra + isize, 4);
	if (magic != EXT2_XATTR_MAGIC)
		return 0;
	r->first = (char *)extra + isize + 4;
	r->end = (char *)extra + area;
	r->vbase = r->first;
	return xregion_check(inode, 0, r) ?: 1;
}

static void block_region(struct inode *inode, char *data, struct xregion *r)
{
	r->first = data + XATTR_HDR_SIZE;
	r->end = data + inode->i_sb->s_blocksize;
	r->vbase = data;
}

/* The xattr block, read and checked; NULL with *err 0 if there is none.
 * xattr_sem held. */
static struct buffer_head *xattr_block_read(struct inode *inode, int *err)
{
	struct super_block *sb = inode->i_sb;
	u32 blk = EXT2_I(inode)->i_file_acl;
	struct ext2_xattr_header *h;
	struct buffer_head *bh;
	struct xregion r;

	*err = 0;
	if (!blk)
		return NULL;
	if (!ext2_data_block_valid(sb, blk, 1)) {
		ext2_error(sb, inode->i_ino, blk, "xattr block out of range");
		*err = -EFSCORRUPTED;
		return NULL;
	}
	bh = sb_bread(sb, blk);
	if (!bh) {
		*err = -EIO;
		return NULL;
	}
	h = (void *)bh->b_data;
	if (h->h_magic != EXT2_XATTR_MAGIC || h->h_blocks != 1 || h->h_refcount == 0) {
		ext2_error(sb, inode->i_ino, blk, "bad xattr block header");
		*err = -EFSCORRUPTED;
	} else {
		block_region(inode, bh->b_data, &r);
		*err = xregion_check(inode, blk, &r);
	}
	if (*err) {
		brelse(bh);
		return NULL;
	}
	return bh;
}

/* ------------------------------------------------------------ get, list */

static struct ext2_xattr_entry *xregion_find(const struct xregion *r, int index, const char *name,
					     size_t len)
{
	struct ext2_xattr_entry *e;

	for (e = (void *)r->first; !xlast(e); e = xnext(e))
		if (e->e_name_index == index && e->e_name_len == len && !memcmp(e->e_name, name, len))
			return e;
	return NULL;
}

/* Copy e's value (of r) to buffer: its size, or -ERANGE. */
static int xattr_copy_value(const struct xregion *r, const struct ext2_xattr_entry *e, void *buffer,
			    size_t size)
{
	if (buffer) {
		if (e->e_value_size > size)
			return -ERANGE;
		memcpy(buffer, r->vbase + e->e_value_offs, e->e_value_size);
	}
	return (int)e->e_value_size;
}

/* The value of (index, name): its size, -ENODATA, -ERANGE, -EFSCORRUPTED,
 * -EIO. Takes xattr_sem shared; may sleep. */
static int ext2_xattr_get(struct inode *inode, int index, const char *name, void *buffer,
			  size_t size)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	size_t len = strlen(name);
	struct ext2_xattr_entry *e;
	struct buffer_head *bh;
	struct xregion r;
	int err;

	might_sleep();
	if (len > EXT2_NAME_LEN)
		return -ERANGE;
	down_read(&ei->xattr_sem);
	err = ibody_region(inode, ei->i_extra, &r);
	if (err > 0 && (e = xregion_find(&r, index, name, len))) {
		err = xattr_copy_value(&r, e, buffer, size);
		goto out;
	}
	if (err < 0)
		goto out;
	bh = xattr_block_read(inode, &err);
	if (bh) {
		block_region(inode, bh->b_data, &r);
		e = xregion_find(&r, index, name, len);
		err = e ? xattr_copy_value(&r, e, buffer, size) : -ENODATA;
		brelse(bh);
	} else if (!err) {
		err = -ENODATA;
	}
out:
	up_read(&ei->xattr_sem);
	return err;
}

static const struct xattr_handler *xattr_handler_of(int index);

/* Append the names of r's attributes that their handler lists. */
static ssize_t xregion_list(struct dentry *dentry, const struct xregion *r, char *list, size_t size,
			    size_t done)
{
	struct ext2_xattr_entry *e;

	for (e = (void *)r->first; !xlast(e); e = xnext(e)) {
		const struct xattr_handler *h = xattr_handler_of(e->e_name_index);
		size_t plen, need;

		if (!h || (h->list && !h->list(dentry)))
			continue;
		plen = strlen(h->prefix);
		need = plen + e->e_name_len + 1;
		if (list) {
			if (done + need > size)
				return -ERANGE;
			memcpy(list + done, h->prefix, plen);
			memcpy(list + done + plen, e->e_name, e->e_name_len);
			list[done + need - 1] = '\0';
		}
		done += need;
	}
	return (ssize_t)done;
}

/* ->listxattr: the names, each NUL-terminated; with size 0 the length
 * only. -ERANGE if size is too small. No VFS lock; takes xattr_sem
 * shared. */
ssize_t ext2_listxattr(struct dentry *dentry, char *list, size_t size)
{
	struct inode *inode = d_inode(dentry);
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct buffer_head *bh;
	struct xregion r;
	ssize_t done = 0;
	int err;

	might_sleep();
	if (!size)
		list = NULL;
	down_read(&ei->xattr_sem);
	err = ibody_region(inode, ei->i_extra, &r);
	if (err > 0)
		done = xregion_list(dentry, &r, list, size, 0);
	else
		done = err;
	if (done < 0)
		goto out;
	bh = xattr_block_read(inode, &err);
	if (bh) {
		block_region(inode, bh->b_data, &r);
		done = xregion_list(dentry, &r, list, size, (size_t)done);
		brelse(bh);
	} else if (err) {
		done = err;
	}
out:
	up_read(&ei->xattr_sem);
	return done;
}

/* ------------------------------------------------------------ the list of a change */

static int xlist_alloc(struct xlist *l, struct super_block *sb)
{
	l->n = 0;
	l->max = (unsigned)(sb->s_blocksize / (XATTR_ENTRY_SIZE + 4)) + EXT2_EXTRA_SIZE / XATTR_ENTRY_SIZE + 2;
	l->items = kmalloc(l->max * sizeof(*l->items), GFP_KERNEL);
	l->copy = kmalloc(EXT2_EXTRA_SIZE + sb->s_blocksize, GFP_KERNEL);
	if (l->items && l->copy)
		return 0;
	kfree(l->items);
	kfree(l->copy);
	return -ENOMEM;
}

static void xlist_free(struct xlist *l)
{
	kfree(l->items);
	kfree(l->copy);
}

static void xlist_insert(struct xlist *l, unsigned at, const struct xitem *it)
{
	memmove(&l->items[at + 1], &l->items[at], (l->n - at) * sizeof(*it));
	l->items[at] = *it;
	l->n++;
}

static void xlist_add_region(struct xlist *l, const struct xregion *r, bool ibody)
{
	struct ext2_xattr_entry *e;

	for (e = (void *)r->first; !xlast(e) && l->n < l->max; e = xnext(e)) {
		struct xitem it = {
			.index = e->e_name_index, .name_len = e->e_name_len, .ibody = ibody,
			.name = e->e_name, .value = r->vbase + e->e_value_offs,
			.size = e->e_value_size,
		};
		xlist_insert(l, l->n, &it);
	}
}

/* Read every attribute into l (from copies); *bhp gets the block's buffer
 * (or NULL). xattr_sem held for writing. */
static int xlist_load(struct inode *inode, struct xlist *l, struct buffer_head **bhp)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	char *bcopy = l->copy + EXT2_EXTRA_SIZE;
	struct xregion r;
	int err;

	memcpy(l->copy, ei->i_extra, EXT2_EXTRA_SIZE);
	err = ibody_region(inode, (u8 *)l->copy, &r);
	if (err < 0)
		return err;
	if (err > 0)
		xlist_add_region(l, &r, true);
	*bhp = xattr_block_read(inode, &err);
	if (!*bhp)
		return err;
	memcpy(bcopy, (*bhp)->b_data, inode->i_sb->s_blocksize);
	block_region(inode, bcopy, &r);
	xlist_add_region(l, &r, false);
	return 0;
}

static int xitem_cmp(const struct xitem *a, const struct xitem *b)
{
	if (a->index != b->index)
		return a->index - b->index;
	if (a->name_len != b->name_len)
		return a->name_len - b->name_len;
	return memcmp(a->name, b->name, a->name_len);
}

static unsigned xitem_space(const struct xitem *it)
{
	return EXT2_XATTR_LEN(it->name_len) + EXT2_XATTR_SIZE(it->size);
}

/* Bytes the items of one place use. */
static unsigned xlist_used(const struct xlist *l, bool ibody)
{
	unsigned used = 0;

	for (unsigned i = 0; i < l->n; i++)
		if (l->items[i].ibody == ibody)
			used += xitem_space(&l->items[i]);
	return used;
}

/* Room for attributes in the inode body (after the magic and with the
 * final zero), 0 if it has none. */
static unsigned ibody_room(struct inode *inode)
{
	unsigned area = ibody_area(inode), isize = ibody_isize(EXT2_I(inode)->i_extra);

	if (isize == 0)
		isize = XATTR_NEW_EXTRA_ISIZE;
	if (!area || isize & 3 || isize + 8 > area)
		return 0;
	return area - isize - 8;
}

/* Put it into the inode body if it fits there, else into the block at its
 * sorted place. -ENOSPC if neither has room. */
static int xlist_place(struct inode *inode, struct xlist *l, struct xitem *it)
{
	unsigned blk_room = (unsigned)inode->i_sb->s_blocksize - XATTR_HDR_SIZE - 4;
	unsigned i;

	if (l->n >= l->max)
		return -ENOSPC;
	if (xlist_used(l, true) + xitem_space(it) <= ibody_room(inode)) {
		it->ibody = true;
		xlist_insert(l, 0, it);
		return 0;
	}
	if (xlist_used(l, false) + xitem_space(it) > blk_room)
		return -ENOSPC;
	it->ibody = false;
	for (i = 0; i < l->n; i++)
		if (!l->items[i].ibody && xitem_cmp(it, &l->items[i]) < 0)
			break;
	xlist_insert(l, i, it);
	return 0;
}

/* ------------------------------------------------------------ writing */

/* Write the items of one place into r (zeroed first): entries from
 * r->first, values from r->end down. With hash, each e_hash. */
static void xregion_pack(const struct xregion *r, const struct xlist *l, bool ibody, bool hash)
{
	char *p = r->first, *vend = r->end;

	memset(r->first, 0, (size_t)(r->end - r->first));
	for (unsigned i = 0; i < l->n; i++) {
		const struct xitem *it = &l->items[i];
		struct ext2_xattr_entry *e = (void *)p;

		if (it->ibody != ibody)
			continue;
		e->e_name_len = it->name_len;
		e->e_name_index = it->index;
		e->e_value_size = it->size;
		memcpy(e->e_name, it->name, it->name_len);
		if (it->size) {
			vend -= EXT2_XATTR_SIZE(it->size);
			memcpy(vend, it->value, it->size);
			e->e_value_offs = (le16)(vend - r->vbase);
		}
		if (hash)
			e->e_hash = xattr_entry_hash(e, vend);
		p = (char *)xnext(e);
	}
}

/* Rewrite the attributes of the inode body (ei->i_extra). */
static void ibody_write(struct inode *inode, const struct xlist *l)
{
	u8 *extra = EXT2_I(inode)->i_extra;
	unsigned isize = ibody_isize(extra), area = ibody_area(inode);
	bool any = false;
	struct xregion r;
	u32 magic = EXT2_XATTR_MAGIC;

	for (unsigned i = 0; i < l->n; i++)
		any |= l->items[i].ibody;
	if (!area || (!any && (isize < 2 || isize + 4 >= area)))
		return;
	if (isize == 0) {
		isize = XATTR_NEW_EXTRA_ISIZE;
		memset(extra, 0, isize);
		extra[0] = (u8)isize;
	}
	memset(extra + isize, 0, area - isize);
	if (!any)
		return;
	memcpy(extra + isize, &magic, 4);
	r.first = r.vbase = (char *)extra + isize + 4;
	r.end = (char *)extra + area;
	xregion_pack(&r, l, true, false);
}

/* Drop the inode's reference to the block in bh: free it if it was the
 * last (its buffer forgotten, so no stale write lands on the block's next
 * owner), else decrement h_refcount and uncharge the inode. */
static void xattr_block_release(struct inode *inode, struct buffer_head *bh)
{
	struct ext2_xattr_header *h = (void *)bh->b_data;
	bool last;

	lock_buffer(bh);
	last = h->h_refcount <= 1;
	if (last)
		clear_buffer_dirty(bh);
	else
		h->h_refcount--;
	unlock_buffer(bh);
	if (last) {
		ext2_free_blocks(inode, (u32)bh->b_blocknr, 1);
	} else {
		mark_buffer_dirty(bh);
		inode->i_blocks -= inode->i_sb->s_blocksize >> 9;
	}
}

/* A new block holding data (refcount 1) for the inode. */
static int xattr_block_new(struct inode *inode, const char *data, u32 *blkp)
{
	struct super_block *sb = inode->i_sb;
	struct ext2_sb_info *sbi = EXT2_SB(sb);
	u32 goal = EXT2_I(inode)->i_block_group * (u32)sbi->s_blocks_per_group + sbi->s_first_data_block;
	struct buffer_head *bh;
	unsigned count = 1;
	int err;

	err = ext2_new_blocks(inode, goal, &count, blkp);
	if (err)
		return err;
	bh = sb_getblk(sb, *blkp);
	if (!bh) {
		ext2_free_blocks(inode, *blkp, 1);
		return -ENOMEM;
	}
	lock_buffer(bh);
	memcpy(bh->b_data, data, sb->s_blocksize);
	set_buffer_uptodate(bh);
	unlock_buffer(bh);
	mark_buffer_dirty(bh);
	brelse(bh);
	return 0;
}

/* Make the block hold l's block items (data: a scratch block), in place
 * if the inode owns it alone, else in a new block; none: drop it. */
static int xattr_block_write(struct inode *inode, const struct xlist *l, struct buffer_head *old,
			     char *data)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct ext2_xattr_header *h = (void *)data;
	bool any = false;
	struct xregion r;
	u32 blk;
	int err;

	for (unsigned i = 0; i < l->n; i++)
		any |= !l->items[i].ibody;
	if (!any) {
		if (old)
			xattr_block_release(inode, old);
		ei->i_file_acl = 0;
		return 0;
	}
	memset(data, 0, XATTR_HDR_SIZE);
	h->h_magic = EXT2_XATTR_MAGIC;
	h->h_refcount = 1;
	h->h_blocks = 1;
	block_region(inode, data, &r);
	xregion_pack(&r, l, false, true);
	xattr_block_rehash(data);
	if (old && ((struct ext2_xattr_header *)old->b_data)->h_refcount == 1) {
		lock_buffer(old);
		memcpy(old->b_data, data, inode->i_sb->s_blocksize);
		unlock_buffer(old);
		mark_buffer_dirty(old);
		return 0;
	}
	err = xattr_block_new(inode, data, &blk);
	if (err)
		return err;
	if (old)
		xattr_block_release(inode, old);
	ei->i_file_acl = blk;
	return 0;
}

/* Whether l has block items that differ from what old holds. */
static bool xattr_block_changed(struct inode *inode, const struct xlist *l, struct buffer_head *old,
				char *scratch)
{
	struct xregion r;

	if (!old)
		return true;
	memcpy(scratch, old->b_data, inode->i_sb->s_blocksize);
	block_region(inode, scratch, &r);
	xregion_pack(&r, l, false, true);
	return memcmp(scratch, old->b_data, inode->i_sb->s_blocksize) != 0;
}

/* ------------------------------------------------------------ set */

struct xset {
	int index;
	const char *name;
	size_t len;
	const void *value;		/* NULL: remove */
	size_t size;
	int flags;			/* XATTR_CREATE, XATTR_REPLACE */
};

/* Apply s to l: the flags' checks, removal of the old item, placement of
 * the new one. The two flags say which places changed. */
static int xlist_apply(struct inode *inode, struct xlist *l, const struct xset *s,
		       bool *ibody_changed, bool *block_changed)
{
	struct xitem it = { .index = (u8)s->index, .name_len = (u8)s->len, .name = s->name,
			    .value = s->value, .size = (u32)s->size };
	unsigned i;
	int err;

	for (i = 0; i < l->n; i++)
		if (!xitem_cmp(&it, &l->items[i]))
			break;
	if (i < l->n && (s->flags & XATTR_CREATE))
		return -EEXIST;
	if (i == l->n && (s->flags & XATTR_REPLACE || !s->value))
		return -ENODATA;
	if (i < l->n) {
		*(l->items[i].ibody ? ibody_changed : block_changed) = true;
		memmove(&l->items[i], &l->items[i + 1], (l->n - i - 1) * sizeof(it));
		l->n--;
	}
	if (!s->value)
		return 0;
	err = xlist_place(inode, l, &it);
	if (!err)
		*(it.ibody ? ibody_changed : block_changed) = true;
	return err;
}

/* Write what changed. xattr_sem held for writing. */
static int xattr_commit(struct inode *inode, struct xlist *l, struct buffer_head *old,
			bool ibody_changed, bool block_changed, char *scratch)
{
	int err = 0;

	if (block_changed && xattr_block_changed(inode, l, old, scratch))
		err = xattr_block_write(inode, l, old, scratch);
	if (err)
		return err;
	if (ibody_changed)
		ibody_write(inode, l);
	inode->i_ctime = current_time(inode);
	mark_inode_dirty(inode);
	return 0;
}

/* Create, replace or (value NULL) remove (index, name). The inode's
 * i_rwsem exclusive (the VFS's ->set); takes xattr_sem. -EEXIST, -ENODATA,
 * -ERANGE (name or value too long), -ENOSPC, -EFSCORRUPTED, -EIO;
 * -EOPNOTSUPP on a filesystem without the ext_attr feature. */
static int ext2_xattr_set(struct inode *inode, const struct xset *s)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	bool ibody_changed = false, block_changed = false;
	struct buffer_head *old = NULL;
	struct xlist l;
	char *scratch;
	int err;

	lockdep_assert_held_write(&inode->i_rwsem);
	if (!ext2_has_compat(inode->i_sb, EXT2_FEATURE_COMPAT_EXT_ATTR))
		return -EOPNOTSUPP;
	if (s->len > EXT2_NAME_LEN || s->size > inode->i_sb->s_blocksize)
		return -ERANGE;
	if (xlist_alloc(&l, inode->i_sb))
		return -ENOMEM;
	scratch = kmalloc(inode->i_sb->s_blocksize, GFP_KERNEL);
	if (!scratch) {
		xlist_free(&l);
		return -ENOMEM;
	}
	down_write(&ei->xattr_sem);
	err = xlist_load(inode, &l, &old);
	if (!err)
		err = xlist_apply(inode, &l, s, &ibody_changed, &block_changed);
	if (!err)
		err = xattr_commit(inode, &l, old, ibody_changed, block_changed, scratch);
	up_write(&ei->xattr_sem);
	brelse(old);
	kfree(scratch);
	xlist_free(&l);
	return err;
}

/* Eviction of an unlinked inode: drop its block reference (the block is
 * freed with the last one). A bad block is reported and left alone. */
void ext2_xattr_delete_inode(struct inode *inode)
{
	struct ext2_inode_info *ei = EXT2_I(inode);
	struct buffer_head *bh;
	int err;

	down_write(&ei->xattr_sem);
	bh = xattr_block_read(inode, &err);
	if (bh) {
		xattr_block_release(inode, bh);
		brelse(bh);
	}
	ei->i_file_acl = 0;
	up_write(&ei->xattr_sem);
}

/* ------------------------------------------------------------ handlers */

static int ext2_xattr_handler_get(const struct xattr_handler *h, struct dentry *dentry,
				  struct inode *inode, const char *name, void *buffer, size_t size)
{
	return ext2_xattr_get(inode, h->flags, name, size ? buffer : NULL, size);
}

static int ext2_xattr_handler_set(const struct xattr_handler *h, struct dentry *dentry,
				  struct inode *inode, const char *name, const void *value,
				  size_t size, int flags)
{
	struct xset s = { .index = h->flags, .name = name, .len = strlen(name), .value = value,
			  .size = value ? size : 0, .flags = flags };

	return ext2_xattr_set(inode, &s);
}

static bool ext2_xattr_trusted_list(struct dentry *dentry)
{
	return capable_root();
}

static const struct xattr_handler ext2_xattr_user_handler = {
	.prefix = XATTR_USER_PREFIX,
	.flags = EXT2_XATTR_INDEX_USER,
	.get = ext2_xattr_handler_get,
	.set = ext2_xattr_handler_set,
};

static const struct xattr_handler ext2_xattr_trusted_handler = {
	.prefix = XATTR_TRUSTED_PREFIX,
	.flags = EXT2_XATTR_INDEX_TRUSTED,
	.list = ext2_xattr_trusted_list,
	.get = ext2_xattr_handler_get,
	.set = ext2_xattr_handler_set,
};

const struct xattr_handler *const ext2_xattr_handlers[] = {
	&ext2_xattr_user_handler,
	&ext2_xattr_trusted_handler,
	NULL,
};

/* The handler of a name index, NULL for the ones not supported. */
static const struct xattr_handler *xattr_handler_of(int index)
{
	switch (index) {
	case EXT2_XATTR_INDEX_USER: return &ext2_xattr_user_handler;
	case EXT2_XATTR_INDEX_TRUSTED: return &ext2_xattr_trusted_handler;
	}
	return NULL;
}
