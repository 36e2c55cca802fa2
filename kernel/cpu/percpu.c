/* Per-CPU areas: CPU 0's is static (needed before any allocator). */
#include "kernel/cpu/percpu.h"
#include "kernel/cpu/x86.h"

struct percpu *cpu_data[MAX_CPUS];
unsigned nr_cpus = 1;
unsigned nr_cpus_online;

void percpu_install(struct percpu *p)
{
	p->self = p;
	wrmsr(MSR_GS_BASE, (u64)p);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
}
