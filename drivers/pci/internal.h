/* PCI's private parts: the built-in drivers pci_init probes, in order. */
#ifndef DRIVERS_PCI_INTERNAL_H
#define DRIVERS_PCI_INTERNAL_H

#include "drivers/pci/pci.h"

/* NULL-terminated; defined in drivers/pci/drivers.c. */
extern const struct pci_driver *const pci_builtin_drivers[];

#endif
