/* Range checks around the fault-tolerant copy loops of entry_syscall.S. */
#include "kernel/user/uaccess.h"
#include "kernel/errno.h"
#include "mm/mm.h"

unsigned long __copy_user(void *to, const void *from, unsigned long n);
long __strncpy_from_user(char *dst, const char *src, long n);

bool access_ok(const void *addr, size_t n)
{
	unsigned long a = (unsigned long)addr;

	return a < USER_TOP && n <= USER_TOP - a;
}

int copy_from_user(void *to, const void *from, size_t n)
{
	might_sleep();
	if (!access_ok(from, n) || __copy_user(to, from, n))
		return -EFAULT;
	return 0;
}

int copy_to_user(void *to, const void *from, size_t n)
{
	might_sleep();
	if (!access_ok(to, n) || __copy_user(to, from, n))
		return -EFAULT;
	return 0;
}

long strncpy_from_user(char *dst, const char *src, long n)
{
	unsigned long s = (unsigned long)src;
	long len;

	might_sleep();
	if (n <= 0)
		return -ENAMETOOLONG;
	if (s >= USER_TOP)
		return -EFAULT;
	if ((unsigned long)n > USER_TOP - s)
		n = USER_TOP - s;
	len = __strncpy_from_user(dst, src, n);
	if (len == n)
		return -ENAMETOOLONG;
	return len;
}
