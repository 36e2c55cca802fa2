/*
 * ext2 symbolic links. A fast symlink keeps its target (with the NUL) in
 * the 60 bytes of i_block and owns no block (i_blocks counts at most an
 * xattr block); a slow one keeps it in its block 0, i_size bytes then a
 * NUL. namei.c makes them; inode.c picks the operations at iget.
 *
 * ->get_link returns a string the caller copies at once. This VFS passes
 * no delayed_call (done is NULL), so nothing could free a per-call copy:
 * a slow symlink's target is read once into a kmalloc'ed copy that stays
 * with the inode (inode->i_private; a symlink's target never changes) and
 * is kfree'd when the inode is destroyed (ext2_destroy_inode, super.c).
 *
 * Above: the VFS (path walk, readlink). Below: inode.c (ext2_bread).
 * Locks: none; the target is constant once the inode is visible.
 */
#include "fs/ext2/ext2.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"
#include "mm/slab.h"

static const char *ext2_bad_symlink(struct inode *inode, const char *why)
{
	ext2_error(inode->i_sb, inode->i_ino, 0, "bad symlink: %s (size %lld)", why,
		   (long long)i_size_read(inode));
	return ERR_PTR(-EFSCORRUPTED);
}

/* The target in i_block: i_size bytes, NUL-terminated inside it. */
static const char *ext2_fast_get_link(struct dentry *dentry, struct inode *inode,
				      struct delayed_call *done)
{
	const char *target = (const char *)EXT2_I(inode)->i_data;
	loff_t size = i_size_read(inode);

	if (size <= 0 || size >= (loff_t)sizeof(EXT2_I(inode)->i_data))
		return ext2_bad_symlink(inode, "size does not fit i_block");
	if (strnlen(target, (size_t)size + 1) != (size_t)size)
		return ext2_bad_symlink(inode, "target not NUL-terminated at i_size");
	return target;
}

/* Read the target from block 0 into a new string. May sleep. */
static char *ext2_read_slow_link(struct inode *inode)
{
	loff_t size = i_size_read(inode);
	struct buffer_head *bh;
	char *copy;
	int err = 0;

	if (size <= 0 || size >= (loff_t)inode->i_sb->s_blocksize)
		return (char *)ext2_bad_symlink(inode, "size does not fit a block");
	bh = ext2_bread(inode, 0, false, &err);
	if (!bh)
		return err ? ERR_PTR(err) : (char *)ext2_bad_symlink(inode, "no block");
	if (strnlen(bh->b_data, (size_t)size) != (size_t)size) {
		brelse(bh);
		return (char *)ext2_bad_symlink(inode, "NUL inside the target");
	}
	copy = kmalloc((size_t)size + 1, GFP_KERNEL);
	if (copy) {
		memcpy(copy, bh->b_data, (size_t)size);
		copy[size] = '\0';
	}
	brelse(bh);
	return copy ? copy : ERR_PTR(-ENOMEM);
}

/* The target from block 0, cached with the inode. May sleep. */
static const char *ext2_get_link(struct dentry *dentry, struct inode *inode,
				 struct delayed_call *done)
{
	void *cached = __atomic_load_n(&inode->i_private, __ATOMIC_ACQUIRE);
	void *expected = NULL;
	char *copy;

	if (cached)
		return cached;
	might_sleep();
	copy = ext2_read_slow_link(inode);
	if (IS_ERR(copy))
		return copy;
	if (!__atomic_compare_exchange_n(&inode->i_private, &expected, copy, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kfree(copy);		/* another reader cached it first */
		return expected;
	}
	return copy;
}

const struct inode_operations ext2_fast_symlink_inode_operations = {
	.get_link = ext2_fast_get_link,
	.setattr = ext2_setattr,
	.getattr = ext2_getattr,
	.listxattr = ext2_listxattr,
};

const struct inode_operations ext2_symlink_inode_operations = {
	.get_link = ext2_get_link,
	.setattr = ext2_setattr,
	.getattr = ext2_getattr,
	.listxattr = ext2_listxattr,
};
