/*
 * The kernel command line, as words "name" or "name=value":
 *   ktest[=FILTER]   run the in-kernel tests (matching FILTER) and exit QEMU
 *   sched_seed=N     perturb scheduling decisions reproducibly
 *   loglevel=N       show console messages below level N (default 7)
 *   lockstat         print lock statistics before exiting
 *   panic=exit       leave QEMU with a failure code on panic (implied by ktest)
 *   crash=KIND       crash on purpose after boot (panic, pagefault, overflow, bug)
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "kernel/types.h"

/* True if the word is present; *value (if given) points at its value or "". */
bool cmdline_get(const char *name, char *value, size_t len);
unsigned long cmdline_get_ulong(const char *name, unsigned long def);

#endif
