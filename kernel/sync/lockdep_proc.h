/*
 * lockdep's tables as text in a buffer, for /proc/lockdep and
 * /proc/lockstat. The same content as lockdep_print_classes() and
 * lockstat_print() write to the console.
 */
#ifndef KERNEL_SYNC_LOCKDEP_PROC_H
#define KERNEL_SYNC_LOCKDEP_PROC_H

#include "kernel/types.h"

/*
 * "lockdep: <n> classes, <m> dependencies", "lockdep: reports=<r>
 * expected=<e> unexpected=<u>", then one line per class: name, kind,
 * init site, usage={...}, before=<edges into it> after=<edges out of it>,
 * then "lockdep: end". Lock-free; does not sleep.
 */
size_t lockdep_format_classes(char *buf, size_t len);

/*
 * lockstat_print()'s table: "lockstat: <n> classes", a header, one row per
 * class taken since boot or the last lockstat_reset() (most contended
 * first), "lockstat: end". Process context: it allocates a sorting table
 * (without memory the rows come unsorted).
 */
size_t lockstat_format(char *buf, size_t len);

/* Both write at most len - 1 bytes and a NUL and return the bytes written;
 * len - 1 means the text may have been cut. */

#endif
