/* The kernel's own symbol table, linked in for symbolized backtraces. */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include "kernel/types.h"

/* Name of the function containing addr, and addr's offset in it; NULL if unknown. */
const char *ksym_lookup(unsigned long addr, unsigned long *offset, unsigned long *size);
/* "name+0xoff/0xsize" or "0xaddr" into buf. */
void ksym_format(unsigned long addr, char *buf, size_t len);
/* Address of a function by name, 0 if absent. */
unsigned long ksym_address(const char *name);

#endif
