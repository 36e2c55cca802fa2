/*
 * VFS tests on the root tmpfs: directory operations and their errors,
 * rename (including races on every CPU), open files outliving unlink,
 * mounts, freeze, and the dcache shrinker. Each test works in its own
 * directory and removes what it made.
 */
#include "kernel/ktest/ktest.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched/sched.h"
#include "kernel/errno.h"
#include "mm/slab.h"

static bool exists(const char *path)
{
	struct kstat st;

	return vfs_stat(path, &st) == 0;
}

static int write_file(const char *path, const char *text)
{
	struct file *f = filp_open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = kernel_write(f, text, strlen(text));
	fput(f);
	return n == (ssize_t)strlen(text) ? 0 : (n < 0 ? (int)n : -EIO);
}

KTEST(vfs_mkdir_rmdir_and_errors)
{
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs1", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs1", 0755), -EEXIST);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs1/a/b", 0755), -ENOENT);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs1/a", 0755), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs1"), -ENOTEMPTY);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs1/a/."), -EINVAL);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs1/missing"), -ENOENT);
	KT_ASSERT_EQ(write_file("/t-vfs1/f", "x"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs1/f"), -ENOTDIR);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs1/a"), -EISDIR);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs1/f/x", 0755), -ENOTDIR);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs1/f"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs1/a"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs1"), 0);
	KT_ASSERT(!exists("/t-vfs1"), "still there");
}

KTEST(vfs_name_too_long_and_symlink_loop)
{
	char name[300];

	memset(name, 'n', sizeof(name));
	name[0] = '/';
	name[sizeof(name) - 1] = 0;
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, name, 0755), -ENAMETOOLONG);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs2", 0755), 0);
	KT_ASSERT_EQ(do_symlinkat("/t-vfs2/l2", AT_FDCWD, "/t-vfs2/l1"), 0);
	KT_ASSERT_EQ(do_symlinkat("/t-vfs2/l1", AT_FDCWD, "/t-vfs2/l2"), 0);
	struct file *f = filp_open("/t-vfs2/l1", O_RDONLY, 0);
	KT_ASSERT_EQ(PTR_ERR(f), -ELOOP);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs2/l1"), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs2/l2"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs2"), 0);
}

KTEST(vfs_symlink_followed_in_the_middle)
{
	char buf[64];
	struct kstat st;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs3", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs3/real", 0755), 0);
	KT_ASSERT_EQ(write_file("/t-vfs3/real/file", "hello"), 0);
	KT_ASSERT_EQ(do_symlinkat("real", AT_FDCWD, "/t-vfs3/link"), 0);
	KT_ASSERT_EQ(vfs_stat("/t-vfs3/link/file", &st), 0);
	KT_ASSERT_EQ(st.size, 5);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, "/t-vfs3/link", buf, sizeof(buf)), 4);
	KT_ASSERT(!memcmp(buf, "real", 4), "readlink gave %.4s", buf);
	KT_ASSERT_EQ(do_readlinkat(AT_FDCWD, "/t-vfs3/real", buf, sizeof(buf)), -EINVAL);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs3/link"), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs3/real/file"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs3/real"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs3"), 0);
}

KTEST(vfs_rename_rules)
{
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs4", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs4/d", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs4/d/sub", 0755), 0);
	KT_ASSERT_EQ(write_file("/t-vfs4/a", "a"), 0);
	KT_ASSERT_EQ(write_file("/t-vfs4/b", "bb"), 0);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs4/d", AT_FDCWD, "/t-vfs4/d/sub/x", 0), -EINVAL);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs4/a", AT_FDCWD, "/t-vfs4/b", RENAME_NOREPLACE), -EEXIST);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs4/a", AT_FDCWD, "/t-vfs4/d", 0), -EISDIR);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs4/d", AT_FDCWD, "/t-vfs4/a", 0), -ENOTDIR);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs4/a", AT_FDCWD, "/t-vfs4/b", RENAME_EXCHANGE), 0);
	struct kstat st;
	KT_ASSERT_EQ(vfs_stat("/t-vfs4/a", &st), 0);
	KT_ASSERT_EQ(st.size, 2);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs4/a", AT_FDCWD, "/t-vfs4/d/sub/moved", 0), 0);	/* cross-dir */
	KT_ASSERT(!exists("/t-vfs4/a") && exists("/t-vfs4/d/sub/moved"), "not moved");
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs4/b", AT_FDCWD, "/t-vfs4/d/sub/moved", 0), 0);	/* replaces */
	KT_ASSERT_EQ(vfs_stat("/t-vfs4/d/sub/moved", &st), 0);
	KT_ASSERT_EQ(st.size, 1);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs4/missing", AT_FDCWD, "/t-vfs4/x", 0), -ENOENT);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs4/d/sub/moved"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs4/d/sub"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs4/d"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs4"), 0);
}

KTEST(vfs_link_counts_and_unlinked_open_file)
{
	struct kstat st;
	char buf[16] = { 0 };
	struct file *f;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs5", 0755), 0);
	KT_ASSERT_EQ(write_file("/t-vfs5/f", "still here"), 0);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/t-vfs5/f", AT_FDCWD, "/t-vfs5/g", 0), 0);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/t-vfs5/f", AT_FDCWD, "/t-vfs5/g", 0), -EEXIST);
	KT_ASSERT_EQ(do_linkat(AT_FDCWD, "/t-vfs5", AT_FDCWD, "/t-vfs5/dirlink", 0), -EPERM);
	KT_ASSERT_EQ(vfs_stat("/t-vfs5/f", &st), 0);
	KT_ASSERT_EQ(st.nlink, 2);
	f = filp_open("/t-vfs5/f", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs5/f"), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs5/g"), 0);
	KT_ASSERT(!exists("/t-vfs5/f") && !exists("/t-vfs5/g"), "names left");
	KT_ASSERT_EQ(kernel_read(f, buf, sizeof(buf) - 1), 10);
	KT_ASSERT(!strcmp(buf, "still here"), "read '%s'", buf);
	fput(f);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs5"), 0);
}

struct rename_race {
	volatile int lost;
	volatile int errors;
};

/* Threads rename their own file back and forth between two directories
 * while others look names up: every file must be found in exactly one. */
static void rename_racer(void *arg, unsigned i)
{
	struct rename_race *r = arg;
	char a[48], b[48];

	snprintf(a, sizeof(a), "/t-vfs6/x/f%u", i);
	snprintf(b, sizeof(b), "/t-vfs6/y/f%u", i);
	for (int n = 0; n < 40; n++) {
		const char *from = n & 1 ? b : a, *to = n & 1 ? a : b;
		int err = do_renameat2(AT_FDCWD, from, AT_FDCWD, to, 0);
		if (err)
			__atomic_fetch_add(&r->errors, 1, __ATOMIC_SEQ_CST);
		if (exists(from) || !exists(to))
			__atomic_fetch_add(&r->lost, 1, __ATOMIC_SEQ_CST);
		if (n % 8 == 0)
			do_renameat2(AT_FDCWD, "/t-vfs6/x/sub", AT_FDCWD, "/t-vfs6/y/sub", RENAME_NOREPLACE),
			do_renameat2(AT_FDCWD, "/t-vfs6/y/sub", AT_FDCWD, "/t-vfs6/x/sub", RENAME_NOREPLACE);
	}
}

KTEST(vfs_rename_race_on_all_cpus)
{
	struct rename_race r = { 0 };
	unsigned n = 2 * nr_cpus_online;
	char p[48];

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs6", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs6/x", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs6/y", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs6/x/sub", 0755), 0);
	for (unsigned i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "/t-vfs6/x/f%u", i);
		KT_ASSERT_EQ(write_file(p, "r"), 0);
	}
	KT_ASSERT_EQ(ktest_run_threads(rename_racer, &r, n), 0);
	KT_ASSERT_EQ(r.errors, 0);
	KT_ASSERT_EQ(r.lost, 0);
	for (unsigned i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "/t-vfs6/x/f%u", i);
		KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, p), 0);
	}
	KT_ASSERT(do_rmdir(AT_FDCWD, "/t-vfs6/x/sub") == 0 || do_rmdir(AT_FDCWD, "/t-vfs6/y/sub") == 0, "sub lost");
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs6/x"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs6/y"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs6"), 0);
}

KTEST(vfs_mount_umount_bind_and_force)
{
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs7", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs7/mnt", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs7/bind", 0755), 0);
	KT_ASSERT_EQ(do_mount("none", "/t-vfs7/mnt", "nosuchfs", 0, NULL), -ENODEV);
	KT_ASSERT_EQ(do_mount("scratch", "/t-vfs7/mnt", "tmpfs", 0, NULL), 0);
	KT_ASSERT_EQ(write_file("/t-vfs7/mnt/inside", "m"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs7/mnt"), -EBUSY);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs7/mnt/inside", AT_FDCWD, "/t-vfs7/out", 0), -EXDEV);
	KT_ASSERT_EQ(do_mount("/t-vfs7/mnt", "/t-vfs7/bind", NULL, MS_BIND, NULL), 0);
	KT_ASSERT(exists("/t-vfs7/bind/inside"), "bind mount does not show the file");
	char buf[512];
	size_t n = mounts_format(buf, sizeof(buf) - 1);
	buf[n] = 0;
	KT_ASSERT(strstr(buf, "scratch /t-vfs7/mnt tmpfs rw"), "mounts: %s", buf);
	struct file *f = filp_open("/t-vfs7/mnt/inside", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f), "open failed");
	KT_ASSERT_EQ(do_umount_path("/t-vfs7/bind", 0), 0);
	KT_ASSERT_EQ(do_umount_path("/t-vfs7/mnt", 0), -EBUSY);	/* f is open */
	fput(f);
	KT_ASSERT_EQ(do_umount_path("/t-vfs7/mnt", MNT_FORCE), 0);
	KT_ASSERT(!exists("/t-vfs7/mnt/inside"), "still mounted");
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs7/mnt"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs7/bind"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs7"), 0);
}

struct freeze_writer {
	volatile bool done;
};

static int freeze_writer_fn(void *p)
{
	struct freeze_writer *w = p;

	write_file("/t-vfs8/m/w", "w");	/* blocks while frozen */
	w->done = true;
	return 0;
}

KTEST(vfs_freeze_blocks_writers)
{
	struct path p;
	struct freeze_writer w = { 0 };

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs8", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs8/m", 0755), 0);
	KT_ASSERT_EQ(do_mount("frz", "/t-vfs8/m", "tmpfs", 0, NULL), 0);
	KT_ASSERT_EQ(kern_path("/t-vfs8/m", 0, &p), 0);
	KT_ASSERT_EQ(freeze_super(p.mnt->mnt_sb), 0);
	KT_ASSERT_EQ(freeze_super(p.mnt->mnt_sb), -EBUSY);
	KT_ASSERT(kthread_run(freeze_writer_fn, &w, "frozen-writer"), "no thread");
	msleep(100);
	KT_ASSERT(!w.done, "a write went through a frozen filesystem");
	KT_ASSERT_EQ(thaw_super(p.mnt->mnt_sb), 0);
	for (int i = 0; i < 100 && !w.done; i++)
		msleep(10);
	KT_ASSERT(w.done, "writer not released by thaw");
	KT_ASSERT_EQ(thaw_super(p.mnt->mnt_sb), -EINVAL);
	path_put(&p);
	KT_ASSERT_EQ(do_umount_path("/t-vfs8/m", 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs8/m"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs8"), 0);
}

/* tmpfs's ->d_delete frees negative dentries at once (there is no disk to
 * save a lookup on), so failed lookups must not grow the dcache; and the
 * shrinker must free whatever unused dentries there are. */
KTEST(vfs_negative_dentries_not_kept_and_shrinker_runs)
{
	char p[48];
	struct kstat st;
	unsigned long before;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs9", 0755), 0);
	before = dcache_nr_dentry();
	for (int i = 0; i < 64; i++) {
		snprintf(p, sizeof(p), "/t-vfs9/missing%d", i);
		KT_ASSERT_EQ(vfs_stat(p, &st), -ENOENT);
	}
	rcu_barrier();		/* freed dentries go through call_rcu */
	KT_ASSERT(dcache_nr_dentry() <= before, "dentries grew from %lu to %lu",
		  before, dcache_nr_dentry());
	shrink_dcache(~0UL);
	KT_ASSERT_EQ(dcache_nr_unused(), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs9"), 0);
}

KTEST(vfs_readdir_lists_entries)
{
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs10", 0755), 0);
	KT_ASSERT_EQ(write_file("/t-vfs10/one", "1"), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs10/two", 0755), 0);
	struct file *f = filp_open("/t-vfs10", O_RDONLY | O_DIRECTORY, 0);
	KT_ASSERT(!IS_ERR(f), "open dir: %ld", PTR_ERR(f));
	KT_ASSERT_EQ(PTR_ERR(filp_open("/t-vfs10", O_WRONLY, 0)), -EISDIR);
	KT_ASSERT_EQ(PTR_ERR(filp_open("/t-vfs10/one", O_RDONLY | O_DIRECTORY, 0)), -ENOTDIR);
	fput(f);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs10/one"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs10/two"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs10"), 0);
}

KTEST(vfs_rcu_walk_and_fallback_to_ref_walk)
{
	unsigned long h0, f0, h1, f1;
	struct kstat st;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs11", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs11/d", 0755), 0);
	KT_ASSERT_EQ(write_file("/t-vfs11/d/f", "abc"), 0);
	KT_ASSERT_EQ(do_symlinkat("d", AT_FDCWD, "/t-vfs11/l"), 0);
	namei_stats(&h0, &f0);
	KT_ASSERT_EQ(vfs_stat("/t-vfs11/d/f", &st), 0);		/* all cached: RCU-walk */
	namei_stats(&h1, &f1);
	KT_ASSERT(h1 == h0 + 1 && f1 == f0, "rcu %lu->%lu, fallback %lu->%lu", h0, h1, f0, f1);
	KT_ASSERT_EQ(vfs_stat("/t-vfs11/l/f", &st), 0);		/* symlink: falls back */
	KT_ASSERT_EQ(st.size, 3);
	KT_ASSERT_EQ(vfs_stat("/t-vfs11/d/../d/f", &st), 0);	/* "..": falls back */
	KT_ASSERT_EQ(vfs_stat("/t-vfs11/d/missing", &st), -ENOENT);	/* miss: falls back */
	namei_stats(&h0, &f0);
	KT_ASSERT_EQ(f0, f1 + 3);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs11/l"), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs11/d/f"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs11/d"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs11"), 0);
}

KTEST(vfs_remount_readonly_sync_and_fsync)
{
	struct file *f;
	struct kstat st;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs12", 0755), 0);
	KT_ASSERT_EQ(do_mount("ro-test", "/t-vfs12", "tmpfs", 0, NULL), 0);
	KT_ASSERT_EQ(write_file("/t-vfs12/a", "data"), 0);
	f = filp_open("/t-vfs12/a", O_RDWR, 0);
	KT_ASSERT(!IS_ERR(f), "open");
	KT_ASSERT_EQ(vfs_fsync(f, 0), 0);
	KT_ASSERT_EQ(vfs_fsync(f, 1), 0);
	fput(f);
	ksys_sync();
	KT_ASSERT_EQ(do_mount(NULL, "/t-vfs12", NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs12/d", 0755), -EROFS);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs12/a"), -EROFS);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "/t-vfs12/a", AT_FDCWD, "/t-vfs12/b", 0), -EROFS);
	KT_ASSERT_EQ(PTR_ERR(filp_open("/t-vfs12/a", O_WRONLY, 0)), -EROFS);
	KT_ASSERT_EQ(PTR_ERR(filp_open("/t-vfs12/new", O_CREAT | O_WRONLY, 0644)), -EROFS);
	KT_ASSERT_EQ(vfs_stat("/t-vfs12/a", &st), 0);		/* reading still works */
	/* An existing name: -EEXIST before -EROFS, and O_CREAT opens it for
	 * reading, as Linux. */
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-vfs12/a", 0755), -EEXIST);
	f = filp_open("/t-vfs12/a", O_CREAT | O_RDONLY, 0644);
	KT_ASSERT(!IS_ERR(f), "O_CREAT of an existing file on a read-only mount: %ld", PTR_ERR(f));
	fput(f);
	KT_ASSERT_EQ(do_mount(NULL, "/t-vfs12", NULL, MS_REMOUNT, NULL), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-vfs12/a"), 0);
	KT_ASSERT_EQ(do_umount_path("/t-vfs12", 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-vfs12"), 0);
}
