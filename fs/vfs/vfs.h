/* The VFS's entry point at boot. */
#ifndef FS_VFS_VFS_H
#define FS_VFS_VFS_H

/* Caches, filesystem types and the root tmpfs; after the scheduler and
 * RCU are running (it sleeps and frees through call_rcu). */
void vfs_init(void);
/* Mount root= (fs/vfs/do_mounts.c) as / before init starts; the
 * initramfs stays the root without it or if it fails. May sleep. */
void prepare_namespace(void);

#endif
