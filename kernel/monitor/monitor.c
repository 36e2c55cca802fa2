/*
 * The kernel monitor: a line-oriented prompt on the console, run by the
 * "monitor" kernel thread, so a student can look inside the running kernel
 * before user space exists. It echoes what is typed and handles backspace.
 */
#include "kernel/monitor/monitor.h"
#include "kernel/ktest/ktest.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/lockdep.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/time.h"
#include "drivers/console/console.h"
#include "fs/vfs/file.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/inode.h"
#include "kernel/errno.h"
#include "mm/page_alloc.h"

struct command {
	const char *name;
	const char *help;
	void (*run)(const char *args);
};

static void cmd_help(const char *args);

static void cmd_ps(const char *args) { sched_print_tasks(); }
static void cmd_uptime(const char *args)
{
	u64 ms = ktime_get_ns() / NSEC_PER_MSEC;

	printk("up %lu.%03lu s, jiffies %lu, %u CPUs\n", ms / 1000, ms % 1000, jiffies, nr_cpus_online);
}
static void cmd_mem(const char *args)
{
	page_alloc_print_stats();
	slab_print_stats();
	printk("dcache: %lu dentries (%lu unused); icache: %lu inodes\n",
	       dcache_nr_dentry(), dcache_nr_unused(), icache_nr_inodes());
}
static void cmd_lockstat(const char *args)
{
	if (!strcmp(args, "reset")) {
		lockstat_reset();
		printk("lockstat: counters reset\n");
	} else {
		lockstat_print();
	}
}
static void cmd_lockdep(const char *args) { lockdep_print_summary(); }
static void cmd_ktest(const char *args) { ktest_run_all(args); }
/* Print a file, e.g. "cat /proc/lockstat". */
static void cmd_cat(const char *args)
{
	char buf[256];
	struct file *f = filp_open(args, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f)) {
		printk("cat: %s: error %ld\n", args, PTR_ERR(f));
		return;
	}
	while ((n = kernel_read(f, buf, sizeof(buf) - 1)) > 0) {
		buf[n] = 0;
		printk(KERN_CONT "%s", buf);
	}
	if (n < 0)
		printk("cat: %s: read error %ld\n", args, (long)n);
	fput(f);
}

static bool ls_entry(struct dir_context *ctx, const char *name, int len, loff_t pos,
		     u64 ino, unsigned type)
{
	printk("%8lu %.*s%s\n", (unsigned long)ino, len, name, type == DT_DIR ? "/" : "");
	return true;
}

/* List a directory, e.g. "ls /proc". */
static void cmd_ls(const char *args)
{
	struct dir_context ctx = { .actor = ls_entry };
	struct file *f = filp_open(*args ? args : "/", O_RDONLY | O_DIRECTORY, 0);
	int err;

	if (IS_ERR(f)) {
		printk("ls: %s: error %ld\n", args, PTR_ERR(f));
		return;
	}
	err = iterate_dir(f, &ctx);
	if (err)
		printk("ls: error %d\n", err);
	fput(f);
}

static void cmd_poweroff(const char *args) { printk("Lockstep: power off\n"); qemu_exit(0); }
static void cmd_panic(const char *args) { panic("requested from the monitor"); }

static const struct command commands[] = {
	{ "help", "list commands", cmd_help },
	{ "ps", "list tasks with state and CPU", cmd_ps },
	{ "uptime", "time since reset", cmd_uptime },
	{ "mem", "page and slab allocator state", cmd_mem },
	{ "lockstat", "lock statistics per class ('lockstat reset' zeroes them)", cmd_lockstat },
	{ "lockdep", "lock validator report counts", cmd_lockdep },
	{ "ktest", "run in-kernel tests ('ktest NAME' for a subset); exits QEMU when done", cmd_ktest },
	{ "ls", "list a directory ('ls /proc')", cmd_ls },
	{ "cat", "print a file ('cat /proc/lockstat', 'cat /etc/motd')", cmd_cat },
	{ "panic", "panic on purpose (see the backtrace format)", cmd_panic },
	{ "poweroff", "leave QEMU", cmd_poweroff },
};

static void cmd_help(const char *args)
{
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		printk("  %-10s %s\n", commands[i].name, commands[i].help);
}

static void run_line(char *line)
{
	char *args = strchr(line, ' ');

	if (args)
		*args++ = 0;
	else
		args = line + strlen(line);
	if (!*line)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
		if (!strcmp(line, commands[i].name)) {
			commands[i].run(args);
			return;
		}
	}
	printk("unknown command '%s'; try 'help'\n", line);
}

/* Read one line with echo and backspace handling. Sleeps in console_getc(). */
static void read_line(char *buf, size_t len)
{
	size_t n = 0;

	for (;;) {
		int c = console_getc();

		if (c == '\r' || c == '\n') {
			printk(KERN_CONT "\n");
			break;
		}
		if ((c == 0x7f || c == '\b') && n) {
			n--;
			printk(KERN_CONT "\b \b");
		} else if (c >= ' ' && c < 0x7f && n + 1 < len) {
			buf[n++] = (char)c;
			printk(KERN_CONT "%c", c);
		}
	}
	buf[n] = 0;
}

static int monitor_thread(void *unused)
{
	char line[128];

	printk("Lockstep monitor: type 'help' for commands\n");
	for (;;) {
		printk("lockstep> ");
		read_line(line, sizeof(line));
		run_line(line);
	}
	return 0;
}

void monitor_start(void)
{
	if (!kthread_run(monitor_thread, NULL, "monitor"))
		pr_err("monitor: cannot start\n");
}
