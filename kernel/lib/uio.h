/*
 * struct iov_iter: where the data of one read or write comes from or goes
 * to, and how much is left, so that ->read_iter, ->write_iter and
 * ->direct_IO need not know whether it is a kernel buffer or user memory.
 *
 * Two kinds, each one contiguous buffer (Linux has more, and vectors):
 *   ITER_KVEC  a kernel buffer (the VFS's bounce buffers, kernel_read);
 *   ITER_UBUF  a user-space buffer, copied with copy_to/from_user, so it
 *              must not be used under a spinlock.
 * data_source says the direction: ITER_SOURCE for a write (the data is
 * read from the iterator), ITER_DEST for a read. The iterator belongs to
 * one task; no locking.
 */
#ifndef KERNEL_LIB_UIO_H
#define KERNEL_LIB_UIO_H

#include "kernel/types.h"

enum iter_type {
	ITER_KVEC,
	ITER_UBUF,
};

#define ITER_DEST	0	/* a read fills it */
#define ITER_SOURCE	1	/* a write takes from it */

struct kvec {
	void *iov_base;
	size_t iov_len;
};

struct iov_iter {
	u8 iter_type;		/* enum iter_type */
	bool data_source;	/* ITER_SOURCE or ITER_DEST */
	char *base;		/* the next byte (kernel or user address) */
	size_t count;		/* bytes left */
};

/* A kernel buffer as an iterator (one kvec; nr_segs must be 1). */
void iov_iter_kvec(struct iov_iter *i, unsigned direction, const struct kvec *kvec,
		   unsigned long nr_segs, size_t count);
/* A user buffer: buf is a user address. */
void iov_iter_ubuf(struct iov_iter *i, unsigned direction, void *buf, size_t count);

static inline size_t iov_iter_count(const struct iov_iter *i) { return i->count; }
static inline bool iter_is_ubuf(const struct iov_iter *i) { return i->iter_type == ITER_UBUF; }
static inline bool iov_iter_is_kvec(const struct iov_iter *i) { return i->iter_type == ITER_KVEC; }
/* The address of the next byte (kernel or user, see the type). */
static inline unsigned long iov_iter_addr(const struct iov_iter *i) { return (unsigned long)i->base; }

void iov_iter_advance(struct iov_iter *i, size_t bytes);
void iov_iter_revert(struct iov_iter *i, size_t bytes);
/* Shorten to at most count bytes (the caller restores with reexpand). */
static inline void iov_iter_truncate(struct iov_iter *i, size_t count)
{
	if (i->count > count)
		i->count = count;
}
static inline void iov_iter_reexpand(struct iov_iter *i, size_t count) { i->count = count; }

/*
 * Copy bytes out of addr into the iterator (a read) or into addr from it
 * (a write), and advance it. Return the bytes copied: fewer than asked
 * when the iterator ends or user memory faults (then none of a user
 * chunk). A user iterator may fault: no spinlock held.
 */
size_t copy_to_iter(const void *addr, size_t bytes, struct iov_iter *i);
size_t copy_from_iter(void *addr, size_t bytes, struct iov_iter *i);

#endif
