/*
 * Tests of swap (ktest=swap): anonymous pages of address spaces no CPU
 * has loaded (as mm/test_mm.c drives them) swapped out by swap_out_mm and
 * back in by faults, on /dev/ram0 (a block device: its
 * ->swap_slot_free_notify hears of every slot freed) and on a swap file
 * of a filesystem whose ->swap_activate asks for ->swap_rw (a tmpfs file
 * given swap operations that keep the slots in memory); pages shared
 * after fork stay shared through the swap cache; swapoff brings
 * everything back; tmpfs itself is refused.
 */
#include "mm/swap.h"
#include "mm/internal.h"
#include "mm/mmap.h"
#include "mm/fault.h"
#include "mm/pagemap.h"
#include "mm/slab.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "fs/ramfs/internal.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/uio.h"
#include "kernel/errno.h"

#define NPAGES	16

static long map_anon(struct mm_struct *mm, unsigned long pages)
{
	struct vm_area_struct *dead = NULL;
	long r;

	down_write(&mm->mmap_lock);
	r = do_mmap(mm, 0, pages * PAGE_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	return r;
}

static u64 pte_of(struct mm_struct *mm, unsigned long addr)
{
	u64 *pte, e;

	down_read(&mm->mmap_lock);
	pte = pte_lookup(mm, addr);
	e = pte ? *pte : 0;
	up_read(&mm->mmap_lock);
	return e;
}

static struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	u64 e = pte_of(mm, addr);

	return pte_has_page(e) ? pte_page(e) : NULL;
}

static int touch(struct mm_struct *mm, unsigned long addr, bool write)
{
	return handle_mm_fault(mm, addr, PF_USER | (write ? PF_WRITE : 0));
}

static u8 fill(unsigned long page, unsigned long i) { return (u8)(page * 31 + i * 7 + 1); }

/* Fault in NPAGES written pages at a and fill them. */
static int populate(struct mm_struct *mm, unsigned long a)
{
	for (unsigned long p = 0; p < NPAGES; p++) {
		u8 *b;

		if (touch(mm, a + p * PAGE_SIZE, true))
			return -EFAULT;
		b = page_address(page_at(mm, a + p * PAGE_SIZE));
		for (unsigned long i = 0; i < PAGE_SIZE; i++)
			b[i] = fill(p, i);
	}
	return 0;
}

/* Fault every page back (read) and compare; the first bad page or -1. */
static long verify(struct mm_struct *mm, unsigned long a)
{
	for (unsigned long p = 0; p < NPAGES; p++) {
		struct page *page;
		u8 *b;

		if (touch(mm, a + p * PAGE_SIZE, false) || !(page = page_at(mm, a + p * PAGE_SIZE)))
			return (long)p;
		b = page_address(page);
		for (unsigned long i = 0; i < PAGE_SIZE; i++)
			if (b[i] != fill(p, i))
				return (long)p;
	}
	return -1;
}

static int swapped_ptes(struct mm_struct *mm, unsigned long a)
{
	int n = 0;

	for (unsigned long p = 0; p < NPAGES; p++)
		n += is_swap_pte(pte_of(mm, a + p * PAGE_SIZE));
	return n;
}

/* mkswap's header for an area of bytes. */
static void swap_header_fill(char *page, unsigned long bytes)
{
	u32 version = 1, last = (u32)(bytes / PAGE_SIZE - 1);

	memcpy(page + 1024, &version, 4);
	memcpy(page + 1028, &last, 4);
	memcpy(page + PAGE_SIZE - 10, "SWAPSPACE2", 10);
}

/* Write mkswap's header at the start of file (through its page cache,
 * then to the device). */
static int mkswap_file(struct file *file, unsigned long bytes)
{
	char *page = kzalloc(PAGE_SIZE, GFP_KERNEL);
	int err = -ENOMEM;

	if (page) {
		swap_header_fill(page, bytes);
		file->f_pos = 0;
		err = kernel_write(file, page, PAGE_SIZE) == PAGE_SIZE ? 0 : -EIO;
		if (!err)
			err = filemap_write_and_wait(file->f_mapping);
		kfree(page);
	}
	return err;
}

/*
 * Swap out NPAGES pages shared by two mms (fork), check the PTEs hold one
 * entry each and the pages left memory, fault them back in both (one
 * read from the slot, the other from the swap cache: the same page), and
 * check the data and that every slot was freed.
 */
static void swap_round_trip(struct ktest_ctx *__kt)
{
	struct mm_struct *mm = mm_alloc(), *child;
	unsigned long free0 = nr_swap_free(), freed, a;
	long bad, bad_child;
	int swapped, swapped_child, refs;
	bool shared;

	KT_ASSERT(mm, "no mm");
	a = (unsigned long)map_anon(mm, NPAGES);
	KT_ASSERT(!IS_ERR_VALUE(a), "mmap: %ld", (long)a);
	KT_ASSERT_EQ(populate(mm, a), 0);
	child = mm_dup(mm);
	KT_ASSERT(child, "no memory to fork");
	swap_out_mm(mm, NPAGES, true);
	freed = swap_out_mm(child, NPAGES, true);	/* the last mapper: written, freed */
	swapped = swapped_ptes(mm, a);
	swapped_child = swapped_ptes(child, a);
	refs = swap_pte_count(pte_to_swp_entry(pte_of(mm, a)));
	bad = verify(mm, a);
	bad_child = verify(child, a);
	shared = page_at(mm, a) && page_at(mm, a) == page_at(child, a);
	mmput(child);
	mmput(mm);
	KT_ASSERT_EQ(swapped, NPAGES);
	KT_ASSERT_EQ(swapped_child, NPAGES);
	KT_ASSERT_EQ(refs, 2);
	KT_ASSERT_EQ(freed, NPAGES);
	KT_ASSERT_EQ(bad, -1);
	KT_ASSERT_EQ(bad_child, -1);
	KT_ASSERT(shared, "the two processes do not share the swapped-in page");
	KT_ASSERT_EQ(nr_swap_free(), free0);
	KT_ASSERT_EQ(swap_cache_pages(), 0);
}

/* Swap out, then swapoff: every PTE is present again, with its data. */
static void swapoff_brings_back(struct ktest_ctx *__kt, int type)
{
	struct mm_struct *mm = mm_alloc();
	int swapped, err, left;
	long bad;
	unsigned long a;

	KT_ASSERT(mm, "no mm");
	a = (unsigned long)map_anon(mm, NPAGES);
	KT_ASSERT(!IS_ERR_VALUE(a), "mmap: %ld", (long)a);
	KT_ASSERT_EQ(populate(mm, a), 0);
	swap_out_mm(mm, NPAGES, true);
	swapped = swapped_ptes(mm, a);
	err = unuse_mm(mm, type);		/* what swapoff does to each process */
	left = swapped_ptes(mm, a);
	bad = verify(mm, a);
	mmput(mm);
	KT_ASSERT_EQ(swapped, NPAGES);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(left, 0);
	KT_ASSERT_EQ(bad, -1);
}

/* The area that the last swapon made: the highest type in use. */
static int last_type(void)
{
	for (int t = MAX_SWAPFILES - 1; t >= 0; t--)
		if (swap_info_of(t))
			return t;
	return -1;
}

KTEST(swap_partition_ram0)
{
	struct file *file = filp_open("/dev/ram0", O_RDWR, 0);
	int err, again, off;
	unsigned long total;

	KT_ASSERT(!IS_ERR(file), "open /dev/ram0: %ld", PTR_ERR(file));
	err = mkswap_file(file, 8 << 20);
	if (!err)
		err = swapon_file(file, "/dev/ram0", 0);
	again = swapon_file(file, "/dev/ram0", 0);
	total = total_swap_pages();
	if (!err) {
		swap_round_trip(__kt);
		if (!__kt->failed)
			swapoff_brings_back(__kt, last_type());
	}
	off = err ? 0 : swapoff_file(file);
	fput(file);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(again, -EBUSY);
	KT_ASSERT(total >= (8 << 20) / PAGE_SIZE - 1, "%lu swap pages", total);
	KT_ASSERT_EQ(off, 0);
}

/* ------------------------------------------------ a swap file with ->swap_rw */

#define FILE_PAGES	64

static struct {
	char (*slots)[PAGE_SIZE];		/* the "disk" */
	long activates, deactivates, reads, writes;
} sf;

static int sf_swap_activate(struct swap_info_struct *sis, struct file *file, sector_t *span)
{
	sf.activates++;
	sis->flags |= SWP_FS_OPS;		/* I/O through ->swap_rw */
	*span = FILE_PAGES;
	return 0;
}

static int sf_swap_deactivate(struct file *file)
{
	sf.deactivates++;
	return 0;
}

static int sf_swap_rw(struct kiocb *iocb, struct iov_iter *iter)
{
	unsigned long slot = (unsigned long)(iocb->ki_pos >> PAGE_SHIFT);
	size_t n;

	if (slot >= FILE_PAGES || iov_iter_count(iter) != PAGE_SIZE)
		return -EIO;
	if (iter->data_source) {
		n = copy_from_iter(sf.slots[slot], PAGE_SIZE, iter);
		sf.writes++;
	} else {
		n = copy_to_iter(sf.slots[slot], PAGE_SIZE, iter);
		sf.reads++;
	}
	return (int)n;
}

static struct address_space_operations sf_aops;

KTEST(swap_file_through_swap_rw)
{
	const struct address_space_operations *old;
	struct file *file;
	int err, off = -1;

	memset(&sf, 0, sizeof(sf));
	sf.slots = kzalloc(FILE_PAGES * PAGE_SIZE, GFP_KERNEL);
	KT_ASSERT(sf.slots, "no memory");
	file = filp_open("/ktest-swapfile", O_RDWR | O_CREAT | O_TRUNC, 0600);
	KT_ASSERT(!IS_ERR(file), "open: %ld", PTR_ERR(file));
	err = mkswap_file(file, FILE_PAGES * PAGE_SIZE);
	if (!err)
		err = do_truncate(file->f_path.dentry, FILE_PAGES * PAGE_SIZE);
	/* tmpfs refuses: it has no ->swap_activate (it maps no blocks). */
	off = swapon_file(file, "/ktest-swapfile", 0);
	KT_ASSERT_EQ(off, -EINVAL);
	/* The same file, given a filesystem's swap operations. */
	old = file->f_mapping->a_ops;
	sf_aops = *old;
	sf_aops.swap_activate = sf_swap_activate;
	sf_aops.swap_deactivate = sf_swap_deactivate;
	sf_aops.swap_rw = sf_swap_rw;
	file->f_mapping->a_ops = &sf_aops;
	if (!err)
		err = swapon_file(file, "/ktest-swapfile", 0);
	if (!err) {
		swap_round_trip(__kt);
		if (!__kt->failed)
			swapoff_brings_back(__kt, last_type());
		off = swapoff_file(file);
	}
	file->f_mapping->a_ops = old;
	fput(file);
	do_unlinkat(AT_FDCWD, "/ktest-swapfile");
	kfree(sf.slots);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(off, 0);
	KT_ASSERT_EQ(sf.activates, 1);
	KT_ASSERT_EQ(sf.deactivates, 1);
	KT_ASSERT(sf.writes >= 2 * NPAGES && sf.reads >= NPAGES, "%ld writes, %ld reads",
		  sf.writes, sf.reads);
}
