# Tasks, run queues, context switch, wait queues.
kernel-y += kernel/sched/sched.c
kernel-y += kernel/sched/switch.S
kernel-y += kernel/sched/kthread.c
kernel-y += kernel/sched/wait.c
kernel-y += kernel/sched/test_sched.c
kernel-y += kernel/sched/wait_bit.c
