/*
 * SMAP and SMEP (smap.h): when the CPU has them they are on, and a kernel
 * read of a user page outside stac/clac faults, while the user-copy
 * routines, which set AC, still work. Without SMAP (e.g. -cpu qemu64) the
 * test checks only that CR4 says what smap_enabled says.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/cpu/smap.h"
#include "kernel/cpu/x86.h"
#include "kernel/sched/sched.h"
#include "kernel/errno.h"
#include "mm/fault.h"
#include "mm/mm.h"
#include "mm/mmap.h"

/* The copy loop under copy_from_user() (which may sleep: not here). */
unsigned long __copy_user(void *to, const void *from, unsigned long n);

/* Read a byte at p with a fix-up but without stac: 0, or -EFAULT. */
static int read_without_stac(const void *p, u8 *out)
{
	int err;
	u8 v = 0;

	__asm__ volatile("1:	movb (%2), %1\n"
			 "	xorl %0, %0\n"
			 "	jmp 3f\n"
			 "2:	movl $-14, %0\n"
			 "3:\n"
			 "	.pushsection __ex_table, \"a\"\n"
			 "	.balign 8\n"
			 "	.quad 1b, 2b\n"
			 "	.popsection\n"
			 : "=r"(err), "+q"(v) : "r"(p) : "memory");
	*out = v;
	return err;
}

KTEST(cpu_smap_blocks_kernel_reads_of_user_pages)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *dead = NULL;
	int raw, copied;
	u8 a = 0, b = 0;
	long addr;

	KT_ASSERT_EQ(!!(read_cr4() & X86_CR4_SMAP), smap_enabled);
	KT_ASSERT_EQ(!!(read_cr4() & X86_CR4_SMEP), smep_enabled);
	KT_ASSERT(mm, "no memory");
	down_write(&mm->mmap_lock);
	addr = do_mmap(mm, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       NULL, 0, &dead);
	up_write(&mm->mmap_lock);
	KT_ASSERT(addr > 0, "mmap: %ld", addr);
	KT_ASSERT_EQ(handle_mm_fault(mm, addr, PF_USER | PF_WRITE), 0);
	/* This kernel thread borrows the page tables, with no mm of its own:
	 * a fault goes straight to the fix-up. */
	preempt_disable();
	switch_mm(mm);
	raw = read_without_stac((void *)addr, &a);
	copied = __copy_user(&b, (void *)addr, 1);
	switch_mm(NULL);
	preempt_enable();
	mmput(mm);
	KT_ASSERT_EQ(copied, 0);
	KT_ASSERT_EQ(raw, smap_enabled ? -EFAULT : 0);
}
