/*
 * Local APIC, in xAPIC (MMIO) mode. Every CPU sees its own LAPIC at the same
 * physical address. The timer runs periodic at HZ; its rate (bus clock /16)
 * is measured once on CPU 0 against a PIT interval and reused by every CPU.
 */
#include "kernel/cpu/apic.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/x86.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/percpu.h"
#include "kernel/time.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/paging.h"

#define LAPIC_ID	0x020
#define LAPIC_TPR	0x080
#define LAPIC_EOI	0x0b0
#define LAPIC_SVR	0x0f0
#define LAPIC_ESR	0x280
#define LAPIC_ICR_LO	0x300
#define LAPIC_ICR_HI	0x310
#define LAPIC_LVT_TIMER	0x320
#define LAPIC_LVT_LINT0	0x350
#define LAPIC_LVT_LINT1	0x360
#define LAPIC_LVT_ERR	0x370
#define LAPIC_TIMER_INIT 0x380
#define LAPIC_TIMER_CUR	0x390
#define LAPIC_TIMER_DIV	0x3e0

#define LVT_MASKED	(1u << 16)
#define TIMER_PERIODIC	(1u << 17)
#define ICR_PENDING	(1u << 12)
#define ICR_NMI		(4u << 8)
#define ICR_INIT	(5u << 8)
#define ICR_STARTUP	(6u << 8)
#define ICR_ASSERT	(1u << 14)
#define ICR_LEVEL	(1u << 15)
#define ICR_ALL_BUT_SELF (3u << 18)

static volatile u32 *lapic;		/* const after CPU 0's lapic_init */
static u32 timer_ticks_per_jiffy;	/* const after calibration */

static inline u32 lapic_read(u32 reg) { return lapic[reg / 4]; }
static inline void lapic_write(u32 reg, u32 v) { lapic[reg / 4] = v; (void)lapic[LAPIC_ID / 4]; }

u32 lapic_id(void)
{
	return lapic_read(LAPIC_ID) >> 24;
}

void lapic_eoi(void)
{
	lapic_write(LAPIC_EOI, 0);
}

void lapic_init(void)
{
	if (!lapic) {
		lapic = ioremap(madt.lapic_phys, PAGE_SIZE);
		if (!lapic)
			panic("cannot map the local APIC");
	}
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1 << 11));	/* global enable */
	lapic_write(LAPIC_TPR, 0);
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT0, LVT_MASKED);
	lapic_write(LAPIC_LVT_LINT1, LVT_MASKED);
	lapic_write(LAPIC_LVT_ERR, LVT_MASKED);
	lapic_write(LAPIC_ESR, 0);
	lapic_write(LAPIC_SVR, 0x100 | SPURIOUS_VECTOR);	/* software enable */
	lapic_eoi();
}

static void icr_wait(void)
{
	for (int i = 0; i < 1000000 && (lapic_read(LAPIC_ICR_LO) & ICR_PENDING); i++)
		cpu_relax();
}

/* Any context; IRQs are disabled around the two ICR writes. */
static void icr_send(u32 dest, u32 lo)
{
	unsigned long flags;

	local_irq_save(flags);
	icr_wait();
	lapic_write(LAPIC_ICR_HI, dest << 24);
	lapic_write(LAPIC_ICR_LO, lo);
	icr_wait();
	local_irq_restore(flags);
}

void apic_send_ipi(u32 apic_id, u8 vector)
{
	icr_send(apic_id, vector);
}

void apic_send_nmi_allbutself(void)
{
	icr_send(0, ICR_NMI | ICR_ALL_BUT_SELF | ICR_ASSERT);
}

void apic_send_init(u32 apic_id)
{
	icr_send(apic_id, ICR_INIT | ICR_ASSERT | ICR_LEVEL);
	udelay(200);
	icr_send(apic_id, ICR_INIT | ICR_LEVEL);	/* deassert */
}

void apic_send_startup(u32 apic_id, u8 page)
{
	icr_send(apic_id, ICR_STARTUP | page);
}

void lapic_timer_calibrate(void)
{
	lapic_write(LAPIC_TIMER_DIV, 0x3);		/* divide by 16 */
	lapic_write(LAPIC_LVT_TIMER, LVT_MASKED);
	lapic_write(LAPIC_TIMER_INIT, 0xffffffff);
	pit_wait_ms(10);
	u32 elapsed = 0xffffffff - lapic_read(LAPIC_TIMER_CUR);
	lapic_write(LAPIC_TIMER_INIT, 0);
	timer_ticks_per_jiffy = (u32)((u64)elapsed * 100 / HZ);	/* 10 ms measured */
	if (!timer_ticks_per_jiffy)
		timer_ticks_per_jiffy = 100000;
	pr_info("lapic: timer %u kHz (bus/16), %u counts per tick at HZ=%d\n",
		elapsed / 10, timer_ticks_per_jiffy, HZ);
}

void lapic_timer_start(void)
{
	lapic_write(LAPIC_TIMER_DIV, 0x3);
	lapic_write(LAPIC_LVT_TIMER, TIMER_PERIODIC | LOCAL_TIMER_VECTOR);
	lapic_write(LAPIC_TIMER_INIT, timer_ticks_per_jiffy);
}
