/*
 * Interrupts and exceptions: the register frame every entry saves, the
 * vector map, and how drivers attach handlers.
 */
#ifndef KERNEL_CPU_INTERRUPTS_H
#define KERNEL_CPU_INTERRUPTS_H

#include "kernel/types.h"

/* Saved by kernel/cpu/entry.S, lowest address first. */
struct pt_regs {
	u64 r15, r14, r13, r12, r11, r10, r9, r8;
	u64 rbp, rdi, rsi, rdx, rcx, rbx, rax;
	u64 vector;			/* -1 for a syscall */
	u64 error_code;			/* a syscall's number (for restarts) */
	u64 rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

#define IRQ_BASE_VECTOR		32	/* ISA IRQ n arrives on vector 32 + n */
#define NR_ISA_IRQS		16
#define LOCAL_TIMER_VECTOR	0xef
#define RESCHEDULE_VECTOR	0xf0
#define CALL_FUNCTION_VECTOR	0xf1
#define TLB_FLUSH_VECTOR	0xf2	/* mm/tlb.c: flush a range of an mm loaded here */
#define SPURIOUS_VECTOR		0xff

#define KERNEL_CS	0x08
#define KERNEL_DS	0x10
#define USER_DS		0x23
#define USER_CS		0x2b
#define TSS_SEL		0x30

typedef void (*irq_handler_t)(struct pt_regs *regs, void *data);

/* Attach handler to ISA IRQ irq (routed through the IOAPIC to CPU 0).
 * Returns 0 or -EBUSY. The handler runs in hardirq context. */
int request_irq(unsigned irq, irq_handler_t handler, void *data, const char *name);
/*
 * Attach handler to ISA IRQ irq as one of several sharing the line (PCI
 * INTx: level triggered, as the MADT says). On each interrupt every handler
 * on the line runs and returns whether its device was interrupting. Returns
 * 0, -EINVAL, -EBUSY (request_irq owns the line) or -ENOSPC (too many
 * sharers). Handlers run in hardirq context; they cannot be removed.
 */
typedef bool (*irq_shared_handler_t)(void *data);
int request_shared_irq(unsigned irq, irq_shared_handler_t handler, void *data, const char *name);

/*
 * IDT vectors for device interrupts that are not ISA lines (MSI-X), from
 * FIRST_DYNAMIC_VECTOR..LAST_DYNAMIC_VECTOR (kernel/cpu/vectors.c). Any
 * context. alloc_irq_vector returns a vector or -ENOSPC; the owner then
 * attaches its handler with set_vector_handler.
 */
#define FIRST_DYNAMIC_VECTOR	0x40
#define LAST_DYNAMIC_VECTOR	0xdf
int alloc_irq_vector(void);
void free_irq_vector(unsigned vector);

/* Attach a handler straight to an IDT vector (LAPIC timer, IPIs). */
void set_vector_handler(unsigned vector, irq_handler_t handler, void *data);

void gdt_init_cpu(unsigned cpu);	/* per-CPU GDT and TSS */
void tss_set_kernel_stack(u64 rsp0);	/* stack for entries from user mode */
void idt_init(void);			/* build the shared IDT (once) */
void idt_load(void);			/* lidt on this CPU */
void interrupt_dispatch(struct pt_regs *regs);
void show_regs(const struct pt_regs *regs);

/* Exception fix-ups: a faulting instruction listed here resumes at fixup. */
struct exception_table_entry {
	unsigned long insn;
	unsigned long fixup;
};
bool fixup_exception(struct pt_regs *regs);

#endif
