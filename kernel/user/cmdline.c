/*
 * Command lines of processes (see cmdline.h).
 */
#include "kernel/user/cmdline.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "mm/slab.h"

void task_cmdline_put(struct task_cmdline *cl)
{
	if (cl && __atomic_sub_fetch(&cl->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(cl);
}

/* Install cl as t's command line; the old one is dropped. */
static void task_cmdline_replace(struct task_struct *t, struct task_cmdline *cl)
{
	struct task_cmdline *old;

	task_lock(t);
	old = t->cmdline;
	t->cmdline = cl;
	task_unlock(t);
	task_cmdline_put(old);
}

void task_cmdline_set_exec(char *const argv[], int argc)
{
	struct task_cmdline *cl;
	size_t len = 0;

	might_sleep();
	for (int i = 0; i < argc && len < CMDLINE_MAX; i++)
		len += strlen(argv[i]) + 1;
	if (len > CMDLINE_MAX)
		len = CMDLINE_MAX;
	cl = kmalloc(sizeof(*cl) + len, GFP_KERNEL);
	if (cl) {
		size_t at = 0;

		cl->refs = 1;
		cl->len = len;
		for (int i = 0; i < argc && at < len; i++) {
			size_t n = strlen(argv[i]) + 1;

			if (n > len - at)
				n = len - at;
			memcpy(cl->data + at, argv[i], n);
			at += n;
		}
		if (len)
			cl->data[len - 1] = 0;
	}
	task_cmdline_replace(current, cl);
}

void task_cmdline_fork(struct task_struct *child, struct task_struct *parent)
{
	child->cmdline = task_cmdline_get(parent);
}

void task_cmdline_exit(struct task_struct *t)
{
	task_cmdline_replace(t, NULL);
}

struct task_cmdline *task_cmdline_get(struct task_struct *t)
{
	struct task_cmdline *cl;

	task_lock(t);
	cl = t->cmdline;
	if (cl)
		__atomic_fetch_add(&cl->refs, 1, __ATOMIC_RELAXED);
	task_unlock(t);
	return cl;
}
