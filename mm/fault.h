/*
 * Page faults on user addresses: the mm fills what it can (a page not yet
 * present in a VMA, copy-on-write, a stack growing down) and says -EFAULT
 * for the rest, which becomes SIGSEGV (or a -EFAULT from copy_*_user).
 * How each kind of page is filled: mm/fault.c.
 */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include "kernel/types.h"

#define PF_PROT		0x1	/* page-fault error code: page was present */
#define PF_WRITE	0x2
#define PF_USER		0x4
#define PF_RSVD		0x8	/* a reserved bit was set in a paging entry */
#define PF_INSTR	0x10

struct mm_struct;

/* Resolve a fault at addr with the #PF error code. Process context, IRQs
 * on, no spinlock and not mm's mmap_lock held; takes mmap_lock (and may
 * drop it to read a file). Returns 0 when the access can be retried,
 * -EFAULT (no mapping or protection violation: SIGSEGV), -ENOMEM, or
 * -EIO (beyond the end of a mapped file, or a read error: SIGBUS). */
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned long error_code);

#endif
