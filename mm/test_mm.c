/*
 * Tests of user address spaces (mm/mm.c, memory.c, vma.c, fault.c,
 * mmap.c and friends) on mms that no CPU has loaded: faults are driven by
 * calling handle_mm_fault() as the trap handler would, and memory is read
 * and written through the direct map. Boot with ktest=mm_ to run them.
 * They count free pages, so they expect a quiet machine.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "mm/fault.h"
#include "mm/internal.h"
#include "mm/mmap.h"
#include "mm/shared_anon.h"

#define RW		(PROT_READ | PROT_WRITE)
#define ANON_PRIVATE	(MAP_PRIVATE | MAP_ANONYMOUS)
#define SLACK		4	/* pages the slab may keep cached between counts */

static long map_at(struct mm_struct *mm, unsigned long addr, unsigned long pages,
		   unsigned long prot, unsigned long flags, struct file *file)
{
	struct vm_area_struct *dead = NULL;
	long r;

	down_write(&mm->mmap_lock);
	r = do_mmap(mm, addr, pages * PAGE_SIZE, prot, flags, file, 0, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	return r;
}

static long map_anon(struct mm_struct *mm, unsigned long pages, unsigned long prot)
{
	return map_at(mm, 0, pages, prot, ANON_PRIVATE, NULL);
}

static int unmap(struct mm_struct *mm, unsigned long addr, unsigned long pages)
{
	struct vm_area_struct *dead = NULL;
	int r;

	down_write(&mm->mmap_lock);
	r = do_munmap(mm, addr, pages * PAGE_SIZE, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	return r;
}

static int protect(struct mm_struct *mm, unsigned long addr, unsigned long pages,
		   unsigned long prot)
{
	int r;

	down_write(&mm->mmap_lock);
	r = do_mprotect(mm, addr, pages * PAGE_SIZE, prot);
	up_write(&mm->mmap_lock);
	return r;
}

/* A user access at addr, as the trap handler reports it. */
static int touch(struct mm_struct *mm, unsigned long addr, bool write)
{
	return handle_mm_fault(mm, addr, PF_USER | (write ? PF_WRITE : 0));
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

/* The byte at addr through the direct map (the page must be mapped). */
static u8 *byte_at(struct mm_struct *mm, unsigned long addr)
{
	return (u8 *)page_address(page_at(mm, addr)) + (addr & (PAGE_SIZE - 1));
}

static int nr_vmas(struct mm_struct *mm)
{
	int n;

	down_read(&mm->mmap_lock);
	n = mm->map_count;
	up_read(&mm->mmap_lock);
	return n;
}

KTEST(mm_demand_zero_fills_on_first_touch)
{
	unsigned long before = nr_free_pages();
	struct mm_struct *mm = mm_alloc();
	long a, ro;

	KT_ASSERT(mm, "no memory");
	a = map_anon(mm, 16, RW);
	ro = map_anon(mm, 1, PROT_READ);
	KT_ASSERT(a > 0 && ro > 0, "mmap: %ld %ld", a, ro);
	KT_ASSERT_EQ(mm_rss(mm), 0);
	KT_ASSERT(!pte_has_page(pte_of(mm, a)), "a page exists before any touch");
	/* A read maps the zero page, read-only and copy-on-write. */
	KT_ASSERT_EQ(touch(mm, a + 5, false), 0);
	KT_ASSERT(page_at(mm, a) == zero_page(), "a read did not map the zero page");
	KT_ASSERT((pte_of(mm, a) & (PTE_W | PTE_COW)) == PTE_COW, "pte %#lx", pte_of(mm, a));
	KT_ASSERT_EQ(mm_rss(mm), 0);
	/* A write maps a zeroed page of its own. */
	KT_ASSERT_EQ(touch(mm, a + PAGE_SIZE, true), 0);
	KT_ASSERT_EQ(mm_rss(mm), 1);
	KT_ASSERT_EQ(*byte_at(mm, a + PAGE_SIZE + 100), 0);
	KT_ASSERT(pte_of(mm, a + PAGE_SIZE) & PTE_W, "not writable");
	/* Writing the zero page copies it. */
	KT_ASSERT_EQ(touch(mm, a, true), 0);
	KT_ASSERT(page_at(mm, a) != zero_page(), "still the zero page");
	KT_ASSERT_EQ(mm_rss(mm), 2);
	/* Outside any VMA, or against its protection: -EFAULT. */
	KT_ASSERT_EQ(touch(mm, a + 16 * PAGE_SIZE, false), -EFAULT);
	KT_ASSERT_EQ(touch(mm, 0, false), -EFAULT);
	KT_ASSERT_EQ(touch(mm, ro, true), -EFAULT);
	KT_ASSERT_EQ(touch(mm, ro, false), 0);
	KT_ASSERT_EQ(handle_mm_fault(mm, a, PF_USER | PF_INSTR), -EFAULT);
	KT_ASSERT_EQ(touch(mm, USER_TOP + 4096, false), -EFAULT);
	mmput(mm);
	KT_ASSERT(nr_free_pages() + SLACK >= before, "free pages %lu, before %lu",
		  nr_free_pages(), before);
}

KTEST(mm_fork_shares_pages_copy_on_write)
{
	struct mm_struct *parent = mm_alloc(), *child;
	struct page *p0, *p1;
	long a;

	KT_ASSERT(parent, "no memory");
	a = map_anon(parent, 2, RW);
	KT_ASSERT(a > 0, "mmap: %ld", a);
	KT_ASSERT_EQ(touch(parent, a, true), 0);
	KT_ASSERT_EQ(touch(parent, a + PAGE_SIZE, true), 0);
	*byte_at(parent, a) = 'P';
	*byte_at(parent, a + PAGE_SIZE) = 'Q';
	p0 = page_at(parent, a);
	p1 = page_at(parent, a + PAGE_SIZE);

	child = mm_dup(parent);
	KT_ASSERT(child, "mm_dup failed");
	KT_ASSERT(page_at(child, a) == p0 && page_at(child, a + PAGE_SIZE) == p1,
		  "the child does not share the pages");
	KT_ASSERT_EQ(page_ref_count(p0), 2);
	KT_ASSERT_EQ(page_mapcount(p0), 2);
	KT_ASSERT((pte_of(parent, a) & (PTE_W | PTE_COW)) == PTE_COW, "parent pte %#lx",
		  pte_of(parent, a));
	KT_ASSERT((pte_of(child, a) & (PTE_W | PTE_COW)) == PTE_COW, "child pte %#lx",
		  pte_of(child, a));
	KT_ASSERT_EQ(mm_rss(child), 2);

	/* The child writes page 0: it gets a copy, the parent keeps p0. */
	KT_ASSERT_EQ(touch(child, a, true), 0);
	KT_ASSERT(page_at(child, a) != p0, "no copy made");
	KT_ASSERT_EQ(*byte_at(child, a), 'P');
	*byte_at(child, a) = 'C';
	KT_ASSERT_EQ(*byte_at(parent, a), 'P');
	KT_ASSERT_EQ(page_ref_count(p0), 1);
	KT_ASSERT_EQ(page_mapcount(p0), 1);
	/* The parent is p0's only holder now: it writes in place. */
	KT_ASSERT_EQ(touch(parent, a, true), 0);
	KT_ASSERT(page_at(parent, a) == p0, "copied although the only holder");
	KT_ASSERT((pte_of(parent, a) & (PTE_W | PTE_COW)) == PTE_W, "parent pte %#lx",
		  pte_of(parent, a));
	/* The parent writes page 1 while still shared: a copy. */
	KT_ASSERT_EQ(touch(parent, a + PAGE_SIZE, true), 0);
	KT_ASSERT(page_at(parent, a + PAGE_SIZE) != p1, "no copy made");
	KT_ASSERT_EQ(*byte_at(parent, a + PAGE_SIZE), 'Q');
	KT_ASSERT_EQ(page_ref_count(p1), 1);
	/* The child going away drops its references, never frees a page in use. */
	mmput(child);
	KT_ASSERT_EQ(page_ref_count(p0), 1);
	KT_ASSERT_EQ(*byte_at(parent, a), 'P');
	mmput(parent);
}

/* mm_copy_to writes through the direct map: it must break copy-on-write
 * first, or the parent would see the child's bytes (fork's child tid). */
KTEST(mm_copy_to_breaks_copy_on_write)
{
	struct mm_struct *parent = mm_alloc(), *child;
	long a;
	int err;

	KT_ASSERT(parent, "no memory");
	a = map_anon(parent, 1, PROT_READ);
	KT_ASSERT(a > 0, "mmap: %ld", a);
	down_write(&parent->mmap_lock);
	err = mm_copy_to(parent, a, "text", 4);		/* forced into read-only memory */
	up_write(&parent->mmap_lock);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(!(pte_of(parent, a) & PTE_W), "a read-only page became writable");
	child = mm_dup(parent);
	KT_ASSERT(child, "mm_dup failed");
	down_write(&child->mmap_lock);
	err = mm_copy_to(child, a, "TE", 2);
	up_write(&child->mmap_lock);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT(!memcmp(byte_at(child, a), "TExt", 4), "child: %.4s", byte_at(child, a));
	KT_ASSERT(!memcmp(byte_at(parent, a), "text", 4), "parent: %.4s", byte_at(parent, a));
	down_write(&child->mmap_lock);
	err = mm_copy_to(child, a + PAGE_SIZE - 1, "xy", 2);	/* runs off the VMA */
	up_write(&child->mmap_lock);
	KT_ASSERT_EQ(err, -EFAULT);
	mmput(child);
	mmput(parent);
}

/* A parent with some memory forks and its child writes and exits, many
 * times over: every page comes back. */
KTEST(mm_fork_exit_storm_leaks_no_page)
{
	unsigned long before = nr_free_pages();
	struct mm_struct *parent = mm_alloc();
	long a, s;

	KT_ASSERT(parent, "no memory");
	a = map_anon(parent, 64, RW);
	s = map_at(parent, 0, 8, RW, MAP_SHARED | MAP_ANONYMOUS, NULL);
	KT_ASSERT(a > 0 && s > 0, "mmap: %ld %ld", a, s);
	for (int i = 0; i < 64; i += 2)
		KT_ASSERT_EQ(touch(parent, a + i * PAGE_SIZE, true), 0);
	for (int round = 0; round < 100; round++) {
		struct mm_struct *child = mm_dup(parent);

		KT_ASSERT(child, "mm_dup failed in round %d", round);
		for (int i = round % 4; i < 64; i += 4)
			KT_ASSERT_EQ(touch(child, a + i * PAGE_SIZE, true), 0);
		KT_ASSERT_EQ(touch(child, s + (round % 8) * PAGE_SIZE, true), 0);
		KT_ASSERT_EQ(touch(parent, a + (round % 64) * PAGE_SIZE, true), 0);
		mmput(child);
	}
	mmput(parent);
	KT_ASSERT(nr_free_pages() + SLACK >= before, "free pages %lu, before %lu",
		  nr_free_pages(), before);
}

KTEST(mm_munmap_and_mprotect_split_and_merge_vmas)
{
	struct mm_struct *mm = mm_alloc();
	long a;

	KT_ASSERT(mm, "no memory");
	a = map_anon(mm, 8, RW);
	KT_ASSERT(a > 0, "mmap: %ld", a);
	for (int i = 0; i < 8; i++)
		KT_ASSERT_EQ(touch(mm, a + i * PAGE_SIZE, true), 0);
	KT_ASSERT_EQ(nr_vmas(mm), 1);
	/* A hole in the middle: two VMAs, two pages fewer. */
	KT_ASSERT_EQ(unmap(mm, a + 3 * PAGE_SIZE, 2), 0);
	KT_ASSERT_EQ(nr_vmas(mm), 2);
	KT_ASSERT_EQ(mm_rss(mm), 6);
	KT_ASSERT_EQ(touch(mm, a + 3 * PAGE_SIZE, false), -EFAULT);
	KT_ASSERT_EQ(touch(mm, a + 5 * PAGE_SIZE, false), 0);
	/* One read-only page in the upper part: three pieces there. */
	KT_ASSERT_EQ(protect(mm, a + 6 * PAGE_SIZE, 1, PROT_READ), 0);
	KT_ASSERT_EQ(nr_vmas(mm), 4);
	KT_ASSERT(!(pte_of(mm, a + 6 * PAGE_SIZE) & PTE_W), "still writable");
	KT_ASSERT_EQ(touch(mm, a + 6 * PAGE_SIZE, true), -EFAULT);
	/* Back as it was: merged again. */
	KT_ASSERT_EQ(protect(mm, a + 6 * PAGE_SIZE, 1, RW), 0);
	KT_ASSERT_EQ(nr_vmas(mm), 2);
	KT_ASSERT_EQ(touch(mm, a + 6 * PAGE_SIZE, true), 0);
	/* Over the hole: -ENOMEM, nothing changed. */
	KT_ASSERT_EQ(protect(mm, a, 8, PROT_READ), -ENOMEM);
	KT_ASSERT(pte_of(mm, a) & PTE_W, "changed although refused");
	/* Mapping the hole again with the same protection merges all. */
	KT_ASSERT_EQ(map_at(mm, a + 3 * PAGE_SIZE, 2, RW, ANON_PRIVATE | MAP_FIXED, NULL),
		     a + 3 * PAGE_SIZE);
	KT_ASSERT_EQ(nr_vmas(mm), 1);
	KT_ASSERT_EQ(unmap(mm, a, 8), 0);
	KT_ASSERT_EQ(nr_vmas(mm), 0);
	KT_ASSERT_EQ(mm_rss(mm), 0);
	mmput(mm);
}

KTEST(mm_prot_none_keeps_pages)
{
	struct mm_struct *mm = mm_alloc();
	struct page *pg;
	long a;

	KT_ASSERT(mm, "no memory");
	a = map_anon(mm, 1, RW);
	KT_ASSERT_EQ(touch(mm, a, true), 0);
	*byte_at(mm, a) = 'n';
	pg = page_at(mm, a);
	KT_ASSERT_EQ(protect(mm, a, 1, PROT_NONE), 0);
	KT_ASSERT((pte_of(mm, a) & (PTE_P | PTE_PROTNONE)) == PTE_PROTNONE, "pte %#lx",
		  pte_of(mm, a));
	KT_ASSERT_EQ(touch(mm, a, false), -EFAULT);
	KT_ASSERT_EQ(protect(mm, a, 1, PROT_READ), 0);
	KT_ASSERT(page_at(mm, a) == pg && *byte_at(mm, a) == 'n', "the page was lost");
	KT_ASSERT_EQ(touch(mm, a, false), 0);
	mmput(mm);
}

KTEST(mm_stack_grows_down_to_its_limit)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long top = USER_TOP - PAGE_SIZE, start = top - 16 * PAGE_SIZE;
	struct vm_area_struct *vma;
	int err;

	KT_ASSERT(mm, "no memory");
	down_write(&mm->mmap_lock);
	err = mm_map_range(mm, start, 16 * PAGE_SIZE, VM_WRITE | VM_NOEXEC | VM_GROWSDOWN);
	up_write(&mm->mmap_lock);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(touch(mm, start - (1UL << 20), true), 0);
	down_read(&mm->mmap_lock);
	vma = find_vma(mm, start - (1UL << 20));
	KT_ASSERT(vma && vma->vm_start == start - (1UL << 20) && vma->vm_end == top,
		  "the stack VMA did not grow");
	up_read(&mm->mmap_lock);
	KT_ASSERT_EQ(touch(mm, top - (8UL << 20), true), 0);		/* exactly 8 MiB */
	KT_ASSERT_EQ(touch(mm, top - (8UL << 20) - 1, true), -EFAULT);
	KT_ASSERT_EQ(mm_rss(mm), 2);
	/* A mapping below stops it short of the guard gap. */
	KT_ASSERT(map_at(mm, top - (9UL << 20), 1, RW, ANON_PRIVATE | MAP_FIXED, NULL) > 0,
		  "mmap below the stack failed");
	KT_ASSERT_EQ(unmap(mm, top - (8UL << 20), 1), 0);
	KT_ASSERT_EQ(touch(mm, top - (8UL << 20), true), -EFAULT);	/* the guard gap */
	KT_ASSERT_EQ(protect(mm, top - (8UL << 20) + PAGE_SIZE, 1, RW | PROT_GROWSDOWN), 0);
	mmput(mm);
}

KTEST(mm_shared_anonymous_survives_fork)
{
	struct mm_struct *parent = mm_alloc(), *child;
	struct vm_area_struct *vma;
	long s;

	KT_ASSERT(parent, "no memory");
	s = map_at(parent, 0, 4, RW, MAP_SHARED | MAP_ANONYMOUS, NULL);
	KT_ASSERT(s > 0, "mmap: %ld", s);
	KT_ASSERT_EQ(touch(parent, s, true), 0);
	child = mm_dup(parent);
	KT_ASSERT(child, "mm_dup failed");
	KT_ASSERT(page_at(child, s) == page_at(parent, s), "page 0 not shared");
	KT_ASSERT(pte_of(parent, s) & PTE_W, "shared page made read-only by fork");
	/* Page 2, first touched by the child, is the parent's page 2 too. */
	KT_ASSERT_EQ(touch(child, s + 2 * PAGE_SIZE, true), 0);
	*byte_at(child, s + 2 * PAGE_SIZE) = 's';
	KT_ASSERT_EQ(touch(parent, s + 2 * PAGE_SIZE, false), 0);
	KT_ASSERT_EQ(*byte_at(parent, s + 2 * PAGE_SIZE), 's');
	down_read(&parent->mmap_lock);
	vma = find_vma(parent, s);
	KT_ASSERT_EQ(shared_anon_nr_pages(vma->vm_shared_anon), 2);
	up_read(&parent->mmap_lock);
	/* MADV_DONTNEED drops the parent's PTE; the object keeps the data. */
	mmput(child);
	down_write(&parent->mmap_lock);
	KT_ASSERT_EQ(do_madvise(parent, s + 2 * PAGE_SIZE, PAGE_SIZE, MADV_DONTNEED), 0);
	up_write(&parent->mmap_lock);
	KT_ASSERT(!page_at(parent, s + 2 * PAGE_SIZE), "still mapped");
	KT_ASSERT_EQ(touch(parent, s + 2 * PAGE_SIZE, false), 0);
	KT_ASSERT_EQ(*byte_at(parent, s + 2 * PAGE_SIZE), 's');
	mmput(parent);
}

KTEST(mm_mremap_moves_pages_without_copying)
{
	struct mm_struct *mm = mm_alloc();
	struct vm_area_struct *dead = NULL;
	struct page *pg;
	long a, b;

	KT_ASSERT(mm, "no memory");
	a = map_anon(mm, 2, RW);
	KT_ASSERT(a > 0 && map_at(mm, a + 2 * PAGE_SIZE, 1, PROT_READ,
				  ANON_PRIVATE | MAP_FIXED, NULL) > 0, "mmap failed");
	KT_ASSERT_EQ(touch(mm, a + PAGE_SIZE, true), 0);
	pg = page_at(mm, a + PAGE_SIZE);
	down_write(&mm->mmap_lock);
	KT_ASSERT_EQ(do_mremap(mm, a, 2 * PAGE_SIZE, 4 * PAGE_SIZE, 0, 0, &dead), -ENOMEM);
	b = do_mremap(mm, a, 2 * PAGE_SIZE, 4 * PAGE_SIZE, MREMAP_MAYMOVE, 0, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	KT_ASSERT(b > 0 && b != a, "mremap: %ld", b);
	KT_ASSERT(page_at(mm, b + PAGE_SIZE) == pg, "the page did not move");
	KT_ASSERT(!page_at(mm, a + PAGE_SIZE), "the old address still maps it");
	KT_ASSERT_EQ(touch(mm, a, false), -EFAULT);
	KT_ASSERT_EQ(touch(mm, b + 3 * PAGE_SIZE, true), 0);
	KT_ASSERT_EQ(mm_rss(mm), 2);
	mmput(mm);
}

#define FILE_PATH	"/t-mm-file"
#define FILE_SIZE	(2 * PAGE_SIZE + 100)

static struct file *make_file(void)
{
	struct file *f = filp_open(FILE_PATH, O_CREAT | O_RDWR | O_TRUNC, 0644);
	static u8 buf[FILE_SIZE];

	if (IS_ERR(f))
		return f;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (u8)(i / PAGE_SIZE + 'a');
	if (kernel_write(f, buf, sizeof(buf)) != (ssize_t)sizeof(buf)) {
		fput(f);
		return ERR_PTR(-EIO);
	}
	return f;
}

static void file_mapping(struct ktest_ctx *__kt, struct mm_struct *mm, struct file *f)
{
	u8 c = 0;
	long a;

	a = map_at(mm, 0, 4, RW, MAP_PRIVATE, f);
	KT_ASSERT(a > 0, "mmap: %ld", a);
	KT_ASSERT_EQ(touch(mm, a + 10, false), 0);
	KT_ASSERT_EQ(*byte_at(mm, a + 10), 'a');
	KT_ASSERT_EQ(touch(mm, a + 2 * PAGE_SIZE + 99, false), 0);
	KT_ASSERT_EQ(*byte_at(mm, a + 2 * PAGE_SIZE + 99), 'c');
	KT_ASSERT_EQ(*byte_at(mm, a + 2 * PAGE_SIZE + 100), 0);	/* past the end: zeros */
	KT_ASSERT_EQ(touch(mm, a + 3 * PAGE_SIZE, false), -EIO);	/* wholly past: SIGBUS */
	/* A private write stays private. */
	KT_ASSERT_EQ(touch(mm, a + PAGE_SIZE, true), 0);
	*byte_at(mm, a + PAGE_SIZE) = 'X';
	KT_ASSERT_EQ(vfs_llseek(f, PAGE_SIZE, SEEK_SET), PAGE_SIZE);
	KT_ASSERT_EQ(kernel_read(f, &c, 1), 1);
	KT_ASSERT_EQ(c, 'b');
	/* Shared mappings, writable or not, of a file open for both. */
	KT_ASSERT(map_at(mm, 0, 1, RW, MAP_SHARED, f) > 0, "writable shared refused");
	KT_ASSERT(map_at(mm, 0, 1, PROT_READ, MAP_SHARED, f) > 0, "read-only shared refused");
	KT_ASSERT_EQ(unmap(mm, a, 4), 0);
}

KTEST(mm_private_file_mapping_reads_the_file)
{
	struct mm_struct *mm = mm_alloc();
	struct file *f = make_file(), *wo;

	KT_ASSERT(mm, "no memory");
	KT_ASSERT(!IS_ERR(f), "create %s: %ld", FILE_PATH, PTR_ERR(f));
	file_mapping(KT_CTX, mm, f);
	fput(f);
	wo = filp_open(FILE_PATH, O_WRONLY, 0);
	KT_ASSERT(!IS_ERR(wo), "open: %ld", PTR_ERR(wo));
	KT_ASSERT_EQ(map_at(mm, 0, 1, PROT_READ, MAP_PRIVATE, wo), -EACCES);
	fput(wo);
	mmput(mm);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, FILE_PATH), 0);
}
