/*
 * The PCI drivers built into the kernel, in the order pci_init offers
 * devices to them. Each driver file defines its struct pci_driver.
 */
#include "drivers/pci/internal.h"

extern const struct pci_driver virtio_blk_pci_driver;	/* drivers/block/virtio_blk.c */
extern const struct pci_driver piix_ide_driver;		/* drivers/ata/piix.c */

const struct pci_driver *const pci_builtin_drivers[] = {
	&virtio_blk_pci_driver,
	&piix_ide_driver,
	NULL
};
