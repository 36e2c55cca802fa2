/*
 * Disks: allocating one, making it visible (add_disk: its partitions, its
 * /dev nodes, the list of disks), re-reading its partition table
 * (BLKRRPART), finding the block device of a dev_t, /proc/partitions, and
 * the block layer's start at boot.
 *
 * Locks: all_disks_lock (mutex) guards the list of disks and is taken
 * before a disk's open_mutex, which guards disk->parts[] and each
 * partition's start and size. /dev nodes are made and removed with
 * neither held (devfs takes /dev's i_rwsem).
 */
#include "drivers/block/internal.h"
#include "fs/devfs/devfs.h"
#include "fs/proc/proc_fs.h"
#include "fs/seq_file.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/printk.h"

static LIST_HEAD(all_disks);		/* all_disks_lock */
static DEFINE_MUTEX(all_disks_lock);

int (*blkdev_flush_buffers_hook)(struct block_device *bdev);

struct gendisk *blk_alloc_disk(const struct blk_queue_ops *ops, void *queuedata)
{
	struct gendisk *disk = kzalloc(sizeof(*disk), GFP_KERNEL);

	if (!disk)
		return NULL;
	mutex_init(&disk->open_mutex);
	INIT_LIST_HEAD(&disk->list);
	disk->minors = 1;
	disk->part0 = bdev_alloc(disk, 0);
	if (!disk->part0)
		goto out_free_disk;
	disk->parts[0] = disk->part0;
	if (ops) {
		disk->queue = kzalloc(sizeof(*disk->queue), GFP_KERNEL);
		if (!disk->queue)
			goto out_free_part0;
		blk_queue_init(disk->queue, ops, queuedata);
		disk->queue->disk = disk;
	}
	return disk;

out_free_part0:
	bdev_free(disk->part0);
out_free_disk:
	kfree(disk);
	return NULL;
}

void put_disk(struct gendisk *disk)
{
	if (disk->queue) {
		del_timer_sync(&disk->queue->retry_timer);
		kfree(disk->queue);
	}
	for (int i = 0; i < DISK_MAX_PARTS; i++)
		if (disk->parts[i])
			bdev_free(disk->parts[i]);
	kfree(disk);
}

void set_capacity(struct gendisk *disk, sector_t sectors)
{
	bdev_set_nr_sectors(disk->part0, sectors);
}

void disk_part_name(const struct gendisk *disk, u8 partno, char *buf, size_t len)
{
	size_t n = strlen(disk->disk_name);
	bool digit = n && disk->disk_name[n - 1] >= '0' && disk->disk_name[n - 1] <= '9';

	if (!partno)
		snprintf(buf, len, "%s", disk->disk_name);
	else
		snprintf(buf, len, digit ? "%sp%u" : "%s%u", disk->disk_name, partno);
}

static int disk_max_parts(const struct gendisk *disk)
{
	return disk->minors < DISK_MAX_PARTS ? disk->minors : DISK_MAX_PARTS;
}

static bool part_live(const struct block_device *bdev)
{
	return bdev && bdev_nr_sectors(bdev);
}

/*
 * Make disk->parts[] follow table: a partition that changed or went away
 * gets size 0 (lookups and opens then fail with -ENXIO) and is left
 * allocated, since bdev_lookup() hands out pointers without a reference;
 * a new or changed one gets a fresh block device, so no page cached for
 * the old sectors can be read or written back at the new ones. Bits of
 * *gone and *added say which /dev nodes to remove and make. open_mutex
 * held; -ENOMEM leaves the rest out.
 */
static int apply_table(struct gendisk *disk, const struct blk_part_entry *table,
		       unsigned *gone, unsigned *added)
{
	lockdep_assert_held(&disk->open_mutex);
	for (int n = 1; n < disk_max_parts(disk); n++) {
		struct block_device *b = disk->parts[n];

		if (part_live(b) && b->bd_start_sect == table[n].start &&
		    bdev_nr_sectors(b) == table[n].nr_sects)
			continue;
		if (part_live(b)) {
			bdev_set_nr_sectors(b, 0);
			*gone |= 1u << n;
		}
		if (!table[n].nr_sects)
			continue;
		b = bdev_alloc(disk, (u8)n);
		if (!b)
			return -ENOMEM;
		b->bd_start_sect = table[n].start;
		b->bd_read_only = disk->read_only;
		bdev_set_nr_sectors(b, table[n].nr_sects);
		disk->parts[n] = b;
		*added |= 1u << n;
	}
	return 0;
}

/* Remove, then make, the /dev nodes of the partitions in the masks. */
static void update_nodes(struct gendisk *disk, unsigned gone, unsigned added)
{
	char name[DISK_NAME_LEN + 8];
	int err;

	for (int n = 1; n < DISK_MAX_PARTS; n++) {
		disk_part_name(disk, (u8)n, name, sizeof(name));
		if (gone & (1u << n))
			devfs_unlink(name);
		if (!(added & (1u << n)))
			continue;
		err = devfs_mknod(name, S_IFBLK | 0660, MKDEV(disk->major, disk->first_minor + n));
		if (err)
			pr_warn("blk: cannot make /dev/%s (%d)\n", name, err);
	}
}

/* Read the table and apply it; open_mutex taken here. The masks say what
 * to do in /dev afterwards. */
static int scan_partitions(struct gendisk *disk, bool check_busy, unsigned *gone,
			   unsigned *added)
{
	struct blk_part_entry table[DISK_MAX_PARTS];
	int err = 0;

	mutex_lock(&disk->open_mutex);
	if (check_busy && disk->open_partitions) {
		err = -EBUSY;
		goto out_unlock;
	}
	if (disk_max_parts(disk) > 1)
		msdos_partitions(disk, table);
	else
		memset(table, 0, sizeof(table));
	err = apply_table(disk, table, gone, added);
out_unlock:
	mutex_unlock(&disk->open_mutex);
	return err;
}

int add_disk(struct gendisk *disk)
{
	unsigned gone = 0, added = 0;
	struct block_device *part0 = disk->part0;
	int err;

	might_sleep();
	if (!disk->disk_name[0] || !disk->fops || (!disk->queue && !disk->fops->submit_bio))
		return -EINVAL;
	part0->bd_dev = MKDEV(disk->major, disk->first_minor);
	part0->bd_inode->i_rdev = part0->bd_dev;
	part0->bd_read_only = disk->read_only;
	err = scan_partitions(disk, false, &gone, &added);
	if (err)
		pr_warn("blk: %s: partitions left out (%d)\n", disk->disk_name, err);
	mutex_lock(&all_disks_lock);
	list_add_tail(&disk->list, &all_disks);
	mutex_unlock(&all_disks_lock);
	err = devfs_mknod(disk->disk_name, S_IFBLK | 0660, part0->bd_dev);
	if (err)
		pr_warn("blk: cannot make /dev/%s (%d)\n", disk->disk_name, err);
	update_nodes(disk, 0, added);
	pr_info("blk: %s: %lu sectors (%lu MiB)%s\n", disk->disk_name,
		(unsigned long)get_capacity(disk), (unsigned long)(get_capacity(disk) >> 11),
		disk->read_only ? ", read-only" : "");
	return 0;
}

int bdev_rescan_partitions(struct gendisk *disk)
{
	unsigned gone = 0, added = 0;
	int err;

	might_sleep();
	err = scan_partitions(disk, true, &gone, &added);
	update_nodes(disk, gone, added);
	return err;
}

int for_each_disk(int (*fn)(struct gendisk *disk, void *arg), void *arg)
{
	struct gendisk *disk;
	int ret = 0;

	mutex_lock(&all_disks_lock);
	list_for_each_entry(disk, &all_disks, list) {
		ret = fn(disk, arg);
		if (ret)
			break;
	}
	mutex_unlock(&all_disks_lock);
	return ret;
}

struct lookup_arg {
	dev_t dev;
	struct block_device *bdev;
};

static int lookup_one(struct gendisk *disk, void *arg)
{
	struct lookup_arg *l = arg;
	unsigned minor = MINOR(l->dev);

	if ((int)MAJOR(l->dev) != disk->major || minor < (unsigned)disk->first_minor ||
	    minor >= (unsigned)(disk->first_minor + disk_max_parts(disk)))
		return 0;
	mutex_lock(&disk->open_mutex);
	l->bdev = disk->parts[minor - disk->first_minor];
	if (l->bdev && l->bdev->bd_partno && !part_live(l->bdev))
		l->bdev = NULL;
	mutex_unlock(&disk->open_mutex);
	return 1;
}

struct block_device *bdev_lookup(dev_t dev)
{
	struct lookup_arg l = { .dev = dev };

	for_each_disk(lookup_one, &l);
	return l.bdev;
}

/* One disk's lines of /proc/partitions. */
static int partitions_show_disk(struct gendisk *disk, void *arg)
{
	struct seq_file *m = arg;
	char name[DISK_NAME_LEN + 8];

	mutex_lock(&disk->open_mutex);
	for (int n = 0; n < disk_max_parts(disk); n++) {
		struct block_device *b = disk->parts[n];

		if (!b || (n && !part_live(b)))
			continue;
		disk_part_name(disk, (u8)n, name, sizeof(name));
		seq_printf(m, "%4u  %7u %10lu %s\n", MAJOR(b->bd_dev), MINOR(b->bd_dev),
			   (unsigned long)(bdev_nr_sectors(b) >> 1), name);
	}
	mutex_unlock(&disk->open_mutex);
	return 0;
}

/* /proc/partitions, Linux's format: sizes in 1 KiB blocks. */
static int partitions_show(struct seq_file *m, void *v)
{
	seq_puts(m, "major minor  #blocks  name\n\n");
	for_each_disk(partitions_show_disk, m);
	return 0;
}

void blk_init(void)
{
	bdev_init();
	if (IS_ERR(proc_create_single("partitions", partitions_show)))
		pr_warn("blk: cannot make /proc/partitions\n");
	brd_init();
}
