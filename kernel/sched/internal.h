/* Scheduler internals shared by sched.c and kthread.c. */
#ifndef KERNEL_SCHED_INTERNAL_H
#define KERNEL_SCHED_INTERNAL_H

#include "kernel/sched/sched.h"

extern struct rq runqueues[MAX_CPUS];

struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);
void ret_from_kthread(void);
void ret_from_fork(void);
void schedule_tail(struct task_struct *prev);
void kthread_main(void) __noreturn;
/* Pick the CPU a newly started task should run on. */
unsigned select_task_cpu(struct task_struct *p);
void task_list_add(struct task_struct *t);
void task_list_del(struct task_struct *t);
u64 sched_random(void);

#endif
