/*
 * The real-time interval timer of a process (alarm(2), setitimer(2)
 * ITIMER_REAL): a kernel timer that sends SIGALRM and rearms itself with
 * the interval. Kept in a table keyed by pid (pids are never reused), so
 * fork starts without one and execve keeps it, as POSIX says.
 */
#ifndef KERNEL_USER_ITIMER_H
#define KERNEL_USER_ITIMER_H

struct task_struct;

/* The process is exiting: cancel its timer. Process context, no lock
 * held (waits for a running callback). */
void itimer_exit(struct task_struct *t);

#endif
