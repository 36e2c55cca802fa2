/*
 * The I/O APIC routes device interrupt lines (GSIs) to CPUs. ISA IRQ n is
 * GSI n unless the MADT has an interrupt source override (QEMU moves the
 * PIT, IRQ 0, to GSI 2). The legacy 8259 PICs are remapped away from the
 * exception vectors and masked: everything comes through the I/O APIC.
 */
#include "kernel/cpu/apic.h"
#include "kernel/cpu/x86.h"
#include "kernel/sync/spinlock.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/paging.h"

#define IOREGSEL	0x00
#define IOWIN		0x10
#define IOAPIC_VER	0x01
#define REDTBL(n)	(0x10 + 2 * (n))
#define RED_MASKED	(1u << 16)
#define RED_LEVEL	(1u << 15)
#define RED_ACTIVE_LOW	(1u << 13)

static volatile u32 *ioapic;		/* const after init */
static unsigned ioapic_pins;		/* const after init */
static DEFINE_SPINLOCK(ioapic_lock);	/* the IOREGSEL/IOWIN register pair */

static u32 ioapic_read(u32 reg)
{
	ioapic[IOREGSEL / 4] = reg;
	return ioapic[IOWIN / 4];
}

static void ioapic_write(u32 reg, u32 v)
{
	ioapic[IOREGSEL / 4] = reg;
	ioapic[IOWIN / 4] = v;
}

static void disable_8259(void)
{
	outb(0x20, 0x11); outb(0xa0, 0x11);	/* ICW1: init */
	outb(0x21, 0x20); outb(0xa1, 0x28);	/* ICW2: vectors 0x20, 0x28 */
	outb(0x21, 0x04); outb(0xa1, 0x02);	/* ICW3: cascade */
	outb(0x21, 0x01); outb(0xa1, 0x01);	/* ICW4: 8086 mode */
	outb(0x21, 0xff); outb(0xa1, 0xff);	/* mask all */
}

void ioapic_init(void)
{
	disable_8259();
	if (!madt.ioapic_phys)
		panic("no I/O APIC in the ACPI MADT");
	ioapic = ioremap(madt.ioapic_phys, PAGE_SIZE);
	if (!ioapic)
		panic("cannot map the I/O APIC");
	ioapic_pins = ((ioapic_read(IOAPIC_VER) >> 16) & 0xff) + 1;
	for (unsigned i = 0; i < ioapic_pins; i++) {
		ioapic_write(REDTBL(i), RED_MASKED);
		ioapic_write(REDTBL(i) + 1, 0);
	}
	pr_info("ioapic: %u pins at %#lx, GSI base %u\n", ioapic_pins,
		madt.ioapic_phys, madt.ioapic_gsi_base);
}

/* Route ISA IRQ irq to vector on the CPU with dest_apic_id, unmasked. */
void ioapic_route_isa_irq(unsigned irq, u8 vector, u32 dest_apic_id)
{
	unsigned pin = madt.isa_gsi[irq] - madt.ioapic_gsi_base;
	u16 flags = madt.isa_flags[irq];
	u32 lo = vector;
	unsigned long irqf;

	if (pin >= ioapic_pins) {
		pr_err("ioapic: IRQ %u maps to GSI %u, which this I/O APIC lacks\n",
		       irq, madt.isa_gsi[irq]);
		return;
	}
	if ((flags & 3) == 3)		/* polarity: active low */
		lo |= RED_ACTIVE_LOW;
	if (((flags >> 2) & 3) == 3)	/* trigger: level */
		lo |= RED_LEVEL;
	spin_lock_irqsave(&ioapic_lock, irqf);
	ioapic_write(REDTBL(pin) + 1, dest_apic_id << 24);
	ioapic_write(REDTBL(pin), lo);
	spin_unlock_irqrestore(&ioapic_lock, irqf);
}
