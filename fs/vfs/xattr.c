/*
 * Extended attributes, VFS side: name checks, permission, the handler for a
 * name's prefix, and the locking the rule table asks of xattr_handler
 * calls (->set with the inode's i_rwsem exclusive; ->get, ->list with no
 * lock), which the ops.h wrappers check at each call. Below it: the
 * filesystem's handlers, typically built on the in-memory store at the end
 * of this file. Above it: the *xattr syscalls.
 */
#include "fs/vfs/xattr.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/ops.h"
#include "fs/vfs/super.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"
#include "kernel/user/cred.h"
#include "fs/vfs/inode.h"
#include "mm/slab.h"

/* ------------------------------------------------------------ VFS side */

const struct xattr_handler *xattr_resolve_name(struct super_block *sb, const char **name)
{
	const struct xattr_handler *const *h;

	if (!sb->s_xattr)
		return ERR_PTR(-EOPNOTSUPP);
	for (h = sb->s_xattr; *h; h++) {
		size_t n = strlen((*h)->prefix);

		if (strncmp(*name, (*h)->prefix, n) != 0)
			continue;
		if ((*name)[n] == '\0')
			return ERR_PTR(-EINVAL);
		*name += n;
		return *h;
	}
	return ERR_PTR(-EOPNOTSUPP);
}

static int xattr_check_name(const char *name)
{
	size_t len;

	if (!name)
		return -EINVAL;
	len = strnlen(name, XATTR_NAME_MAX + 1);
	if (len == 0 || len > XATTR_NAME_MAX)
		return -ERANGE;
	return 0;
}

/*
 * Who may read or write an attribute, as Linux's xattr_permission():
 * trusted.* is root's alone (CAP_SYS_ADMIN: euid 0) — others get -EPERM
 * writing and -ENODATA reading, as if it were absent; user.* lives only
 * on regular files and directories (elsewhere the mode bits mean something
 * else: a device's belong to the device), and in a sticky directory only
 * its owner may write them; then the mode bits decide.
 */
static int xattr_permission(struct inode *inode, const char *name, int mask)
{
	if (strncmp(name, XATTR_TRUSTED_PREFIX, sizeof(XATTR_TRUSTED_PREFIX) - 1) == 0) {
		if (!capable_root())
			return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
		return 0;
	}
	if (strncmp(name, XATTR_USER_PREFIX, sizeof(XATTR_USER_PREFIX) - 1) == 0) {
		if (!S_ISREG(inode->i_mode) && !S_ISDIR(inode->i_mode))
			return (mask & MAY_WRITE) ? -EPERM : -ENODATA;
		if (S_ISDIR(inode->i_mode) && (inode->i_mode & S_ISVTX) && (mask & MAY_WRITE) &&
		    !inode_owner_or_capable(inode))
			return -EPERM;
	}
	return inode_permission(inode, mask);
}

/* The handler for *name (advanced past its prefix) if the caller may
 * access it with mask, or an ERR_PTR. */
static const struct xattr_handler *xattr_handler_for(struct inode *inode, const char **name,
						     int mask)
{
	int err = xattr_permission(inode, *name, mask);

	if (err)
		return ERR_PTR(err);
	return xattr_resolve_name(inode->i_sb, name);
}

/* Permission and handler, then ->set. Caller holds i_rwsem exclusive. */
static int vfs_setxattr_locked(struct dentry *dentry, const char *name,
			       const void *value, size_t size, int flags)
{
	struct inode *inode = d_inode(dentry);
	const struct xattr_handler *h;

	lockdep_assert_held_write(&inode->i_rwsem);

	h = xattr_handler_for(inode, &name, MAY_WRITE);
	if (IS_ERR(h))
		return PTR_ERR(h);
	if (!h->set)
		return -EOPNOTSUPP;
	return call_xattr_set(h, dentry, inode, name, value, size, flags);
}

/* Freeze protection and the inode's i_rwsem (exclusive) around a change. */
static int vfs_changexattr(struct dentry *dentry, const char *name,
			   const void *value, size_t size, int flags)
{
	struct inode *inode = d_inode(dentry);
	int err;

	if (inode->i_sb->s_flags & SB_RDONLY)
		return -EROFS;
	sb_start_write(inode->i_sb);
	inode_lock(inode);
	err = vfs_setxattr_locked(dentry, name, value, size, flags);
	inode_unlock(inode);
	sb_end_write(inode->i_sb);
	return err;
}

/* Takes the inode's i_rwsem exclusive; may sleep. */
int vfs_setxattr(struct dentry *dentry, const char *name, const void *value,
		 size_t size, int flags)
{
	int err;

	might_sleep();
	if (!d_inode(dentry))
		return -ENOENT;
	err = xattr_check_name(name);
	if (err)
		return err;
	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	if (size == 0)
		value = "";		/* an empty value, not a removal */
	else if (!value)
		return -EINVAL;
	return vfs_changexattr(dentry, name, value, size, flags);
}

/* Takes the inode's i_rwsem exclusive; may sleep. */
int vfs_removexattr(struct dentry *dentry, const char *name)
{
	int err;

	might_sleep();
	if (!d_inode(dentry))
		return -ENOENT;
	err = xattr_check_name(name);
	if (err)
		return err;
	return vfs_changexattr(dentry, name, NULL, 0, XATTR_REPLACE);
}

/* No lock; may sleep. */
ssize_t vfs_getxattr(struct dentry *dentry, const char *name, void *value, size_t size)
{
	struct inode *inode = d_inode(dentry);
	const struct xattr_handler *h;
	int err;

	might_sleep();
	if (!inode)
		return -ENOENT;
	err = xattr_check_name(name);
	if (err)
		return err;
	h = xattr_handler_for(inode, &name, MAY_READ);
	if (IS_ERR(h))
		return PTR_ERR(h);
	if (!h->get)
		return -EOPNOTSUPP;
	return call_xattr_get(h, dentry, inode, name, value, size);
}

/* ->listxattr, which the rule table calls with no lock; without one the
 * file has no attributes to list. May sleep. */
ssize_t vfs_listxattr(struct dentry *dentry, char *list, size_t size)
{
	struct inode *inode = d_inode(dentry);

	might_sleep();
	if (!inode)
		return -ENOENT;
	if (!inode->i_op->listxattr)
		return 0;
	return call_listxattr(dentry, list, size);
}

/* ------------------------------------------------- in-memory xattr store */

void simple_xattrs_init(struct simple_xattrs *xattrs)
{
	spin_lock_init(&xattrs->lock);
	INIT_LIST_HEAD(&xattrs->head);
}

static void simple_xattr_free(struct simple_xattr *x)
{
	kfree(x->name);
	kfree(x);
}

void simple_xattrs_free(struct simple_xattrs *xattrs)
{
	struct simple_xattr *x, *next;

	list_for_each_entry_safe(x, next, &xattrs->head, list)
		simple_xattr_free(x);
	INIT_LIST_HEAD(&xattrs->head);
}

static struct simple_xattr *simple_xattr_alloc(const char *name, const void *value,
					       size_t size)
{
	size_t len = strlen(name) + 1;
	struct simple_xattr *x = kmalloc(sizeof(*x) + size, GFP_KERNEL);

	if (!x)
		return NULL;
	x->name = kmalloc(len, GFP_KERNEL);
	if (!x->name) {
		kfree(x);
		return NULL;
	}
	memcpy(x->name, name, len);
	x->size = size;
	memcpy(x->value, value, size);
	return x;
}

/* Caller holds xattrs->lock. */
static struct simple_xattr *simple_xattr_find_locked(struct simple_xattrs *xattrs,
						     const char *name)
{
	struct simple_xattr *x;

	lockdep_assert_held(&xattrs->lock);
	list_for_each_entry(x, &xattrs->head, list)
		if (strcmp(x->name, name) == 0)
			return x;
	return NULL;
}

int simple_xattr_get(struct simple_xattrs *xattrs, const char *name, void *buffer,
		     size_t size)
{
	struct simple_xattr *x;
	int ret;

	spin_lock(&xattrs->lock);
	x = simple_xattr_find_locked(xattrs, name);
	if (!x) {
		ret = -ENODATA;
	} else {
		ret = (int)x->size;
		if (size && size < x->size)
			ret = -ERANGE;
		else if (size)
			memcpy(buffer, x->value, x->size);
	}
	spin_unlock(&xattrs->lock);
	return ret;
}

int simple_xattr_set(struct simple_xattrs *xattrs, const char *name,
		     const void *value, size_t size, int flags)
{
	struct simple_xattr *new = NULL, *old;
	int err = 0;

	if (value) {
		new = simple_xattr_alloc(name, value, size);
		if (!new)
			return -ENOMEM;
	}

	spin_lock(&xattrs->lock);
	old = simple_xattr_find_locked(xattrs, name);
	if (old && (flags & XATTR_CREATE)) {
		err = -EEXIST;
	} else if (!old && ((flags & XATTR_REPLACE) || !new)) {
		err = -ENODATA;
	} else {
		if (new)
			list_add(&new->list, old ? &old->list : xattrs->head.prev);
		if (old)
			list_del(&old->list);
		new = NULL;
	}
	spin_unlock(&xattrs->lock);

	if (err) {
		old = NULL;
		if (new)
			simple_xattr_free(new);
	}
	if (old)
		simple_xattr_free(old);
	return err;
}

/*
 * Every stored name is listed, except trusted.* for a caller that is not
 * root (CAP_SYS_ADMIN), as Linux.
 */
ssize_t simple_xattr_list(struct inode *inode, struct simple_xattrs *xattrs,
			  char *buffer, size_t size)
{
	bool trusted = capable_root();
	struct simple_xattr *x;
	size_t used = 0;
	ssize_t ret = 0;

	spin_lock(&xattrs->lock);
	list_for_each_entry(x, &xattrs->head, list) {
		size_t len = strlen(x->name) + 1;

		if (!trusted && !strncmp(x->name, XATTR_TRUSTED_PREFIX,
					 sizeof(XATTR_TRUSTED_PREFIX) - 1))
			continue;

		if (size) {
			if (size - used < len) {
				ret = -ERANGE;
				break;
			}
			memcpy(buffer + used, x->name, len);
		}
		used += len;
	}
	spin_unlock(&xattrs->lock);
	return ret ? ret : (ssize_t)used;
}
