# Locking primitives and the lock validator.
kernel-y += kernel/sync/spinlock.c
kernel-y += kernel/sync/mutex.c
kernel-y += kernel/sync/rwsem.c
kernel-y += kernel/sync/completion.c
kernel-y += kernel/sync/rcu.c
kernel-y += kernel/sync/lockdep.c
kernel-y += kernel/sync/test_locks.c
kernel-y += kernel/sync/test_rcu.c
kernel-y += kernel/sync/lockdep_report.c
kernel-y += kernel/sync/lockstat.c
kernel-y += kernel/sync/test_lockdep.c
kernel-y += kernel/sync/lockdep_proc.c
