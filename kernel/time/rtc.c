/*
 * The wall clock: the CMOS real-time clock (MC146818, ports 0x70/0x71),
 * read once on first use and then kept as an offset from the TSC clock.
 * The RTC counts whole seconds in BCD or binary, 12- or 24-hour mode, as
 * its status register B says; QEMU sets it to the host's UTC time.
 *
 * Locking: cmos_lock (IRQ-safe spinlock) serialises the index/data port
 * pair. realtime_offset is one 64-bit word, read and written atomically;
 * the first reader sets it (two first readers agree to within a second).
 */
#include "kernel/time/clock.h"
#include "kernel/sync/spinlock.h"
#include "kernel/cpu/x86.h"
#include "kernel/compiler.h"

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_SECONDS	0x00
#define RTC_MINUTES	0x02
#define RTC_HOURS	0x04
#define RTC_DAY		0x07
#define RTC_MONTH	0x08
#define RTC_YEAR	0x09
#define RTC_STATUS_A	0x0a
#define RTC_STATUS_B	0x0b
#define RTC_CENTURY	0x32
#define RTC_UIP		0x80	/* A: update in progress */
#define RTC_24H		0x02	/* B */
#define RTC_BINARY	0x04	/* B */

static DEFINE_SPINLOCK(cmos_lock);
static s64 realtime_offset;		/* atomic: wall ns - ktime_get_ns() */
static bool realtime_valid;		/* atomic: offset set */

struct rtc_time {
	unsigned sec, min, hour, day, mon, year, century;
};

static unsigned cmos_read(unsigned reg)
{
	outb(CMOS_INDEX, reg);
	return inb(CMOS_DATA);
}

static void rtc_read_raw(struct rtc_time *t)
{
	while (cmos_read(RTC_STATUS_A) & RTC_UIP)
		cpu_relax();
	t->sec = cmos_read(RTC_SECONDS);
	t->min = cmos_read(RTC_MINUTES);
	t->hour = cmos_read(RTC_HOURS);
	t->day = cmos_read(RTC_DAY);
	t->mon = cmos_read(RTC_MONTH);
	t->year = cmos_read(RTC_YEAR);
	t->century = cmos_read(RTC_CENTURY);
}

static unsigned bcd2bin(unsigned v)
{
	return (v & 0x0f) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to year-mon-day (proleptic Gregorian). */
u64 rtc_mktime(unsigned year, unsigned mon, unsigned day, unsigned hour,
	       unsigned min, unsigned sec)
{
	/* Shift the year to start in March, so the leap day comes last. */
	long y = (long)year - (mon <= 2);
	long era = y / 400;
	long yoe = y - era * 400;
	long doy = (153 * (mon + (mon > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	long days = era * 146097 + doe - 719468;

	return (u64)days * 86400 + hour * 3600 + min * 60 + sec;
}

u64 rtc_read_seconds(void)
{
	struct rtc_time a, b;
	unsigned long flags;
	unsigned status;
	bool pm;

	spin_lock_irqsave(&cmos_lock, flags);
	do {				/* two equal reads: no update in between */
		rtc_read_raw(&a);
		rtc_read_raw(&b);
	} while (a.sec != b.sec || a.min != b.min || a.hour != b.hour ||
		 a.day != b.day || a.mon != b.mon || a.year != b.year);
	status = cmos_read(RTC_STATUS_B);
	spin_unlock_irqrestore(&cmos_lock, flags);

	pm = !(status & RTC_24H) && (a.hour & 0x80);
	a.hour &= 0x7f;
	if (!(status & RTC_BINARY)) {
		a.sec = bcd2bin(a.sec);
		a.min = bcd2bin(a.min);
		a.hour = bcd2bin(a.hour);
		a.day = bcd2bin(a.day);
		a.mon = bcd2bin(a.mon);
		a.year = bcd2bin(a.year);
		a.century = bcd2bin(a.century);
	}
	if (!(status & RTC_24H))
		a.hour = (a.hour % 12) + (pm ? 12 : 0);
	a.year += (a.century >= 19 && a.century <= 30) ? a.century * 100 : 2000;
	if (a.mon < 1 || a.mon > 12 || a.day < 1 || a.day > 31)
		return 0;			/* no RTC, or garbage: 1970 */
	return rtc_mktime(a.year, a.mon, a.day, a.hour, a.min, a.sec);
}

u64 ktime_get_real_ns(void)
{
	if (!__atomic_load_n(&realtime_valid, __ATOMIC_ACQUIRE))
		ktime_set_real_ns(rtc_read_seconds() * NSEC_PER_SEC);
	return (u64)(__atomic_load_n(&realtime_offset, __ATOMIC_RELAXED) + (s64)ktime_get_ns());
}

void ktime_set_real_ns(u64 ns)
{
	__atomic_store_n(&realtime_offset, (s64)ns - (s64)ktime_get_ns(), __ATOMIC_RELAXED);
	__atomic_store_n(&realtime_valid, true, __ATOMIC_RELEASE);
}
