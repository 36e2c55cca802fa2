/* Fixed-width integer types and the few basics every file needs. */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long s64;
typedef unsigned long size_t;
typedef long ssize_t;
typedef unsigned long uintptr_t;
typedef long intptr_t;
typedef long off_t;
typedef u64 phys_addr_t;

typedef _Bool bool;
#define true 1
#define false 0
#define NULL ((void *)0)

#include <stdarg.h>
#include <stddef.h>

#endif
