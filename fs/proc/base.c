/*
 * /proc/<pid>/ and /proc/self: a directory per task, made on lookup from
 * the task list (never registered in the entry table), with the files
 * stat, status, cmdline, comm and mem (pid_mem.c); and /proc/self, a symbolic link to the
 * reader's own pid.
 *
 * Inode numbers: PROC_PID_INO_BASE | pid << 8 | kind, so the same file of
 * the same process is the same inode (pids are never reused). A pid
 * dentry is revalidated against the task list at each ref-walk lookup
 * (RCU-walk falls back: -ECHILD), and neither its dentry nor its inode is
 * cached once unused, so a dead process's names go away by themselves.
 * /proc/self's inode is the reader's (kind SELF of its pid), its target
 * string kept in i_private until eviction.
 *
 * Files are made at open (seq_file single_open), from a snapshot taken
 * under tasklist_lock and the task's own locks: a process that is gone
 * gives -ESRCH. Above: the VFS (lookup with i_rwsem shared, readdir,
 * open). Below: the task list (kernel/sched, kernel/user/process.h).
 */
#include "fs/proc/internal.h"
#include "fs/libfs.h"
#include "fs/seq_file.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/lockdep.h"
#include "kernel/time/clock.h"
#include "kernel/user/cmdline.h"
#include "kernel/user/process.h"
#include "drivers/tty/tty.h"
#include "mm/mm.h"
#include "mm/slab.h"

#define PROC_PID_INO_BASE	(1ULL << 40)
#define SELF_POS		0x10000		/* readdir position of "self" */
#define PID_POS_BASE		(SELF_POS + 1)	/* pid p sits at PID_POS_BASE + p */

enum pid_kind {
	PID_DIR, PID_STAT, PID_STATUS, PID_CMDLINE, PID_COMM, PID_SELF, PID_MEM,
};

struct pid_entry {
	const char *name;
	enum pid_kind kind;
	int (*show)(struct seq_file *m, void *v);
};

static u64 pid_ino(int pid, enum pid_kind kind)
{
	return PROC_PID_INO_BASE | (u64)pid << 8 | kind;
}

bool proc_is_pid_inode(const struct inode *inode)
{
	return inode->i_ino >= PROC_PID_INO_BASE;
}

static int ino_pid(const struct inode *inode)
{
	return (int)((inode->i_ino - PROC_PID_INO_BASE) >> 8);
}

static enum pid_kind ino_kind(const struct inode *inode)
{
	return (enum pid_kind)(inode->i_ino & 0xff);
}

/* ------------------------------------------------------- the tasks */

/* The task with pid, with a reference (zombies too), or NULL. */
static struct task_struct *proc_get_task(int pid)
{
	struct task_struct *t = NULL;
	unsigned long flags;

	if (pid <= 0)
		return NULL;
	spin_lock_irqsave(&tasklist_lock, flags);
	t = find_task_by_pid(pid);
	if (t && !tryget_task_struct(t))
		t = NULL;			/* being freed */
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return t;
}

struct task_struct *proc_inode_task(const struct inode *inode)
{
	return proc_get_task(ino_pid(inode));
}

/* What the files show about one task, copied under its locks. */
struct task_snapshot {
	int pid, ppid, pgid, sid, exit_state, exit_code, cpu, group_stop;
	int tty_nr, tpgid;		/* Linux's encoding of the device; -1: none */
	bool is_kthread;
	long state;
	char comm[TASK_COMM_LEN];
	struct cred cred;
	u64 utime, stime, start_ticks, nr_switches;
	u64 vsize, rss;			/* bytes, pages; 0 if not known */
	sigset_t pending, blocked, ignored, caught;
};

static void snapshot_signals(struct task_struct *t, struct task_snapshot *s)
{
	unsigned long flags;

	spin_lock_irqsave(&t->signal.siglock, flags);
	s->pending = t->signal.pending;
	s->blocked = t->signal.blocked;
	s->group_stop = t->signal.group_stop;
	for (int i = 0; i < _NSIG; i++) {
		void *h = t->signal.action[i].handler;

		if (h == SIG_IGN)
			s->ignored |= 1ULL << i;
		else if (h != SIG_DFL)
			s->caught |= 1ULL << i;
	}
	spin_unlock_irqrestore(&t->signal.siglock, flags);
}

/*
 * The size of an address space and its resident pages. Only for the
 * reader's own mm: another task's mm may be freed under us (exit clears
 * task->mm without a lock a reader could take), so others show 0.
 */
static void snapshot_mm(struct mm_struct *mm, struct task_snapshot *s)
{
	if (!mm)
		return;
	down_read(&mm->mmap_lock);
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		s->vsize += v->vm_end - v->vm_start;
	up_read(&mm->mmap_lock);
	s->rss = mm_rss(mm);
}

/* Fill s for pid; -ESRCH if there is no such task. May sleep. */
static int task_snapshot(int pid, struct task_snapshot *s)
{
	struct task_struct *t = proc_get_task(pid);
	struct tty_struct *tty;
	unsigned long flags;

	if (!t)
		return -ESRCH;
	memset(s, 0, sizeof(*s));
	spin_lock_irqsave(&tasklist_lock, flags);
	s->pid = t->pid;
	s->ppid = t->parent ? t->parent->pid : 0;
	s->pgid = t->pgid;
	s->sid = t->sid;
	tty = t->tty;
	s->exit_state = t->exit_state;
	s->exit_code = t->exit_state ? t->wait_status : 0;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	/* The console is the only tty: /dev/console, 5:1 (major << 8 | minor).
	 * A tty is never freed, so reading its group unlocked is safe. */
	s->tty_nr = tty == &console_tty ? (5 << 8 | 1) : 0;
	s->tpgid = tty && READ_ONCE(tty->pgrp) ? READ_ONCE(tty->pgrp) : -1;
	task_lock(t);
	memcpy(s->comm, t->comm, sizeof(s->comm));
	s->is_kthread = !t->mm && !t->files;
	task_unlock(t);
	s->comm[sizeof(s->comm) - 1] = 0;
	s->state = READ_ONCE(t->state);
	s->cpu = READ_ONCE(t->cpu);
	s->cred = t->cred;		/* owner writes; a torn read is harmless */
	s->utime = READ_ONCE(t->utime_ticks);
	s->stime = READ_ONCE(t->stime_ticks);
	s->start_ticks = t->start_ticks;
	s->nr_switches = READ_ONCE(t->nr_switches);
	snapshot_signals(t, s);
	if (t == current)
		snapshot_mm(current->mm, s);
	put_task_struct(t);
	return 0;
}

/* Linux's one-letter state, and its name for status. */
static char task_state_char(const struct task_snapshot *s)
{
	if (s->exit_state == EXIT_ZOMBIE)
		return 'Z';
	if (s->exit_state == EXIT_DEAD)
		return 'X';
	if (s->group_stop)
		return 'T';
	switch (s->state) {
	case TASK_RUNNING:		return 'R';
	case TASK_INTERRUPTIBLE:	return 'S';
	case TASK_UNINTERRUPTIBLE:	return s->is_kthread ? 'I' : 'D';
	default:			return 'X';
	}
}

static const char *task_state_name(char c)
{
	switch (c) {
	case 'R': return "running";
	case 'S': return "sleeping";
	case 'D': return "disk sleep";
	case 'I': return "idle";
	case 'T': return "stopped";
	case 'Z': return "zombie";
	default:  return "dead";
	}
}

/* ---------------------------------------------------------- files */

static int pid_of(struct seq_file *m)
{
	return (int)(long)m->private;
}

/*
 * /proc/<pid>/stat, Linux's 52 fields in Linux's order. Not known here
 * (shown as 0): the fault counts, the children's times, the address-space
 * layout, wchan; vsize and rss of a process other than the reader.
 */
static int pid_stat_show(struct seq_file *m, void *v)
{
	struct task_snapshot s;
	char state;
	int err = task_snapshot(pid_of(m), &s);

	if (err)
		return err;
	state = task_state_char(&s);
	seq_printf(m, "%d (%s) %c %d %d %d %d %d %u ", s.pid, s.comm, state, s.ppid, s.pgid,
		   s.sid, s.tty_nr, s.tpgid, s.is_kthread ? 0x00200040u : 0x00400000u);
	seq_printf(m, "0 0 0 0 %llu %llu 0 0 20 0 1 0 %llu %llu %llu %llu ",
		   (unsigned long long)s.utime, (unsigned long long)s.stime,
		   (unsigned long long)s.start_ticks, (unsigned long long)s.vsize,
		   (unsigned long long)s.rss, (unsigned long long)RLIM_INFINITY);
	seq_printf(m, "0 0 0 0 0 %llu %llu %llu %llu 0 0 0 %d %d 0 0 0 0 0 0 0 0 0 0 0 0 %d\n",
		   (unsigned long long)s.pending, (unsigned long long)s.blocked,
		   (unsigned long long)s.ignored, (unsigned long long)s.caught,
		   s.exit_state ? 0 : SIGCHLD, s.cpu < 0 ? 0 : s.cpu, s.exit_code);
	return 0;
}

static int pid_status_show(struct seq_file *m, void *v)
{
	struct task_snapshot s;
	char state;
	int err = task_snapshot(pid_of(m), &s);

	if (err)
		return err;
	state = task_state_char(&s);
	seq_printf(m, "Name:\t%s\n", s.comm);
	seq_printf(m, "State:\t%c (%s)\n", state, task_state_name(state));
	seq_printf(m, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		   s.pid, s.pid, s.ppid);
	seq_printf(m, "Uid:\t%u\t%u\t%u\t%u\n", s.cred.uid, s.cred.euid, s.cred.suid, s.cred.fsuid);
	seq_printf(m, "Gid:\t%u\t%u\t%u\t%u\n", s.cred.gid, s.cred.egid, s.cred.sgid, s.cred.fsgid);
	seq_puts(m, "Groups:\t");
	for (int i = 0; i < s.cred.ngroups && i < NGROUPS_MAX; i++)
		seq_printf(m, "%u ", s.cred.groups[i]);
	seq_printf(m, "\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", s.pid, s.pgid, s.sid);
	if (s.vsize)
		seq_printf(m, "VmSize:\t%8llu kB\nVmRSS:\t%8llu kB\n",
			   (unsigned long long)(s.vsize >> 10), (unsigned long long)(s.rss * 4));
	seq_printf(m, "Threads:\t1\n");
	seq_printf(m, "SigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n",
		   (unsigned long long)s.pending, (unsigned long long)s.pending,
		   (unsigned long long)s.blocked);
	seq_printf(m, "SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
		   (unsigned long long)s.ignored, (unsigned long long)s.caught);
	seq_printf(m, "Cpus_allowed_list:\t0-%d\n", MAX_CPUS - 1);
	seq_printf(m, "voluntary_ctxt_switches:\t%llu\nnonvoluntary_ctxt_switches:\t0\n",
		   (unsigned long long)s.nr_switches);
	return 0;
}

/* The argv strings of the last execve, each NUL-terminated; empty for
 * kernel threads and zombies. */
static int pid_cmdline_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_get_task(pid_of(m));
	struct task_cmdline *cl;

	if (!t)
		return -ESRCH;
	cl = task_cmdline_get(t);
	put_task_struct(t);
	if (cl) {
		seq_write(m, cl->data, cl->len);
		task_cmdline_put(cl);
	}
	return 0;
}

static int pid_comm_show(struct seq_file *m, void *v)
{
	struct task_struct *t = proc_get_task(pid_of(m));
	char comm[TASK_COMM_LEN];

	if (!t)
		return -ESRCH;
	task_lock(t);
	memcpy(comm, t->comm, sizeof(comm));
	task_unlock(t);
	put_task_struct(t);
	comm[sizeof(comm) - 1] = 0;
	seq_printf(m, "%s\n", comm);
	return 0;
}

static const struct pid_entry pid_entries[] = {
	{ "stat",	PID_STAT,	pid_stat_show },
	{ "status",	PID_STATUS,	pid_status_show },
	{ "cmdline",	PID_CMDLINE,	pid_cmdline_show },
	{ "comm",	PID_COMM,	pid_comm_show },
	{ "mem",	PID_MEM,	NULL },		/* pid_mem.c */
};
#define NR_PID_ENTRIES	(sizeof(pid_entries) / sizeof(pid_entries[0]))

static const struct pid_entry *pid_entry_of(enum pid_kind kind)
{
	for (unsigned i = 0; i < NR_PID_ENTRIES; i++)
		if (pid_entries[i].kind == kind)
			return &pid_entries[i];
	return NULL;
}

/* ->open: no lock held. The text is made now: -ESRCH for a dead task. */
static int proc_pid_file_open(struct inode *inode, struct file *file)
{
	const struct pid_entry *pe = pid_entry_of(ino_kind(inode));

	might_sleep();
	if (!pe)
		return -ENOENT;
	if (file->f_mode & FMODE_WRITE)
		return -EACCES;
	return single_open(file, pe->show, (void *)(long)ino_pid(inode));
}

static const struct inode_operations proc_pid_file_inode_operations = {
	.getattr = simple_getattr,
};

static const struct file_operations proc_pid_file_operations = {
	.llseek = seq_lseek,
	.read = seq_read,
	.open = proc_pid_file_open,
	.release = single_release,
};

/* ---------------------------------------------------------- inodes */

static const struct inode_operations proc_pid_dir_inode_operations;
static const struct file_operations proc_pid_dir_operations;
static const struct inode_operations proc_self_inode_operations;

/* Owner of a task's files: its effective ids, as Linux's task_dump_owner. */
static void pid_inode_owner(struct inode *inode, int pid)
{
	struct task_struct *t = proc_get_task(pid);

	if (!t)
		return;
	inode->i_uid = READ_ONCE(t->cred.euid);
	inode->i_gid = READ_ONCE(t->cred.egid);
	put_task_struct(t);
}

/* The inode of (pid, kind) in sb, new or cached. ERR_PTR(-ENOMEM). */
static struct inode *proc_pid_get_inode(struct super_block *sb, int pid, enum pid_kind kind)
{
	struct inode *inode = iget_locked(sb, pid_ino(pid, kind));
	char *target;

	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(READ_ONCE(inode->i_state) & I_NEW))
		goto out_owner;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
	switch (kind) {
	case PID_DIR:
		inode->i_mode = S_IFDIR | 0555;
		inode->i_op = &proc_pid_dir_inode_operations;
		inode->i_fop = &proc_pid_dir_operations;
		set_nlink(inode, 2);
		break;
	case PID_SELF:
		target = kmalloc(12, GFP_KERNEL);
		if (target)
			snprintf(target, 12, "%d", pid);
		inode->i_private = target;	/* freed by proc_pid_evict_inode */
		inode->i_mode = S_IFLNK | 0777;
		inode->i_op = &proc_self_inode_operations;
		break;
	case PID_MEM:
		inode->i_mode = S_IFREG | 0600;
		inode->i_op = &proc_pid_file_inode_operations;
		inode->i_fop = &proc_pid_mem_operations;
		break;
	default:
		inode->i_mode = S_IFREG | 0444;
		inode->i_op = &proc_pid_file_inode_operations;
		inode->i_fop = &proc_pid_file_operations;
		break;
	}
	unlock_new_inode(inode);
out_owner:
	if (kind != PID_SELF)
		pid_inode_owner(inode, pid);
	return inode;
}

/* s_op->evict_inode for procfs: the last reference to an inode is gone. */
void proc_pid_evict_inode(struct inode *inode)
{
	if (proc_is_pid_inode(inode) && ino_kind(inode) == PID_SELF) {
		kfree(inode->i_private);
		inode->i_private = NULL;
	}
}

/* ->get_link of /proc/self: the pid, kept with the inode. No lock. */
static const char *proc_self_get_link(struct dentry *dentry, struct inode *inode,
				      struct delayed_call *done)
{
	return inode->i_private ? inode->i_private : ERR_PTR(-ENOMEM);
}

static const struct inode_operations proc_self_inode_operations = {
	.get_link = proc_self_get_link,
	.getattr = simple_getattr,
};

/* --------------------------------------------------- directories */

/* A decimal pid without leading zeros or sign, else 0. */
static int name_to_pid(const char *name, u32 len)
{
	long v = 0;

	if (len == 0 || len > 9 || name[0] == '0')
		return 0;
	for (u32 i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return 0;
		v = v * 10 + (name[i] - '0');
	}
	return (int)v;
}

static bool task_exists(int pid)
{
	struct task_struct *t = proc_get_task(pid);

	if (t)
		put_task_struct(t);
	return t != NULL;
}

/*
 * ->lookup in /proc for a name the entry table lacks (generic.c): a pid
 * of a live or zombie task, or "self". A miss leaves the dentry negative
 * and unhashed. The parent's i_rwsem is held shared. May sleep.
 */
struct dentry *proc_pid_lookup(struct inode *dir, struct dentry *dentry)
{
	const char *name = dentry->d_name.name;
	u32 len = dentry->d_name.len;
	struct inode *inode;
	int pid;

	lockdep_assert_held(&dir->i_rwsem);
	if (len == 4 && !memcmp(name, "self", 4)) {
		if (!current->mm)
			return NULL;		/* a kernel thread has no /proc/self */
		inode = proc_pid_get_inode(dir->i_sb, current->pid, PID_SELF);
	} else {
		pid = name_to_pid(name, len);
		if (!pid || !task_exists(pid))
			return NULL;
		inode = proc_pid_get_inode(dir->i_sb, pid, PID_DIR);
	}
	if (IS_ERR(inode))
		return ERR_CAST(inode);
	d_add(dentry, inode);
	return NULL;
}

/* ->lookup in /proc/<pid>: its files. i_rwsem shared. May sleep. */
static struct dentry *proc_pid_dir_lookup(struct inode *dir, struct dentry *dentry,
					  unsigned flags)
{
	struct inode *inode;

	lockdep_assert_held(&dir->i_rwsem);
	for (unsigned i = 0; i < NR_PID_ENTRIES; i++) {
		const struct pid_entry *pe = &pid_entries[i];

		if (strlen(pe->name) != dentry->d_name.len ||
		    memcmp(pe->name, dentry->d_name.name, dentry->d_name.len))
			continue;
		if (!task_exists(ino_pid(dir)))
			return NULL;
		inode = proc_pid_get_inode(dir->i_sb, ino_pid(dir), pe->kind);
		if (IS_ERR(inode))
			return ERR_CAST(inode);
		d_add(dentry, inode);
		return NULL;
	}
	return NULL;
}

/* ->iterate_shared of /proc/<pid>: ".", "..", then the files. */
static int proc_pid_dir_readdir(struct file *file, struct dir_context *ctx)
{
	struct inode *dir = file_inode(file);

	lockdep_assert_held(&dir->i_rwsem);
	if (ctx->pos < 0)
		return -EINVAL;
	if (!dir_emit_dots(file, ctx))
		return 0;
	for (loff_t i = ctx->pos - 2; i < (loff_t)NR_PID_ENTRIES; i++) {
		const struct pid_entry *pe = &pid_entries[i];

		if (!dir_emit(ctx, pe->name, strlen(pe->name), pid_ino(ino_pid(dir), pe->kind), DT_REG))
			return 0;
		ctx->pos = i + 3;
	}
	return 0;
}

static const struct inode_operations proc_pid_dir_inode_operations = {
	.lookup = proc_pid_dir_lookup,
	.getattr = simple_getattr,
};

static const struct file_operations proc_pid_dir_operations = {
	.llseek = dcache_dir_lseek,
	.read = generic_read_dir,
	.iterate_shared = proc_pid_dir_readdir,
};

/* The smallest pid >= from among the tasks (not idle tasks), or 0. */
static int next_pid_from(int from)
{
	struct task_struct *t;
	unsigned long flags;
	int best = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process_locked(t)
		if (t->pid >= from && t->pid > 0 && t->exit_state != EXIT_DEAD &&
		    (!best || t->pid < best))
			best = t->pid;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return best;
}

/*
 * The dynamic part of /proc's readdir (generic.c calls it after the
 * table): "self" at SELF_POS, then each pid p at PID_POS_BASE + p in
 * increasing order, so a position survives tasks coming and going. No
 * lock of ours is held across dir_emit().
 */
int proc_pid_readdir(struct file *file, struct dir_context *ctx)
{
	char name[12];
	int pid;

	if (ctx->pos <= SELF_POS) {
		if (current->mm && !dir_emit(ctx, "self", 4, pid_ino(current->pid, PID_SELF), DT_LNK))
			return 0;
		ctx->pos = PID_POS_BASE;
	}
	while ((pid = next_pid_from((int)(ctx->pos - PID_POS_BASE))) > 0) {
		int n = snprintf(name, sizeof(name), "%d", pid);

		if (!dir_emit(ctx, name, n, pid_ino(pid, PID_DIR), DT_DIR))
			return 0;
		ctx->pos = PID_POS_BASE + pid + 1;
	}
	return 0;
}

/* ------------------------------------------------- dentry and inode life */

/* ->d_revalidate for every procfs dentry: a pid's names live while the
 * task does; /proc/self is the reader's. -ECHILD in RCU-walk for those
 * (the task list needs a lock); table entries never change. */
static int proc_d_revalidate(struct dentry *dentry, unsigned flags)
{
	struct inode *inode = READ_ONCE(dentry->d_inode);

	if (!inode || !proc_is_pid_inode(inode))
		return 1;
	if (flags & LOOKUP_RCU)
		return -ECHILD;
	if (ino_kind(inode) == PID_SELF)
		return ino_pid(inode) == current->pid;
	if (!task_exists(ino_pid(inode)))
		return 0;
	pid_inode_owner(inode, ino_pid(inode));	/* setuid may have changed it */
	return 1;
}

/* ->d_delete: do not keep an unused pid dentry. d_lock held. */
static int proc_d_delete(const struct dentry *dentry)
{
	struct inode *inode = READ_ONCE(dentry->d_inode);

	return inode && proc_is_pid_inode(inode);
}

const struct dentry_operations proc_dentry_operations = {
	.d_revalidate = proc_d_revalidate,
	.d_delete = proc_d_delete,
};

/* s_op->drop_inode: i_lock held. Pid inodes are not cached when unused. */
int proc_drop_inode(struct inode *inode)
{
	return proc_is_pid_inode(inode) || generic_drop_inode(inode);
}
