/*
 * The system console: output goes to every registered device (16550 serial,
 * VGA text); input comes from the serial port's interrupt handler into a
 * ring buffer that console_getc() readers sleep on.
 */
#ifndef DRIVERS_CONSOLE_CONSOLE_H
#define DRIVERS_CONSOLE_CONSOLE_H

#include "kernel/types.h"

/* Write to every console; any context; the caller serialises (printk_lock). */
void console_write(const char *s, size_t n);
/* Interrupt context: a byte arrived from the keyboard side. */
void console_input_char(char c);
/* Process context: wait for and return one input byte. May sleep. */
int console_getc(void);

#endif
