/*
 * The name of a path as a process sees it: from its root directory down,
 * across mount points (getcwd, /proc/PID/cwd).
 */
#ifndef FS_VFS_D_PATH_H
#define FS_VFS_D_PATH_H

#include "fs/vfs/fs.h"

/*
 * Write the name of path, seen from root, at the end of buf (buflen
 * bytes, NUL-terminated) and return where it starts, or
 * ERR_PTR(-ENAMETOOLONG). A path outside root (a cwd left behind by
 * chroot) is named from the namespace root behind "(unreachable)", as
 * Linux's getcwd does. Takes no lock (RCU, rename_lock and mount_lock
 * read sides, retried); does not sleep.
 */
char *d_path_from(const struct path *path, const struct path *root, char *buf, int buflen);

/* The path was removed (unlinked or rmdir'ed) from its directory. */
bool d_unlinked(const struct dentry *dentry);

#endif
