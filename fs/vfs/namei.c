/*
 * Path walking and the directory operations.
 *
 * A lookup first tries RCU-walk (walk_rcu below): no locks, no references,
 * every step validated by the dentries' d_seq counts. When that cannot
 * finish, it walks again in ref-walk.
 *
 * A walk starts at the caller's root for an absolute name, else at its
 * cwd or, for the *at() calls, at the directory of a descriptor (fs_struct
 * and fdtable; a kernel thread has neither and uses the namespace root).
 * ".." never climbs above the caller's root (chroot).
 *
 * Ref-walk: take each component in turn,
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
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/fs_struct.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/super.h"
#include "fs/vfs/ops.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/user/cred.h"
#include "mm/slab.h"

#define MAX_NESTED_LINKS 8

struct nameidata {
	struct path path;		/* where the walk stands (references held) */
	struct path root;		/* the caller's "/" (references held) */
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

/* Writing a file, directory or symlink of a read-only superblock is
 * -EROFS (a device node stays writable: its data is not on the fs). */
int inode_permission(struct inode *inode, int mask)
{
	if ((mask & MAY_WRITE) && (inode->i_sb->s_flags & SB_RDONLY) &&
	    (S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode) || S_ISLNK(inode->i_mode)))
		return -EROFS;
	if (inode->i_op->permission)
		return call_permission(inode, mask);
	return generic_permission(inode, mask);
}

/*
 * The directory a relative name starts from: the cwd (AT_FDCWD) or the
 * path of the open file dfd. With LOOKUP_EMPTY and an empty name, dfd may
 * be any file (the walk then ends at once, on it). -EBADF, -ENOTDIR.
 */
static int dfd_path(int dfd, bool empty, struct path *start)
{
	struct file *f;
	int err = 0;

	if (dfd == AT_FDCWD) {
		get_current_pwd(start);
		return 0;
	}
	if (dfd < 0 || !current->files || !(f = fget(current->files, (unsigned)dfd)))
		return -EBADF;
	if (!empty && !S_ISDIR(file_inode(f)->i_mode))
		err = -ENOTDIR;
	if (!err) {
		*start = f->f_path;
		path_get(start);
	}
	fput(f);
	return err;
}

/* Set nd up to walk name: root, and the starting point (see dfd_path). */
static int nd_init(struct nameidata *nd, int dfd, const char *name, unsigned flags)
{
	int err;

	memset(nd, 0, sizeof(*nd));
	get_current_root(&nd->root);
	if (*name == '/') {
		nd->path = nd->root;
		path_get(&nd->path);
		return 0;
	}
	err = dfd_path(dfd, !*name && (flags & LOOKUP_EMPTY), &nd->path);
	if (err)
		path_put(&nd->root);
	return err;
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

/* A directory rmdir removed: nothing can be looked up or made in it (no
 * dentry is made that would pin it, as Linux's IS_DEADDIR). */
static bool dir_is_dead(struct inode *dir)
{
	return READ_ONCE(dir->i_state) & I_DEAD;
}

/* rmdir or a rename over it removed the directory d: mark it dead and
 * free the negative entries below it, which would pin it. */
static void dir_remove_done(struct dentry *d)
{
	struct inode *inode = d_inode(d);

	spin_lock(&inode->i_lock);
	inode->i_state |= I_DEAD;
	spin_unlock(&inode->i_lock);
	shrink_dcache_parent(d);
}

/* Look name up under dir (a reference is returned, possibly negative), in
 * the dcache or through ->lookup with dir's i_rwsem held shared. */
static struct dentry *lookup_slow(struct dentry *dir, const struct qstr *name, unsigned flags)
{
	struct inode *inode = d_inode(dir);
	struct dentry *d, *old;

	might_sleep();
	if (!inode->i_op->lookup)	/* not a directory after all (a bad inode) */
		return ERR_PTR(-ENOTDIR);
	inode_lock_shared(inode);
	d = d_lookup(dir, name);
	if (!d && dir_is_dead(inode)) {
		d = ERR_PTR(-ENOENT);
	} else if (!d) {
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
static int walk_rcu(const struct path *start, const char *name, unsigned flags,
		    struct path *out)
{
	struct vfsmount *mnt;
	struct dentry *d;
	unsigned seq, rseq, mseq;
	bool must_be_dir = false, ok = false;

	rcu_read_lock();
	rseq = read_seqbegin(&rename_lock);
	mseq = read_seqbegin(&mount_lock);
	mnt = start->mnt;
	d = start->dentry;
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
		return -ECHILD;
	}
out:
	rcu_read_unlock();
	if (ok) {
		out->mnt = mnt;
		out->dentry = d;
	}
	return ok ? 0 : -ECHILD;
}

void namei_stats(unsigned long *rcu_hits, unsigned long *fallbacks)
{
	*rcu_hits = READ_ONCE(rcu_walk_hits);
	*fallbacks = READ_ONCE(rcu_walk_fallbacks);
}

static int check_name(const char *name, unsigned flags)
{
	if (!name || (!*name && !(flags & LOOKUP_EMPTY)))
		return -ENOENT;
	if (strnlen(name, PATH_MAX) >= PATH_MAX)
		return -ENAMETOOLONG;
	return 0;
}

int kern_path_at(int dfd, const char *name, unsigned flags, struct path *path)
{
	struct nameidata nd;
	int err;

	might_sleep();
	if ((err = check_name(name, flags)))
		return err;
	if ((err = nd_init(&nd, dfd, name, flags)))
		return err;
	if (walk_rcu(&nd.path, name, flags, path) == 0) {
		__atomic_fetch_add(&rcu_walk_hits, 1, __ATOMIC_RELAXED);
		nd_done(&nd);
		return 0;
	}
	__atomic_fetch_add(&rcu_walk_fallbacks, 1, __ATOMIC_RELAXED);
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

int kern_path(const char *name, unsigned flags, struct path *path)
{
	return kern_path_at(AT_FDCWD, name, flags, path);
}

/* Where a directory operation acts: the parent (references held) and the
 * last component's name (pointing into the caller's string). */
struct parent_walk {
	struct path parent;
	struct qstr last;
	bool dotdot;		/* the last component is "." or ".." */
	bool trailing;		/* the name ended in '/' */
};

/* Walk to the parent of name's last component. "/" alone has no last
 * component: -EEXIST. */
static int parent_path(int dfd, const char *name, struct parent_walk *pw)
{
	struct nameidata nd;
	int err;

	if ((err = check_name(name, 0)))
		return err;
	if ((err = nd_init(&nd, dfd, name, 0)))
		return err;
	nd.stop_at_last = true;
	err = walk_path(&nd, name, false);
	if (!err && !nd.last.name)
		err = -EEXIST;		/* "/" */
	if (!err) {
		pw->parent = nd.path;
		path_get(&pw->parent);
		pw->last = nd.last;
		pw->last.hash = full_name_hash(pw->parent.dentry, pw->last.name, pw->last.len);
		pw->dotdot = nd.last_dotdot;
		pw->trailing = nd.must_be_dir;
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
	if (!d_inode(dir)->i_op->lookup)	/* not a directory after all */
		return ERR_PTR(-ENOTDIR);
	if (dir_is_dead(d_inode(dir)))
		return ERR_PTR(-ENOENT);
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

/* In a sticky directory (S_ISVTX, like /tmp) only the owner of the entry,
 * the owner of the directory or root may remove or rename it. */
static bool check_sticky(const struct inode *dir, const struct inode *inode)
{
	u32 fsuid = current_cred()->fsuid;

	if (!(dir->i_mode & S_ISVTX))
		return false;
	return inode->i_uid != fsuid && dir->i_uid != fsuid && !capable_fs_root();
}

/* May the caller remove victim from dir? Write and search permission on
 * dir, the sticky rule (-EPERM), and the type: -ENOTDIR, -EISDIR. */
static int may_delete(struct inode *dir, struct dentry *victim, bool isdir)
{
	struct inode *inode = d_inode(victim);
	int err;

	if (!inode)
		return -ENOENT;
	err = inode_permission(dir, MAY_WRITE | MAY_EXEC);
	if (err)
		return err;
	if (check_sticky(dir, inode))
		return -EPERM;
	if (isdir && !S_ISDIR(inode->i_mode))
		return -ENOTDIR;
	if (!isdir && S_ISDIR(inode->i_mode))
		return -EISDIR;
	return 0;
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
	if (!err) {
		dir_remove_done(d);
		d_delete(d);
	}
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
	if (old_dir != new_dir) {	/* a moved directory's ".." changes */
		if (isdir && (err = inode_permission(source, MAY_WRITE)))
			return err;
		if ((flags & RENAME_EXCHANGE) && S_ISDIR(target->i_mode) &&
		    (err = inode_permission(target, MAY_WRITE)))
			return err;
	}
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
		if (flags & RENAME_EXCHANGE) {
			d_exchange(old, new);
		} else {
			if (target && S_ISDIR(target->i_mode))
				dir_remove_done(new);	/* the replaced directory */
			d_move(old, new);
		}
	}
	return err;
}

/* ------------------------------------------------ the path-string operations */

struct create_ctx {
	struct path parent;
	struct dentry *dentry;
	bool trailing;			/* the name ended in '/' */
};

static void done_create(struct create_ctx *c)
{
	dput(c->dentry);
	inode_unlock(d_inode(c->parent.dentry));
	sb_end_write(c->parent.mnt->mnt_sb);
	path_put(&c->parent);
}

/* A change under a parent reached through mnt: -EROFS on a read-only
 * mount or superblock. */
static int may_write_mount(const struct vfsmount *mnt)
{
	return mnt_is_readonly(mnt) ? -EROFS : 0;
}

/* Walk to name's parent, lock it and look the last component up.
 * On success the caller must call done_create(). */
static int start_create(int dfd, const char *name, struct create_ctx *c, bool want_negative)
{
	struct parent_walk pw;
	int err = parent_path(dfd, name, &pw), ro;

	if (err)
		return err;
	c->parent = pw.parent;
	c->trailing = pw.trailing;
	if (pw.dotdot) {
		path_put(&c->parent);
		return -EEXIST;
	}
	/* A read-only mount: -EROFS only once the name is known to be new
	 * (an existing one is -EEXIST, or opened with its own checks), as
	 * Linux's filename_create. */
	ro = may_write_mount(c->parent.mnt);
	sb_start_write(c->parent.mnt->mnt_sb);
	inode_lock_nested(d_inode(c->parent.dentry), I_MUTEX_PARENT);
	c->dentry = lookup_locked(c->parent.dentry, &pw.last);
	if (IS_ERR(c->dentry)) {
		err = (int)PTR_ERR(c->dentry);
		inode_unlock(d_inode(c->parent.dentry));
		sb_end_write(c->parent.mnt->mnt_sb);
		path_put(&c->parent);
		return err;
	}
	if (want_negative && d_inode(c->dentry))
		err = -EEXIST;
	else if (ro && (want_negative || !d_inode(c->dentry)))
		err = ro;
	return err < 0 ? (done_create(c), err) : 0;
}

/* mkdir: the mode as given, less the caller's umask. */
int do_mkdirat(int dfd, const char *path, umode_t mode)
{
	struct create_ctx c;
	int err = start_create(dfd, path, &c, true);

	if (err)
		return err;
	err = vfs_mkdir(d_inode(c.parent.dentry), c.dentry, mode & ~current_umask());
	done_create(&c);
	return err;
}

/* mknod: regular files, devices, FIFOs and sockets; -EPERM for a
 * directory, -EINVAL for an unknown type. The umask applies. */
int do_mknodat(int dfd, const char *path, umode_t mode, dev_t dev)
{
	struct create_ctx c;
	int err;

	switch (mode & S_IFMT) {
	case 0: case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	if ((S_ISCHR(mode) || S_ISBLK(mode)) && !capable_root())
		return -EPERM;		/* CAP_MKNOD */
	if ((err = start_create(dfd, path, &c, true)))
		return err;
	if (c.trailing)
		err = -ENOENT;
	else
		err = vfs_mknod(d_inode(c.parent.dentry), c.dentry,
				(mode & S_IFMT) | (mode & S_IALLUGO & ~current_umask()), dev);
	done_create(&c);
	return err;
}

/* symlink: mode 0777 whatever the umask. */
int do_symlinkat(const char *target, int newdfd, const char *path)
{
	struct create_ctx c;
	int err;

	if (!target || !*target)
		return -ENOENT;
	if ((err = start_create(newdfd, path, &c, true)))
		return err;
	err = c.trailing ? -ENOENT : vfs_symlink(d_inode(c.parent.dentry), c.dentry, target);
	done_create(&c);
	return err;
}

/* link: AT_SYMLINK_FOLLOW follows a final symlink of oldpath; AT_EMPTY_PATH
 * links the file olddfd refers to (an empty oldpath). -EXDEV across mounts. */
int do_linkat(int olddfd, const char *oldpath, int newdfd, const char *newpath, int flags)
{
	struct create_ctx c;
	struct path old;
	unsigned lookup = 0;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		lookup |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH) {
		if (!capable_root())
			return -ENOENT;		/* CAP_DAC_READ_SEARCH, as Linux */
		lookup |= LOOKUP_EMPTY;
	}
	if ((err = kern_path_at(olddfd, oldpath, lookup, &old)))
		return err;
	if ((err = start_create(newdfd, newpath, &c, true)))
		goto out_put_old;
	if (c.parent.mnt != old.mnt)
		err = -EXDEV;
	else if (c.trailing)
		err = -ENOENT;
	else
		err = vfs_link(old.dentry, d_inode(c.parent.dentry), c.dentry);
	done_create(&c);
out_put_old:
	path_put(&old);
	return err;
}

/* What unlink or rmdir of a "." or ".." last component gives. */
static int remove_dots_error(const struct qstr *last, bool isdir)
{
	if (!isdir)
		return -EISDIR;
	return last->len == 1 ? -EINVAL : -ENOTEMPTY;
}

/* unlink and rmdir: walk, lock the parent, find the victim. The final iput
 * of the victim happens after the parent is unlocked (we hold an inode
 * reference across), so eviction never runs under the parent's i_rwsem. */
static int do_remove(int dfd, const char *path, bool isdir)
{
	struct parent_walk pw;
	struct dentry *d;
	struct inode *dir, *victim = NULL;
	int err = parent_path(dfd, path, &pw);

	if (err)
		return err;
	if (pw.dotdot || (err = may_write_mount(pw.parent.mnt))) {
		err = pw.dotdot ? remove_dots_error(&pw.last, isdir) : err;
		path_put(&pw.parent);
		return err;
	}
	dir = d_inode(pw.parent.dentry);
	sb_start_write(pw.parent.mnt->mnt_sb);
	inode_lock_nested(dir, I_MUTEX_PARENT);
	d = lookup_locked(pw.parent.dentry, &pw.last);
	if (IS_ERR(d)) {
		err = (int)PTR_ERR(d);
		d = NULL;
	} else if (!(victim = d_inode(d))) {
		err = -ENOENT;
	} else if (!isdir && pw.trailing) {
		err = S_ISDIR(victim->i_mode) ? -EISDIR : -ENOTDIR;
		victim = NULL;
	} else {
		ihold(victim);
		err = isdir ? vfs_rmdir(dir, d) : vfs_unlink(dir, d);
	}
	if (d)
		dput(d);
	inode_unlock(dir);
	sb_end_write(pw.parent.mnt->mnt_sb);
	path_put(&pw.parent);
	iput(victim);
	return err;
}

int do_unlinkat(int dfd, const char *path)
{
	return do_remove(dfd, path, false);
}

int do_rmdir(int dfd, const char *path)
{
	return do_remove(dfd, path, true);
}

/* Checks that need both dentries, under lock_rename(). */
static int rename_checks(struct dentry *old, struct dentry *new, struct dentry *trap,
			 unsigned flags, bool trailing)
{
	if (!d_inode(old))
		return -ENOENT;
	if (trailing && !S_ISDIR(d_inode(old)->i_mode))
		return -ENOTDIR;
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

/* Both parents found: the checks that need no lock. */
static int rename_precheck(const struct parent_walk *o, const struct parent_walk *n)
{
	if (o->parent.mnt != n->parent.mnt)
		return -EXDEV;
	if (o->dotdot || n->dotdot)
		return -EBUSY;
	return may_write_mount(o->parent.mnt);
}

int do_renameat2(int olddfd, const char *oldpath, int newdfd, const char *newpath,
		 unsigned flags)
{
	struct parent_walk o, n;
	struct dentry *od = NULL, *nd = NULL, *trap;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE))
		return -EINVAL;
	if ((flags & RENAME_NOREPLACE) && (flags & RENAME_EXCHANGE))
		return -EINVAL;
	if ((err = parent_path(olddfd, oldpath, &o)))
		return err;
	if ((err = parent_path(newdfd, newpath, &n)))
		goto out_put_old;
	if ((err = rename_precheck(&o, &n)))
		goto out_put_new;
	sb_start_write(o.parent.mnt->mnt_sb);
	trap = lock_rename(n.parent.dentry, o.parent.dentry);
	od = lookup_locked(o.parent.dentry, &o.last);
	if (IS_ERR(od)) {
		err = (int)PTR_ERR(od);
		od = NULL;
		goto out_unlock;
	}
	nd = lookup_locked(n.parent.dentry, &n.last);
	if (IS_ERR(nd)) {
		err = (int)PTR_ERR(nd);
		nd = NULL;
		goto out_unlock;
	}
	err = rename_checks(od, nd, trap, flags, o.trailing || n.trailing);
	if (!err)
		err = vfs_rename(d_inode(o.parent.dentry), od, d_inode(n.parent.dentry), nd, flags);
out_unlock:
	if (nd)
		dput(nd);
	if (od)
		dput(od);
	unlock_rename(n.parent.dentry, o.parent.dentry);
	sb_end_write(o.parent.mnt->mnt_sb);
out_put_new:
	path_put(&n.parent);
out_put_old:
	path_put(&o.parent);
	return err;
}

/* readlink: the target, not NUL-terminated, cut at len. AT_EMPTY_PATH-style
 * empty path reads the link dfd refers to (an O_PATH|O_NOFOLLOW file). */
int do_readlinkat(int dfd, const char *path, char *buf, int len)
{
	struct path p;
	int err;

	if (len <= 0)
		return -EINVAL;
	if ((err = kern_path_at(dfd, path, LOOKUP_EMPTY, &p)))
		return err;
	err = S_ISLNK(d_inode(p.dentry)->i_mode) ? vfs_readlink(p.dentry, buf, len) : -EINVAL;
	path_put(&p);
	return err;
}

/* For open(O_CREAT): the parent locked and the (maybe negative) dentry of
 * the last component. Undo with done_path_create(). A name ending in '/'
 * is -EISDIR here (open cannot create a directory). */
int kern_path_create(int dfd, const char *name, struct path *parent, struct dentry **dentry)
{
	struct create_ctx c;
	int err = start_create(dfd, name, &c, false);

	if (err)
		return err;
	if (c.trailing) {
		err = d_inode(c.dentry) && !S_ISDIR(d_inode(c.dentry)->i_mode) ? -ENOTDIR : -EISDIR;
		done_create(&c);
		return err;
	}
	*parent = c.parent;
	*dentry = c.dentry;
	return 0;
}

void done_path_create(struct path *parent, struct dentry *dentry)
{
	struct create_ctx c = { *parent, dentry };

	done_create(&c);
}
