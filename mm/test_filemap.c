/*
 * Tests of the page cache (ktest=filemap, ktest=folio, ktest=radix):
 * the radix tree, folio lock and writeback states and waits across
 * threads, and a page cache over an in-memory "disk" (struct fake_store)
 * whose address_space_operations are the fakes below: fill and lookup,
 * write and writeback, truncation and invalidation, and truncation racing
 * readers on every CPU.
 *
 * The test inode is a fresh inode of the root tmpfs with these a_ops on
 * its i_data in place of tmpfs's own a_ops; every test empties
 * the cache before it drops the inode.
 */
#include "mm/pagemap.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sync/lockdep.h"
#include "kernel/lib/radix_tree.h"
#include "kernel/lib/string.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "kernel/time/timer.h"
#include "kernel/time.h"
#include "kernel/cpu/percpu.h"
#include "kernel/errno.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/dcache.h"
#include "mm/slab.h"

/* ------------------------------------------------------------ radix tree */

#define ITEM(i)	((void *)(((i) + 1) * 16))

KTEST(radix_tree_insert_lookup_tags)
{
	static const unsigned long idx[] = { 0, 1, 63, 64, 4095, 4096, 1UL << 30, ~0UL };
	struct radix_tree_root root = RADIX_TREE_INIT;
	unsigned long i, n;
	void *item;

	for (i = 0; i < ARRAY_SIZE(idx); i++)
		KT_ASSERT_EQ(radix_tree_insert(&root, idx[i], ITEM(i)), 0);
	KT_ASSERT_EQ(radix_tree_insert(&root, 64, (void *)1), -EEXIST);
	for (i = 0; i < ARRAY_SIZE(idx); i++)
		KT_ASSERT(radix_tree_lookup(&root, idx[i]) == ITEM(i),
			  "lookup %#lx", idx[i]);
	KT_ASSERT(!radix_tree_lookup(&root, 2), "2 present");
	KT_ASSERT(!radix_tree_lookup(&root, 1UL << 31), "2^31 present");

	radix_tree_tag_set(&root, 4096, 0);
	radix_tree_tag_set(&root, ~0UL, 0);
	radix_tree_tag_set(&root, 5, 0);		/* no entry: no tag */
	KT_ASSERT(radix_tree_tagged(&root, 0) && !radix_tree_tagged(&root, 1), "root tags");
	n = 0;
	item = radix_tree_next(&root, &n, 0);
	KT_ASSERT(item && n == 4096, "first tagged at %#lx", n);
	n++;
	item = radix_tree_next(&root, &n, 0);
	KT_ASSERT(item && n == ~0UL, "second tagged at %#lx", n);
	n = 65;
	item = radix_tree_next(&root, &n, RADIX_TREE_ANY_TAG);
	KT_ASSERT(item == ITEM(4) && n == 4095, "next any from 65 at %#lx", n);
	KT_ASSERT_EQ(radix_tree_insert(&root, 7, NULL), -EINVAL);

	radix_tree_tag_clear(&root, 4096, 0);
	KT_ASSERT(radix_tree_tag_get(&root, ~0UL, 0) && !radix_tree_tag_get(&root, 4096, 0), "clear");
	KT_ASSERT(radix_tree_delete(&root, ~0UL) == ITEM(ARRAY_SIZE(idx) - 1), "delete max");
	KT_ASSERT(!radix_tree_tagged(&root, 0), "tag left after delete");
	for (i = 0; i + 1 < ARRAY_SIZE(idx); i++)
		KT_ASSERT(radix_tree_delete(&root, idx[i]), "delete %#lx", idx[i]);
	KT_ASSERT(!root.rnode, "tree not empty after deleting everything");
}

/* ------------------------------------------------------------ folio states */

struct lock_race {
	struct folio *folio;
	struct completion locked;	/* thread 0 holds the lock */
	volatile int stage;		/* 1: holder about to unlock; 2: waiter got it */
	volatile bool waiter_saw_early;	/* waiter got the lock before the holder let go */
	volatile bool writeback_waited;
};

static void lock_race_thread(void *arg, unsigned i)
{
	struct lock_race *r = arg;

	if (i == 0) {
		folio_lock(r->folio);
		complete(&r->locked);
		msleep(30);
		WRITE_ONCE(r->stage, 1);
		folio_unlock(r->folio);
	} else {
		wait_for_completion(&r->locked);
		if (folio_trylock(r->folio)) {
			r->waiter_saw_early = true;
			folio_unlock(r->folio);
			return;
		}
		folio_lock(r->folio);
		if (READ_ONCE(r->stage) != 1)
			r->waiter_saw_early = true;
		WRITE_ONCE(r->stage, 2);
		folio_unlock(r->folio);
	}
}

KTEST(folio_lock_waits_across_threads)
{
	static struct lock_race r;
	struct folio *folio = filemap_alloc_folio(GFP_KERNEL, 0);

	KT_ASSERT(folio, "no folio");
	memset(&r, 0, sizeof(r));
	r.folio = folio;
	init_completion(&r.locked);
	KT_ASSERT_EQ(ktest_run_threads(lock_race_thread, &r, 2), 0);
	KT_ASSERT(!r.waiter_saw_early, "the waiter got the lock while it was held");
	KT_ASSERT_EQ(r.stage, 2);
	KT_ASSERT(!folio_test_locked(folio), "left locked");
	folio_put(folio);
}

static struct folio *wb_folio;		/* the writeback timer's */

static void end_writeback_timer(struct timer_list *t)
{
	folio_end_writeback(wb_folio);	/* hardirq, as a disk completion */
}

/* Writeback starts under the lock, the lock is dropped at once, and a
 * waiter sleeps until the completion interrupt ends it. */
KTEST(folio_writeback_wait_ends_in_irq)
{
	struct timer_list timer;
	struct folio *folio = filemap_alloc_folio(GFP_KERNEL, 0);
	u64 start;

	KT_ASSERT(folio, "no folio");
	wb_folio = folio;
	folio_lock(folio);
	folio_start_writeback(folio);
	folio_unlock(folio);
	KT_ASSERT(folio_test_writeback(folio) && !folio_test_locked(folio), "states");
	start = jiffies;
	timer_setup(&timer, end_writeback_timer, jiffies + 5);
	add_timer(&timer);
	folio_wait_writeback(folio);
	KT_ASSERT(!folio_test_writeback(folio), "still under writeback");
	KT_ASSERT(jiffies >= start + 4, "did not wait (%lu ticks)", (unsigned long)(jiffies - start));
	del_timer_sync(&timer);
	folio_put(folio);
}

/* A bare inode of the root filesystem for the lock class test; its cache
 * is a block device's if bdev. */
static struct inode *class_test_inode(bool bdev)
{
	struct path root;
	struct inode *inode;

	if (kern_path("/", 0, &root))
		return NULL;
	inode = new_inode(root.dentry->d_sb);
	path_put(&root);
	if (inode) {
		inode->i_mode = S_IFREG | 0600;
		inode->i_mapping->a_ops = NULL;
		inode->i_mapping->bdev_cache = bdev;
	}
	return inode;
}

/*
 * The folios of a block device's cache have their own lockdep class: one
 * locked while a file's is held is the order a filesystem mapping blocks
 * takes (no report); a new folio, locked before it has a mapping, moves
 * to its mapping's class; two of the block device's nested are reported.
 */
KTEST(folio_lock_block_device_class)
{
	struct inode *file = class_test_inode(false), *bdev = class_test_inode(true);
	struct folio *f = NULL, *b = NULL, *b2 = NULL;
	bool file_held = false, bdev_held = false, bdev_in_class = false;
	unsigned ordered = 0, nested = 0;

	if (!file || !bdev)
		goto out;
	f = __filemap_get_folio(file->i_mapping, 0, FGP_LOCK | FGP_CREAT, GFP_KERNEL);
	b = __filemap_get_folio(bdev->i_mapping, 0, FGP_LOCK | FGP_CREAT, GFP_KERNEL);
	if (IS_ERR(f) || IS_ERR(b)) {
		if (!IS_ERR(f)) {
			folio_unlock(f);
			folio_put(f);
		}
		if (!IS_ERR(b)) {
			folio_unlock(b);
			folio_put(b);
		}
		goto out;
	}
	bdev_in_class = lock_is_held(&bdev_folio_lock_map);
	folio_unlock(b);
	lockdep_expect_begin();
	folio_lock(b);				/* file's, then the block device's */
	ordered = lockdep_expect_end();
	file_held = lock_is_held(&folio_lock_map);
	bdev_held = lock_is_held(&bdev_folio_lock_map);
	b2 = __filemap_get_folio(bdev->i_mapping, 1, FGP_CREAT, GFP_KERNEL);
	if (!IS_ERR(b2)) {
		lockdep_expect_begin();
		folio_lock(b2);			/* a second of the same class */
		nested = lockdep_expect_end();
		folio_unlock(b2);
		folio_put(b2);
	}
	folio_unlock(b);
	folio_unlock(f);
	folio_put(b);
	folio_put(f);
out:
	if (file) {
		truncate_inode_pages_final(file->i_mapping);
		iput(file);
	}
	if (bdev) {
		truncate_inode_pages_final(bdev->i_mapping);
		iput(bdev);
	}
	KT_ASSERT(!IS_ERR_OR_NULL(f) && !IS_ERR_OR_NULL(b) && !IS_ERR_OR_NULL(b2), "setup failed");
	KT_ASSERT(bdev_in_class, "a new block device folio stayed in the file class");
	KT_ASSERT(file_held && bdev_held, "held: file class %d, block device class %d",
		  file_held, bdev_held);
	KT_ASSERT_EQ(ordered, 0);
	if (LOCKDEP_ENABLED)
		KT_ASSERT_EQ(nested, 1);
}

/* ------------------------------------------------------------ fake store */

#define STORE_PAGES	64

/* The timer of an asynchronous read of one page of the store. One slot
 * per page: a page has one read at a time (its folio is locked for it),
 * and the timer code still touches the timer after the callback returns,
 * so the slots live as long as the store and are not freed by it. */
struct async_read {
	struct timer_list timer;
	struct folio *folio;
	bool used;			/* armed at least once: del_timer_sync at teardown */
};

struct fake_store {
	char data[STORE_PAGES][PAGE_SIZE];
	struct async_read ar[STORE_PAGES];
	bool async;			/* complete reads from a timer (hardirq) */
	long reads, writes, invalidates, releases, frees, dirties, begins, ends;
};

static struct fake_store *store;	/* the current test's */

static void fake_fill(struct folio *folio)
{
	if (folio->index < STORE_PAGES)
		memcpy(folio_address(folio), store->data[folio->index], PAGE_SIZE);
	else
		memset(folio_address(folio), 0, PAGE_SIZE);
	__atomic_fetch_add(&store->reads, 1, __ATOMIC_RELAXED);
}

static void async_read_done(struct timer_list *t)
{
	struct async_read *ar = container_of(t, struct async_read, timer);

	fake_fill(ar->folio);
	folio_mark_uptodate(ar->folio);
	folio_unlock(ar->folio);
}

static int fake_read_folio(struct file *file, struct folio *folio)
{
	struct async_read *ar;

	if (store->async && folio->index < STORE_PAGES) {
		ar = &store->ar[folio->index];
		ar->folio = folio;
		ar->used = true;
		timer_setup(&ar->timer, async_read_done, jiffies + 1);
		add_timer(&ar->timer);
		return 0;
	}
	fake_fill(folio);
	folio_mark_uptodate(folio);
	folio_unlock(folio);
	return 0;
}

static int fake_writepage(struct page *page, struct writeback_control *wbc)
{
	struct folio *folio = page_folio(page);

	folio_start_writeback(folio);
	folio_unlock(folio);
	if (folio->index < STORE_PAGES)
		memcpy(store->data[folio->index], folio_address(folio), PAGE_SIZE);
	__atomic_fetch_add(&store->writes, 1, __ATOMIC_RELAXED);
	folio_end_writeback(folio);
	return 0;
}

static bool fake_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	__atomic_fetch_add(&store->dirties, 1, __ATOMIC_RELAXED);
	return filemap_dirty_folio(mapping, folio);
}

static int fake_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			    unsigned len, struct page **pagep, void **fsdata)
{
	struct folio *folio = __filemap_get_folio(mapping, pos >> PAGE_SHIFT,
						  FGP_LOCK | FGP_CREAT | FGP_WRITE, GFP_KERNEL);

	if (IS_ERR(folio))
		return (int)PTR_ERR(folio);
	if (!folio_test_uptodate(folio) && len != PAGE_SIZE) {
		fake_fill(folio);	/* read the rest of a partial write */
		folio_mark_uptodate(folio);
	}
	store->begins++;
	*pagep = &folio->page;
	return 0;
}

static int fake_write_end(struct file *file, struct address_space *mapping, loff_t pos,
			  unsigned len, unsigned copied, struct page *page, void *fsdata)
{
	struct folio *folio = page_folio(page);
	struct inode *inode = mapping->host;

	if (copied == PAGE_SIZE)
		folio_mark_uptodate(folio);
	if (copied)
		folio_mark_dirty(folio);
	if (pos + copied > i_size_read(inode))
		i_size_write(inode, pos + copied);
	store->ends++;
	folio_unlock(folio);
	folio_put(folio);
	return (int)copied;
}

static void fake_invalidate_folio(struct folio *folio, size_t offset, size_t len)
{
	__atomic_fetch_add(&store->invalidates, 1, __ATOMIC_RELAXED);
	if (offset == 0 && len == folio_size(folio))
		folio_detach_private(folio);
}

static bool fake_release_folio(struct folio *folio, gfp_t gfp)
{
	__atomic_fetch_add(&store->releases, 1, __ATOMIC_RELAXED);
	folio_detach_private(folio);
	return true;
}

static void fake_free_folio(struct folio *folio)
{
	__atomic_fetch_add(&store->frees, 1, __ATOMIC_RELAXED);
}

static const struct address_space_operations fake_aops = {
	.read_folio = fake_read_folio,
	.writepage = fake_writepage,
	.dirty_folio = fake_dirty_folio,
	.write_begin = fake_write_begin,
	.write_end = fake_write_end,
	.invalidate_folio = fake_invalidate_folio,
	.release_folio = fake_release_folio,
	.free_folio = fake_free_folio,
};

/* A byte of the store's pattern. */
static char pattern(unsigned long pos)
{
	return (char)((pos * 7 + (pos >> 12) * 13) & 0xff);
}

struct fake_file {
	struct inode *inode;
	struct file file;		/* only f_mapping and f_inode are used */
};

/* A fresh store and an inode over it with size bytes. */
static int fake_setup(struct fake_file *ff, loff_t size)
{
	struct path root;
	int err;

	store = kzalloc(sizeof(*store), GFP_KERNEL);
	if (!store)
		return -ENOMEM;
	for (unsigned long p = 0; p < STORE_PAGES * PAGE_SIZE; p++)
		store->data[p >> PAGE_SHIFT][p & (PAGE_SIZE - 1)] = pattern(p);
	err = kern_path("/", 0, &root);
	if (err)
		return err;
	ff->inode = new_inode(root.dentry->d_sb);
	path_put(&root);
	if (!ff->inode)
		return -ENOMEM;
	ff->inode->i_mode = S_IFREG | 0600;
	ff->inode->i_mapping->a_ops = &fake_aops;
	i_size_write(ff->inode, size);
	memset(&ff->file, 0, sizeof(ff->file));
	ff->file.f_inode = ff->inode;
	ff->file.f_mapping = ff->inode->i_mapping;
	return 0;
}

static void fake_teardown(struct fake_file *ff)
{
	if (ff->inode) {
		truncate_inode_pages_final(ff->inode->i_mapping);
		iput(ff->inode);
	}
	for (unsigned i = 0; store && i < STORE_PAGES; i++)
		if (store->ar[i].used)
			del_timer_sync(&store->ar[i].timer);
	kfree(store);
	store = NULL;
}

static ssize_t fake_read(struct fake_file *ff, loff_t pos, void *buf, size_t len)
{
	struct kiocb iocb = { .ki_filp = &ff->file, .ki_pos = pos };
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;

	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, len);
	return filemap_read(&iocb, &iter, 0);
}

static ssize_t fake_write(struct fake_file *ff, loff_t pos, const void *buf, size_t len)
{
	struct kiocb iocb = { .ki_filp = &ff->file, .ki_pos = pos };
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = len };
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, len);
	inode_lock(ff->inode);
	ret = generic_perform_write(&iocb, &iter);
	inode_unlock(ff->inode);
	return ret;
}

static bool matches_pattern(const char *buf, loff_t pos, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (buf[i] != pattern((unsigned long)pos + i))
			return false;
	return true;
}

/* ------------------------------------------------------------ page cache */

/* Wait until the reads of the first n folios of m (if cached) are done. */
static void wait_for_reads(struct address_space *m, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct folio *folio = filemap_get_folio(m, i);

		if (!IS_ERR(folio)) {
			folio_wait_locked(folio);
			folio_put(folio);
		}
	}
}

static void fill_and_lookup(struct ktest_ctx *__kt, bool async)
{
	struct fake_file ff = { 0 };
	char *buf = kmalloc(3 * PAGE_SIZE, GFP_KERNEL);
	struct folio *folio;

	KT_ASSERT(buf, "no buffer");
	KT_ASSERT_EQ(fake_setup(&ff, 10 * PAGE_SIZE + 100), 0);
	store->async = async;
	/* Pages 0-2 are wanted; readahead brings ra_window(3) = 8. */
	KT_ASSERT_EQ(fake_read(&ff, 100, buf, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
	KT_ASSERT(matches_pattern(buf, 100, 2 * PAGE_SIZE), "data of pages 0-2");
	KT_ASSERT_EQ(ra_window(3), 8);
	wait_for_reads(ff.inode->i_mapping, 8);	/* readahead's may still be in flight */
	KT_ASSERT_EQ(store->reads, 8);
	KT_ASSERT_EQ(ff.inode->i_mapping->nrpages, 8);
	KT_ASSERT_EQ(fake_read(&ff, 4 * PAGE_SIZE, buf, 3 * PAGE_SIZE), 3 * PAGE_SIZE);
	KT_ASSERT(matches_pattern(buf, 4 * PAGE_SIZE, 3 * PAGE_SIZE), "data of pages 4-6");
	KT_ASSERT_EQ(store->reads, 8);			/* cached */

	folio = filemap_get_folio(ff.inode->i_mapping, 1);
	KT_ASSERT(!IS_ERR(folio), "page 1 not cached");
	KT_ASSERT(folio_test_uptodate(folio) && !folio_test_locked(folio), "page 1 state");
	KT_ASSERT_EQ(folio->index, 1);
	KT_ASSERT_EQ(folio_ref_count(folio), 2);	/* cache + ours */
	folio_put(folio);
	KT_ASSERT_EQ(PTR_ERR(filemap_get_folio(ff.inode->i_mapping, 9)), -ENOENT);
	folio = __filemap_get_folio(ff.inode->i_mapping, 9, FGP_LOCK | FGP_CREAT, GFP_KERNEL);
	KT_ASSERT(!IS_ERR(folio) && folio_test_locked(folio) && !folio_test_uptodate(folio),
		  "FGP_CREAT folio");
	folio_unlock(folio);
	folio_put(folio);
	KT_ASSERT_EQ(fake_read(&ff, 9 * PAGE_SIZE, buf, PAGE_SIZE), PAGE_SIZE);
	KT_ASSERT(matches_pattern(buf, 9 * PAGE_SIZE, PAGE_SIZE), "page 9 read in after creation");
	/* Reads stop at i_size; readahead too. */
	KT_ASSERT_EQ(fake_read(&ff, 10 * PAGE_SIZE, buf, 3 * PAGE_SIZE), 100);
	KT_ASSERT(matches_pattern(buf, 10 * PAGE_SIZE, 100), "tail");
	KT_ASSERT_EQ(fake_read(&ff, 20 * PAGE_SIZE, buf, 10), 0);
	KT_ASSERT_EQ(ff.inode->i_mapping->nrpages, 10);	/* 0-7, 9, 10 */
	fake_teardown(&ff);
	KT_ASSERT_EQ(ff.inode->i_mapping->nrpages, 0);
	kfree(buf);
}

KTEST(filemap_fill_and_lookup)
{
	fill_and_lookup(__kt, false);
}

KTEST(filemap_fill_async_completion)
{
	fill_and_lookup(__kt, true);
}

KTEST(filemap_write_then_writeback)
{
	struct fake_file ff = { 0 };
	char *buf = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	struct address_space *m;

	KT_ASSERT(buf, "no buffer");
	KT_ASSERT_EQ(fake_setup(&ff, 4 * PAGE_SIZE), 0);
	m = ff.inode->i_mapping;
	memset(buf, 'w', 2 * PAGE_SIZE);
	/* A write across a page boundary, then one growing the file. */
	KT_ASSERT_EQ(fake_write(&ff, PAGE_SIZE - 10, buf, 20), 20);
	KT_ASSERT_EQ(fake_write(&ff, 4 * PAGE_SIZE, buf, 2 * PAGE_SIZE), 2 * PAGE_SIZE);
	KT_ASSERT_EQ(i_size_read(ff.inode), 6 * PAGE_SIZE);
	KT_ASSERT_EQ(store->begins, 4);
	KT_ASSERT(mapping_tagged(m, PAGECACHE_TAG_DIRTY), "no dirty tag");
	KT_ASSERT(store->data[0][PAGE_SIZE - 1] == pattern(PAGE_SIZE - 1), "written through early");
	KT_ASSERT_EQ(fake_read(&ff, PAGE_SIZE - 20, buf, 40), 40);
	KT_ASSERT(matches_pattern(buf, PAGE_SIZE - 20, 10) && buf[10] == 'w' && buf[29] == 'w' &&
		  matches_pattern(buf + 30, PAGE_SIZE + 10, 10), "read back the write");

	KT_ASSERT_EQ(filemap_write_and_wait(m), 0);
	KT_ASSERT_EQ(store->writes, 4);
	KT_ASSERT(!mapping_tagged(m, PAGECACHE_TAG_DIRTY), "dirty tag left");
	KT_ASSERT(!mapping_tagged(m, PAGECACHE_TAG_WRITEBACK), "writeback tag left");
	KT_ASSERT(store->data[0][PAGE_SIZE - 10] == 'w' && store->data[1][9] == 'w' &&
		  store->data[1][10] == pattern(PAGE_SIZE + 10), "store contents");
	KT_ASSERT(store->data[5][PAGE_SIZE - 1] == 'w', "grown part not written");
	KT_ASSERT_EQ(filemap_write_and_wait(m), 0);
	KT_ASSERT_EQ(store->writes, 4);			/* nothing dirty any more */
	fake_teardown(&ff);
	kfree(buf);
}

KTEST(filemap_truncate_and_invalidate)
{
	struct fake_file ff = { 0 };
	char *buf = kmalloc(8 * PAGE_SIZE, GFP_KERNEL);
	struct address_space *m;
	struct folio *folio;
	static int token;

	KT_ASSERT(buf, "no buffer");
	KT_ASSERT_EQ(fake_setup(&ff, 8 * PAGE_SIZE), 0);
	m = ff.inode->i_mapping;
	KT_ASSERT_EQ(fake_read(&ff, 0, buf, 8 * PAGE_SIZE), 8 * PAGE_SIZE);
	KT_ASSERT_EQ(m->nrpages, 8);

	/* Private data on page 6, page 7 dirty, page 5 locked by us. */
	folio = filemap_lock_folio(m, 6);
	folio_attach_private(folio, &token);
	folio_unlock(folio);
	folio_put(folio);
	memset(buf, 'd', 10);
	KT_ASSERT_EQ(fake_write(&ff, 7 * PAGE_SIZE, buf, 10), 10);
	folio = filemap_lock_folio(m, 5);
	KT_ASSERT_EQ(invalidate_mapping_pages(m, 4, ~0UL), 2);	/* 4 and 6 */
	KT_ASSERT_EQ(store->releases, 1);
	folio_unlock(folio);
	folio_put(folio);
	KT_ASSERT_EQ(m->nrpages, 6);
	KT_ASSERT(IS_ERR(filemap_get_folio(m, 6)), "page 6 not dropped");

	/* Truncate to the middle of page 2: page 2's tail zeroed, 3.. gone
	 * (dirty page 7 too), its private data invalidated. */
	folio = filemap_lock_folio(m, 2);
	folio_attach_private(folio, &token);
	folio_unlock(folio);
	folio_put(folio);
	i_size_write(ff.inode, 2 * PAGE_SIZE + 100);
	truncate_pagecache(ff.inode, 2 * PAGE_SIZE + 100);
	KT_ASSERT_EQ(m->nrpages, 3);
	KT_ASSERT_EQ(store->invalidates, 1);
	KT_ASSERT(!mapping_tagged(m, PAGECACHE_TAG_DIRTY), "truncated dirty page still tagged");
	folio = filemap_get_folio(m, 2);
	KT_ASSERT(!IS_ERR(folio), "partial page dropped");
	KT_ASSERT(matches_pattern((char *)folio_address(folio), 2 * PAGE_SIZE, 100) &&
		  ((char *)folio_address(folio))[100] == 0 &&
		  ((char *)folio_address(folio))[PAGE_SIZE - 1] == 0, "partial page not zeroed");
	folio_put(folio);
	KT_ASSERT_EQ(store->frees, 5);		/* 4 and 6, then 3, 5 and 7 */
	fake_teardown(&ff);
	kfree(buf);
}

/* ------------------------------------------------------------ races */

#define RACE_PAGES	32
#define RACE_ROUNDS	60

struct trunc_race {
	struct fake_file ff;
	volatile bool stop;
	long bad, reads, truncs;
};

static void trunc_race_thread(void *arg, unsigned i)
{
	struct trunc_race *r = arg;
	char *buf = kmalloc(2 * PAGE_SIZE, GFP_KERNEL);
	unsigned long seed = i * 7919 + 1;

	if (!buf) {
		__atomic_fetch_add(&r->bad, 1, __ATOMIC_RELAXED);
		return;
	}
	if (i == 0) {
		/* Drop the whole cache again and again under readers. */
		for (int round = 0; round < RACE_ROUNDS; round++) {
			struct address_space *m = r->ff.inode->i_mapping;

			filemap_invalidate_lock(m);
			truncate_inode_pages(m, (round & 1) ? 0 : (RACE_PAGES / 2) * PAGE_SIZE);
			filemap_invalidate_unlock(m);
			r->truncs++;
			msleep(2);
		}
		WRITE_ONCE(r->stop, true);
	} else {
		while (!READ_ONCE(r->stop)) {
			loff_t pos;
			size_t len;
			ssize_t n;

			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			pos = (loff_t)((seed >> 20) % (RACE_PAGES * PAGE_SIZE));
			len = 1 + (size_t)((seed >> 40) % (2 * PAGE_SIZE));
			n = fake_read(&r->ff, pos, buf, len);
			if (n < 0 || !matches_pattern(buf, pos, (size_t)n) ||
			    (size_t)n != MIN(len, (size_t)(RACE_PAGES * PAGE_SIZE - pos)))
				__atomic_fetch_add(&r->bad, 1, __ATOMIC_RELAXED);
			/* Sleep now and then: a reader that only hits the cache
			 * never sleeps, and under -icount QEMU then starves the
			 * other vCPU (the seeded run hung so). */
			if ((__atomic_add_fetch(&r->reads, 1, __ATOMIC_RELAXED) & 63) == 0)
				msleep(1);
		}
	}
	kfree(buf);
}

KTEST(filemap_truncate_races_readers_all_cpus)
{
	static struct trunc_race r;
	unsigned threads = MAX(nr_cpus_online, 2u) + 1;

	memset(&r, 0, sizeof(r));
	KT_ASSERT_EQ(fake_setup(&r.ff, RACE_PAGES * PAGE_SIZE), 0);
	store->async = true;
	KT_ASSERT_EQ(ktest_run_threads(trunc_race_thread, &r, threads), 0);
	KT_ASSERT_EQ(r.bad, 0);
	KT_ASSERT_EQ(r.truncs, RACE_ROUNDS);
	KT_ASSERT(r.reads > 0, "no reads");
	KT_ASSERT(r.ff.inode->i_mapping->nrpages <= RACE_PAGES, "%lu pages cached",
		  r.ff.inode->i_mapping->nrpages);
	fake_teardown(&r.ff);
}
