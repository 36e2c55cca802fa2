/*
 * Getting the pages behind a user buffer (Linux's get_user_pages_fast),
 * for I/O that goes straight between a device and user memory (O_DIRECT).
 */
#ifndef MM_GUP_H
#define MM_GUP_H

#include "mm/page.h"

#define FOLL_WRITE	0x01	/* the kernel will write the pages (a read(2) into them) */

/*
 * The nr_pages pages of the current process from the page of start on,
 * each with a reference of the caller's (put_page() each when the I/O is
 * done). Each is first touched as the access would touch it (faulted in,
 * copy-on-write broken for FOLL_WRITE), so the access must be allowed.
 * Returns nr_pages, or -EFAULT (no page pinned then). Process context, no
 * lock held; may sleep.
 */
long get_user_pages_fast(unsigned long start, unsigned long nr_pages, unsigned gup_flags,
			 struct page **pages);

#endif
