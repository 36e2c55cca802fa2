/*
 * struct bio: allocation, pages, submission and completion (see bio.h).
 *
 * submit_bio() checks a bio against its block device (read-only, beyond
 * the end), remaps a partition's sector to the whole disk and hands it to
 * the disk: a bio-based driver (fops->submit_bio) gets it directly, a
 * request-based one through its request queue (blk-core.c). A task that
 * plugged (blk-plug.c) keeps its bios back until it unplugs or sleeps.
 *
 * Locks: none of its own; nothing here sleeps except submit_bio_wait().
 */
#include "drivers/block/internal.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"

struct bio *bio_alloc(struct block_device *bdev, unsigned short nr_vecs, unsigned opf, gfp_t gfp)
{
	struct bio *bio = kzalloc(sizeof(*bio) + nr_vecs * sizeof(struct bio_vec), gfp);

	if (!bio)
		return NULL;
	bio->bi_bdev = bdev;
	bio->bi_opf = opf;
	bio->bi_max_vecs = nr_vecs;
	return bio;
}

void bio_put(struct bio *bio)
{
	kfree(bio);
}

unsigned bio_add_page(struct bio *bio, struct page *page, unsigned len, unsigned off)
{
	struct bio_vec *bv;

	if ((len | off) & (SECTOR_SIZE - 1) || !len || off + len > PAGE_SIZE)
		return 0;
	if (bio->bi_vcnt) {		/* the same page continued: one segment */
		bv = &bio->bi_io_vec[bio->bi_vcnt - 1];
		if (bv->bv_page == page && bv->bv_offset + bv->bv_len == off) {
			bv->bv_len += len;
			bio->bi_size += len;
			return len;
		}
	}
	if (bio->bi_vcnt >= bio->bi_max_vecs)
		return 0;
	bv = &bio->bi_io_vec[bio->bi_vcnt++];
	bv->bv_page = page;
	bv->bv_len = len;
	bv->bv_offset = off;
	bio->bi_size += len;
	return len;
}

void bio_endio(struct bio *bio)
{
	if (bio->bi_end_io)
		bio->bi_end_io(bio);
}

static unsigned long bio_eio_reports;	/* atomic: beyond-end messages printed */

/* -EIO for a bio its device cannot take: a write to a read-only device,
 * or sectors beyond its end (logged, with the device and the sector). */
static int bio_check(struct bio *bio)
{
	struct block_device *bdev = bio->bi_bdev;
	sector_t nr = bdev_nr_sectors(bdev), len = bio->bi_size >> SECTOR_SHIFT;
	char name[DISK_NAME_LEN + 8];

	if (op_is_write(bio->bi_opf) && (bdev->bd_read_only || bdev->bd_disk->read_only))
		return -EIO;
	if (bio_op(bio) == REQ_OP_FLUSH || (bio->bi_sector <= nr && len <= nr - bio->bi_sector))
		return 0;
	if (__atomic_fetch_add(&bio_eio_reports, 1, __ATOMIC_RELAXED) < 20) {
		disk_part_name(bdev->bd_disk, bdev->bd_partno, name, sizeof(name));
		pr_warn("blk: %s: attempt to access beyond end of device: sector %lu + %lu > %lu\n",
			name, (unsigned long)bio->bi_sector, (unsigned long)len,
			(unsigned long)nr);
	}
	return -EIO;
}

void __submit_bio(struct bio *bio, bool plugged)
{
	struct gendisk *disk = bio->bi_bdev->bd_disk;

	if (disk->fops && disk->fops->submit_bio)
		disk->fops->submit_bio(bio);
	else
		blk_mq_submit_bio(disk->queue, bio, plugged);
}

/* Whether bios submitted now go to the current task's plug. */
static struct blk_plug *current_plug(void)
{
	if (in_interrupt())
		return NULL;
	return current->plug;
}

void submit_bio(struct bio *bio)
{
	struct blk_plug *plug;
	int err = bio_check(bio);

	if (err) {
		bio->bi_status = err;
		bio_endio(bio);
		return;
	}
	bio->bi_status = 0;
	bio->bi_next = NULL;
	bio->bi_sector += bio->bi_bdev->bd_start_sect;
	plug = current_plug();
	if (plug && bio_mergeable(bio)) {
		blk_plug_add(plug, bio);
		return;
	}
	__submit_bio(bio, false);
}

static void submit_bio_wait_endio(struct bio *bio)
{
	complete(bio->bi_private);
}

int submit_bio_wait(struct bio *bio)
{
	struct completion done;

	might_sleep();
	init_completion(&done);
	bio->bi_private = &done;
	bio->bi_end_io = submit_bio_wait_endio;
	bio->bi_opf |= REQ_SYNC;
	submit_bio(bio);
	wait_for_completion(&done);
	return bio->bi_status;
}
