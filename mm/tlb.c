/*
 * TLB flushes for user address spaces, on every CPU that may cache the
 * entries being changed.
 *
 * Each CPU records the mm whose page tables it has loaded (switch_mm(),
 * with preemption or IRQs off). A flush of mm's range invalidates it on
 * this CPU if mm is loaded here, and sends TLB_FLUSH_VECTOR to every
 * other CPU that has mm loaded, waiting until each has flushed. Since a
 * page-table change is published (a full barrier) before the loaded-mm
 * records are read, and a CPU publishes its record before it loads CR3,
 * a CPU that is not sent the IPI loads the tables after the change.
 *
 * Most flushes are local: a process is one thread, and the page cache is
 * the only one that changes the page tables of another process (mm/rmap.c).
 *
 * Locks: tlb_ipi_lock (a spinlock taken with IRQs on, never from an
 * interrupt) serialises the senders; a sender spins for the answers with
 * IRQs on, so two CPUs flushing at once answer each other. Nobody may
 * flush with IRQs off or holding a lock that a CPU with IRQs off may
 * spin on.
 */
#include "mm/internal.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/apic.h"
#include "kernel/cpu/percpu.h"
#include "kernel/cpu/x86.h"
#include "kernel/sched/preempt.h"
#include "kernel/panic.h"

#define TLB_FLUSH_ALL_PAGES	32	/* flush all instead above this many pages */

static struct mm_struct *loaded_mm[MAX_CPUS];	/* written by its CPU; read by any (atomic) */

/* The request being answered: written under tlb_ipi_lock before the IPIs,
 * pending counted down by the answering CPUs. */
static DEFINE_SPINLOCK(tlb_ipi_lock);
static struct {
	struct mm_struct *mm;
	unsigned long start, end;
	int pending;			/* atomic */
} tlb_req;

static void local_flush(unsigned long start, unsigned long end)
{
	if (end - start > TLB_FLUSH_ALL_PAGES * PAGE_SIZE) {
		write_cr3(read_cr3());
	} else {
		for (unsigned long va = start; va < end; va += PAGE_SIZE)
			invlpg(va);
	}
}

void tlb_note_loaded(struct mm_struct *mm)
{
	__atomic_store_n(&loaded_mm[smp_processor_id()], mm, __ATOMIC_SEQ_CST);
}

/* Hardirq: flush what was asked if the mm is still loaded here. */
static void tlb_flush_ipi(struct pt_regs *regs, void *data)
{
	struct mm_struct *mm = __atomic_load_n(&tlb_req.mm, __ATOMIC_ACQUIRE);

	if (__atomic_load_n(&loaded_mm[smp_processor_id()], __ATOMIC_RELAXED) == mm)
		local_flush(tlb_req.start, tlb_req.end);
	__atomic_sub_fetch(&tlb_req.pending, 1, __ATOMIC_RELEASE);
}

void tlb_init(void)
{
	set_vector_handler(TLB_FLUSH_VECTOR, tlb_flush_ipi, NULL);
}

/* Ask the CPUs in mask to flush [start, end) of mm and wait for them.
 * Preemption off, IRQs on. */
static void remote_flush(struct mm_struct *mm, unsigned long start, unsigned long end,
			 u32 mask, int n)
{
	WARN_ON_ONCE(irqs_disabled());
	spin_lock(&tlb_ipi_lock);
	tlb_req.start = start;
	tlb_req.end = end;
	__atomic_store_n(&tlb_req.pending, n, __ATOMIC_RELAXED);
	__atomic_store_n(&tlb_req.mm, mm, __ATOMIC_RELEASE);
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++)
		if (mask & (1u << cpu))
			apic_send_ipi(cpu_data[cpu]->apic_id, TLB_FLUSH_VECTOR);
	while (__atomic_load_n(&tlb_req.pending, __ATOMIC_ACQUIRE))
		cpu_relax();
	spin_unlock(&tlb_ipi_lock);
}

void flush_tlb_mm_range(struct mm_struct *mm, unsigned long start, unsigned long end)
{
	unsigned this;
	u32 mask = 0;
	int n = 0;

	preempt_disable();
	this = smp_processor_id();
	if (__atomic_load_n(&loaded_mm[this], __ATOMIC_RELAXED) == mm)
		local_flush(start, end);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* the PTE change before the records */
	for (unsigned cpu = 0; cpu < MAX_CPUS; cpu++) {
		if (cpu != this && __atomic_load_n(&loaded_mm[cpu], __ATOMIC_RELAXED) == mm) {
			mask |= 1u << cpu;
			n++;
		}
	}
	if (n)
		remote_flush(mm, start, end, mask, n);
	preempt_enable();
}

void flush_tlb_mm(struct mm_struct *mm)
{
	flush_tlb_mm_range(mm, 0, USER_TOP);
}
