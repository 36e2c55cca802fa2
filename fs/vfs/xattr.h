/*
 * Extended attributes: name/value pairs beside a file's data, in
 * namespaces by prefix ("user.", "trusted."). The VFS side picks the
 * filesystem's handler for a name's prefix from sb->s_xattr and calls it
 * under the locks the rule table names: ->set (and so removal) with the
 * inode's i_rwsem exclusive, ->get and ->list with none.
 *
 * struct simple_xattrs is an in-memory store a filesystem can embed in its
 * inode (tmpfs does): a list of attributes under a spinlock.
 *
 * All buffers here are kernel memory; the syscalls copy from and to user
 * space around these calls.
 */
#ifndef FS_VFS_XATTR_H
#define FS_VFS_XATTR_H

#include "fs/vfs/fs.h"

#define XATTR_NAME_MAX		255	/* chars in a name, with the prefix */
#define XATTR_SIZE_MAX		65536	/* bytes in a value */
#define XATTR_LIST_MAX		65536	/* bytes in a listxattr result */

#define XATTR_USER_PREFIX	"user."
#define XATTR_TRUSTED_PREFIX	"trusted."

/*
 * The VFS operations. name is the full name ("user.colour"). get returns
 * the value's length (with size 0: the length only), -ERANGE when size is
 * too small, -ENODATA when absent, -EOPNOTSUPP when no handler takes the
 * prefix. set: flags XATTR_CREATE (-EEXIST if present) or XATTR_REPLACE
 * (-ENODATA if absent); a zero-length value is stored, not removed; -EROFS
 * on a read-only superblock, -E2BIG over XATTR_SIZE_MAX. list writes the
 * names, each NUL-terminated, and returns their total length. All may sleep;
 * set and remove take the inode's i_rwsem exclusive (the caller must not
 * hold it), get and list take nothing.
 */
ssize_t vfs_getxattr(struct dentry *dentry, const char *name, void *value, size_t size);
int vfs_setxattr(struct dentry *dentry, const char *name, const void *value,
		 size_t size, int flags);
ssize_t vfs_listxattr(struct dentry *dentry, char *list, size_t size);
int vfs_removexattr(struct dentry *dentry, const char *name);

/* The handler of sb for name's prefix (*name is advanced past the prefix),
 * or ERR_PTR(-EOPNOTSUPP), or ERR_PTR(-EINVAL) for a bare prefix. */
const struct xattr_handler *xattr_resolve_name(struct super_block *sb, const char **name);

/* The full name from the suffix a handler was given. */
static inline const char *xattr_full_name(const struct xattr_handler *handler,
					  const char *name)
{
	size_t len = 0;

	while (handler->prefix[len])
		len++;
	return name - len;
}

/* ------------------------------------------------- in-memory xattr store */

struct simple_xattr {
	struct list_head list;		/* the store's lock */
	char *name;			/* const: full name, kmalloc'ed */
	size_t size;			/* const */
	char value[];			/* const */
};

struct simple_xattrs {
	spinlock_t lock;
	struct list_head head;		/* lock: struct simple_xattr */
};

void simple_xattrs_init(struct simple_xattrs *xattrs);
/* Free every attribute (the inode is going away: no lock needed). */
void simple_xattrs_free(struct simple_xattrs *xattrs);
/* Copy the value of name into buffer; errors as vfs_getxattr(). Takes
 * the store's lock; does not sleep. */
int simple_xattr_get(struct simple_xattrs *xattrs, const char *name, void *buffer,
		     size_t size);
/* Create, replace or (value NULL) remove name; errors as vfs_setxattr(),
 * -ENOMEM. Takes the store's lock; does not sleep. The caller serialises
 * setters (a handler's ->set runs under the inode's i_rwsem). */
int simple_xattr_set(struct simple_xattrs *xattrs, const char *name,
		     const void *value, size_t size, int flags);
/* The names, NUL-separated, of the attributes the inode's handlers would
 * list; -ERANGE if size (non-zero) is too small. Takes the store's lock. */
ssize_t simple_xattr_list(struct inode *inode, struct simple_xattrs *xattrs,
			  char *buffer, size_t size);

#endif
