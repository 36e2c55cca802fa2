/*
 * ext2's block map, private to inode.c, blockmap.c and file.c: what the
 * truncation, hole-punching and fallocate code share beyond ext2.h.
 *
 * Locks: the block map (ei->i_data and the indirect blocks) changes only
 * under ei->truncate_mutex, as ext2.h says.
 */
#ifndef FS_EXT2_BLOCKMAP_H
#define FS_EXT2_BLOCKMAP_H

#include "fs/ext2/ext2.h"

/* A symlink whose target lives in i_data (no data block; an xattr block
 * does not count). */
bool ext2_inode_is_fast_symlink(struct inode *inode);
/* Whether the inode's i_data is a block map (regular files, directories,
 * slow symlinks), not a device number or a link target. */
bool ext2_inode_has_block_map(struct inode *inode);

/* One past the last file block the map can address. */
u64 ext2_map_limit(struct super_block *sb);

/*
 * Free the blocks of file blocks [start, end) and zero their map
 * entries, with the indirect blocks left empty. Blocks that cannot be
 * read or are corrupt are reported and skipped. Caller holds
 * truncate_mutex; the caller dirties the inode.
 */
void ext2_free_range(struct inode *inode, u64 start, u64 end);

/*
 * Write zeros to device blocks [first, first + count) and wait (fallocate
 * of blocks that ext2 cannot mark unwritten). 0 or -EIO/-ENOMEM.
 */
int ext2_zero_blocks(struct super_block *sb, u32 first, unsigned count);

/* A write or fallocate that failed past the end: drop what it cached
 * and allocated beyond i_size. i_rwsem held. */
void ext2_write_failed(struct inode *inode);

#endif
