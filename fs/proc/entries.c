/*
 * The kernel's own /proc files: mounts, lockrules, lockdep, lockstat,
 * meminfo, locks. Each show() writes the whole text at open (seq_file);
 * most of them hand the buffer to a formatter of the subsystem that owns
 * the data, which takes that subsystem's locks itself. We hold none.
 */
#include "fs/proc/internal.h"
#include "fs/seq_file.h"
#include "fs/lockrules/lockrules.h"
#include "fs/vfs/locks.h"
#include "fs/vfs/mount.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/lockdep_proc.h"
#include "mm/page_alloc.h"
#include "mm/pagemap.h"
#include "mm/lru.h"
#include "mm/swap.h"
#include "fs/ramfs/tmpfs.h"

/* One /proc/mounts line: "device mountpoint type rw|ro[,options] 0 0".
 * namespace_sem held shared (iterate_mounts). Nonzero stops the walk: an
 * error of ->show_options, or 1 once the buffer is full. */
static int show_mount(struct vfsmount *mnt, const char *mountpoint, void *arg)
{
	struct seq_file *m = arg;
	struct super_block *sb = mnt->mnt_sb;
	int err;

	seq_printf(m, "%s %s %s %s", mnt->mnt_devname, mountpoint, sb->s_type->name,
		   (sb->s_flags & SB_RDONLY) ? "ro" : "rw");
	if (sb->s_op && sb->s_op->show_options) {
		err = call_show_options(m, mnt->mnt_root);
		if (err)
			return err;
	}
	seq_puts(m, " 0 0\n");
	return seq_has_overflowed(m);
}

/* /proc/mounts. */
static int mounts_show(struct seq_file *m, void *v)
{
	int err = iterate_mounts(show_mount, m);

	return err < 0 ? err : 0;
}

/* /proc/lockrules: the LOCKRULE report, "LOCKRULE-END ops=<n>" last. */
static int lockrules_show(struct seq_file *m, void *v)
{
	seq_put_formatted(m, lockrule_format_report);
	return 0;
}

/* /proc/lockdep: report counts, then one line per lock class. */
static int lockdep_show(struct seq_file *m, void *v)
{
	seq_put_formatted(m, lockdep_format_classes);
	return 0;
}

/* /proc/lockstat: per-class acquisitions, contentions and wait times. */
static int lockstat_show(struct seq_file *m, void *v)
{
	seq_put_formatted(m, lockstat_format);
	return 0;
}

/* Writing "0" (a newline may follow) zeroes the counters, as in Linux.
 * Anything else: -EINVAL. No lock held. */
static ssize_t lockstat_write(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	if (len == 0 || len > 2 || buf[0] != '0' || (len == 2 && buf[1] != '\n'))
		return -EINVAL;
	lockstat_reset();
	*pos += (loff_t)len;
	return (ssize_t)len;
}

static void meminfo_line(struct seq_file *m, const char *name, unsigned long pages)
{
	seq_printf(m, "%-16s%8lu kB\n", name, pages * (PAGE_SIZE / 1024));
}

/* /proc/meminfo: Linux's lines, in kB (those that exist here). */
static int meminfo_show(struct seq_file *m, void *v)
{
	unsigned long aa = lru_pages(LRU_ACTIVE_ANON), ia = lru_pages(LRU_INACTIVE_ANON);
	unsigned long af = lru_pages(LRU_ACTIVE_FILE), inf = lru_pages(LRU_INACTIVE_FILE);

	meminfo_line(m, "MemTotal:", totalram_pages());
	meminfo_line(m, "MemFree:", nr_free_pages());
	meminfo_line(m, "Cached:", pagecache_pages());
	meminfo_line(m, "Active:", aa + af);
	meminfo_line(m, "Inactive:", ia + inf);
	meminfo_line(m, "Active(anon):", aa);
	meminfo_line(m, "Inactive(anon):", ia);
	meminfo_line(m, "Active(file):", af);
	meminfo_line(m, "Inactive(file):", inf);
	meminfo_line(m, "SwapCached:", swap_cache_pages());
	meminfo_line(m, "SwapTotal:", total_swap_pages());
	meminfo_line(m, "SwapFree:", nr_swap_free());
	meminfo_line(m, "Dirty:", global_dirty_folios());
	meminfo_line(m, "Writeback:", global_writeback_folios());
	meminfo_line(m, "Shmem:", (unsigned long)tmpfs_total_pages());
	return 0;
}

/* /proc/swaps: the swap areas in use (mm/swapfile.c). */
static int swaps_proc_show(struct seq_file *m, void *v)
{
	swaps_show(m);
	return 0;
}

/* /proc/locks: file locks and their waiters, from locks_format(). */
static int locks_show(struct seq_file *m, void *v)
{
	seq_put_formatted(m, locks_format);
	return 0;
}

static void must(struct proc_dir_entry *de, const char *name)
{
	if (IS_ERR(de))
		panic("procfs: cannot register /proc/%s (%ld)", name, PTR_ERR(de));
}

void proc_register_kernel_entries(void)
{
	must(proc_create_single("mounts", mounts_show), "mounts");
	must(proc_create_single("lockrules", lockrules_show), "lockrules");
	must(proc_create_single("lockdep", lockdep_show), "lockdep");
	must(proc_create_rw("lockstat", 0644, NULL, lockstat_show, lockstat_write), "lockstat");
	must(proc_create_single("meminfo", meminfo_show), "meminfo");
	must(proc_create_single("swaps", swaps_proc_show), "swaps");
	must(proc_create_single("locks", locks_show), "locks");
	proc_register_time_entries();	/* uptime, loadavg, stat, kmsg */
}
