/*
 * VGA text console. Writes cells at 0xb8000 (through the direct map once it
 * exists, through the boot identity map before) and scrolls. Serialised by
 * its only callers, console_write() and console_write_tty(), under
 * console_out_lock.
 */
#include "drivers/console/vga.h"
#include "kernel/types.h"
#include "kernel/cpu/x86.h"
#include "mm/paging.h"

#define COLS 80
#define ROWS 25
#define ATTR 0x07

static unsigned row, col;	/* console_out_lock */

static volatile u16 *vga_mem(void)
{
	return (volatile u16 *)phys_to_virt(0xb8000);
}

static void vga_cursor(void)
{
	u16 pos = row * COLS + col;

	outb(0x3d4, 0x0f);
	outb(0x3d5, pos & 0xff);
	outb(0x3d4, 0x0e);
	outb(0x3d5, pos >> 8);
}

void vga_init(void)
{
	volatile u16 *m = vga_mem();

	for (int i = 0; i < COLS * ROWS; i++)
		m[i] = ATTR << 8 | ' ';
	row = col = 0;
	vga_cursor();
}

static void scroll(void)
{
	volatile u16 *m = vga_mem();

	for (int i = 0; i < COLS * (ROWS - 1); i++)
		m[i] = m[i + COLS];
	for (int i = COLS * (ROWS - 1); i < COLS * ROWS; i++)
		m[i] = ATTR << 8 | ' ';
	row = ROWS - 1;
}

void vga_putc(char c)
{
	volatile u16 *m = vga_mem();

	if (c == '\n') {
		col = 0;
		row++;
	} else if (c == '\r') {
		col = 0;
	} else if (c == '\b') {
		if (col)
			col--;
	} else {
		m[row * COLS + col] = ATTR << 8 | (u8)c;
		if (++col == COLS) {
			col = 0;
			row++;
		}
	}
	if (row == ROWS)
		scroll();
	vga_cursor();
}
