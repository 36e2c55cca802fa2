/*
 * "synthfs", a filesystem that exists only for these tests: every name
 * starting with 'f' (any case) is a file, everything else is absent. It
 * implements the dentry operations tmpfs does not — case-insensitive
 * d_hash/d_compare, d_revalidate (refusing RCU-walk), d_delete keeping
 * dentries cached, d_init, d_prune, d_iput, d_release — so the tests can
 * watch the dcache call them, under the rule checker, including when the
 * shrinker frees cached dentries.
 */
#include "kernel/ktest/ktest.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "fs/libfs.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/errno.h"
#include "mm/page_alloc.h"
#include "mm/shrinker.h"

struct synth_counts {
	long hash, compare, revalidate, revalidate_rcu, delete, init, release, prune, iput, evict;
};
static struct synth_counts synth;	/* atomic updates */

#define COUNT(field) __atomic_fetch_add(&synth.field, 1, __ATOMIC_RELAXED)

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* Must not sleep: d_lock may be held elsewhere, and RCU-walk calls it. */
static int synth_d_hash(const struct dentry *dentry, struct qstr *q)
{
	char buf[NAME_MAX + 1];

	COUNT(hash);
	for (u32 i = 0; i < q->len; i++)
		buf[i] = lower(q->name[i]);
	q->hash = full_name_hash(dentry, buf, q->len);
	return 0;
}

static int synth_d_compare(const struct dentry *dentry, unsigned len, const char *str,
			   const struct qstr *name)
{
	COUNT(compare);
	if (len != name->len)
		return 1;
	for (unsigned i = 0; i < len; i++)
		if (lower(str[i]) != lower(name->name[i]))
			return 1;
	return 0;
}

static int synth_d_revalidate(struct dentry *dentry, unsigned flags)
{
	if (flags & LOOKUP_RCU) {
		COUNT(revalidate_rcu);
		return -ECHILD;		/* we would block: ask for ref-walk */
	}
	might_sleep();
	COUNT(revalidate);
	return 1;
}

static int synth_d_delete(const struct dentry *dentry)
{
	lockdep_assert_held(&dentry->d_lock);
	COUNT(delete);
	return 0;			/* keep it cached */
}

static int synth_d_init(struct dentry *dentry)
{
	COUNT(init);
	return 0;
}

static void synth_d_release(struct dentry *dentry)
{
	COUNT(release);
}

static void synth_d_prune(struct dentry *dentry)
{
	lockdep_assert_held(&dentry->d_lock);
	COUNT(prune);
}

static void synth_d_iput(struct dentry *dentry, struct inode *inode)
{
	COUNT(iput);
	iput(inode);
}

static const struct dentry_operations synth_dops = {
	.d_hash = synth_d_hash,
	.d_compare = synth_d_compare,
	.d_revalidate = synth_d_revalidate,
	.d_delete = synth_d_delete,
	.d_init = synth_d_init,
	.d_release = synth_d_release,
	.d_prune = synth_d_prune,
	.d_iput = synth_d_iput,
};

static struct dentry *synth_lookup(struct inode *dir, struct dentry *d, unsigned flags)
{
	struct inode *inode = NULL;

	lockdep_assert_held(&dir->i_rwsem);
	if (lower(d->d_name.name[0]) == 'f') {
		inode = new_inode(dir->i_sb);
		if (!inode)
			return ERR_PTR(-ENOMEM);
		inode->i_ino = d->d_name.hash | 1;
		inode->i_mode = S_IFREG | 0444;
	}
	d_add(d, inode);
	return NULL;
}

static const struct inode_operations synth_dir_iops = {
	.lookup = synth_lookup,
};

static void synth_evict(struct inode *inode)
{
	COUNT(evict);
}

static const struct super_operations synth_sops = {
	.drop_inode = generic_delete_inode,
	.evict_inode = synth_evict,
};

static int synth_fill_super(struct super_block *sb, void *data, int silent)
{
	struct inode *root;

	sb->s_op = &synth_sops;
	sb->s_d_op = &synth_dops;
	root = new_inode(sb);
	if (!root)
		return -ENOMEM;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | 0555;
	root->i_op = &synth_dir_iops;
	root->i_fop = &simple_dir_operations;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct dentry *synth_mount(struct file_system_type *type, int flags,
				  const char *dev, void *data)
{
	return mount_nodev(type, flags, data, synth_fill_super);
}

static struct file_system_type synth_fs = {
	.name = "synthfs",
	.mount = synth_mount,
	.kill_sb = kill_anon_super,
};

static long snap(long *field)
{
	return __atomic_load_n(field, __ATOMIC_RELAXED);
}

KTEST(dentry_ops_hash_compare_revalidate)
{
	struct kstat a, b;
	long rcu0;

	register_filesystem(&synth_fs);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-synth", 0755), 0);
	KT_ASSERT_EQ(do_mount("synth", "/t-synth", "synthfs", 0, NULL), 0);
	KT_ASSERT_EQ(vfs_stat("/t-synth/File1", &a), 0);
	KT_ASSERT_EQ(vfs_stat("/t-synth/FILE1", &b), 0);	/* same dentry, other case */
	KT_ASSERT_EQ(a.ino, b.ino);
	KT_ASSERT_EQ(vfs_stat("/t-synth/nothing", &a), -ENOENT);
	KT_ASSERT(snap(&synth.hash) > 0 && snap(&synth.compare) > 0, "hash %ld compare %ld",
		  synth.hash, synth.compare);
	rcu0 = snap(&synth.revalidate_rcu);
	KT_ASSERT_EQ(vfs_stat("/t-synth/file1", &a), 0);	/* cached: RCU-walk tries first */
	KT_ASSERT(snap(&synth.revalidate_rcu) > rcu0, "no RCU-walk revalidate");
	KT_ASSERT(snap(&synth.revalidate) > 0, "no ref-walk revalidate");
	KT_ASSERT_EQ(do_umount_path("/t-synth", 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-synth"), 0);
	unregister_filesystem(&synth_fs);
}

KTEST(dentry_ops_shrinker_prunes_cached_dentries)
{
	char p[48];
	struct kstat st;
	long prune0, iput0, release0;
	unsigned long unused0;

	register_filesystem(&synth_fs);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-synth2", 0755), 0);
	KT_ASSERT_EQ(do_mount("synth", "/t-synth2", "synthfs", 0, NULL), 0);
	unused0 = dcache_nr_unused();
	for (int i = 0; i < 100; i++) {
		snprintf(p, sizeof(p), "/t-synth2/f%d", i);
		KT_ASSERT_EQ(vfs_stat(p, &st), 0);
	}
	KT_ASSERT(dcache_nr_unused() >= unused0 + 100, "unused %lu -> %lu", unused0, dcache_nr_unused());
	KT_ASSERT(snap(&synth.delete) >= 100, "d_delete called %ld times", synth.delete);
	prune0 = snap(&synth.prune);
	iput0 = snap(&synth.iput);
	release0 = snap(&synth.release);
	unsigned long freed = shrink_dcache(~0UL);
	KT_ASSERT(freed >= 100, "shrinker freed %lu", freed);
	KT_ASSERT(snap(&synth.prune) >= prune0 + 100, "d_prune %ld", synth.prune - prune0);
	KT_ASSERT(snap(&synth.iput) >= iput0 + 100, "d_iput %ld", synth.iput - iput0);
	KT_ASSERT(snap(&synth.release) >= release0 + 100, "d_release %ld", synth.release - release0);
	KT_ASSERT(snap(&synth.evict) >= 100, "evicted %ld inodes", synth.evict);
	KT_ASSERT_EQ(do_umount_path("/t-synth2", 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-synth2"), 0);
	unregister_filesystem(&synth_fs);
}

/* Run the machine out of pages: the allocator must call the shrinkers,
 * which free synthfs's cached dentries (d_prune, d_iput, d_release). */
KTEST(dentry_ops_memory_pressure_shrinks_dcache)
{
	char p[48];
	struct kstat st;
	struct page *list = NULL, *pg;
	unsigned long runs0, unused_before;
	long release0;

	register_filesystem(&synth_fs);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-synth3", 0755), 0);
	KT_ASSERT_EQ(do_mount("synth", "/t-synth3", "synthfs", 0, NULL), 0);
	for (int i = 0; i < 50; i++) {
		snprintf(p, sizeof(p), "/t-synth3/f%d", i);
		KT_ASSERT_EQ(vfs_stat(p, &st), 0);
	}
	unused_before = dcache_nr_unused();
	KT_ASSERT(unused_before >= 50, "only %lu cached", unused_before);
	runs0 = shrinker_runs();
	release0 = snap(&synth.release);
	while ((pg = alloc_page(GFP_KERNEL | __GFP_NOWARN))) {	/* reclaims before failing */
		*(struct page **)page_address(pg) = list;
		list = pg;
	}
	while (list) {
		pg = list;
		list = *(struct page **)page_address(pg);
		free_page(pg);
	}
	KT_ASSERT(shrinker_runs() > runs0, "the shrinkers never ran");
	KT_ASSERT(snap(&synth.release) >= release0 + 50, "d_release %ld", synth.release - release0);
	KT_ASSERT(dcache_nr_unused() < unused_before, "unused %lu -> %lu", unused_before,
		  dcache_nr_unused());
	KT_ASSERT_EQ(do_umount_path("/t-synth3", 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-synth3"), 0);
	unregister_filesystem(&synth_fs);
}
