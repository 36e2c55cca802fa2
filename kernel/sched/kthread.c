/*
 * Kernel threads and the task list. A task is a struct task_struct (slab)
 * plus a kernel stack with a guard page (mm/kstack.c). kthread_create()
 * builds the stack so that the first switch to the task lands in
 * ret_from_kthread (switch.S), which finishes the switch and calls
 * kthread_main(). A task that exits is freed by the next task to run on its
 * CPU (finish_task_switch), once its stack is no longer in use.
 */
#include "kernel/sched/internal.h"
#include "kernel/sync/spinlock.h"
#include "kernel/sched/wait.h"
#include "kernel/cpu/interrupts.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/kstack.h"
#include "mm/slab.h"

DEFINE_SPINLOCK(tasklist_lock);
LIST_HEAD(task_list);			/* tasklist_lock */
static unsigned task_count;			/* tasklist_lock */
static int next_pid = 2;			/* atomic; 1 is init's (INIT_PID) */
static struct kmem_cache *task_cache;		/* const after first use */

void task_list_add(struct task_struct *t)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_add_tail(&t->tasks, &task_list);
	task_count++;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void task_list_del(struct task_struct *t)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_del(&t->tasks);
	task_count--;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

void for_each_task(void (*fn)(struct task_struct *t, void *arg), void *arg)
{
	struct task_struct *t;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	list_for_each_entry(t, &task_list, tasks)
		fn(t, arg);
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

unsigned nr_tasks(void)
{
	return READ_ONCE(task_count);
}

static struct task_struct *task_alloc(void)
{
	struct task_struct *t;

	if (!task_cache) {
		task_cache = kmem_cache_create("task_struct", sizeof(struct task_struct), 16, NULL);
		if (!task_cache)
			return NULL;
	}
	t = kmem_cache_zalloc(task_cache, GFP_KERNEL);
	if (!t)
		return NULL;
	t->stack = kstack_alloc();
	if (!t->stack) {
		kmem_cache_free(task_cache, t);
		return NULL;
	}
	return t;
}

/* The last reference is gone: off the task list, stack and struct freed.
 * Any context (IRQs may be off: finish_task_switch). */
static void task_free(struct task_struct *t)
{
	task_list_del(t);
	kstack_free(t->stack);
	kmem_cache_free(task_cache, t);
}

void get_task_struct(struct task_struct *t)
{
	__atomic_fetch_add(&t->usage, 1, __ATOMIC_RELAXED);
}

bool tryget_task_struct(struct task_struct *t)
{
	int old = __atomic_load_n(&t->usage, __ATOMIC_RELAXED);

	lockdep_assert_held(&tasklist_lock);
	do {
		if (old == 0)
			return false;
	} while (!__atomic_compare_exchange_n(&t->usage, &old, old + 1, false,
					      __ATOMIC_ACQUIRE, __ATOMIC_RELAXED));
	return true;
}

/* Drop a reference; the last one frees the task, taking it off the task
 * list under tasklist_lock first, so lookups (tryget_task_struct) that
 * still find it meanwhile see a count of 0. */
void put_task_struct(struct task_struct *t)
{
	if (__atomic_sub_fetch(&t->usage, 1, __ATOMIC_ACQ_REL) == 0)
		task_free(t);
}

/* An idle task for an AP: it starts running on this stack directly. */
struct task_struct *idle_task_create(unsigned cpu)
{
	struct task_struct *t = task_alloc();

	if (!t)
		return NULL;
	t->pid = 0;
	snprintf(t->comm, sizeof(t->comm), "swapper/%u", cpu);
	t->state = TASK_RUNNING;
	INIT_LIST_HEAD(&t->tasks);
	task_list_add(t);
	return t;
}

struct task_struct *kthread_create(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t = task_alloc();
	unsigned long *sp;

	if (!t)
		return NULL;
	t->pid = __atomic_fetch_add(&next_pid, 1, __ATOMIC_RELAXED);
	strlcpy(t->comm, name, sizeof(t->comm));
	t->fn = fn;
	t->fn_arg = arg;
	t->state = TASK_UNINTERRUPTIBLE;	/* stopped until woken */
	t->cpus_allowed = ~0UL;
	t->cpu = -1;
	t->usage = 1;				/* dropped after its last switch */
	spin_lock_init(&t->alloc_lock);
	spin_lock_init(&t->signal.siglock);
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	init_waitqueue_head(&t->wait_chldexit);
	/* Frame popped by __switch_to: r15 r14 r13 r12 rbx rbp, then ret, which
	 * leaves %rsp 16-byte aligned at ret_from_kthread as the ABI wants. */
	sp = (unsigned long *)((char *)t->stack + KSTACK_SIZE);
	*--sp = (unsigned long)ret_from_kthread;
	for (int i = 0; i < 6; i++)
		*--sp = 0;			/* rbp = 0 ends backtraces */
	t->thread_rsp = (unsigned long)sp;
	INIT_LIST_HEAD(&t->tasks);
	task_list_add(t);
	return t;
}

struct task_struct *fork_task_create(const char *name, const struct pt_regs *regs)
{
	struct task_struct *t = kthread_create(NULL, NULL, name);
	struct pt_regs *child_regs;
	unsigned long *sp;

	if (!t)
		return NULL;
	/* The user registers at the top of the stack, as an entry from user
	 * mode leaves them; below them the frame __switch_to pops, returning
	 * into ret_from_fork, which leaves through interrupt_return. */
	child_regs = (struct pt_regs *)((char *)t->stack + KSTACK_SIZE) - 1;
	*child_regs = *regs;
	sp = (unsigned long *)child_regs;
	*--sp = (unsigned long)ret_from_fork;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->thread_rsp = (unsigned long)sp;
	return t;
}

void kthread_bind(struct task_struct *p, unsigned cpu)
{
	p->cpus_allowed = 1UL << cpu;
}

struct task_struct *kthread_run(int (*fn)(void *), void *arg, const char *name)
{
	struct task_struct *t = kthread_create(fn, arg, name);

	if (t)
		wake_up_process(t);
	return t;
}

void kthread_main(void)
{
	struct task_struct *me = current;
	int ret = me->fn(me->fn_arg);

	kthread_exit(ret);
}

void kthread_exit(int code)
{
	lockdep_assert_no_locks_held("kthread exit");
	current->exit_code = code;
	preempt_disable();
	set_current_state(TASK_DEAD);
	preempt_enable_no_resched();
	schedule();
	BUG();
}

static const char *state_name(long s)
{
	switch (s) {
	case TASK_RUNNING: return "R";
	case TASK_INTERRUPTIBLE: return "S";
	case TASK_UNINTERRUPTIBLE: return "D";
	case TASK_DEAD: return "X";
	}
	return "?";
}

static void print_task(struct task_struct *t, void *arg)
{
	printk("%5d %-16s %s cpu%-2d switches=%-8lu %s%s\n", t->pid, t->comm,
	       t->exit_state == EXIT_ZOMBIE ? "Z" : state_name(t->state), t->cpu, t->nr_switches,
	       t->blocked_kind ? "blocked on " : "", t->blocked_kind ? t->blocked_kind : "");
}

void sched_print_tasks(void)
{
	printk("  PID COMM             S CPU  SWITCHES\n");
	for_each_task(print_task, NULL);
}
