/*
 * The "proc" filesystem type: a superblock whose root is the entry table's
 * root (generic.c), and the boot-time setup that mounts it at /proc.
 *
 * Every procfs instance shows the same table; only the inodes and dentries
 * are per superblock. Locks of its own: none.
 */
#include "fs/proc/internal.h"
#include "fs/libfs.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/sync/lockdep.h"

static const struct super_operations proc_sops = {
	.statfs = simple_statfs,
	.drop_inode = proc_drop_inode,
	.evict_inode = proc_pid_evict_inode,
};

/* fill_super for mount_nodev(): s_umount (write), the superblock not yet
 * visible. procfs takes no mount options (-EINVAL). */
static int proc_fill_super(struct super_block *sb, void *data, int silent)
{
	struct inode *root;

	lockdep_assert_held_write(&sb->s_umount);

	if (data && *(const char *)data)
		return -EINVAL;
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->s_op = &proc_sops;
	sb->s_d_op = &proc_dentry_operations;
	root = proc_get_inode(sb, &proc_root);
	if (IS_ERR(root))
		return (int)PTR_ERR(root);
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

/* ->mount: no lock held; returns the root with s_umount held (write). */
static struct dentry *proc_mount(struct file_system_type *type, int flags,
				 const char *dev_name, void *data)
{
	might_sleep();
	return mount_nodev(type, flags, data, proc_fill_super);
}

/* ->kill_sb: s_umount (write). Nothing is pinned: dentries and inodes are
 * only a cache of the table, dropped by the generic shutdown. */
static void proc_kill_sb(struct super_block *sb)
{
	lockdep_assert_held_write(&sb->s_umount);
	kill_anon_super(sb);
}

static struct file_system_type proc_fs_type = {
	.name = "proc",
	.mount = proc_mount,
	.kill_sb = proc_kill_sb,
};

void proc_init(void)
{
	int err;

	if (register_filesystem(&proc_fs_type))
		panic("procfs: cannot register the filesystem type");
	proc_register_kernel_entries();
	err = do_mkdirat(AT_FDCWD, "/proc", 0555);
	if (!err || err == -EEXIST)
		err = do_mount("proc", "/proc", "proc", 0, NULL);
	if (err)
		pr_err("procfs: cannot mount at /proc (%d)\n", err);
}
