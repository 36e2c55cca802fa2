/*
 * Memory failure handling (mm/memory-failure.c): a page whose memory went
 * bad is taken out of use; a page-cache page leaves its file's cache
 * through ->error_remove_page, an anonymous page's processes get SIGBUS
 * (BUS_MCEERR_AR).
 */
#ifndef MM_MEMORY_FAILURE_H
#define MM_MEMORY_FAILURE_H

#include "mm/page.h"

/* Handle a failure of page (the caller holds a reference). 0, or -EBUSY
 * if the page could not be isolated (it is still marked and kept out of
 * use). No lock held; may sleep. */
int memory_failure(struct page *page);
/* madvise(MADV_HWPOISON) of the caller's [start, start + len): root
 * only (-EPERM); -EFAULT for an address with no page to have. */
int madvise_hwpoison(unsigned long start, unsigned long len);

extern unsigned long nr_hwpoisoned;	/* pages taken out of use (/proc/vmstat) */

#endif
