/*
 * PCI enumeration and configuration space (configuration mechanism #1:
 * the address at port 0xcf8, the data at 0xcfc). See drivers/pci/pci.h.
 *
 * Locks: pci_config_lock (spinlock, IRQs off) serializes the address/data
 * port pair. pci_devices is built once at boot and read-only after.
 */
#include "drivers/pci/pci.h"
#include "drivers/pci/internal.h"
#include "kernel/cpu/x86.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/sync/spinlock.h"
#include "mm/paging.h"
#include "mm/slab.h"

#define PCI_CONFIG_ADDRESS	0xcf8
#define PCI_CONFIG_DATA		0xcfc

static DEFINE_SPINLOCK(pci_config_lock);	/* the 0xcf8/0xcfc port pair */
LIST_HEAD(pci_devices);				/* const after pci_init */

static u32 config_address(const struct pci_dev *dev, unsigned off)
{
	return 0x80000000u | (u32)dev->bus << 16 | (u32)dev->slot << 11 |
	       (u32)dev->func << 8 | (off & 0xfc);
}

/* Any context: takes pci_config_lock with IRQs off. */
u32 pci_read_config32(const struct pci_dev *dev, unsigned off)
{
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONFIG_ADDRESS, config_address(dev, off));
	v = inl(PCI_CONFIG_DATA);
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return v;
}

u16 pci_read_config16(const struct pci_dev *dev, unsigned off)
{
	return (u16)(pci_read_config32(dev, off) >> ((off & 2) * 8));
}

u8 pci_read_config8(const struct pci_dev *dev, unsigned off)
{
	return (u8)(pci_read_config32(dev, off) >> ((off & 3) * 8));
}

void pci_write_config32(const struct pci_dev *dev, unsigned off, u32 v)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONFIG_ADDRESS, config_address(dev, off));
	outl(PCI_CONFIG_DATA, v);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

void pci_write_config16(const struct pci_dev *dev, unsigned off, u16 v)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONFIG_ADDRESS, config_address(dev, off));
	outw(PCI_CONFIG_DATA + (off & 2), v);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

void pci_write_config8(const struct pci_dev *dev, unsigned off, u8 v)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(PCI_CONFIG_ADDRESS, config_address(dev, off));
	outb(PCI_CONFIG_DATA + (off & 3), v);
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

unsigned pci_find_next_capability(const struct pci_dev *dev, unsigned after, u8 id)
{
	unsigned pos = after ? pci_read_config8(dev, after + 1)
			     : pci_read_config8(dev, PCI_CAPABILITY_LIST);

	for (int ttl = 48; pos >= 0x40 && ttl > 0; ttl--) {
		pos &= ~3u;
		if (pci_read_config8(dev, pos) == id)
			return pos;
		pos = pci_read_config8(dev, pos + 1);
	}
	return 0;
}

unsigned pci_find_capability(const struct pci_dev *dev, u8 id)
{
	if (!(pci_read_config16(dev, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	return pci_find_next_capability(dev, 0, id);
}

void pci_enable_device(struct pci_dev *dev)
{
	u16 cmd = pci_read_config16(dev, PCI_COMMAND);

	pci_write_config16(dev, PCI_COMMAND, cmd | PCI_COMMAND_IO | PCI_COMMAND_MEMORY);
}

void pci_set_master(struct pci_dev *dev)
{
	u16 cmd = pci_read_config16(dev, PCI_COMMAND);

	pci_write_config16(dev, PCI_COMMAND, cmd | PCI_COMMAND_MASTER);
}

void *pci_iomap(struct pci_dev *dev, unsigned bar)
{
	if (bar >= PCI_NUM_BARS || !dev->bar[bar].size || dev->bar[bar].is_io)
		return NULL;
	return ioremap(dev->bar[bar].addr, dev->bar[bar].size);
}

struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from)
{
	struct list_head *pos = from ? from->list.next : pci_devices.next;

	for (; pos != &pci_devices; pos = pos->next) {
		struct pci_dev *dev = list_entry(pos, struct pci_dev, list);
		if ((vendor == PCI_ANY_ID || dev->vendor == vendor) &&
		    (device == PCI_ANY_ID || dev->device == device))
			return dev;
	}
	return NULL;
}

/* ---- enumeration ---- */

/* Size one BAR by writing all ones and reading back what sticks; returns
 * how many BAR slots it used (2 for a 64-bit memory BAR). Decoding is off
 * meanwhile so the probe value never decodes. */
static unsigned read_bar(struct pci_dev *dev, unsigned i)
{
	unsigned off = PCI_BASE_ADDRESS_0 + 4 * i;
	u32 lo = pci_read_config32(dev, off), mask, hi = 0, hmask = 0;
	struct pci_bar *b = &dev->bar[i];

	pci_write_config32(dev, off, ~0u);
	mask = pci_read_config32(dev, off);
	pci_write_config32(dev, off, lo);
	if (lo & 1) {			/* I/O space */
		mask |= 0xffff0000u;
		b->is_io = true;
		b->addr = lo & ~3u;
		b->size = mask & ~3u ? (u32)(~(mask & ~3u) + 1) : 0;
		return 1;
	}
	b->prefetch = lo & 8;
	b->is_64 = ((lo >> 1) & 3) == 2;
	if (b->is_64 && i + 1 < PCI_NUM_BARS) {
		hi = pci_read_config32(dev, off + 4);
		pci_write_config32(dev, off + 4, ~0u);
		hmask = pci_read_config32(dev, off + 4);
		pci_write_config32(dev, off + 4, hi);
	}
	u64 full = (u64)hmask << 32 | (mask & ~0xfu);
	if (!b->is_64)
		full |= 0xffffffff00000000ull;
	b->addr = (u64)hi << 32 | (lo & ~0xfu);
	b->size = (mask & ~0xfu) ? ~full + 1 : 0;
	return b->is_64 ? 2 : 1;
}

static void scan_bus(unsigned bus, unsigned depth);

static void add_function(unsigned bus, unsigned slot, unsigned func, unsigned depth)
{
	struct pci_dev probe = { .bus = bus, .slot = slot, .func = func };
	struct pci_dev *dev;
	u16 cmd;

	if (pci_read_config16(&probe, PCI_VENDOR_ID) == 0xffff)
		return;
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		pr_err("pci: out of memory at %02x:%02x.%u\n", bus, slot, func);
		return;
	}
	*dev = probe;
	dev->vendor = pci_read_config16(dev, PCI_VENDOR_ID);
	dev->device = pci_read_config16(dev, PCI_DEVICE_ID);
	dev->class = pci_read_config16(dev, PCI_CLASS_DEVICE);
	dev->prog_if = pci_read_config8(dev, PCI_CLASS_PROG);
	dev->revision = pci_read_config8(dev, PCI_CLASS_PROG - 1);
	dev->irq = pci_read_config8(dev, PCI_INTERRUPT_LINE);
	dev->pin = pci_read_config8(dev, PCI_INTERRUPT_PIN);
	list_add_tail(&dev->list, &pci_devices);
	if ((pci_read_config8(dev, PCI_HEADER_TYPE) & 0x7f) == 1) {
		if (depth < 8)
			scan_bus(pci_read_config8(dev, PCI_SECONDARY_BUS), depth + 1);
		return;
	}
	dev->subsystem_device = pci_read_config16(dev, PCI_SUBSYSTEM_ID);
	/*
	 * Bridges (host, ISA, the chipset's other functions) have no BARs to
	 * size, and turning their decoding off would cut the machine off from
	 * what lies behind them meanwhile. Linux leaves host bridges alone too
	 * (mmio_always_on).
	 */
	if ((dev->class >> 8) == 0x06)
		return;
	cmd = pci_read_config16(dev, PCI_COMMAND);
	pci_write_config16(dev, PCI_COMMAND, cmd & ~(PCI_COMMAND_IO | PCI_COMMAND_MEMORY));
	for (unsigned i = 0; i < PCI_NUM_BARS; i += read_bar(dev, i))
		;
	pci_write_config16(dev, PCI_COMMAND, cmd);
}

static void scan_bus(unsigned bus, unsigned depth)
{
	for (unsigned slot = 0; slot < 32; slot++) {
		struct pci_dev probe = { .bus = bus, .slot = slot };
		unsigned nfunc;

		if (pci_read_config16(&probe, PCI_VENDOR_ID) == 0xffff)
			continue;
		nfunc = pci_read_config8(&probe, PCI_HEADER_TYPE) & 0x80 ? 8 : 1;
		for (unsigned func = 0; func < nfunc; func++)
			add_function(bus, slot, func, depth);
	}
}

static bool id_matches(const struct pci_device_id *id, const struct pci_dev *dev)
{
	return (id->vendor == PCI_ANY_ID || id->vendor == dev->vendor) &&
	       (id->device == PCI_ANY_ID || id->device == dev->device) &&
	       (!id->class || id->class == dev->class);
}

/* Offer every unclaimed device to drv, in bus order. May sleep. */
static void probe_driver(const struct pci_driver *drv)
{
	struct pci_dev *dev;

	list_for_each_entry(dev, &pci_devices, list) {
		if (dev->driver)
			continue;
		for (const struct pci_device_id *id = drv->id_table; id->vendor; id++) {
			if (!id_matches(id, dev))
				continue;
			if (drv->probe(dev, id) == 0)
				dev->driver = drv;
			break;
		}
	}
}

/*
 * Enumerate every bus reachable from bus 0 and log what was found. At
 * boot, before the other CPUs start: sizing a BAR changes the machine's
 * memory map (decoding off, the BAR rewritten, decoding on), and QEMU's
 * multi-threaded TCG can crash when another vCPU touches MMIO (its local
 * APIC, say) while the map changes under it. One CPU, process context.
 */
void pci_scan(void)
{
	struct pci_dev *dev;

	scan_bus(0, 0);
	list_for_each_entry(dev, &pci_devices, list)
		pr_info("pci %02x:%02x.%u: %04x:%04x class %04x irq %u\n", dev->bus,
			dev->slot, dev->func, dev->vendor, dev->device, dev->class,
			dev->pin ? dev->irq : 0);
}

/* Let each built-in driver claim its devices, in the order of
 * pci_builtin_drivers. Process context, at boot, after pci_scan. */
void pci_init(void)
{
	for (const struct pci_driver *const *drv = pci_builtin_drivers; *drv; drv++)
		probe_driver(*drv);
}
