/* drivers/block's private parts: what its files call of each other. */
#ifndef DRIVERS_BLOCK_INTERNAL_H
#define DRIVERS_BLOCK_INTERNAL_H

#include "drivers/block/blkdev.h"

/* blk-core.c: a bio of a request-based disk, already checked and remapped
 * to the whole disk. Merged into a pending request or made a new one;
 * dispatched at once unless `plugged` (the plug's flush then calls
 * blk_mq_run_queue() once for the whole batch). Any context. */
void blk_mq_submit_bio(struct request_queue *q, struct bio *bio, bool plugged);
/* Start pending requests until the driver says -EBUSY or none is left.
 * Any context, no block-layer lock held. */
void blk_mq_run_queue(struct request_queue *q);
void blk_queue_init(struct request_queue *q, const struct blk_queue_ops *ops,
		    void *queuedata);

/* blk-merge.c: merge bio into rq (back or front) if they are adjacent, of
 * the same operation and the result stays within the limits. queue_lock
 * held. Returns true if merged. */
bool blk_attempt_merge(struct request_queue *q, struct request *rq, struct bio *bio);
/* Whether a bio may ever be merged (flushes and FUA/PREFLUSH may not). */
bool bio_mergeable(const struct bio *bio);

/* bio.c: a checked, remapped bio to its driver (bio-based: fops->submit_bio;
 * else the queue). Any context. */
void __submit_bio(struct bio *bio, bool plugged);

/* blk-plug.c: keep bio (checked, remapped) on the task's plug. */
void blk_plug_add(struct blk_plug *plug, struct bio *bio);

/* bdev.c: a block device for partition partno of disk (its bd_inode on
 * the bdev pseudo-filesystem); NULL without memory. May sleep. */
struct block_device *bdev_alloc(struct gendisk *disk, u8 partno);
void bdev_free(struct block_device *bdev);
/* Size in sectors; open_mutex held, or the disk not yet visible. */
void bdev_set_nr_sectors(struct block_device *bdev, sector_t sectors);
/* Open a block device already found (blkdev_get_by_dev without the
 * lookup; a disk not yet added, in tests). 0 or -errno. May sleep. */
int blkdev_get(struct block_device *bdev, fmode_t mode, void *holder);
/* At boot: the bdev pseudo-filesystem. */
void bdev_init(void);

/* partitions.c: one partition found in a table. */
struct blk_part_entry {
	sector_t start, nr_sects;
};
/*
 * Read the MBR (and the EBR chain of an extended partition) of part0 and
 * fill table[1..DISK_MAX_PARTS-1] (nr_sects 0: no partition with that
 * number). An unreadable or bad table is logged and gives what was valid
 * of it (entries beyond the disk are dropped). May sleep.
 */
void msdos_partitions(struct gendisk *disk, struct blk_part_entry *table);

/* genhd.c: make the partitions of table appear (block devices and
 * /dev nodes); open_mutex held. */
int disk_apply_partitions(struct gendisk *disk, const struct blk_part_entry *table);
/* The /dev name of partition partno ("vda1", "ram0p1"; "vda" for 0). */
void disk_part_name(const struct gendisk *disk, u8 partno, char *buf, size_t len);

/* brd.c: /dev/ram0. */
void brd_init(void);

#endif
