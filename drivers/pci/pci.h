/*
 * PCI: configuration space (port I/O, mechanism #1), the devices found on
 * bus 0 and behind bridges, their BARs, and the drivers that claim them.
 *
 * Boot enumerates once (pci_scan), then probes each registered driver's ID
 * table against the devices found. Drivers register from their own init
 * function, called from pci_init's driver list (drivers/pci/pci.c), so the
 * probe order is fixed and the boot log is the same every time.
 *
 * Interrupts: a device's legacy INTx line is the ISA IRQ its firmware wrote
 * to PCI_INTERRUPT_LINE (QEMU's -machine pc: 5, 9, 10 or 11, level
 * triggered, shared); pci_request_intx() attaches a shared handler through
 * the IOAPIC. MSI-X, where the device has it, gives each queue a vector of
 * its own (pci_enable_msix()).
 */
#ifndef DRIVERS_PCI_PCI_H
#define DRIVERS_PCI_PCI_H

#include "kernel/types.h"
#include "kernel/lib/list.h"
#include "kernel/cpu/interrupts.h"

/* Configuration-space registers (type 0 header). */
#define PCI_VENDOR_ID		0x00
#define PCI_DEVICE_ID		0x02
#define PCI_COMMAND		0x04
#define  PCI_COMMAND_IO		0x1
#define  PCI_COMMAND_MEMORY	0x2
#define  PCI_COMMAND_MASTER	0x4
#define  PCI_COMMAND_INTX_DISABLE 0x400
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x10
#define PCI_CLASS_PROG		0x09
#define PCI_CLASS_DEVICE	0x0a	/* class << 8 | subclass */
#define PCI_HEADER_TYPE		0x0e
#define PCI_BASE_ADDRESS_0	0x10
#define PCI_SUBSYSTEM_ID	0x2e
#define PCI_CAPABILITY_LIST	0x34
#define PCI_INTERRUPT_LINE	0x3c
#define PCI_INTERRUPT_PIN	0x3d
#define PCI_SECONDARY_BUS	0x19	/* type 1 (bridge) header */

#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_VNDR		0x09
#define PCI_CAP_ID_MSIX		0x11

/* MSI-X capability registers (offsets from the capability) and table. */
#define PCI_MSIX_FLAGS		2	/* message control (16 bits) */
#define  PCI_MSIX_FLAGS_QSIZE	0x07ff	/* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL	0x4000
#define  PCI_MSIX_FLAGS_ENABLE	0x8000
#define PCI_MSIX_TABLE		4	/* table offset | BAR indicator */
#define  PCI_MSIX_TABLE_BIR	0x7
#define PCI_MSIX_ENTRY_SIZE	16
#define PCI_MSIX_ENTRY_CTRL_MASKBIT 1
#define PCI_MSIX_MAX_VECS	8	/* vectors one device may enable here */

#define PCI_CLASS_STORAGE_IDE	0x0101
#define PCI_CLASS_BRIDGE_PCI	0x0604

#define PCI_ANY_ID		0xffff
#define PCI_NUM_BARS		6

struct pci_bar {
	u64 addr;			/* bus address (= physical here) */
	u64 size;			/* 0: the device has no such BAR */
	bool is_io;			/* I/O ports rather than memory */
	bool is_64;			/* a 64-bit memory BAR (uses the next slot) */
	bool prefetch;
};

/* One function found at boot. Everything here is const after pci_init,
 * except what its driver keeps (driver, driver_data). */
struct pci_dev {
	struct list_head list;		/* pci_devices */
	u8 bus, slot, func;
	u16 vendor, device;
	u16 class;			/* class << 8 | subclass */
	u8 prog_if;
	u8 revision;
	u16 subsystem_device;
	u8 irq;				/* INTERRUPT_LINE: ISA IRQ of INTx, 0xff none */
	u8 pin;				/* INTERRUPT_PIN: 1..4 = INTA..INTD, 0 none */
	struct pci_bar bar[PCI_NUM_BARS];
	const struct pci_driver *driver;	/* the driver that claimed it */
	void *driver_data;			/* the driver's */
	/* MSI-X, after pci_enable_msix (the driver's). */
	volatile u32 *msix_table;	/* mapped table, 16 bytes per entry */
	unsigned msix_nvec;		/* 0: MSI-X off */
	u8 msix_vector[PCI_MSIX_MAX_VECS];	/* IDT vector of entry i */
};

struct pci_device_id {
	u16 vendor, device;		/* PCI_ANY_ID matches any */
	u16 class;			/* 0: any */
};

struct pci_driver {
	const char *name;
	const struct pci_device_id *id_table;	/* ends with a zero vendor */
	/* Called once per matching device at boot, in process context (may
	 * sleep). Return 0 to claim it. */
	int (*probe)(struct pci_dev *dev, const struct pci_device_id *id);
};

/* Config space of one function; offsets must be naturally aligned. Takes
 * the config-space spinlock with IRQs off (any context). */
u32 pci_read_config32(const struct pci_dev *dev, unsigned off);
u16 pci_read_config16(const struct pci_dev *dev, unsigned off);
u8 pci_read_config8(const struct pci_dev *dev, unsigned off);
void pci_write_config32(const struct pci_dev *dev, unsigned off, u32 v);
void pci_write_config16(const struct pci_dev *dev, unsigned off, u16 v);
void pci_write_config8(const struct pci_dev *dev, unsigned off, u8 v);

/* Offset of the first (next) capability with id, or 0. */
unsigned pci_find_capability(const struct pci_dev *dev, u8 id);
unsigned pci_find_next_capability(const struct pci_dev *dev, unsigned after, u8 id);

/* Turn on memory and I/O decoding and bus mastering (DMA). */
void pci_enable_device(struct pci_dev *dev);
void pci_set_master(struct pci_dev *dev);

/* Map a memory BAR into the kernel (uncached); NULL if it is not a memory
 * BAR or cannot be mapped. */
void *pci_iomap(struct pci_dev *dev, unsigned bar);

/* Attach handler to the device's INTx line, shared with other devices on
 * that line: every handler on the line runs on each interrupt and returns
 * whether its device was the one interrupting. 0, -ENODEV (no INTx), or
 * -EBUSY/-EINVAL from request_irq. Handlers run in hardirq context. */
typedef bool (*pci_intx_handler_t)(void *data);
int pci_request_intx(struct pci_dev *dev, pci_intx_handler_t handler, void *data,
		     const char *name);

/*
 * MSI-X: allocate nvec IDT vectors, program table entries 0..nvec-1 to
 * deliver vector i's interrupt to CPU 0 with handlers[i](regs, data), and
 * enable MSI-X (INTx is then off). Returns 0, -ENODEV if the device has no
 * MSI-X capability, -ENOSPC if it or the IDT has too few vectors.
 */
int pci_enable_msix(struct pci_dev *dev, unsigned nvec,
		    const irq_handler_t *handlers, void *data, const char *name);
/* Turn MSI-X off again (INTx back on) and free its vectors. Process
 * context; the device must no longer be raising them. */
void pci_disable_msix(struct pci_dev *dev);

/* The devices found, for /proc/bus/pci/devices-like listings and lookups. */
extern struct list_head pci_devices;	/* const after pci_init */
struct pci_dev *pci_get_device(u16 vendor, u16 device, struct pci_dev *from);

/* At boot: enumerate before the other CPUs start (pci_scan), then, once
 * the scheduler and the VFS are up, let the drivers probe (pci_init). */
void pci_scan(void);
void pci_init(void);

#endif
