/*
 * O_DIRECT for get_block filesystems: blockdev_direct_IO (fs/buffer_head.h);
 * and the half block device files share (fs/direct-io.h): building a
 * chunk's bios from pinned pages, counting them in flight, waiting.
 *
 * The request is cut into chunks of at most DIO_CHUNK_PAGES pages of the
 * caller's buffer. For each chunk the buffer's pages are pinned (a user
 * buffer through mm/gup.c, as fs/block_dev.c does), each file block of
 * the range is mapped with get_block, and the runs that are contiguous on
 * the device go as one bio each, under a plug; the chunk waits for its
 * bios and unpins. A hole reads as zeros (written into the pinned pages
 * through the direct map). A write maps with create only a block it
 * covers whole and that lies inside i_size; a hole it covers only in part,
 * or anything at or past i_size, stops the request there: the bytes done
 * so far are returned and the caller writes the rest through the page
 * cache (which zeroes the rest of a new block).
 *
 * Coherence with the page cache: the range's dirty folios are written
 * back (and waited for) before the I/O; after a write, the range's folios
 * are invalidated so later buffered reads see the new data.
 *
 * Locks: none of its own. The caller holds what the ->direct_IO row asks
 * (i_rwsem for writes); get_block takes the filesystem's.
 */
#include "fs/direct-io.h"
#include "fs/buffer_head.h"
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/completion.h"
#include "mm/gup.h"
#include "mm/pagemap.h"
#include "mm/slab.h"

#define DIO_CHUNK_PAGES	256	/* pages pinned and in flight at once (1 MiB) */
#define DIO_BIO_VECS	64	/* pages per bio */

/* One chunk's I/O in flight. */
struct dio {
	struct inode *inode;
	get_block_t *get_block;
	struct dio_bios bios;
};

/* ------------------------------------------------------------ shared with fs/block_dev.c */

void dio_bios_init(struct dio_bios *b, unsigned opf)
{
	*b = (struct dio_bios){ .opf = opf, .remaining = 1 };
	init_completion(&b->done);
}

static void dio_bios_put(struct dio_bios *b)
{
	if (__atomic_sub_fetch(&b->remaining, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&b->done);
}

static void dio_end_io(struct bio *bio)
{
	struct dio_bios *b = bio->bi_private;
	int expected = 0;

	if (bio->bi_status)
		__atomic_compare_exchange_n(&b->error, &expected, bio->bi_status, false,
					    __ATOMIC_RELAXED, __ATOMIC_RELAXED);
	bio_put(bio);
	dio_bios_put(b);
}

void dio_bios_submit(struct dio_bios *b)
{
	if (!b->bio)
		return;
	__atomic_add_fetch(&b->remaining, 1, __ATOMIC_RELAXED);
	submit_bio(b->bio);
	b->bio = NULL;
}

int dio_bios_add(struct dio_bios *b, struct block_device *bdev, sector_t sector,
		 struct page **pages, size_t off, size_t len)
{
	while (len) {
		struct page *page = pages[off >> PAGE_SHIFT];
		unsigned poff = (unsigned)(off & (PAGE_SIZE - 1));
		unsigned n = (unsigned)MIN(len, PAGE_SIZE - poff);

		if (b->bio && (b->bdev != bdev || b->next_sector != sector))
			dio_bios_submit(b);
		if (!b->bio) {
			b->bio = bio_alloc(bdev, DIO_BIO_VECS, b->opf, GFP_KERNEL);
			if (!b->bio)
				return -ENOMEM;
			b->bio->bi_sector = sector;
			b->bio->bi_end_io = dio_end_io;
			b->bio->bi_private = b;
			b->bdev = bdev;
		}
		if (bio_add_page(b->bio, page, n, poff) != n) {
			dio_bios_submit(b);	/* full: the next round starts another */
			continue;
		}
		b->next_sector = sector + (n >> SECTOR_SHIFT);
		sector += n >> SECTOR_SHIFT;
		off += n;
		len -= n;
	}
	return 0;
}

int dio_bios_wait(struct dio_bios *b)
{
	might_sleep();
	dio_bios_put(b);
	wait_for_completion(&b->done);
	return b->error;
}

long dio_get_pages(struct iov_iter *iter, unsigned long addr, unsigned long nr,
		   struct page **pages)
{
	if (iter_is_ubuf(iter))
		return get_user_pages_fast(addr, nr, iter->data_source ? 0 : FOLL_WRITE, pages);
	for (unsigned long i = 0; i < nr; i++) {
		pages[i] = virt_to_page((void *)((addr & ~(PAGE_SIZE - 1)) + i * PAGE_SIZE));
		get_page(pages[i]);
	}
	return (long)nr;
}

void dio_put_pages(struct page **pages, unsigned long nr)
{
	for (unsigned long i = 0; i < nr; i++)
		put_page(pages[i]);
}

/* ------------------------------------------------------------ get_block filesystems */

/* Zero len bytes of the pinned pages from byte off of pages[0]. */
static void dio_zero(struct page **pages, size_t off, size_t len)
{
	while (len) {
		size_t poff = off & (PAGE_SIZE - 1), n = MIN(len, PAGE_SIZE - poff);

		memset((char *)page_address(pages[off >> PAGE_SHIFT]) + poff, 0, n);
		off += n;
		len -= n;
	}
}

/*
 * One chunk: count bytes at file position pos, to or from the pinned
 * pages (the buffer starting at byte boff of pages[0]). Returns the bytes
 * done (count, or less where a write had to stop) or -errno if none.
 */
static ssize_t dio_chunk(struct dio *dio, struct page **pages, size_t boff, size_t count,
			 loff_t pos, loff_t isize)
{
	struct inode *inode = dio->inode;
	unsigned blkbits = inode->i_blkbits;
	size_t blocksize = (size_t)1 << blkbits, done = 0;
	bool write = op_is_write(dio->bios.opf);
	struct blk_plug plug;
	int err = 0, ioerr;

	blk_start_plug(&plug);
	while (done < count) {
		loff_t cur = pos + (loff_t)done;
		sector_t iblock = (sector_t)cur >> blkbits;
		size_t inblk = (size_t)(cur & (loff_t)(blocksize - 1));
		size_t seg = MIN(blocksize - inblk, count - done);
		struct buffer_head bh = { .b_size = blocksize };

		err = dio->get_block(inode, iblock, &bh, 0);
		if (!err && !buffer_mapped(&bh) && write) {
			/* Allocate only a block this write fills, inside i_size. */
			if (inblk || seg != blocksize || cur + (loff_t)blocksize > isize)
				break;
			err = dio->get_block(inode, iblock, &bh, 1);
			if (!err && !buffer_mapped(&bh))
				break;
			if (!err && buffer_new(&bh))
				clean_bdev_aliases(bh.b_bdev, bh.b_blocknr, 1, blocksize);
		}
		if (err)
			break;
		if (!buffer_mapped(&bh)) {		/* a hole, read */
			dio_zero(pages, boff + done, seg);
		} else {
			sector_t sector = (bh.b_blocknr << (blkbits - SECTOR_SHIFT)) +
					  (inblk >> SECTOR_SHIFT);

			err = dio_bios_add(&dio->bios, bh.b_bdev, sector, pages, boff + done, seg);
			if (err)
				break;
		}
		done += seg;
	}
	dio_bios_submit(&dio->bios);
	blk_finish_plug(&plug);
	ioerr = dio_bios_wait(&dio->bios);
	if (ioerr)
		return ioerr;
	return done ? (ssize_t)done : err;
}

ssize_t blockdev_direct_IO(struct kiocb *iocb, struct inode *inode, struct iov_iter *iter,
			   get_block_t *get_block)
{
	struct address_space *mapping = inode->i_mapping;
	bool write = iter->data_source == ITER_SOURCE;
	loff_t pos = iocb->ki_pos, isize = i_size_read(inode);
	size_t count = iov_iter_count(iter), done = 0, report;
	struct page **pages;
	ssize_t ret = 0;
	int err;

	might_sleep();
	if (((unsigned long)pos | count | iov_iter_addr(iter)) & (SECTOR_SIZE - 1))
		return -EINVAL;
	if (iov_iter_is_kvec(iter) && iov_iter_addr(iter) < PAGE_OFFSET)
		return -EINVAL;
	if (!count || pos >= isize)
		return 0;
	if (write)	/* within i_size, whole sectors; the caller does the rest */
		count = MIN(count, (size_t)(isize - pos) & ~(size_t)(SECTOR_SIZE - 1));
	if (!count)
		return 0;
	report = write ? count : MIN(count, (size_t)(isize - pos));
	err = filemap_write_and_wait_range(mapping, pos, pos + (loff_t)count - 1);
	if (err)
		return err;
	pages = kmalloc((DIO_CHUNK_PAGES + 1) * sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	while (done < count) {
		unsigned long addr = iov_iter_addr(iter) + done;
		size_t boff = addr & (PAGE_SIZE - 1);
		size_t n = MIN(count - done, (size_t)DIO_CHUNK_PAGES * PAGE_SIZE - boff);
		unsigned long nr = DIV_ROUND_UP(boff + n, PAGE_SIZE);
		struct dio dio = { .inode = inode, .get_block = get_block };
		long got = dio_get_pages(iter, addr, nr, pages);

		if (got < 0) {
			ret = got;
			break;
		}
		dio_bios_init(&dio.bios, write ? REQ_OP_WRITE | REQ_SYNC : REQ_OP_READ);
		ret = dio_chunk(&dio, pages, boff, n, pos + (loff_t)done, isize);
		dio_put_pages(pages, nr);
		if (ret <= 0)
			break;
		done += (size_t)ret;
		if ((size_t)ret < n)
			break;
	}
	kfree(pages);
	if (write && done)	/* a racing mmap may have brought some back */
		invalidate_inode_pages2_range(mapping, (unsigned long)(pos >> PAGE_SHIFT),
					      (unsigned long)((pos + (loff_t)done - 1) >> PAGE_SHIFT));
	if (!done)
		return ret;
	done = MIN(done, report);
	iov_iter_advance(iter, done);
	iocb->ki_pos += (loff_t)done;
	return (ssize_t)done;
}
