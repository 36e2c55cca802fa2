/*
 * The command line of a process, for /proc/<pid>/cmdline: its argv
 * strings (each NUL-terminated) as the last execve received them, at most
 * CMDLINE_MAX bytes. An immutable, reference-counted copy: fork shares the
 * parent's, execve replaces it, exit drops it.
 *
 * Locking: task->cmdline is written by the owner task under task_lock();
 * readers take a reference under task_lock() and read it unlocked.
 */
#ifndef KERNEL_USER_CMDLINE_H
#define KERNEL_USER_CMDLINE_H

#include "kernel/types.h"

#define CMDLINE_MAX	4096

struct task_struct;

struct task_cmdline {
	int refs;		/* atomic */
	size_t len;		/* const */
	char data[];		/* const: the strings */
};

/* execve: the current task's argv (kernel strings) becomes its command
 * line; on no memory it has none. May sleep. */
void task_cmdline_set_exec(char *const argv[], int argc);
/* fork: the child shares the parent's (the child has not run yet). */
void task_cmdline_fork(struct task_struct *child, struct task_struct *parent);
/* exit: drop the current task's. */
void task_cmdline_exit(struct task_struct *t);
/* A reference to t's command line, or NULL; task_cmdline_put() it. */
struct task_cmdline *task_cmdline_get(struct task_struct *t);
void task_cmdline_put(struct task_cmdline *cl);

#endif
