/*
 * Processes: creation by fork/vfork/clone, program replacement by execve,
 * exit, and reaping by wait4/waitid. A process is one task (its thread
 * group id is its pid); its parent, children, process group and session
 * live in struct task_struct under tasklist_lock.
 *
 * Life of a process: fork copies the parent's address space (copy-on-
 * write), descriptor table, filesystem context, credentials, signal
 * actions and limits; exit releases them, reparents its children to init,
 * becomes a zombie and tells the parent (SIGCHLD and a wake-up of the
 * parent's wait queue); the parent's wait4 reaps it and frees the task.
 * A process started by the kernel itself (run_user_program) has no parent:
 * its starter waits on a struct user_wait instead, and it is reaped at
 * once.
 */
#ifndef KERNEL_USER_PROCESS_H
#define KERNEL_USER_PROCESS_H

#include "kernel/types.h"
#include "kernel/compiler.h"
#include "kernel/sync/completion.h"
#include "kernel/user/signal_types.h"

struct pt_regs;
struct task_struct;

/* Exit statuses, encoded as Linux's wait4() does. */
#define W_EXITCODE(code, sig)	(((code) & 0xff) << 8 | ((sig) & 0x7f))
#define W_STOPCODE(sig)		((sig) << 8 | 0x7f)
#define W_CONTINUED		0xffff

#define INIT_PID	1	/* the first user process; reserved at boot */

/* The starter's end of a kernel-started process; lives on its stack. */
struct user_wait {
	struct completion done;		/* completed once, by do_exit */
	int status;			/* written before done */
	/* Console output of the process, for tests; owner task only. */
	char *capture;			/* NULL: do not capture */
	size_t capture_size, capture_len;
	size_t console_bytes;		/* bytes it wrote to the console */
};

/* Run the executable at path with argv (NULL-terminated) as a new process
 * with no parent, stdin/stdout/stderr on /dev/console, and wait until it
 * exits. Returns its wait status (W_EXITCODE), or -errno if it could not
 * start (-ENOENT, -ENOEXEC, -ENOMEM...). uw may be NULL; when given, it
 * also collects the output. May sleep. */
int run_user_program_wait(const char *path, char *const argv[], struct user_wait *uw);
int run_user_program(const char *path, char *const argv[]);
/* Start init (pid 1) from path; returns 0 or -errno. */
int start_init(const char *path);

/* A console write by the current process: the tty driver hands the bytes
 * to this so that a struct user_wait can collect them. Owner task. */
void user_output_capture(const char *buf, size_t n);

/* Replace the current program with the one at path (kernel strings).
 * From a kernel thread it leaves for user mode and returns only on
 * failure; from execve(2) it rewrites the user registers and returns 0.
 * -ENOENT, -EACCES, -ENOEXEC, -E2BIG, -ENOMEM... May sleep. */
int do_execve(const char *path, char *const argv[], char *const envp[]);

/* fork/vfork/clone. flags are Linux's CLONE_* (process-like ones only:
 * CLONE_VM|CLONE_VFORK, CLONE_SETTLS, CLONE_*SETTID); returns the child's
 * pid in the parent. May sleep. */
long do_fork(unsigned long flags, unsigned long newsp, int *parent_tid,
	     int *child_tid, unsigned long tls);

/* End the current process with a wait status. No locks held. */
void do_exit(int status) __noreturn;

/* A fault or trap in user mode (IRQs off, as exceptions arrive): a page
 * fault the mm can resolve returns at once; anything else queues the
 * signal (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP), which is delivered
 * on the way out. */
void user_exception(struct pt_regs *regs, unsigned vector, unsigned long cr2);

/* The task with this pid, with tasklist_lock held by the caller. */
struct task_struct *find_task_by_pid(int pid);
/* Count the processes of a real uid (RLIMIT_NPROC). tasklist_lock held. */
unsigned nr_processes_of(u32 uid);

/* Per-CPU setup: EFER.SCE, STAR, LSTAR, FMASK; FPU/SSE on. */
void syscall_init(void);
/* Leave for ring 3 with regs (kernel/user/entry_syscall.S). */
void enter_user_mode(struct pt_regs *regs) __noreturn;

#endif
