/*
 * The OOM killer (mm/vmscan.h: out_of_memory): when reclaim cannot free
 * memory for an allocation of a user process (no clean cache left, swap
 * full or off), the user process with the most pages mapped (RSS) is
 * sent SIGKILL, never init (pid 1) nor a kernel thread. The console gets
 * Linux's report: the tasks with their sizes, then "Out of memory:
 * Killed process PID (COMM) total-vm:..kB, rss:..kB". The allocation
 * waits for the victim to exit and retries; while a victim is still
 * exiting (up to OOM_VICTIM_WAIT), nobody else is killed.
 *
 * Locks: oom_lock (a mutex) serialises the choice; the tasks are
 * gathered under tasklist_lock with a reference each, and their mms are
 * read outside it (get_task_mm: task_lock). A victim's mmap_lock is taken
 * by trylock only, for total-vm (the victim may be the caller, faulting).
 */
#include "mm/vmscan.h"
#include "mm/mm.h"
#include "mm/page_alloc.h"
#include "kernel/sched/sched.h"
#include "kernel/sync/mutex.h"
#include "kernel/user/signal.h"
#include "kernel/user/signal_types.h"
#include "kernel/printk.h"
#include "kernel/time.h"

#define OOM_CANDIDATES		64
#define OOM_VICTIM_WAIT_MS	5000

static DEFINE_MUTEX(oom_lock);
static int victim_pid;			/* oom_lock: last victim, 0 if none */
static u64 victim_since;		/* oom_lock: jiffies when it was killed */
static unsigned long oom_kills;		/* oom_lock */

unsigned long oom_kill_count(void)
{
	return READ_ONCE(oom_kills);
}

/* Is pid still a live process (not a zombie yet)? */
static bool victim_alive(int pid)
{
	struct task_struct *t;
	unsigned long flags;
	bool alive = false;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process_locked(t)
		if (t->pid == pid && !t->exit_state && t->state != TASK_DEAD)
			alive = true;
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return alive;
}

/* Bytes of address space mapped by mm, in kB; 0 if its lock is busy. */
static unsigned long total_vm_kb(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long pages = 0;

	if (!down_read_trylock(&mm->mmap_lock))
		return 0;
	for (vma = mm->mmap; vma; vma = vma->vm_next)
		pages += (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
	up_read(&mm->mmap_lock);
	return pages * (unsigned long)(PAGE_SIZE / 1024);
}

/* The user processes, each with a reference; returns how many. */
static int gather(struct task_struct **tasks)
{
	struct task_struct *t;
	unsigned long flags;
	int n = 0;

	spin_lock_irqsave(&tasklist_lock, flags);
	for_each_process_locked(t) {
		if (n == OOM_CANDIDATES)
			break;
		if (!t->mm || t->exit_state || t->state == TASK_DEAD)
			continue;
		if (tryget_task_struct(t))
			tasks[n++] = t;
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return n;
}

bool out_of_memory(unsigned order)
{
	struct task_struct *tasks[OOM_CANDIDATES], *victim = NULL;
	long best = -1, victim_rss = 0;
	unsigned long victim_vm = 0;
	int n;

	might_sleep();
	if (!current->mm)
		return false;		/* kernel threads get NULL instead */
	mutex_lock(&oom_lock);
	if (victim_pid && victim_alive(victim_pid) &&
	    jiffies - victim_since < msecs_to_jiffies(OOM_VICTIM_WAIT_MS)) {
		mutex_unlock(&oom_lock);
		return true;		/* it is still freeing its memory */
	}
	victim_pid = 0;
	n = gather(tasks);
	pr_warn("%s invoked oom-killer: order=%u, %lu pages free\n", current->comm, order,
		nr_free_pages());
	pr_warn("Tasks state (memory values in pages):\n");
	pr_warn("[  pid  ]   uid  total_vm      rss name\n");
	for (int i = 0; i < n; i++) {
		struct mm_struct *mm = get_task_mm(tasks[i]);
		long rss;

		if (!mm)
			continue;
		rss = mm_rss(mm);
		pr_warn("[%7d] %5u %9lu %8ld %s\n", tasks[i]->pid, tasks[i]->cred.uid,
			total_vm_kb(mm) / (unsigned long)(PAGE_SIZE / 1024), rss, tasks[i]->comm);
		if (tasks[i]->pid != 1 && !fatal_signal_pending(tasks[i]) && rss > best) {
			best = rss;
			victim = tasks[i];
			victim_rss = rss;
			victim_vm = total_vm_kb(mm);
		}
		reclaim_mmput(mm);
	}
	if (victim) {
		send_signal(victim, SIGKILL, SI_KERNEL);
		pr_err("Out of memory: Killed process %d (%s) total-vm:%lukB, rss:%lukB, UID:%u\n",
		       victim->pid, victim->comm, victim_vm,
		       (unsigned long)victim_rss * (unsigned long)(PAGE_SIZE / 1024), victim->cred.uid);
		victim_pid = victim->pid;
		victim_since = jiffies;
		oom_kills++;
	} else {
		pr_err("Out of memory and no killable process\n");
	}
	for (int i = 0; i < n; i++)
		put_task_struct(tasks[i]);
	mutex_unlock(&oom_lock);
	return victim != NULL;
}
