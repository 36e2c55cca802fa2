/*
 * The local APIC of each CPU (timer, IPIs, end-of-interrupt) and the I/O
 * APIC that routes the ISA interrupts (serial, PIT, ...) to a CPU.
 */
#ifndef KERNEL_CPU_APIC_H
#define KERNEL_CPU_APIC_H

#include "kernel/types.h"

void lapic_init(void);			/* this CPU's LAPIC: enable, mask LVTs */
u32 lapic_id(void);
void lapic_eoi(void);
void apic_send_ipi(u32 apic_id, u8 vector);
void apic_send_nmi_allbutself(void);
void apic_send_init(u32 apic_id);
void apic_send_startup(u32 apic_id, u8 page);
void lapic_timer_start(void);		/* periodic HZ tick on this CPU */
void lapic_timer_calibrate(void);	/* once, on CPU 0, against the PIT */

void ioapic_init(void);			/* mask everything, disable the 8259 PIC */
void ioapic_route_isa_irq(unsigned irq, u8 vector, u32 dest_apic_id);

/* From the ACPI MADT (kernel/cpu/acpi.c). */
struct madt_info {
	phys_addr_t lapic_phys;
	unsigned nr_cpus;
	u32 cpu_apic_ids[16];
	phys_addr_t ioapic_phys;
	u32 ioapic_gsi_base;
	u32 isa_gsi[16];		/* ISA IRQ -> GSI (interrupt source overrides) */
	u16 isa_flags[16];		/* MPS INTI flags: polarity, trigger */
};
extern struct madt_info madt;
/* Parse the MADT; rsdp_copy is the RSDP from the boot information or NULL. */
int acpi_init(const void *rsdp_copy);	/* 0 or -ENODEV */

/* The PIT (channel 2, polled): busy-wait ms milliseconds. */
void pit_wait_ms(unsigned ms);

#endif
