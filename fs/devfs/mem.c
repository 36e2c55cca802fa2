/*
 * The memory devices of major 1: /dev/null (minor 3) and /dev/zero
 * (minor 5). Opening either goes through the major's memory_open(), which
 * switches the file to the operations of its minor, as Linux's mem.c does.
 * No state, no locks.
 */
#include "fs/devfs/internal.h"
#include "fs/devfs/chrdev.h"
#include "fs/devfs/devfs.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"

#define NULL_MINOR	3
#define ZERO_MINOR	5

/* /dev/null reads as empty... */
static ssize_t read_null(struct file *file, char *buf, size_t len, loff_t *pos)
{
	return 0;
}

/* ...and takes everything written to it (as does /dev/zero). */
static ssize_t write_null(struct file *file, const char *buf, size_t len, loff_t *pos)
{
	return (ssize_t)len;
}

/* /dev/zero reads as an endless run of zero bytes. */
static ssize_t read_zero(struct file *file, char *buf, size_t len, loff_t *pos)
{
	memset(buf, 0, len);
	return (ssize_t)len;
}

/* Seeking either always lands at 0. f_pos_lock held (vfs_llseek). */
static loff_t null_lseek(struct file *file, loff_t offset, int whence)
{
	file->f_pos = 0;
	return 0;
}

static const struct file_operations null_fops = {
	.llseek = null_lseek,
	.read = read_null,
	.write = write_null,
};

static const struct file_operations zero_fops = {
	.llseek = null_lseek,
	.read = read_zero,
	.write = write_null,
};

/* ->open of major 1: no lock held. -ENXIO for a minor we do not have. */
static int memory_open(struct inode *inode, struct file *file)
{
	switch (MINOR(inode->i_rdev)) {
	case NULL_MINOR:
		file->f_op = &null_fops;
		return 0;
	case ZERO_MINOR:
		file->f_op = &zero_fops;
		return 0;
	default:
		return -ENXIO;
	}
}

static const struct file_operations memory_fops = {
	.open = memory_open,
};

void mem_chrdev_init(void)
{
	if (register_chrdev(MEM_MAJOR, "mem", &memory_fops) != MEM_MAJOR)
		panic("devfs: cannot register the memory devices (major %d)", MEM_MAJOR);
}
