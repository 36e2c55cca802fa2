/*
 * User processes, first slice: a process is a kernel thread that loaded
 * an ELF executable into its own address space and left for ring 3. It
 * comes back through syscalls and interrupts, and ends in do_exit().
 * There is no fork, no signals and no wait(2) yet: the kernel thread that
 * started it waits for it (run_user_program).
 */
#ifndef KERNEL_USER_PROCESS_H
#define KERNEL_USER_PROCESS_H

#include "kernel/types.h"
#include "kernel/compiler.h"
#include "kernel/sync/completion.h"

struct pt_regs;

/* Exit statuses, encoded as Linux's wait4() does. */
#define W_EXITCODE(code, sig)	(((code) & 0xff) << 8 | ((sig) & 0x7f))
#define SIGILL	4
#define SIGTRAP	5
#define SIGBUS	7
#define SIGFPE	8
#define SIGSEGV	11

/* The starter's end of a process; lives on the starter's stack. */
struct user_wait {
	struct completion done;		/* completed once, by do_exit */
	int status;			/* written before done */
	/* Console output of the process, for tests; owner task only. */
	char *capture;			/* NULL: do not capture */
	size_t capture_size, capture_len;
	size_t console_bytes;		/* bytes it wrote to the console */
};

/* Run the executable at path with argv (NULL-terminated; envp empty) as a
 * new process and wait until it exits. Returns its wait status
 * (W_EXITCODE), or -errno if it could not start (-ENOENT, -ENOEXEC,
 * -ENOMEM...). uw may be NULL; when given, it also collects the output.
 * May sleep. */
int run_user_program_wait(const char *path, char *const argv[], struct user_wait *uw);
int run_user_program(const char *path, char *const argv[]);

/* Replace the current kernel thread's (empty) user half with the program
 * at path, then return to user mode. Returns only on failure (-errno). */
int exec_user(const char *path, char *const argv[], char *const envp[]);

/* End the current process with a wait status. Called with no locks held. */
void do_exit(int status) __noreturn;
/* A fault or trap in user mode: report it on the console and kill the
 * process (signals are not there yet). IRQs off, as exceptions arrive. */
void user_exception(struct pt_regs *regs, unsigned vector, unsigned long cr2) __noreturn;

/* Per-CPU setup: EFER.SCE, STAR, LSTAR, FMASK; FPU/SSE on. */
void syscall_init(void);
/* Leave for ring 3 with regs (kernel/user/entry_syscall.S). */
void enter_user_mode(struct pt_regs *regs) __noreturn;

#endif
