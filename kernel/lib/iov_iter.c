/*
 * Copying through a struct iov_iter (kernel/lib/uio.h): a kernel buffer is
 * memcpy'd, a user buffer goes through copy_to_user/copy_from_user.
 */
#include "kernel/lib/uio.h"
#include "kernel/lib/string.h"
#include "kernel/user/uaccess.h"
#include "kernel/panic.h"
#include "kernel/compiler.h"

void iov_iter_kvec(struct iov_iter *i, unsigned direction, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count)
{
	BUG_ON(nr_segs != 1);
	i->iter_type = ITER_KVEC;
	i->data_source = direction == ITER_SOURCE;
	i->base = kvec->iov_base;
	i->count = MIN(count, kvec->iov_len);
}

void iov_iter_ubuf(struct iov_iter *i, unsigned direction, void *buf, size_t count)
{
	i->iter_type = ITER_UBUF;
	i->data_source = direction == ITER_SOURCE;
	i->base = buf;
	i->count = count;
}

void iov_iter_advance(struct iov_iter *i, size_t bytes)
{
	bytes = MIN(bytes, i->count);
	i->base += bytes;
	i->count -= bytes;
}

void iov_iter_revert(struct iov_iter *i, size_t bytes)
{
	i->base -= bytes;
	i->count += bytes;
}

size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i)
{
	bytes = MIN(bytes, i->count);
	if (!bytes)
		return 0;
	if (i->iter_type == ITER_UBUF) {
		if (copy_to_user(i->base, addr, bytes))
			return 0;
	} else {
		memcpy(i->base, addr, bytes);
	}
	iov_iter_advance(i, bytes);
	return bytes;
}

size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i)
{
	bytes = MIN(bytes, i->count);
	if (!bytes)
		return 0;
	if (i->iter_type == ITER_UBUF) {
		if (copy_from_user(addr, i->base, bytes))
			return 0;
	} else {
		memcpy(addr, i->base, bytes);
	}
	iov_iter_advance(i, bytes);
	return bytes;
}
