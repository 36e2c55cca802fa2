/*
 * The console tty: the terminal on the serial line (COM1), with output
 * mirrored on the VGA screen, behind /dev/console, /dev/ttyS0 and (as the
 * controlling tty) /dev/tty.
 *
 * While no file has it open, typed bytes stay with the console's own
 * input ring, where the kernel monitor reads them with console_getc();
 * from the first open to the last close they come here instead.
 *
 * Locking: none of its own; the tty layer calls the hooks under
 * tty->lock, and drivers/console/ serialises the devices.
 */
#include "drivers/tty/tty.h"
#include "drivers/console/console.h"

struct tty_struct console_tty;

static void console_tty_write(struct tty_struct *tty, const char *buf, size_t n)
{
	console_write_tty(buf, n);
}

/* The serial interrupt's bytes while the tty is open. */
static void console_tty_input(char c)
{
	tty_receive_char(&console_tty, c);
}

static void console_tty_open(struct tty_struct *tty)
{
	console_set_input_handler(console_tty_input);
}

static void console_tty_close(struct tty_struct *tty)
{
	console_set_input_handler(NULL);
}

static const struct tty_operations console_tty_ops = {
	.write = console_tty_write,
	.open = console_tty_open,
	.close = console_tty_close,
};

void console_tty_init(void)
{
	tty_init(&console_tty, "console", &console_tty_ops, NULL);
	console_tty.termios.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL;
}
