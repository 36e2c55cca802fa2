/*
 * User page faults (see fault.h). Every page of a region is mapped when
 * the region is created, so no fault is resolvable yet.
 */
#include "mm/fault.h"
#include "mm/mm.h"
#include "kernel/errno.h"

int handle_mm_fault(struct mm_struct *mm, unsigned long addr, unsigned long error_code)
{
	return -EFAULT;
}
