/*
 * Starting, ending and killing processes (see process.h). A process is
 * a kernel thread with an mm; its starter waits on a struct user_wait.
 */
#include "kernel/user/process.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/cpu/irqflags.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/panic.h"
#include "mm/mm.h"

struct user_start {
	const char *path;
	char *const *argv;
};

static char *const default_envp[] = { "PATH=/bin", "HOME=/", "TERM=dumb", NULL };

/* The kernel thread's body: become the program, or exit with -errno. */
static int user_main(void *arg)
{
	struct user_start *us = arg;

	do_exit(exec_user(us->path, us->argv, default_envp));
}

int run_user_program_wait(const char *path, char *const argv[], struct user_wait *uw)
{
	struct user_start us = { path, argv };
	struct user_wait local = { 0 };
	const char *name = path;
	struct task_struct *t;

	might_sleep();
	for (const char *c = path; *c; c++)
		if (*c == '/')
			name = c + 1;

	if (!uw)
		uw = &local;
	init_completion(&uw->done);
	t = kthread_create(user_main, &us, name);
	if (!t)
		return -ENOMEM;
	t->uwait = uw;
	wake_up_process(t);
	wait_for_completion(&uw->done);
	return uw->status;
}

int run_user_program(const char *path, char *const argv[])
{
	return run_user_program_wait(path, argv, NULL);
}

/* Drop the address space (after loading the kernel's page tables, so no
 * CPU has it loaded), tell the starter, and let the scheduler free us. */
void do_exit(int status)
{
	struct task_struct *me = current;
	struct mm_struct *mm = me->mm;
	struct user_wait *uw = me->uwait;

	local_irq_enable();
	preempt_disable();
	me->mm = NULL;
	switch_mm(NULL);
	preempt_enable();
	if (mm)
		mmput(mm);
	me->uwait = NULL;
	if (uw) {
		uw->status = status;
		complete(&uw->done);	/* uw may be gone once this returns */
	}
	kthread_exit(status);
}

static int exception_signal(unsigned vector)
{
	switch (vector) {
	case 0: case 16: case 19:	return SIGFPE;
	case 1: case 3:			return SIGTRAP;
	case 6:				return SIGILL;
	case 17:			return SIGBUS;
	default:			return SIGSEGV;
	}
}

void user_exception(struct pt_regs *regs, unsigned vector, unsigned long cr2)
{
	struct task_struct *me = current;
	int sig = exception_signal(vector);

	if (vector == 14)
		pr_err("%s[%d]: segfault at %#lx ip %#lx sp %#lx error %#lx: killed (signal %d)\n",
		       me->comm, me->pid, cr2, regs->rip, regs->rsp, regs->error_code, sig);
	else
		pr_err("%s[%d]: trap %u ip %#lx sp %#lx error %#lx: killed (signal %d)\n",
		       me->comm, me->pid, vector, regs->rip, regs->rsp, regs->error_code, sig);
	if (!me->mm)
		panic_regs(regs, "user-mode exception in a kernel thread");
	do_exit(W_EXITCODE(0, sig));
}
