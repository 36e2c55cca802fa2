/* SMEP and SMAP: see smap.h. */
#include "kernel/cpu/smap.h"
#include "kernel/cpu/x86.h"
#include "kernel/printk.h"

#define CPUID7_EBX_SMEP	(1U << 7)
#define CPUID7_EBX_SMAP	(1U << 20)

bool smep_enabled, smap_enabled;

void cpu_init_smep_smap(unsigned cpu)
{
	u32 a, b, c, d;

	if (cpu == 0) {
		cpuid(0, 0, &a, &b, &c, &d);
		if (a >= 7) {
			cpuid(7, 0, &a, &b, &c, &d);
			smep_enabled = b & CPUID7_EBX_SMEP;
			smap_enabled = b & CPUID7_EBX_SMAP;
		}
		pr_info("cpu: SMEP %s, SMAP %s\n", smep_enabled ? "on" : "not available",
			smap_enabled ? "on" : "not available");
	}
	if (smep_enabled)
		write_cr4(read_cr4() | X86_CR4_SMEP);
	if (smap_enabled)
		write_cr4(read_cr4() | X86_CR4_SMAP);
}
