/*
 * get_user_pages_fast (mm/gup.h). Each page is first faulted in through
 * the ordinary user-access path (a one-byte copy_from_user, and for
 * FOLL_WRITE the same byte copied back, which makes the page writable and
 * private: a process is one task here, so nothing else writes it
 * meanwhile), which checks the VMA's protection, grows the stack, reads
 * file pages and breaks copy-on-write; the byte touched is one of the
 * buffer's own, which the I/O overwrites anyway. Then, with mmap_lock held for
 * reading and page_table_lock, the page table gives the page, and it gets a
 * reference. A page that went away in between (the page cache unmapped a
 * truncated file page) is faulted in again, a few times at most.
 */
#include "mm/gup.h"
#include "mm/internal.h"
#include "mm/paging.h"
#include "kernel/sched/sched.h"
#include "kernel/user/uaccess.h"
#include "kernel/errno.h"

#define GUP_RETRIES	3

/* Touch the page at va as the access would. */
static int gup_fault_in(unsigned long va, bool write)
{
	char b;

	if (copy_from_user(&b, (const void *)va, 1))
		return -EFAULT;
	if (write && copy_to_user((void *)va, &b, 1))
		return -EFAULT;
	return 0;
}

/* The page mapped at va (present, and writable for write), with a new
 * reference; NULL if the page table has none. */
static struct page *gup_lookup(struct mm_struct *mm, unsigned long va, bool write)
{
	struct page *page = NULL;
	u64 *pte, e;

	down_read(&mm->mmap_lock);
	pte = pte_lookup(mm, va);
	/* page_table_lock: the page cache may unmap a file page meanwhile
	 * (mm/rmap.h), dropping the PTE's reference. */
	spin_lock(&mm->page_table_lock);
	e = pte ? READ_ONCE(*pte) : 0;
	if ((e & PTE_P) && !(e & PTE_SPECIAL) && (!write || (e & PTE_W))) {
		page = pte_page(e);
		get_page(page);
	}
	spin_unlock(&mm->page_table_lock);
	up_read(&mm->mmap_lock);
	return page;
}

long get_user_pages_fast(unsigned long start, unsigned long nr_pages, unsigned gup_flags,
			 struct page **pages)
{
	struct mm_struct *mm = current->mm;
	bool write = gup_flags & FOLL_WRITE;
	unsigned long va = start & PAGE_MASK;

	might_sleep();
	if (!mm || !access_ok((const void *)va, nr_pages << PAGE_SHIFT))
		return -EFAULT;
	for (unsigned long i = 0; i < nr_pages; i++, va += PAGE_SIZE) {
		struct page *page = NULL;

		for (int tries = 0; !page && tries < GUP_RETRIES; tries++) {
			if (gup_fault_in(MAX(va, start), write))	/* a byte of the buffer */
				break;
			page = gup_lookup(mm, va, write);
		}
		if (!page) {
			while (i--)
				put_page(pages[i]);
			return -EFAULT;
		}
		pages[i] = page;
	}
	return (long)nr_pages;
}
