/*
 * Syscalls: Linux x86-64 numbers (rax), arguments in rdi, rsi, rdx, r10,
 * r8, r9, result in rax (-errno on failure).
 *
 * Each file that implements syscalls registers them itself, next to their
 * code:
 *
 *	static long sys_getpid(void) { return current->pid; }
 *	SYSCALL_ENTRY(getpid, sys_getpid);
 *
 * The entries land in the .syscalls section; syscall_table_init() builds
 * the dispatch table from them at boot (and panics on a number registered
 * twice). A number nobody registered returns -ENOSYS and is logged once,
 * with its name.
 */
#ifndef KERNEL_USER_SYSCALLS_H
#define KERNEL_USER_SYSCALLS_H

#include "kernel/types.h"
#include "kernel/compiler.h"

enum {
#define X(name, nr) __NR_##name = nr,
#include "kernel/user/syscall_list.h"
#undef X
};

#define NR_SYSCALLS		512

typedef long (*syscall_fn_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);

struct syscall_desc {
	unsigned nr;
	syscall_fn_t fn;
};

/* Register fn as the handler of syscall `name` (without sys_ or __NR_).
 * fn takes up to six integer or pointer arguments and returns long. */
#define SYSCALL_ENTRY(sc_name, sc_fn)					\
	static const struct syscall_desc __syscall_##sc_name		\
		__section(".syscalls") __used __aligned(8) = {		\
		.nr = __NR_##sc_name, .fn = (syscall_fn_t)(void (*)(void))(sc_fn) }

/* The Linux name of a syscall number, or NULL. */
const char *syscall_name(unsigned long nr);
/* True when a handler is registered for nr (for tests and /proc). */
bool syscall_implemented(unsigned long nr);
void syscall_table_init(void);		/* once, at boot, before user space */

/* Checks on the way back to user space (signals, rescheduling); returns
 * with IRQs off. */
struct pt_regs;
void exit_to_user_mode(struct pt_regs *regs);
long do_syscall_64(struct pt_regs *regs);

/* The user pt_regs of the current task (top of its kernel stack). */
struct pt_regs *current_user_regs(void);

#endif
