/*
 * The dentry cache.
 *
 * Lifetime: a dentry holds a reference on its parent, so a dentry with
 * children is never unused. When the last reference goes (dput), a hashed
 * dentry stays cached on the LRU unless ->d_delete says otherwise; an
 * unhashed one is killed at once. Killing needs three locks: the dentry's
 * d_lock, its inode's i_lock and its parent's d_lock. The documented order
 * is i_lock before d_lock and parent before child, so dput(), which starts
 * holding the child's d_lock, only trylocks the other two and backs off.
 * Freed dentries go through call_rcu(), because RCU-walk reads dentries
 * without references.
 *
 * Lock order: rename_lock (write) > parent d_lock > child d_lock >
 * dcache_hash_lock / dcache_lru_lock; inode->i_lock > d_lock.
 */
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/ops.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/slab.h"
#include "mm/shrinker.h"

#define D_HASH_BITS 10
#define D_HASH_SIZE (1u << D_HASH_BITS)

DEFINE_SEQLOCK(rename_lock);
static DEFINE_SPINLOCK(dcache_hash_lock);
static struct list_head dentry_hashtable[D_HASH_SIZE];	/* dcache_hash_lock; RCU readers */
static DEFINE_SPINLOCK(dcache_lru_lock);
static LIST_HEAD(dentry_lru);				/* dcache_lru_lock */
static unsigned long nr_unused;				/* dcache_lru_lock */
static unsigned long nr_dentry;				/* atomic */
static struct kmem_cache *dentry_cache;			/* const after init */
static struct lock_class_key d_lock_key;		/* one class for every d_lock */
static struct lock_class_key d_seq_key;

struct external_name {
	struct rcu_head rcu;
	char name[];
};

static unsigned long dcache_shrink_count(void)
{
	return dcache_nr_unused();
}

static struct shrinker dcache_shrinker = {
	.name = "dcache",
	.count = dcache_shrink_count,
	.scan = shrink_dcache,
};

void dcache_init(void)
{
	dentry_cache = kmem_cache_create("dentry", sizeof(struct dentry), 8, NULL);
	if (!dentry_cache)
		panic("dcache: no memory for the dentry cache");
	for (unsigned i = 0; i < D_HASH_SIZE; i++)
		INIT_LIST_HEAD(&dentry_hashtable[i]);
	register_shrinker(&dcache_shrinker);
}

u32 full_name_hash(const struct dentry *salt, const char *name, u32 len)
{
	u32 h = 2166136261u ^ (u32)((unsigned long)salt >> 4);

	for (u32 i = 0; i < len; i++)
		h = (h ^ (u8)name[i]) * 16777619u;
	return h;
}

static struct list_head *d_hash_bucket(const struct dentry *parent, u32 hash)
{
	return &dentry_hashtable[(hash ^ ((unsigned long)parent >> 6)) & (D_HASH_SIZE - 1)];
}

/* Store a copy of name in d; returns 0 or -ENOMEM. Old external names are
 * freed after a grace period (RCU-walk may be reading them). */
static int d_set_name(struct dentry *d, const struct qstr *name)
{
	const char *old = d->d_name.name;
	char *dst = d->d_iname;

	if (name->len >= DNAME_INLINE_LEN) {
		struct external_name *ext = kmalloc(sizeof(*ext) + name->len + 1, GFP_KERNEL);
		if (!ext)
			return -ENOMEM;
		dst = ext->name;
	}
	memcpy(dst, name->name, name->len);
	dst[name->len] = 0;
	WRITE_ONCE(d->d_name.name, dst);
	d->d_name.len = name->len;
	d->d_name.hash = name->hash;
	if (old && old != d->d_iname && old != dst)
		call_rcu(&container_of(old, struct external_name, name[0])->rcu,
			 (void (*)(struct rcu_head *))kfree);
	return 0;
}

static void d_set_op_flags(struct dentry *d)
{
	const struct dentry_operations *op = d->d_op;

	if (!op)
		return;
	d->d_flags |= (op->d_hash ? DCACHE_OP_HASH : 0) | (op->d_compare ? DCACHE_OP_COMPARE : 0) |
		      (op->d_revalidate ? DCACHE_OP_REVALIDATE : 0) |
		      (op->d_delete ? DCACHE_OP_DELETE : 0) | (op->d_prune ? DCACHE_OP_PRUNE : 0);
}

static struct dentry *__d_alloc(struct super_block *sb, const struct qstr *name)
{
	struct dentry *d = kmem_cache_zalloc(dentry_cache, GFP_KERNEL);

	if (!d)
		return NULL;
	if (d_set_name(d, name)) {
		kmem_cache_free(dentry_cache, d);
		return NULL;
	}
	__spin_lock_init(&d->d_lock, "&dentry->d_lock", &d_lock_key, __FILE__, __LINE__);
	__seqcount_init(&d->d_seq, "&dentry->d_seq", &d_seq_key);
	d->d_count = 1;
	d->d_sb = sb;
	d->d_parent = d;
	d->d_op = sb->s_d_op;
	d_set_op_flags(d);
	INIT_LIST_HEAD(&d->d_hash);
	INIT_LIST_HEAD(&d->d_lru);
	INIT_LIST_HEAD(&d->d_child);
	INIT_LIST_HEAD(&d->d_subdirs);
	INIT_LIST_HEAD(&d->d_alias);
	__atomic_fetch_add(&nr_dentry, 1, __ATOMIC_RELAXED);
	return d;
}

static void d_free_rcu(struct rcu_head *head)
{
	struct dentry *d = container_of(head, struct dentry, d_rcu);

	if (d->d_name.name != d->d_iname)
		kfree(container_of(d->d_name.name, struct external_name, name[0]));
	kmem_cache_free(dentry_cache, d);
	__atomic_fetch_sub(&nr_dentry, 1, __ATOMIC_RELAXED);
}

/* May sleep (->d_init). */
struct dentry *d_alloc(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d;

	might_sleep();
	d = __d_alloc(parent->d_sb, name);
	if (!d)
		return NULL;
	spin_lock(&parent->d_lock);
	parent->d_count++;		/* the child pins its parent */
	d->d_parent = parent;
	list_add(&d->d_child, &parent->d_subdirs);
	spin_unlock(&parent->d_lock);
	if (d->d_op && d->d_op->d_init && call_d_init(d)) {
		dput(d);
		return NULL;
	}
	return d;
}

struct dentry *d_make_root(struct inode *root_inode)
{
	static const struct qstr slash = QSTR_INIT("/", 1);
	struct dentry *d;

	if (!root_inode)
		return NULL;
	d = __d_alloc(root_inode->i_sb, &slash);
	if (!d) {
		iput(root_inode);
		return NULL;
	}
	d_instantiate(d, root_inode);
	return d;
}

/* Takes inode->i_lock then d->d_lock. */
void d_instantiate(struct dentry *d, struct inode *inode)
{
	if (inode) {
		spin_lock(&inode->i_lock);
		list_add(&d->d_alias, &inode->i_dentry);
	}
	spin_lock(&d->d_lock);
	write_seqcount_begin(&d->d_seq);
	d->d_inode = inode;
	write_seqcount_end(&d->d_seq);
	spin_unlock(&d->d_lock);
	if (inode)
		spin_unlock(&inode->i_lock);
}

/* Caller holds d->d_lock. */
static void __d_rehash(struct dentry *d)
{
	lockdep_assert_held(&d->d_lock);
	spin_lock(&dcache_hash_lock);
	list_add_rcu(&d->d_hash, d_hash_bucket(d->d_parent, d->d_name.hash));
	spin_unlock(&dcache_hash_lock);
	d->d_flags |= DCACHE_HASHED;
}

/* Caller holds d->d_lock. */
static void __d_drop(struct dentry *d)
{
	lockdep_assert_held(&d->d_lock);
	if (!(d->d_flags & DCACHE_HASHED))
		return;
	spin_lock(&dcache_hash_lock);
	list_del_rcu(&d->d_hash);
	spin_unlock(&dcache_hash_lock);
	d->d_flags &= ~DCACHE_HASHED;
	write_seqcount_begin(&d->d_seq);	/* RCU walkers standing here must retry */
	write_seqcount_end(&d->d_seq);
}

void d_rehash(struct dentry *d)
{
	spin_lock(&d->d_lock);
	__d_rehash(d);
	spin_unlock(&d->d_lock);
}

void d_add(struct dentry *d, struct inode *inode)
{
	d_instantiate(d, inode);
	d_rehash(d);
}

void d_drop(struct dentry *d)
{
	spin_lock(&d->d_lock);
	__d_drop(d);
	spin_unlock(&d->d_lock);
}

static bool d_name_matches(const struct dentry *d, const struct qstr *name, bool rcu)
{
	const char *s = READ_ONCE(d->d_name.name);
	u32 len = READ_ONCE(d->d_name.len);

	if (d->d_flags & DCACHE_OP_COMPARE)
		return !call_d_compare(d, len, s, name, rcu);
	return d->d_name.hash == name->hash && len == name->len && !memcmp(s, name->name, len);
}

/* One pass over the bucket: a reference to the match, or NULL. */
static struct dentry *__d_lookup(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d, *found = NULL;

	rcu_read_lock();
	list_for_each_entry_rcu(d, d_hash_bucket(parent, name->hash), d_hash) {
		if (READ_ONCE(d->d_parent) != parent || !d_name_matches(d, name, false))
			continue;
		spin_lock(&d->d_lock);
		if (d->d_parent == parent && (d->d_flags & DCACHE_HASHED) &&
		    !(d->d_flags & DCACHE_DENTRY_KILLED)) {
			d->d_count++;
			d->d_flags |= DCACHE_REFERENCED;
			found = d;
		}
		spin_unlock(&d->d_lock);
		break;
	}
	rcu_read_unlock();
	return found;
}

struct dentry *d_lookup(struct dentry *parent, const struct qstr *name)
{
	struct dentry *d;
	unsigned seq;

	do {
		seq = read_seqbegin(&rename_lock);
		d = __d_lookup(parent, name);
	} while (!d && read_seqretry(&rename_lock, seq));
	return d;
}

struct dentry *__d_lookup_rcu(struct dentry *parent, const struct qstr *name, unsigned *seqp)
{
	struct dentry *d;

	list_for_each_entry_rcu(d, d_hash_bucket(parent, name->hash), d_hash) {
		unsigned seq = read_seqcount_begin(&d->d_seq);

		if (READ_ONCE(d->d_parent) != parent || !d_name_matches(d, name, true))
			continue;
		if (read_seqcount_retry(&d->d_seq, seq))
			continue;
		*seqp = seq;
		return d;
	}
	return NULL;
}

struct dentry *dget_parent(struct dentry *d)
{
	struct dentry *p;

	for (;;) {
		unsigned seq = read_seqbegin(&rename_lock);
		p = READ_ONCE(d->d_parent);
		spin_lock(&p->d_lock);
		if (!read_seqretry(&rename_lock, seq) && p == READ_ONCE(d->d_parent)) {
			p->d_count++;
			spin_unlock(&p->d_lock);
			return p;
		}
		spin_unlock(&p->d_lock);
	}
}

bool d_mountpoint(const struct dentry *d)
{
	return READ_ONCE(d->d_flags) & DCACHE_MOUNTED;
}

/* Caller holds d->d_lock; adds an unused dentry to the LRU. */
static void d_lru_add(struct dentry *d)
{
	if (d->d_flags & DCACHE_LRU_LIST)
		return;
	spin_lock(&dcache_lru_lock);
	list_add_tail(&d->d_lru, &dentry_lru);
	nr_unused++;
	spin_unlock(&dcache_lru_lock);
	d->d_flags |= DCACHE_LRU_LIST;
}

/* Caller holds d->d_lock. */
static void d_lru_del(struct dentry *d)
{
	if (!(d->d_flags & DCACHE_LRU_LIST))
		return;
	spin_lock(&dcache_lru_lock);
	list_del_init(&d->d_lru);
	nr_unused--;
	spin_unlock(&dcache_lru_lock);
	d->d_flags &= ~DCACHE_LRU_LIST;
}

/* Make d negative and drop its inode reference (through ->d_iput if the
 * filesystem has one). Called with d->d_lock and inode->i_lock held;
 * releases both before the iput, which may sleep. */
static void dentry_unlink_inode(struct dentry *d, struct inode *inode)
{
	lockdep_assert_held(&d->d_lock);
	lockdep_assert_held(&inode->i_lock);
	list_del_init(&d->d_alias);
	write_seqcount_begin(&d->d_seq);
	d->d_inode = NULL;
	write_seqcount_end(&d->d_seq);
	spin_unlock(&d->d_lock);
	spin_unlock(&inode->i_lock);
	if (d->d_op && d->d_op->d_iput)
		call_d_iput(d, inode);
	else
		iput(inode);
}

/*
 * Kill d, whose count is 0. Called with d->d_lock, the inode's i_lock (if
 * any) and the parent's d_lock (if any) held; returns with all released.
 * Returns the parent, whose reference the caller must drop.
 */
static struct dentry *__dentry_kill(struct dentry *d)
{
	struct dentry *parent = d->d_parent == d ? NULL : d->d_parent;
	struct inode *inode = d->d_inode;

	if (d->d_flags & DCACHE_OP_PRUNE)
		call_d_prune(d);
	__d_drop(d);
	d_lru_del(d);
	d->d_flags |= DCACHE_DENTRY_KILLED;
	if (parent) {
		list_del_init(&d->d_child);
		spin_unlock(&parent->d_lock);
	}
	if (inode)
		dentry_unlink_inode(d, inode);
	else
		spin_unlock(&d->d_lock);
	if (d->d_op && d->d_op->d_release)
		call_d_release(d);
	call_rcu(&d->d_rcu, d_free_rcu);
	return parent;
}

/* d->d_lock held, count 0. Take the other two locks by trylock (they come
 * earlier in the lock order). Returns false if they were busy: the caller
 * drops d_lock, lets the holder finish, and tries again. */
static bool dentry_trylock_kill_locks(struct dentry *d)
{
	struct inode *inode = d->d_inode;
	struct dentry *parent = d->d_parent;

	if (inode && !spin_trylock(&inode->i_lock))
		return false;
	if (parent != d && !spin_trylock(&parent->d_lock)) {
		if (inode)
			spin_unlock(&inode->i_lock);
		return false;
	}
	return true;
}

/* Should an unused dentry be freed now rather than cached? d_lock held. */
static bool d_should_kill(struct dentry *d)
{
	if (!(d->d_flags & DCACHE_HASHED))
		return true;
	if ((d->d_flags & DCACHE_OP_DELETE) && call_d_delete(d))
		return true;
	return false;
}

/* Drops a reference. The last one caches or frees the dentry, and then its
 * parent's reference in turn. May sleep (->d_iput, ->d_release, iput). */
void dput(struct dentry *d)
{
	might_sleep();
	while (d) {
		spin_lock(&d->d_lock);
		if (d->d_count > 1) {
			d->d_count--;
			spin_unlock(&d->d_lock);
			return;
		}
		if (!d_should_kill(d)) {
			d->d_count = 0;
			d_lru_add(d);
			spin_unlock(&d->d_lock);
			return;
		}
		if (!dentry_trylock_kill_locks(d)) {
			spin_unlock(&d->d_lock);
			cpu_relax();
			continue;	/* retry from the top with our reference intact */
		}
		d->d_count = 0;
		d = __dentry_kill(d);
	}
}

/* Unlink: turn d negative if nobody else uses it, else just unhash it. */
void d_delete(struct dentry *d)
{
	struct inode *inode = d->d_inode;

	spin_lock(&inode->i_lock);
	spin_lock(&d->d_lock);
	if (d->d_count == 1) {
		dentry_unlink_inode(d, inode);
		return;
	}
	__d_drop(d);
	spin_unlock(&d->d_lock);
	spin_unlock(&inode->i_lock);
}

/* d_lock subclasses for the locks d_move()/d_exchange() nest. */
enum { D_LOCK_PARENT = 0, D_LOCK_PARENT2 = 2, D_LOCK_CHILD = 3, D_LOCK_CHILD2 = 4 };

/* Is a an ancestor of d? Stable while rename_lock is held for write. */
static bool d_is_ancestor(const struct dentry *a, const struct dentry *d)
{
	for (; d->d_parent != d; d = d->d_parent)
		if (d->d_parent == a)
			return true;
	return false;
}

/* Lock two parents: an ancestor before its descendant, else by address.
 * Caller holds rename_lock for write, so no other mover competes. */
static void d_lock_parents(struct dentry *p1, struct dentry *p2)
{
	if (p1 == p2) {
		spin_lock_nested(&p1->d_lock, D_LOCK_PARENT);
		return;
	}
	if (d_is_ancestor(p2, p1) || (!d_is_ancestor(p1, p2) && p2 < p1)) {
		struct dentry *t = p1;
		p1 = p2;
		p2 = t;
	}
	spin_lock_nested(&p1->d_lock, D_LOCK_PARENT);
	spin_lock_nested(&p2->d_lock, D_LOCK_PARENT2);
}

static void d_unlock_parents(struct dentry *p1, struct dentry *p2)
{
	if (p1 != p2)
		spin_unlock(&p2->d_lock);
	spin_unlock(&p1->d_lock);
}

/* Give d a new name and parent. Caller holds both parents' d_lock and
 * d's d_lock, and rename_lock for write; RCU walkers see the change as
 * one d_seq write section. The new parent's count is not changed here. */
static void d_change(struct dentry *d, const struct qstr *name, struct dentry *parent)
{
	write_seqcount_begin(&d->d_seq);
	if (d_set_name(d, name))
		pr_err("dcache: no memory to rename %s\n", d->d_name.name);
	if (d->d_parent != parent) {
		list_del(&d->d_child);
		list_add(&d->d_child, &parent->d_subdirs);
		d->d_parent = parent;
	}
	write_seqcount_end(&d->d_seq);
}

/* Rename: d takes target's name and place; target is unhashed. Caller
 * holds the parents' i_rwsem (lock_rename). May sleep (drops a parent). */
void d_move(struct dentry *d, struct dentry *target)
{
	struct dentry *old_parent = d->d_parent, *new_parent = target->d_parent;
	char buf[NAME_MAX + 1];
	struct qstr name = target->d_name;

	memcpy(buf, name.name, name.len + 1);
	name.name = buf;
	write_seqlock(&rename_lock);
	d_drop(target);
	d_lock_parents(old_parent, new_parent);
	spin_lock_nested(&d->d_lock, D_LOCK_CHILD);
	__d_drop(d);
	d_change(d, &name, new_parent);
	if (old_parent != new_parent)
		new_parent->d_count++;		/* d now pins its new parent */
	__d_rehash(d);
	spin_unlock(&d->d_lock);
	d_unlock_parents(old_parent, new_parent);
	write_sequnlock(&rename_lock);
	if (old_parent != new_parent)
		dput(old_parent);		/* ... and no longer its old one */
}

/* RENAME_EXCHANGE: a and b swap names and parents (each parent keeps one
 * child, so no counts change). */
void d_exchange(struct dentry *a, struct dentry *b)
{
	struct dentry *pa = a->d_parent, *pb = b->d_parent;
	char na[NAME_MAX + 1], nb[NAME_MAX + 1];
	struct qstr qa = a->d_name, qb = b->d_name;

	memcpy(na, qa.name, qa.len + 1);
	memcpy(nb, qb.name, qb.len + 1);
	qa.name = na;
	qb.name = nb;
	if (a > b) {
		struct dentry *t = a;
		a = b;
		b = t;
		struct qstr tq = qa;
		qa = qb;
		qb = tq;
		t = pa;
		pa = pb;
		pb = t;
	}
	write_seqlock(&rename_lock);
	d_lock_parents(pa, pb);
	spin_lock_nested(&a->d_lock, D_LOCK_CHILD);
	spin_lock_nested(&b->d_lock, D_LOCK_CHILD2);
	__d_drop(a);
	__d_drop(b);
	d_change(a, &qb, pb);
	d_change(b, &qa, pa);
	__d_rehash(a);
	__d_rehash(b);
	spin_unlock(&b->d_lock);
	spin_unlock(&a->d_lock);
	d_unlock_parents(pa, pb);
	write_sequnlock(&rename_lock);
}

/* Take one unused dentry off the LRU (of sb, or any if NULL) with its
 * d_lock held, or NULL. */
static struct dentry *lru_take(struct super_block *sb)
{
	struct dentry *d;

	spin_lock(&dcache_lru_lock);
	list_for_each_entry(d, &dentry_lru, d_lru) {
		if (sb && d->d_sb != sb)
			continue;
		if (!spin_trylock(&d->d_lock))
			continue;
		list_del_init(&d->d_lru);
		nr_unused--;
		d->d_flags &= ~DCACHE_LRU_LIST;
		spin_unlock(&dcache_lru_lock);
		return d;
	}
	spin_unlock(&dcache_lru_lock);
	return NULL;
}

/* Kill an LRU victim (d_lock held); returns whether it was freed. */
static bool prune_one(struct dentry *d)
{
	if (d->d_count || !dentry_trylock_kill_locks(d)) {
		spin_unlock(&d->d_lock);	/* in use again, or busy: leave it */
		return false;
	}
	d->d_count = 0;
	struct dentry *parent = __dentry_kill(d);
	dput(parent);
	return true;
}

unsigned long shrink_dcache(unsigned long nr)
{
	unsigned long freed = 0;
	struct dentry *d;

	might_sleep();
	while (freed < nr && (d = lru_take(NULL)))
		freed += prune_one(d);
	return freed;
}

void shrink_dcache_sb(struct super_block *sb)
{
	struct dentry *d;

	might_sleep();
	while ((d = lru_take(sb)))
		prune_one(d);
}

/* At umount, after every user is gone: free the whole tree bottom-up. */
void shrink_dcache_for_umount(struct super_block *sb)
{
	shrink_dcache_sb(sb);
	if (sb->s_root) {
		struct dentry *root = sb->s_root;
		sb->s_root = NULL;
		dput(root);
	}
	shrink_dcache_sb(sb);
}

/*
 * Free the unused dentries right below parent: after rmdir (or a rename
 * over a directory) its negative children, left by lookups, would pin the
 * dead directory's dentry and so its inode (an orphan on a disk
 * filesystem) until memory pressure came. Children in use stay. May
 * sleep.
 */
void shrink_dcache_parent(struct dentry *parent)
{
	int busy = 0;

	might_sleep();
	while (busy < 100) {
		struct dentry *victim = NULL, *c;

		spin_lock(&parent->d_lock);
		list_for_each_entry(c, &parent->d_subdirs, d_child) {
			spin_lock_nested(&c->d_lock, D_LOCK_CHILD);
			if (c->d_count == 0 && list_empty(&c->d_subdirs) &&
			    !(c->d_flags & DCACHE_DENTRY_KILLED)) {
				victim = c;	/* its d_lock stays held */
				break;
			}
			spin_unlock(&c->d_lock);
		}
		spin_unlock(&parent->d_lock);
		if (!victim)
			return;
		if (!prune_one(victim)) {	/* a lock was busy: again */
			busy++;
			cpu_relax();
		}
	}
}

/*
 * The end of ->lookup (the parent's i_rwsem held, at least shared). A
 * directory has one name: if inode, a directory, is already known under
 * another hashed dentry, that alias is moved here (d_move) and returned
 * instead, as Linux does; -ELOOP if the alias is an ancestor of dentry
 * (a corrupted tree), -EBUSY if the alias's parent is busy. Otherwise
 * the inode (or NULL: a negative entry) is attached and dentry hashed.
 * Consumes the inode reference. May sleep.
 */
struct dentry *d_splice_alias(struct inode *inode, struct dentry *dentry)
{
	struct dentry *alias = NULL, *a, *result;
	struct super_block *sb = dentry->d_sb;

	might_sleep();
	if (IS_ERR(inode))
		return ERR_CAST(inode);
	if (inode && S_ISDIR(inode->i_mode)) {
		spin_lock(&inode->i_lock);
		list_for_each_entry(a, &inode->i_dentry, d_alias) {
			spin_lock(&a->d_lock);
			if (a != dentry && (a->d_flags & DCACHE_HASHED) &&
			    !(a->d_flags & DCACHE_DENTRY_KILLED)) {
				a->d_count++;
				alias = a;
			}
			spin_unlock(&a->d_lock);
			if (alias)
				break;
		}
		spin_unlock(&inode->i_lock);
	}
	if (!alias) {
		d_add(dentry, inode);
		return NULL;
	}
	iput(inode);			/* the alias holds the inode */
	write_seqlock(&rename_lock);
	if (alias == dentry->d_parent || d_is_ancestor(alias, dentry)) {
		write_sequnlock(&rename_lock);
		pr_err("VFS: directory %s/%llu is its own ancestor (lookup of %s)\n", sb->s_id,
		       (unsigned long long)alias->d_inode->i_ino, dentry->d_name.name);
		dput(alias);
		return ERR_PTR(-ELOOP);
	}
	write_sequnlock(&rename_lock);
	if (alias->d_parent == dentry->d_parent) {
		d_move(alias, dentry);
		return alias;
	}
	/* Moving it from another directory needs that directory and the
	 * rename lock, as rename does; the caller holds a directory already,
	 * so only try. */
	result = ERR_PTR(-EBUSY);	/* Linux says -ESTALE, which this errno.h lacks */
	if (mutex_trylock(&sb->s_vfs_rename_sem)) {
		struct dentry *old_parent = dget_parent(alias);

		if (down_read_trylock(&old_parent->d_inode->i_rwsem)) {
			if (alias->d_parent == old_parent) {
				d_move(alias, dentry);
				result = alias;
			}
			up_read(&old_parent->d_inode->i_rwsem);
		}
		mutex_unlock(&sb->s_vfs_rename_sem);
		dput(old_parent);
	}
	if (IS_ERR(result))
		dput(alias);
	return result;
}

char *dentry_path_raw(struct dentry *d, char *buf, int buflen)
{
	char *end;
	unsigned seq;

	do {
		struct dentry *p = d;
		end = buf + buflen;
		*--end = 0;
		seq = read_seqbegin(&rename_lock);
		rcu_read_lock();
		while (p->d_parent != p) {
			u32 len = READ_ONCE(p->d_name.len);
			if (end - buf < (long)len + 2) {
				rcu_read_unlock();
				return ERR_PTR(-ENAMETOOLONG);
			}
			end -= len;
			memcpy(end, READ_ONCE(p->d_name.name), len);
			*--end = '/';
			p = READ_ONCE(p->d_parent);
		}
		rcu_read_unlock();
	} while (read_seqretry(&rename_lock, seq));
	if (!*end)
		*--end = '/';
	return end;
}

unsigned long dcache_nr_dentry(void)
{
	return READ_ONCE(nr_dentry);
}

unsigned long dcache_nr_unused(void)
{
	return READ_ONCE(nr_unused);
}
