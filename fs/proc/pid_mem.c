/*
 * /proc/<pid>/mem: another process's memory as a file whose offsets are
 * its addresses. Reading and writing go through access_remote_vm (mm/mm.h):
 * pages are faulted in as the process's own access would be, writes are
 * forced through read-only private mappings by copy-on-write (as ptrace
 * does), VM_IO/VM_PFNMAP areas are reached through their vm ->access. An
 * address with nothing mapped gives -EIO.
 *
 * Who may open it: root (euid 0), or a caller whose fsuid and fsgid are the
 * process's real, effective and saved ids (Linux's ptrace access check,
 * without capabilities or dumpability); -EACCES otherwise. The address
 * space is taken at open (a reference on the mm, dropped at the last
 * close), so an exec in the process does not switch the file to the new
 * program; after the process exited it still reads its old memory.
 *
 * Locks: none of procfs's; access_remote_vm takes the mm's mmap_lock
 * (read) and copies only between the page and the VFS's kernel buffer.
 */
#include "fs/proc/internal.h"
#include "fs/vfs/file.h"
#include "kernel/errno.h"
#include "kernel/sched/sched.h"
#include "kernel/user/cred.h"
#include "mm/mm.h"

/* May the current task read and write t's memory? */
static bool may_access_mm(struct task_struct *t)
{
	const struct cred *me = current_cred();
	struct cred c = t->cred;	/* owner writes; a torn read only refuses */

	if (capable_root())
		return true;
	return me->fsuid == c.uid && me->fsuid == c.euid && me->fsuid == c.suid &&
	       me->fsgid == c.gid && me->fsgid == c.egid && me->fsgid == c.sgid;
}

/* ->open: no lock held. The file keeps the process's mm (NULL for a
 * kernel thread or a zombie: reads and writes then do nothing). */
static int proc_mem_open(struct inode *inode, struct file *file)
{
	struct task_struct *t = proc_inode_task(inode);
	int err = 0;

	might_sleep();
	if (!t)
		return -ESRCH;
	if (may_access_mm(t))
		file->private_data = get_task_mm(t);
	else
		err = -EACCES;
	put_task_struct(t);
	return err;
}

/* ->read/->write: buf is the VFS's kernel buffer, *pos the address. */
static ssize_t proc_mem_rw(struct file *file, char *buf, size_t len, loff_t *pos, bool write)
{
	struct mm_struct *mm = file->private_data;
	int done;

	might_sleep();
	if (!mm || !len)
		return 0;
	if (*pos < 0 || (u64)*pos >= USER_TOP)
		return -EIO;
	done = access_remote_vm(mm, (unsigned long)*pos, buf, (int)MIN(len, (size_t)0x7ffff000),
				write);
	if (!done)
		return -EIO;
	*pos += done;
	return done;
}

static ssize_t proc_mem_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	return proc_mem_rw(file, buf, len, pos, false);
}

static ssize_t proc_mem_write(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	return proc_mem_rw(file, (char *)buf, len, pos, true);
}

/* ->llseek: any address (f_pos_lock held by the VFS). */
static loff_t proc_mem_lseek(struct file *file, loff_t offset, int whence)
{
	if (whence == SEEK_CUR)
		offset += file->f_pos;
	else if (whence != SEEK_SET)
		return -EINVAL;
	if (offset < 0)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

/* ->release: the last reference to the open file; the mm goes. */
static int proc_mem_release(struct inode *inode, struct file *file)
{
	if (file->private_data)
		mmput(file->private_data);
	return 0;
}

const struct file_operations proc_pid_mem_operations = {
	.llseek = proc_mem_lseek,
	.read = proc_mem_read,
	.write = proc_mem_write,
	.open = proc_mem_open,
	.release = proc_mem_release,
};
