/*
 * ktests of /proc/<pid>/, /proc/self and the time files (ktest=procfs_pid,
 * ktest=procfs_time): a kernel thread's directory appears while it lives
 * and goes when it is gone; stat and status name it; a kernel thread has
 * no /proc/self; uptime, loadavg, stat and kmsg read back sensible text.
 */
#include "fs/proc/proc_fs.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/printk.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/completion.h"
#include "mm/slab.h"

#define TB_BUF	4096

/* Read a whole file into buf (NUL-ended); bytes, or -errno. */
static long read_whole(const char *path, char *buf, size_t len)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	size_t used = 0;
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	while (used < len - 1 && (n = kernel_read(f, buf + used, len - 1 - used)) > 0)
		used += (size_t)n;
	fput(f);
	buf[used] = 0;
	return (long)used;
}

struct sleeper {
	struct completion go;
};

static int sleeper_fn(void *arg)
{
	struct sleeper *s = arg;

	wait_for_completion(&s->go);
	return 0;
}

struct pid_seen {
	struct dir_context ctx;
	const char *want;
	bool found, self;
};

static bool pid_seen_actor(struct dir_context *ctx, const char *name, int len, loff_t pos,
			   u64 ino, unsigned type)
{
	struct pid_seen *c = container_of(ctx, struct pid_seen, ctx);

	if ((size_t)len == strlen(c->want) && !memcmp(name, c->want, (size_t)len))
		c->found = true;
	if (len == 4 && !memcmp(name, "self", 4))
		c->self = true;
	return true;
}

static bool proc_lists(const char *pidname, bool *self)
{
	struct pid_seen c = { .ctx.actor = pid_seen_actor, .want = pidname };
	struct file *f = filp_open("/proc", O_RDONLY | O_DIRECTORY, 0);

	if (IS_ERR(f))
		return false;
	iterate_dir(f, &c.ctx);
	fput(f);
	if (self)
		*self = c.self;
	return c.found;
}

static void pid_dir_body(struct ktest_ctx *__kt, char *buf, struct sleeper *s)
{
	struct task_struct *t = kthread_create(sleeper_fn, s, "procfs-sleeper");
	char path[48], pidname[16], want[48];
	struct kstat st;
	bool self = true;
	long n;

	KT_ASSERT(t != NULL, "no thread");
	snprintf(pidname, sizeof(pidname), "%d", t->pid);
	wake_up_process(t);
	msleep(20);				/* let it reach its wait */
	snprintf(path, sizeof(path), "/proc/%d/stat", t->pid);
	n = read_whole(path, buf, TB_BUF);
	KT_ASSERT(n > 0, "read %s: %ld", path, n);
	snprintf(want, sizeof(want), "%d (procfs-sleeper) I ", t->pid);
	KT_ASSERT(!strncmp(buf, want, strlen(want)), "stat: '%s'", buf);
	snprintf(path, sizeof(path), "/proc/%d/status", t->pid);
	KT_ASSERT(read_whole(path, buf, TB_BUF) > 0, "status");
	snprintf(want, sizeof(want), "\nPid:\t%d\n", t->pid);
	KT_ASSERT(strstr(buf, want) && !strncmp(buf, "Name:\tprocfs-sleeper\n", 21),
		  "status: '%s'", buf);
	snprintf(path, sizeof(path), "/proc/%d/cmdline", t->pid);
	KT_ASSERT_EQ(read_whole(path, buf, TB_BUF), 0);	/* a kernel thread: empty */
	snprintf(path, sizeof(path), "/proc/%d/comm", t->pid);
	KT_ASSERT(read_whole(path, buf, TB_BUF) > 0 && !strcmp(buf, "procfs-sleeper\n"),
		  "comm: '%s'", buf);
	snprintf(path, sizeof(path), "/proc/%d/nothing", t->pid);
	KT_ASSERT_EQ(read_whole(path, buf, TB_BUF), -ENOENT);
	snprintf(path, sizeof(path), "/proc/%d", t->pid);
	KT_ASSERT_EQ(vfs_stat(path, &st), 0);
	KT_ASSERT(S_ISDIR(st.mode), "mode %o", st.mode);
	KT_ASSERT(proc_lists(pidname, &self), "readdir of /proc lacks %s", pidname);
	KT_ASSERT(!self, "a kernel thread sees /proc/self");

	complete(&s->go);
	for (int i = 0; i < 100 && vfs_stat(path, &st) == 0; i++)
		msleep(10);
	KT_ASSERT_EQ(vfs_stat(path, &st), -ENOENT);
	snprintf(path, sizeof(path), "/proc/%d/stat", t->pid);
	KT_ASSERT_EQ(read_whole(path, buf, TB_BUF), -ENOENT);
	KT_ASSERT(!proc_lists(pidname, NULL), "readdir still lists %s", pidname);
}

KTEST(procfs_pid_dir_lives_with_its_task)
{
	char *buf = kmalloc(TB_BUF, GFP_KERNEL);
	struct sleeper s;

	KT_ASSERT(buf, "no memory");
	init_completion(&s.go);
	pid_dir_body(__kt, buf, &s);
	kfree(buf);
}

KTEST(procfs_pid_bad_names)
{
	struct kstat st;

	KT_ASSERT_EQ(vfs_stat("/proc/self", &st), -ENOENT);	/* kernel thread */
	KT_ASSERT_EQ(vfs_stat("/proc/0", &st), -ENOENT);
	KT_ASSERT_EQ(vfs_stat("/proc/01", &st), -ENOENT);
	KT_ASSERT_EQ(vfs_stat("/proc/-1", &st), -ENOENT);
	KT_ASSERT_EQ(vfs_stat("/proc/99999999", &st), -ENOENT);
	KT_ASSERT_EQ(vfs_stat("/proc/12x", &st), -ENOENT);
}

KTEST(procfs_time_files)
{
	char *buf = kmalloc(64 * 1024 + 1, GFP_KERNEL);
	unsigned long secs;

	KT_ASSERT(buf, "no memory");
	KT_ASSERT(read_whole("/proc/uptime", buf, 4096) > 0, "uptime");
	secs = simple_strtoul(buf, NULL, 10);
	KT_ASSERT(strchr(buf, '.') && secs < 100000, "uptime: '%s'", buf);
	KT_ASSERT(read_whole("/proc/loadavg", buf, 4096) > 0 && !strncmp(buf, "0.00 0.00 0.00 ", 15),
		  "loadavg: '%s'", buf);
	KT_ASSERT(read_whole("/proc/stat", buf, 4096) > 0 && !strncmp(buf, "cpu  ", 5) &&
		  strstr(buf, "\nbtime "), "stat: '%s'", buf);
	printk("procfs-kmsg-marker-4711\n");
	KT_ASSERT(read_whole("/proc/kmsg", buf, 64 * 1024 + 1) > 0 &&
		  strstr(buf, "procfs-kmsg-marker-4711\n"), "kmsg lacks the marker");
	kfree(buf);
}
