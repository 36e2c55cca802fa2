/*
 * Finding the drives of a channel: soft reset, the signature each drive
 * leaves in its registers (ATA, ATAPI, or nothing), IDENTIFY DEVICE and
 * what this driver takes from it (model, serial, LBA28/LBA48 capacity,
 * CHS geometry, flush and DMA support), the transfer mode, and the host
 * protected area commands (READ NATIVE MAX ADDRESS, SET MAX ADDRESS).
 *
 * Process context (boot, or the block layer's unlock_native_capacity);
 * the commands go through ata_exec() and may sleep.
 */
#include "drivers/ata/internal.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

struct ata_channel ata_channels[2];

/* Synchronous data command on a contiguous kernel buffer. */
int ata_rw_buf(struct ata_device *dev, enum ata_op op, u64 lba, u32 nsect, void *buf,
	       unsigned flags)
{
	struct ata_sg sg = { .addr = virt_to_phys(buf), .len = nsect * SECTOR_SIZE };
	struct ata_cmd cmd = {
		.op = op, .dev = dev, .lba = lba, .nsect = nsect, .flags = flags,
		.sg = &sg, .nsg = 1,
	};

	return ata_exec(&cmd);
}

/* A non-data or PIO-in command with the given registers. */
static int ata_taskfile(struct ata_device *dev, u8 command, u8 feature, u64 lba, u32 count,
			unsigned flags, void *buf, u64 *result_lba)
{
	struct ata_sg sg = { .addr = buf ? virt_to_phys(buf) : 0, .len = count * SECTOR_SIZE };
	struct ata_cmd cmd = {
		.op = ATA_OP_TASKFILE, .dev = dev, .lba = lba, .nsect = count, .flags = flags,
		.tf_command = command, .tf_feature = feature, .sg = &sg, .nsg = buf ? 1 : 0,
	};
	int ret = ata_exec(&cmd);

	if (ret && cmd.error)
		ret = -EIO;
	if (!ret && result_lba)
		*result_lba = cmd.result_lba;
	return ret;
}

/* IDENTIFY strings are byte-swapped pairs, padded with spaces. */
static void ata_id_string(const u16 *id, unsigned word, unsigned len, char *out)
{
	unsigned n = 0;

	for (unsigned i = 0; i < len / 2; i++) {
		out[n++] = (char)(id[word + i] >> 8);
		out[n++] = (char)id[word + i];
	}
	while (n && (out[n - 1] == ' ' || out[n - 1] == 0))
		n--;
	out[n] = 0;
	unsigned start = 0;
	while (out[start] == ' ')
		start++;
	memmove(out, out + start, n - start + 1);
}

/* The fastest DMA mode both IDENTIFY and this driver know: "udmaN",
 * "mwdmaN", or "" for none; *xfer gets the SET FEATURES value. */
static void ata_pick_dma_mode(struct ata_device *dev, u8 *xfer)
{
	const u16 *id = dev->id;
	u8 udma = (id[ATA_ID_FIELD_VALID] & 4) ? (u8)id[ATA_ID_UDMA_MODES] : 0;
	u8 mwdma = (u8)(id[ATA_ID_MWDMA_MODES] & 7);

	dev->xfer_mode[0] = 0;
	*xfer = 0;
	if (!(id[ATA_ID_CAPABILITY] & (1 << 8)))
		return;
	for (int m = 7; m >= 0; m--)
		if (udma & (1 << m)) {
			snprintf(dev->xfer_mode, sizeof(dev->xfer_mode), "udma%d", m);
			*xfer = (u8)(XFER_UDMA_0 + m);
			return;
		}
	for (int m = 2; m >= 0; m--)
		if (mwdma & (1 << m)) {
			snprintf(dev->xfer_mode, sizeof(dev->xfer_mode), "mwdma%d", m);
			*xfer = (u8)(XFER_MW_DMA_0 + m);
			return;
		}
}

/* What the driver keeps from IDENTIFY DEVICE. -ENODEV for a drive
 * without LBA (CHS-only drives are not supported). */
static int ata_parse_identify(struct ata_device *dev)
{
	const u16 *id = dev->id;

	ata_id_string(id, ATA_ID_PROD, ATA_ID_PROD_LEN, dev->model);
	ata_id_string(id, ATA_ID_SERNO, ATA_ID_SERNO_LEN, dev->serial);
	if (!(id[ATA_ID_CAPABILITY] & (1 << 9)))
		return -ENODEV;
	dev->lba48 = ata_id_has_lba48(id);
	dev->capacity = dev->lba48 ? ata_id_u64(id, ATA_ID_LBA_CAPACITY_2)
				   : ata_id_u32(id, ATA_ID_LBA_CAPACITY);
	dev->has_flush = ata_id_has_flush(id);
	dev->flush_ext = dev->lba48 && ata_id_has_flush_ext(id);
	if ((id[ATA_ID_FIELD_VALID] & 1) && id[ATA_ID_CUR_CYLS] && id[ATA_ID_CUR_HEADS] &&
	    id[ATA_ID_CUR_SECTORS]) {
		dev->cyls = id[ATA_ID_CUR_CYLS];
		dev->heads = id[ATA_ID_CUR_HEADS];
		dev->sectors = id[ATA_ID_CUR_SECTORS];
	} else {
		dev->cyls = id[ATA_ID_CYLS];
		dev->heads = id[ATA_ID_HEADS];
		dev->sectors = id[ATA_ID_SECTORS];
	}
	return 0;
}

/*
 * READ NATIVE MAX ADDRESS (EXT): the drive's real size in sectors, which
 * is more than IDENTIFY says when a host protected area hides the end.
 * 0 or -EIO (the drive does not know the command).
 */
int ata_read_native_max(struct ata_device *dev, bool ext, u64 *sectors)
{
	u64 max;
	int ret = ata_taskfile(dev, ext ? ATA_CMD_READ_NATIVE_MAX_EXT : ATA_CMD_READ_NATIVE_MAX,
			       0, 0, 0, ext ? ATA_CMDF_LBA48 : 0, NULL, &max);

	if (!ret)
		*sectors = max + 1;
	return ret;
}

/*
 * SET MAX ADDRESS (EXT) to sectors (volatile: until the next power-on).
 * The standard wants READ NATIVE MAX ADDRESS just before it, so this
 * issues that first. 0 or -EIO (refused, e.g. no HPA feature set).
 */
int ata_set_max(struct ata_device *dev, bool ext, u64 sectors)
{
	u64 native;
	int ret = ata_read_native_max(dev, ext, &native);

	if (ret)
		return ret;
	if (!sectors || sectors > native)
		return -EINVAL;
	return ata_taskfile(dev, ext ? ATA_CMD_SET_MAX_EXT : ATA_CMD_SET_MAX, 0, sectors - 1, 0,
			    ext ? ATA_CMDF_LBA48 : 0, NULL, NULL);
}

static int ata_identify(struct ata_device *dev, u8 command)
{
	return ata_taskfile(dev, command, 0, 0, 1, ATA_CMDF_DATA_IN, dev->id, NULL);
}

/* After IDENTIFY: the transfer mode and the host protected area. */
static void ata_setup_drive(struct ata_device *dev)
{
	u8 xfer;

	ata_pick_dma_mode(dev, &xfer);
	dev->dma = xfer && dev->chan->bm_base;
	if (dev->dma && ata_taskfile(dev, ATA_CMD_SET_FEATURES, SETFEATURES_XFER, 0, xfer, 0,
				     NULL, NULL)) {
		pr_warn("%s: SET FEATURES %s refused: PIO only\n", dev->name, dev->xfer_mode);
		dev->dma = false;
	}
	if (!dev->dma)
		strlcpy(dev->xfer_mode, "pio", sizeof(dev->xfer_mode));
	if (ata_read_native_max(dev, dev->lba48, &dev->native_max))
		dev->native_max = 0;
	if (dev->native_max > dev->capacity)
		pr_info("%s: host protected area: %lu of %lu sectors visible\n", dev->name,
			(unsigned long)dev->capacity, (unsigned long)dev->native_max);
}

static void ata_log_drive(const struct ata_device *dev)
{
	pr_info("ata%u.%u %s: %s, serial %s, %lu sectors (%lu MiB), %s, CHS %u/%u/%u, %s%s\n",
		dev->chan->index, dev->unit, dev->name, dev->model, dev->serial,
		(unsigned long)dev->capacity, (unsigned long)(dev->capacity >> 11),
		dev->lba48 ? "LBA48" : "LBA28", dev->cyls, dev->heads, dev->sectors,
		dev->xfer_mode, dev->has_flush ? ", write cache flush" : "");
}

/* What answered at unit after the reset, by its signature. */
static enum ata_class ata_classify(struct ata_channel *ch, unsigned unit)
{
	unsigned long flags;
	u8 st, lbam, lbah;

	spin_lock_irqsave(&ch->lock, flags);
	outb(ch->cmd_base + ATA_REG_DEVICE, ATA_DEVICE_OBS | (unit ? ATA_DEV1 : 0));
	ch->selected = -1;
	for (int i = 0; i < 4; i++)
		ata_altstatus(ch);
	st = ata_altstatus(ch);
	lbam = inb(ch->cmd_base + ATA_REG_LBAM);
	lbah = inb(ch->cmd_base + ATA_REG_LBAH);
	spin_unlock_irqrestore(&ch->lock, flags);
	if (st == 0xff || (st & ATA_BUSY))
		return ATA_DEV_NONE;
	switch (lbah << 8 | lbam) {
	case ATA_SIG_ATAPI:		/* status 0: packet devices keep DRDY clear */
		return ATA_DEV_ATAPI;
	case ATA_SIG_ATA:
	case ATA_SIG_SATA:
		return st ? ATA_DEV_ATA : ATA_DEV_NONE;	/* 0: nothing there */
	default:
		return ATA_DEV_NONE;
	}
}

static void ata_probe_atapi(struct ata_device *dev)
{
	if (ata_identify(dev, ATA_CMD_ID_ATAPI)) {
		pr_info("ata%u.%u %s: ATAPI device (IDENTIFY PACKET failed), skipped\n",
			dev->chan->index, dev->unit, dev->name);
		dev->class = ATA_DEV_NONE;
		return;
	}
	ata_id_string(dev->id, ATA_ID_PROD, ATA_ID_PROD_LEN, dev->model);
	pr_info("ata%u.%u %s: ATAPI %s, skipped (no packet-command support)\n",
		dev->chan->index, dev->unit, dev->name, dev->model);
}

static void ata_probe_ata(struct ata_device *dev)
{
	if (ata_identify(dev, ATA_CMD_ID_ATA) || ata_parse_identify(dev)) {
		pr_warn("ata%u.%u %s: IDENTIFY failed or no LBA, skipped\n", dev->chan->index,
			dev->unit, dev->name);
		dev->class = ATA_DEV_NONE;
		return;
	}
	ata_setup_drive(dev);
	ata_log_drive(dev);
}

/* Reset the channel and find its drives. Process context, may sleep. */
void ata_probe_channel(struct ata_channel *ch)
{
	if (ata_soft_reset(ch, 1000))
		pr_warn("ata%u: a drive stays busy after reset\n", ch->index);
	for (unsigned unit = 0; unit < 2; unit++) {
		struct ata_device *dev = &ch->dev[unit];

		dev->class = ata_classify(ch, unit);
		if (dev->class == ATA_DEV_ATA)
			ata_probe_ata(dev);
		else if (dev->class == ATA_DEV_ATAPI)
			ata_probe_atapi(dev);
	}
}

/* The ATA disk called name ("hda"), or NULL. */
struct ata_device *ata_find_device(const char *name)
{
	for (unsigned c = 0; c < 2; c++)
		for (unsigned u = 0; u < 2; u++) {
			struct ata_device *dev = &ata_channels[c].dev[u];

			if (dev->class == ATA_DEV_ATA && !strcmp(dev->name, name))
				return dev;
		}
	return NULL;
}
