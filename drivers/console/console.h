/*
 * The system console: output goes to every device (16550 serial, VGA
 * text); input comes from the serial port's interrupt handler, either to
 * the console tty (drivers/tty/) while it is open, or into a ring buffer
 * that console_getc() readers (the kernel monitor) sleep on.
 */
#ifndef DRIVERS_CONSOLE_CONSOLE_H
#define DRIVERS_CONSOLE_CONSOLE_H

#include "kernel/types.h"

/* Kernel messages (printk, panic): any context. "\n" goes out as "\r\n"
 * on the serial line; a message never continues a partial tty line.
 * Takes console_out_lock. */
void console_write(const char *s, size_t n);
/* Output of the console tty, already processed by the line discipline
 * (ONLCR...): the bytes as they are. Any context; takes console_out_lock. */
void console_write_tty(const char *s, size_t n);

/* Interrupt context: a byte arrived from the keyboard side. */
void console_input_char(char c);
/* Send input bytes to fn (interrupt context) instead of the ring; NULL
 * gives them back to console_getc(). */
void console_set_input_handler(void (*fn)(char c));
/* Process context: wait for and return one input byte that no input
 * handler took. May sleep. */
int console_getc(void);

#endif
