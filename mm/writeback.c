/*
 * Dirty folios and writing them back (mm/pagemap.h).
 *
 * A folio becomes dirty through folio_mark_dirty() (->dirty_folio, or
 * filemap_dirty_folio): PG_dirty and the DIRTY tag in i_pages. Writeback
 * of a range walks the DIRTY tag: each folio is locked, its PG_dirty is
 * cleared (folio_clear_dirty_for_io) and it goes to ->writepage, which
 * starts the write (folio_start_writeback: WRITEBACK tag, DIRTY tag gone
 * unless redirtied) and unlocks it; the completion calls
 * folio_end_writeback. Waiting for a range walks the WRITEBACK tag.
 *
 * The flusher thread (below; fs/vfs/writeback.h) writes the inodes of
 * disk filesystems and block devices that have been dirty for
 * dirty_expire_centisecs, every dirty_writeback_centisecs, and everything
 * when the dirty pages pass the background threshold; a writer past the
 * dirty limit sleeps in balance_dirty_pages_ratelimited while it works.
 * fsync, sync, umount and the close of a block device write too.
 *
 * Locks: the folio lock around dirty->writeback; i_pages_lock (IRQs off)
 * for the tags, from process context and from completions.
 */
#include "mm/pagemap.h"
#include "mm/rmap.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/super.h"
#include "fs/vfs/writeback.h"
#include "fs/proc/proc_fs.h"
#include "fs/seq_file.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/lib/string.h"
#include "kernel/sched/wait.h"
#include "kernel/time.h"
#include "kernel/user/signal.h"

static void mapping_tag(struct address_space *mapping, struct folio *folio,
			unsigned tag, bool set)
{
	unsigned long flags;

	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	if (folio->mapping == mapping) {
		if (set)
			radix_tree_tag_set(&mapping->i_pages, folio->index, tag);
		else
			radix_tree_tag_clear(&mapping->i_pages, folio->index, tag);
	}
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
}

bool mapping_tagged(struct address_space *mapping, unsigned tag)
{
	unsigned long flags;
	bool ret;

	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	ret = radix_tree_tagged(&mapping->i_pages, tag);
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
	return ret;
}

static long nr_dirty;			/* atomic: dirty folios in all page caches */
unsigned long dirty_limit_pages;	/* 0: an eighth of RAM; tests lower it */

unsigned long global_dirty_folios(void)
{
	return (unsigned long)MAX(__atomic_load_n(&nr_dirty, __ATOMIC_RELAXED), 0L);
}

static long nr_writeback;		/* atomic: folios under writeback (swap too) */

unsigned long global_writeback_folios(void)
{
	return (unsigned long)MAX(__atomic_load_n(&nr_writeback, __ATOMIC_RELAXED), 0L);
}

static void account_dirty(long delta)
{
	__atomic_add_fetch(&nr_dirty, delta, __ATOMIC_RELAXED);
}

bool filemap_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	if (folio_test_set_flag(folio, PG_dirty))
		return false;
	account_dirty(1);
	mapping_tag(mapping, folio, PAGECACHE_TAG_DIRTY, true);
	/* After the tag: writeback clears I_DIRTY_PAGES first and sets it
	 * again if the tag is still there. Spinlocks only: no sleeping. */
	if (mapping->host)
		__mark_inode_dirty(mapping->host, I_DIRTY_PAGES);
	return true;
}

/* ------------------------------------------------------------ flusher */

unsigned dirty_writeback_centisecs = 500;	/* atomic (sysctl) */
unsigned dirty_expire_centisecs = 3000;		/* atomic (sysctl) */
unsigned dirty_background_ratio = 10;		/* atomic (sysctl) */
unsigned dirty_ratio = 20;			/* atomic (sysctl) */

static struct task_struct *flusher_task;	/* const once started */
static DECLARE_WAIT_QUEUE_HEAD(flusher_wait);	/* the flusher sleeps here */
static DECLARE_WAIT_QUEUE_HEAD(throttle_wait);	/* throttled writers */
static bool flusher_kicked;			/* atomic: a pass is wanted now */
static unsigned long nr_flusher_passes;		/* atomic */
static unsigned long nr_throttled;		/* atomic: writer sleeps */

#define MAX_PAUSE	(HZ / 5)	/* a writer sleeps at most this per call */

unsigned long dirty_thresh(void)
{
	unsigned long limit = READ_ONCE(dirty_limit_pages);

	if (!limit)
		limit = totalram_pages() * MIN(READ_ONCE(dirty_ratio), 100u) / 100;
	return MAX(limit, 16UL);
}

unsigned long dirty_background_thresh(void)
{
	unsigned long limit = dirty_thresh();
	unsigned long bg = totalram_pages() * MIN(READ_ONCE(dirty_background_ratio), 100u) / 100;

	if (READ_ONCE(dirty_limit_pages) || bg >= limit)
		bg = limit / 2;
	return bg;
}

/* What counts against the limits: dirty, and written but not yet done. */
static unsigned long dirty_and_writeback(void)
{
	return global_dirty_folios() + global_writeback_folios();
}

unsigned long flusher_passes(void)
{
	return READ_ONCE(nr_flusher_passes);
}

unsigned long dirty_throttle_count(void)
{
	return READ_ONCE(nr_throttled);
}

void wakeup_flusher(void)
{
	if (!__atomic_exchange_n(&flusher_kicked, true, __ATOMIC_SEQ_CST))
		wake_up(&flusher_wait);
}

/* One superblock's share of a pass: inodes dirtied before older_than (0:
 * all of them), without waiting. Skips a superblock being unmounted or
 * remounted (s_umount busy), not yet set up, or frozen. */
static void flush_sb(struct super_block *sb, void *arg)
{
	u64 older_than = *(u64 *)arg;

	if (!sb_has_writeback(sb) || !sb_nr_dirty_inodes(sb))
		return;
	if (!down_read_trylock(&sb->s_umount))
		return;
	if ((sb->s_flags & SB_ACTIVE) &&
	    __atomic_load_n(&sb->s_writers.frozen, __ATOMIC_SEQ_CST) == SB_UNFROZEN)
		writeback_inodes_sb(sb, false, older_than);
	up_read(&sb->s_umount);
}

static int flusher(void *unused)
{
	for (;;) {
		unsigned interval = READ_ONCE(dirty_writeback_centisecs);
		long timeout = interval ? (long)msecs_to_jiffies(interval * 10UL) : 60L * HZ;
		u64 expire = msecs_to_jiffies(READ_ONCE(dirty_expire_centisecs) * 10UL);
		u64 older_than;

		wait_event_timeout(flusher_wait, __atomic_load_n(&flusher_kicked, __ATOMIC_SEQ_CST),
				   timeout);
		__atomic_store_n(&flusher_kicked, false, __ATOMIC_SEQ_CST);

		/* Periodic: what has been dirty long enough (a kick with
		 * no interval set writes it too). */
		older_than = jiffies - expire;
		if (!older_than)
			older_than = 1;
		if (interval || expire == 0)
			iterate_supers(flush_sb, &older_than);

		/* Background: over the threshold, everything, a few rounds
		 * while the I/O drains. */
		for (int round = 0; round < 8 && dirty_and_writeback() > dirty_background_thresh();
		     round++) {
			older_than = 0;
			if (global_dirty_folios())
				iterate_supers(flush_sb, &older_than);
			wake_up_all(&throttle_wait);
			if (dirty_and_writeback() > dirty_background_thresh())
				msleep(10);	/* let writeback complete */
		}
		__atomic_add_fetch(&nr_flusher_passes, 1, __ATOMIC_RELAXED);
		wake_up_all(&throttle_wait);
	}
	return 0;
}

/*
 * After a writer dirtied pages of mapping: over the background threshold
 * the flusher is woken; over the dirty limit the writer sleeps (a tick at
 * a time, killable) while the flusher writes, for at most MAX_PAUSE, so
 * that it still makes progress if the disk is slow. Memory filesystems
 * are not throttled (their pages are not written back). Before the
 * flusher runs, a writer over the limit writes its own mapping. No lock
 * held; may sleep.
 */
void balance_dirty_pages_ratelimited(struct address_space *mapping)
{
	struct inode *host = mapping->host;
	unsigned long limit = dirty_thresh();
	u64 start = jiffies;

	might_sleep();
	if (!host || !sb_has_writeback(host->i_sb))
		goto out;
	if (dirty_and_writeback() > dirty_background_thresh())
		wakeup_flusher();
	if (!READ_ONCE(flusher_task)) {
		if (global_dirty_folios() > limit)
			filemap_fdatawrite_range(mapping, 0, LLONG_MAX);
		goto out;
	}
	while (dirty_and_writeback() > limit && time_after(start + MAX_PAUSE, jiffies)) {
		DEFINE_WAIT(w);

		if (fatal_signal_pending(current))
			break;
		wakeup_flusher();
		__atomic_add_fetch(&nr_throttled, 1, __ATOMIC_RELAXED);
		/* Killable: a signal that is not fatal must not end the
		 * sleep early (it would spin), so sleep through it then. */
		prepare_to_wait(&throttle_wait, &w,
				signal_pending(current) ? TASK_UNINTERRUPTIBLE : TASK_INTERRUPTIBLE);
		if (dirty_and_writeback() > limit)
			schedule_timeout(1);
		finish_wait(&throttle_wait, &w);
	}
out:
	pagecache_trim(mapping, ~0UL, ~0UL);
}

/* ------------------------------------------------------------ /proc/sys/vm */

struct vm_sysctl {
	const char *name;
	unsigned *val;
	unsigned max;
};

static const struct vm_sysctl vm_sysctls[] = {
	{ "dirty_writeback_centisecs", &dirty_writeback_centisecs, 360000 },
	{ "dirty_expire_centisecs", &dirty_expire_centisecs, 360000 },
	{ "dirty_background_ratio", &dirty_background_ratio, 100 },
	{ "dirty_ratio", &dirty_ratio, 100 },
};

/* A decimal number, a newline allowed after it; -EINVAL otherwise or
 * above the entry's maximum (the mode keeps it to root). A change takes
 * effect at the flusher's next wakeup, which it causes. */
static ssize_t vm_sysctl_write(const struct vm_sysctl *c, const char *buf, size_t len,
			       loff_t *pos)
{
	char tmp[16];
	const char *end;
	unsigned long v;

	if (len == 0 || len >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, buf, len);
	tmp[len] = 0;
	if (tmp[len - 1] == '\n')
		tmp[len - 1] = 0;
	if (tmp[0] < '0' || tmp[0] > '9')
		return -EINVAL;
	v = simple_strtoul(tmp, &end, 10);
	if (*end || v > c->max)
		return -EINVAL;
	WRITE_ONCE(*c->val, (unsigned)v);
	wakeup_flusher();
	*pos += (loff_t)len;
	return (ssize_t)len;
}

#define VM_SYSCTL(idx)							\
static int vm_sysctl_show_##idx(struct seq_file *m, void *v)		\
{									\
	seq_printf(m, "%u\n", READ_ONCE(*vm_sysctls[idx].val));		\
	return 0;							\
}									\
static ssize_t vm_sysctl_write_##idx(struct file *f, const char *buf, size_t len,	\
				     loff_t *pos)			\
{									\
	return vm_sysctl_write(&vm_sysctls[idx], buf, len, pos);	\
}
VM_SYSCTL(0)
VM_SYSCTL(1)
VM_SYSCTL(2)
VM_SYSCTL(3)
static int (*const vm_sysctl_show[])(struct seq_file *m, void *v) = {
	vm_sysctl_show_0, vm_sysctl_show_1, vm_sysctl_show_2, vm_sysctl_show_3,
};
static ssize_t (*const vm_sysctl_writer[])(struct file *, const char *, size_t, loff_t *) = {
	vm_sysctl_write_0, vm_sysctl_write_1, vm_sysctl_write_2, vm_sysctl_write_3,
};

void writeback_init(void)
{
	struct proc_dir_entry *sys, *vm;
	struct task_struct *t;

	sys = proc_mkdir_shared("sys", NULL);
	vm = IS_ERR(sys) ? sys : proc_mkdir_shared("vm", sys);
	for (unsigned i = 0; !IS_ERR(vm) && i < ARRAY_SIZE(vm_sysctls); i++)
		if (IS_ERR(proc_create_rw(vm_sysctls[i].name, 0644, vm, vm_sysctl_show[i],
					  vm_sysctl_writer[i])))
			pr_err("writeback: cannot make /proc/sys/vm/%s\n", vm_sysctls[i].name);
	if (IS_ERR(vm))
		pr_err("writeback: no /proc/sys/vm (%ld)\n", PTR_ERR(vm));
	t = kthread_run(flusher, NULL, "flush");
	if (!t)
		panic("cannot start the writeback flusher");
	WRITE_ONCE(flusher_task, t);
}

bool folio_mark_dirty(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;

	if (!mapping)
		return !folio_test_set_flag(folio, PG_dirty);
	if (mapping->a_ops && mapping->a_ops->dirty_folio)
		return call_dirty_folio(mapping, folio);
	return filemap_dirty_folio(mapping, folio);
}

bool folio_clear_dirty_for_io(struct folio *folio)
{
	WARN_ON(!folio_test_locked(folio));
	/* Write-protect it in every shared mapping first: a write after
	 * this point faults (->page_mkwrite) and dirties it again. */
	if (folio_mapped(folio))
		folio_mkclean(folio);
	if (!folio_test_clear_dirty(folio))
		return false;
	if (folio->mapping)
		account_dirty(-1);
	return true;
}

void folio_redirty_for_writepage(struct writeback_control *wbc, struct folio *folio)
{
	wbc->pages_skipped++;
	folio_mark_dirty(folio);
}

void folio_cancel_dirty(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;

	if (folio_test_clear_dirty(folio) && mapping) {
		account_dirty(-1);
		mapping_tag(mapping, folio, PAGECACHE_TAG_DIRTY, false);
	}
}

void folio_start_writeback(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	unsigned long flags;

	WARN_ON(!folio_test_locked(folio));
	WARN_ON(folio_test_set_flag(folio, PG_writeback));
	__atomic_add_fetch(&nr_writeback, 1, __ATOMIC_RELAXED);
	if (!mapping)
		return;
	spin_lock_irqsave(&mapping->i_pages_lock, flags);
	radix_tree_tag_set(&mapping->i_pages, folio->index, PAGECACHE_TAG_WRITEBACK);
	if (!folio_test_dirty(folio))
		radix_tree_tag_clear(&mapping->i_pages, folio->index, PAGECACHE_TAG_DIRTY);
	spin_unlock_irqrestore(&mapping->i_pages_lock, flags);
}

void folio_end_writeback(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;

	if (mapping)
		mapping_tag(mapping, folio, PAGECACHE_TAG_WRITEBACK, false);
	if (!folio_test_clear_flag(folio, PG_writeback))
		WARN_ON(1);
	else
		__atomic_sub_fetch(&nr_writeback, 1, __ATOMIC_RELAXED);
	folio_wake(folio);
}

void mapping_set_error(struct address_space *mapping, int err)
{
	if (err)
		__atomic_store_n(&mapping->wb_err, err, __ATOMIC_RELEASE);
}

int filemap_check_errors(struct address_space *mapping)
{
	return __atomic_exchange_n(&mapping->wb_err, 0, __ATOMIC_ACQ_REL);
}

/* ------------------------------------------------------------ writing back */

/* Lock the folio found by the dirty walk and make it ready for writepage:
 * false (unlocked) if there is nothing to write after all. */
static bool writeback_prepare(struct address_space *mapping, struct folio *folio,
			      struct writeback_control *wbc)
{
	folio_lock(folio);
	if (folio->mapping != mapping || !folio_test_dirty(folio))
		goto skip;
	if (folio_test_writeback(folio)) {
		if (wbc->sync_mode == WB_SYNC_NONE)
			goto skip;
		folio_wait_writeback(folio);
	}
	if (folio_clear_dirty_for_io(folio))
		return true;
skip:
	folio_unlock(folio);
	return false;
}

int write_cache_pages(struct address_space *mapping, struct writeback_control *wbc,
		      writepage_t writepage, void *data)
{
	unsigned long index = wbc->range_start >> PAGE_SHIFT;
	unsigned long end = wbc->range_end >> PAGE_SHIFT;
	struct folio *folio;
	int ret = 0;

	might_sleep();
	while (wbc->nr_to_write > 0 &&
	       (folio = filemap_next_folio(mapping, &index, PAGECACHE_TAG_DIRTY))) {
		int err;

		if (index > end) {
			folio_put(folio);
			break;
		}
		if (writeback_prepare(mapping, folio, wbc)) {
			err = writepage(folio, wbc, data);	/* unlocks */
			if (err && !ret)
				ret = err;
			wbc->nr_to_write--;
		}
		folio_put(folio);
		if (index == ~0UL)
			break;
		index++;
	}
	return ret;
}

/* ->writepage through the checked call, with errors recorded. */
static int writepage_cb(struct folio *folio, struct writeback_control *wbc, void *data)
{
	struct address_space *mapping = data;
	int err = call_writepage(&folio->page, wbc);

	mapping_set_error(mapping, err);
	return err;
}

int do_writepages(struct address_space *mapping, struct writeback_control *wbc)
{
	const struct address_space_operations *a_ops = mapping->a_ops;

	if (a_ops && a_ops->writepages)
		return call_writepages(mapping, wbc);
	if (a_ops && a_ops->writepage)
		return write_cache_pages(mapping, wbc, writepage_cb, mapping);
	return 0;			/* nothing can be written: memory only */
}

int filemap_fdatawrite_range(struct address_space *mapping, loff_t start, loff_t end)
{
	struct writeback_control wbc = {
		.nr_to_write = LONG_MAX, .range_start = start, .range_end = end,
		.sync_mode = WB_SYNC_ALL,
	};

	if (!mapping_tagged(mapping, PAGECACHE_TAG_DIRTY))
		return 0;
	return do_writepages(mapping, &wbc);
}

int filemap_fdatawait_range(struct address_space *mapping, loff_t start, loff_t end)
{
	unsigned long index = start >> PAGE_SHIFT, last = end >> PAGE_SHIFT;
	struct folio *folio;

	might_sleep();
	while ((folio = filemap_next_folio(mapping, &index, PAGECACHE_TAG_WRITEBACK))) {
		if (index > last) {
			folio_put(folio);
			break;
		}
		folio_wait_writeback(folio);
		folio_put(folio);
		if (index == ~0UL)
			break;
		index++;
	}
	return 0;
}

int filemap_write_and_wait_range(struct address_space *mapping, loff_t start, loff_t end)
{
	int err, err2, err3;

	might_sleep();
	err = filemap_fdatawrite_range(mapping, start, end);
	err2 = filemap_fdatawait_range(mapping, start, end);
	err3 = filemap_check_errors(mapping);
	return err ? err : err2 ? err2 : err3;
}
