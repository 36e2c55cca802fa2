/*
 * procfs: the "proc" filesystem, mounted at /proc. Its files are reports
 * made by the kernel when they are opened; the tree of names is a static
 * table of entries that code registers at boot. See fs/proc/README.md.
 */
#ifndef FS_PROC_PROC_FS_H
#define FS_PROC_PROC_FS_H

#include "fs/vfs/fs.h"

#define PROC_SUPER_MAGIC	0x9fa0		/* statfs f_type, as Linux's */

struct seq_file;
struct proc_dir_entry;

/*
 * Register an entry under parent (NULL: the /proc root). Entries are
 * never removed. The returned pointer names the entry as a parent for
 * later ones. ERR_PTR(-EINVAL) for a bad name or mode, -EEXIST if parent
 * has that name already, -ENOTDIR if parent is not a directory, -ENOMEM.
 * May sleep.
 */
struct proc_dir_entry *proc_mkdir(const char *name, struct proc_dir_entry *parent);
/* The same, or the directory of that name parent has already (several
 * subsystems share /proc/sys/vm). */
struct proc_dir_entry *proc_mkdir_shared(const char *name, struct proc_dir_entry *parent);

/* A read-only file (mode 0444 unless given) whose text show(m, data)
 * writes at each open, through the seq_file helpers. */
struct proc_dir_entry *proc_create_single_data(const char *name, umode_t mode,
					       struct proc_dir_entry *parent,
					       int (*show)(struct seq_file *m, void *v),
					       void *data);

/* The same, also writable: write(file, buf, len, pos) gets what is
 * written (a command, as "0" to /proc/lockstat). Without a write
 * handler, opening for writing fails with -EACCES. */
struct proc_dir_entry *proc_create_rw(const char *name, umode_t mode,
				      struct proc_dir_entry *parent,
				      int (*show)(struct seq_file *m, void *v),
				      ssize_t (*write)(struct file *file, const char *buf,
						       size_t len, loff_t *pos));

static inline struct proc_dir_entry *proc_create_single(const char *name,
							int (*show)(struct seq_file *m, void *v))
{
	return proc_create_single_data(name, 0444, NULL, show, NULL);
}

/* At boot, after the root is mounted: register the "proc" type and the
 * kernel's entries, create /proc and mount procfs there. May sleep. */
void proc_init(void);

#endif
