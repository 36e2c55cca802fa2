/*
 * panic(): the kernel found a bug it cannot survive. It prints the message,
 * this CPU's registers and a symbolized backtrace, stops every other CPU
 * with an NMI after each prints its own registers and backtrace, and halts
 * (or leaves QEMU with a failure code when the command line asks).
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/compiler.h"

struct pt_regs;

void panic(const char *fmt, ...) __noreturn __printf(1, 2);
/* panic() on behalf of an exception frame (its registers are printed). */
void panic_regs(const struct pt_regs *regs, const char *fmt, ...) __noreturn __printf(2, 3);
void dump_stack(void);
void show_backtrace(unsigned long rbp, unsigned long rip);
/* NMI handler side: another CPU panicked; print state and stop. */
void panic_nmi_stop(const struct pt_regs *regs) __noreturn;
extern volatile int panic_cpu;		/* -1, or the CPU that panicked first */
extern bool panic_exits_qemu;		/* set by command line (ktest, panic=exit) */

/* Leave QEMU through isa-debug-exit: status 0 = success, 1 = failure. */
void qemu_exit(int status) __noreturn;

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(c) do { if (unlikely(c)) panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); } while (0)
void warn_slowpath(const char *file, int line, const char *cond);
#define WARN_ON(c) ({ bool __w = !!(c); if (unlikely(__w)) warn_slowpath(__FILE__, __LINE__, #c); unlikely(__w); })
#define WARN_ON_ONCE(c) ({ static bool __warned; bool __w = !!(c);		\
	if (unlikely(__w) && !__warned) { __warned = true; warn_slowpath(__FILE__, __LINE__, #c); } \
	unlikely(__w); })

extern unsigned long kernel_warnings;	/* atomic; counted like lockdep reports */

#endif
