# ext2 (fs/ext2/): each file's job is in ext2.h.
