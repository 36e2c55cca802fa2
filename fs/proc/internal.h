/*
 * procfs's private parts: the entry table, and the checked wrapper through
 * which /proc/mounts calls a filesystem's ->show_options.
 */
#ifndef FS_PROC_INTERNAL_H
#define FS_PROC_INTERNAL_H

#include "fs/proc/proc_fs.h"
#include "fs/vfs/ops.h"

#define PROC_ROOT_INO	1

/*
 * One name in /proc: a directory, or a file made by show(). Entries are
 * allocated at registration and never freed, so an inode may point at
 * its entry (i_private) without holding a reference.
 */
struct proc_dir_entry {
	/* Const once the entry is linked into its parent. */
	const char *name;			/* stored after the struct */
	u32 namelen;
	umode_t mode;				/* S_IFDIR or S_IFREG, and permissions */
	u64 low_ino;				/* inode number in every procfs instance */
	struct proc_dir_entry *parent;		/* the root's is itself */
	int (*show)(struct seq_file *m, void *v);
	ssize_t (*write)(struct file *file, const char *buf, size_t len, loff_t *pos);
	void *data;				/* passed to show() */

	/* Appended under proc_subdir_lock with a release store; readers
	 * walk them lock-free with acquire loads (nothing is ever unlinked). */
	struct proc_dir_entry *subdir;		/* first child */
	struct proc_dir_entry *next;		/* next sibling */
};

extern struct proc_dir_entry proc_root;

static inline struct proc_dir_entry *PDE(const struct inode *inode)
{
	return inode->i_private;
}

/* generic.c: the inode of de in sb, from the inode cache or new.
 * ERR_PTR(-ENOMEM). May sleep. */
struct inode *proc_get_inode(struct super_block *sb, struct proc_dir_entry *de);

/* base.c: /proc/<pid>/ and /proc/self, which the table does not hold.
 * proc_pid_lookup() resolves a name the root's table lacks;
 * proc_pid_readdir() lists them after the table's entries. */
struct dentry *proc_pid_lookup(struct inode *dir, struct dentry *dentry);
int proc_pid_readdir(struct file *file, struct dir_context *ctx);
bool proc_is_pid_inode(const struct inode *inode);
extern const struct dentry_operations proc_dentry_operations;
int proc_drop_inode(struct inode *inode);
void proc_pid_evict_inode(struct inode *inode);
/* The task of a /proc/<pid>/ inode, with a reference (zombies too), or
 * NULL once it is gone. */
struct task_struct *proc_inode_task(const struct inode *inode);

/* pid_mem.c: /proc/<pid>/mem. */
extern const struct file_operations proc_pid_mem_operations;

/* entries.c: register /proc/mounts, /proc/meminfo, ... */
void proc_register_kernel_entries(void);
/* time_entries.c: /proc/uptime, loadavg, stat, kmsg. */
void proc_register_time_entries(void);

/*
 * ->show_options, as the seed says: with no s_umount, the mount namespace
 * lock (namespace_sem) held instead by the caller that lists the mounts.
 */
static inline int call_show_options(struct seq_file *m, struct dentry *root)
{
	struct lr_observed o = { 0 };

	lr_super(&o, root->d_sb, NULL);
	LR_CHECK(super_show_options, &o);
	return root->d_sb->s_op->show_options(m, root);
}

#endif
