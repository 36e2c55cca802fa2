/*
 * SMEP and SMAP, where the CPU has them (CPUID leaf 7): in kernel mode the
 * CPU then refuses to run code from user pages (SMEP) and to read or write
 * user pages (SMAP) unless RFLAGS.AC is set. The kernel sets AC (stac)
 * only around the user-copy instructions of kernel/user/entry_syscall.S,
 * so any other kernel access to user memory faults: a bug found at once,
 * not a hole. `syscall` clears AC on entry (MSR_SYSCALL_MASK).
 */
#ifndef KERNEL_CPU_SMAP_H
#define KERNEL_CPU_SMAP_H

#define X86_CR4_SMEP	(1UL << 20)
#define X86_CR4_SMAP	(1UL << 21)

#ifdef __ASSEMBLY__

/* Allow (ASM_STAC) or forbid again (ASM_CLAC) kernel access to user
 * pages. Nothing on a CPU without SMAP, where stac and clac do not exist.
 * Clobber the arithmetic flags. */
.macro ASM_STAC
	testb	$1, smap_enabled(%rip)
	jz	.Lno_stac_\@
	stac
.Lno_stac_\@:
.endm

.macro ASM_CLAC
	testb	$1, smap_enabled(%rip)
	jz	.Lno_clac_\@
	clac
.Lno_clac_\@:
.endm

#else

#include "kernel/types.h"

extern bool smep_enabled, smap_enabled;	/* const after CPU 0's setup */

/* Turn SMEP and SMAP on in this CPU's CR4 if CPUID offers them; CPU 0
 * decides for all (they are alike). Once per CPU, early in its setup. */
void cpu_init_smep_smap(unsigned cpu);

#endif
#endif
