/*
 * MBR (msdos) partition tables: four primary entries in sector 0, and
 * for an extended partition (type 0x05, 0x0f or 0x85) a chain of EBRs,
 * each describing one logical partition (numbered from 5) and the next
 * EBR. Everything read from the disk is checked: an entry beyond the end
 * of the disk is logged and dropped, a chain that loops or leaves the
 * extended partition ends there, a missing signature means no table.
 * Nothing a disk holds can crash this.
 *
 * Locks: the caller holds the disk's open_mutex (or the disk is not yet
 * visible); I/O through submit_bio_wait, so it sleeps.
 */
#include "drivers/block/internal.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"

#define MBR_ENTRIES	4
#define MBR_TABLE_OFF	446
#define MAX_EBRS	64		/* a chain longer than this is bad */

struct mbr_entry {			/* on disk, little-endian */
	u8 boot, chs_first[3], type, chs_last[3];
	u8 lba[4], sectors[4];
};

static u32 le32(const u8 *p)
{
	return p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static bool is_extended(u8 type)
{
	return type == 0x05 || type == 0x0f || type == 0x85;
}

/* Read sector of part0 into buf (512 bytes of page). 0 or -errno. */
static int read_sector(struct gendisk *disk, sector_t sector, struct page *page)
{
	struct bio *bio = bio_alloc(disk->part0, 1, REQ_OP_READ, GFP_KERNEL);
	int err;

	if (!bio)
		return -ENOMEM;
	bio->bi_sector = sector;
	bio_add_page(bio, page, SECTOR_SIZE, 0);
	err = submit_bio_wait(bio);
	bio_put(bio);
	return err;
}

/* Read a table sector: its four entries, or -EIO/-EINVAL (no 0x55aa). */
static int read_table(struct gendisk *disk, sector_t sector, struct page *page,
		      struct mbr_entry *e)
{
	const u8 *p = page_address(page);
	int err = read_sector(disk, sector, page);

	if (err)
		return err;
	if (p[510] != 0x55 || p[511] != 0xaa)
		return -EINVAL;
	memcpy(e, p + MBR_TABLE_OFF, MBR_ENTRIES * sizeof(*e));
	return 0;
}

/* Record partition n at [start, start+len) if it lies on the disk. */
static void add_entry(struct gendisk *disk, struct blk_part_entry *table, unsigned n,
		      u64 start, u64 len)
{
	sector_t cap = get_capacity(disk);

	if (n >= DISK_MAX_PARTS || !len)
		return;
	if (start >= cap || len > cap - start) {
		pr_warn("blk: %s: partition %u (sectors %lu+%lu) is beyond the end of the disk (%lu): ignored\n",
			disk->disk_name, n, (unsigned long)start, (unsigned long)len,
			(unsigned long)cap);
		return;
	}
	table[n].start = start;
	table[n].nr_sects = len;
}

/* Walk the EBR chain of the extended partition at ext_start; logical
 * partitions are numbered from 5. */
static void parse_extended(struct gendisk *disk, struct blk_part_entry *table,
			   struct page *page, u64 ext_start, u64 ext_len)
{
	struct mbr_entry e[MBR_ENTRIES];
	u64 ebr = ext_start;
	unsigned n = 5;

	for (int i = 0; i < MAX_EBRS && n < DISK_MAX_PARTS; i++) {
		if (read_table(disk, ebr, page, e)) {
			pr_warn("blk: %s: unreadable or bad EBR at sector %lu: chain ends\n",
				disk->disk_name, (unsigned long)ebr);
			return;
		}
		if (e[0].type && !is_extended(e[0].type))
			add_entry(disk, table, n++, ebr + le32(e[0].lba), le32(e[0].sectors));
		if (!is_extended(e[1].type) || !le32(e[1].lba))
			return;
		if (le32(e[1].lba) >= ext_len || ext_start + le32(e[1].lba) <= ebr) {
			pr_warn("blk: %s: EBR chain leaves the extended partition or loops: ends\n",
				disk->disk_name);
			return;
		}
		ebr = ext_start + le32(e[1].lba);
	}
}

void msdos_partitions(struct gendisk *disk, struct blk_part_entry *table)
{
	struct page *page = alloc_page(GFP_KERNEL);
	struct mbr_entry e[MBR_ENTRIES];
	bool extended = false;
	int err;

	memset(table, 0, DISK_MAX_PARTS * sizeof(*table));
	if (!page)
		return;
	err = read_table(disk, 0, page, e);
	if (err) {
		if (err != -EINVAL)
			pr_warn("blk: %s: cannot read the partition table (%d)\n",
				disk->disk_name, err);
		goto out_free;
	}
	for (unsigned i = 0; i < MBR_ENTRIES; i++) {
		u64 start = le32(e[i].lba), len = le32(e[i].sectors);

		if (!e[i].type)
			continue;
		if (e[i].type == 0xee) {
			pr_info("blk: %s: GPT protective MBR: GPT is not supported\n", disk->disk_name);
			break;
		}
		if (!is_extended(e[i].type)) {
			add_entry(disk, table, i + 1, start, len);
		} else if (!extended && start && start < get_capacity(disk)) {
			extended = true;
			len = len < get_capacity(disk) - start ? len : get_capacity(disk) - start;
			parse_extended(disk, table, page, start, len);
		}
	}
out_free:
	free_page(page);
}
