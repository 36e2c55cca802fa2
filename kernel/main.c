/*
 * kmain: where CPU 0 arrives from boot.S, in long mode on the boot stack with
 * the boot page tables. It brings the machine up in dependency order, starts
 * the other CPUs, then becomes CPU 0's idle task.
 */
#include "kernel/boot/multiboot2.h"
#include "kernel/cmdline.h"
#include "drivers/block/blkdev.h"
#include "drivers/pci/pci.h"
#include "kernel/crashtest.h"
#include "kernel/cpu/apic.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/percpu.h"
#include "kernel/cpu/smp.h"
#include "kernel/ktest/ktest.h"
#include "kernel/monitor/monitor.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/rcu.h"
#include "kernel/time/timer.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "kernel/lib/string.h"
#include "kernel/user/process.h"
#include "kernel/user/syscalls.h"
#include "fs/vfs/vfs.h"
#include "drivers/console/vga.h"
#include "drivers/serial/uart16550.h"
#include "mm/memblock.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "mm/paging.h"
#include "mm/vmscan.h"

void kmain(u32 magic, u32 info) __noreturn;

static struct percpu boot_percpu;
static char ktest_filter[64];

static void early_setup(void)
{
	boot_percpu.cpu = 0;
	percpu_install(&boot_percpu);
	cpu_data[0] = &boot_percpu;
	serial_init();
	vga_init();
	idt_init();
	idt_load();
}

static void parse_cmdline(void)
{
	console_loglevel = (int)cmdline_get_ulong("loglevel", 7);
	sched_seed = cmdline_get_ulong("sched_seed", 0);
	panic_exits_qemu = cmdline_get("ktest", NULL, 0) || cmdline_get("crash", NULL, 0) ||
			   cmdline_get("panic", NULL, 0);
}

static void memory_init(void)
{
	paging_init();
	page_alloc_init();
	slab_init();
}

/* Mount root= as / (if given), then start init= (default /sbin/init) as
 * pid 1. False when there is none: the console monitor then takes the
 * console. */
static bool start_user_space(void)
{
	static char path[64];		/* init reads it after we return */
	int err;

	if (!cmdline_get("init", path, sizeof(path)))
		strlcpy(path, "/sbin/init", sizeof(path));
	prepare_namespace();	/* root= */
	err = start_init(path);
	if (err)
		pr_warn("init: cannot start %s (error %d): console monitor instead\n", path, err);
	return !err;
}

static int ktest_thread(void *unused)
{
	ktest_run_all(ktest_filter);	/* prints the results and leaves QEMU */
	return 0;
}

void kmain(u32 magic, u32 info)
{
	early_setup();
	if (magic == MB2_BOOTLOADER_MAGIC) {
		if (multiboot2_parse(info))
			panic("the multiboot2 boot information is unusable");
	} else if (magic == MB1_BOOTLOADER_MAGIC) {
		if (multiboot1_parse(info))
			panic("the multiboot boot information is unusable");
	} else {
		panic("not booted by a multiboot loader (magic %#x)", magic);
	}
	parse_cmdline();
	printk("Lockstep: booting on %s; command line \"%s\"\n",
	       boot_info.bootloader[0] ? boot_info.bootloader : "an unknown loader",
	       boot_info.cmdline);
	tsc_calibrate();
	pr_info("tsc: %lu.%03lu MHz\n", tsc_khz / 1000, tsc_khz % 1000);
	memory_init();
	lockdep_init();
	if (acpi_init(boot_info.rsdp))
		panic("ACPI MADT missing: cannot find the CPUs and interrupt controllers");
	cpu_setup_common(0);
	ioapic_init();
	sched_init();
	timers_init_cpu(0);
	boot_percpu.online = true;
	nr_cpus_online = 1;
	local_timer_init();
	tlb_init();
	local_irq_enable();
	lockdep_sched_ready();
	rcu_init();
	pci_scan();		/* before the other CPUs: it changes the memory map */
	smp_boot();
	vfs_init();
	syscall_table_init();
	blk_init();
	pci_init();
	kswapd_init();
	serial_enable_irq();
	printk("Lockstep x86-64: %u CPU%s online, %lu MiB RAM (%lu pages free), HZ=%d%s\n",
	       nr_cpus_online, nr_cpus_online > 1 ? "s" : "", boot_info.ram_bytes >> 20,
	       nr_free_pages(), HZ, sched_seed ? ", sched_seed set" : "");
	printk("Lockstep: init done in %lu ms since reset\n", ktime_get_ns() / NSEC_PER_MSEC);
	if (cmdline_get("ktest", ktest_filter, sizeof(ktest_filter))) {
		if (!kthread_run(ktest_thread, NULL, "ktest"))
			panic("cannot start the test thread");
	} else if (cmdline_get("monitor", NULL, 0) || !start_user_space()) {
		monitor_start();
	}
	crashtest_start();
	cpu_idle_loop();
}
