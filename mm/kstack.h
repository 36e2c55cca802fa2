/*
 * Kernel stacks. Each stack is KSTACK_SIZE bytes in its own slot of the
 * KSTACK_BASE area, with an unmapped guard page below it: running off the
 * bottom faults on the guard page and is reported as a stack overflow
 * instead of silently corrupting memory.
 */
#ifndef MM_KSTACK_H
#define MM_KSTACK_H

#include "kernel/types.h"

void *kstack_alloc(void);	/* lowest address of the stack, or NULL */
void kstack_free(void *stack);

#endif
