/*
 * devfs: the filesystem at /dev, and the character drivers it starts with
 * (/dev/null, /dev/zero, /dev/console, /dev/tty, /dev/ttyS0). See fs/devfs/README.md.
 */
#ifndef FS_DEVFS_DEVFS_H
#define FS_DEVFS_DEVFS_H

#include "fs/vfs/types.h"

/* Majors of the built-in drivers (Linux's numbers). */
#define MEM_MAJOR	1		/* 3: null, 5: zero */
#define TTY_MAJOR	4		/* 64: ttyS0 */
#define TTYAUX_MAJOR	5		/* 0: tty, 1: console */

/*
 * At boot, after tmpfs is registered, the root is mounted and /proc is
 * set up: register the drivers and the "devfs" type, mount it at /dev and
 * make the nodes. May sleep.
 */
void devfs_init(void);

/* Make /dev/<name> (a character or block node: S_IFCHR or S_IFBLK in
 * mode; name may not contain '/'). 0 or what do_mknodat() returns. May
 * sleep. */
int devfs_mknod(const char *name, umode_t mode, dev_t dev);
/* Remove /dev/<name> (a disk's partition that went away). 0 or what
 * do_unlinkat() returns. May sleep. */
int devfs_unlink(const char *name);

#endif
