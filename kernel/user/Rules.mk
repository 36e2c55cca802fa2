# User mode: syscall entry, user copies, ELF loader, processes, syscalls.
kernel-y += kernel/user/entry_syscall.S
kernel-y += kernel/user/uaccess.c
kernel-y += kernel/user/syscall.c
kernel-y += kernel/user/sys_basic.c
kernel-y += kernel/user/sys_console.c
kernel-y += kernel/user/sys_process.c
kernel-y += kernel/user/signal.c
kernel-y += kernel/user/cred.c
kernel-y += kernel/user/exec.c
kernel-y += kernel/user/process.c
kernel-y += kernel/user/test_user.c
kernel-y += kernel/user/test_process.c
