/*
 * Page faults on user addresses: the mm resolves what it can (pages not
 * yet present in a mapped region, copy-on-write), and says -EFAULT for
 * the rest, which becomes SIGSEGV (or a -EFAULT from copy_*_user).
 */
#ifndef MM_FAULT_H
#define MM_FAULT_H

#include "kernel/types.h"

#define PF_PROT		0x1	/* page-fault error code: page was present */
#define PF_WRITE	0x2
#define PF_USER		0x4
#define PF_INSTR	0x10

struct mm_struct;

/* Resolve a fault at addr with the #PF error code. Process context, IRQs
 * on, no spinlock held; takes mmap_lock. Returns 0 when the access can
 * be retried, -EFAULT (no mapping or protection violation, SIGSEGV),
 * -ENOMEM, or -EIO (SIGBUS). */
int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned long error_code);

#endif
