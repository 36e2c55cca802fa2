/*
 * tmpfs: a filesystem in memory, registered as "tmpfs" and as "ramfs".
 * See fs/ramfs/README.md.
 */
#ifndef FS_RAMFS_TMPFS_H
#define FS_RAMFS_TMPFS_H

#include "fs/vfs/fs.h"

#define TMPFS_MAGIC		0x01021994	/* statfs f_type, as Linux's */

/* tmpfs's fallocate implements mode 0, FALLOC_FL_KEEP_SIZE and
 * FALLOC_FL_PUNCH_HOLE (fs/vfs/file.h) only together with KEEP_SIZE (as
 * Linux requires). */

/* Create the inode cache and register the filesystem types. Once, at boot,
 * before the root is mounted. May sleep. */
void tmpfs_init(void);

/* Pages of data held by tmpfs files, all mounts together (/proc/meminfo's
 * Shmem). Any context. */
long tmpfs_total_pages(void);

#endif
