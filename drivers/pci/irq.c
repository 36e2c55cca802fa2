/*
 * PCI interrupts: the legacy INTx line, shared with other devices through
 * request_shared_irq(), and MSI-X, whose table entries each get an IDT
 * vector of their own (kernel/cpu/vectors.c). See drivers/pci/pci.h.
 *
 * Locks: none of its own. A device's MSI-X state belongs to its driver,
 * which enables it once at probe (process context).
 */
#include "drivers/pci/pci.h"
#include "kernel/cpu/percpu.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "mm/paging.h"

#define MSI_ADDRESS_BASE	0xfee00000u	/* LAPIC message window */
#define MSI_DEST_ID_SHIFT	12

int pci_request_intx(struct pci_dev *dev, pci_intx_handler_t handler, void *data,
		     const char *name)
{
	u16 cmd;

	if (!dev->pin || dev->irq >= NR_ISA_IRQS)
		return -ENODEV;
	cmd = pci_read_config16(dev, PCI_COMMAND);
	if (cmd & PCI_COMMAND_INTX_DISABLE)
		pci_write_config16(dev, PCI_COMMAND, cmd & ~PCI_COMMAND_INTX_DISABLE);
	return request_shared_irq(dev->irq, handler, data, name);
}

/* The table, mapped uncached: NULL if its BAR is not a memory BAR or the
 * table does not fit in it. */
static volatile u32 *map_msix_table(struct pci_dev *dev, unsigned cap, unsigned entries)
{
	u32 where = pci_read_config32(dev, cap + PCI_MSIX_TABLE);
	unsigned bir = where & PCI_MSIX_TABLE_BIR;
	u64 off = where & ~PCI_MSIX_TABLE_BIR;
	u64 len = (u64)entries * PCI_MSIX_ENTRY_SIZE;
	struct pci_bar *bar;

	if (bir >= PCI_NUM_BARS)
		return NULL;
	bar = &dev->bar[bir];
	if (!bar->size || bar->is_io || off + len > bar->size)
		return NULL;
	return ioremap(bar->addr + off, len);
}

static void free_vectors(struct pci_dev *dev, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free_irq_vector(dev->msix_vector[i]);
}

/* Entry i delivers dev->msix_vector[i] to CPU 0, fixed mode, edge. */
static void program_entry(struct pci_dev *dev, unsigned i)
{
	volatile u32 *e = dev->msix_table + i * (PCI_MSIX_ENTRY_SIZE / 4);

	e[0] = MSI_ADDRESS_BASE | cpu_data[0]->apic_id << MSI_DEST_ID_SHIFT;
	e[1] = 0;
	e[2] = dev->msix_vector[i];
	e[3] &= ~PCI_MSIX_ENTRY_CTRL_MASKBIT;
}

int pci_enable_msix(struct pci_dev *dev, unsigned nvec,
		    const irq_handler_t *handlers, void *data, const char *name)
{
	unsigned cap = pci_find_capability(dev, PCI_CAP_ID_MSIX);
	unsigned entries;
	u16 ctrl;

	if (!cap)
		return -ENODEV;
	if (!nvec || dev->msix_nvec)
		return -EINVAL;
	ctrl = pci_read_config16(dev, cap + PCI_MSIX_FLAGS);
	entries = (ctrl & PCI_MSIX_FLAGS_QSIZE) + 1;
	if (nvec > entries || nvec > PCI_MSIX_MAX_VECS)
		return -ENOSPC;
	if (!dev->msix_table)
		dev->msix_table = map_msix_table(dev, cap, entries);
	if (!dev->msix_table)
		return -ENODEV;
	for (unsigned i = 0; i < nvec; i++) {
		int vec = alloc_irq_vector();
		if (vec < 0) {
			free_vectors(dev, i);
			pr_warn("pci %02x:%02x.%u: %s: no free IDT vector for MSI-X\n",
				dev->bus, dev->slot, dev->func, name);
			return -ENOSPC;
		}
		dev->msix_vector[i] = vec;
		set_vector_handler(vec, handlers[i], data);
	}
	/* Program the entries with the whole function masked, then let go. */
	pci_write_config16(dev, cap + PCI_MSIX_FLAGS,
			   ctrl | PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
	for (unsigned i = 0; i < nvec; i++)
		program_entry(dev, i);
	pci_write_config16(dev, PCI_COMMAND,
			   pci_read_config16(dev, PCI_COMMAND) | PCI_COMMAND_INTX_DISABLE);
	dev->msix_nvec = nvec;
	pci_write_config16(dev, cap + PCI_MSIX_FLAGS,
			   (ctrl | PCI_MSIX_FLAGS_ENABLE) & ~PCI_MSIX_FLAGS_MASKALL);
	pr_info("pci %02x:%02x.%u: %s: MSI-X, %u vector%s from %#x\n", dev->bus,
		dev->slot, dev->func, name, nvec, nvec > 1 ? "s" : "", dev->msix_vector[0]);
	return 0;
}

void pci_disable_msix(struct pci_dev *dev)
{
	unsigned cap = pci_find_capability(dev, PCI_CAP_ID_MSIX);
	u16 ctrl;

	if (!cap || !dev->msix_nvec)
		return;
	for (unsigned i = 0; i < dev->msix_nvec; i++)
		dev->msix_table[i * (PCI_MSIX_ENTRY_SIZE / 4) + 3] |= PCI_MSIX_ENTRY_CTRL_MASKBIT;
	ctrl = pci_read_config16(dev, cap + PCI_MSIX_FLAGS);
	pci_write_config16(dev, cap + PCI_MSIX_FLAGS, ctrl & ~PCI_MSIX_FLAGS_ENABLE);
	pci_write_config16(dev, PCI_COMMAND,
			   pci_read_config16(dev, PCI_COMMAND) & ~PCI_COMMAND_INTX_DISABLE);
	free_vectors(dev, dev->msix_nvec);
	dev->msix_nvec = 0;
}
