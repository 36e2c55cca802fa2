/*
 * ktests of PCI interrupt plumbing (ktest=pci_irq): the run-time IDT
 * vector allocator, and the rules between exclusive (request_irq) and
 * shared (request_shared_irq) ISA lines. Only refusals are provoked: a
 * handler, once attached, cannot be removed.
 */
#include "drivers/pci/pci.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/cmdline.h"
#include "mm/slab.h"

#define SERIAL_IRQ	4	/* COM1: request_irq'd at boot */

KTEST(pci_irq_vectors_alloc_free)
{
	unsigned n = LAST_DYNAMIC_VECTOR - FIRST_DYNAMIC_VECTOR + 1, got = 0;
	int *vec = kcalloc(n + 1, sizeof(int), GFP_KERNEL);
	bool in_range = true, distinct = true;
	int extra, again;

	KT_ASSERT(vec, "no memory");
	for (; got <= n; got++) {
		vec[got] = alloc_irq_vector();
		if (vec[got] < 0)
			break;
		in_range &= vec[got] >= FIRST_DYNAMIC_VECTOR && vec[got] <= LAST_DYNAMIC_VECTOR;
		for (unsigned j = 0; j < got; j++)
			distinct &= vec[j] != vec[got];
	}
	extra = got <= n ? vec[got] : 0;
	for (unsigned i = 0; i < got; i++)
		free_irq_vector(vec[i]);
	/* After giving them all back, one can be had again. */
	again = alloc_irq_vector();
	if (again >= 0)
		free_irq_vector(again);
	kfree(vec);
	if (cmdline_get("virtio_intx", NULL, 0))	/* virtio on INTx: no vector taken */
		KT_ASSERT(got == n, "%u of %u vectors free, but nothing uses MSI-X", got, n);
	else
		KT_ASSERT(got < n, "all %u vectors were free: the virtio devices hold none?", n);
	KT_ASSERT(got > 0, "no free vector at all");
	KT_ASSERT_EQ(extra, -ENOSPC);
	KT_ASSERT(in_range, "a vector outside %#x..%#x", FIRST_DYNAMIC_VECTOR, LAST_DYNAMIC_VECTOR);
	KT_ASSERT(distinct, "one vector handed out twice");
	KT_ASSERT(again >= FIRST_DYNAMIC_VECTOR, "no vector after freeing: %d", again);
}

static bool never_mine(void *data)
{
	return false;
}

KTEST(pci_irq_shared_and_exclusive_lines)
{
	KT_ASSERT_EQ(request_shared_irq(SERIAL_IRQ, never_mine, NULL, "test"), -EBUSY);
	KT_ASSERT_EQ(request_shared_irq(NR_ISA_IRQS, never_mine, NULL, "test"), -EINVAL);
	KT_ASSERT_EQ(request_shared_irq(5, NULL, NULL, "test"), -EINVAL);
}

/* A device whose INTx line is shared (virtio with `virtio_intx`) refuses
 * an exclusive handler; one on MSI-X has INTx turned off in its command
 * register. */
KTEST(pci_irq_msix_turns_intx_off)
{
	struct pci_dev *dev = pci_get_device(0x1af4, 0x1042, NULL);
	u16 cmd;

	KT_ASSERT(dev, "no virtio-blk PCI device");
	cmd = pci_read_config16(dev, PCI_COMMAND);
	if (!dev->msix_nvec) {
		KT_ASSERT(!(cmd & PCI_COMMAND_INTX_DISABLE), "INTx off without MSI-X");
		KT_ASSERT_EQ(request_irq(dev->irq, NULL, NULL, "test"), -EBUSY);
		return;
	}
	KT_ASSERT(cmd & PCI_COMMAND_INTX_DISABLE, "MSI-X on, INTx still enabled");
	KT_ASSERT(pci_read_config16(dev, pci_find_capability(dev, PCI_CAP_ID_MSIX) +
				   PCI_MSIX_FLAGS) & PCI_MSIX_FLAGS_ENABLE, "MSI-X enable bit clear");
	KT_ASSERT(!(dev->msix_table[3] & PCI_MSIX_ENTRY_CTRL_MASKBIT), "entry 0 masked");
	KT_ASSERT_EQ(dev->msix_table[2], dev->msix_vector[0]);
	KT_ASSERT_EQ(dev->msix_table[0] & 0xfff00000u, 0xfee00000u);
}
