/*
 * Time: the TSC (calibrated against the PIT at boot) gives nanoseconds since
 * reset; the LAPIC timer ticks HZ times a second on every CPU and CPU 0
 * advances jiffies.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "kernel/types.h"

#define HZ 100
#define NSEC_PER_SEC 1000000000UL
#define NSEC_PER_MSEC 1000000UL

extern volatile u64 jiffies;		/* atomic; written by CPU 0's tick */
extern u64 tsc_khz;			/* const after calibration; 0 before */

u64 ktime_get_ns(void);			/* ns since reset (0 before calibration) */
void tsc_calibrate(void);		/* against PIT channel 2 */
void udelay(unsigned long us);		/* busy-wait */
void mdelay(unsigned long ms);

static inline unsigned long msecs_to_jiffies(unsigned long ms)
{
	return (ms * HZ + 999) / 1000;
}

static inline bool time_after(u64 a, u64 b) { return (s64)(b - a) < 0; }
static inline bool time_after_eq(u64 a, u64 b) { return (s64)(a - b) >= 0; }

#endif
