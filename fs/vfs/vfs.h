/* The VFS's entry point at boot. */
#ifndef FS_VFS_VFS_H
#define FS_VFS_VFS_H

/* Caches, filesystem types and the root tmpfs; after the scheduler and
 * RCU are running (it sleeps and frees through call_rcu). */
void vfs_init(void);

#endif
