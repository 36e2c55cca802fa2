/*
 * The PCI drivers built into the kernel, in the order pci_init offers
 * devices to them. Each driver file defines its struct pci_driver.
 */
#include "drivers/pci/internal.h"

const struct pci_driver *const pci_builtin_drivers[] = {
	NULL
};
