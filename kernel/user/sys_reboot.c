/*
 * reboot(2): power off QEMU (the isa-debug-exit port, as the monitor's
 * `poweroff` does), reset the machine, or halt this CPU. Root only, with
 * Linux's two magic numbers. Ctrl-Alt-Del switching is accepted and has
 * no effect (there is no keyboard handler that would look at it).
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/cred.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/x86.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/errno.h"

#define LINUX_REBOOT_MAGIC1	0xfee1dead
#define LINUX_REBOOT_MAGIC2	672274793
#define LINUX_REBOOT_MAGIC2A	85072278
#define LINUX_REBOOT_MAGIC2B	369367448
#define LINUX_REBOOT_MAGIC2C	537993216

#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xCDEF0123
#define LINUX_REBOOT_CMD_CAD_ON		0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321FEDC
#define LINUX_REBOOT_CMD_RESTART2	0xA1B2C3D4

/* Reset: the PCI reset control register, then the keyboard controller,
 * then a triple fault (an empty IDT). */
static void __noreturn machine_restart(void)
{
	static const struct { u16 limit; u64 base; } __attribute__((packed)) no_idt = { 0, 0 };

	printk("reboot: Restarting system\n");
	local_irq_disable();
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);
	for (int i = 0; i < 100000 && (inb(0x64) & 0x02); i++)
		cpu_relax();
	outb(0x64, 0xfe);
	__asm__ volatile("lidt %0; int3" :: "m"(no_idt));
	for (;;)
		hlt();
}

static void __noreturn machine_halt(void)
{
	printk("reboot: System halted\n");
	local_irq_disable();
	for (;;)
		hlt();
}

static long sys_reboot(unsigned magic1, unsigned magic2, unsigned cmd, void *arg)
{
	if (!capable_root())
		return -EPERM;
	if (magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	case LINUX_REBOOT_CMD_POWER_OFF:
		printk("reboot: Power down\n");
		qemu_exit(0);
	case LINUX_REBOOT_CMD_RESTART:
	case LINUX_REBOOT_CMD_RESTART2:
		machine_restart();
	case LINUX_REBOOT_CMD_HALT:
		machine_halt();
	default:
		return -EINVAL;
	}
}
SYSCALL_ENTRY(reboot, sys_reboot);
