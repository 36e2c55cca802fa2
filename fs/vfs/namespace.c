/*
 * Mounts: one mount tree (a single namespace for now) rooted at a tmpfs.
 *
 * Locks: namespace_sem (rw_semaphore) serialises changes to the tree —
 * mount, umount, bind — and is held shared by /proc/mounts; mount_lock (a
 * seqlock) is held for write while the hash or a mount's parent/mountpoint
 * changes, so path walks can look mounts up without sleeping. Each mount's
 * mnt_count is atomic. Order: namespace_sem > s_umount > i_rwsem >
 * mount_lock.
 */
#include "fs/vfs/mount.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "fs/vfs/ops.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/slab.h"

#define M_HASH_SIZE 64

DEFINE_SEQLOCK(mount_lock);
static DECLARE_RWSEM(namespace_sem);
static struct list_head mount_hashtable[M_HASH_SIZE];	/* mount_lock */
static LIST_HEAD(all_mounts);				/* namespace_sem */
static struct vfsmount *root_mnt;			/* const after mnt_init */

static struct list_head *m_hash(const struct vfsmount *mnt, const struct dentry *d)
{
	return &mount_hashtable[(((unsigned long)mnt >> 6) ^ ((unsigned long)d >> 6)) % M_HASH_SIZE];
}

struct vfsmount *mntget(struct vfsmount *mnt)
{
	if (mnt)
		__atomic_fetch_add(&mnt->mnt_count, 1, __ATOMIC_SEQ_CST);
	return mnt;
}

static void free_mnt_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct vfsmount, mnt_rcu));
}

/* The last reference of a detached mount releases its tree and superblock.
 * The struct itself goes after a grace period: RCU-walk may be reading it. */
void mntput(struct vfsmount *mnt)
{
	if (!mnt || __atomic_sub_fetch(&mnt->mnt_count, 1, __ATOMIC_SEQ_CST) > 0)
		return;
	might_sleep();
	dput(mnt->mnt_root);
	deactivate_super(mnt->mnt_sb);
	call_rcu(&mnt->mnt_rcu, free_mnt_rcu);
}

struct vfsmount *__lookup_mnt_rcu(struct vfsmount *parent, struct dentry *d)
{
	struct vfsmount *m, *found = NULL;

	list_for_each_entry_rcu(m, m_hash(parent, d), mnt_hash)
		if (READ_ONCE(m->mnt_parent) == parent && READ_ONCE(m->mnt_mountpoint) == d)
			found = m;	/* the last one is on top */
	return found;
}

/* Holding mount_lock's writer lock shuts out attach/detach while we check
 * the sequence and take the reference. */
bool legitimize_mnt(struct vfsmount *mnt, unsigned mseq)
{
	bool ok;

	read_seqlock_excl(&mount_lock);
	ok = !read_seqretry(&mount_lock, mseq);
	if (ok)
		mntget(mnt);
	read_sequnlock_excl(&mount_lock);
	return ok;
}

struct vfsmount *vfs_kern_mount(struct file_system_type *type, int flags,
				const char *name, void *data)
{
	struct vfsmount *mnt;
	struct dentry *root;

	might_sleep();
	mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);
	if (!mnt)
		return ERR_PTR(-ENOMEM);
	root = call_mount(type, flags, name, data);
	if (IS_ERR(root)) {
		kfree(mnt);
		return ERR_CAST(root);
	}
	/* ->mount returned with s_umount held for write. */
	lockdep_assert_held_write(&root->d_sb->s_umount);
	up_write(&root->d_sb->s_umount);
	mnt->mnt_root = root;
	mnt->mnt_sb = root->d_sb;
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = root;
	mnt->mnt_count = 1;
	mnt->mnt_flags = (flags & MS_RDONLY) ? MNT_RDONLY : 0;
	INIT_LIST_HEAD(&mnt->mnt_hash);
	INIT_LIST_HEAD(&mnt->mnt_list);
	INIT_LIST_HEAD(&mnt->mnt_child);
	INIT_LIST_HEAD(&mnt->mnt_mounts);
	strlcpy(mnt->mnt_devname, name ? name : type->name, sizeof(mnt->mnt_devname));
	return mnt;
}

struct vfsmount *lookup_mnt(const struct path *path)
{
	struct vfsmount *m, *found = NULL;
	unsigned seq;

	do {
		seq = read_seqbegin(&mount_lock);
		found = NULL;
		rcu_read_lock();
		list_for_each_entry_rcu(m, m_hash(path->mnt, path->dentry), mnt_hash) {
			if (m->mnt_parent == path->mnt && m->mnt_mountpoint == path->dentry)
				found = m;	/* the last one is on top */
		}
		if (found)
			mntget(found);
		rcu_read_unlock();
		if (found && read_seqretry(&mount_lock, seq)) {
			mntput(found);
			found = NULL;
			continue;
		}
	} while (!found && read_seqretry(&mount_lock, seq));
	return found;
}

bool follow_down(struct path *path)
{
	bool moved = false;

	while (d_mountpoint(path->dentry)) {
		struct vfsmount *m = lookup_mnt(path);
		if (!m)
			break;
		dput(path->dentry);
		mntput(path->mnt);
		path->mnt = m;
		path->dentry = dget(m->mnt_root);
		moved = true;
	}
	return moved;
}

bool follow_up(struct path *path)
{
	struct vfsmount *parent;
	struct dentry *mp;
	unsigned seq;

	do {
		seq = read_seqbegin(&mount_lock);
		parent = path->mnt->mnt_parent;
		mp = path->mnt->mnt_mountpoint;
	} while (read_seqretry(&mount_lock, seq));
	if (parent == path->mnt)
		return false;
	mntget(parent);
	dget(mp);
	dput(path->dentry);
	mntput(path->mnt);
	path->mnt = parent;
	path->dentry = mp;
	return true;
}

/* Attach mnt on mountpoint. Caller holds namespace_sem for write. */
static void attach_mnt(struct vfsmount *mnt, const struct path *mp)
{
	lockdep_assert_held_write(&namespace_sem);
	write_seqlock(&mount_lock);
	mnt->mnt_parent = mntget(mp->mnt);
	mnt->mnt_mountpoint = dget(mp->dentry);
	list_add_tail_rcu(&mnt->mnt_hash, m_hash(mp->mnt, mp->dentry));
	spin_lock(&mp->dentry->d_lock);
	mp->dentry->d_flags |= DCACHE_MOUNTED;
	spin_unlock(&mp->dentry->d_lock);
	write_sequnlock(&mount_lock);
	list_add_tail(&mnt->mnt_child, &mp->mnt->mnt_mounts);
	list_add_tail(&mnt->mnt_list, &all_mounts);
}

/* Detach mnt. Caller holds namespace_sem for write. Returns the old
 * mountpoint, whose references the caller drops (after the lock). */
static struct path detach_mnt(struct vfsmount *mnt)
{
	struct path old = { mnt->mnt_parent, mnt->mnt_mountpoint };
	struct vfsmount *m;
	bool still_mounted = false;

	lockdep_assert_held_write(&namespace_sem);
	write_seqlock(&mount_lock);
	list_del_rcu(&mnt->mnt_hash);
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
	list_for_each_entry(m, &all_mounts, mnt_list)
		if (m != mnt && m->mnt_mountpoint == old.dentry && m->mnt_parent == old.mnt)
			still_mounted = true;
	if (!still_mounted) {
		spin_lock(&old.dentry->d_lock);
		old.dentry->d_flags &= ~DCACHE_MOUNTED;
		spin_unlock(&old.dentry->d_lock);
	}
	write_sequnlock(&mount_lock);
	list_del_init(&mnt->mnt_child);
	list_del_init(&mnt->mnt_list);
	return old;
}

/* A new mount sharing old's superblock, rooted at root (bind mount). */
static struct vfsmount *clone_mnt(struct vfsmount *old, struct dentry *root)
{
	struct vfsmount *mnt = kzalloc(sizeof(*mnt), GFP_KERNEL);

	if (!mnt)
		return NULL;
	__atomic_fetch_add(&old->mnt_sb->s_active, 1, __ATOMIC_SEQ_CST);
	mnt->mnt_sb = old->mnt_sb;
	mnt->mnt_root = dget(root);
	mnt->mnt_parent = mnt;
	mnt->mnt_mountpoint = mnt->mnt_root;
	mnt->mnt_count = 1;
	mnt->mnt_flags = old->mnt_flags;
	INIT_LIST_HEAD(&mnt->mnt_hash);
	INIT_LIST_HEAD(&mnt->mnt_list);
	INIT_LIST_HEAD(&mnt->mnt_child);
	INIT_LIST_HEAD(&mnt->mnt_mounts);
	strlcpy(mnt->mnt_devname, old->mnt_devname, sizeof(mnt->mnt_devname));
	return mnt;
}

static int do_new_mount(const struct path *mp, const char *dev, const char *type_name,
			unsigned long flags, void *data)
{
	struct file_system_type *type = get_fs_type(type_name);
	struct vfsmount *mnt;

	if (!type)
		return -ENODEV;
	mnt = vfs_kern_mount(type, (int)flags, dev, data);
	if (IS_ERR(mnt))
		return (int)PTR_ERR(mnt);
	down_write(&namespace_sem);
	attach_mnt(mnt, mp);
	up_write(&namespace_sem);
	return 0;
}

static int do_bind_mount(const struct path *mp, const char *source)
{
	struct path src;
	struct vfsmount *mnt;
	int err = kern_path(source, LOOKUP_FOLLOW, &src);

	if (err)
		return err;
	mnt = clone_mnt(src.mnt, src.dentry);
	path_put(&src);
	if (!mnt)
		return -ENOMEM;
	down_write(&namespace_sem);
	attach_mnt(mnt, mp);
	up_write(&namespace_sem);
	return 0;
}

bool mnt_is_readonly(const struct vfsmount *mnt)
{
	return (READ_ONCE(mnt->mnt_flags) & MNT_RDONLY) ||
	       (READ_ONCE(mnt->mnt_sb->s_flags) & SB_RDONLY);
}

/* Set or clear MNT_RDONLY of the mount whose root mp is. */
static int set_mount_ro(const struct path *mp, bool ro)
{
	if (mp->dentry != mp->mnt->mnt_root)
		return -EINVAL;
	down_write(&namespace_sem);
	if (ro)
		mp->mnt->mnt_flags |= MNT_RDONLY;
	else
		mp->mnt->mnt_flags &= ~MNT_RDONLY;
	up_write(&namespace_sem);
	return 0;
}

/* MS_REMOUNT: of the superblock (and the mount's own flag), or with
 * MS_BIND of this mount only. */
static int do_remount(const struct path *mp, unsigned long flags, void *data)
{
	bool ro = flags & MS_RDONLY;
	int err;

	if (mp->dentry != mp->mnt->mnt_root)
		return -EINVAL;
	if (flags & MS_BIND)
		return set_mount_ro(mp, ro);
	err = reconfigure_super(mp->mnt->mnt_sb, ro ? SB_RDONLY : 0, data);
	return err ? err : set_mount_ro(mp, ro);
}

/* mount(2): a new mount, a bind mount or a remount of dir. Propagation
 * changes (MS_PRIVATE...) are accepted for a mount point and change
 * nothing: every mount is private here. May sleep. */
int do_mount(const char *dev_name, const char *dir, const char *type,
	     unsigned long flags, void *data)
{
	struct path mp;
	int err;

	might_sleep();
	err = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &mp);
	if (err)
		return err;
	if (flags & MS_REMOUNT) {
		err = do_remount(&mp, flags, data);
	} else if (flags & MS_BIND) {
		err = dev_name ? do_bind_mount(&mp, dev_name) : -EINVAL;
	} else if (flags & MS_PROPAGATION) {
		err = mp.dentry == mp.mnt->mnt_root ? 0 : -EINVAL;
	} else if (flags & MS_MOVE) {
		err = -EINVAL;		/* MS_MOVE: not supported (README) */
	} else {
		err = type ? do_new_mount(&mp, dev_name, type, flags, data) : -EINVAL;
	}
	path_put(&mp);
	return err;
}

/* A mount taken out of the tree, and where it was. */
struct detached {
	struct vfsmount *mnt;
	struct path old;
};

static unsigned count_tree(struct vfsmount *mnt)
{
	struct vfsmount *c;
	unsigned n = 1;

	lockdep_assert_held(&namespace_sem);
	list_for_each_entry(c, &mnt->mnt_mounts, mnt_child)
		n += count_tree(c);
	return n;
}

/* Detach mnt and every mount below it, children first, into out[].
 * Caller holds namespace_sem for write. Returns how many. */
static unsigned detach_tree(struct vfsmount *mnt, struct detached *out)
{
	unsigned n = 0;

	lockdep_assert_held_write(&namespace_sem);
	while (!list_empty(&mnt->mnt_mounts))
		n += detach_tree(list_first_entry(&mnt->mnt_mounts, struct vfsmount, mnt_child),
				 out + n);
	out[n].mnt = mnt;
	out[n].old = detach_mnt(mnt);
	return n + 1;
}

/* MNT_DETACH: take the mount and everything below it out of the tree
 * now, busy or not; each goes away with its last user. */
static int umount_detach(struct vfsmount *mnt)
{
	struct detached *d;
	unsigned n;

	down_write(&namespace_sem);
	d = kmalloc(count_tree(mnt) * sizeof(*d), GFP_KERNEL);
	if (!d) {
		up_write(&namespace_sem);
		return -ENOMEM;
	}
	n = detach_tree(mnt, d);
	up_write(&namespace_sem);
	for (unsigned i = 0; i < n; i++) {
		path_put(&d[i].old);
		mntput(d[i].mnt);	/* the tree's reference */
	}
	kfree(d);
	return 0;
}

/* umount2(2). MNT_FORCE first calls ->umount_begin; MNT_DETACH detaches
 * at once (see umount_detach); otherwise -EBUSY while the mount has
 * children or users other than the caller's path. UMOUNT_NOFOLLOW does not
 * follow a final symlink. -EINVAL if dir is not a mount point, -EBUSY for
 * the namespace root. May sleep. */
int do_umount_path(const char *dir, int flags)
{
	struct vfsmount *mnt;
	struct path mp, old;
	int err = kern_path(dir, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &mp);

	if (err)
		return err;
	mnt = mp.mnt;
	if (mp.dentry != mnt->mnt_root || mnt == root_mnt) {
		path_put(&mp);
		return mnt == root_mnt && mp.dentry == mnt->mnt_root ? -EBUSY : -EINVAL;
	}
	if ((flags & MNT_FORCE) && mnt->mnt_sb->s_op->umount_begin)
		call_umount_begin(mnt->mnt_sb);
	if (flags & MNT_DETACH) {
		err = umount_detach(mnt);
		path_put(&mp);
		return err;
	}
	down_write(&namespace_sem);
	/* Busy: references besides ours (1) and the tree's (1), or children. */
	if (!list_empty(&mnt->mnt_mounts) ||
	    __atomic_load_n(&mnt->mnt_count, __ATOMIC_SEQ_CST) > 2) {
		up_write(&namespace_sem);
		path_put(&mp);
		return -EBUSY;
	}
	old = detach_mnt(mnt);
	up_write(&namespace_sem);
	path_put(&mp);
	path_put(&old);
	mntput(mnt);		/* the tree's reference: shuts the superblock down */
	return 0;
}

void get_fs_root(struct path *root)
{
	struct vfsmount *r = READ_ONCE(root_mnt);	/* changes once, at boot */

	root->mnt = mntget(r);
	root->dentry = dget(r->mnt_root);
}

/* The mount whose root name is (a directory of the current root,
 * following mounts); false if nothing is mounted there. */
static bool mount_at(const char *name, struct path *p)
{
	if (kern_path(name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, p))
		return false;
	follow_down(p);
	if (p->dentry == p->mnt->mnt_root && p->mnt != READ_ONCE(root_mnt))
		return true;
	path_put(p);
	return false;
}

int mount_root_mnt(struct vfsmount *mnt, const char *const *moves, unsigned nmoves)
{
	struct path old[4], rp, np, mp;
	bool have[4] = { false };
	struct vfsmount *prev;

	might_sleep();
	if (nmoves > ARRAY_SIZE(old))
		return -EINVAL;
	for (unsigned i = 0; i < nmoves; i++)
		have[i] = mount_at(moves[i], &old[i]);
	down_write(&namespace_sem);
	prev = root_mnt;
	rp.mnt = prev;
	rp.dentry = prev->mnt_root;
	attach_mnt(mnt, &rp);
	WRITE_ONCE(root_mnt, mnt);
	up_write(&namespace_sem);
	/* /proc and /dev follow onto the new root's directories of those
	 * names (MS_MOVE); without one, they stay out of sight beneath. */
	for (unsigned i = 0; i < nmoves; i++) {
		if (!have[i])
			continue;
		if (kern_path(moves[i], LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &np)) {
			pr_info("VFS: the new root has no %s: %s stays on the initramfs\n",
				moves[i], moves[i]);
			path_put(&old[i]);
			continue;
		}
		down_write(&namespace_sem);
		mp = detach_mnt(old[i].mnt);
		attach_mnt(old[i].mnt, &np);
		up_write(&namespace_sem);
		path_put(&mp);
		path_put(&np);
		path_put(&old[i]);
	}
	return 0;
}

/* /proc/mounts: "devname mountpoint type options 0 0" per mount. */
size_t mounts_format(char *buf, size_t len)
{
	struct vfsmount *m;
	size_t n = 0;
	char path[256];

	down_read(&namespace_sem);
	list_for_each_entry(m, &all_mounts, mnt_list) {
		char *p = dentry_path_raw(m->mnt_mountpoint, path, sizeof(path));
		if (IS_ERR(p))
			p = "?";
		if (n < len)
			n += snprintf(buf + n, len - n, "%s %s %s %s 0 0\n", m->mnt_devname, p,
				      m->mnt_sb->s_type->name,
				      (m->mnt_sb->s_flags & SB_RDONLY) ? "ro" : "rw");
	}
	up_read(&namespace_sem);
	return n < len ? n : len;
}

/*
 * For /proc/mounts: fn(mnt, the path of its mountpoint, arg) for each
 * mount in mount order, with namespace_sem held shared so the tree holds
 * still. fn may sleep but must not mount or unmount. Stops at the first
 * nonzero return of fn and returns it.
 */
int iterate_mounts(int (*fn)(struct vfsmount *mnt, const char *mountpoint, void *arg),
		   void *arg)
{
	struct vfsmount *m;
	char path[256];
	int ret = 0;

	might_sleep();
	down_read(&namespace_sem);
	list_for_each_entry(m, &all_mounts, mnt_list) {
		char *p = dentry_path_raw(m->mnt_mountpoint, path, sizeof(path));

		ret = fn(m, IS_ERR(p) ? "?" : p, arg);
		if (ret)
			break;
	}
	up_read(&namespace_sem);
	return ret;
}

/* Mount the root tmpfs. Called once at boot, before any path walk. */
void mnt_init(void)
{
	struct file_system_type *type;

	for (unsigned i = 0; i < M_HASH_SIZE; i++)
		INIT_LIST_HEAD(&mount_hashtable[i]);
	type = get_fs_type("tmpfs");
	if (!type)
		panic("VFS: no tmpfs to mount as the root");
	root_mnt = vfs_kern_mount(type, 0, "rootfs", NULL);
	if (IS_ERR(root_mnt))
		panic("VFS: cannot mount the root tmpfs (%ld)", PTR_ERR(root_mnt));
	down_write(&namespace_sem);
	list_add_tail(&root_mnt->mnt_list, &all_mounts);
	up_write(&namespace_sem);
	pr_info("VFS: mounted tmpfs as the root\n");
}
