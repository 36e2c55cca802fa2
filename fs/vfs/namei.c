/*
 * Path walking and the directory operations.
 *
 * A lookup first tries RCU-walk (walk_rcu below): no locks, no references,
 * every step validated by the dentries' d_seq counts. When that cannot
 * finish, it walks again in ref-walk.
 *
 * Ref-walk: start at the root, take each component in turn,
 * holding a reference on the current directory and mount. A component is
 * found in the dcache (d_lookup, then ->d_revalidate if the filesystem has
 * one) or, on a miss, by ->lookup with the directory's i_rwsem held shared.
 * Mounts are crossed downwards after each step and upwards on "..".
 * Symbolic links are followed by walking their target from the directory
 * that holds them, at most MAXSYMLINKS in one walk (-ELOOP).
 *
 * Directory operations lock the parent's i_rwsem exclusive (subclass
 * I_MUTEX_PARENT), look the last component up under it, lock the victim's
 * i_rwsem for unlink/rmdir/rename, and call the filesystem through the
 * checked wrappers of ops.h. Cross-directory rename takes the superblock's
 * s_vfs_rename_sem first and then both parents, ancestor first, so that
 * no two renames can lock the same pair of directories in opposite orders
 * (docs/locking.rst has the full argument).
 */
#include "fs/vfs/namei.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/super.h"
#include "fs/vfs/ops.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/slab.h"

#define MAX_NESTED_LINKS 8

struct nameidata {
	struct path path;		/* where the walk stands (references held) */
	struct path root;		/* "/" (references held) */
	struct qstr last;		/* the final component, when stopping before it */
	bool last_dotdot;		/* the final component is "." or ".." */
	bool stop_at_last;		/* parent lookups: do not step into the last one */
	bool must_be_dir;		/* a trailing slash */
	int total_links;
	int depth;			/* symlink nesting */
};

void path_get(const struct path *path)
{
	mntget(path->mnt);
	dget(path->dentry);
}

void path_put(const struct path *path)
{
	dput(path->dentry);
	mntput(path->mnt);
}

int inode_permission(struct inode *inode, int mask)
{
	if (inode->i_op->permission)
		return call_permission(inode, mask);
	return generic_permission(inode, mask);
}

static void nd_init(struct nameidata *nd)
{
	memset(nd, 0, sizeof(*nd));
	get_fs_root(&nd->root);
	nd->path = nd->root;
	path_get(&nd->path);
}

static void nd_done(struct nameidata *nd)
{
	path_put(&nd->path);
	path_put(&nd->root);
}

static void nd_set_path(struct nameidata *nd, struct vfsmount *mnt, struct dentry *d)
{
	path_put(&nd->path);
	nd->path.mnt = mnt;
	nd->path.dentry = d;
}

/* Look name up under dir (a reference is returned, possibly negative), in
 * the dcache or through ->lookup with dir's i_rwsem held shared. */
static struct dentry *lookup_slow(struct dentry *dir, const struct qstr *name, unsigned flags)
{
	struct inode *inode = d_inode(dir);
	struct dentry *d, *old;

	might_sleep();
	inode_lock_shared(inode);
	d = d_lookup(dir, name);
	if (!d) {
		d = d_alloc(dir, name);
		if (!d) {
			d = ERR_PTR(-ENOMEM);
		} else {
			old = call_lookup(inode, d, flags);
			if (old) {
				dput(d);
				d = old;
			}
		}
	}
	inode_unlock_shared(inode);
	return d;
}

static struct dentry *lookup_dentry(struct dentry *dir, const char *name, u32 len, unsigned flags)
{
	struct qstr q = { .name = name, .len = len };
	struct dentry *d;

	q.hash = full_name_hash(dir, name, len);
	if (dir->d_flags & DCACHE_OP_HASH) {
		int err = call_d_hash(dir, &q, false);
		if (err)
			return ERR_PTR(err);
	}
	d = d_lookup(dir, &q);
	if (d && (d->d_flags & DCACHE_OP_REVALIDATE)) {
		int valid = call_d_revalidate(d, flags, false);
		if (valid <= 0) {
			d_drop(d);
			dput(d);
			if (valid < 0)
				return ERR_PTR(valid);
			d = NULL;
		}
	}
	return d ? d : lookup_slow(dir, &q, flags);
}

static void follow_dotdot(struct nameidata *nd)
{
	for (;;) {
		if (nd->path.dentry == nd->root.dentry && nd->path.mnt == nd->root.mnt)
			return;
		if (nd->path.dentry != nd->path.mnt->mnt_root)
			break;
		if (!follow_up(&nd->path))
			return;
	}
	nd_set_path(nd, mntget(nd->path.mnt), dget_parent(nd->path.dentry));
}

static int walk_path(struct nameidata *nd, const char *name, bool follow_last);

/* Walk the target of the symlink `link` (a dentry under nd->path). */
static int follow_link(struct nameidata *nd, struct dentry *link)
{
	struct inode *inode = d_inode(link);
	const char *target;
	char *copy;
	int err;

	if (++nd->total_links > MAXSYMLINKS || nd->depth >= MAX_NESTED_LINKS)
		return -ELOOP;
	if (!inode->i_op->get_link)
		return -EINVAL;
	target = call_get_link(link, inode, NULL);
	if (IS_ERR(target))
		return (int)PTR_ERR(target);
	copy = kmalloc(strlen(target) + 1, GFP_KERNEL);	/* the inode may go */
	if (!copy)
		return -ENOMEM;
	strlcpy(copy, target, strlen(target) + 1);
	nd->depth++;
	err = walk_path(nd, copy, true);
	nd->depth--;
	kfree(copy);
	return err;
}

/* Step from nd->path into the component name[0..len). */
static int step(struct nameidata *nd, const char *name, u32 len, bool follow)
{
	struct path next;
	struct dentry *d;

	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		follow_dotdot(nd);
		return 0;
	}
	d = lookup_dentry(nd->path.dentry, name, len, 0);
	if (IS_ERR(d))
		return (int)PTR_ERR(d);
	if (d_is_negative(d)) {
		dput(d);
		return -ENOENT;
	}
	if (follow && S_ISLNK(d_inode(d)->i_mode)) {
		int err = follow_link(nd, d);
		dput(d);
		return err;
	}
	next.mnt = mntget(nd->path.mnt);
	next.dentry = d;
	follow_down(&next);
	nd_set_path(nd, next.mnt, next.dentry);
	return 0;
}

static int walk_path(struct nameidata *nd, const char *name, bool follow_last)
{
	if (*name == '/') {
		nd_set_path(nd, mntget(nd->root.mnt), dget(nd->root.dentry));
		while (*name == '/')
			name++;
	}
	while (*name) {
		const char *end = strchr(name, '/'), *next;
		u32 len;
		int err;

		if (!end)
			end = name + strlen(name);
		len = end - name;
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		for (next = end; *next == '/'; next++)
			;
		if (!S_ISDIR(d_inode(nd->path.dentry)->i_mode))
			return -ENOTDIR;
		err = inode_permission(d_inode(nd->path.dentry), MAY_EXEC);
		if (err)
			return err;
		if (!*next) {
			nd->must_be_dir |= next != end;
			if (nd->stop_at_last && nd->depth == 0) {
				nd->last = (struct qstr){ .name = name, .len = len };
				nd->last_dotdot = name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'));
				return 0;
			}
			return step(nd, name, len, follow_last || nd->must_be_dir);
		}
		err = step(nd, name, len, true);
		if (err)
			return err;
		name = next;
	}
	return 0;
}

/* ---------------------------------------------------------------- RCU-walk */

static unsigned long rcu_walk_hits, rcu_walk_fallbacks;	/* atomic */

static int permission_rcu(struct inode *inode)
{
	if (inode->i_op->permission)
		return call_permission(inode, MAY_EXEC | MAY_NOT_BLOCK);
	return generic_permission(inode, MAY_EXEC);
}

/*
 * Walk without taking a lock or reference: inside rcu_read_lock(), every
 * dentry stays allocated, and each one's d_seq tells whether it changed
 * (renamed, unhashed, made negative) since we read it. Only the final
 * dentry and its mount are pinned, after checking they are still what we
 * walked to (d_seq, rename_lock and mount_lock unchanged). Anything this
 * fast path does not handle — a dcache miss, "..", stacked mounts, a
 * symlink, a filesystem that wants to block — returns -ECHILD, and the
 * caller walks again in ref-walk, which is always right.
 */
static int walk_rcu(const char *name, unsigned flags, struct path *out)
{
	struct path root;
	struct vfsmount *mnt;
	struct dentry *d;
	unsigned seq, rseq, mseq;
	bool must_be_dir = false, ok = false;

	get_fs_root(&root);
	rcu_read_lock();
	rseq = read_seqbegin(&rename_lock);
	mseq = read_seqbegin(&mount_lock);
	mnt = root.mnt;
	d = root.dentry;
	seq = read_seqcount_begin(&d->d_seq);
	while (*name) {
		struct qstr q = { .name = name };
		struct inode *inode = READ_ONCE(d->d_inode);
		struct dentry *child;
		unsigned cseq;
		const char *end;

		if (*name == '/') {
			name++;
			continue;
		}
		for (end = name; *end && *end != '/'; end++)
			;
		q.len = end - name;
		must_be_dir = *end == '/';
		if (q.len > NAME_MAX || !inode || !S_ISDIR(inode->i_mode) || permission_rcu(inode))
			goto out;
		if (name[0] == '.' && q.len <= 2 && (q.len == 1 || name[1] == '.')) {
			if (q.len == 2)
				goto out;	/* "..": ref-walk handles mounts and the root */
			name = end;
			continue;
		}
		q.hash = full_name_hash(d, name, q.len);
		if ((d->d_flags & DCACHE_OP_HASH) && call_d_hash(d, &q, true))
			goto out;
		child = __d_lookup_rcu(d, &q, &cseq);
		if (!child || read_seqcount_retry(&d->d_seq, seq))
			goto out;
		if ((child->d_flags & DCACHE_OP_REVALIDATE) &&
		    call_d_revalidate(child, LOOKUP_RCU, true) <= 0)
			goto out;
		inode = READ_ONCE(child->d_inode);
		if (!inode)
			goto out;
		if (READ_ONCE(child->d_flags) & DCACHE_MOUNTED) {	/* cross into the mount */
			struct vfsmount *m = __lookup_mnt_rcu(mnt, child);
			if (!m)
				goto out;
			mnt = m;
			child = READ_ONCE(m->mnt_root);
			cseq = read_seqcount_begin(&child->d_seq);
			inode = READ_ONCE(child->d_inode);
			if (!inode || (READ_ONCE(child->d_flags) & DCACHE_MOUNTED))
				goto out;	/* stacked mounts: ref-walk */
		}
		name = end;
		if (S_ISLNK(inode->i_mode) && (*name || (flags & LOOKUP_FOLLOW)))
			goto out;
		d = child;
		seq = cseq;
	}
	if ((must_be_dir || (flags & LOOKUP_DIRECTORY)) &&
	    !(d->d_inode && S_ISDIR(d->d_inode->i_mode)))
		goto out;
	if (!legitimize_mnt(mnt, mseq))	/* the mount first: it pins the superblock */
		goto out;
	spin_lock(&d->d_lock);		/* then the dentry, if unchanged */
	if (!read_seqcount_retry(&d->d_seq, seq) && !read_seqretry(&rename_lock, rseq) &&
	    !(d->d_flags & DCACHE_DENTRY_KILLED) && d->d_inode) {
		d->d_count++;
		ok = true;
	}
	spin_unlock(&d->d_lock);
	if (!ok) {
		rcu_read_unlock();
		mntput(mnt);
		path_put(&root);
		return -ECHILD;
	}
out:
	rcu_read_unlock();
	if (ok) {
		out->mnt = mnt;
		out->dentry = d;
	}
	path_put(&root);
	return ok ? 0 : -ECHILD;
}

void namei_stats(unsigned long *rcu_hits, unsigned long *fallbacks)
{
	*rcu_hits = READ_ONCE(rcu_walk_hits);
	*fallbacks = READ_ONCE(rcu_walk_fallbacks);
}

int kern_path(const char *name, unsigned flags, struct path *path)
{
	struct nameidata nd;
	int err;

	might_sleep();
	if (!name || !*name)
		return -ENOENT;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	if (walk_rcu(name, flags, path) == 0) {
		__atomic_fetch_add(&rcu_walk_hits, 1, __ATOMIC_RELAXED);
		return 0;
	}
	__atomic_fetch_add(&rcu_walk_fallbacks, 1, __ATOMIC_RELAXED);
	nd_init(&nd);
	err = walk_path(&nd, name, flags & LOOKUP_FOLLOW);
	if (!err && (nd.must_be_dir || (flags & LOOKUP_DIRECTORY)) &&
	    !S_ISDIR(d_inode(nd.path.dentry)->i_mode))
		err = -ENOTDIR;
	if (!err) {
		*path = nd.path;
		path_get(path);
	}
	nd_done(&nd);
	return err;
}

/* Walk to the parent of name's last component: *parent (references) and
 * *last (pointing into name). "/" alone has no last component: -EEXIST. */
static int parent_path(const char *name, struct path *parent, struct qstr *last, bool *dotdot)
{
	struct nameidata nd;
	int err;

	if (!name || !*name)
		return -ENOENT;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	nd_init(&nd);
	nd.stop_at_last = true;
	err = walk_path(&nd, name, false);
	if (!err && !nd.last.name)
		err = -EEXIST;		/* "/" */
	if (!err) {
		*parent = nd.path;
		path_get(parent);
		*last = nd.last;
		last->hash = full_name_hash(parent->dentry, last->name, last->len);
		*dotdot = nd.last_dotdot;
	}
	nd_done(&nd);
	return err;
}

/* The last component under a parent whose i_rwsem the caller holds. */
static struct dentry *lookup_locked(struct dentry *dir, const struct qstr *name)
{
	struct dentry *d = d_lookup(dir, name), *old;

	lockdep_assert_held(&d_inode(dir)->i_rwsem);
	if (d)
		return d;
	d = d_alloc(dir, name);
	if (!d)
		return ERR_PTR(-ENOMEM);
	old = call_lookup(d_inode(dir), d, 0);
	if (old) {
		dput(d);
		return old;
	}
	return d;
}

struct dentry *lookup_one_len(const char *name, struct dentry *base, int len)
{
	struct qstr q = { .name = name, .len = (u32)len };

	if (len <= 0 || len > NAME_MAX)
		return ERR_PTR(len > NAME_MAX ? -ENAMETOOLONG : -EINVAL);
	q.hash = full_name_hash(base, name, q.len);
	return lookup_locked(base, &q);
}

/* Is `ancestor` a proper ancestor of d? Caller holds s_vfs_rename_sem
 * (no directory can move meanwhile). Returns the child of ancestor on the
 * way to d, or NULL. */
static struct dentry *d_ancestor(struct dentry *ancestor, struct dentry *d)
{
	for (; d->d_parent != d; d = d->d_parent)
		if (d->d_parent == ancestor)
			return d;
	return NULL;
}

struct dentry *lock_rename(struct dentry *p1, struct dentry *p2)
{
	struct dentry *trap;

	might_sleep();
	if (p1 == p2) {
		inode_lock_nested(d_inode(p1), I_MUTEX_PARENT);
		return NULL;
	}
	mutex_lock(&p1->d_sb->s_vfs_rename_sem);
	if ((trap = d_ancestor(p2, p1))) {
		inode_lock_nested(d_inode(p2), I_MUTEX_PARENT);
		inode_lock_nested(d_inode(p1), I_MUTEX_CHILD);
		return trap;
	}
	if ((trap = d_ancestor(p1, p2))) {
		inode_lock_nested(d_inode(p1), I_MUTEX_PARENT);
		inode_lock_nested(d_inode(p2), I_MUTEX_CHILD);
		return trap;
	}
	if (p1 > p2) {		/* unrelated: by address */
		struct dentry *t = p1; p1 = p2; p2 = t;
	}
	inode_lock_nested(d_inode(p1), I_MUTEX_PARENT);
	inode_lock_nested(d_inode(p2), I_MUTEX_PARENT2);
	return NULL;
}

void unlock_rename(struct dentry *p1, struct dentry *p2)
{
	inode_unlock(d_inode(p1));
	if (p1 != p2) {
		inode_unlock(d_inode(p2));
		mutex_unlock(&p1->d_sb->s_vfs_rename_sem);
	}
}

/* Common checks before creating in dir. */
static int may_create(struct inode *dir, struct dentry *d)
{
	if (d_inode(d))
		return -EEXIST;
	if (!dir->i_nlink)
		return -ENOENT;		/* dir was removed */
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

int vfs_create(struct inode *dir, struct dentry *d, umode_t mode, bool excl)
{
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if ((err = may_create(dir, d)))
		return err;
	if (!dir->i_op->create)
		return -EACCES;
	return call_create(dir, d, (mode & S_IALLUGO) | S_IFREG, excl);
}

int vfs_mkdir(struct inode *dir, struct dentry *d, umode_t mode)
{
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if ((err = may_create(dir, d)))
		return err;
	if (!dir->i_op->mkdir)
		return -EPERM;
	return call_mkdir(dir, d, (mode & (S_IRWXUGO | S_ISVTX)) | S_IFDIR);
}

int vfs_mknod(struct inode *dir, struct dentry *d, umode_t mode, dev_t dev)
{
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if ((err = may_create(dir, d)))
		return err;
	if (S_ISREG(mode) || !(mode & S_IFMT))
		return vfs_create(dir, d, mode, true);
	if (!dir->i_op->mknod)
		return -EPERM;
	return call_mknod(dir, d, mode, dev);
}

int vfs_symlink(struct inode *dir, struct dentry *d, const char *target)
{
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if ((err = may_create(dir, d)))
		return err;
	if (!dir->i_op->symlink)
		return -EPERM;
	return call_symlink(dir, d, target);
}

/* Caller holds dir's i_rwsem; takes the linked inode's (the "both"). */
int vfs_link(struct dentry *old, struct inode *dir, struct dentry *new_dentry)
{
	struct inode *inode = d_inode(old);
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if ((err = may_create(dir, new_dentry)))
		return err;
	if (S_ISDIR(inode->i_mode))
		return -EPERM;
	if (!dir->i_op->link)
		return -EPERM;
	inode_lock(inode);
	err = inode->i_nlink ? call_link(old, dir, new_dentry) : -ENOENT;
	inode_unlock(inode);
	return err;
}

static int may_delete(struct inode *dir, struct dentry *victim, bool isdir)
{
	struct inode *inode = d_inode(victim);

	if (!inode)
		return -ENOENT;
	if (isdir && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (!isdir && S_ISDIR(inode->i_mode))
		return -EISDIR;
	return inode_permission(dir, MAY_WRITE | MAY_EXEC);
}

/* Caller holds dir's i_rwsem; takes the victim's. */
int vfs_unlink(struct inode *dir, struct dentry *d)
{
	struct inode *target = d_inode(d);
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if ((err = may_delete(dir, d, false)))
		return err;
	if (!dir->i_op->unlink)
		return -EPERM;
	inode_lock(target);
	err = d_mountpoint(d) ? -EBUSY : call_unlink(dir, d);
	inode_unlock(target);
	if (!err)
		d_delete(d);
	return err;
}

/* Caller holds dir's i_rwsem; takes the victim's. */
int vfs_rmdir(struct inode *dir, struct dentry *d)
{
	struct inode *target = d_inode(d);
	int err;

	lockdep_assert_held_write(&dir->i_rwsem);
	if ((err = may_delete(dir, d, true)))
		return err;
	if (!dir->i_op->rmdir)
		return -EPERM;
	inode_lock(target);
	err = d_mountpoint(d) ? -EBUSY : call_rmdir(dir, d);
	inode_unlock(target);
	if (!err)
		d_delete(d);
	return err;
}

/* Caller holds both parents as lock_rename() takes them; this takes the
 * victims (the target, and for an exchange the source too). */
int vfs_rename(struct inode *old_dir, struct dentry *old, struct inode *new_dir,
	       struct dentry *new, unsigned flags)
{
	struct inode *source = d_inode(old), *target = d_inode(new);
	bool isdir = S_ISDIR(source->i_mode);
	int err;

	lockdep_assert_held_write(&old_dir->i_rwsem);
	lockdep_assert_held_write(&new_dir->i_rwsem);
	if (source == target)
		return 0;
	if ((err = may_delete(old_dir, old, isdir)))
		return err;
	if (target && (err = may_delete(new_dir, new, (flags & RENAME_EXCHANGE) ?
					       S_ISDIR(target->i_mode) : isdir)))
		return err;
	if (!old_dir->i_op->rename)
		return -EPERM;
	if (d_mountpoint(old) || d_mountpoint(new))
		return -EBUSY;
	if (target) {
		if ((flags & RENAME_EXCHANGE) && source > target) {
			inode_lock(target);
			inode_lock_nested(source, I_MUTEX_NONDIR2);
		} else {
			if (flags & RENAME_EXCHANGE)
				inode_lock(source);
			inode_lock_nested(target, (flags & RENAME_EXCHANGE) ? I_MUTEX_NONDIR2 : I_MUTEX_NORMAL);
		}
	}
	err = call_rename(old_dir, old, new_dir, new, flags);
	if (target) {
		inode_unlock(target);
		if (flags & RENAME_EXCHANGE)
			inode_unlock(source);
	}
	if (!err) {
		if (flags & RENAME_EXCHANGE)
			d_exchange(old, new);
		else
			d_move(old, new);
	}
	return err;
}

/* ------------------------------------------------ the path-string operations */

struct create_ctx {
	struct path parent;
	struct dentry *dentry;
};

static void done_create(struct create_ctx *c)
{
	dput(c->dentry);
	inode_unlock(d_inode(c->parent.dentry));
	sb_end_write(c->parent.mnt->mnt_sb);
	path_put(&c->parent);
}

/* Walk to name's parent, lock it and look the last component up.
 * On success the caller must call done_create(). */
static int start_create(const char *name, struct create_ctx *c, bool want_negative)
{
	struct qstr last;
	bool dotdot;
	int err = parent_path(name, &c->parent, &last, &dotdot);

	if (err)
		return err;
	if (dotdot) {
		path_put(&c->parent);
		return -EEXIST;
	}
	if (c->parent.mnt->mnt_sb->s_flags & SB_RDONLY) {
		path_put(&c->parent);
		return -EROFS;
	}
	sb_start_write(c->parent.mnt->mnt_sb);
	inode_lock_nested(d_inode(c->parent.dentry), I_MUTEX_PARENT);
	c->dentry = lookup_locked(c->parent.dentry, &last);
	if (IS_ERR(c->dentry)) {
		err = (int)PTR_ERR(c->dentry);
		inode_unlock(d_inode(c->parent.dentry));
		sb_end_write(c->parent.mnt->mnt_sb);
		path_put(&c->parent);
		return err;
	}
	if (want_negative && d_inode(c->dentry))
		err = -EEXIST;
	return err < 0 ? (done_create(c), err) : 0;
}

int do_mkdirat(const char *path, umode_t mode)
{
	struct create_ctx c;
	int err = start_create(path, &c, true);

	if (err)
		return err;
	err = vfs_mkdir(d_inode(c.parent.dentry), c.dentry, mode);
	done_create(&c);
	return err;
}

int do_mknodat(const char *path, umode_t mode, dev_t dev)
{
	struct create_ctx c;
	int err;

	if (S_ISDIR(mode))
		return -EPERM;
	if ((err = start_create(path, &c, true)))
		return err;
	err = vfs_mknod(d_inode(c.parent.dentry), c.dentry, mode, dev);
	done_create(&c);
	return err;
}

int do_symlinkat(const char *target, const char *path)
{
	struct create_ctx c;
	int err;

	if (!target || !*target)
		return -ENOENT;
	if ((err = start_create(path, &c, true)))
		return err;
	err = vfs_symlink(d_inode(c.parent.dentry), c.dentry, target);
	done_create(&c);
	return err;
}

int do_linkat(const char *oldpath, const char *newpath)
{
	struct create_ctx c;
	struct path old;
	int err = kern_path(oldpath, 0, &old);

	if (err)
		return err;
	if ((err = start_create(newpath, &c, true)))
		goto out_put_old;
	if (c.parent.mnt != old.mnt)
		err = -EXDEV;
	else
		err = vfs_link(old.dentry, d_inode(c.parent.dentry), c.dentry);
	done_create(&c);
out_put_old:
	path_put(&old);
	return err;
}

/* unlink and rmdir: walk, lock the parent, find the victim. The final iput
 * of the victim happens after the parent is unlocked (we hold an inode
 * reference across), so eviction never runs under the parent's i_rwsem. */
static int do_remove(const char *path, bool isdir)
{
	struct create_ctx c;
	struct qstr last;
	struct inode *victim = NULL;
	bool dotdot;
	int err = parent_path(path, &c.parent, &last, &dotdot);

	if (err)
		return err;
	if (dotdot) {
		path_put(&c.parent);
		return isdir ? (last.len == 1 ? -EINVAL : -ENOTEMPTY) : -EISDIR;
	}
	if (c.parent.mnt->mnt_sb->s_flags & SB_RDONLY) {
		path_put(&c.parent);
		return -EROFS;
	}
	sb_start_write(c.parent.mnt->mnt_sb);
	inode_lock_nested(d_inode(c.parent.dentry), I_MUTEX_PARENT);
	c.dentry = lookup_locked(c.parent.dentry, &last);
	if (IS_ERR(c.dentry)) {
		err = (int)PTR_ERR(c.dentry);
		c.dentry = NULL;
	} else if ((victim = d_inode(c.dentry))) {
		ihold(victim);
		err = isdir ? vfs_rmdir(d_inode(c.parent.dentry), c.dentry)
			    : vfs_unlink(d_inode(c.parent.dentry), c.dentry);
	} else {
		err = -ENOENT;
	}
	if (c.dentry)
		dput(c.dentry);
	inode_unlock(d_inode(c.parent.dentry));
	sb_end_write(c.parent.mnt->mnt_sb);
	path_put(&c.parent);
	iput(victim);
	return err;
}

int do_unlinkat(const char *path)
{
	return do_remove(path, false);
}

int do_rmdir(const char *path)
{
	return do_remove(path, true);
}

/* Checks that need both dentries, under lock_rename(). */
static int rename_checks(struct dentry *old, struct dentry *new, struct dentry *trap,
			 unsigned flags)
{
	if (!d_inode(old))
		return -ENOENT;
	if ((flags & RENAME_EXCHANGE) && !d_inode(new))
		return -ENOENT;
	if ((flags & RENAME_NOREPLACE) && d_inode(new))
		return -EEXIST;
	if (old == trap)
		return -EINVAL;		/* moving a directory into itself */
	if (new == trap)
		return (flags & RENAME_EXCHANGE) ? -EINVAL : -ENOTEMPTY;
	if (d_inode(new) && !(flags & RENAME_EXCHANGE)) {
		bool odir = S_ISDIR(d_inode(old)->i_mode), ndir = S_ISDIR(d_inode(new)->i_mode);
		if (odir && !ndir)
			return -ENOTDIR;
		if (!odir && ndir)
			return -EISDIR;
	}
	return 0;
}

int do_renameat2(const char *oldpath, const char *newpath, unsigned flags)
{
	struct path op, np;
	struct qstr olast, nlast;
	struct dentry *od = NULL, *nd = NULL, *trap;
	bool odots, ndots;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if ((err = parent_path(oldpath, &op, &olast, &odots)))
		return err;
	if ((err = parent_path(newpath, &np, &nlast, &ndots)))
		goto out_put_old;
	err = -EXDEV;
	if (op.mnt != np.mnt)
		goto out_put_new;
	err = -EBUSY;
	if (odots || ndots)
		goto out_put_new;
	err = -EROFS;
	if (op.mnt->mnt_sb->s_flags & SB_RDONLY)
		goto out_put_new;
	sb_start_write(op.mnt->mnt_sb);
	trap = lock_rename(np.dentry, op.dentry);
	od = lookup_locked(op.dentry, &olast);
	if (IS_ERR(od)) {
		err = (int)PTR_ERR(od);
		od = NULL;
		goto out_unlock;
	}
	nd = lookup_locked(np.dentry, &nlast);
	if (IS_ERR(nd)) {
		err = (int)PTR_ERR(nd);
		nd = NULL;
		goto out_unlock;
	}
	err = rename_checks(od, nd, trap, flags);
	if (!err)
		err = vfs_rename(d_inode(op.dentry), od, d_inode(np.dentry), nd, flags);
out_unlock:
	if (nd)
		dput(nd);
	if (od)
		dput(od);
	unlock_rename(np.dentry, op.dentry);
	sb_end_write(op.mnt->mnt_sb);
out_put_new:
	path_put(&np);
out_put_old:
	path_put(&op);
	return err;
}

int do_readlinkat(const char *path, char *buf, int len)
{
	struct path p;
	int err;

	if (len <= 0)
		return -EINVAL;
	if ((err = kern_path(path, 0, &p)))
		return err;
	err = S_ISLNK(d_inode(p.dentry)->i_mode) ? vfs_readlink(p.dentry, buf, len) : -EINVAL;
	path_put(&p);
	return err;
}

/* For open(O_CREAT): the parent locked and the (maybe negative) dentry of
 * the last component. Undo with done_path_create(). */
int kern_path_create(const char *name, struct path *parent, struct dentry **dentry)
{
	struct create_ctx c;
	int err = start_create(name, &c, false);

	if (err)
		return err;
	*parent = c.parent;
	*dentry = c.dentry;
	return 0;
}

void done_path_create(struct path *parent, struct dentry *dentry)
{
	struct create_ctx c = { *parent, dentry };

	done_create(&c);
}
