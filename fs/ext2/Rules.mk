# ext2 (fs/ext2/): each file's job is in ext2.h.
kernel-y += fs/ext2/super.c
kernel-y += fs/ext2/balloc.c
kernel-y += fs/ext2/ialloc.c
kernel-y += fs/ext2/orphan.c
kernel-y += fs/ext2/inode.c
kernel-y += fs/ext2/blockmap.c
kernel-y += fs/ext2/file.c
kernel-y += fs/ext2/dir.c
kernel-y += fs/ext2/namei.c
kernel-y += fs/ext2/symlink.c
kernel-y += fs/ext2/xattr.c
kernel-y += fs/ext2/test_dir.c
kernel-y += fs/ext2/test_xattr.c
kernel-y += fs/ext2/test_super.c
kernel-y += fs/ext2/test_alloc.c
kernel-y += fs/ext2/test_inode.c
kernel-y += fs/ext2/test_file.c
