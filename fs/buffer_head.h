/*
 * Buffer heads: a block of a block device, held in a folio of a page cache
 * (the block device's own, for the buffer cache that filesystems read
 * their metadata through; a file's, for filesystems that map file blocks
 * with a get_block function). A folio's buffers hang off folio->private,
 * linked in a ring by b_this_page, all of one size; the folio holds a
 * reference for them.
 *
 * State bits (b_state, atomic):
 *   BH_Uptodate  b_data holds the block's contents;
 *   BH_Dirty     b_data is newer than the disk;
 *   BH_Lock      I/O in progress, or someone is about to start it (a
 *                sleeping bit lock: lock_buffer/unlock_buffer);
 *   BH_Req       a write was submitted at least once;
 *   BH_Mapped    b_bdev and b_blocknr say where the block is;
 *   BH_New       get_block just allocated it (its disk contents are junk);
 *   BH_Async_Read/BH_Async_Write  part of a folio's read or writeback;
 *   BH_Write_EIO the last write failed.
 *
 * I/O: submit_bh() sends one bio for the buffer; its completion calls
 * b_end_io from the device's completion context, through a checked call
 * (the seed's buffer_head.b_end_io row): always atomic, IRQs off even when
 * a driver completes in process context. The buffer is locked for the
 * I/O; b_end_io unlocks it. Nothing else is promised there: b_end_io must
 * not sleep.
 *
 * References: b_count (atomic); a buffer with b_count > 0, dirty or locked
 * is not freed (try_to_free_buffers). __getblk/__bread return a counted
 * buffer; brelse() drops it.
 *
 * Locks: the folio lock guards attaching and detaching a folio's buffers;
 * BH_Lock serialises I/O on one buffer. Order: folio lock -> BH_Lock.
 */
#ifndef FS_BUFFER_HEAD_H
#define FS_BUFFER_HEAD_H

#include "fs/vfs/fs.h"
#include "mm/folio.h"
#include "drivers/block/bio.h"

enum bh_state_bits {
	BH_Uptodate,
	BH_Dirty,
	BH_Lock,
	BH_Req,
	BH_Mapped,
	BH_New,
	BH_Async_Read,
	BH_Async_Write,
	BH_Write_EIO,
};

struct buffer_head;
typedef void (bh_end_io_t)(struct buffer_head *bh, int uptodate);

struct buffer_head {
	unsigned long b_state;			/* BH_* bits, atomic */
	struct buffer_head *b_this_page;	/* ring of the folio's buffers (folio lock) */
	union {
		struct page *b_page;		/* the folio holding b_data (const) */
		struct folio *b_folio;
	};
	sector_t b_blocknr;			/* block number, in b_size units (BH_Lock or folio lock) */
	size_t b_size;				/* const: bytes */
	char *b_data;				/* const: the bytes in b_folio */
	struct block_device *b_bdev;		/* with b_blocknr */
	bh_end_io_t *b_end_io;			/* set by whoever locked it for I/O */
	void *b_private;			/* the b_end_io's */
	int b_count;				/* atomic: users */
	int b_io_pending;			/* atomic; first buffer only: the folio's async I/Os + 1 while submitting */
};

#define BUFFER_FNS(bit, name)							\
static inline bool buffer_##name(const struct buffer_head *bh)			\
{ return __atomic_load_n(&bh->b_state, __ATOMIC_ACQUIRE) & (1UL << BH_##bit); }	\
static inline void set_buffer_##name(struct buffer_head *bh)			\
{ __atomic_fetch_or(&bh->b_state, 1UL << BH_##bit, __ATOMIC_SEQ_CST); }	\
static inline void clear_buffer_##name(struct buffer_head *bh)			\
{ __atomic_fetch_and(&bh->b_state, ~(1UL << BH_##bit), __ATOMIC_SEQ_CST); }	\
static inline bool test_set_buffer_##name(struct buffer_head *bh)		\
{ return __atomic_fetch_or(&bh->b_state, 1UL << BH_##bit, __ATOMIC_SEQ_CST) & (1UL << BH_##bit); } \
static inline bool test_clear_buffer_##name(struct buffer_head *bh)		\
{ return __atomic_fetch_and(&bh->b_state, ~(1UL << BH_##bit), __ATOMIC_SEQ_CST) & (1UL << BH_##bit); }

BUFFER_FNS(Uptodate, uptodate)
BUFFER_FNS(Dirty, dirty)
BUFFER_FNS(Lock, locked)
BUFFER_FNS(Req, req)
BUFFER_FNS(Mapped, mapped)
BUFFER_FNS(New, new)
BUFFER_FNS(Async_Read, async_read)
BUFFER_FNS(Async_Write, async_write)
BUFFER_FNS(Write_EIO, write_io_error)
#undef BUFFER_FNS

static inline struct buffer_head *folio_buffers(const struct folio *folio)
{
	return folio_get_private(folio);
}
static inline size_t bh_offset(const struct buffer_head *bh)
{
	return (size_t)(bh->b_data - (char *)folio_address(bh->b_folio));
}

static inline void get_bh(struct buffer_head *bh) { __atomic_fetch_add(&bh->b_count, 1, __ATOMIC_RELAXED); }
static inline void put_bh(struct buffer_head *bh) { __atomic_fetch_sub(&bh->b_count, 1, __ATOMIC_RELEASE); }
/* Drop a reference from __getblk/__bread (NULL is fine). */
void brelse(struct buffer_head *bh);
static inline void __brelse(struct buffer_head *bh) { brelse(bh); }

/* The buffer lock: sleeps while another holds it (process context). */
void lock_buffer(struct buffer_head *bh);
bool trylock_buffer(struct buffer_head *bh);
/* Any context (b_end_io unlocks from interrupts). */
void unlock_buffer(struct buffer_head *bh);
void wait_on_buffer(struct buffer_head *bh);

/*
 * The buffer of block (in size units) of bdev, from bdev's page cache:
 * made (not read) if missing. Counted; NULL if out of memory or if the
 * folio is in use with buffers of another size. May sleep.
 */
struct buffer_head *__getblk(struct block_device *bdev, sector_t block, unsigned size);
/* The same, read from the disk if not uptodate; NULL on an I/O error. */
struct buffer_head *__bread(struct block_device *bdev, sector_t block, unsigned size);
static inline struct buffer_head *sb_getblk(struct super_block *sb, sector_t block)
{
	return __getblk(sb->s_bdev, block, (unsigned)sb->s_blocksize);
}
static inline struct buffer_head *sb_bread(struct super_block *sb, sector_t block)
{
	return __bread(sb->s_bdev, block, (unsigned)sb->s_blocksize);
}

/* The data changed: dirty the buffer and its folio. Any context but an
 * interrupt; does not sleep. */
void mark_buffer_dirty(struct buffer_head *bh);
/* Write it now if dirty and wait: 0 or -EIO. May sleep. */
int sync_dirty_buffer(struct buffer_head *bh);

/*
 * Start I/O on the locked, mapped buffer: one bio of opf (REQ_OP_READ or
 * REQ_OP_WRITE, with REQ_* flags). b_end_io must be set; it runs at
 * completion (atomic context) and must unlock the buffer.
 */
void submit_bh(unsigned opf, struct buffer_head *bh);
/* b_end_io of synchronous reads and writes: record the result, unlock,
 * drop the reference taken for the I/O. */
void end_buffer_read_sync(struct buffer_head *bh, int uptodate);
void end_buffer_write_sync(struct buffer_head *bh, int uptodate);

/* Where a file's block iblock lies: fill bh's b_bdev/b_blocknr and set it
 * mapped (and new if create made it); leave it unmapped for a hole.
 * 0 or -errno. */
typedef int (get_block_t)(struct inode *inode, sector_t iblock, struct buffer_head *bh,
			  int create);

/* For get_block: bh is block `block` of sb's device. */
static inline void map_bh(struct buffer_head *bh, struct super_block *sb, sector_t block)
{
	bh->b_bdev = sb->s_bdev;
	bh->b_blocknr = block;
	set_buffer_mapped(bh);
}

/* Buffers of blocksize for the locked folio, unless it has some already;
 * b_state for each new one. Returns the first. */
struct buffer_head *folio_create_empty_buffers(struct folio *folio, unsigned long blocksize,
					       unsigned long b_state);
/* Free the locked folio's buffers if none is in use, dirty or locked. */
bool try_to_free_buffers(struct folio *folio);

/* ->read_folio for get_block filesystems: reads the blocks that are not
 * uptodate, asynchronously; the last completion marks the folio uptodate
 * and unlocks it. */
int block_read_full_folio(struct folio *folio, get_block_t *get_block);
/* ->writepage: writes the dirty buffers of the locked folio (clean for
 * io), under writeback, and unlocks it. */
int block_write_full_folio(struct folio *folio, get_block_t *get_block,
			   struct writeback_control *wbc);
/* ->write_begin: the locked folio for [pos, pos + len), with its blocks
 * mapped (allocated) and the parts outside the range read in. */
int block_write_begin(struct address_space *mapping, loff_t pos, unsigned len,
		      struct page **pagep, get_block_t *get_block);
/* ->write_end: mark the copied range uptodate and dirty, grow i_size,
 * unlock and release the folio. Returns the bytes committed. */
int generic_write_end(struct file *file, struct address_space *mapping, loff_t pos,
		      unsigned len, unsigned copied, struct page *page, void *fsdata);
/* ->invalidate_folio: forget the buffers in [offset, offset + length)
 * (truncate); the whole folio: free them if possible. */
void block_invalidate_folio(struct folio *folio, size_t offset, size_t length);
/* ->dirty_folio: dirty every buffer and the folio. */
bool block_dirty_folio(struct address_space *mapping, struct folio *folio);

/* ---- more helpers for get_block filesystems (ext2) */
struct readahead_control;
struct vm_fault;
/* ->readahead: map the window's blocks with get_block and read each
 * contiguous run with as few bios as possible (fs/mpage.c). */
void mpage_readahead(struct readahead_control *rac, get_block_t *get_block);
/*
 * get_block just allocated device blocks [block, block + len) (of size
 * bytes) to a file: any buffer of the block device's cache still holding
 * one of them (metadata of its previous owner) must not be written back
 * over the file's data: its dirty state goes, as in Linux. May sleep; the
 * caller may hold a folio lock of the file.
 */
void clean_bdev_aliases(struct block_device *bdev, sector_t block, sector_t len, size_t size);
/* ->bmap: the device block of file block `block`, 0 for a hole. */
sector_t generic_block_bmap(struct address_space *mapping, sector_t block,
			    get_block_t *get_block);
/* ->is_partially_uptodate: the buffers covering [from, from + count) are
 * uptodate though the folio is not. Folio locked. */
bool block_is_partially_uptodate(struct folio *folio, size_t from, size_t count);
/* ->migrate_folio of folios with buffers: move the data and the buffers. */
int buffer_migrate_folio(struct address_space *mapping, struct folio *dst,
			 struct folio *src, enum migrate_mode mode);
/* Zero the part of the block containing `from` that lies past it (the new
 * end of file on a truncate), reading the block first if needed. i_rwsem
 * held. 0 or -errno. */
int block_truncate_page(struct address_space *mapping, loff_t from, get_block_t *get_block);
/* Zero bytes [from, to) of the file, which lie inside one block, through
 * the page cache (the block's buffer dirtied; read first if the rest of it
 * is not cached), so that the cache and, once written back, the disk
 * agree; a hole is left alone. The folio is locked around get_block
 * (create 0). i_rwsem held. 0 or -errno (-EINVAL if [from, to) crosses a
 * block boundary). block_truncate_page is the range from `from` to the end
 * of its block; a punched hole needs both ends. */
int block_zero_range(struct address_space *mapping, loff_t from, loff_t to,
		     get_block_t *get_block);
/*
 * O_DIRECT for get_block filesystems (fs/direct-io.c): maps iter's range
 * with get_block (creating blocks for writes inside i_size only; beyond,
 * returns what it did so the caller falls back to the page cache), and
 * reads or writes the user pages straight to the device. Holes read as
 * zeros. Position, length and buffer address must be multiples of 512
 * (-EINVAL). Returns bytes done (iter and iocb->ki_pos advanced by them,
 * as def_blk_aops' ->direct_IO does), 0 when nothing could be done
 * directly (a write at or past i_size), or -errno. A read stops at i_size.
 * Caller holds i_rwsem as the ->direct_IO row of the rule table says.
 */
ssize_t blockdev_direct_IO(struct kiocb *iocb, struct inode *inode, struct iov_iter *iter,
			   get_block_t *get_block);

#endif
