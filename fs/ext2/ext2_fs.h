/*
 * ext2 on disk: the layout mke2fs -t ext2 writes and e2fsck checks. Every
 * multi-byte field is little-endian (x86-64 is too, so the structs are read
 * as they are; le16/le32 name the on-disk width). Nothing here is trusted:
 * each field is checked before it is used (super.c at mount, the others
 * where they read it).
 *
 * A filesystem of block size B (1, 2 or 4 KiB) is cut into block groups.
 * Block 0 holds the boot sector and, at byte 1024, the superblock. Group g
 * starts at block s_first_data_block + g * s_blocks_per_group; groups 0, 1
 * and powers of 3, 5 and 7 (sparse_super) begin with a backup of the
 * superblock, the group descriptor table and the blocks reserved for its
 * growth (resize_inode). Then each group has its block bitmap, inode bitmap
 * and inode table, wherever its descriptor says.
 *
 * Layer above: the .c files of fs/ext2/. Locks: none (data only).
 */
#ifndef FS_EXT2_EXT2_FS_H
#define FS_EXT2_EXT2_FS_H

#include "kernel/types.h"

typedef u16 le16;
typedef u32 le32;

#define EXT2_SUPER_MAGIC	0xEF53
#define EXT2_SUPERBLOCK_OFFSET	1024	/* bytes from the start of the device */
#define EXT2_MIN_BLOCK_LOG_SIZE	10
#define EXT2_MAX_BLOCK_LOG_SIZE	12	/* this code: up to 4 KiB (= PAGE_SIZE) */

/* Reserved inode numbers. */
#define EXT2_BAD_INO		1
#define EXT2_ROOT_INO		2
#define EXT2_RESIZE_INO		7	/* resize_inode: the GDT growth blocks */
#define EXT2_GOOD_OLD_FIRST_INO	11
#define EXT2_GOOD_OLD_INODE_SIZE 128
#define EXT2_GOOD_OLD_REV	0
#define EXT2_DYNAMIC_REV	1

/* s_state */
#define EXT2_VALID_FS		0x0001	/* cleanly unmounted */
#define EXT2_ERROR_FS		0x0002	/* errors detected */

/* s_errors: what to do when a corruption is found (errors= mount option). */
#define EXT2_ERRORS_CONTINUE	1
#define EXT2_ERRORS_RO		2
#define EXT2_ERRORS_PANIC	3

/* Feature bits. */
#define EXT2_FEATURE_COMPAT_DIR_PREALLOC	0x0001
#define EXT2_FEATURE_COMPAT_IMAGIC_INODES	0x0002
#define EXT3_FEATURE_COMPAT_HAS_JOURNAL		0x0004
#define EXT2_FEATURE_COMPAT_EXT_ATTR		0x0008
#define EXT2_FEATURE_COMPAT_RESIZE_INODE	0x0010
#define EXT2_FEATURE_COMPAT_DIR_INDEX		0x0020

#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE	0x0002
#define EXT2_FEATURE_RO_COMPAT_BTREE_DIR	0x0004

#define EXT2_FEATURE_INCOMPAT_COMPRESSION	0x0001
#define EXT2_FEATURE_INCOMPAT_FILETYPE		0x0002
#define EXT3_FEATURE_INCOMPAT_RECOVER		0x0004	/* journal needs recovery */
#define EXT3_FEATURE_INCOMPAT_JOURNAL_DEV	0x0008
#define EXT2_FEATURE_INCOMPAT_META_BG		0x0010
#define EXT4_FEATURE_INCOMPAT_EXTENTS		0x0040
#define EXT4_FEATURE_INCOMPAT_64BIT		0x0080
#define EXT4_FEATURE_INCOMPAT_MMP		0x0100
#define EXT4_FEATURE_INCOMPAT_FLEX_BG		0x0200

/* What this code understands; anything else is refused (incompat) or
 * mounted read-only (ro_compat). */
#define EXT2_FEATURE_INCOMPAT_SUPP	EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_FEATURE_RO_COMPAT_SUPP	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
					 EXT2_FEATURE_RO_COMPAT_LARGE_FILE | \
					 EXT2_FEATURE_RO_COMPAT_BTREE_DIR)

/* The superblock: 1024 bytes at byte 1024, backups at the start of some
 * groups (then s_block_group_nr says which). */
struct ext2_super_block {
	le32 s_inodes_count;
	le32 s_blocks_count;
	le32 s_r_blocks_count;		/* reserved for root */
	le32 s_free_blocks_count;
	le32 s_free_inodes_count;
	le32 s_first_data_block;	/* 1 for 1 KiB blocks, else 0 */
	le32 s_log_block_size;		/* block size = 1024 << this */
	le32 s_log_frag_size;
	le32 s_blocks_per_group;
	le32 s_frags_per_group;
	le32 s_inodes_per_group;
	le32 s_mtime;			/* last mount */
	le32 s_wtime;			/* last write */
	le16 s_mnt_count;
	le16 s_max_mnt_count;
	le16 s_magic;
	le16 s_state;			/* EXT2_VALID_FS, EXT2_ERROR_FS */
	le16 s_errors;			/* EXT2_ERRORS_* */
	le16 s_minor_rev_level;
	le32 s_lastcheck;
	le32 s_checkinterval;
	le32 s_creator_os;
	le32 s_rev_level;
	le16 s_def_resuid;
	le16 s_def_resgid;
	/* EXT2_DYNAMIC_REV only: */
	le32 s_first_ino;		/* first non-reserved inode */
	le16 s_inode_size;
	le16 s_block_group_nr;		/* the group this copy is in */
	le32 s_feature_compat;
	le32 s_feature_incompat;
	le32 s_feature_ro_compat;
	u8 s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	le32 s_algorithm_usage_bitmap;
	u8 s_prealloc_blocks;
	u8 s_prealloc_dir_blocks;
	le16 s_reserved_gdt_blocks;	/* resize_inode: GDT growth blocks per copy */
	u8 s_journal_uuid[16];
	le32 s_journal_inum;
	le32 s_journal_dev;
	le32 s_last_orphan;		/* head of the orphan list (i_dtime links it) */
	le32 s_hash_seed[4];		/* dir_index */
	u8 s_def_hash_version;
	u8 s_jnl_backup_type;
	le16 s_desc_size;
	le32 s_default_mount_opts;
	le32 s_first_meta_bg;
	le32 s_mkfs_time;
	le32 s_rest[189];		/* later ext3/ext4 fields: kept as they are */
};

/* One block group's descriptor; a table of them follows the superblock's
 * block. */
struct ext2_group_desc {
	le32 bg_block_bitmap;
	le32 bg_inode_bitmap;
	le32 bg_inode_table;		/* first block of the group's inode table */
	le16 bg_free_blocks_count;
	le16 bg_free_inodes_count;
	le16 bg_used_dirs_count;
	le16 bg_flags;
	le32 bg_reserved[3];
};

/* Block pointers in i_block[]: 12 direct, then one single-, one double-
 * and one triple-indirect block. */
#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		EXT2_NDIR_BLOCKS
#define EXT2_DIND_BLOCK		(EXT2_IND_BLOCK + 1)
#define EXT2_TIND_BLOCK		(EXT2_DIND_BLOCK + 1)
#define EXT2_N_BLOCKS		(EXT2_TIND_BLOCK + 1)

/* i_flags */
#define EXT2_SECRM_FL		0x00000001
#define EXT2_UNRM_FL		0x00000002
#define EXT2_COMPR_FL		0x00000004
#define EXT2_SYNC_FL		0x00000008
#define EXT2_IMMUTABLE_FL	0x00000010
#define EXT2_APPEND_FL		0x00000020
#define EXT2_NODUMP_FL		0x00000040
#define EXT2_NOATIME_FL		0x00000080
#define EXT2_INDEX_FL		0x00001000	/* directory has an htree index */
#define EXT2_DIRSYNC_FL		0x00010000
#define EXT4_EXTENTS_FL		0x00080000	/* not ext2: refused */
#define EXT4_INLINE_DATA_FL	0x10000000	/* not ext2: refused */

/* The on-disk inode: the first 128 bytes are ext2's; an inode of
 * s_inode_size 256 carries ext4's extra fields after them, which this code
 * keeps as it found them (it rewrites only the first 128 bytes). */
struct ext2_inode {
	le16 i_mode;
	le16 i_uid;			/* low 16 bits */
	le32 i_size;			/* low 32 bits */
	le32 i_atime;
	le32 i_ctime;
	le32 i_mtime;
	le32 i_dtime;			/* deletion time; orphan list: next inode */
	le16 i_gid;
	le16 i_links_count;
	le32 i_blocks;			/* 512-byte sectors in use, incl. metadata */
	le32 i_flags;
	le32 i_osd1;
	le32 i_block[EXT2_N_BLOCKS];	/* block map; symlink target if fast */
	le32 i_generation;
	le32 i_file_acl;		/* xattr block */
	le32 i_size_high;		/* regular files: high 32 bits of the size */
	le32 i_faddr;
	u8 i_frag;
	u8 i_fsize;
	le16 i_pad1;
	le16 i_uid_high;
	le16 i_gid_high;
	le32 i_reserved2;
};

/* A directory entry. rec_len covers the entry and the free space after it
 * up to the next one; entries never cross a block, and the last one of a
 * block reaches its end. rec_len is a multiple of 4, at least
 * EXT2_DIR_REC_LEN(name_len). inode 0 = an unused entry. */
struct ext2_dir_entry_2 {
	le32 inode;
	le16 rec_len;
	u8 name_len;
	u8 file_type;			/* EXT2_FT_* (filetype feature) */
	char name[];			/* not NUL-terminated */
};
#define EXT2_NAME_LEN		255
#define EXT2_DIR_PAD		4
#define EXT2_DIR_REC_LEN(name_len)	(((name_len) + 8 + EXT2_DIR_PAD - 1) & ~(EXT2_DIR_PAD - 1))

enum {
	EXT2_FT_UNKNOWN,
	EXT2_FT_REG_FILE,
	EXT2_FT_DIR,
	EXT2_FT_CHRDEV,
	EXT2_FT_BLKDEV,
	EXT2_FT_FIFO,
	EXT2_FT_SOCK,
	EXT2_FT_SYMLINK,
	EXT2_FT_MAX
};

/* Extended attributes in a block of their own (i_file_acl), shared by
 * inodes with the same attributes (h_refcount). The entries follow the
 * header, sorted, ending at a zero u32; the values are packed from the end
 * of the block down. */
#define EXT2_XATTR_MAGIC	0xEA020000
struct ext2_xattr_header {
	le32 h_magic;
	le32 h_refcount;
	le32 h_blocks;			/* always 1 */
	le32 h_hash;			/* over the entries' e_hash, 0 if any is 0 */
	le32 h_checksum;		/* metadata_csum only: 0 here */
	le32 h_reserved[3];
};
struct ext2_xattr_entry {
	u8 e_name_len;
	u8 e_name_index;		/* EXT2_XATTR_INDEX_*: the name's prefix */
	le16 e_value_offs;		/* from the start of the block */
	le32 e_value_inum;		/* 0 (ea_inode is not supported) */
	le32 e_value_size;
	le32 e_hash;			/* of name and value */
	char e_name[];			/* without the prefix, not NUL-terminated */
};
#define EXT2_XATTR_PAD		4
#define EXT2_XATTR_ROUND	(EXT2_XATTR_PAD - 1)
#define EXT2_XATTR_LEN(name_len) \
	(((name_len) + EXT2_XATTR_ROUND + sizeof(struct ext2_xattr_entry)) & ~EXT2_XATTR_ROUND)
#define EXT2_XATTR_SIZE(size)	(((size) + EXT2_XATTR_ROUND) & ~EXT2_XATTR_ROUND)
#define EXT2_XATTR_INDEX_USER			1
#define EXT2_XATTR_INDEX_POSIX_ACL_ACCESS	2
#define EXT2_XATTR_INDEX_POSIX_ACL_DEFAULT	3
#define EXT2_XATTR_INDEX_TRUSTED		4
#define EXT2_XATTR_INDEX_SECURITY		6

_Static_assert(sizeof(struct ext2_super_block) == 1024, "ext2 superblock layout");
_Static_assert(__builtin_offsetof(struct ext2_super_block, s_last_orphan) == 0xE8, "s_last_orphan");
_Static_assert(sizeof(struct ext2_group_desc) == 32, "group descriptor layout");
_Static_assert(sizeof(struct ext2_inode) == 128, "inode layout");
_Static_assert(__builtin_offsetof(struct ext2_inode, i_block) == 0x28, "i_block");
_Static_assert(sizeof(struct ext2_xattr_header) == 32, "xattr header layout");
_Static_assert(sizeof(struct ext2_xattr_entry) == 16, "xattr entry layout");

#endif
