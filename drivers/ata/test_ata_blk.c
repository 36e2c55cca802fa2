/*
 * ktests of the ATA disks through the block layer (ktest=ata_blk): the
 * gendisks and their numbers, pattern round trips by submit_bio on hda,
 * hdb and hdd (both channels, master and slave) by PIO and by DMA, the
 * LBA48 commands, flushes, -EIO past the end and on a lost interrupt,
 * ->getgeo and ->unlock_native_capacity, and bios from threads on every
 * CPU on the three drives at once.
 *
 * Sectors used: hda 8192-16383, hdb and hdd 4096-8191 (test_ata.c keeps
 * below 4000).
 */
#include "kernel/ktest/ktest.h"
#include "drivers/ata/internal.h"
#include "drivers/block/blkdev.h"
#include "drivers/block/ops.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/sync/completion.h"
#include "mm/page_alloc.h"
#include "kernel/cpu/percpu.h"
#include "kernel/cpu/irqflags.h"

#define NPAGES		16	/* pages per test bio: 128 sectors */
#define MODE		(FMODE_READ | FMODE_WRITE)

static const struct {
	const char *name;
	int major, minor;
	sector_t base;		/* first sector these tests use */
} drives[] = {
	{ "hda", IDE0_MAJOR, 0, 8192 },
	{ "hdb", IDE0_MAJOR, 64, 4096 },
	{ "hdd", IDE1_MAJOR, 64, 4096 },
};

struct pages {
	struct page *p[NPAGES];
};

static bool pages_alloc(struct pages *pg)
{
	bool ok = true;

	for (unsigned i = 0; i < NPAGES; i++)
		ok &= (pg->p[i] = alloc_page(GFP_KERNEL)) != NULL;
	return ok;
}

static void pages_free(struct pages *pg)
{
	for (unsigned i = 0; i < NPAGES; i++)
		if (pg->p[i])
			free_page(pg->p[i]);
}

static void pages_fill(struct pages *pg, unsigned n, sector_t sector, u8 seed)
{
	for (unsigned i = 0; i < n; i++) {
		u8 *b = page_address(pg->p[i]);

		for (unsigned k = 0; k < PAGE_SIZE; k++)
			b[k] = (u8)((sector + i * 8 + k / SECTOR_SIZE) * 3 + k * 11 + seed);
	}
}

static bool pages_check(struct pages *pg, unsigned n, sector_t sector, u8 seed)
{
	for (unsigned i = 0; i < n; i++) {
		const u8 *b = page_address(pg->p[i]);

		for (unsigned k = 0; k < PAGE_SIZE; k++)
			if (b[k] != (u8)((sector + i * 8 + k / SECTOR_SIZE) * 3 + k * 11 + seed))
				return false;
	}
	return true;
}

/* One bio of n pages (n * 8 sectors) at sector; waits. bi_status or
 * -ENOMEM. */
static int bio_pages(struct block_device *bdev, unsigned opf, sector_t sector,
		     struct pages *pg, unsigned n)
{
	struct bio *bio = bio_alloc(bdev, (unsigned short)n, opf, GFP_KERNEL);
	int err;

	if (!bio)
		return -ENOMEM;
	bio->bi_sector = sector;
	for (unsigned i = 0; i < n; i++)
		bio_add_page(bio, pg->p[i], PAGE_SIZE, 0);
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

/* Write a pattern, wipe the pages, read back and compare. 0, an errno,
 * or 1 when the data differ. */
static int round_trip(struct block_device *bdev, unsigned wflags, sector_t sector,
		      struct pages *pg, unsigned n, u8 seed)
{
	int err;

	pages_fill(pg, n, sector, seed);
	err = bio_pages(bdev, REQ_OP_WRITE | wflags, sector, pg, n);
	for (unsigned i = 0; i < n; i++)
		memset(page_address(pg->p[i]), 0, PAGE_SIZE);
	if (!err)
		err = bio_pages(bdev, REQ_OP_READ, sector, pg, n);
	if (!err && !pages_check(pg, n, sector, seed))
		err = 1;
	return err;
}

static struct block_device *open_drive(unsigned i)
{
	return blkdev_get_by_dev(MKDEV(drives[i].major, drives[i].minor), MODE, NULL);
}

KTEST(ata_blk_disks_registered)
{
	for (unsigned i = 0; i < ARRAY_SIZE(drives); i++) {
		struct block_device *bdev = bdev_lookup(MKDEV(drives[i].major, drives[i].minor));
		struct ata_device *dev = ata_find_device(drives[i].name);

		KT_ASSERT(bdev && dev, "%s: no block device", drives[i].name);
		KT_ASSERT(!strcmp(bdev->bd_disk->disk_name, drives[i].name), "%s is called %s",
			  drives[i].name, bdev->bd_disk->disk_name);
		KT_ASSERT_EQ(bdev->bd_disk->minors, 64);
		KT_ASSERT_EQ(bdev_nr_sectors(bdev), dev->capacity);
		KT_ASSERT(bdev->bd_disk->private_data == dev, "%s: wrong private_data",
			  drives[i].name);
	}
	KT_ASSERT(!bdev_lookup(MKDEV(IDE1_MAJOR, 0)), "hdc (the CD-ROM) has a disk");
	struct block_device *bdev = blkdev_get_by_path("/dev/hdd", FMODE_READ, NULL);
	KT_ASSERT(!IS_ERR(bdev), "open /dev/hdd: %ld", PTR_ERR(bdev));
	KT_ASSERT_EQ(bdev->bd_dev, MKDEV(IDE1_MAJOR, 64));
	blkdev_put(bdev, FMODE_READ);
}

/* submit_bio round trips on the three drives, by DMA and by PIO. */
KTEST(ata_blk_round_trip_pio_and_dma)
{
	struct pages pg = { 0 };
	bool was = ata_use_pio;
	int err = 0;
	unsigned i = 0, pio = 0;
	u8 last = 0, want = 0;

	KT_ASSERT(pages_alloc(&pg), "no memory");
	for (i = 0; i < ARRAY_SIZE(drives) && !err && last == want; i++) {
		struct block_device *bdev = open_drive(i);
		struct ata_device *dev = ata_find_device(drives[i].name);

		if (IS_ERR(bdev)) {
			err = (int)PTR_ERR(bdev);
			break;
		}
		for (pio = 0; pio < 2 && !err && last == want; pio++) {
			WRITE_ONCE(ata_use_pio, pio != 0);
			err = round_trip(bdev, 0, drives[i].base + pio * 256, &pg, NPAGES,
					 (u8)(i * 2 + pio));
			last = dev->last_command;
			want = pio ? ATA_CMD_PIO_READ : ATA_CMD_READ;
		}
		blkdev_put(bdev, MODE);
	}
	WRITE_ONCE(ata_use_pio, was);
	pages_free(&pg);
	KT_ASSERT(!err, "%s %s: %s (%d)", drives[i - 1].name, pio - 1 ? "PIO" : "DMA",
		  err > 0 ? "data differ" : "I/O error", err);
	KT_ASSERT(last == want, "%s: last command %#x, want %#x", drives[i - 1].name, last, want);
}

/* ata_force_lba48: the same bios go out as READ/WRITE DMA EXT and
 * READ/WRITE SECTORS EXT. */
KTEST(ata_blk_lba48_forced)
{
	struct block_device *bdev = open_drive(2);
	struct ata_device *dev = ata_find_device("hdd");
	struct pages pg = { 0 };
	int dma, pio;
	u8 dma_cmd, pio_cmd;

	KT_ASSERT(!IS_ERR(bdev) && dev, "no hdd");
	KT_ASSERT(pages_alloc(&pg), "no memory");
	bool was = ata_use_pio;
	WRITE_ONCE(ata_use_pio, false);
	WRITE_ONCE(ata_force_lba48, true);
	dma = round_trip(bdev, 0, drives[2].base + 512, &pg, 4, 0x48);
	dma_cmd = dev->last_command;
	WRITE_ONCE(ata_use_pio, true);
	pio = round_trip(bdev, 0, drives[2].base + 544, &pg, 4, 0x49);
	pio_cmd = dev->last_command;
	WRITE_ONCE(ata_use_pio, was);
	WRITE_ONCE(ata_force_lba48, false);
	blkdev_put(bdev, MODE);
	pages_free(&pg);
	KT_ASSERT_EQ(dma, 0);
	KT_ASSERT_EQ(pio, 0);
	KT_ASSERT_EQ(dma_cmd, ATA_CMD_READ_EXT);
	KT_ASSERT_EQ(pio_cmd, ATA_CMD_PIO_READ_EXT);
}

/* REQ_OP_FLUSH is FLUSH CACHE EXT; a PREFLUSH|FUA write is three ATA
 * commands. */
KTEST(ata_blk_flush)
{
	struct block_device *bdev = open_drive(0);
	struct ata_device *dev = ata_find_device("hda");
	struct pages pg = { 0 };
	unsigned long before;
	int flush, fua;
	u8 flush_cmd;

	KT_ASSERT(!IS_ERR(bdev) && dev, "no hda");
	KT_ASSERT(pages_alloc(&pg), "no memory");
	flush = blkdev_issue_flush(bdev);
	flush_cmd = dev->last_command;
	before = dev->nr_cmds;
	fua = round_trip(bdev, REQ_PREFLUSH | REQ_FUA, drives[0].base + 1024, &pg, 2, 0xf1);
	unsigned long issued = dev->nr_cmds - before;	/* flush, write, flush, read */
	blkdev_put(bdev, MODE);
	pages_free(&pg);
	KT_ASSERT_EQ(flush, 0);
	KT_ASSERT_EQ(flush_cmd, ATA_CMD_FLUSH_EXT);
	KT_ASSERT_EQ(fua, 0);
	KT_ASSERT_EQ(issued, 4);
}

/* Past the end: the block layer's check and the driver's both say -EIO;
 * the drive is fine afterwards. */
KTEST(ata_blk_beyond_end_eio)
{
	struct block_device *bdev = open_drive(1);
	struct pages pg = { 0 };
	sector_t end;
	int at, across, after;

	KT_ASSERT(!IS_ERR(bdev), "no hdb");
	KT_ASSERT(pages_alloc(&pg), "no memory");
	end = bdev_nr_sectors(bdev);
	at = bio_pages(bdev, REQ_OP_READ, end, &pg, 1);
	across = bio_pages(bdev, REQ_OP_WRITE, end - 4, &pg, 1);
	after = round_trip(bdev, 0, end - 8, &pg, 1, 0xee);
	blkdev_put(bdev, MODE);
	pages_free(&pg);
	KT_ASSERT_EQ(at, -EIO);
	KT_ASSERT_EQ(across, -EIO);
	KT_ASSERT_EQ(after, 0);
}

/* A lost interrupt reaches the bio's submitter as -EIO; the next bio
 * works. */
KTEST(ata_blk_timeout_eio)
{
	struct block_device *bdev = open_drive(0);
	struct pages pg = { 0 };
	unsigned old = ata_timeout_ms;
	int lost, after;

	KT_ASSERT(!IS_ERR(bdev), "no hda");
	KT_ASSERT(pages_alloc(&pg), "no memory");
	WRITE_ONCE(ata_timeout_ms, 1000);
	WRITE_ONCE(ata_drop_irqs, 1);
	lost = bio_pages(bdev, REQ_OP_READ, drives[0].base, &pg, 2);
	WRITE_ONCE(ata_drop_irqs, 0);
	WRITE_ONCE(ata_timeout_ms, old);
	after = round_trip(bdev, 0, drives[0].base + 2048, &pg, 2, 0x70);
	blkdev_put(bdev, MODE);
	pages_free(&pg);
	KT_ASSERT_EQ(lost, -EIO);
	KT_ASSERT_EQ(after, 0);
}

KTEST(ata_blk_getgeo)
{
	struct block_device *bdev = open_drive(0);
	struct hd_geometry geo = { 0 };
	int err;

	KT_ASSERT(!IS_ERR(bdev), "no hda");
	err = call_bdev_getgeo(bdev, &geo);
	blkdev_put(bdev, MODE);
	KT_ASSERT_EQ(err, 0);
	/* QEMU's 16 MiB disk: 32 cylinders of 16 heads of 63 sectors. */
	KT_ASSERT_EQ(geo.heads, 16);
	KT_ASSERT_EQ(geo.sectors, 63);
	KT_ASSERT_EQ(geo.cylinders, 32);
	KT_ASSERT_EQ(geo.start, 0);
}

/*
 * ->unlock_native_capacity. QEMU has no host protected area, so: on hda
 * as it is, nothing to unlock; then with the driver made to believe 8
 * sectors are hidden, the unlock issues SET MAX ADDRESS EXT, which QEMU
 * aborts, and the disk keeps the size it had.
 */
KTEST(ata_blk_unlock_native_capacity)
{
	struct ata_device *dev = ata_find_device("hda");
	struct gendisk *disk = dev ? dev->disk : NULL;
	u64 cap, plain, hidden;
	unsigned long before;

	KT_ASSERT(disk, "no hda disk");
	cap = dev->capacity;
	call_bdev_unlock_native_capacity(disk);
	plain = get_capacity(disk);
	WRITE_ONCE(dev->capacity, cap - 8);
	set_capacity(disk, cap - 8);
	before = dev->nr_cmds;
	call_bdev_unlock_native_capacity(disk);
	hidden = get_capacity(disk);
	u8 last = dev->last_command;
	unsigned long issued = dev->nr_cmds - before;	/* READ NATIVE MAX twice, SET MAX */
	set_capacity(disk, cap);
	WRITE_ONCE(dev->capacity, cap);
	KT_ASSERT_EQ(plain, cap);
	KT_ASSERT_EQ(hidden, cap - 8);
	KT_ASSERT_EQ(last, ATA_CMD_SET_MAX_EXT);
	KT_ASSERT_EQ(issued, 3);
}

/* ---- concurrency ---- */

struct conc {
	struct block_device *bdev[3];
	unsigned long errors;		/* atomic */
	unsigned rounds;
};

/* Thread i: drive i % 3, its own 64-sector region, round trips. */
static void conc_thread(void *arg, unsigned i)
{
	struct conc *c = arg;
	unsigned d = i % 3;
	sector_t base = drives[d].base + 1024 + (i / 3) * 64;
	struct pages pg = { 0 };

	if (!pages_alloc(&pg)) {
		__atomic_fetch_add(&c->errors, 1, __ATOMIC_RELAXED);
		goto out;
	}
	for (unsigned r = 0; r < c->rounds; r++) {
		unsigned n = 1 + (i + r) % 8;

		if (round_trip(c->bdev[d], 0, base, &pg, n, (u8)(i * 31 + r)))
			__atomic_fetch_add(&c->errors, 1, __ATOMIC_RELAXED);
	}
out:
	pages_free(&pg);
}

/* Threads on every CPU (at least two per drive) on hda, hdb and hdd at
 * once: both channels busy, and master and slave sharing one; by DMA,
 * then by PIO. */
KTEST(ata_blk_concurrent_threads_all_cpus)
{
	struct conc c = { .rounds = 6 };
	unsigned nthreads = 3 * (nr_cpus_online > 2 ? nr_cpus_online : 2);
	unsigned long dma_errors;
	bool was = ata_use_pio;
	int ret = 0;

	for (unsigned d = 0; d < 3; d++) {
		c.bdev[d] = open_drive(d);
		KT_ASSERT(!IS_ERR(c.bdev[d]), "open %s", drives[d].name);
	}
	WRITE_ONCE(ata_use_pio, false);
	ret = ktest_run_threads(conc_thread, &c, nthreads);
	dma_errors = c.errors;
	WRITE_ONCE(ata_use_pio, true);
	c.rounds = 2;
	if (!ret)
		ret = ktest_run_threads(conc_thread, &c, nthreads);
	WRITE_ONCE(ata_use_pio, was);
	for (unsigned d = 0; d < 3; d++)
		blkdev_put(c.bdev[d], MODE);
	KT_ASSERT_EQ(ret, 0);
	KT_ASSERT_EQ(dma_errors, 0);
	KT_ASSERT_EQ(c.errors, 0);
}

/* ---- many bios in flight ---- */

struct burst {
	struct completion done;
	unsigned long left;		/* atomic */
	unsigned long errors;		/* atomic */
};

static void burst_end_io(struct bio *bio)
{
	struct burst *b = bio->bi_private;

	if (bio->bi_status)
		__atomic_fetch_add(&b->errors, 1, __ATOMIC_RELAXED);
	bio_put(bio);
	if (__atomic_sub_fetch(&b->left, 1, __ATOMIC_ACQ_REL) == 0)
		complete(&b->done);
}

struct burst_submit {
	struct bio *bios[2 * NPAGES];
};

/* On CPU 0, where the IDE interrupts arrive, with interrupts off
 * (submit_bio never sleeps): no completion can run before every bio of
 * both drives is queued, so one drive's request must wait for the other's
 * whatever the timing of the emulated disk. */
static void burst_submit_on_cpu0(void *arg, unsigned i)
{
	struct burst_submit *s = arg;
	unsigned long flags;

	local_irq_save(flags);
	for (unsigned n = 0; n < 2 * NPAGES; n++)
		submit_bio(s->bios[n]);
	local_irq_restore(flags);
}

/* Submit one single-page bio per page at consecutive sectors of each of
 * hda and hdb without waiting: the two drives' requests queue behind each
 * other on the primary channel. */
static int burst(struct block_device **bdev, unsigned op, struct pages *pg, struct burst *b)
{
	struct burst_submit s;

	init_completion(&b->done);
	b->left = 2 * NPAGES;
	b->errors = 0;
	for (unsigned d = 0; d < 2; d++)
		for (unsigned i = 0; i < NPAGES; i++) {
			struct bio *bio = bio_alloc(bdev[d], 1, op, GFP_KERNEL);

			if (!bio) {
				for (unsigned n = d * NPAGES + i; n--; )
					bio_put(s.bios[n]);
				return -ENOMEM;
			}
			bio->bi_sector = drives[d].base + 3072 + i * 8;
			bio->bi_private = b;
			bio->bi_end_io = burst_end_io;
			bio_add_page(bio, pg[d].p[i], PAGE_SIZE, 0);
			s.bios[d * NPAGES + i] = bio;
		}
	if (ktest_run_threads(burst_submit_on_cpu0, &s, 1)) {
		for (unsigned n = 0; n < 2 * NPAGES; n++)
			bio_put(s.bios[n]);
		return -ENOMEM;
	}
	wait_for_completion(&b->done);
	return b->errors ? -EIO : 0;
}

KTEST(ata_blk_master_and_slave_in_flight)
{
	struct block_device *bdev[2] = { open_drive(0), open_drive(1) };
	struct pages pg[2] = { { { 0 } }, { { 0 } } };
	struct burst b;
	int w, r = -1;
	bool same = true;

	struct ata_channel *ch = &ata_channels[0];
	unsigned long waits = ch->nr_waits;

	KT_ASSERT(!IS_ERR(bdev[0]) && !IS_ERR(bdev[1]), "open hda, hdb");
	KT_ASSERT(pages_alloc(&pg[0]) && pages_alloc(&pg[1]), "no memory");
	for (unsigned d = 0; d < 2; d++)
		pages_fill(&pg[d], NPAGES, drives[d].base + 3072, (u8)(0xb0 + d));
	w = burst(bdev, REQ_OP_WRITE, pg, &b);
	for (unsigned d = 0; d < 2; d++)
		for (unsigned i = 0; i < NPAGES; i++)
			memset(page_address(pg[d].p[i]), 0, PAGE_SIZE);
	if (!w)
		r = burst(bdev, REQ_OP_READ, pg, &b);
	for (unsigned d = 0; d < 2 && !r; d++)
		same &= pages_check(&pg[d], NPAGES, drives[d].base + 3072, (u8)(0xb0 + d));
	for (unsigned d = 0; d < 2; d++) {
		blkdev_put(bdev[d], MODE);
		pages_free(&pg[d]);
	}
	KT_ASSERT_EQ(w, 0);
	KT_ASSERT_EQ(r, 0);
	KT_ASSERT(same, "data differ");
	/* One drive's request did wait in its slot for the other's. */
	KT_ASSERT(ch->nr_waits > waits, "the drives never shared the channel");
}
