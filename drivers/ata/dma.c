/*
 * Bus-master DMA (SFF-8038i, the PIIX's BAR4): a channel's PRD table
 * describes the command's memory; the controller moves the data while the
 * drive runs READ/WRITE DMA, and interrupts at the end.
 *
 *   ata_dma_prepare   PRD table from cmd->sg, table address, direction
 *   (the ATA command is written)
 *   ata_dma_start     the start bit
 *   ata_dma_stop      in the interrupt (or on a timeout): stop, read and
 *                     clear the status
 *
 * Each channel's table is one page of its own (ATA_PRD_ENTRIES entries),
 * allocated at probe below 4 GiB. All of it runs under ch->lock.
 */
#include "drivers/ata/internal.h"
#include "kernel/errno.h"
#include "kernel/sync/lockdep.h"

static inline u16 bm_port(const struct ata_channel *ch, unsigned reg)
{
	return ch->bm_base + reg;
}

/*
 * Fill the PRD table with cmd's segments, split at 64 KiB boundaries, and
 * load its address and the direction. ch->lock held. -EINVAL if a
 * segment lies above 4 GiB or the table is too small: the caller then
 * uses PIO.
 */
int ata_dma_prepare(struct ata_channel *ch, const struct ata_cmd *cmd)
{
	unsigned n = 0;

	lockdep_assert_held(&ch->lock);
	for (unsigned i = 0; i < cmd->nsg; i++) {
		u64 addr = cmd->sg[i].addr, len = cmd->sg[i].len;

		if (addr + len > (1ull << 32))
			return -EINVAL;
		while (len) {
			u64 chunk = MIN(len, ATA_PRD_MAX_BYTES - (addr & (ATA_PRD_MAX_BYTES - 1)));

			if (n == ATA_PRD_ENTRIES)
				return -EINVAL;
			ch->prd[n].addr = (u32)addr;
			ch->prd[n].flags_len = (u32)chunk & 0xffff;	/* 64 KiB is 0 */
			n++;
			addr += chunk;
			len -= chunk;
		}
	}
	if (!n)
		return -EINVAL;
	ch->prd[n - 1].flags_len |= ATA_PRD_EOT;
	barrier();		/* the table is in memory before the engine reads it */
	outl(bm_port(ch, ATA_DMA_TABLE_OFS), (u32)ch->prd_phys);
	outb(bm_port(ch, ATA_DMA_CMD), cmd->op == ATA_OP_WRITE ? 0 : ATA_DMA_WR);
	outb(bm_port(ch, ATA_DMA_STATUS), ATA_DMA_INTR | ATA_DMA_ERR);	/* clear */
	return 0;
}

/* After the command register: start the engine. to_memory for a READ. */
void ata_dma_start(struct ata_channel *ch, bool to_memory)
{
	lockdep_assert_held(&ch->lock);
	barrier();
	outb(bm_port(ch, ATA_DMA_CMD), (to_memory ? ATA_DMA_WR : 0) | ATA_DMA_START);
}

/* Stop the engine and clear its interrupt and error bits; returns the
 * status it had (ATA_DMA_ERR: the transfer failed). */
u8 ata_dma_stop(struct ata_channel *ch)
{
	u8 st = inb(bm_port(ch, ATA_DMA_STATUS));

	lockdep_assert_held(&ch->lock);
	outb(bm_port(ch, ATA_DMA_CMD), 0);
	outb(bm_port(ch, ATA_DMA_STATUS), ATA_DMA_INTR | ATA_DMA_ERR);
	barrier();		/* the data is in memory once the engine stopped */
	return st;
}
