/*
 * Touching user memory from the kernel. Every access to a pointer that
 * came from user space goes through these; a bad, unmapped or kernel
 * address gives -EFAULT (through the exception fix-up table), never a
 * panic. They may fault, so the caller must not hold a spinlock.
 */
#ifndef KERNEL_USER_UACCESS_H
#define KERNEL_USER_UACCESS_H

#include "kernel/types.h"
#include "kernel/compiler.h"

/* True when [addr, addr+n) lies wholly in user space. */
bool access_ok(const void *addr, size_t n);
/* 0, or -EFAULT if any byte could not be copied. */
int copy_from_user(void *to, const void *from, size_t n);
int copy_to_user(void *to, const void *from, size_t n);
/* Copy a NUL-terminated string of at most n bytes including the NUL.
 * Returns its length, -ENAMETOOLONG when no NUL came in n bytes, -EFAULT. */
long strncpy_from_user(char *dst, const char *src, long n);

#endif
