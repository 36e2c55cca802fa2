/*
 * CPU exceptions (vectors 0-31). A fault in kernel code first looks for a
 * fix-up (user-copy routines list theirs in __ex_table); otherwise it is a
 * kernel bug and panics with the registers and a backtrace. A page fault
 * names the address, the decoded error code and the faulting function; a
 * double fault on a stack guard page is reported as a stack overflow.
 * An exception in user mode kills the process (kernel/user/process.c).
 */
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/x86.h"
#include "kernel/cpu/percpu.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "kernel/boot/layout.h"
#include "kernel/user/process.h"

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack segment fault", "general protection fault", "page fault",
	"reserved", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization",
	"control protection", "reserved", "reserved", "reserved", "reserved",
	"reserved", "reserved", "hypervisor injection", "VMM communication",
	"security", "reserved",
};

extern const struct exception_table_entry __ex_table_start[], __ex_table_end[];

static bool in_exception_table(unsigned long ip)
{
	for (const struct exception_table_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == ip)
			return true;
	return false;
}

bool fixup_exception(struct pt_regs *regs)
{
	for (const struct exception_table_entry *e = __ex_table_start; e < __ex_table_end; e++) {
		if (e->insn == regs->rip) {
			regs->rip = e->fixup;
			return true;
		}
	}
	return false;
}

static bool in_stack_guard(unsigned long addr)
{
	if (addr < KSTACK_BASE || addr >= KSTACK_BASE + KSTACK_AREA)
		return false;
	/* each slot: one guard page, then the stack */
	return (addr - KSTACK_BASE) % (KSTACK_SIZE + PAGE_SIZE) < PAGE_SIZE;
}

void do_exception(struct pt_regs *regs);

static void page_fault(struct pt_regs *regs)
{
	unsigned long addr = read_cr2();
	u64 e = regs->error_code;

	/* copy_*_user touching a user page that is not there yet (demand
	 * paging, copy-on-write): the mm may fill it, and the copy retries.
	 * Only the user-access instructions get this; IRQs were on there. */
	if (addr < USER_TOP && current->mm && !in_interrupt() &&
	    (regs->rflags & X86_EFLAGS_IF) && in_exception_table(regs->rip)) {
		int err;

		local_irq_enable();
		err = handle_mm_fault(current->mm, addr, e);
		local_irq_disable();
		if (!err)
			return;
	}
	if (fixup_exception(regs))
		return;
	if (in_stack_guard(addr))
		panic_regs(regs, "kernel stack overflow: guard page hit at %#lx in %pS",
			   addr, (void *)regs->rip);
	printk(KERN_EMERG "BUG: unable to handle page fault for address %#lx\n", addr);
	printk(KERN_EMERG "#PF: error code %#lx: %s-mode %s access, %s\n", e,
	       (e & 4) ? "user" : "supervisor",
	       (e & 16) ? "instruction fetch" : (e & 2) ? "write" : "read",
	       (e & 1) ? (e & 8) ? "reserved bit set" : "protection violation"
		       : "page not present");
	panic_regs(regs, "page fault at %#lx in %pS", addr, (void *)regs->rip);
}

void do_exception(struct pt_regs *regs)
{
	unsigned vec = regs->vector;

	if ((regs->cs & 3) && vec != 2) {	/* user mode: a signal, or a fault to fill */
		user_exception(regs, vec, vec == 14 ? read_cr2() : 0);
		return;
	}
	switch (vec) {
	case 2:
		if (panic_cpu >= 0)
			panic_nmi_stop(regs);
		printk(KERN_WARNING "NMI received on CPU %u; ignored\n", smp_processor_id());
		return;
	case 14:
		page_fault(regs);
		return;
	case 8:
		if (in_stack_guard(regs->rsp) || in_stack_guard(read_cr2()))
			panic_regs(regs, "double fault: kernel stack overflow (rsp %#lx)", regs->rsp);
		break;
	default:
		if (fixup_exception(regs))
			return;
	}
	panic_regs(regs, "%s (vector %u, error code %#lx) in %pS", exception_names[vec],
		   vec, regs->error_code, (void *)regs->rip);
}
