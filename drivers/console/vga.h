/* VGA text mode (80x25 at 0xb8000): a mirror of the serial console. */
#ifndef DRIVERS_CONSOLE_VGA_H
#define DRIVERS_CONSOLE_VGA_H

void vga_init(void);
void vga_putc(char c);	/* caller serialises (printk_lock) */

#endif
