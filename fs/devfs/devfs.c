/*
 * devfs: /dev. Like Linux's devtmpfs, it is tmpfs under another name: the
 * "devfs" type borrows tmpfs's ->mount and ->kill_sb, so its superblocks
 * are tmpfs superblocks of their own type (their own lockdep classes, and
 * "devfs" in /proc/mounts). At boot the drivers register, devfs is mounted
 * at /dev and the nodes are made with do_mknodat(); tmpfs's mknod calls
 * init_special_inode(), which gives a character node def_chr_fops, so the
 * nodes here are no different from ones made by mknod anywhere else. A
 * later driver (the block layer) adds its nodes with devfs_mknod().
 *
 * Locks of its own: none (tmpfs's and the VFS's).
 */
#include "fs/devfs/devfs.h"
#include "fs/devfs/chrdev.h"
#include "fs/devfs/internal.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/panic.h"
#include "kernel/printk.h"

/* mount and kill_sb are tmpfs's, set by devfs_register() before the type
 * is registered; const after. */
static struct file_system_type devfs_fs_type = {
	.name = "devfs",
};

struct devfs_node {
	const char *name;
	umode_t mode;
	unsigned major, minor;
};

static const struct devfs_node devfs_boot_nodes[] = {
	{ "null",	S_IFCHR | 0666, MEM_MAJOR, 3 },
	{ "zero",	S_IFCHR | 0666, MEM_MAJOR, 5 },
	{ "tty",	S_IFCHR | 0666, TTYAUX_MAJOR, 0 },
	{ "console",	S_IFCHR | 0600, TTYAUX_MAJOR, 1 },
	{ "ttyS0",	S_IFCHR | 0660, TTY_MAJOR, 64 },
};

int devfs_mknod(const char *name, umode_t mode, dev_t dev)
{
	char path[NAME_MAX + sizeof("/dev/")];

	if (!*name || strchr(name, '/'))
		return -EINVAL;
	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	snprintf(path, sizeof(path), "/dev/%s", name);
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

int devfs_unlink(const char *name)
{
	char path[NAME_MAX + sizeof("/dev/")];

	if (!*name || strchr(name, '/') || strlen(name) > NAME_MAX)
		return -EINVAL;
	snprintf(path, sizeof(path), "/dev/%s", name);
	return do_unlinkat(AT_FDCWD, path);
}

/* Give devfs tmpfs's mount and kill_sb, then register it. -ENODEV
 * without tmpfs. */
static int devfs_register(void)
{
	struct file_system_type *tmpfs = get_fs_type("tmpfs");

	if (!tmpfs)
		return -ENODEV;
	devfs_fs_type.mount = tmpfs->mount;
	devfs_fs_type.kill_sb = tmpfs->kill_sb;
	return register_filesystem(&devfs_fs_type);
}

void devfs_init(void)
{
	char options[] = "mode=0755";		/* of the root directory */
	int err;

	chrdev_init();
	mem_chrdev_init();
	tty_chrdev_init();
	if (devfs_register())
		panic("devfs: cannot register the filesystem type");
	err = do_mkdirat(AT_FDCWD, "/dev", 0755);
	if (!err || err == -EEXIST)
		err = do_mount("devfs", "/dev", "devfs", 0, options);
	if (err) {
		pr_err("devfs: cannot mount at /dev (%d)\n", err);
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(devfs_boot_nodes); i++) {
		const struct devfs_node *n = &devfs_boot_nodes[i];

		err = devfs_mknod(n->name, n->mode, MKDEV(n->major, n->minor));
		if (err)
			pr_err("devfs: cannot make /dev/%s (%d)\n", n->name, err);
	}
}
