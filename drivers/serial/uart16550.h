/* 16550 UART on COM1: polled output, interrupt-driven input. */
#ifndef DRIVERS_SERIAL_UART16550_H
#define DRIVERS_SERIAL_UART16550_H

void serial_init(void);		/* 115200 8N1, polled; safe before interrupts */
void serial_enable_irq(void);	/* route IRQ 4 and enable receive interrupts */
void serial_putc(char c);	/* caller serialises (printk_lock) */

#endif
