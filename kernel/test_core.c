/* Boot-level facts: symbol table, formatting, page protections, stacks. */
#include "kernel/ktest/ktest.h"
#include "kernel/ksyms.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/cpu/percpu.h"
#include "kernel/sched/sched.h"
#include "kernel/boot/layout.h"
#include "mm/paging.h"
#include "mm/kstack.h"

KTEST(ksyms_symbolize_own_function)
{
	unsigned long addr = (unsigned long)ksym_address, off;
	const char *name = ksym_lookup(addr + 3, &off, NULL);
	char buf[64];

	KT_ASSERT(name && !strcmp(name, "ksym_address"), "got %s", name ? name : "(null)");
	KT_ASSERT_EQ(off, 3);
	KT_ASSERT_EQ(ksym_address("ksym_lookup"), (unsigned long)ksym_lookup);
	snprintf(buf, sizeof(buf), "%pS", (void *)(addr + 3));
	KT_ASSERT(!strncmp(buf, "ksym_address+0x3/", 17), "formatted as %s", buf);
}

KTEST(vsnprintf_formats)
{
	char b[64];

	snprintf(b, sizeof(b), "%d %u %x %5s|%-3d|%05d %c %ld", -42, 7u, 0xbeefu, "ab", 1, 42, 'z', -1L);
	KT_ASSERT(!strcmp(b, "-42 7 beef    ab|1  |00042 z -1"), "got '%s'", b);
	snprintf(b, sizeof(b), "[%.*s|%.3s|%*d]", 4, "abcdefg", "xyzw", 4, 7);
	KT_ASSERT(!strcmp(b, "[abcd|xyz|   7]"), "precision: got '%s'", b);
	KT_ASSERT_EQ(snprintf(b, 4, "%s", "truncated"), 9);
	KT_ASSERT(!strcmp(b, "tru"), "got '%s'", b);
}

extern char _text[], _rodata[], _data[];

KTEST(paging_text_readonly_data_noexec)
{
	u64 *text = lookup_kernel_pte((unsigned long)_text);
	u64 *ro = lookup_kernel_pte((unsigned long)_rodata);
	u64 *data = lookup_kernel_pte((unsigned long)_data);
	u64 *direct = lookup_kernel_pte((unsigned long)phys_to_virt(0x200000));

	KT_ASSERT(text && ro && data && direct, "kernel image not mapped");
	KT_ASSERT(!(*text & PTE_W) && !(*text & PTE_NX), "text pte %#lx", *text);
	KT_ASSERT(!(*ro & PTE_W) && (*ro & PTE_NX), "rodata pte %#lx", *ro);
	KT_ASSERT((*data & PTE_W) && (*data & PTE_NX), "data pte %#lx", *data);
	KT_ASSERT((*direct & PTE_NX), "direct map executable");
	KT_ASSERT(!lookup_kernel_pte(0x1000) || !(*lookup_kernel_pte(0x1000) & PTE_P),
		  "low identity map still present");
}

KTEST(kstack_has_unmapped_guard_page)
{
	void *s = kstack_alloc();
	u64 *guard, *stack;

	KT_ASSERT(s, "no stack");
	guard = lookup_kernel_pte((unsigned long)s - PAGE_SIZE);
	stack = lookup_kernel_pte((unsigned long)s);
	KT_ASSERT(!guard || !(*guard & PTE_P), "guard page is mapped");
	KT_ASSERT(stack && (*stack & PTE_P) && (*stack & PTE_NX), "stack not mapped NX");
	memset(s, 0x5a, KSTACK_SIZE);	/* every stack page writable */
	kstack_free(s);
	KT_ASSERT(current->stack != NULL, "current has no stack");
}

KTEST(percpu_reached_through_gs)
{
	preempt_disable();
	struct percpu *p = this_cpu();
	KT_ASSERT(p->self == p, "gs:0 is not the per-CPU area");
	KT_ASSERT(cpu_data[p->cpu] == p, "cpu_data mismatch");
	KT_ASSERT(p->current_task == current, "current mismatch");
	preempt_enable();
	KT_ASSERT(nr_cpus_online >= 1 && nr_cpus_online == nr_cpus, "%u of %u CPUs online",
		  nr_cpus_online, nr_cpus);
}
