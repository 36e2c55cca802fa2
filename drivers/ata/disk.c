/*
 * An ATA drive as the block layer sees it: a gendisk (hda, hdb on
 * IDE0_MAJOR, hdc, hdd on IDE1_MAJOR; 64 minors each, as Linux numbers
 * them: hdb is 3:64), a request queue whose ->queue_rq turns a request
 * into the drive's command, and the block_device_operations ->getgeo and
 * ->unlock_native_capacity.
 *
 * One request per drive is in the channel at a time: its command lives in
 * dev->rq_cmd and dev->rq_sg. ->queue_rq says -EBUSY while that request
 * is there (the block layer calls again after its completion). The other
 * drive of the channel does not make it -EBUSY: its request waits in the
 * drive's slot and starts when the channel frees (see channel.c), so the
 * block layer need not poll for it.
 */
#include "drivers/ata/internal.h"
#include "drivers/block/blkdev.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/lib/string.h"
#include "kernel/sync/lockdep.h"

#define ATA_MINORS		64	/* per drive, as Linux's IDE */
#define ATA_RQ_MAX_SECTORS_LBA48 1024	/* 512 KiB: ATA_MAX_SEGS pages */

/* The command's ->done: complete the request (any context). */
static void ata_rq_done(void *private, int status)
{
	blk_mq_end_request(private, status);
}

/* Is cmd still in its drive's slot (running or waiting)? */
static bool ata_cmd_in_slot(struct ata_device *dev, const struct ata_cmd *cmd)
{
	unsigned long flags;
	bool busy;

	spin_lock_irqsave(&dev->chan->lock, flags);
	busy = dev->cmd == cmd;
	spin_unlock_irqrestore(&dev->chan->lock, flags);
	return busy;
}

/* rq's pages as segments, physically adjacent ones joined. The number of
 * segments, or -EIO if they do not fit or do not add up. */
static int ata_rq_map(struct ata_device *dev, struct request *rq)
{
	struct bio_vec *bv;
	struct bio *b;
	unsigned i, n = 0, bytes = 0;

	rq_for_each_bvec(bv, rq, b, i) {
		phys_addr_t addr = page_to_phys(bv->bv_page) + bv->bv_offset;

		bytes += bv->bv_len;
		if (n && dev->rq_sg[n - 1].addr + dev->rq_sg[n - 1].len == addr) {
			dev->rq_sg[n - 1].len += bv->bv_len;
			continue;
		}
		if (n == ATA_MAX_SEGS)
			return -EIO;
		dev->rq_sg[n].addr = addr;
		dev->rq_sg[n].len = bv->bv_len;
		n++;
	}
	return bytes == blk_rq_bytes(rq) ? (int)n : -EIO;
}

/* Fill dev->rq_cmd from rq. 0, or -EIO for a request the drive cannot
 * take (past its end, or an unknown operation). */
static int ata_rq_to_cmd(struct ata_device *dev, struct request *rq)
{
	struct ata_cmd *cmd = &dev->rq_cmd;
	int nsg;

	memset(cmd, 0, sizeof(*cmd));
	cmd->dev = dev;
	cmd->done = ata_rq_done;
	cmd->private = rq;
	if (req_op(rq) == REQ_OP_FLUSH || !blk_rq_bytes(rq)) {
		cmd->op = ATA_OP_FLUSH;		/* an empty PREFLUSH write too */
		return req_op(rq) == REQ_OP_READ ? -EIO : 0;
	}
	if (req_op(rq) != REQ_OP_READ && req_op(rq) != REQ_OP_WRITE)
		return -EIO;
	if (blk_rq_pos(rq) + blk_rq_sectors(rq) > READ_ONCE(dev->capacity))
		return -EIO;
	nsg = ata_rq_map(dev, rq);
	if (nsg < 0)
		return nsg;
	cmd->op = req_op(rq) == REQ_OP_WRITE ? ATA_OP_WRITE : ATA_OP_READ;
	cmd->lba = blk_rq_pos(rq);
	cmd->nsect = blk_rq_sectors(rq);
	cmd->sg = dev->rq_sg;
	cmd->nsg = (unsigned)nsg;
	if (cmd->op == ATA_OP_WRITE)
		cmd->flags = (rq->cmd_flags & REQ_PREFLUSH ? ATA_CMDF_PREFLUSH : 0) |
			     (rq->cmd_flags & REQ_FUA ? ATA_CMDF_FUA : 0);
	return 0;
}

/* ->queue_rq: never sleeps; the block layer does not overlap the calls of
 * one queue, so dev->rq_cmd is this function's once it left the slot. */
static int ata_queue_rq(struct request *rq)
{
	struct ata_device *dev = rq->q->queuedata;
	int ret;

	if (ata_cmd_in_slot(dev, &dev->rq_cmd))
		return -EBUSY;
	ret = ata_rq_to_cmd(dev, rq);
	if (ret)
		return ret;
	ret = ata_submit(&dev->rq_cmd);
	return ret == -EINVAL ? -EIO : ret;
}

static const struct blk_queue_ops ata_queue_ops = {
	.queue_rq = ata_queue_rq,
};

/* ->getgeo: IDENTIFY's heads and sectors per track; cylinders from the
 * capacity, as Linux's IDE driver reports them. */
static int ata_getgeo(struct block_device *bdev, struct hd_geometry *geo)
{
	struct ata_device *dev = bdev->bd_disk->private_data;
	u64 per_cyl = (u64)dev->heads * dev->sectors;
	u64 cyls = per_cyl ? get_capacity(bdev->bd_disk) / per_cyl : 0;

	geo->heads = (unsigned char)dev->heads;
	geo->sectors = (unsigned char)dev->sectors;
	geo->cylinders = (unsigned short)MIN(cyls, 65535ull);
	geo->start = (unsigned long)bdev->bd_start_sect;
	return 0;
}

/*
 * ->unlock_native_capacity: when a host protected area hides the end of
 * the drive, SET MAX ADDRESS to the native size and grow the disk. The
 * block layer calls it without open_mutex; it sleeps (two or three ATA
 * commands). A drive without an HPA, or one that refuses, keeps its size
 * (logged).
 */
static void ata_unlock_native_capacity(struct gendisk *disk)
{
	struct ata_device *dev = disk->private_data;
	u64 native, cap = READ_ONCE(dev->capacity);
	int ret;

	might_sleep();
	ret = ata_read_native_max(dev, dev->lba48, &native);
	if (ret) {
		pr_info("%s: READ NATIVE MAX ADDRESS refused (%d): %lu sectors\n", dev->name, ret,
			(unsigned long)cap);
		return;
	}
	if (native <= cap) {
		pr_info("%s: no host protected area: %lu sectors\n", dev->name, (unsigned long)cap);
		return;
	}
	ret = ata_set_max(dev, dev->lba48, native);
	if (ret) {
		pr_warn("%s: SET MAX ADDRESS %lu refused (%d): %lu sectors stay visible\n",
			dev->name, (unsigned long)native, ret, (unsigned long)cap);
		return;
	}
	WRITE_ONCE(dev->capacity, native);
	set_capacity(disk, native);
	pr_info("%s: host protected area unlocked: %lu sectors\n", dev->name,
		(unsigned long)native);
}

static const struct block_device_operations ata_fops = {
	.getgeo = ata_getgeo,
	.unlock_native_capacity = ata_unlock_native_capacity,
};

/* Make dev a disk: /dev/hdX and its partitions. Process context (probe). */
int ata_add_disk(struct ata_device *dev)
{
	struct gendisk *disk = blk_alloc_disk(&ata_queue_ops, dev);
	int ret;

	if (!disk) {
		pr_err("%s: no memory for the disk\n", dev->name);
		return -ENOMEM;
	}
	strlcpy(disk->disk_name, dev->name, sizeof(disk->disk_name));
	disk->major = dev->chan->index ? IDE1_MAJOR : IDE0_MAJOR;
	disk->first_minor = (int)dev->unit * ATA_MINORS;
	disk->minors = ATA_MINORS;
	disk->fops = &ata_fops;
	disk->private_data = dev;
	disk->queue->limits.max_sectors = dev->lba48 ? ATA_RQ_MAX_SECTORS_LBA48
						     : ATA_MAX_SECTORS_LBA28;
	disk->queue->limits.max_segments = ATA_MAX_SEGS;
	set_capacity(disk, dev->capacity);
	dev->disk = disk;
	ret = add_disk(disk);
	if (ret) {
		pr_err("%s: add_disk: %d\n", dev->name, ret);
		dev->disk = NULL;
		put_disk(disk);
	}
	return ret;
}
