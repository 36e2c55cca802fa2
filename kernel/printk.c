/*
 * The kernel log. One lock (printk_lock, a raw arch spinlock taken with IRQs
 * off) serialises formatting into the ring and writing to the consoles, so
 * lines from different CPUs never interleave. It is a raw lock because
 * lockdep itself prints through here.
 */
#include "kernel/printk.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/lib/string.h"
#include "kernel/sync/arch_spinlock.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/percpu.h"
#include "kernel/time.h"
#include "kernel/panic.h"
#include "drivers/console/console.h"

#define LOG_BUF_SIZE (64 * 1024)

int console_loglevel = 7;

static arch_spinlock_t printk_lock = ARCH_SPIN_LOCK_UNLOCKED;
static int printk_owner = -1;			/* printk_lock: the CPU holding it */
static bool printk_busted;			/* set once by panic */
static bool at_line_start = true;		/* printk_lock */
static char log_buf[LOG_BUF_SIZE];		/* printk_lock */
static size_t log_head;				/* printk_lock: total bytes ever logged */

static void log_store(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		log_buf[(log_head + i) % LOG_BUF_SIZE] = s[i];
	log_head += n;
}

static void emit(const char *s, size_t n, bool to_console)
{
	log_store(s, n);
	if (to_console)
		console_write(s, n);
}

/*
 * Take printk_lock. While a panic is in progress, a CPU stopped by the panic
 * NMI may hold it forever (it was interrupted mid-message), so give up after
 * a while and print anyway: a garbled line beats a silent hang.
 */
static bool printk_lock_acquire(void)
{
	int me = (int)smp_processor_id();

	if (printk_busted)
		return false;
	if (READ_ONCE(panic_cpu) < 0) {
		arch_spin_lock(&printk_lock);
		printk_owner = me;
		return true;
	}
	/* The panic's NMI stopped this very CPU inside a message: waiting
	 * for ourselves would only delay the report. */
	if (READ_ONCE(printk_owner) == me)
		return false;
	for (long spins = 0; spins < 50000000; spins++) {
		if (arch_spin_trylock(&printk_lock)) {
			printk_owner = me;
			return true;
		}
		cpu_relax();
	}
	return false;
}

static void printk_lock_release(void)
{
	printk_owner = -1;
	arch_spin_unlock(&printk_lock);
}

#define PREFIX_MAX	24	/* "[12345.123456] " and room to spare */

int vprintk(const char *fmt, va_list ap)
{
	char text[512], line[PREFIX_MAX + sizeof(text)];
	int level = 6, n;
	unsigned long flags;
	bool cont = false;

	if (fmt[0] == KERN_SOH[0] && fmt[1]) {
		if (fmt[1] == 'c')
			cont = true;
		else
			level = fmt[1] - '0';
		fmt += 2;
	}
	n = vsnprintf(text, sizeof(text), fmt, ap);
	if (n > (int)sizeof(text) - 1)
		n = sizeof(text) - 1;

	local_irq_save(flags);
	bool locked = printk_lock_acquire();
	bool show = level < console_loglevel;
	for (const char *p = text, *end = text + n; p < end;) {
		const char *nl = p;
		size_t len = 0;

		while (nl < end && *nl != '\n')
			nl++;
		/* Prefix, text and newline go out in one console write, so that
		 * a process writing to the console tty on another CPU cannot
		 * land in the middle of the line. */
		if (at_line_start && !cont) {
			u64 ns = ktime_get_ns();

			len = snprintf(line, PREFIX_MAX, "[%5lu.%06lu] ",
				       ns / 1000000000, ns / 1000 % 1000000);
			if (len >= PREFIX_MAX)
				len = PREFIX_MAX - 1;
		}
		cont = false;
		memcpy(line + len, p, nl - p);
		len += nl - p;
		at_line_start = nl < end;
		if (nl < end) {
			line[len++] = '\n';
			nl++;
		}
		emit(line, len, show);
		p = nl;
	}
	if (locked)
		printk_lock_release();
	local_irq_restore(flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void printk_bust_locks(void)
{
	printk_busted = true;
}

size_t printk_log_read(char *buf, size_t len)
{
	unsigned long flags;
	size_t avail, start;

	local_irq_save(flags);
	arch_spin_lock(&printk_lock);
	printk_owner = (int)smp_processor_id();
	avail = log_head < LOG_BUF_SIZE ? log_head : LOG_BUF_SIZE;
	if (len > avail)
		len = avail;
	start = log_head - len;
	for (size_t i = 0; i < len; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_SIZE];
	printk_lock_release();
	local_irq_restore(flags);
	return len;
}
