/*
 * procfs entries and their inodes: the table of names that code registers
 * (proc_mkdir(), proc_create_single()), directory lookup and readdir over
 * it, and the file operations of a generated file (seq_file, made at open).
 *
 * Above: the VFS, which calls the operations here with the locks the rule
 * table names. Below: the inode cache, seq_file, kmalloc. Locks:
 * proc_subdir_lock (a mutex) serialises registrations; lookups and
 * readdir walk the lists without it, since entries are only ever appended
 * (release store) and never removed or changed once linked.
 */
#include "fs/proc/internal.h"
#include "fs/libfs.h"
#include "fs/seq_file.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/mutex.h"
#include "mm/slab.h"

static DEFINE_MUTEX(proc_subdir_lock);
static u64 proc_last_ino = PROC_ROOT_INO;	/* proc_subdir_lock */

struct proc_dir_entry proc_root = {
	.name = "/proc",
	.namelen = 5,
	.mode = S_IFDIR | 0555,
	.low_ino = PROC_ROOT_INO,
	.parent = &proc_root,
};

static const struct inode_operations proc_dir_inode_operations;
static const struct file_operations proc_dir_operations;
static const struct inode_operations proc_file_inode_operations;
static const struct file_operations proc_file_operations;

/* ---------------------------------------------------------- the table */

static struct proc_dir_entry *pde_first(const struct proc_dir_entry *dir)
{
	return __atomic_load_n(&dir->subdir, __ATOMIC_ACQUIRE);
}

static struct proc_dir_entry *pde_next(const struct proc_dir_entry *de)
{
	return __atomic_load_n(&de->next, __ATOMIC_ACQUIRE);
}

/* dir's child called name (len bytes), or NULL. Lock-free. */
static struct proc_dir_entry *pde_find(const struct proc_dir_entry *dir,
				       const char *name, u32 len)
{
	struct proc_dir_entry *de;

	for (de = pde_first(dir); de; de = pde_next(de))
		if (de->namelen == len && memcmp(de->name, name, len) == 0)
			return de;
	return NULL;
}

static bool pde_name_ok(const char *name, size_t len)
{
	if (len == 0 || len > NAME_MAX || strchr(name, '/'))
		return false;
	return strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* A new, unlinked entry with its name copied after it. */
static struct proc_dir_entry *pde_alloc(const char *name, size_t len, umode_t mode)
{
	struct proc_dir_entry *de = kzalloc(sizeof(*de) + len + 1, GFP_KERNEL);
	char *copy;

	if (!de)
		return NULL;
	copy = (char *)(de + 1);
	memcpy(copy, name, len);
	de->name = copy;
	de->namelen = (u32)len;
	de->mode = mode;
	return de;
}

/*
 * Link de (filled in except low_ino and parent) as the last child of
 * parent. Takes proc_subdir_lock. -EEXIST if the name is taken (de is
 * then the caller's to free). May sleep.
 */
static int pde_link(struct proc_dir_entry *parent, struct proc_dir_entry *de)
{
	struct proc_dir_entry **link;
	int err = 0;

	mutex_lock(&proc_subdir_lock);
	for (link = &parent->subdir; *link; link = &(*link)->next) {
		if ((*link)->namelen == de->namelen &&
		    memcmp((*link)->name, de->name, de->namelen) == 0) {
			err = -EEXIST;
			goto out_unlock;
		}
	}
	de->parent = parent;
	de->low_ino = ++proc_last_ino;
	__atomic_store_n(link, de, __ATOMIC_RELEASE);	/* publishes every field */
out_unlock:
	mutex_unlock(&proc_subdir_lock);
	return err;
}

/* Check, allocate and link one entry. May sleep. */
static struct proc_dir_entry *proc_register(struct proc_dir_entry *parent, const char *name,
					    umode_t mode,
					    int (*show)(struct seq_file *m, void *v),
					    ssize_t (*write)(struct file *, const char *,
							     size_t, loff_t *),
					    void *data)
{
	size_t len = strnlen(name, NAME_MAX + 1);
	struct proc_dir_entry *de;
	int err;

	might_sleep();
	if (!parent)
		parent = &proc_root;
	if (!pde_name_ok(name, len))
		return ERR_PTR(-EINVAL);
	if (!S_ISDIR(parent->mode))
		return ERR_PTR(-ENOTDIR);
	de = pde_alloc(name, len, mode);
	if (!de)
		return ERR_PTR(-ENOMEM);
	de->show = show;
	de->write = write;
	de->data = data;
	err = pde_link(parent, de);
	if (err) {
		kfree(de);
		return ERR_PTR(err);
	}
	return de;
}

struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent)
{
	return proc_register(parent, name, S_IFDIR | 0555, NULL, NULL, NULL);
}

struct proc_dir_entry *proc_mkdir_shared(const char *name, struct proc_dir_entry *parent)
{
	struct proc_dir_entry *de = proc_mkdir(name, parent);

	if (IS_ERR(de) && PTR_ERR(de) == -EEXIST) {
		de = pde_find(parent ? parent : &proc_root, name, (u32)strlen(name));
		if (!de || !S_ISDIR(de->mode))
			return ERR_PTR(-EEXIST);
	}
	return de;
}

/* S_IFREG with the permission bits of mode, 0444 if it has none; 0 if
 * mode names another file type. */
static umode_t proc_file_mode(umode_t mode)
{
	if ((mode & S_IFMT) && !S_ISREG(mode))
		return 0;
	mode &= S_IALLUGO;
	return S_IFREG | (mode ? mode : 0444);
}

struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode,
					       struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *m, void *v),
					       void *data)
{
	mode = proc_file_mode(mode);
	if (!mode || !show)
		return ERR_PTR(-EINVAL);
	return proc_register(parent, name, mode, show, NULL, data);
}

struct proc_dir_entry *proc_create_rw(const char *name, umode_t mode,
				      struct proc_dir_entry *parent,
				      int (*show)(struct seq_file *m, void *v),
				      ssize_t (*write)(struct file *file, const char *buf,
						       size_t len, loff_t *pos))
{
	mode = proc_file_mode(mode);
	if (!mode || !show || !write)
		return ERR_PTR(-EINVAL);
	return proc_register(parent, name, mode, show, write, NULL);
}

/* ---------------------------------------------------------- inodes */

struct inode *proc_get_inode(struct super_block *sb, struct proc_dir_entry *de)
{
	struct inode *inode = iget_locked(sb, de->low_ino);

	if (!inode)
		return ERR_PTR(-ENOMEM);
	if (!(READ_ONCE(inode->i_state) & I_NEW))
		return inode;
	/* I_NEW: ours alone until unlock_new_inode(). */
	inode->i_mode = de->mode;
	inode->i_private = de;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
	if (S_ISDIR(de->mode)) {
		inode->i_op = &proc_dir_inode_operations;
		inode->i_fop = &proc_dir_operations;
		set_nlink(inode, 2);
	} else {
		inode->i_op = &proc_file_inode_operations;
		inode->i_fop = &proc_file_operations;
	}
	unlock_new_inode(inode);
	return inode;
}

/* ------------------------------------------------------- directories */

/*
 * ->lookup: dir's i_rwsem shared (VFS). A name in the table gets its
 * inode; a name not there is left negative and unhashed, so an entry
 * registered later is found next time. ERR_PTR(-ENOMEM). May sleep.
 */
static struct dentry *proc_lookup(struct inode *dir, struct dentry *dentry, unsigned flags)
{
	struct proc_dir_entry *de;
	struct inode *inode;

	lockdep_assert_held(&dir->i_rwsem);

	de = pde_find(PDE(dir), dentry->d_name.name, dentry->d_name.len);
	if (!de)
		return PDE(dir) == &proc_root ? proc_pid_lookup(dir, dentry) : NULL;
	inode = proc_get_inode(dir->i_sb, de);
	if (IS_ERR(inode))
		return ERR_CAST(inode);
	d_add(dentry, inode);
	return NULL;
}

/*
 * ->iterate_shared: dir's i_rwsem shared (VFS). Positions 0 and 1 are "."
 * and "..", position n >= 2 is the (n-2)th entry in registration order
 * (entries are only appended, so positions stay valid). The actor is
 * called with no lock of ours held.
 */
static int proc_readdir(struct file *file, struct dir_context *ctx)
{
	struct proc_dir_entry *de;
	loff_t i = 2;

	lockdep_assert_held(&file_inode(file)->i_rwsem);

	if (ctx->pos < 0)
		return -EINVAL;
	if (!dir_emit_dots(file, ctx))
		return 0;
	for (de = pde_first(PDE(file_inode(file))); de; de = pde_next(de), i++) {
		if (i < ctx->pos)
			continue;
		if (!dir_emit(ctx, de->name, (int)de->namelen, de->low_ino, dt_type(de->mode)))
			return 0;
		ctx->pos = i + 1;
	}
	if (PDE(file_inode(file)) == &proc_root)
		return proc_pid_readdir(file, ctx);	/* self and the pids (base.c) */
	return 0;
}

static const struct inode_operations proc_dir_inode_operations = {
	.lookup = proc_lookup,
	.getattr = simple_getattr,
};

static const struct file_operations proc_dir_operations = {
	.llseek = dcache_dir_lseek,
	.read = generic_read_dir,
	.iterate_shared = proc_readdir,
};

/* ------------------------------------------------------------ files */

/*
 * ->open: no lock held (VFS). Opening for reading makes the text now (the
 * entry's show() may take whatever locks it needs; we hold none). Writing
 * needs a write handler: -EACCES without one. May sleep.
 */
static int proc_reg_open(struct inode *inode, struct file *file)
{
	struct proc_dir_entry *de = PDE(inode);

	might_sleep();
	if ((file->f_mode & FMODE_WRITE) && !de->write)
		return -EACCES;
	if (!(file->f_mode & FMODE_READ))
		return 0;
	return single_open(file, de->show, de->data);
}

/* ->write: no lock held (VFS); the entry's handler does the rest. Only
 * reached on files opened for writing, which proc_reg_open() allowed. */
static ssize_t proc_reg_write(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	return PDE(file_inode(file))->write(file, buf, len, pos);
}

static const struct inode_operations proc_file_inode_operations = {
	.getattr = simple_getattr,
};

static const struct file_operations proc_file_operations = {
	.llseek = seq_lseek,
	.read = seq_read,
	.write = proc_reg_write,
	.open = proc_reg_open,
	.release = single_release,
};
