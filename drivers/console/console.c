/*
 * Console multiplexer.
 *
 * Output goes to serial and VGA, under console_out_lock (a raw spinlock
 * taken with IRQs off: printk writes through here while it holds its own
 * raw printk_lock, and the tty echoes from the serial interrupt). Kernel
 * messages (console_write) get "\r\n" for "\n" on the serial line; tty
 * output (console_write_tty) arrives already mapped by the line
 * discipline. When a kernel message starts while the tty has left a
 * partial line (a prompt, say), the message begins on a new line.
 *
 * Input: each byte from the serial interrupt goes to the input handler
 * when one is set (the console tty while a file has it open), and
 * otherwise into a ring buffer (console_in_lock, IRQ-safe) that
 * console_getc() readers (the kernel monitor) sleep on.
 */
#include "drivers/console/console.h"
#include "drivers/console/vga.h"
#include "drivers/serial/uart16550.h"
#include "kernel/sync/arch_spinlock.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sched/wait.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/x86.h"
#include "kernel/cpu/percpu.h"
#include "kernel/panic.h"

#define INPUT_BUF 256

static arch_spinlock_t console_out_lock = ARCH_SPIN_LOCK_UNLOCKED;
static int console_out_owner = -1;	/* console_out_lock: the CPU holding it */
static bool tty_line_open;		/* console_out_lock: the tty's last byte was not '\n' */

static void (*input_handler)(char c);	/* atomic: set while the console tty is open */

static DEFINE_SPINLOCK(console_in_lock);
static char in_buf[INPUT_BUF];		/* console_in_lock */
static unsigned in_head, in_tail;	/* console_in_lock */
static DECLARE_WAIT_QUEUE_HEAD(console_in_wait);

/*
 * Take console_out_lock (IRQs already off). During a panic a CPU stopped
 * in the middle of output may hold it forever: give up after a while and
 * write anyway, as printk does with its own lock.
 */
static bool out_lock(void)
{
	int me = (int)smp_processor_id();

	if (READ_ONCE(panic_cpu) < 0) {
		arch_spin_lock(&console_out_lock);
		console_out_owner = me;
		return true;
	}
	/* Stopped by the panic's NMI in the middle of a write of our own:
	 * the lock will never come back, write at once. */
	if (READ_ONCE(console_out_owner) == me)
		return false;
	for (long spins = 0; spins < 50000000; spins++) {
		if (arch_spin_trylock(&console_out_lock)) {
			console_out_owner = me;
			return true;
		}
		cpu_relax();
	}
	return false;
}

static void out_unlock(bool locked)
{
	if (locked) {
		console_out_owner = -1;
		arch_spin_unlock(&console_out_lock);
	}
}

void console_write(const char *s, size_t n)
{
	unsigned long flags;
	bool locked;

	local_irq_save(flags);
	locked = out_lock();
	if (tty_line_open && n) {
		serial_putc('\r');
		serial_putc('\n');
		vga_putc('\n');
		tty_line_open = false;
	}
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
		vga_putc(s[i]);
	}
	out_unlock(locked);
	local_irq_restore(flags);
}

void console_write_tty(const char *s, size_t n)
{
	unsigned long flags;
	bool locked;

	if (!n)
		return;
	local_irq_save(flags);
	locked = out_lock();
	for (size_t i = 0; i < n; i++) {
		serial_putc(s[i]);
		vga_putc(s[i]);
	}
	tty_line_open = s[n - 1] != '\n';
	out_unlock(locked);
	local_irq_restore(flags);
}

void console_set_input_handler(void (*fn)(char c))
{
	WRITE_ONCE(input_handler, fn);
}

void console_input_char(char c)
{
	void (*handler)(char) = READ_ONCE(input_handler);
	unsigned long flags;

	if (handler) {
		handler(c);
		return;
	}
	spin_lock_irqsave(&console_in_lock, flags);
	if (in_head - in_tail < INPUT_BUF)
		in_buf[in_head++ % INPUT_BUF] = c;
	spin_unlock_irqrestore(&console_in_lock, flags);
	wake_up(&console_in_wait);
}

static bool input_pending(void)
{
	return READ_ONCE(in_head) != READ_ONCE(in_tail);
}

int console_getc(void)
{
	unsigned long flags;
	int c = -1;

	might_sleep();
	while (c < 0) {
		wait_event(console_in_wait, input_pending());
		spin_lock_irqsave(&console_in_lock, flags);
		if (in_head != in_tail)
			c = (unsigned char)in_buf[in_tail++ % INPUT_BUF];
		spin_unlock_irqrestore(&console_in_lock, flags);
	}
	return c;
}
