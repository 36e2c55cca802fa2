/*
 * ktests of the ATA driver below the block layer (ktest=ata_): the drives
 * the probe found, PIO and DMA transfers, LBA48 commands, flushes, device
 * errors, the timeout path, and the host-protected-area commands. They
 * drive hda, hdb and hdd through ata_exec() directly; test_ata_blk.c does
 * the same through submit_bio.
 *
 * Sectors used (the images are blank and fresh each boot): hda 1000-3999,
 * hdb 1000-1999, hdd 1000-1999.
 */
#include "kernel/ktest/ktest.h"
#include "drivers/ata/internal.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "mm/page_alloc.h"

#define BUF_ORDER	7		/* 512 KiB: 1024 sectors */
#define BUF_SECTORS	((PAGE_SIZE << BUF_ORDER) / SECTOR_SIZE)

/* Fill n sectors with a pattern that names the drive, sector and seed. */
static void fill_pattern(u8 *buf, u32 n, u64 lba, u8 seed)
{
	for (u32 s = 0; s < n; s++)
		for (unsigned i = 0; i < SECTOR_SIZE; i++)
			buf[s * SECTOR_SIZE + i] = (u8)((lba + s) * 7 + i * 13 + seed);
}

static void *buf_alloc(void)
{
	return __get_free_pages(GFP_KERNEL, BUF_ORDER);
}

static void buf_free(void *p)
{
	if (p)
		free_pages_addr(p, BUF_ORDER);
}

/* Write n sectors at lba with flags, read them back with rflags, compare.
 * 0, a negative errno from the I/O, or 1 on a mismatch. */
static int write_read_check(struct ata_device *dev, u64 lba, u32 n, unsigned wflags,
			    unsigned rflags, u8 seed, u8 *wbuf, u8 *rbuf)
{
	int ret;

	fill_pattern(wbuf, n, lba, seed);
	memset(rbuf, 0, n * SECTOR_SIZE);
	ret = ata_rw_buf(dev, ATA_OP_WRITE, lba, n, wbuf, wflags);
	if (!ret)
		ret = ata_rw_buf(dev, ATA_OP_READ, lba, n, rbuf, rflags);
	if (!ret && memcmp(wbuf, rbuf, n * SECTOR_SIZE))
		ret = 1;
	return ret;
}

KTEST(ata_probe_finds_the_disks)
{
	static const char *const names[] = { "hda", "hdb", "hdd" };
	static const u64 sizes[] = { 32768, 16384, 16384 };

	for (unsigned i = 0; i < 3; i++) {
		struct ata_device *dev = ata_find_device(names[i]);

		KT_ASSERT(dev, "%s not found", names[i]);
		KT_ASSERT(!strcmp(dev->model, "QEMU HARDDISK"), "%s model \"%s\"", names[i], dev->model);
		KT_ASSERT(dev->serial[0], "%s has no serial", names[i]);
		KT_ASSERT_EQ(dev->capacity, sizes[i]);
		KT_ASSERT(dev->lba48 && dev->has_flush && dev->flush_ext, "%s features", names[i]);
		KT_ASSERT(dev->dma, "%s: no DMA (%s)", names[i], dev->xfer_mode);
		KT_ASSERT(dev->heads && dev->sectors && dev->cyls, "%s: no geometry", names[i]);
		KT_ASSERT_EQ((u64)dev->cyls * dev->heads * dev->sectors <= dev->capacity, 1);
	}
	/* hdc is the boot CD-ROM: found as ATAPI and left alone. */
	KT_ASSERT(!ata_find_device("hdc"), "hdc taken as a disk");
	KT_ASSERT_EQ(ata_channels[1].dev[0].class, ATA_DEV_ATAPI);
}

/* PIO and DMA, each way round, on both channels and both units. */
KTEST(ata_pio_and_dma_round_trip)
{
	static const char *const names[] = { "hda", "hdb", "hdd" };
	static const unsigned modes[4][2] = {	/* write flags, read flags */
		{ ATA_CMDF_PIO, ATA_CMDF_PIO }, { 0, 0 }, { ATA_CMDF_PIO, 0 }, { 0, ATA_CMDF_PIO },
	};
	u8 *wbuf = buf_alloc(), *rbuf = buf_alloc();
	int ret = 0;
	unsigned i, m;
	u8 got = 0, want = 0;

	bool was = ata_use_pio;

	KT_ASSERT(wbuf && rbuf, "no memory");
	WRITE_ONCE(ata_use_pio, false);		/* flags 0: DMA, even under ata.pio=1 */
	for (i = 0; i < 3 && !ret; i++) {
		struct ata_device *dev = ata_find_device(names[i]);

		for (m = 0; dev && m < 4 && !ret && got == want; m++) {
			ret = write_read_check(dev, 1000 + m * 64, 40, modes[m][0], modes[m][1],
					       (u8)(i * 4 + m), wbuf, rbuf);
			got = dev->last_command;
			want = modes[m][1] ? ATA_CMD_PIO_READ : ATA_CMD_READ;
		}
		if (!dev)
			ret = -ENODEV;
		if (ret || got != want)
			break;
	}
	WRITE_ONCE(ata_use_pio, was);
	buf_free(wbuf);
	buf_free(rbuf);
	KT_ASSERT(!ret, "%s mode %u: %s (%d)", names[i], m - 1, ret > 0 ? "data differ" : "I/O error",
		  ret);
	KT_ASSERT(got == want, "%s mode %u: last command %#x, want %#x", names[i], m - 1, got, want);
}

/* The module switch: ata_use_pio makes plain commands PIO. */
KTEST(ata_use_pio_switch)
{
	struct ata_device *dev = ata_find_device("hdb");
	u8 *wbuf = buf_alloc(), *rbuf = buf_alloc();
	bool was = ata_use_pio;
	int ret;

	KT_ASSERT(dev && wbuf && rbuf, "no hdb or no memory");
	WRITE_ONCE(ata_use_pio, true);
	ret = write_read_check(dev, 1500, 8, 0, 0, 0x5a, wbuf, rbuf);
	u8 pio_cmd = dev->last_command;
	WRITE_ONCE(ata_use_pio, false);
	int ret2 = write_read_check(dev, 1500, 8, 0, 0, 0xa5, wbuf, rbuf);
	u8 dma_cmd = dev->last_command;
	WRITE_ONCE(ata_use_pio, was);
	buf_free(wbuf);
	buf_free(rbuf);
	KT_ASSERT(!ret && !ret2, "I/O failed: %d %d", ret, ret2);
	KT_ASSERT_EQ(pio_cmd, ATA_CMD_PIO_READ);
	KT_ASSERT_EQ(dma_cmd, ATA_CMD_READ);
}

/* Large transfers: more than 256 sectors needs the EXT commands; a 512 KiB
 * buffer spans several 64 KiB PRD regions. */
KTEST(ata_large_transfers)
{
	struct ata_device *dev = ata_find_device("hda");
	u8 *wbuf = buf_alloc(), *rbuf = buf_alloc();
	int ret = 0;
	u8 cmd256 = 0, cmd1024 = 0, cmdpio = 0;

	bool was = ata_use_pio;

	KT_ASSERT(dev && wbuf && rbuf, "no hda or no memory");
	WRITE_ONCE(ata_use_pio, false);
	ret = write_read_check(dev, 2000, 256, 0, 0, 1, wbuf, rbuf);
	cmd256 = dev->last_command;
	if (!ret) {
		ret = write_read_check(dev, 2000, BUF_SECTORS, 0, 0, 2, wbuf, rbuf);
		cmd1024 = dev->last_command;
	}
	if (!ret) {
		ret = write_read_check(dev, 2000, 300, ATA_CMDF_PIO, ATA_CMDF_PIO, 3, wbuf, rbuf);
		cmdpio = dev->last_command;
	}
	WRITE_ONCE(ata_use_pio, was);
	buf_free(wbuf);
	buf_free(rbuf);
	KT_ASSERT(!ret, "transfer failed: %d", ret);
	KT_ASSERT_EQ(cmd256, ATA_CMD_READ);
	KT_ASSERT_EQ(cmd1024, ATA_CMD_READ_EXT);
	KT_ASSERT_EQ(cmdpio, ATA_CMD_PIO_READ_EXT);
}

/* The 48-bit commands on demand (no 16 MiB disk reaches sector 2^28). */
KTEST(ata_lba48_forced)
{
	struct ata_device *dev = ata_find_device("hdd");
	u8 *wbuf = buf_alloc(), *rbuf = buf_alloc();
	u8 got[4];
	int ret = 0;

	bool was = ata_use_pio;

	KT_ASSERT(dev && wbuf && rbuf, "no hdd or no memory");
	WRITE_ONCE(ata_use_pio, false);
	for (unsigned m = 0; m < 2 && !ret; m++) {
		unsigned f = m ? ATA_CMDF_PIO : 0;

		WRITE_ONCE(ata_force_lba48, true);
		ret = write_read_check(dev, 1200 + m * 16, 16, f, f, (u8)(0x30 + m), wbuf, rbuf);
		got[m * 2] = dev->last_command;
		WRITE_ONCE(ata_force_lba48, false);
		/* Written with EXT commands, read back with LBA28 ones. */
		if (!ret)
			ret = ata_rw_buf(dev, ATA_OP_READ, 1200 + m * 16, 16, rbuf, f);
		got[m * 2 + 1] = dev->last_command;
		if (!ret && memcmp(wbuf, rbuf, 16 * SECTOR_SIZE))
			ret = 1;
	}
	/* The per-command flag does the same. */
	if (!ret)
		ret = write_read_check(dev, 1300, 4, ATA_CMDF_LBA48, 0, 0x77, wbuf, rbuf);
	WRITE_ONCE(ata_use_pio, was);
	buf_free(wbuf);
	buf_free(rbuf);
	KT_ASSERT(!ret, "%s", ret > 0 ? "data differ" : "I/O error");
	KT_ASSERT_EQ(got[0], ATA_CMD_READ_EXT);
	KT_ASSERT_EQ(got[1], ATA_CMD_READ);
	KT_ASSERT_EQ(got[2], ATA_CMD_PIO_READ_EXT);
	KT_ASSERT_EQ(got[3], ATA_CMD_PIO_READ);
}

KTEST(ata_flush_and_fua)
{
	struct ata_device *dev = ata_find_device("hda");
	struct ata_cmd cmd = { .op = ATA_OP_FLUSH, .dev = dev };
	u8 *buf = buf_alloc();
	unsigned long before;
	int ret;

	KT_ASSERT(dev && buf, "no hda or no memory");
	ret = ata_exec(&cmd);
	KT_ASSERT(!ret, "flush: %d", ret);
	KT_ASSERT_EQ(dev->last_command, ATA_CMD_FLUSH_EXT);
	/* PREFLUSH + write + FUA: three ATA commands, the flush last. */
	before = dev->nr_cmds;
	fill_pattern(buf, 8, 3000, 9);
	ret = ata_rw_buf(dev, ATA_OP_WRITE, 3000, 8, buf, ATA_CMDF_PREFLUSH | ATA_CMDF_FUA);
	unsigned long issued = dev->nr_cmds - before;
	u8 last = dev->last_command;
	buf_free(buf);
	KT_ASSERT(!ret, "write with flushes: %d", ret);
	KT_ASSERT_EQ(issued, 3);
	KT_ASSERT_EQ(last, ATA_CMD_FLUSH_EXT);
}

/* The drive refuses a sector past its end (IDNF/ABRT): -EIO, by PIO and
 * by DMA, and the channel works on. */
KTEST(ata_device_error_is_eio)
{
	struct ata_device *dev = ata_find_device("hdb");
	u8 *wbuf = buf_alloc(), *rbuf = buf_alloc();
	int pio, dma, wr, after;

	KT_ASSERT(dev && wbuf && rbuf, "no hdb or no memory");
	pio = ata_rw_buf(dev, ATA_OP_READ, dev->capacity, 1, rbuf, ATA_CMDF_PIO);
	dma = ata_rw_buf(dev, ATA_OP_READ, dev->capacity - 2, 4, rbuf, 0);
	wr = ata_rw_buf(dev, ATA_OP_WRITE, dev->capacity + 10, 1, wbuf, 0);
	after = write_read_check(dev, 1800, 8, 0, 0, 0x44, wbuf, rbuf);
	buf_free(wbuf);
	buf_free(rbuf);
	KT_ASSERT_EQ(pio, -EIO);
	KT_ASSERT_EQ(dma, -EIO);
	KT_ASSERT_EQ(wr, -EIO);
	KT_ASSERT_EQ(after, 0);
}

/* A lost interrupt: the watchdog fails the command with -EIO and resets
 * the channel; the next command works. */
KTEST(ata_timeout_resets_channel)
{
	struct ata_device *dev = ata_find_device("hdd");
	u8 *wbuf = buf_alloc(), *rbuf = buf_alloc();
	unsigned old = ata_timeout_ms;
	unsigned long resets, timeouts;
	int dma, pio, after;

	KT_ASSERT(dev && wbuf && rbuf, "no hdd or no memory");
	resets = dev->chan->nr_resets;
	timeouts = dev->chan->nr_timeouts;
	WRITE_ONCE(ata_timeout_ms, 1000);
	WRITE_ONCE(ata_drop_irqs, 1);
	dma = ata_rw_buf(dev, ATA_OP_READ, 1000, 8, rbuf, 0);
	WRITE_ONCE(ata_drop_irqs, 1);
	pio = ata_rw_buf(dev, ATA_OP_READ, 1000, 8, rbuf, ATA_CMDF_PIO);
	WRITE_ONCE(ata_drop_irqs, 0);
	WRITE_ONCE(ata_timeout_ms, old);
	after = write_read_check(dev, 1900, 8, 0, 0, 0x21, wbuf, rbuf);
	buf_free(wbuf);
	buf_free(rbuf);
	KT_ASSERT_EQ(dma, -EIO);
	KT_ASSERT_EQ(pio, -EIO);
	KT_ASSERT_EQ(dev->chan->nr_timeouts - timeouts, 2);
	KT_ASSERT_EQ(dev->chan->nr_resets - resets, 2);
	KT_ASSERT_EQ(after, 0);
}

/*
 * Host protected area. QEMU's IDE model has no HPA: READ NATIVE MAX
 * ADDRESS (EXT) answers the IDENTIFY size less one, and SET MAX ADDRESS
 * (EXT) is not in its command table, so the drive aborts it. The commands
 * run, nothing changes size, and the drive keeps working.
 */
KTEST(ata_hpa_commands)
{
	struct ata_device *dev = ata_find_device("hda");
	u64 n28 = 0, n48 = 0;
	u8 *wbuf = buf_alloc(), *rbuf = buf_alloc();
	int r28, r48, set28, set48, after;

	KT_ASSERT(dev && wbuf && rbuf, "no hda or no memory");
	r28 = ata_read_native_max(dev, false, &n28);
	r48 = ata_read_native_max(dev, true, &n48);
	set28 = ata_set_max(dev, false, dev->capacity);
	set48 = ata_set_max(dev, true, dev->capacity);
	after = write_read_check(dev, 3500, 4, 0, 0, 0x66, wbuf, rbuf);
	buf_free(wbuf);
	buf_free(rbuf);
	KT_ASSERT_EQ(r28, 0);
	KT_ASSERT_EQ(r48, 0);
	KT_ASSERT_EQ(n28, dev->capacity);
	KT_ASSERT_EQ(n48, dev->capacity);
	KT_ASSERT_EQ(dev->native_max, dev->capacity);
	KT_ASSERT_EQ(set28, -EIO);
	KT_ASSERT_EQ(set48, -EIO);
	KT_ASSERT_EQ(after, 0);
}
