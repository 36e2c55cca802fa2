/*
 * The Intel PIIX3 IDE function (8086:7010, class 0101) of QEMU's
 * -machine pc: two channels at the legacy ports and ISA IRQs 14 and 15,
 * and bus-master DMA registers in BAR4. Probing sets up both channels,
 * finds their drives (drivers/ata/probe.c) and makes a disk of each ATA
 * drive (drivers/ata/disk.c).
 *
 * `ata.pio=1` on the kernel command line makes PIO the default (the DMA
 * engine is still set up: tests switch between the two).
 */
#include "drivers/ata/internal.h"
#include "drivers/pci/pci.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/page_alloc.h"

static const struct {
	u16 cmd, ctl;
	unsigned irq;
} legacy[2] = {
	{ ATA_PRIMARY_CMD, ATA_PRIMARY_CTL, ATA_PRIMARY_IRQ },
	{ ATA_SECONDARY_CMD, ATA_SECONDARY_CTL, ATA_SECONDARY_IRQ },
};

/* The PRD table of a channel: one zeroed page below 4 GiB. 0, or -ENOMEM
 * (the channel then has no DMA). */
static int piix_alloc_prd(struct ata_channel *ch)
{
	struct page *page = alloc_page(GFP_KERNEL | __GFP_ZERO);

	if (!page)
		return -ENOMEM;
	if (page_to_phys(page) + PAGE_SIZE > (1ull << 32)) {
		free_page(page);
		return -ENOMEM;
	}
	ch->prd = page_address(page);
	ch->prd_phys = page_to_phys(page);
	return 0;
}

/* The bus-master base of channel index, or 0 when BAR4 is unusable. */
static u16 piix_bm_base(struct pci_dev *pdev, unsigned index)
{
	const struct pci_bar *bar = &pdev->bar[4];

	if (!bar->is_io || bar->size < 16 || !bar->addr)
		return 0;
	return (u16)(bar->addr + index * ATA_DMA_CHANNEL_SPAN);
}

static void piix_setup_channel(struct pci_dev *pdev, unsigned index)
{
	struct ata_channel *ch = &ata_channels[index];
	u16 bm = piix_bm_base(pdev, index);

	ata_channel_init(ch, index, legacy[index].cmd, legacy[index].ctl, legacy[index].irq, bm);
	if (bm && piix_alloc_prd(ch)) {
		pr_warn("ata%u: no memory for the PRD table: PIO only\n", index);
		ch->bm_base = 0;
	}
	if (ata_channel_start(ch)) {
		pr_err("ata%u: IRQ %u is taken: channel not used\n", index, ch->irq);
		return;
	}
	pr_info("ata%u: cmd %#x ctl %#x irq %u bmdma %#x\n", index, ch->cmd_base, ch->ctl_base,
		ch->irq, ch->bm_base);
	ata_probe_channel(ch);
	for (unsigned unit = 0; unit < 2; unit++)
		if (ch->dev[unit].class == ATA_DEV_ATA)
			ata_add_disk(&ch->dev[unit]);
}

static int piix_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	ata_use_pio = cmdline_get_ulong("ata.pio", 0) != 0;
	pci_enable_device(pdev);
	pci_set_master(pdev);
	pr_info("ata: PIIX IDE at %02x:%02x.%u, prog-if %#x, %s by default\n", pdev->bus,
		pdev->slot, pdev->func, pdev->prog_if, ata_use_pio ? "PIO (ata.pio=1)" : "DMA");
	for (unsigned index = 0; index < 2; index++)
		piix_setup_channel(pdev, index);
	pdev->driver_data = ata_channels;
	return 0;
}

static const struct pci_device_id piix_ids[] = {
	{ 0x8086, 0x7010, PCI_CLASS_STORAGE_IDE },	/* PIIX3 */
	{ 0 }
};

const struct pci_driver piix_ide_driver = {
	.name = "piix-ide",
	.id_table = piix_ids,
	.probe = piix_probe,
};
