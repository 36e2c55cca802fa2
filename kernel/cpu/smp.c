/*
 * SMP bring-up. For each AP in the MADT, CPU 0 allocates its per-CPU area
 * and idle task, writes the trampoline's parameter block, sends INIT and two
 * STARTUP IPIs, and waits (up to a second) for the AP to mark itself online.
 * APs start one at a time, so they can share the single trampoline page.
 */
#include "kernel/cpu/smp.h"
#include "kernel/cpu/apic.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/percpu.h"
#include "kernel/cpu/x86.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/sched/sched.h"
#include "kernel/time/timer.h"
#include "kernel/lib/string.h"
#include "kernel/boot/layout.h"
#include "kernel/time.h"
#include "kernel/printk.h"
#include "mm/paging.h"
#include "mm/slab.h"
#include "kernel/user/process.h"
#include "kernel/cpu/smap.h"

extern char trampoline_start[], trampoline_end[], trampoline_params[];
extern u64 boot_pml4[];
extern char ap_entry64[];
void ap_start(unsigned long cpu) __noreturn;

struct tramp_params {
	u64 cr3, efer, stack, cpu, entry;
};

struct task_struct *ap_idle_tasks[MAX_CPUS];	/* written by CPU 0 before the AP starts */

void cpu_setup_common(unsigned cpu)
{
	gdt_init_cpu(cpu);
	idt_load();
	lapic_init();
	syscall_init();
	cpu_init_smep_smap(cpu);
	this_cpu()->apic_id = lapic_id();
}

/* Called by ap_entry64 on the AP's idle stack with the kernel page tables. */
void ap_start(unsigned long cpu)
{
	percpu_install(cpu_data[cpu]);
	paging_load_kernel();
	cpu_setup_common(cpu);
	sched_init_ap(cpu);
	lapic_timer_start();
	__atomic_store_n(&this_cpu()->online, true, __ATOMIC_RELEASE);
	__atomic_fetch_add(&nr_cpus_online, 1, __ATOMIC_SEQ_CST);
	local_irq_enable();
	cpu_idle_loop();
}

static bool start_ap(unsigned cpu, u32 apic_id)
{
	struct tramp_params *tp;
	struct percpu *pc = kzalloc(sizeof(*pc), GFP_KERNEL);
	struct task_struct *idle = idle_task_create(cpu);

	if (!pc || !idle) {
		pr_err("smp: no memory for CPU %u\n", cpu);
		kfree(pc);
		return false;
	}
	pc->cpu = cpu;
	pc->apic_id = apic_id;
	cpu_data[cpu] = pc;
	ap_idle_tasks[cpu] = idle;
	timers_init_cpu(cpu);

	memcpy(phys_to_virt(AP_TRAMPOLINE_PHYS), trampoline_start, trampoline_end - trampoline_start);
	tp = phys_to_virt(AP_TRAMPOLINE_PHYS + (trampoline_params - trampoline_start));
	tp->cr3 = (u64)boot_pml4 - KERNEL_VMA;
	tp->efer = rdmsr(MSR_EFER) & ((1 << 8) | (1 << 11));
	tp->stack = (u64)idle->stack + KSTACK_SIZE;
	tp->cpu = cpu;
	tp->entry = (u64)ap_entry64;

	apic_send_init(apic_id);
	mdelay(10);
	for (int i = 0; i < 2 && !READ_ONCE(pc->online); i++) {
		apic_send_startup(apic_id, AP_TRAMPOLINE_PHYS >> 12);
		udelay(200);
	}
	for (u64 end = ktime_get_ns() + 1000 * NSEC_PER_MSEC; ktime_get_ns() < end;)
		if (__atomic_load_n(&pc->online, __ATOMIC_ACQUIRE))
			return true;
	pr_err("smp: CPU %u (APIC %u) did not come online\n", cpu, apic_id);
	return false;
}

unsigned smp_boot(void)
{
	u32 me = lapic_id();
	unsigned cpu = 1;

	for (unsigned i = 0; i < madt.nr_cpus && cpu < MAX_CPUS; i++) {
		if (madt.cpu_apic_ids[i] == me)
			continue;
		if (start_ap(cpu, madt.cpu_apic_ids[i]))
			cpu++;
	}
	nr_cpus = cpu;
	return nr_cpus_online;
}
