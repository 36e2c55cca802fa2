/*
 * Turning interrupts on and off. These are the raw instructions plus the
 * bookkeeping lockdep needs to know the IRQ state of every lock acquisition.
 */
#ifndef KERNEL_CPU_IRQFLAGS_H
#define KERNEL_CPU_IRQFLAGS_H

#include "kernel/cpu/x86.h"

static inline void arch_local_irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
static inline void arch_local_irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }

static inline bool irqs_disabled(void) { return !(read_rflags() & X86_EFLAGS_IF); }

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long f = read_rflags();
	arch_local_irq_disable();
	return f;
}

static inline void arch_local_irq_restore(unsigned long f)
{
	if (f & X86_EFLAGS_IF)
		arch_local_irq_enable();
}

#define local_irq_disable()	arch_local_irq_disable()
#define local_irq_enable()	arch_local_irq_enable()
#define local_irq_save(f)	((f) = arch_local_irq_save())
#define local_irq_restore(f)	arch_local_irq_restore(f)

#endif
