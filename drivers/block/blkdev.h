/*
 * The block layer: disks (struct gendisk), the block devices a disk and its
 * partitions are seen as (struct block_device), the driver operations of
 * the seed's block_device_operations table, and the request queue drivers
 * take their work from.
 *
 *   submitter ── submit_bio ──> request queue ── ->queue_rq ──> driver
 *   bi_end_io <── bio_endio <── blk_mq_end_request <── completion IRQ
 *
 * Locks:
 *   disk->open_mutex     opening and closing the disk or any of its
 *                        partitions, the partition table (held for ->open
 *                        and ->release, as the seed says; not for the rest);
 *   q->queue_lock        (spinlock, IRQs off) the queue's pending list and
 *                        the in-flight count; never held across a driver
 *                        call.
 *   all_disks_lock       (mutex) the list of disks.
 */
#ifndef DRIVERS_BLOCK_BLKDEV_H
#define DRIVERS_BLOCK_BLKDEV_H

#include "drivers/block/bio.h"
#include "fs/vfs/types.h"
#include "kernel/lib/list.h"
#include "kernel/sync/mutex.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sched/wait_types.h"
#include "kernel/time/timer.h"

typedef unsigned fmode_t;	/* FMODE_READ | FMODE_WRITE | FMODE_EXCL */
#define FMODE_EXCL	0x80	/* exclusive open (with a holder) */

#define DISK_NAME_LEN	32
#define DISK_MAX_PARTS	16	/* minors per disk: the disk and 15 partitions */

struct gendisk;
struct request;
struct hd_geometry;
struct inode;
struct super_block;

/* One disk or one partition of it, as the rest of the kernel sees it. */
struct block_device {
	dev_t bd_dev;			/* const */
	u8 bd_partno;			/* const: 0 for the whole disk */
	struct gendisk *bd_disk;	/* const */
	sector_t bd_start_sect;		/* open_mutex (changes only on re-read) */
	sector_t bd_nr_sectors;		/* open_mutex; readers: bdev_nr_sectors() */
	bool bd_read_only;		/* open_mutex */
	int bd_openers;			/* open_mutex */
	void *bd_holder;		/* open_mutex: who opened it exclusively */
	int bd_holders;			/* open_mutex: exclusive opens by bd_holder */
	struct inode *bd_inode;		/* const: holds the device's page cache;
					 * on the "bdev" pseudo-fs, S_IFBLK,
					 * i_rdev = bd_dev, i_private = this */
	struct super_block *bd_super;	/* the filesystem mounted on it, if any */
};

static inline sector_t bdev_nr_sectors(const struct block_device *bdev)
{
	return __atomic_load_n(&bdev->bd_nr_sectors, __ATOMIC_RELAXED);
}
static inline u64 bdev_nr_bytes(const struct block_device *bdev)
{
	return bdev_nr_sectors(bdev) << SECTOR_SHIFT;
}

/* The seed's block_device_operations, with its prototypes, plus the one a
 * bio-based driver (no request queue) uses to take bios itself. Calls go
 * through the checked wrappers in drivers/block/ops.h. */
struct block_device_operations {
	void (*submit_bio)(struct bio *bio);	/* bio-based drivers; any context */
	int (*open)(struct block_device *bdev, fmode_t mode);
	void (*release)(struct gendisk *disk, fmode_t mode);
	int (*ioctl)(struct block_device *bdev, fmode_t mode, unsigned cmd, unsigned long arg);
	int (*compat_ioctl)(struct block_device *bdev, fmode_t mode, unsigned cmd, unsigned long arg);
	long (*direct_access)(struct block_device *bdev, sector_t sector, void **kaddr,
			      unsigned long *pfn);
	void (*unlock_native_capacity)(struct gendisk *disk);
	int (*getgeo)(struct block_device *bdev, struct hd_geometry *geo);
	void (*swap_slot_free_notify)(struct block_device *bdev, unsigned long offset);
};

struct hd_geometry {			/* HDIO_GETGEO's layout */
	unsigned char heads;
	unsigned char sectors;
	unsigned short cylinders;
	unsigned long start;
};

/* What a request-based driver offers the block layer. */
struct blk_queue_ops {
	/*
	 * Start rq on the device. Called from process context or from the
	 * completion interrupt, with no block-layer lock held; must not
	 * sleep. Return 0 once it is started (it completes later through
	 * blk_mq_end_request), or -EBUSY when the device cannot take more
	 * now: the block layer keeps rq and calls again after the next
	 * completion.
	 */
	int (*queue_rq)(struct request *rq);
};

struct queue_limits {
	unsigned logical_block_size;	/* bytes, 512 here */
	unsigned max_sectors;		/* per request */
	unsigned max_segments;		/* bio_vecs per request */
};

struct request_queue {
	spinlock_t queue_lock;		/* IRQs off */
	struct list_head pending;	/* queue_lock: requests not yet started */
	unsigned in_flight;		/* queue_lock: started, not completed */
	unsigned long nr_merges;	/* queue_lock: bios merged into a request */
	unsigned long nr_requests;	/* queue_lock: requests started */
	const struct blk_queue_ops *ops;	/* const */
	struct queue_limits limits;	/* const after add_disk */
	void *queuedata;		/* the driver's */
	struct gendisk *disk;		/* const */

	/* Dispatch state (queue_lock), private to drivers/block/blk-core.c:
	 * one CPU at a time starts requests; the others leave a note. */
	bool dispatching;		/* a CPU is in the dispatch loop */
	bool run_again;			/* new work or a completion arrived meanwhile */
	bool stalled;			/* ->queue_rq said -EBUSY: wait for a completion */
	unsigned long nr_completed;	/* requests ended so far */
	struct timer_list retry_timer;	/* -EBUSY with nothing in flight: retry later */
};

/* One request: adjacent bios of one operation, merged, given to a driver
 * at once. Owned by the queue while pending, by the driver once started. */
struct request {
	struct list_head queuelist;	/* q->pending (queue_lock) */
	struct request_queue *q;
	unsigned cmd_flags;		/* bi_opf of its bios */
	sector_t __sector;		/* first sector on the disk */
	unsigned __data_len;		/* bytes */
	struct bio *bio, *biotail;	/* the bios, linked by bi_next */
	unsigned nr_phys_segments;	/* bio_vecs in all its bios */
	void *driver_private;		/* the driver's while started */
	u64 start_ns;			/* when it was started */
};

static inline sector_t blk_rq_pos(const struct request *rq) { return rq->__sector; }
static inline unsigned blk_rq_bytes(const struct request *rq) { return rq->__data_len; }
static inline unsigned blk_rq_sectors(const struct request *rq) { return rq->__data_len >> SECTOR_SHIFT; }
static inline enum req_op req_op(const struct request *rq) { return (enum req_op)(rq->cmd_flags & REQ_OP_MASK); }

/* Walk every segment of a request: struct bio *b; unsigned i. */
#define rq_for_each_bvec(bv, rq, b, i)					\
	for ((b) = (rq)->bio; (b); (b) = (b)->bi_next)			\
		for ((i) = 0; (i) < (b)->bi_vcnt && ((bv) = &(b)->bi_io_vec[i]); (i)++)

/*
 * The driver finished rq: every bio in it completes with status (0 or
 * -errno) and the queue may start the next request. Any context; it calls
 * the bios' bi_end_io (which must not sleep) and possibly ->queue_rq.
 */
void blk_mq_end_request(struct request *rq, int status);

struct gendisk {
	char disk_name[DISK_NAME_LEN];	/* const: "vda", "hda", "ram0" */
	int major;			/* const */
	int first_minor;		/* const */
	int minors;			/* const: 1 + how many partitions it may have */
	const struct block_device_operations *fops;	/* const */
	struct request_queue *queue;	/* const; NULL for a bio-based driver */
	void *private_data;		/* the driver's */
	struct mutex open_mutex;	/* see the top of this file */
	struct block_device *part0;	/* const: the whole disk */
	struct block_device *parts[DISK_MAX_PARTS];	/* open_mutex: [0] = part0 */
	int open_partitions;		/* open_mutex */
	bool read_only;			/* const after add_disk */
	struct list_head list;		/* all_disks (all_disks_lock) */
};

/* A disk with a request queue driven by ops (or bio-based when ops is
 * NULL and fops->submit_bio is set). NULL if out of memory. */
struct gendisk *blk_alloc_disk(const struct blk_queue_ops *ops, void *queuedata);
/* Free a disk that add_disk() never made visible (a driver whose probe
 * failed, a test's disk). */
void put_disk(struct gendisk *disk);
void set_capacity(struct gendisk *disk, sector_t sectors);
static inline sector_t get_capacity(const struct gendisk *disk) { return bdev_nr_sectors(disk->part0); }

/*
 * Make the disk visible: /dev/<disk_name> and one node per MBR partition
 * found (/dev/vda1, /dev/hda2 ...), /proc/partitions. Reads the partition
 * table, so the driver must be able to do I/O. Process context, may sleep.
 * Returns 0, or -EINVAL without a name, fops, or a queue or ->submit_bio.
 */
int add_disk(struct gendisk *disk);

/* Re-read the partition table (BLKRRPART): -EBUSY if a partition is open. */
int bdev_rescan_partitions(struct gendisk *disk);

/* Majors (Linux's numbers); minors are handed out by the drivers. */
#define RAMDISK_MAJOR	1
#define IDE0_MAJOR	3	/* hda, hdb */
#define IDE1_MAJOR	22	/* hdc, hdd */
#define VIRTBLK_MAJOR	254	/* vda, vdb ... (Linux picks it dynamically) */

/*
 * Open the block device dev (checked ->open under open_mutex). mode has
 * FMODE_READ/FMODE_WRITE, and FMODE_EXCL with holder for exclusive use
 * (mounts). Returns the block_device or ERR_PTR(-ENXIO/-EBUSY/-EROFS/...).
 * May sleep.
 */
struct block_device *blkdev_get_by_dev(dev_t dev, fmode_t mode, void *holder);
/* By path name ("/dev/vda1"). */
struct block_device *blkdev_get_by_path(const char *path, fmode_t mode, void *holder);
/* Close it; the last close calls ->release under open_mutex. May sleep. */
void blkdev_put(struct block_device *bdev, fmode_t mode);

/* The block device of a known dev_t, without opening it (NULL if none). */
struct block_device *bdev_lookup(dev_t dev);

/* BLK* and HDIO_GETGEO ioctls on an open block device. May sleep. */
int blkdev_ioctl(struct block_device *bdev, fmode_t mode, unsigned cmd, unsigned long arg);

/* Ask the device to make every completed write durable; sleeps until it
 * has. 0 or -EIO. */
int blkdev_issue_flush(struct block_device *bdev);

/* At boot, before the drivers probe. */
void blk_init(void);

/*
 * Call fn(disk, arg) for every disk made visible by add_disk(), in the
 * order they were added, under all_disks_lock (fn may sleep and may take
 * a disk's open_mutex, never all_disks_lock). Nonzero from fn stops the
 * walk and is returned. May sleep.
 */
int for_each_disk(int (*fn)(struct gendisk *disk, void *arg), void *arg);

/*
 * BLKFLSBUF's page-cache half, set by the page cache: write back bdev's
 * dirty cached pages and drop the clean ones. blkdev_ioctl calls it, then
 * flushes the device. NULL until the page cache sets it (only the flush
 * is done then). May sleep; returns 0 or -errno.
 */
extern int (*blkdev_flush_buffers_hook)(struct block_device *bdev);

#endif
