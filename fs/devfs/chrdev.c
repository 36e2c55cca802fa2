/*
 * The character-device registry and def_chr_fops, as Linux's char_dev.c:
 * a character-device inode, on whatever filesystem, starts with
 * def_chr_fops; opening it looks the driver up by MAJOR(i_rdev) and
 * replaces file->f_op with the driver's operations, so every later call on
 * the file goes straight to the driver.
 *
 * Above: the VFS (dentry_open calls ->open). Below: the drivers. Locks:
 * chrdevs_lock (spinlock) guards the table; a driver's operations are
 * static and never freed, so a file keeps using them after the lock.
 */
#include "fs/devfs/chrdev.h"
#include "fs/proc/proc_fs.h"
#include "fs/seq_file.h"
#include "fs/vfs/ops.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/sync/spinlock.h"

struct char_device {
	const char *name;
	const struct file_operations *fops;	/* NULL: free */
};

static DEFINE_SPINLOCK(chrdevs_lock);
static struct char_device chrdevs[CHRDEV_MAJOR_MAX];	/* chrdevs_lock */

/* A free dynamic major, or -EBUSY. Caller holds chrdevs_lock. */
static int find_dynamic_major(void)
{
	lockdep_assert_held(&chrdevs_lock);
	for (int major = CHRDEV_MAJOR_DYN_HI; major >= CHRDEV_MAJOR_DYN_LO; major--)
		if (!chrdevs[major].fops)
			return major;
	return -EBUSY;
}

/* Takes chrdevs_lock; does not sleep. */
int register_chrdev(unsigned major, const char *name, const struct file_operations *fops)
{
	int ret;

	if (major >= CHRDEV_MAJOR_MAX || !name || !fops)
		return -EINVAL;
	spin_lock(&chrdevs_lock);
	if (major == 0)
		ret = find_dynamic_major();
	else
		ret = chrdevs[major].fops ? -EBUSY : (int)major;
	if (ret > 0) {
		chrdevs[ret].name = name;
		chrdevs[ret].fops = fops;
	}
	spin_unlock(&chrdevs_lock);
	return ret;
}

/* Takes chrdevs_lock; does not sleep. */
void unregister_chrdev(unsigned major, const char *name)
{
	if (major == 0 || major >= CHRDEV_MAJOR_MAX)
		return;
	spin_lock(&chrdevs_lock);
	if (chrdevs[major].fops && chrdevs[major].name == name)
		chrdevs[major].fops = NULL;
	spin_unlock(&chrdevs_lock);
}

/* The driver of major, or NULL. Takes chrdevs_lock. */
static const struct file_operations *chrdev_get(unsigned major)
{
	const struct file_operations *fops = NULL;

	if (major >= CHRDEV_MAJOR_MAX)
		return NULL;
	spin_lock(&chrdevs_lock);
	fops = chrdevs[major].fops;
	spin_unlock(&chrdevs_lock);
	return fops;
}

/*
 * ->open of every character-device inode: no lock held (VFS). Switch the
 * file to its driver and let the driver's ->open (through the checked
 * wrapper, like any open) pick a minor. -ENXIO without a driver; else
 * what the driver's open returns. May sleep if the driver's open does.
 */
static int chrdev_open(struct inode *inode, struct file *file)
{
	const struct file_operations *fops = chrdev_get(MAJOR(inode->i_rdev));

	if (!fops)
		return -ENXIO;
	file->f_op = fops;
	if (!fops->open)
		return 0;
	return call_open(inode, file);
}

const struct file_operations def_chr_fops = {
	.open = chrdev_open,
};

/* /proc/devices: Linux's "Character devices:" section. */
static int devices_show(struct seq_file *m, void *v)
{
	seq_puts(m, "Character devices:\n");
	spin_lock(&chrdevs_lock);
	for (unsigned major = 1; major < CHRDEV_MAJOR_MAX; major++)
		if (chrdevs[major].fops)
			seq_printf(m, "%3u %s\n", major, chrdevs[major].name);
	spin_unlock(&chrdevs_lock);
	return 0;
}

void chrdev_init(void)
{
	struct proc_dir_entry *de = proc_create_single("devices", devices_show);

	if (IS_ERR(de))
		panic("chrdev: cannot register /proc/devices (%ld)", PTR_ERR(de));
}
