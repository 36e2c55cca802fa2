/*
 * The IDT vectors handed out at run time to device interrupts that are not
 * ISA lines: MSI-X table entries each name one (drivers/pci/irq.c).
 * Vectors FIRST_DYNAMIC_VECTOR..LAST_DYNAMIC_VECTOR, between the ISA lines
 * (0x20-0x2f) and the LAPIC timer and IPIs (0xef and up).
 *
 * Locks: vector_lock (spinlock, IRQs off) guards the bitmap.
 */
#include "kernel/cpu/interrupts.h"
#include "kernel/errno.h"
#include "kernel/sync/spinlock.h"

#define NR_DYNAMIC_VECTORS	(LAST_DYNAMIC_VECTOR - FIRST_DYNAMIC_VECTOR + 1)

static DEFINE_SPINLOCK(vector_lock);
static u64 vector_used[(NR_DYNAMIC_VECTORS + 63) / 64];	/* vector_lock */

/* A free vector, now the caller's; -ENOSPC when all are taken. Any context. */
int alloc_irq_vector(void)
{
	unsigned long flags;
	int vec = -ENOSPC;

	spin_lock_irqsave(&vector_lock, flags);
	for (unsigned i = 0; i < NR_DYNAMIC_VECTORS; i++) {
		if (vector_used[i / 64] & (1ULL << (i % 64)))
			continue;
		vector_used[i / 64] |= 1ULL << (i % 64);
		vec = FIRST_DYNAMIC_VECTOR + i;
		break;
	}
	spin_unlock_irqrestore(&vector_lock, flags);
	return vec;
}

/* Give vector back; its handler is detached first, so a late interrupt on
 * it is reported as unexpected rather than run. Any context. */
void free_irq_vector(unsigned vector)
{
	unsigned i = vector - FIRST_DYNAMIC_VECTOR;
	unsigned long flags;

	if (vector < FIRST_DYNAMIC_VECTOR || vector > LAST_DYNAMIC_VECTOR)
		return;
	set_vector_handler(vector, NULL, NULL);
	spin_lock_irqsave(&vector_lock, flags);
	vector_used[i / 64] &= ~(1ULL << (i % 64));
	spin_unlock_irqrestore(&vector_lock, flags);
}
