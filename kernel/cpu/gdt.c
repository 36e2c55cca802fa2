/*
 * Per-CPU GDT and TSS. Segments are flat in long mode; the GDT matters for
 * the code/data selectors, the user selectors (ordered for sysret) and the
 * TSS, whose IST slots give #DF and NMI their own stacks so a kernel stack
 * overflow still produces a report.
 */
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/percpu.h"
#include "kernel/lib/string.h"
#include "kernel/panic.h"
#include "mm/page_alloc.h"

struct tss {
	u32 reserved0;
	u64 rsp[3];
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 iomap_base;
} __packed;

#define IST_DOUBLE_FAULT	1
#define IST_NMI			2
#define IST_STACK_ORDER		2	/* 16 KiB each */

struct gdt_ptr {
	u16 limit;
	u64 base;
} __packed;

struct cpu_tables {
	u64 gdt[8];
	struct tss tss;
};

static struct cpu_tables boot_tables;	/* CPU 0, before the page allocator */

static void *ist_stack_top(void)
{
	struct page *p = alloc_pages(GFP_KERNEL, IST_STACK_ORDER);

	if (!p)
		panic("no memory for an interrupt stack");
	return (char *)page_address(p) + (PAGE_SIZE << IST_STACK_ORDER);
}

static void load_tables(struct cpu_tables *t)
{
	struct gdt_ptr ptr = { sizeof(t->gdt) - 1, (u64)t->gdt };

	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq %1\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\n\t"
		"movw %w2, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"ltr %w3"
		:: "m"(ptr), "i"(KERNEL_CS), "r"(KERNEL_DS), "r"(TSS_SEL)
		: "rax", "memory");
}

void gdt_init_cpu(unsigned cpu)
{
	struct cpu_tables *t;
	u64 base, limit;

	if (cpu == 0) {
		t = &boot_tables;
	} else {
		t = kzalloc(sizeof(*t), GFP_KERNEL);
		if (!t)
			panic("no memory for CPU %u's GDT", cpu);
	}
	memset(t, 0, sizeof(*t));
	t->gdt[1] = 0x00af9a000000ffff;	/* 0x08 kernel code */
	t->gdt[2] = 0x00cf92000000ffff;	/* 0x10 kernel data */
	t->gdt[3] = 0x00cffa000000ffff;	/* 0x18 user code, 32-bit (unused) */
	t->gdt[4] = 0x00cff2000000ffff;	/* 0x20 user data */
	t->gdt[5] = 0x00affa000000ffff;	/* 0x28 user code, 64-bit */
	base = (u64)&t->tss;
	limit = sizeof(t->tss) - 1;
	t->gdt[6] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89UL << 40) |
		    (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	t->gdt[7] = base >> 32;
	t->tss.iomap_base = sizeof(t->tss);
	t->tss.ist[IST_DOUBLE_FAULT - 1] = (u64)ist_stack_top();
	t->tss.ist[IST_NMI - 1] = (u64)ist_stack_top();
	this_cpu()->gdt = t->gdt;
	this_cpu()->tss = &t->tss;
	load_tables(t);
}

/* The stack the CPU switches to on entry from user mode. Owner CPU. */
void tss_set_kernel_stack(u64 rsp0)
{
	((struct tss *)this_cpu()->tss)->rsp[0] = rsp0;
	this_cpu()->kernel_stack_top = rsp0;	/* for the syscall entry */
}
