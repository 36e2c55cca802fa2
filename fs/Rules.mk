# Filesystems: the VFS, its lock rules, and the filesystems themselves.
kernel-y += fs/lockrules/lockrules.c
kernel-y += fs/lockrules/test_lockrules.c
kernel-y += fs/vfs/vfs.c
kernel-y += fs/vfs/dcache.c
kernel-y += fs/vfs/inode.c
kernel-y += fs/vfs/super.c
kernel-y += fs/vfs/namespace.c
kernel-y += fs/vfs/namei.c
kernel-y += fs/vfs/file.c
kernel-y += fs/vfs/test_vfs.c
kernel-y += fs/vfs/test_dentry_ops.c
kernel-y += fs/libfs.c
kernel-y += fs/vfs/xattr.c
kernel-y += fs/ramfs/tmpfs.c
kernel-y += fs/ramfs/test_tmpfs.c
kernel-y += fs/vfs/locks.c
kernel-y += fs/vfs/test_locks.c
