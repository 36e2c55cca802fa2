/*
 * Partition tests (ktest=blk_part) on /dev/ram0, whose MBR the tests
 * write themselves and then re-read with BLKRRPART: primaries, logical
 * partitions in an EBR chain, an entry beyond the end of the disk left
 * out, a looping EBR chain and a missing signature survived; the
 * partitions' block devices, /dev nodes and /proc/partitions lines; a
 * partition's sectors landing at its offset on the disk; BLKRRPART -EBUSY
 * while a partition is open. Each test leaves ram0 without a table.
 *
 * ram0 sectors used: 0 and 8192.. (the bio tests use 100..4700).
 */
#include "drivers/block/internal.h"
#include "drivers/block/test_util.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"

#define BLKRRPART	0x125f

struct mbr_part {
	u8 type;
	u32 lba, sectors;
};

/* Write a table sector (MBR or EBR) with up to four entries at sector. */
static int write_table(struct block_device *ram0, sector_t sector, const struct mbr_part *e,
		       unsigned n, bool signature)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	u8 *p;
	int err;

	if (!page)
		return -ENOMEM;
	p = page_address(page);
	for (unsigned i = 0; i < n; i++) {
		u8 *ent = p + 446 + 16 * i;

		ent[4] = e[i].type;
		memcpy(ent + 8, &e[i].lba, 4);		/* little-endian host */
		memcpy(ent + 12, &e[i].sectors, 4);
	}
	if (signature) {
		p[510] = 0x55;
		p[511] = 0xaa;
	}
	err = blk_test_rw(ram0, REQ_OP_WRITE, sector, page, 1);
	free_page(page);
	return err;
}

static struct block_device *ram0_part(unsigned n)
{
	return bdev_lookup(MKDEV(RAMDISK_MAJOR, n));
}

static int rrpart(struct block_device *ram0)
{
	return blkdev_ioctl(ram0, FMODE_READ, BLKRRPART, 0);
}

/* Clear the MBR and re-read: no partitions left. */
static int clear_table(struct block_device *ram0)
{
	int err = write_table(ram0, 0, NULL, 0, false);

	return err ? err : rrpart(ram0);
}

static bool part_is(unsigned n, sector_t start, sector_t len)
{
	struct block_device *b = ram0_part(n);

	return b && b->bd_start_sect == start && bdev_nr_sectors(b) == len;
}

/* The standard table: p1 8192+2048, p2 10240+1024, extended 12288+4096
 * holding p5 12289+1023 and p6 13313+511, p4 beyond the end. */
static int write_standard_table(struct block_device *ram0)
{
	const struct mbr_part mbr[4] = {
		{ 0x83, 8192, 2048 }, { 0x83, 10240, 1024 },
		{ 0x05, 12288, 4096 }, { 0x83, 16000, 1000 },
	};
	const struct mbr_part ebr1[2] = { { 0x83, 1, 1023 }, { 0x05, 1024, 512 } };
	const struct mbr_part ebr2[1] = { { 0x83, 1, 511 } };
	int err = write_table(ram0, 0, mbr, 4, true);

	if (!err)
		err = write_table(ram0, 12288, ebr1, 2, true);
	if (!err)
		err = write_table(ram0, 13312, ebr2, 1, true);
	return err;
}

static char proc_buf[2048];		/* test thread only */

static int read_proc_partitions(void)
{
	struct file *f = filp_open("/proc/partitions", O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	n = kernel_read(f, proc_buf, sizeof(proc_buf) - 1);
	fput(f);
	if (n < 0)
		return (int)n;
	proc_buf[n] = 0;
	return 0;
}

KTEST(blk_part_mbr_primary_and_logical_on_ram0)
{
	struct block_device *ram0 = ram0_part(0);
	int err, rr;
	bool p1, p2, p3, p4, p5, p6, p7;

	KT_ASSERT(ram0, "no ram0");
	err = write_standard_table(ram0);
	rr = rrpart(ram0);
	p1 = part_is(1, 8192, 2048);
	p2 = part_is(2, 10240, 1024);
	p3 = ram0_part(3) == NULL;		/* the extended one: no device */
	p4 = ram0_part(4) == NULL;		/* beyond the end: left out */
	p5 = part_is(5, 12289, 1023);
	p6 = part_is(6, 13313, 511);
	p7 = ram0_part(7) == NULL;
	if (!rr)
		rr = read_proc_partitions();
	KT_ASSERT_EQ(clear_table(ram0), 0);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(rr, 0);
	KT_ASSERT(p1 && p2 && p5 && p6, "partitions 1 %d 2 %d 5 %d 6 %d", p1, p2, p5, p6);
	KT_ASSERT(p3 && p4 && p7, "unexpected partitions 3 %d 4 %d 7 %d", !p3, !p4, !p7);
	KT_ASSERT(strstr(proc_buf, "   1        0       8192 ram0\n"), "/proc/partitions: %s", proc_buf);
	KT_ASSERT(strstr(proc_buf, "   1        5        511 ram0p5\n"), "/proc/partitions: %s", proc_buf);
	KT_ASSERT(ram0_part(1) == NULL, "ram0p1 still there after the table was cleared");
}

KTEST(blk_part_io_lands_at_the_partition_offset)
{
	struct block_device *ram0 = ram0_part(0), *p1;
	struct page *page = alloc_page(GFP_KERNEL);
	int err, wr = -1, rd = -1, beyond = -1;
	u8 got = 0;

	KT_ASSERT(ram0, "no ram0");
	KT_ASSERT(page, "no page");
	err = write_standard_table(ram0);
	if (!err)
		err = rrpart(ram0);
	p1 = blkdev_get_by_path("/dev/ram0p1", FMODE_READ | FMODE_WRITE, NULL);
	if (!err && !IS_ERR(p1)) {
		memset(page_address(page), 0xa1, PAGE_SIZE);
		wr = blk_test_rw(p1, REQ_OP_WRITE, 8, page, 1);		/* ram0 sector 8200 */
		memset(page_address(page), 0, PAGE_SIZE);
		rd = blk_test_rw(ram0, REQ_OP_READ, 8200, page, 1);
		got = ((u8 *)page_address(page))[0];
		beyond = blk_test_rw(p1, REQ_OP_READ, 2048, page, 1);	/* p1's end */
		blkdev_put(p1, FMODE_READ | FMODE_WRITE);
	}
	free_page(page);
	KT_ASSERT_EQ(clear_table(ram0), 0);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(!IS_ERR(p1), "open /dev/ram0p1: %ld", PTR_ERR(p1));
	KT_ASSERT_EQ(wr, 0);
	KT_ASSERT_EQ(rd, 0);
	KT_ASSERT_EQ(got, 0xa1);
	KT_ASSERT_EQ(beyond, -EIO);
	p1 = blkdev_get_by_path("/dev/ram0p1", FMODE_READ, NULL);
	KT_ASSERT_EQ(PTR_ERR(p1), -ENOENT);		/* its node went with it */
}

KTEST(blk_part_rrpart_busy_while_a_partition_is_open)
{
	struct block_device *ram0 = ram0_part(0), *p2 = NULL;
	int err, busy = 0, after = -1;

	KT_ASSERT(ram0, "no ram0");
	err = write_standard_table(ram0);
	if (!err)
		err = rrpart(ram0);
	if (!err) {
		p2 = blkdev_get_by_dev(MKDEV(RAMDISK_MAJOR, 2), FMODE_READ, NULL);
		if (!IS_ERR(p2)) {
			busy = rrpart(ram0);
			blkdev_put(p2, FMODE_READ);
			after = rrpart(ram0);
		}
	}
	KT_ASSERT_EQ(clear_table(ram0), 0);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(!IS_ERR(p2), "open ram0p2: %ld", PTR_ERR(p2));
	KT_ASSERT_EQ(busy, -EBUSY);
	KT_ASSERT_EQ(after, 0);
}

KTEST(blk_part_bad_tables_are_survived)
{
	struct block_device *ram0 = ram0_part(0);
	const struct mbr_part mbr[2] = { { 0x83, 8192, 100 }, { 0x05, 12288, 4096 } };
	/* Both EBRs link to the second one, which so links to itself. */
	const struct mbr_part loop[2] = { { 0x83, 1, 10 }, { 0x05, 1024, 512 } };
	const struct mbr_part back[2] = { { 0x83, 1, 10 }, { 0x05, 0, 0 } };
	int e1, e2, e3, e4;
	bool looped, nosig;

	KT_ASSERT(ram0, "no ram0");
	/* An EBR chain that loops: two logicals, then it stops. */
	e1 = write_table(ram0, 0, mbr, 2, true);
	e2 = write_table(ram0, 12288, loop, 2, true);
	if (!e2)
		e2 = write_table(ram0, 13312, loop, 2, true);
	if (!e1 && !e2)
		e1 = rrpart(ram0);
	looped = part_is(1, 8192, 100) && part_is(5, 12289, 10) && part_is(6, 13313, 10) &&
		 !ram0_part(7);
	/* An extended partition whose EBR has no signature: no logicals. */
	e3 = write_table(ram0, 12288, back, 2, false);
	if (!e3)
		e3 = rrpart(ram0);
	nosig = part_is(1, 8192, 100) && !ram0_part(5);
	/* No signature in the MBR: no partitions at all. */
	e4 = write_table(ram0, 0, mbr, 2, false);
	if (!e4)
		e4 = rrpart(ram0);
	KT_ASSERT(!ram0_part(1), "partitions from an MBR without its signature");
	KT_ASSERT_EQ(clear_table(ram0), 0);
	KT_ASSERT_EQ(e1 | e2, 0);
	KT_ASSERT_EQ(e3, 0);
	KT_ASSERT_EQ(e4, 0);
	KT_ASSERT(looped, "a looping EBR chain gave other partitions");
	KT_ASSERT(nosig, "an EBR without signature gave logical partitions");
}

KTEST(blk_part_dev_nodes_of_disks)
{
	struct block_device *b = blkdev_get_by_path("/dev/ram0", FMODE_READ, NULL);

	KT_ASSERT(!IS_ERR(b), "open /dev/ram0: %ld", PTR_ERR(b));
	KT_ASSERT_EQ(b->bd_dev, MKDEV(RAMDISK_MAJOR, 0));
	blkdev_put(b, FMODE_READ);
	b = blkdev_get_by_path("/dev/null", FMODE_READ, NULL);
	KT_ASSERT_EQ(PTR_ERR(b), -ENOTBLK);
}
