/*
 * The inode cache.
 *
 * An inode is on its superblock's list from birth to eviction and, when the
 * filesystem hashes it, on the inode hash (sb, ino) so that iget_locked()
 * finds it. i_count is changed atomically but only drops to zero under
 * i_lock, which also guards i_state. On the last iput() the filesystem's
 * ->drop_inode (called with i_lock held, and so not allowed to sleep)
 * decides between keeping the unused inode cached (on inode_unused, for a
 * later iget or the shrinker) and evicting it now. Eviction: I_FREEING set,
 * off the lists, ->evict_inode, ->destroy_inode, then ->free_inode after an
 * RCU grace period, since RCU-walk may still be looking at the inode.
 *
 * Lock order: inode_hash_lock > i_lock > inode_unused_lock;
 * s_inode_list_lock is taken alone.
 */
#include "fs/vfs/inode.h"
#include "kernel/time/clock.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/locks.h"
#include "fs/vfs/ops.h"
#include "fs/devfs/chrdev.h"
#include "fs/pipe.h"
#include "fs/block_dev.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/time.h"
#include "kernel/user/cred.h"
#include "mm/slab.h"
#include "mm/shrinker.h"
#include "mm/pagemap.h"

#define I_HASH_SIZE 256

static DEFINE_SPINLOCK(inode_hash_lock);
static struct list_head inode_hashtable[I_HASH_SIZE];	/* inode_hash_lock */
static DEFINE_SPINLOCK(inode_unused_lock);
static LIST_HEAD(inode_unused);				/* inode_unused_lock: i_count 0, cached */
static unsigned long nr_unused_inodes;			/* inode_unused_lock */
static unsigned long nr_inodes;				/* atomic */
static struct kmem_cache *inode_cachep;			/* const after init */
static DECLARE_WAIT_QUEUE_HEAD(inode_state_wait);	/* I_NEW / I_FREEING cleared */
static struct lock_class_key i_lock_key;
static u64 last_ino;					/* atomic */
static const struct inode_operations empty_iops;	/* until the filesystem sets its own */

static unsigned long icache_shrink_count(void)
{
	return READ_ONCE(nr_unused_inodes);
}

static struct shrinker icache_shrinker = {
	.name = "icache",
	.count = icache_shrink_count,
	.scan = shrink_icache,
};

void inode_init(void)
{
	inode_cachep = kmem_cache_create("inode", sizeof(struct inode), 8, NULL);
	if (!inode_cachep)
		panic("icache: no memory for the inode cache");
	for (unsigned i = 0; i < I_HASH_SIZE; i++)
		INIT_LIST_HEAD(&inode_hashtable[i]);
	register_shrinker(&icache_shrinker);
}

static bool ilookup_busy(struct super_block *sb, u64 ino);
static void destroy_inode(struct inode *inode);

static struct list_head *i_hash_bucket(struct super_block *sb, u64 ino)
{
	return &inode_hashtable[(ino ^ ((unsigned long)sb >> 6)) % I_HASH_SIZE];
}

struct timespec64 current_time(struct inode *inode)
{
	u64 ns = ktime_get_real_ns();	/* the wall clock (CMOS RTC at boot) */

	return (struct timespec64){ .tv_sec = (s64)(ns / NSEC_PER_SEC), .tv_nsec = (long)(ns % NSEC_PER_SEC) };
}

u64 get_next_ino(void)
{
	return __atomic_add_fetch(&last_ino, 1, __ATOMIC_RELAXED);
}

static void inode_init_always(struct super_block *sb, struct inode *inode)
{
	struct file_system_type *type = sb->s_type;

	inode->i_sb = sb;
	inode->i_op = &empty_iops;
	inode->i_fop = NULL;
	inode->i_count = 1;
	inode->i_nlink = 1;
	inode->i_state = 0;
	inode->i_mapping = &inode->i_data;
	inode->i_blkbits = sb->s_blocksize_bits ? sb->s_blocksize_bits : PAGE_SHIFT;
	mapping_init(&inode->i_data, inode);
	__spin_lock_init(&inode->i_lock, "&inode->i_lock", &i_lock_key, __FILE__, __LINE__);
	__init_rwsem(&inode->i_rwsem, "&type->i_rwsem", &type->i_rwsem_key, __FILE__, __LINE__);
	__init_rwsem(&inode->i_data.invalidate_lock, "&mapping->invalidate_lock",
		     &type->invalidate_lock_key, __FILE__, __LINE__);
	INIT_LIST_HEAD(&inode->i_hash);
	INIT_LIST_HEAD(&inode->i_sb_list);
	INIT_LIST_HEAD(&inode->i_lru);
	INIT_LIST_HEAD(&inode->i_dentry);
	INIT_LIST_HEAD(&inode->i_wb_list);
	inode->dirtied_when = 0;
	inode->i_flctx = NULL;
}

static struct inode *alloc_inode(struct super_block *sb)
{
	struct inode *inode;

	if (sb->s_op->alloc_inode)
		inode = call_alloc_inode(sb);
	else
		inode = kmem_cache_zalloc(inode_cachep, GFP_KERNEL);
	if (!inode)
		return NULL;
	inode_init_always(sb, inode);
	__atomic_fetch_add(&nr_inodes, 1, __ATOMIC_RELAXED);
	return inode;
}

static void inode_sb_list_add(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	spin_lock(&sb->s_inode_list_lock);
	list_add(&inode->i_sb_list, &sb->s_inodes);
	spin_unlock(&sb->s_inode_list_lock);
}

struct inode *new_inode(struct super_block *sb)
{
	struct inode *inode;

	might_sleep();
	inode = alloc_inode(sb);
	if (inode)
		inode_sb_list_add(inode);
	return inode;
}

void insert_inode_hash(struct inode *inode)
{
	spin_lock(&inode_hash_lock);
	list_add(&inode->i_hash, i_hash_bucket(inode->i_sb, inode->i_ino));
	spin_unlock(&inode_hash_lock);
}

void remove_inode_hash(struct inode *inode)
{
	spin_lock(&inode_hash_lock);
	list_del_init(&inode->i_hash);
	spin_unlock(&inode_hash_lock);
}

static bool inode_state_settled(struct inode *inode, unsigned long bits)
{
	return !(READ_ONCE(inode->i_state) & bits);
}

/* Wait until inode (referenced) is set up. false if its setup failed
 * (iget_failed): the reference is dropped and the caller looks again. */
static bool wait_new_inode(struct inode *inode)
{
	wait_event(inode_state_wait, inode_state_settled(inode, I_NEW));
	if (!(READ_ONCE(inode->i_state) & I_BAD))
		return true;
	iput(inode);
	return false;
}

/* Take a reference to inode, unless it is being freed (false then); an
 * inode revived from the cache leaves the unused list. Caller holds
 * i_lock; takes inode_unused_lock inside it. */
static bool igrab_locked(struct inode *inode)
{
	lockdep_assert_held(&inode->i_lock);
	if (inode->i_state & (I_FREEING | I_WILL_FREE))
		return false;
	if (__atomic_fetch_add(&inode->i_count, 1, __ATOMIC_SEQ_CST) == 0) {
		spin_lock(&inode_unused_lock);	/* revived from the cache */
		if (!list_empty(&inode->i_lru))
			nr_unused_inodes--;
		list_del_init(&inode->i_lru);
		spin_unlock(&inode_unused_lock);
	}
	return true;
}

/* Find (sb, ino) in the hash and take a reference. Caller holds
 * inode_hash_lock. Returns NULL if absent, ERR_PTR(-EAGAIN) if it is being
 * freed (the caller waits and retries). */
static struct inode *find_inode_locked(struct super_block *sb, u64 ino)
{
	struct inode *inode;
	bool got;

	lockdep_assert_held(&inode_hash_lock);
	list_for_each_entry(inode, i_hash_bucket(sb, ino), i_hash) {
		if (inode->i_sb != sb || inode->i_ino != ino)
			continue;
		spin_lock(&inode->i_lock);
		got = igrab_locked(inode);
		spin_unlock(&inode->i_lock);
		return got ? inode : ERR_PTR(-EAGAIN);
	}
	return NULL;
}

struct inode *ilookup(struct super_block *sb, u64 ino)
{
	struct inode *inode;

	might_sleep();
	for (;;) {
		spin_lock(&inode_hash_lock);
		inode = find_inode_locked(sb, ino);
		spin_unlock(&inode_hash_lock);
		if (inode != ERR_PTR(-EAGAIN))
			break;
		wait_event(inode_state_wait, !ilookup_busy(sb, ino));
	}
	if (inode && !wait_new_inode(inode))
		return ilookup(sb, ino);
	return inode;
}

/* Is (sb, ino) hashed and being freed? */
static bool ilookup_busy(struct super_block *sb, u64 ino)
{
	struct inode *inode;
	bool busy = false;

	spin_lock(&inode_hash_lock);
	list_for_each_entry(inode, i_hash_bucket(sb, ino), i_hash)
		if (inode->i_sb == sb && inode->i_ino == ino)
			busy = !inode_state_settled(inode, I_FREEING | I_WILL_FREE);
	spin_unlock(&inode_hash_lock);
	return busy;
}

struct inode *iget_locked(struct super_block *sb, u64 ino)
{
	struct inode *inode, *fresh;

	might_sleep();
	inode = ilookup(sb, ino);
	if (inode)
		return inode;
	fresh = alloc_inode(sb);
	if (!fresh)
		return NULL;
	fresh->i_ino = ino;
	fresh->i_state = I_NEW;
	spin_lock(&inode_hash_lock);
	inode = find_inode_locked(sb, ino);
	if (!inode) {			/* we won the race: publish ours */
		list_add(&fresh->i_hash, i_hash_bucket(sb, ino));
		spin_unlock(&inode_hash_lock);
		inode_sb_list_add(fresh);
		return fresh;
	}
	spin_unlock(&inode_hash_lock);
	destroy_inode(fresh);
	if (IS_ERR(inode) || !wait_new_inode(inode))
		return iget_locked(sb, ino);
	return inode;
}

void iget_failed(struct inode *inode)
{
	remove_inode_hash(inode);
	spin_lock(&inode->i_lock);
	inode->i_state = (inode->i_state & ~(I_NEW | I_DIRTY)) | I_BAD;
	spin_unlock(&inode->i_lock);
	inode_wb_list_del(inode);
	wake_up_all(&inode_state_wait);
	iput(inode);
}

struct inode *igrab(struct inode *inode)
{
	bool got;

	spin_lock(&inode->i_lock);
	got = igrab_locked(inode);
	spin_unlock(&inode->i_lock);
	return got ? inode : NULL;
}

void unlock_new_inode(struct inode *inode)
{
	spin_lock(&inode->i_lock);
	inode->i_state &= ~I_NEW;
	spin_unlock(&inode->i_lock);
	wake_up_all(&inode_state_wait);
}

void ihold(struct inode *inode)
{
	WARN_ON(__atomic_fetch_add(&inode->i_count, 1, __ATOMIC_SEQ_CST) < 1);
}

/* Decrement i_count; if it reaches zero, return true with i_lock held. */
static bool i_count_dec_and_lock(struct inode *inode)
{
	int c = __atomic_load_n(&inode->i_count, __ATOMIC_RELAXED);

	while (c > 1)
		if (__atomic_compare_exchange_n(&inode->i_count, &c, c - 1, false,
						__ATOMIC_SEQ_CST, __ATOMIC_RELAXED))
			return false;
	spin_lock(&inode->i_lock);
	if (__atomic_sub_fetch(&inode->i_count, 1, __ATOMIC_SEQ_CST) == 0)
		return true;
	spin_unlock(&inode->i_lock);
	return false;
}

static void free_inode_rcu(struct rcu_head *head)
{
	struct inode *inode = container_of(head, struct inode, i_rcu);
	const struct super_operations *op = inode->i_sb->s_op;

	if (op->free_inode)
		call_free_inode(inode);
	else
		kmem_cache_free(inode_cachep, inode);
	__atomic_fetch_sub(&nr_inodes, 1, __ATOMIC_RELAXED);
}

/* The memory goes after a grace period (RCU-walk may be reading it). */
static void destroy_inode(struct inode *inode)
{
	const struct super_operations *op = inode->i_sb->s_op;

	locks_free_lock_context(inode);
	if (op->destroy_inode) {
		call_destroy_inode(inode);
		if (!op->free_inode) {	/* destroy_inode freed it */
			__atomic_fetch_sub(&nr_inodes, 1, __ATOMIC_RELAXED);
			return;
		}
	}
	call_rcu(&inode->i_rcu, free_inode_rcu);
}

/* Evict an inode marked I_FREEING that nobody references. May sleep. */
static void evict(struct inode *inode)
{
	struct super_block *sb = inode->i_sb;

	might_sleep();
	/* Never lose a linked inode's changes: write it (and its data) now.
	 * An unlinked one is going away with its blocks. */
	if (inode->i_nlink && (READ_ONCE(inode->i_state) & I_DIRTY) && !is_bad_inode(inode) &&
	    sb_has_writeback(sb))
		write_inode_now(inode, 1);
	inode_wb_list_del(inode);
	spin_lock(&sb->s_inode_list_lock);
	list_del_init(&inode->i_sb_list);
	spin_unlock(&sb->s_inode_list_lock);
	if (sb->s_op->evict_inode && !is_bad_inode(inode)) {
		call_evict_inode(inode);	/* drops the page cache itself */
	} else {
		truncate_inode_pages_final(&inode->i_data);
		inode->i_size = 0;
	}
	WARN_ON(!mapping_empty(&inode->i_data));
	remove_inode_hash(inode);
	spin_lock(&inode->i_lock);
	inode->i_state = I_FREEING | I_CLEAR;
	spin_unlock(&inode->i_lock);
	wake_up_all(&inode_state_wait);
	destroy_inode(inode);
}

int generic_drop_inode(struct inode *inode)
{
	return !inode->i_nlink || list_empty(&inode->i_hash);
}

int generic_delete_inode(struct inode *inode)
{
	return 1;
}

/* Drops a reference; the last one may evict the inode. May sleep. */
void iput(struct inode *inode)
{
	int drop;

	if (!inode)
		return;
	might_sleep();
	if (!i_count_dec_and_lock(inode))
		return;
	/* i_lock held: ->drop_inode must not sleep. */
	if (inode->i_sb->s_op->drop_inode)
		drop = call_drop_inode(inode);
	else
		drop = generic_drop_inode(inode);
	if (!drop && (inode->i_sb->s_flags & SB_ACTIVE) && !(inode->i_state & I_BAD)) {
		spin_lock(&inode_unused_lock);
		list_add_tail(&inode->i_lru, &inode_unused);
		nr_unused_inodes++;
		spin_unlock(&inode_unused_lock);
		spin_unlock(&inode->i_lock);
		return;
	}
	inode->i_state |= I_FREEING;
	spin_unlock(&inode->i_lock);
	evict(inode);
}

/* Take an unused cached inode for eviction: I_FREEING set, off the LRU.
 * Returns NULL if it was revived meanwhile, or if it is dirty and
 * skip_dirty (memory pressure leaves it to writeback: it goes back on the
 * LRU). */
static struct inode *claim_unused(struct inode *inode, bool skip_dirty)
{
	spin_lock(&inode->i_lock);
	if (inode->i_count || (inode->i_state & (I_FREEING | I_NEW))) {
		spin_unlock(&inode->i_lock);
		return NULL;
	}
	if (skip_dirty && (inode->i_state & (I_DIRTY | I_SYNC)) && sb_has_writeback(inode->i_sb)) {
		spin_lock(&inode_unused_lock);
		list_add_tail(&inode->i_lru, &inode_unused);
		nr_unused_inodes++;
		spin_unlock(&inode_unused_lock);
		spin_unlock(&inode->i_lock);
		return NULL;
	}
	inode->i_state |= I_FREEING;
	spin_unlock(&inode->i_lock);
	return inode;
}

static struct inode *take_unused(struct super_block *sb)
{
	struct inode *inode;

	spin_lock(&inode_unused_lock);
	list_for_each_entry(inode, &inode_unused, i_lru) {
		if (sb && inode->i_sb != sb)
			continue;
		list_del_init(&inode->i_lru);
		nr_unused_inodes--;
		spin_unlock(&inode_unused_lock);
		return inode;
	}
	spin_unlock(&inode_unused_lock);
	return NULL;
}

unsigned long shrink_icache(unsigned long nr)
{
	unsigned long freed = 0, scan = READ_ONCE(nr_unused_inodes);
	struct inode *inode;

	might_sleep();
	while (freed < nr && scan-- && (inode = take_unused(NULL))) {
		if (claim_unused(inode, true)) {
			evict(inode);
			freed++;
		}
	}
	return freed;
}

int evict_inodes(struct super_block *sb)
{
	struct inode *inode;
	int busy = 0;

	might_sleep();
	while ((inode = take_unused(sb)))
		if (claim_unused(inode, false))
			evict(inode);
	spin_lock(&sb->s_inode_list_lock);
	list_for_each_entry(inode, &sb->s_inodes, i_sb_list)
		busy++;
	spin_unlock(&sb->s_inode_list_lock);
	return busy;
}

/* Owner of a new inode: the creator's fsuid; the group is the creator's
 * fsgid, or dir's when dir is setgid (a new directory inherits the bit; a
 * setgid executable of a group the creator is not in loses it), as Linux. */
void inode_init_owner(struct inode *inode, const struct inode *dir, umode_t mode)
{
	const struct cred *cred = current_cred();

	inode->i_uid = cred->fsuid;
	if (dir && (dir->i_mode & S_ISGID)) {
		inode->i_gid = dir->i_gid;
		if (S_ISDIR(mode))
			mode |= S_ISGID;
		else if ((mode & (S_ISGID | 0010)) == (S_ISGID | 0010) &&
			 !in_group_p(inode->i_gid) && !capable_fs_root())
			mode &= ~S_ISGID;
	} else {
		inode->i_gid = cred->fsgid;
	}
	inode->i_mode = mode;
}

void set_nlink(struct inode *inode, unsigned nlink)
{
	WRITE_ONCE(inode->i_nlink, nlink);
}

void inc_nlink(struct inode *inode)
{
	WRITE_ONCE(inode->i_nlink, inode->i_nlink + 1);
}

void drop_nlink(struct inode *inode)
{
	WARN_ON(inode->i_nlink == 0);
	if (inode->i_nlink)
		WRITE_ONCE(inode->i_nlink, inode->i_nlink - 1);
}

void clear_nlink(struct inode *inode)
{
	WRITE_ONCE(inode->i_nlink, 0);
}

void init_special_inode(struct inode *inode, umode_t mode, dev_t rdev)
{
	inode->i_mode = mode;
	inode->i_rdev = (S_ISCHR(mode) || S_ISBLK(mode)) ? rdev : 0;
	if (S_ISCHR(mode))
		inode->i_fop = &def_chr_fops;
	else if (S_ISBLK(mode))
		inode->i_fop = &def_blk_fops;
	else if (S_ISFIFO(mode))
		inode->i_fop = &pipefifo_fops;
}

/*
 * The mode-bit check, as Linux's generic_permission: the owner's bits if
 * the caller's fsuid owns the inode, else the group's if the inode's group
 * is the caller's fsgid or one of its supplementary groups, else the
 * others'. Root (fsuid 0) passes every read and write check, directory
 * search, and execution of a file that has at least one execute bit
 * (CAP_DAC_OVERRIDE). Reads the current task's credentials only: never
 * sleeps, so RCU-walk may call it. -EACCES when refused.
 */
int generic_permission(struct inode *inode, int mask)
{
	const struct cred *cred = current_cred();
	umode_t mode = inode->i_mode;

	mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
	if (cred->fsuid == inode->i_uid)
		mode >>= 6;
	else if (in_group_p(inode->i_gid))
		mode >>= 3;
	if (!(mask & ~mode & 7))
		return 0;
	if (capable_fs_root() &&
	    (!(mask & MAY_EXEC) || S_ISDIR(inode->i_mode) || (inode->i_mode & 0111)))
		return 0;
	return -EACCES;
}

/* The caller may change inode's attributes as its owner (chmod, utimes
 * with explicit times): fsuid owns it, or fsuid is root. */
bool inode_owner_or_capable(const struct inode *inode)
{
	return current_cred()->fsuid == inode->i_uid || capable_fs_root();
}

int vfs_readlink(struct dentry *dentry, char *buf, int buflen)
{
	struct inode *inode = d_inode(dentry);
	const char *link;
	int len;

	if (inode->i_op->readlink)
		return call_readlink(dentry, buf, buflen);
	if (!inode->i_op->get_link)
		return -EINVAL;
	link = call_get_link(dentry, inode, NULL);
	if (IS_ERR(link))
		return PTR_ERR(link);
	len = (int)strlen(link);
	if (len > buflen)
		len = buflen;
	memcpy(buf, link, len);
	return len;
}

unsigned long icache_nr_inodes(void)
{
	return READ_ONCE(nr_inodes);
}
