/*
 * execve: the ELF64 loader and #! scripts. Static executables load as
 * ET_EXEC at their link address or static-PIE ET_DYN at ELF_PIE_BASE (it
 * relocates itself); one that asks for an interpreter (PT_INTERP) is
 * refused with -ENOEXEC. A file starting with "#!" runs its interpreter
 * with the script's path as an argument. Segments and the stack are
 * mapped and filled into a new mm before the old program is given up, so
 * a failed exec returns to the caller intact. The stack holds argc, argv,
 * envp and the auxiliary vector as Linux lays them out, the strings and
 * AT_RANDOM's 16 bytes above them.
 *
 * Sleeps (file reads, allocations). Takes the new mm's mmap_lock to map
 * and fill pages, never across a read of the file: mmap_lock comes after
 * i_rwsem.
 */
#include "kernel/user/process.h"
#include "kernel/user/cmdline.h"
#include "kernel/user/syscalls.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/cpu/x86.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "fs/vfs/file.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/namei.h"
#include "kernel/user/signal.h"
#include "kernel/user/uaccess.h"
#include "mm/mm.h"
#include "mm/slab.h"

#define ELF_PIE_BASE	0x0000555555554000UL
#define STACK_TOP	0x00007ffffffff000UL
#define STACK_SIZE	(128UL << 10)
#define ARG_MAX		(128UL << 10)	/* argv + envp strings, as Linux's minimum */
#define ARG_SPACE	(ARG_MAX + (16UL << 10))	/* + pointers, auxv, AT_RANDOM */
#define MAX_ARGS	4096		/* argv + envp entries */
#define MAX_INTERP	4		/* nested #! scripts */

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

/*
 * The arguments of an exec, copied into the kernel: one buffer of
 * NUL-separated strings (argv's, then envp's) and an array of pointers
 * into it. A #! script prepends the interpreter's words to argv.
 */
struct exec_args {
	char *strings;			/* ARG_MAX bytes */
	size_t used;
	char **argv;			/* MAX_ARGS + 2 slots: argv, NULL, envp, NULL */
	int argc, envc;
};

static int args_alloc(struct exec_args *a)
{
	a->strings = kmalloc(ARG_MAX, GFP_KERNEL);
	a->argv = kmalloc((MAX_ARGS + 2) * sizeof(char *), GFP_KERNEL);
	a->used = 0;
	a->argc = a->envc = 0;
	return a->strings && a->argv ? 0 : -ENOMEM;
}

static void args_free(struct exec_args *a)
{
	kfree(a->strings);
	kfree(a->argv);
}

/* Add one string from the kernel or (user) from user space. */
static int args_add(struct exec_args *a, const char *str, bool user)
{
	long room = ARG_MAX - a->used, len;

	if (a->argc + a->envc >= MAX_ARGS)
		return -E2BIG;
	if (user) {
		len = strncpy_from_user(a->strings + a->used, str, room);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return len;
	} else {
		len = strlen(str);
		if (len >= room)
			return -E2BIG;
		memcpy(a->strings + a->used, str, len + 1);
	}
	a->used += len + 1;
	return 0;
}

/* Copy a NULL-terminated vector (kernel or user) into a; returns count. */
static long args_add_vector(struct exec_args *a, char *const *v, bool user)
{
	long n = 0;

	for (; v; n++) {
		const char *p;
		int err;

		if (user) {
			if (copy_from_user(&p, v + n, sizeof(p)))
				return -EFAULT;
		} else {
			p = v[n];
		}
		if (!p)
			break;
		err = args_add(a, p, user);
		if (err)
			return err;
	}
	return n;
}

/* Rebuild the pointer array from the string buffer. */
static void args_index(struct exec_args *a)
{
	char *p = a->strings;
	int i = 0;

	for (int k = 0; k < a->argc; k++, p += strlen(p) + 1)
		a->argv[i++] = p;
	a->argv[i++] = NULL;
	for (int k = 0; k < a->envc; k++, p += strlen(p) + 1)
		a->argv[i++] = p;
	a->argv[i] = NULL;
}

/* Put the given words in front of argv (for #!): shift the buffer. */
static int args_prepend(struct exec_args *a, const char *const *words, int n, int drop)
{
	size_t add = 0, cut = 0;
	char *p = a->strings;

	for (int i = 0; i < drop && i < a->argc; i++) {
		cut += strlen(p) + 1;
		p += strlen(p) + 1;
	}
	for (int i = 0; i < n; i++)
		add += strlen(words[i]) + 1;
	if (a->used - cut + add > ARG_MAX)
		return -E2BIG;
	memmove(a->strings + add, a->strings + cut, a->used - cut);
	a->used = a->used - cut + add;
	p = a->strings;
	for (int i = 0; i < n; i++) {
		size_t l = strlen(words[i]) + 1;

		memcpy(p, words[i], l);
		p += l;
	}
	a->argc += n - (drop < a->argc ? drop : a->argc);
	args_index(a);
	return 0;
}

/* Build the initial stack in img (the top ARG_SPACE bytes); returns %rsp. */
static long build_stack(char *img, struct exec_args *a, const struct exec_info *ei)
{
	const struct cred *c = current_cred();
	unsigned long base = STACK_TOP - ARG_SPACE, p = STACK_TOP, *w, rnd, strs;
	long words;
	int nw = 0;

	/* The strings, as one block, at the top. */
	p -= ALIGN_UP(a->used, 16);
	strs = p;
	memcpy(img + (p - base), a->strings, a->used);
	p -= 16;
	for (int i = 0; i < 16; i++)
		img[p - base + i] = (char)(rdtsc() * 0x9e3779b97f4a7c15UL >> 56) ^ (char)i;
	rnd = p;
	unsigned long auxv[] = {
		AT_PHDR, ei->phdr, AT_PHENT, sizeof(struct elf64_phdr), AT_PHNUM, ei->phnum,
		AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_ENTRY, ei->entry, AT_UID, c->uid,
		AT_EUID, c->euid, AT_GID, c->gid, AT_EGID, c->egid, AT_HWCAP, 0x178bfbff,
		AT_CLKTCK, 100, AT_SECURE, 0, AT_RANDOM, rnd, AT_NULL, 0,
	};
	words = 1 + a->argc + 1 + a->envc + 1 + ARRAY_SIZE(auxv);
	if (p - base < (unsigned long)words * 8 + 16)
		return -E2BIG;
	p = (p - words * 8) & ~15UL;		/* %rsp at argc: 16-byte aligned */
	w = (unsigned long *)(img + (p - base));
	w[nw++] = a->argc;
	for (int i = 0; i < a->argc + 1 + a->envc + 1; i++) {
		char *s = a->argv[i];

		w[nw++] = s ? strs + (s - a->strings) : 0;
	}
	memcpy(&w[nw], auxv, sizeof(auxv));
	return p;
}

/* Load the ELF file f and its stack into mm; *rsp is the stack pointer. */
static int load_program(struct file *f, struct exec_args *a, struct mm_struct *mm,
			struct exec_info *ei, unsigned long *rsp)
{
	char *img;
	long sp;
	int err;

	img = kzalloc(ARG_SPACE, GFP_KERNEL);
	err = img ? load_elf(f, mm, ei) : -ENOMEM;
	down_write(&mm->mmap_lock);
	if (!err)
		err = mm_map_range(mm, STACK_TOP - STACK_SIZE - ARG_SPACE,
				   STACK_SIZE + ARG_SPACE, VM_WRITE | VM_NOEXEC | VM_GROWSDOWN);
	sp = err ? err : build_stack(img, a, ei);
	if (sp < 0)
		err = sp;
	else
		err = mm_copy_to(mm, STACK_TOP - ARG_SPACE, img, ARG_SPACE);
	mm->start_brk = mm->brk = ei->brk;
	up_write(&mm->mmap_lock);
	kfree(img);
	*rsp = sp;
	return err;
}

/* Open path for execution: a regular file with an x bit the caller may
 * use (root needs one x bit set somewhere, as on Linux). */
static struct file *open_exec(const char *path)
{
	struct inode *inode;
	struct path p;
	struct file *f;
	int err;

	err = kern_path(path, LOOKUP_FOLLOW, &p);
	if (err)
		return ERR_PTR(err);
	inode = d_inode(p.dentry);
	err = !S_ISREG(inode->i_mode) ? -EACCES : inode_permission(inode, MAY_EXEC);
	if (!err && !(inode->i_mode & 0111))
		err = -EACCES;
	/* Executing needs x, not r (a --x--x--x program runs), so this opens
	 * for the loader without open(2)'s read-permission check. */
	f = err ? ERR_PTR(err) : dentry_open(&p, O_RDONLY);
	path_put(&p);
	return f;
}

/* A "#!" first line: rewrite the arguments to run its interpreter.
 * Returns 1 if it was a script (the path changed), 0 if not, or -errno. */
static int prepare_script(struct file *f, const char *path, struct exec_args *a,
			  char *interp, size_t interp_size)
{
	char line[128], *p, *end, *arg = NULL;
	ssize_t n;

	if (vfs_llseek(f, 0, SEEK_SET) != 0)
		return -EIO;
	n = kernel_read(f, line, sizeof(line) - 1);
	if (n < 2 || line[0] != '#' || line[1] != '!')
		return 0;
	line[n] = 0;
	end = strchr(line, '\n');
	if (!end && n == sizeof(line) - 1)
		return -ENOEXEC;	/* interpreter line too long */
	if (end)
		*end = 0;
	for (p = line + 2; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return -ENOEXEC;
	for (end = p; *end && *end != ' ' && *end != '\t'; end++)
		;
	if (*end) {
		*end++ = 0;
		while (*end == ' ' || *end == '\t')
			end++;
		if (*end) {
			char *t = end + strlen(end);

			while (t > end && (t[-1] == ' ' || t[-1] == '\t'))
				*--t = 0;
			arg = end;
		}
	}
	strlcpy(interp, p, interp_size);
	{
		const char *words[3] = { interp, arg ? arg : path, path };
		int nw = arg ? 3 : 2;

		/* argv[0] is replaced by: interp [arg] path. */
		return args_prepend(a, words, nw, 1) ?: 1;
	}
}

/* Fresh FPU state (as after FNINIT, all SSE exceptions masked). */
static void reset_fpu(struct task_struct *me)
{
	preempt_disable();
	memset(me->fpu_state, 0, sizeof(me->fpu_state));
	*(u16 *)&me->fpu_state[0] = 0x37f;	/* FCW */
	*(u32 *)&me->fpu_state[24] = 0x1f80;	/* MXCSR */
	fxrstor(me->fpu_state);
	me->fsbase = 0;
	wrmsr(MSR_FS_BASE, 0);
	preempt_enable();
}

/* The point of no return: the new mm replaces the old one. */
static void exec_commit(struct mm_struct *mm, const char *path)
{
	struct task_struct *me = current;
	struct mm_struct *old = me->mm;
	const char *name = path;

	for (const char *c = path; *c; c++)
		if (*c == '/' && c[1])
			name = c + 1;
	reset_fpu(me);
	task_lock(me);			/* get_task_mm() reads it under the lock */
	me->mm = mm;
	switch_mm(mm);
	task_unlock(me);
	if (old)
		mmput(old);
	task_lock(me);
	strlcpy(me->comm, name, sizeof(me->comm));
	task_unlock(me);
	if (me->files)
		close_on_exec(me->files);
	signals_exec_reset(me);
	if (me->vfork_done) {
		complete(me->vfork_done);
		me->vfork_done = NULL;
	}
}

/* Everything after the arguments are in the kernel. regs: the user frame
 * to fill (the syscall's, or a kernel thread's first one). */
static int exec_common(const char *path, struct exec_args *a, struct pt_regs *regs)
{
	char interp[2][128];
	struct mm_struct *mm;
	struct exec_info ei = { 0 };
	unsigned long rsp = 0;
	struct file *f;
	int err;

	for (int depth = 0;; depth++) {
		f = open_exec(path);
		if (IS_ERR(f))
			return PTR_ERR(f);
		if (depth > MAX_INTERP) {
			fput(f);
			return -ELOOP;
		}
		err = prepare_script(f, path, a, interp[depth & 1], sizeof(interp[0]));
		if (err <= 0)
			break;
		fput(f);
		path = interp[depth & 1];
	}
	if (err) {
		fput(f);
		return err;
	}
	mm = mm_alloc();
	if (!mm) {
		fput(f);
		return -ENOMEM;
	}
	err = load_program(f, a, mm, &ei, &rsp);
	fput(f);
	if (err) {
		mmput(mm);
		return err;
	}
	exec_commit(mm, path);
	task_cmdline_set_exec(a->argv, a->argc);	/* for /proc/<pid>/cmdline */
	memset(regs, 0, sizeof(*regs));
	regs->rip = ei.entry;
	regs->cs = USER_CS;
	regs->ss = USER_DS;
	regs->rsp = rsp;
	regs->rflags = X86_EFLAGS_IF | 0x2;
	regs->vector = 0;		/* not a syscall frame any more */
	current->thread_flags |= TIF_FORCE_IRET;	/* every register is new */
	return 0;
}

/* Copy argv and envp (kernel vectors, or user ones when user is set) in,
 * then run exec_common() on regs. */
static int exec_vectors(const char *path, char *const *argv, char *const *envp, bool user,
			struct pt_regs *regs)
{
	struct exec_args a;
	long n;
	int err = args_alloc(&a);

	if (!err) {
		n = args_add_vector(&a, argv, user);
		err = n < 0 ? n : 0;
		a.argc = n;
	}
	if (!err) {
		n = args_add_vector(&a, envp, user);
		err = n < 0 ? n : 0;
		a.envc = n;
	}
	if (!err) {
		args_index(&a);
		err = exec_common(path, &a, regs);
	}
	args_free(&a);
	return err;
}

int do_execve(const char *path, char *const argv[], char *const envp[])
{
	bool from_kthread = !current->mm;
	struct pt_regs kregs;
	int err;

	might_sleep();
	err = exec_vectors(path, argv, envp, false, from_kthread ? &kregs : current_user_regs());
	if (!err && from_kthread) {	/* a kernel thread leaves for ring 3 now */
		exit_to_user_mode(&kregs);
		enter_user_mode(&kregs);
	}
	return err;
}

static long sys_execve(const char *upath, char *const *uargv, char *const *uenvp)
{
	char *path = kmalloc(PATH_MAX, GFP_KERNEL);
	long n, err;

	if (!path)
		return -ENOMEM;
	n = strncpy_from_user(path, upath, PATH_MAX);
	err = n < 0 ? n : n == 0 ? -ENOENT : 0;
	if (!err)
		err = exec_vectors(path, uargv, uenvp, true, current_user_regs());
	kfree(path);
	return err;
}
SYSCALL_ENTRY(execve, sys_execve);
