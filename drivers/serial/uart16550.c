/*
 * COM1 (0x3f8). Output is polled: wait for the transmit-holding register to
 * empty, then write. Input raises IRQ 4; the handler drains the receive FIFO
 * into the console's input buffer.
 */
#include "drivers/serial/uart16550.h"
#include "drivers/console/console.h"
#include "kernel/cpu/x86.h"
#include "kernel/cpu/interrupts.h"

#define COM1	0x3f8
#define THR	0	/* transmit holding (write) */
#define RBR	0	/* receive buffer (read) */
#define IER	1
#define FCR	2
#define LCR	3
#define MCR	4
#define LSR	5
#define LSR_DR		0x01
#define LSR_THRE	0x20
#define COM1_IRQ	4

static bool serial_present;	/* const after init */

void serial_init(void)
{
	outb(COM1 + IER, 0x00);
	outb(COM1 + LCR, 0x80);		/* DLAB: set divisor */
	outb(COM1 + 0, 1);		/* 115200 baud */
	outb(COM1 + 1, 0);
	outb(COM1 + LCR, 0x03);		/* 8N1 */
	outb(COM1 + FCR, 0xc7);		/* FIFOs on, cleared, 14-byte threshold */
	outb(COM1 + MCR, 0x0b);		/* DTR, RTS, OUT2 (IRQ line enable) */
	serial_present = inb(COM1 + LSR) != 0xff;
}

void serial_putc(char c)
{
	if (!serial_present)
		return;
	for (int spins = 0; !(inb(COM1 + LSR) & LSR_THRE) && spins < 100000; spins++)
		cpu_relax();
	outb(COM1 + THR, (u8)c);
}

/* IRQ 4 handler: hardirq context, must not sleep. */
static void serial_irq(struct pt_regs *regs, void *data)
{
	while (inb(COM1 + LSR) & LSR_DR)
		console_input_char((char)inb(COM1 + RBR));
}

void serial_enable_irq(void)
{
	if (!serial_present)
		return;
	request_irq(COM1_IRQ, serial_irq, NULL, "serial");
	outb(COM1 + IER, 0x01);		/* received-data interrupt */
}
