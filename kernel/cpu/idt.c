/*
 * The IDT and the C side of interrupt entry. All CPUs share one IDT. Vectors
 * 0-31 are exceptions (kernel/cpu/traps.c); the rest go through a handler
 * table filled by request_irq(), request_shared_irq() and
 * set_vector_handler() during boot.
 */
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/asm-offsets.h"
#include "kernel/cpu/apic.h"
#include "kernel/cpu/percpu.h"
#include "kernel/sched/preempt.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/lockdep.h"
#include "kernel/sync/spinlock.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/user/syscalls.h"

_Static_assert(offsetof(struct pt_regs, cs) == PT_REGS_CS, "asm-offsets.h out of date");
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "asm-offsets.h out of date");

struct idt_entry {
	u16 offset_lo;
	u16 selector;
	u8 ist;
	u8 type_attr;
	u16 offset_mid;
	u32 offset_hi;
	u32 zero;
} __packed;

struct vector_handler {
	irq_handler_t fn;
	void *data;
	const char *name;
};

extern char interrupt_stubs[];
void do_exception(struct pt_regs *regs);

static struct idt_entry idt[256] __aligned(16);		/* const after idt_init */
static struct vector_handler handlers[256];		/* irq_table_lock for writes */
static DEFINE_SPINLOCK(irq_table_lock);

/*
 * The handlers sharing one level-triggered ISA line. Entries are only
 * added (there is no free_irq): an entry is written, then published by a
 * release store of nr, so the dispatcher reads it without a lock.
 */
#define MAX_SHARED_HANDLERS	8
struct shared_irq_line {
	struct {
		irq_shared_handler_t fn;
		void *data;
		const char *name;
	} action[MAX_SHARED_HANDLERS];	/* irq_table_lock for writes */
	unsigned nr;			/* irq_table_lock; read with acquire */
	unsigned long unhandled;	/* atomic: interrupts nobody claimed */
};
static struct shared_irq_line shared_lines[NR_ISA_IRQS];

static void set_gate(unsigned vec, unsigned ist, unsigned dpl)
{
	u64 addr = (u64)interrupt_stubs + 16 * vec;

	idt[vec] = (struct idt_entry){
		.offset_lo = addr & 0xffff,
		.selector = KERNEL_CS,
		.ist = ist,
		.type_attr = 0x8e | (dpl << 5),	/* present, interrupt gate */
		.offset_mid = (addr >> 16) & 0xffff,
		.offset_hi = addr >> 32,
	};
}

void idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		set_gate(v, 0, 0);
	set_gate(2, 2, 0);	/* NMI on IST2 */
	set_gate(8, 1, 0);	/* #DF on IST1: survives a kernel stack overflow */
	set_gate(3, 0, 3);	/* int3 allowed from user mode */
}

void idt_load(void)
{
	struct { u16 limit; u64 base; } __packed ptr = { sizeof(idt) - 1, (u64)idt };

	__asm__ volatile("lidt %0" :: "m"(ptr));
}

void set_vector_handler(unsigned vector, irq_handler_t fn, void *data)
{
	handlers[vector].fn = fn;
	handlers[vector].data = data;
}

int request_irq(unsigned irq, irq_handler_t fn, void *data, const char *name)
{
	unsigned vec = IRQ_BASE_VECTOR + irq;
	unsigned long flags;
	int ret = 0;

	if (irq >= NR_ISA_IRQS)
		return -EINVAL;
	spin_lock_irqsave(&irq_table_lock, flags);
	if (handlers[vec].fn) {
		ret = -EBUSY;
	} else {
		handlers[vec] = (struct vector_handler){ fn, data, name };
	}
	spin_unlock_irqrestore(&irq_table_lock, flags);
	if (!ret)
		ioapic_route_isa_irq(irq, vec, cpu_data[0]->apic_id);
	return ret;
}

/* Hardirq: offer the interrupt to every handler on the line; each checks
 * its own device (a level-triggered line stays asserted until all of the
 * interrupting devices are served, so all run). */
static void shared_irq_dispatch(struct pt_regs *regs, void *data)
{
	struct shared_irq_line *line = data;
	unsigned nr = __atomic_load_n(&line->nr, __ATOMIC_ACQUIRE);
	bool handled = false;

	for (unsigned i = 0; i < nr; i++)
		handled |= line->action[i].fn(line->action[i].data);
	if (!handled &&
	    __atomic_add_fetch(&line->unhandled, 1, __ATOMIC_RELAXED) == 1)
		pr_warn("irq %ld: interrupt that no handler on the line claimed\n",
			line - shared_lines);
}

int request_shared_irq(unsigned irq, irq_shared_handler_t fn, void *data, const char *name)
{
	unsigned vec = IRQ_BASE_VECTOR + irq;
	struct shared_irq_line *line;
	unsigned long flags;
	bool first;
	int ret = 0;

	if (irq >= NR_ISA_IRQS || !fn)
		return -EINVAL;
	line = &shared_lines[irq];
	spin_lock_irqsave(&irq_table_lock, flags);
	first = !handlers[vec].fn;
	if (!first && handlers[vec].fn != shared_irq_dispatch) {
		ret = -EBUSY;			/* an exclusive handler owns it */
	} else if (line->nr == MAX_SHARED_HANDLERS) {
		ret = -ENOSPC;
	} else {
		line->action[line->nr].fn = fn;
		line->action[line->nr].data = data;
		line->action[line->nr].name = name;
		__atomic_store_n(&line->nr, line->nr + 1, __ATOMIC_RELEASE);
		if (first)
			handlers[vec] = (struct vector_handler){ shared_irq_dispatch, line, name };
	}
	spin_unlock_irqrestore(&irq_table_lock, flags);
	if (!ret && first)
		ioapic_route_isa_irq(irq, vec, cpu_data[0]->apic_id);
	return ret;
}

static void irq_enter(void)
{
	preempt_count_add(HARDIRQ_OFFSET);
	lockdep_hardirq_enter();
	this_cpu()->irq_count++;
}

static void irq_exit(void)
{
	lockdep_hardirq_exit();
	preempt_count_sub(HARDIRQ_OFFSET);
}

/* Called from entry.S with IRQs off, on the interrupted task's stack. */
void interrupt_dispatch(struct pt_regs *regs)
{
	unsigned vec = regs->vector;

	if (vec < 32) {
		do_exception(regs);
		if ((regs->cs & 3) && vec != 2)	/* not from an NMI */
			exit_to_user_mode(regs);	/* signals the fault queued */
		return;
	}
	irq_enter();
	if (vec != SPURIOUS_VECTOR) {
		struct vector_handler *h = &handlers[vec];
		if (h->fn)
			h->fn(regs, h->data);
		else
			pr_warn("unexpected interrupt on vector %u\n", vec);
		lapic_eoi();
	}
	irq_exit();
	if (regs->cs & 3) {		/* back to user space: resched, signals */
		exit_to_user_mode(regs);
		return;
	}
	/* Preempt the interrupted kernel code if it allowed it. */
	if ((regs->rflags & X86_EFLAGS_IF) && preempt_count() == 0 &&
	    READ_ONCE(this_cpu()->need_resched))
		preempt_schedule_irq();
}
