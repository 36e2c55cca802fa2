/*
 * struct bio: one block I/O — a run of sectors on a block device and the
 * pages that hold their data — and how it is submitted and completed.
 *
 * A bio is built by its submitter (bio_alloc, bio_add_page), handed to
 * submit_bio(), and belongs to the block layer until bio_endio() calls
 * ->bi_end_io, usually from the device's completion interrupt: an end_io
 * callback must not sleep (it may wake sleepers, complete completions,
 * unlock folios). The sector is relative to bi_bdev (a partition's first
 * sector is 0); submit_bio remaps it to the whole disk.
 *
 * Errors: bi_status is 0 or a negative errno (-EIO for a device error or
 * timeout, or an access beyond the end of the device). A deviation from
 * Linux's blk_status_t, listed in docs/locking.rst.
 */
#ifndef DRIVERS_BLOCK_BIO_H
#define DRIVERS_BLOCK_BIO_H

#include "kernel/types.h"
#include "mm/page.h"
#include "mm/page_alloc.h"

typedef u64 sector_t;
#define SECTOR_SHIFT	9
#define SECTOR_SIZE	(1u << SECTOR_SHIFT)

/* bi_opf: the operation in the low byte, flags above it. */
enum req_op {
	REQ_OP_READ = 0,
	REQ_OP_WRITE = 1,
	REQ_OP_FLUSH = 2,		/* empty: make earlier writes durable */
};
#define REQ_OP_MASK	0xffu
#define REQ_SYNC	(1u << 8)	/* someone waits for it */
#define REQ_PREFLUSH	(1u << 9)	/* flush the device cache before the data */
#define REQ_FUA		(1u << 10)	/* the data is durable on completion */

struct bio;
struct block_device;
typedef void (bio_end_io_t)(struct bio *bio);

struct bio_vec {
	struct page *bv_page;
	unsigned bv_len;		/* bytes, a multiple of 512 */
	unsigned bv_offset;		/* within the page */
};

struct bio {
	struct bio *bi_next;		/* the request's list (queue lock) */
	struct block_device *bi_bdev;	/* const after submit */
	unsigned bi_opf;		/* enum req_op | REQ_* flags */
	int bi_status;			/* 0 or -errno; set before bi_end_io */
	sector_t bi_sector;		/* first sector (on bi_bdev until submit, then the disk) */
	unsigned bi_size;		/* bytes still to transfer */
	unsigned short bi_vcnt;		/* bio_vecs in use */
	unsigned short bi_max_vecs;
	bio_end_io_t *bi_end_io;	/* called once, in any context */
	void *bi_private;		/* the submitter's */
	struct bio_vec bi_io_vec[];	/* bi_max_vecs of them */
};

static inline enum req_op bio_op(const struct bio *bio) { return (enum req_op)(bio->bi_opf & REQ_OP_MASK); }
static inline bool op_is_write(unsigned opf) { return (opf & REQ_OP_MASK) == REQ_OP_WRITE; }

/* A bio for bdev with room for nr_vecs pages; NULL if out of memory. Never
 * sleeps. bi_end_io and bi_private are the caller's to set. */
struct bio *bio_alloc(struct block_device *bdev, unsigned short nr_vecs, unsigned opf, gfp_t gfp);
void bio_put(struct bio *bio);

/* Append len bytes of page at off (512-byte multiples). Returns len, or 0
 * when the bio is full. */
unsigned bio_add_page(struct bio *bio, struct page *page, unsigned len, unsigned off);

/*
 * Hand bio to the block layer. Any context that may not sleep is fine too
 * (it never sleeps); completion comes through bi_end_io. A bio beyond the
 * end of its device, or a write to a read-only one, completes at once
 * with -EIO.
 */
void submit_bio(struct bio *bio);
/* Submit and sleep until it completes; returns bi_status. */
int submit_bio_wait(struct bio *bio);
/* Complete bio with bi_status (drivers and the block layer). Any context. */
void bio_endio(struct bio *bio);

/*
 * Plugging: between blk_start_plug and blk_finish_plug, bios this task
 * submits are held back and merged with their neighbours, then sent as
 * fewer, larger requests at blk_finish_plug (or when the task sleeps).
 */
struct blk_plug {
	struct bio *head, *tail;	/* the task's own: no lock */
	unsigned count;
};
void blk_start_plug(struct blk_plug *plug);
void blk_finish_plug(struct blk_plug *plug);
/* Send the plugged bios now: blk_finish_plug, and schedule() before the
 * task blocks. Never sleeps. */
void blk_flush_plug(struct blk_plug *plug);

#endif
