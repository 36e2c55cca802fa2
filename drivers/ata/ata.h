/*
 * The ATA register interface, in the standard's (and Linux's
 * include/linux/ata.h) names: the command block and control block
 * registers of a legacy IDE channel, the status and error bits, the
 * commands this driver issues, the IDENTIFY DEVICE words it reads, and the
 * PCI bus-master IDE (SFF-8038i) registers and PRD entries that DMA uses.
 *
 * Only constants and a few static inline helpers: the driver's structures
 * are in drivers/ata/internal.h.
 */
#ifndef DRIVERS_ATA_ATA_H
#define DRIVERS_ATA_ATA_H

#include "kernel/types.h"

/* Legacy (compatibility mode) channels of a PCI IDE controller. */
#define ATA_PRIMARY_CMD		0x1f0
#define ATA_PRIMARY_CTL		0x3f6
#define ATA_PRIMARY_IRQ		14
#define ATA_SECONDARY_CMD	0x170
#define ATA_SECONDARY_CTL	0x376
#define ATA_SECONDARY_IRQ	15

/* Command block registers, offsets from the command base. */
#define ATA_REG_DATA		0
#define ATA_REG_ERR		1	/* read */
#define ATA_REG_FEATURE		1	/* write */
#define ATA_REG_NSECT		2
#define ATA_REG_LBAL		3
#define ATA_REG_LBAM		4
#define ATA_REG_LBAH		5
#define ATA_REG_DEVICE		6
#define ATA_REG_STATUS		7	/* read: also acknowledges INTRQ */
#define ATA_REG_CMD		7	/* write */

/* Control block: one register at the control base. */
#define ATA_REG_ALTSTATUS	0	/* read: status without the acknowledge */
#define ATA_REG_CTL		0	/* write: device control */

/* Status register. */
#define ATA_BUSY		0x80
#define ATA_DRDY		0x40
#define ATA_DF			0x20
#define ATA_DRQ			0x08
#define ATA_ERR			0x01

/* Error register. */
#define ATA_ICRC		0x80
#define ATA_UNC			0x40
#define ATA_IDNF		0x10
#define ATA_ABORTED		0x04

/* Device register. */
#define ATA_DEVICE_OBS		0xa0	/* bits 7 and 5, set by tradition */
#define ATA_LBA			0x40
#define ATA_DEV1		0x10	/* the slave */

/* Device control register. */
#define ATA_HOB			0x80	/* read the previous (high-order) bytes */
#define ATA_SRST		0x04	/* software reset of both devices */
#define ATA_NIEN		0x02	/* no interrupts */

/* Commands (ACS-3). */
#define ATA_CMD_PIO_READ		0x20
#define ATA_CMD_PIO_READ_EXT		0x24
#define ATA_CMD_READ_EXT		0x25	/* DMA */
#define ATA_CMD_READ_NATIVE_MAX_EXT	0x27
#define ATA_CMD_PIO_WRITE		0x30
#define ATA_CMD_PIO_WRITE_EXT		0x34
#define ATA_CMD_WRITE_EXT		0x35	/* DMA */
#define ATA_CMD_SET_MAX_EXT		0x37
#define ATA_CMD_ID_ATAPI		0xa1
#define ATA_CMD_READ			0xc8	/* DMA */
#define ATA_CMD_WRITE			0xca	/* DMA */
#define ATA_CMD_FLUSH			0xe7
#define ATA_CMD_FLUSH_EXT		0xea
#define ATA_CMD_ID_ATA			0xec
#define ATA_CMD_SET_FEATURES		0xef
#define ATA_CMD_READ_NATIVE_MAX		0xf8
#define ATA_CMD_SET_MAX			0xf9

#define SETFEATURES_XFER	0x03	/* set transfer mode (count = mode) */
#define XFER_UDMA_0		0x40
#define XFER_MW_DMA_0		0x20

/* Signatures left in LBA mid/high by a reset (ATA-8 ACS 9.12). */
#define ATA_SIG_ATA		0x0000
#define ATA_SIG_ATAPI		0xeb14
#define ATA_SIG_SATA		0xc33c	/* SATA in legacy emulation */

/* IDENTIFY DEVICE words. */
#define ATA_ID_WORDS		256
#define ATA_ID_CONFIG		0
#define ATA_ID_CYLS		1
#define ATA_ID_HEADS		3
#define ATA_ID_SECTORS		6
#define ATA_ID_SERNO		10	/* 20 characters */
#define ATA_ID_SERNO_LEN	20
#define ATA_ID_FW_REV		23
#define ATA_ID_PROD		27	/* 40 characters */
#define ATA_ID_PROD_LEN		40
#define ATA_ID_CAPABILITY	49	/* bit 8 DMA, bit 9 LBA */
#define ATA_ID_FIELD_VALID	53	/* bit 0: 54-58, bit 2: 88 */
#define ATA_ID_CUR_CYLS		54
#define ATA_ID_CUR_HEADS	55
#define ATA_ID_CUR_SECTORS	56
#define ATA_ID_LBA_CAPACITY	60	/* 2 words */
#define ATA_ID_MWDMA_MODES	63
#define ATA_ID_COMMAND_SET_1	82	/* bit 10: host protected area */
#define ATA_ID_COMMAND_SET_2	83	/* bit 10 LBA48, 12 FLUSH, 13 FLUSH EXT */
#define ATA_ID_CFS_ENABLE_1	85
#define ATA_ID_CFS_ENABLE_2	86
#define ATA_ID_UDMA_MODES	88
#define ATA_ID_LBA_CAPACITY_2	100	/* 4 words */

#define ATA_MAX_SECTORS_LBA28	256	/* a count of 0 in the register */
#define ATA_MAX_SECTORS_LBA48	65536
#define ATA_LBA28_LIMIT		(1ull << 28)	/* first sector LBA28 cannot reach */

/* PCI bus-master IDE (BAR4 of the controller; 8 ports per channel). */
#define ATA_DMA_CMD		0	/* command */
#define  ATA_DMA_START		0x01
#define  ATA_DMA_WR		0x08	/* device to memory (a READ command) */
#define ATA_DMA_STATUS		2
#define  ATA_DMA_ACTIVE		0x01
#define  ATA_DMA_ERR		0x02	/* write 1 to clear */
#define  ATA_DMA_INTR		0x04	/* write 1 to clear */
#define  ATA_DMA_DRV0_CAP	0x20
#define  ATA_DMA_DRV1_CAP	0x40
#define ATA_DMA_TABLE_OFS	4	/* physical address of the PRD table */
#define ATA_DMA_CHANNEL_SPAN	8	/* the secondary's registers at +8 */

/* One Physical Region Descriptor: a buffer of up to 64 KiB that does not
 * cross a 64 KiB boundary; the table is 4-byte aligned and must not cross
 * one either. */
struct ata_prd {
	u32 addr;
	u32 flags_len;			/* length (0 = 64 KiB) | ATA_PRD_EOT */
};
#define ATA_PRD_EOT		0x80000000u
#define ATA_PRD_MAX_BYTES	0x10000u

static inline u64 ata_id_u32(const u16 *id, unsigned w)
{
	return (u64)id[w + 1] << 16 | id[w];
}

static inline u64 ata_id_u64(const u16 *id, unsigned w)
{
	return (u64)id[w + 3] << 48 | (u64)id[w + 2] << 32 | (u64)id[w + 1] << 16 | id[w];
}

static inline bool ata_id_has_lba48(const u16 *id)
{
	return (id[ATA_ID_COMMAND_SET_2] & 0xc000) == 0x4000 &&
	       (id[ATA_ID_COMMAND_SET_2] & (1 << 10)) && ata_id_u64(id, ATA_ID_LBA_CAPACITY_2);
}

static inline bool ata_id_has_flush(const u16 *id)
{
	return (id[ATA_ID_COMMAND_SET_2] & 0xc000) == 0x4000 &&
	       (id[ATA_ID_COMMAND_SET_2] & (1 << 12));
}

static inline bool ata_id_has_flush_ext(const u16 *id)
{
	return (id[ATA_ID_COMMAND_SET_2] & 0xc000) == 0x4000 &&
	       (id[ATA_ID_COMMAND_SET_2] & (1 << 13));
}

static inline bool ata_id_has_hpa(const u16 *id)
{
	return (id[ATA_ID_COMMAND_SET_2] & 0xc000) == 0x4000 &&
	       (id[ATA_ID_COMMAND_SET_1] & (1 << 10));
}

#endif
