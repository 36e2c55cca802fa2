/*
 * O_DIRECT's shared half (fs/direct-io.c): the bios of one chunk of a
 * request, built from the caller's pinned pages, counted in flight and
 * waited for; and the pinning of the pages. Used by blockdev_direct_IO
 * (get_block filesystems) and by block device files (fs/block_dev.c).
 *
 * Locks: none. A struct dio_bios belongs to the task that submits it;
 * its bios' completions touch only the atomic fields.
 */
#ifndef FS_DIRECT_IO_H
#define FS_DIRECT_IO_H

#include "drivers/block/blkdev.h"
#include "kernel/sync/completion.h"
#include "mm/pagemap.h"

struct iov_iter;

/* The bios of one chunk: those in flight, and the one being built. */
struct dio_bios {
	unsigned opf;			/* const after init */
	int remaining;			/* atomic: bios in flight + 1 while submitting */
	int error;			/* atomic: the first bio error */
	struct completion done;
	struct bio *bio;		/* owner only: being built */
	sector_t next_sector;		/* owner only: where bio's next byte must go */
	struct block_device *bdev;	/* owner only: of bio */
};

/* Start a chunk whose bios have operation opf (with flags). */
void dio_bios_init(struct dio_bios *b, unsigned opf);

/* Send len bytes of the pinned pages (from byte off of pages[0]) to or
 * from sector of bdev, joining the bio being built when they continue it.
 * 0 or -ENOMEM (what was added before stays queued). May sleep. */
int dio_bios_add(struct dio_bios *b, struct block_device *bdev, sector_t sector,
		 struct page **pages, size_t off, size_t len);

/* Submit the bio being built, if any (call it under the caller's plug). */
void dio_bios_submit(struct dio_bios *b);

/* Wait for every bio of the chunk: 0 or the first bio error. Sleeps. */
int dio_bios_wait(struct dio_bios *b);

/* The iterator's pages for nr pages from addr: pinned (a user buffer) or
 * looked up and referenced (a kernel one), so that dio_put_pages releases
 * both. nr or -EFAULT. May sleep. */
long dio_get_pages(struct iov_iter *iter, unsigned long addr, unsigned long nr,
		   struct page **pages);
void dio_put_pages(struct page **pages, unsigned long nr);

#endif
