/*
 * Kernel stack slots. Slot i covers [KSTACK_BASE + i*(KSTACK_SIZE+PAGE_SIZE),
 * +KSTACK_SIZE+PAGE_SIZE): first the guard page (never mapped), then the
 * stack. A freed stack keeps its pages and mapping and goes on a free list
 * for reuse, so a slot's translation never changes once made and no other
 * CPU can hold a stale TLB entry for it.
 *
 * Locking: kstack_lock protects the free list and next_slot.
 */
#include "mm/kstack.h"
#include "mm/paging.h"
#include "mm/page_alloc.h"
#include "kernel/sync/spinlock.h"
#include "kernel/boot/layout.h"

#define SLOT_SIZE (KSTACK_SIZE + PAGE_SIZE)
#define MAX_SLOTS (KSTACK_AREA / SLOT_SIZE)

struct free_stack {
	struct free_stack *next;
};

static DEFINE_SPINLOCK(kstack_lock);
static struct free_stack *free_stacks;	/* kstack_lock */
static unsigned long next_slot;		/* kstack_lock */

/* Map fresh pages into a new slot. Returns 0 or -ENOMEM. */
static int populate(unsigned long va)
{
	for (unsigned long off = 0; off < KSTACK_SIZE; off += PAGE_SIZE) {
		struct page *p = alloc_page(GFP_KERNEL);
		if (!p)
			return -1;	/* pages mapped so far stay with the slot */
		if (map_kernel_range(va + off, page_to_phys(p), PAGE_SIZE, PTE_W | PTE_NX)) {
			free_page(p);
			return -1;
		}
	}
	return 0;
}

void *kstack_alloc(void)
{
	unsigned long flags, slot;
	struct free_stack *s;

	spin_lock_irqsave(&kstack_lock, flags);
	s = free_stacks;
	if (s) {
		free_stacks = s->next;
		spin_unlock_irqrestore(&kstack_lock, flags);
		return s;
	}
	slot = next_slot < MAX_SLOTS ? next_slot++ : MAX_SLOTS;
	spin_unlock_irqrestore(&kstack_lock, flags);
	if (slot == MAX_SLOTS)
		return NULL;
	unsigned long va = KSTACK_BASE + slot * SLOT_SIZE + PAGE_SIZE;
	if (populate(va))
		return NULL;	/* the slot is lost; rare and harmless */
	return (void *)va;
}

void kstack_free(void *stack)
{
	struct free_stack *s = stack;
	unsigned long flags;

	if (!stack)
		return;
	spin_lock_irqsave(&kstack_lock, flags);
	s->next = free_stacks;
	free_stacks = s;
	spin_unlock_irqrestore(&kstack_lock, flags);
}
