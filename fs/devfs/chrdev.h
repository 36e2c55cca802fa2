/*
 * Character devices: a registry of drivers by major number, and the file
 * operations every character-device inode starts with (def_chr_fops),
 * whose ->open finds the driver of the inode's major and hands the file
 * over to it. So a node made by mknod on any filesystem reaches its driver.
 */
#ifndef FS_DEVFS_CHRDEV_H
#define FS_DEVFS_CHRDEV_H

#include "fs/vfs/fs.h"

#define CHRDEV_MAJOR_MAX	256		/* majors 0..255; 0 asks for a free one */
#define CHRDEV_MAJOR_DYN_HI	254		/* dynamic majors, searched downwards */
#define CHRDEV_MAJOR_DYN_LO	234

/*
 * Make fops the driver of every minor of major, under name (shown in
 * /proc/devices). major 0: pick a free dynamic one. Returns the major, or
 * -EBUSY if it is taken (or no dynamic one is left), -EINVAL for a bad
 * major or missing name/fops. fops and name must outlive the registration.
 */
int register_chrdev(unsigned major, const char *name, const struct file_operations *fops);
/* Forget the driver of major if it is registered under name. Files open
 * on it keep their operations (drivers are never unloaded). */
void unregister_chrdev(unsigned major, const char *name);

/* i_fop of character-device inodes (init_special_inode sets it). */
extern const struct file_operations def_chr_fops;

/* At boot: register /proc/devices. */
void chrdev_init(void);

#endif
