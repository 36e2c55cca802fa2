/* Bringing up the other CPUs listed in the ACPI MADT. */
#ifndef KERNEL_CPU_SMP_H
#define KERNEL_CPU_SMP_H

/* Start every AP (INIT-SIPI-SIPI), one at a time; returns CPUs online. */
unsigned smp_boot(void);
/* Per-CPU setup shared by CPU 0 and the APs, after paging. */
void cpu_setup_common(unsigned cpu);

#endif
