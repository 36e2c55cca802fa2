/*
 * Console multiplexer. Output: serial and VGA, written under printk_lock
 * (the only caller of console_write besides panic). Input: a ring buffer
 * filled from the serial interrupt, drained by console_getc(), protected by
 * console_in_lock (IRQ-safe spinlock) with a wait queue for readers.
 */
#include "drivers/console/console.h"
#include "drivers/console/vga.h"
#include "drivers/serial/uart16550.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sched/wait.h"

#define INPUT_BUF 256

static DEFINE_SPINLOCK(console_in_lock);
static char in_buf[INPUT_BUF];		/* console_in_lock */
static unsigned in_head, in_tail;	/* console_in_lock */
static DECLARE_WAIT_QUEUE_HEAD(console_in_wait);

void console_write(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
		vga_putc(s[i]);
	}
}

void console_input_char(char c)
{
	unsigned long flags;

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
