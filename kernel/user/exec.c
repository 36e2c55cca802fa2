/*
 * The ELF64 loader: static executables, ET_EXEC at their link address and
 * static-PIE ET_DYN at ELF_PIE_BASE (it relocates itself); an executable
 * that asks for an interpreter (PT_INTERP) is refused with -ENOEXEC. Segments and the stack are mapped and
 * filled before the process first runs (no demand paging yet). The stack
 * holds argc, argv, envp and the auxiliary vector as Linux lays them out,
 * the strings and AT_RANDOM's 16 bytes above them.
 *
 * Runs in the kernel thread that becomes the process; sleeps (file reads,
 * allocations). Takes the new mm's mmap_lock to map and fill pages, never
 * across a read of the file: mmap_lock comes after i_rwsem.
 */
#include "kernel/user/process.h"
#include "kernel/user/syscalls.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/x86.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "fs/vfs/file.h"
#include "mm/mm.h"
#include "mm/slab.h"

#define ELF_PIE_BASE	0x0000555555554000UL
#define STACK_TOP	0x00007ffffffff000UL
#define STACK_SIZE	(128UL << 10)
#define ARG_SPACE	(16UL << 10)	/* argv, envp, auxv and their strings */

#define ET_EXEC		2
#define ET_DYN		3
#define EM_X86_64	62
#define PT_LOAD		1
#define PT_INTERP	3
#define PT_PHDR		6
#define PF_X		1
#define PF_W		2

#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25

struct elf64_ehdr {
	u8 e_ident[16];
	u16 e_type, e_machine;
	u32 e_version;
	u64 e_entry, e_phoff, e_shoff;
	u32 e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	u32 p_type, p_flags;
	u64 p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

/* What the loader learnt, for the auxiliary vector. */
struct exec_info {
	unsigned long entry, phdr, phnum, brk;
};

static int read_at(struct file *f, loff_t pos, void *buf, size_t n)
{
	if (vfs_llseek(f, pos, SEEK_SET) != pos)
		return -EIO;
	return kernel_read(f, buf, n) == (ssize_t)n ? 0 : -ENOEXEC;
}

static int check_ehdr(const struct elf64_ehdr *eh)
{
	if (memcmp(eh->e_ident, "\177ELF", 4) || eh->e_ident[4] != 2 || eh->e_ident[5] != 1)
		return -ENOEXEC;
	if (eh->e_machine != EM_X86_64 || (eh->e_type != ET_EXEC && eh->e_type != ET_DYN))
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || !eh->e_phnum || eh->e_phnum > 64)
		return -ENOEXEC;
	return 0;
}

/* Map one PT_LOAD segment at bias and copy its file bytes in. The file is
 * read without mmap_lock (i_rwsem and f_pos_lock come before it). */
static int load_segment(struct file *f, struct mm_struct *mm, const struct elf64_phdr *ph,
			unsigned long bias, char *page)
{
	unsigned long va = bias + ph->p_vaddr;
	u64 prot = (ph->p_flags & PF_W ? VM_WRITE : 0) | (ph->p_flags & PF_X ? 0 : VM_NOEXEC);
	int err;

	if (ph->p_filesz > ph->p_memsz || va + ph->p_memsz < va || va + ph->p_memsz > STACK_TOP - STACK_SIZE)
		return -ENOEXEC;
	down_write(&mm->mmap_lock);
	err = mm_map_range(mm, va, ph->p_memsz, prot);
	up_write(&mm->mmap_lock);
	for (u64 off = 0; !err && off < ph->p_filesz; off += PAGE_SIZE) {
		size_t n = ph->p_filesz - off < PAGE_SIZE ? ph->p_filesz - off : PAGE_SIZE;

		err = read_at(f, ph->p_offset + off, page, n);
		if (err)
			break;
		down_write(&mm->mmap_lock);
		err = mm_copy_to(mm, va + off, page, n);
		up_write(&mm->mmap_lock);
	}
	return err;
}

static int load_elf(struct file *f, struct mm_struct *mm, struct exec_info *ei)
{
	struct elf64_ehdr eh;
	struct elf64_phdr *ph = NULL;
	unsigned long bias, end = 0;
	char *page = NULL;
	int err;

	err = read_at(f, 0, &eh, sizeof(eh));
	if (!err)
		err = check_ehdr(&eh);
	if (err)
		return err;
	bias = eh.e_type == ET_DYN ? ELF_PIE_BASE : 0;
	ph = kmalloc(eh.e_phnum * sizeof(*ph), GFP_KERNEL);
	page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	err = ph && page ? read_at(f, eh.e_phoff, ph, eh.e_phnum * sizeof(*ph)) : -ENOMEM;
	ei->phdr = 0;
	for (int i = 0; !err && i < eh.e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP)
			err = -ENOEXEC;		/* dynamically linked: no ld.so */
		if (ph[i].p_type == PT_PHDR)
			ei->phdr = bias + ph[i].p_vaddr;
		if (ph[i].p_type != PT_LOAD || !ph[i].p_memsz)
			continue;
		if (!ei->phdr && eh.e_phoff >= ph[i].p_offset &&
		    eh.e_phoff < ph[i].p_offset + ph[i].p_filesz)
			ei->phdr = bias + ph[i].p_vaddr + (eh.e_phoff - ph[i].p_offset);
		err = load_segment(f, mm, &ph[i], bias, page);
		if (bias + ph[i].p_vaddr + ph[i].p_memsz > end)
			end = bias + ph[i].p_vaddr + ph[i].p_memsz;
	}
	if (!err && !end)
		err = -ENOEXEC;
	ei->entry = bias + eh.e_entry;
	ei->phnum = eh.e_phnum;
	ei->brk = ALIGN_UP(end, PAGE_SIZE);
	kfree(page);
	kfree(ph);
	return err;
}

/* Place a copy of each string of v (below *p) and return how many. */
static long push_strings(char *img, unsigned long base, unsigned long *p,
			 char *const v[], unsigned long *addrs, long max)
{
	long n = 0;

	for (; v && v[n]; n++) {
		size_t len = strlen(v[n]) + 1;

		if (n >= max || *p - base < len + 256)
			return -E2BIG;
		*p -= len;
		memcpy(img + (*p - base), v[n], len);
		addrs[n] = *p;
	}
	return n;
}

/* Build the initial stack in img (the top ARG_SPACE bytes); returns %rsp. */
static long build_stack(char *img, char *const argv[], char *const envp[],
			const struct exec_info *ei)
{
	unsigned long base = STACK_TOP - ARG_SPACE, p = STACK_TOP, *w, rnd;
	unsigned long addrs[2][64];
	long argc, envc;
	int nw = 0;

	argc = push_strings(img, base, &p, argv, addrs[0], 64);
	envc = push_strings(img, base, &p, envp, addrs[1], 64);
	if (argc < 0 || envc < 0)
		return -E2BIG;
	p -= 16;
	for (int i = 0; i < 16; i++)
		img[p - base + i] = (char)(rdtsc() * 0x9e3779b97f4a7c15UL >> 56) ^ (char)i;
	rnd = p;
	unsigned long auxv[] = {
		AT_PHDR, ei->phdr, AT_PHENT, sizeof(struct elf64_phdr), AT_PHNUM, ei->phnum,
		AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_ENTRY, ei->entry, AT_UID, 0, AT_EUID, 0,
		AT_GID, 0, AT_EGID, 0, AT_HWCAP, 0, AT_CLKTCK, 100, AT_SECURE, 0,
		AT_RANDOM, rnd, AT_NULL, 0,
	};
	long words = 1 + argc + 1 + envc + 1 + ARRAY_SIZE(auxv);

	if (p - base < (unsigned long)words * 8 + 16)
		return -E2BIG;
	p = (p - words * 8) & ~15UL;		/* %rsp at argc: 16-byte aligned */
	w = (unsigned long *)(img + (p - base));
	w[nw++] = argc;
	for (long i = 0; i < argc; i++)
		w[nw++] = addrs[0][i];
	w[nw++] = 0;
	for (long i = 0; i < envc; i++)
		w[nw++] = addrs[1][i];
	w[nw++] = 0;
	memcpy(&w[nw], auxv, sizeof(auxv));
	return p;
}

/* Load path into a new mm; on success *rsp is the initial stack pointer. */
static int load_program(const char *path, char *const argv[], char *const envp[],
			struct mm_struct *mm, struct exec_info *ei, unsigned long *rsp)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	char *img;
	long sp;
	int err;

	if (IS_ERR(f))
		return PTR_ERR(f);
	img = kzalloc(ARG_SPACE, GFP_KERNEL);
	err = img ? load_elf(f, mm, ei) : -ENOMEM;
	down_write(&mm->mmap_lock);
	if (!err)
		err = mm_map_range(mm, STACK_TOP - STACK_SIZE, STACK_SIZE, VM_WRITE | VM_NOEXEC);
	sp = err ? err : build_stack(img, argv, envp, ei);
	if (sp < 0)
		err = sp;
	else
		err = mm_copy_to(mm, STACK_TOP - ARG_SPACE, img, ARG_SPACE);
	mm->start_brk = mm->brk = ei->brk;
	up_write(&mm->mmap_lock);
	kfree(img);
	fput(f);
	*rsp = sp;
	return err;
}

/* Fresh FPU state (as after FNINIT, all SSE exceptions masked), loaded
 * before the task owns an mm so that no context switch saves over it. */
static void install_mm(struct mm_struct *mm)
{
	struct task_struct *me = current;

	preempt_disable();
	memset(me->fpu_state, 0, sizeof(me->fpu_state));
	*(u16 *)&me->fpu_state[0] = 0x37f;	/* FCW */
	*(u32 *)&me->fpu_state[24] = 0x1f80;	/* MXCSR */
	fxrstor(me->fpu_state);
	me->fsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	me->mm = mm;
	switch_mm(mm);
	preempt_enable();
}

int exec_user(const char *path, char *const argv[], char *const envp[])
{
	struct mm_struct *mm;
	struct exec_info ei = { 0 };
	struct pt_regs regs;
	unsigned long rsp = 0;
	int err;

	might_sleep();
	if (current->mm)
		return -EBUSY;		/* exec over a running program: not yet */
	mm = mm_alloc();
	if (!mm)
		return -ENOMEM;
	err = load_program(path, argv, envp, mm, &ei, &rsp);
	if (err) {
		mmput(mm);
		return err;
	}
	install_mm(mm);
	memset(&regs, 0, sizeof(regs));
	regs.rip = ei.entry;
	regs.cs = USER_CS;
	regs.ss = USER_DS;
	regs.rsp = rsp;
	regs.rflags = X86_EFLAGS_IF | 0x2;
	exit_to_user_mode();
	enter_user_mode(&regs);
}
