/*
 * procfs files about time, CPU use and the kernel log: /proc/uptime,
 * /proc/loadavg, /proc/stat and /proc/kmsg. Registered at boot by
 * proc_register_kernel_entries() (entries.c).
 *
 * /proc/kmsg here is a snapshot of the log ring taken at open (like
 * `dmesg`), not Linux's blocking, consuming reader: reading it twice
 * gives the text twice. syslog(2) (kernel/user/sys_syslog.c) reads the
 * same ring.
 */
#include "fs/proc/internal.h"
#include "fs/seq_file.h"
#include "kernel/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/time/clock.h"
#include "kernel/cpu/percpu.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/slab.h"

#define KMSG_SIZE	(64 * 1024)	/* the ring's size (kernel/printk.c) */

/* "uptime idle": seconds since reset, and the CPUs' summed idle time. */
struct cpu_times {
	u64 user, system, idle;		/* ticks */
	unsigned running;
};

static void sum_task_times(struct task_struct *t, void *arg)
{
	struct cpu_times *ct = arg;

	if (t->pid == 0) {
		ct->idle += READ_ONCE(t->stime_ticks) + READ_ONCE(t->utime_ticks);
		return;
	}
	ct->user += READ_ONCE(t->utime_ticks);
	ct->system += READ_ONCE(t->stime_ticks);
	if (READ_ONCE(t->state) == TASK_RUNNING)
		ct->running++;
}

static int uptime_show(struct seq_file *m, void *v)
{
	u64 ns = ktime_get_ns();
	struct cpu_times ct = { 0 };
	u64 idle_cs;

	for_each_task(sum_task_times, &ct);
	idle_cs = ct.idle * (TICK_NSEC / 10000000);	/* hundredths */
	seq_printf(m, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(ns / NSEC_PER_SEC),
		   (unsigned long long)(ns / 10000000 % 100), (unsigned long long)(idle_cs / 100),
		   (unsigned long long)(idle_cs % 100));
	return 0;
}

/* Load averages are not computed: zeros, then running/total and the last
 * pid handed out (unknown here: 0). */
static int loadavg_show(struct seq_file *m, void *v)
{
	struct cpu_times ct = { 0 };

	for_each_task(sum_task_times, &ct);
	seq_printf(m, "0.00 0.00 0.00 %u/%u 0\n", ct.running, nr_tasks());
	return 0;
}

/* The first lines of Linux's /proc/stat: the "cpu" totals (user, nice,
 * system, idle, iowait, irq, softirq, steal, guest, guest_nice, in
 * USER_HZ ticks), btime (the wall time of boot), the running count. */
static int stat_show(struct seq_file *m, void *v)
{
	struct cpu_times ct = { 0 };
	u64 boot = (ktime_get_real_ns() - ktime_get_ns()) / NSEC_PER_SEC;

	for_each_task(sum_task_times, &ct);
	seq_printf(m, "cpu  %llu 0 %llu %llu 0 0 0 0 0 0\n", (unsigned long long)ct.user,
		   (unsigned long long)ct.system, (unsigned long long)ct.idle);
	seq_printf(m, "btime %llu\nprocs_running %u\nprocs_blocked 0\n",
		   (unsigned long long)boot, ct.running);
	return 0;
}

static int kmsg_show(struct seq_file *m, void *v)
{
	char *buf = kmalloc(KMSG_SIZE, GFP_KERNEL);
	size_t n;

	if (!buf)
		return -ENOMEM;
	n = printk_log_read(buf, KMSG_SIZE);
	seq_write(m, buf, n);
	kfree(buf);
	return 0;
}

static void must(struct proc_dir_entry *de, const char *name)
{
	if (IS_ERR(de))
		panic("procfs: cannot register /proc/%s (%ld)", name, PTR_ERR(de));
}

void proc_register_time_entries(void)
{
	must(proc_create_single("uptime", uptime_show), "uptime");
	must(proc_create_single("loadavg", loadavg_show), "loadavg");
	must(proc_create_single("stat", stat_show), "stat");
	must(proc_create_single_data("kmsg", 0400, NULL, kmsg_show, NULL), "kmsg");
}
