/*
 * The time-stamp counter as the kernel's clock. QEMU starts the TSC at zero
 * on reset, so ktime_get_ns() is also "time since reset", which the boot log
 * reports. Calibration counts TSC cycles across a 10 ms PIT channel-2 gate, three
 * times, and keeps the shortest (the least disturbed) reading.
 */
#include "kernel/time.h"
#include "kernel/cpu/x86.h"
#include "kernel/cpu/apic.h"

u64 tsc_khz;
volatile u64 jiffies;

#define PIT_HZ		1193182
#define PIT_CH2		0x42
#define PIT_CMD		0x43
#define PIT_GATE	0x61

/* Program PIT channel 2 for a one-shot of `ms` (at most 50) and busy-wait
 * until its output goes high. Boot only (CPU 0, before other users). */
void pit_wait_ms(unsigned ms)
{
	u32 count = PIT_HZ * ms / 1000;

	outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);	/* gate on, speaker off */
	outb(PIT_CMD, 0xb0);				/* ch2, lo/hi, mode 0 */
	outb(PIT_CH2, count & 0xff);
	outb(PIT_CH2, count >> 8);
	while (!(inb(PIT_GATE) & 0x20))
		cpu_relax();
	outb(PIT_GATE, inb(PIT_GATE) & ~0x01);
}

static u64 tsc_cycles_over_pit_ms(unsigned ms)
{
	u64 start = rdtsc();

	pit_wait_ms(ms);
	return rdtsc() - start;
}

void tsc_calibrate(void)
{
	u64 best = ~0UL;

	for (int i = 0; i < 3; i++) {
		u64 c = tsc_cycles_over_pit_ms(10);
		if (c < best)
			best = c;
	}
	tsc_khz = best / 10;
	if (!tsc_khz)
		tsc_khz = 1000000;	/* unusable PIT: assume 1 GHz rather than divide by 0 */
}

u64 ktime_get_ns(void)
{
	u64 khz = tsc_khz;

	if (!khz)
		return 0;
	/* cycles * 1e6 / khz, split to avoid overflow */
	u64 c = rdtsc();
	return c / khz * 1000000 + c % khz * 1000000 / khz;
}

void udelay(unsigned long us)
{
	u64 end = rdtsc() + us * (tsc_khz ? tsc_khz : 1000000) / 1000;

	while (rdtsc() < end)
		cpu_relax();
}

void mdelay(unsigned long ms)
{
	while (ms--)
		udelay(1000);
}
