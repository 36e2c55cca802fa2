/* The syscalls of this slice: numbers (Linux x86-64) and handlers. */
#ifndef KERNEL_USER_SYSCALLS_H
#define KERNEL_USER_SYSCALLS_H

#include "kernel/types.h"
#include "kernel/compiler.h"

#define __NR_read		0
#define __NR_write		1
#define __NR_brk		12
#define __NR_ioctl		16
#define __NR_writev		20
#define __NR_getpid		39
#define __NR_exit		60
#define __NR_uname		63
#define __NR_arch_prctl		158
#define __NR_set_tid_address	218
#define __NR_exit_group		231
#define NR_SYSCALLS		512

long sys_read(int fd, char *buf, size_t count);
long sys_write(int fd, const char *buf, size_t count);
long sys_writev(int fd, const void *iov, int iovcnt);
long sys_brk(unsigned long addr);
long sys_ioctl(int fd, unsigned cmd, unsigned long arg);
long sys_getpid(void);
long sys_exit(int code) __noreturn;
long sys_uname(void *buf);
long sys_arch_prctl(int code, unsigned long addr);
long sys_set_tid_address(int *tidptr);

/* Checks on the way back to user space; returns with IRQs off. */
void exit_to_user_mode(void);
struct pt_regs;
long do_syscall_64(struct pt_regs *regs);

#endif
