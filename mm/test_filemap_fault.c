/*
 * Tests of file mappings through the page cache and of the vm operations
 * (ktest=filemap_fault, ktest=vm_ops): faults driven by handle_mm_fault()
 * on address spaces no CPU has loaded, on tmpfs files (whose page cache
 * is their data), as in mm/test_mm.c.
 *
 * - a shared mapping maps the page-cache folio itself, in two mms at once,
 *   read-only until the first write calls ->page_mkwrite; a private one
 *   copies on write;
 * - fault-around (->map_pages) maps the cached neighbours of a read fault;
 * - SIGBUS past the end of the file and after truncation unmapped a page;
 * - truncation and hole punching racing faults on every CPU leave no page
 *   mapped past the end and every page accounted for;
 * - writeback write-protects a mapped folio (folio_mkclean), so the next
 *   write faults and dirties it again (a fake writepage records it);
 * - a VM_PFNMAP mapping whose vm ops count ->open, ->close, ->fault,
 *   ->pfn_mkwrite and ->access.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "kernel/cpu/percpu.h"
#include "kernel/sched/sched.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "mm/fault.h"
#include "mm/internal.h"
#include "mm/mmap.h"
#include "mm/pagemap.h"
#include "mm/filemap_fault.h"
#include "mm/slab.h"
#include "fs/ramfs/tmpfs.h"

#define RW	(PROT_READ | PROT_WRITE)

/* ------------------------------------------------------------ helpers */

/* Map pages of file at hint (0: anywhere). */
static long map_file_at(struct mm_struct *mm, unsigned long hint, unsigned long pages,
			unsigned long prot, unsigned long flags, struct file *file,
			unsigned long pgoff)
{
	struct vm_area_struct *dead = NULL;
	long r;

	down_write(&mm->mmap_lock);
	r = do_mmap(mm, hint, pages * PAGE_SIZE, prot, flags, file, pgoff, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	return r;
}

static long map_file(struct mm_struct *mm, unsigned long pages, unsigned long prot,
		     unsigned long flags, struct file *file, unsigned long pgoff)
{
	return map_file_at(mm, 0, pages, prot, flags, file, pgoff);
}

static int unmap_range(struct mm_struct *mm, unsigned long addr, unsigned long pages)
{
	struct vm_area_struct *dead = NULL;
	int r;

	down_write(&mm->mmap_lock);
	r = do_munmap(mm, addr, pages * PAGE_SIZE, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	return r;
}

static int touch(struct mm_struct *mm, unsigned long addr, bool write)
{
	return handle_mm_fault(mm, addr, PF_USER | (write ? PF_WRITE : 0));
}

static u64 pte_of(struct mm_struct *mm, unsigned long addr)
{
	u64 *pte, e = 0;

	down_read(&mm->mmap_lock);
	pte = pte_lookup(mm, addr);
	if (pte) {
		spin_lock(&mm->page_table_lock);
		e = *pte;
		spin_unlock(&mm->page_table_lock);
	}
	up_read(&mm->mmap_lock);
	return e;
}

static struct page *page_at(struct mm_struct *mm, unsigned long addr)
{
	u64 e = pte_of(mm, addr);

	return pte_has_page(e) && !(e & PTE_SPECIAL) ? pte_page(e) : NULL;
}

/* Bytes through the direct map of the page mapped at addr (the caller
 * knows nothing unmaps it meanwhile). */
static u8 *byte_at(struct mm_struct *mm, unsigned long addr)
{
	struct page *page = page_at(mm, addr);

	return page ? (u8 *)page_address(page) + (addr & (PAGE_SIZE - 1)) : NULL;
}

static u8 file_byte(long off)
{
	return (u8)('a' + off / PAGE_SIZE % 26);
}

/* A tmpfs file of size bytes of file_byte(), open read-write. */
static struct file *make_file(const char *path, long size)
{
	struct file *f = filp_open(path, O_CREAT | O_RDWR | O_TRUNC, 0644);
	u8 *buf;
	long done = 0;

	if (IS_ERR(f))
		return f;
	buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	while (buf && done < size) {
		long n = MIN(size - done, (long)PAGE_SIZE);

		for (long i = 0; i < n; i++)
			buf[i] = file_byte(done + i);
		if (kernel_write(f, buf, n) != n)
			break;
		done += n;
	}
	kfree(buf);
	if (done != size) {
		fput(f);
		return ERR_PTR(-EIO);
	}
	return f;
}

static u8 read_byte(struct file *f, loff_t pos)
{
	u8 c = 0;

	vfs_llseek(f, pos, SEEK_SET);
	kernel_read(f, &c, 1);
	return c;
}

/* ------------------------------------------------- shared and private */

#define SH_PATH	"/t-ff-shared"

static void shared_and_private(struct ktest_ctx *__kt, struct mm_struct *a, struct mm_struct *b,
			       struct file *f)
{
	struct address_space *mapping = f->f_mapping;
	long pa = map_file(a, 2, RW, MAP_SHARED, f, 0);
	long pb = map_file(b, 2, RW, MAP_SHARED, f, 0);
	long pp = map_file(b, 2, RW, MAP_PRIVATE, f, 0);
	struct folio *folio;

	KT_ASSERT(pa > 0 && pb > 0 && pp > 0, "mmap: %ld %ld %ld", pa, pb, pp);
	KT_ASSERT_EQ(touch(a, pa + PAGE_SIZE, false), 0);
	folio = filemap_get_folio(mapping, 1);
	KT_ASSERT(!IS_ERR(folio), "page 1 not cached after a read fault");
	KT_ASSERT(page_at(a, pa + PAGE_SIZE) == &folio->page, "mapped page is not the cache's");
	folio_put(folio);
	KT_ASSERT(!(pte_of(a, pa + PAGE_SIZE) & PTE_W), "shared page writable before a write");
	/* The first write: ->page_mkwrite dirties it, the PTE becomes writable. */
	KT_ASSERT_EQ(touch(a, pa + PAGE_SIZE, true), 0);
	KT_ASSERT(pte_of(a, pa + PAGE_SIZE) & PTE_W, "not writable after the write fault");
	*byte_at(a, pa + PAGE_SIZE + 7) = 'A';
	KT_ASSERT_EQ(read_byte(f, PAGE_SIZE + 7), 'A');
	KT_ASSERT_EQ(touch(b, pb + PAGE_SIZE + 7, false), 0);
	KT_ASSERT_EQ(*byte_at(b, pb + PAGE_SIZE + 7), 'A');
	KT_ASSERT(page_at(a, pa + PAGE_SIZE) == page_at(b, pb + PAGE_SIZE), "two mms, two pages");
	vfs_llseek(f, 9, SEEK_SET);
	KT_ASSERT_EQ(kernel_write(f, "W", 1), 1);
	KT_ASSERT_EQ(touch(b, pb + 9, false), 0);
	KT_ASSERT_EQ(*byte_at(b, pb + 9), 'W');
	/* A private write is a copy: neither the file nor b's shared view. */
	KT_ASSERT_EQ(touch(b, pp + 9, true), 0);
	KT_ASSERT(page_at(b, pp + 9) != page_at(b, pb + 9), "private write did not copy");
	*byte_at(b, pp + 9) = 'p';
	KT_ASSERT_EQ(read_byte(f, 9), 'W');
	KT_ASSERT_EQ(*byte_at(b, pb + 9), 'W');
	KT_ASSERT_EQ(unmap_range(a, pa, 2), 0);
	KT_ASSERT_EQ(unmap_range(b, pb, 2), 0);
	KT_ASSERT_EQ(unmap_range(b, pp, 2), 0);
	KT_ASSERT(list_empty(&mapping->i_mmap), "VMAs left on i_mmap after munmap");
}

KTEST(filemap_fault_shared_mapping_is_the_page_cache)
{
	struct mm_struct *a = mm_alloc(), *b = mm_alloc();
	struct file *f = make_file(SH_PATH, 2 * PAGE_SIZE);

	KT_ASSERT(a && b, "no memory");
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	shared_and_private(KT_CTX, a, b, f);
	mmput(a);
	mmput(b);
	fput(f);
	do_unlinkat(AT_FDCWD, SH_PATH);
}

/* ------------------------------------------------- fault-around */

#define FA_PATH	"/t-ff-around"

KTEST(filemap_fault_around_maps_cached_neighbours)
{
	struct mm_struct *mm = mm_alloc();
	struct file *f = make_file(FA_PATH, 20 * PAGE_SIZE);
	long a;
	int mapped = 0;

	KT_ASSERT(mm, "no memory");
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	/* Page 6 becomes a hole: not cached, so fault-around cannot map it. */
	KT_ASSERT_EQ(vfs_fallocate(f, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
				   6 * PAGE_SIZE, PAGE_SIZE), 0);
	a = map_file_at(mm, 1UL << 32, 20, PROT_READ, MAP_SHARED, f, 0);	/* window-aligned */
	KT_ASSERT(a == 1L << 32, "mmap: %ld", a);
	KT_ASSERT_EQ(touch(mm, a + 5 * PAGE_SIZE, false), 0);
	for (int i = 0; i < 20; i++)
		mapped += pte_has_page(pte_of(mm, a + i * PAGE_SIZE));
	KT_ASSERT(!pte_has_page(pte_of(mm, a + 6 * PAGE_SIZE)), "the hole got mapped");
	KT_ASSERT(!pte_has_page(pte_of(mm, a + 16 * PAGE_SIZE)), "mapped beyond the window");
	KT_ASSERT_EQ(mapped, 15);		/* pages 0-15 of the window but the hole */
	KT_ASSERT_EQ(touch(mm, a + 6 * PAGE_SIZE, false), 0);	/* ->fault fills the hole */
	KT_ASSERT_EQ(*byte_at(mm, a + 6 * PAGE_SIZE), 0);
	mmput(mm);
	fput(f);
	do_unlinkat(AT_FDCWD, FA_PATH);
}

/* ------------------------------------------------- SIGBUS */

#define BUS_PATH "/t-ff-sigbus"

KTEST(filemap_fault_sigbus_past_eof_and_after_truncate)
{
	struct mm_struct *mm = mm_alloc();
	struct file *f = make_file(BUS_PATH, 2 * PAGE_SIZE + 100);
	long a;

	KT_ASSERT(mm, "no memory");
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	a = map_file(mm, 4, RW, MAP_SHARED, f, 0);
	KT_ASSERT(a > 0, "mmap: %ld", a);
	KT_ASSERT_EQ(touch(mm, a + 3 * PAGE_SIZE, false), -EIO);
	KT_ASSERT_EQ(touch(mm, a + 2 * PAGE_SIZE, true), 0);
	KT_ASSERT_EQ(*byte_at(mm, a + 2 * PAGE_SIZE + 100), 0);	/* past the end: zeros */
	KT_ASSERT_EQ(touch(mm, a + PAGE_SIZE, false), 0);
	KT_ASSERT_EQ(do_truncate(f->f_path.dentry, 100), 0);
	KT_ASSERT(!pte_has_page(pte_of(mm, a + PAGE_SIZE)), "page 1 still mapped");
	KT_ASSERT(!pte_has_page(pte_of(mm, a + 2 * PAGE_SIZE)), "page 2 still mapped");
	KT_ASSERT_EQ(touch(mm, a + PAGE_SIZE, false), -EIO);
	KT_ASSERT_EQ(touch(mm, a, false), 0);
	KT_ASSERT_EQ(*byte_at(mm, a + 99), 'a');
	KT_ASSERT_EQ(*byte_at(mm, a + 100), 0);
	KT_ASSERT_EQ(f->f_mapping->nrpages, 1);
	mmput(mm);
	fput(f);
	do_unlinkat(AT_FDCWD, BUS_PATH);
}

/* ------------------------------------------------- truncate racing faults */

#define RACE_PATH	"/t-ff-race"
#define RACE_PAGES	16
#define RACE_ROUNDS	60
#define RACE_MAX_MMS	MAX_CPUS

struct truncate_race {
	struct file *file;
	struct mm_struct *mm[RACE_MAX_MMS];
	unsigned long addr[RACE_MAX_MMS];
	unsigned nthreads;
	volatile bool stop;
	long bad_errors;		/* atomic: faults that were neither 0 nor -EIO */
	long faults, sigbus;		/* atomic */
};

/* Thread 0 cuts the file to nothing and grows it back, over and over,
 * punching a hole in the middle of it each time it has grown; the others
 * fault its pages in their own mm, reading and writing, until it is done
 * (and 200 times at least, the last ones past the end). */
static void truncate_race_thread(void *arg, unsigned i)
{
	struct truncate_race *r = arg;
	u64 seed = 0x9E3779B97F4A7C15ULL * (i + 1);

	if (i == 0) {
		for (int round = 0; round < RACE_ROUNDS; round++) {
			do_truncate(r->file->f_path.dentry, round & 1 ? 0 : RACE_PAGES * PAGE_SIZE);
			schedule();
			if (!(round & 1))
				vfs_fallocate(r->file, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
					      4 * PAGE_SIZE, 4 * PAGE_SIZE);
		}
		do_truncate(r->file->f_path.dentry, 3 * PAGE_SIZE + 5);
		WRITE_ONCE(r->stop, true);
		return;
	}
	for (long n = 0; !READ_ONCE(r->stop) || n < 200; n++) {
		unsigned long page;
		int err;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		page = (seed >> 33) % RACE_PAGES;
		err = touch(r->mm[i], r->addr[i] + page * PAGE_SIZE, (seed >> 20) & 1);
		if (err == -EIO)
			__atomic_add_fetch(&r->sigbus, 1, __ATOMIC_RELAXED);
		else if (err)
			__atomic_add_fetch(&r->bad_errors, 1, __ATOMIC_RELAXED);
		/* Sleep now and then: a faulting thread that never sleeps
		 * starves the other vCPU under -icount, and the truncating
		 * thread queued there never runs (the seeded run hung so). */
		if ((__atomic_add_fetch(&r->faults, 1, __ATOMIC_RELAXED) & 63) == 0)
			msleep(1);
	}
}

static void check_race_result(struct ktest_ctx *__kt, struct truncate_race *r)
{
	KT_ASSERT_EQ(r->bad_errors, 0);
	KT_ASSERT(r->faults > 0 && r->sigbus > 0, "faults %ld, SIGBUS %ld", r->faults, r->sigbus);
	/* The file ends in page 3: nothing past it may still be mapped. */
	for (unsigned i = 1; i < r->nthreads; i++)
		for (int p = 4; p < RACE_PAGES; p++)
			KT_ASSERT(!pte_has_page(pte_of(r->mm[i], r->addr[i] + p * PAGE_SIZE)),
				  "mm %u maps page %d past the end", i, p);
	KT_ASSERT(r->file->f_mapping->nrpages <= 4, "%lu pages cached past the end",
		  r->file->f_mapping->nrpages);
}

KTEST(filemap_fault_truncate_races_faults_on_all_cpus)
{
	static struct truncate_race r;
	unsigned n = MIN(MAX(nr_cpus_online, 2u) * 2, (unsigned)RACE_MAX_MMS);
	long shmem_before = tmpfs_total_pages(), cached;

	memset(&r, 0, sizeof(r));
	r.nthreads = n;
	r.file = make_file(RACE_PATH, RACE_PAGES * PAGE_SIZE);
	KT_ASSERT(!IS_ERR(r.file), "create: %ld", PTR_ERR(r.file));
	cached = (long)r.file->f_mapping->nrpages;
	for (unsigned i = 1; i < n; i++) {
		r.mm[i] = mm_alloc();
		KT_ASSERT(r.mm[i], "no memory");
		r.addr[i] = map_file(r.mm[i], RACE_PAGES, RW, MAP_SHARED, r.file, 0);
		KT_ASSERT((long)r.addr[i] > 0, "mmap: %ld", (long)r.addr[i]);
	}
	KT_ASSERT_EQ(ktest_run_threads(truncate_race_thread, &r, n), 0);
	check_race_result(KT_CTX, &r);
	for (unsigned i = 1; i < n; i++)
		mmput(r.mm[i]);
	KT_ASSERT(cached == RACE_PAGES, "setup cached %ld pages", cached);
	fput(r.file);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, RACE_PATH), 0);
	KT_ASSERT_EQ(tmpfs_total_pages(), shmem_before);	/* every charge given back */
}

/* ------------------------------------------------- writeback */

#define WB_PATH	"/t-ff-writeback"
#define WB_PAGES 4

struct wb_store {
	u8 data[WB_PAGES][PAGE_SIZE];
	long writes, reads;
};

static struct wb_store *wb;

static int wb_read_folio(struct file *file, struct folio *folio)
{
	if (folio->index < WB_PAGES)
		memcpy(folio_address(folio), wb->data[folio->index], PAGE_SIZE);
	else
		folio_zero_segment(folio, 0, PAGE_SIZE);
	wb->reads++;
	folio_mark_uptodate(folio);
	folio_unlock(folio);
	return 0;
}

/* A synchronous "write": start writeback, copy, end it. Folio locked. */
static int wb_writepage(struct page *page, struct writeback_control *wbc)
{
	struct folio *folio = page_folio(page);

	folio_start_writeback(folio);
	if (folio->index < WB_PAGES)
		memcpy(wb->data[folio->index], folio_address(folio), PAGE_SIZE);
	wb->writes++;
	folio_unlock(folio);
	folio_end_writeback(folio);
	return 0;
}

static const struct address_space_operations wb_aops = {
	.read_folio = wb_read_folio,
	.writepage = wb_writepage,
	.dirty_folio = filemap_dirty_folio,
};

static void writeback_cycle(struct ktest_ctx *__kt, struct mm_struct *mm, struct file *f)
{
	struct address_space *mapping = f->f_mapping;
	long a = map_file(mm, WB_PAGES, RW, MAP_SHARED, f, 0);
	struct folio *folio;

	KT_ASSERT(a > 0, "mmap: %ld", a);
	KT_ASSERT_EQ(touch(mm, a + PAGE_SIZE, true), 0);	/* ->fault, ->page_mkwrite */
	*byte_at(mm, a + PAGE_SIZE + 1) = 'Z';
	folio = filemap_get_folio(mapping, 1);
	KT_ASSERT(!IS_ERR(folio), "not cached");
	KT_ASSERT(folio_test_dirty(folio), "not dirty after the write fault");
	KT_ASSERT_EQ(filemap_write_and_wait(mapping), 0);
	KT_ASSERT_EQ(wb->writes, 1);
	KT_ASSERT_EQ(wb->data[1][1], 'Z');
	KT_ASSERT(!folio_test_dirty(folio), "dirty after writeback");
	KT_ASSERT(!(pte_of(mm, a + PAGE_SIZE) & PTE_W), "still writable after writeback");
	/* The next write faults, and ->page_mkwrite dirties it again. */
	KT_ASSERT_EQ(touch(mm, a + PAGE_SIZE, true), 0);
	KT_ASSERT(folio_test_dirty(folio) && (pte_of(mm, a + PAGE_SIZE) & PTE_W), "not redirtied");
	*byte_at(mm, a + PAGE_SIZE + 2) = 'Y';
	folio_put(folio);
	KT_ASSERT_EQ(touch(mm, a, false), 0);			/* read only: stays clean */
	KT_ASSERT_EQ(filemap_write_and_wait(mapping), 0);
	KT_ASSERT_EQ(wb->writes, 2);
	KT_ASSERT_EQ(wb->data[1][2], 'Y');
	KT_ASSERT_EQ(unmap_range(mm, a, WB_PAGES), 0);
}

KTEST(filemap_fault_writeback_write_protects_mapped_folio)
{
	struct mm_struct *mm = mm_alloc();
	struct file *f = filp_open(WB_PATH, O_CREAT | O_RDWR | O_TRUNC, 0644);
	const struct address_space_operations *saved;
	struct address_space *mapping;
	struct inode *inode;

	KT_ASSERT(mm, "no memory");
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	wb = kzalloc(sizeof(*wb), GFP_KERNEL);
	KT_ASSERT(wb, "no memory");
	inode = file_inode(f);
	mapping = f->f_mapping;
	inode_lock(inode);
	i_size_write(inode, WB_PAGES * PAGE_SIZE);
	saved = mapping->a_ops;
	mapping->a_ops = &wb_aops;
	inode_unlock(inode);
	writeback_cycle(KT_CTX, mm, f);
	mmput(mm);
	/* Empty the cache before tmpfs's own a_ops come back. */
	filemap_invalidate_lock(mapping);
	truncate_inode_pages(mapping, 0);
	filemap_invalidate_unlock(mapping);
	inode_lock(inode);
	mapping->a_ops = saved;
	i_size_write(inode, 0);
	inode_unlock(inode);
	kfree(wb);
	fput(f);
	do_unlinkat(AT_FDCWD, WB_PATH);
}

/* ------------------------------------------------- VM_PFNMAP and vm ops */

#define PFN_PATH "/t-ff-pfn"

static struct page *pfn_page;		/* the frame the mapping shows */
static long pfn_opens, pfn_closes, pfn_faults, pfn_mkwrites, pfn_accesses;

static void pfn_open(struct vm_area_struct *vma) { pfn_opens++; }
static void pfn_close(struct vm_area_struct *vma) { pfn_closes++; }

/* Only the first page of the object exists. */
static vm_fault_t pfn_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	pfn_faults++;
	if (vmf->pgoff)
		return VM_FAULT_SIGBUS;
	return vmf_insert_pfn(vma, vmf->address, page_to_pfn(pfn_page));
}

static vm_fault_t pfn_mkwrite(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	pfn_mkwrites++;
	return 0;
}

static int pfn_access(struct vm_area_struct *vma, unsigned long addr, void *buf, int len,
		      int write)
{
	unsigned long off = addr - vma->vm_start + (vma->vm_pgoff << PAGE_SHIFT);
	u8 *p = (u8 *)page_address(pfn_page) + off;

	pfn_accesses++;
	if (off >= PAGE_SIZE)
		return -EIO;
	len = (int)MIN((unsigned long)len, PAGE_SIZE - off);
	if (write)
		memcpy(p, buf, len);
	else
		memcpy(buf, p, len);
	return len;
}

static const struct vm_operations_struct pfn_vm_ops = {
	.open = pfn_open,
	.close = pfn_close,
	.fault = pfn_fault,
	.pfn_mkwrite = pfn_mkwrite,
	.access = pfn_access,
};

static int pfn_mmap(struct file *file, struct vm_area_struct *vma)
{
	vma->vm_flags |= VM_PFNMAP | VM_IO;
	vma->vm_ops = &pfn_vm_ops;
	return 0;
}

static const struct file_operations pfn_fops = {
	.mmap = pfn_mmap,
};

static void pfn_mapping(struct ktest_ctx *__kt, struct mm_struct *mm, struct file *f)
{
	long a = map_file(mm, 2, RW, MAP_SHARED, f, 0);
	struct mm_struct *child;
	char buf[4] = { 0 }, src[4] = "pfn";

	KT_ASSERT(a > 0, "mmap: %ld", a);
	KT_ASSERT_EQ(touch(mm, a, false), 0);
	KT_ASSERT((pte_of(mm, a) & (PTE_SPECIAL | PTE_W)) == PTE_SPECIAL, "pte %#lx",
		  (unsigned long)pte_of(mm, a));
	KT_ASSERT_EQ(touch(mm, a, true), 0);		/* ->pfn_mkwrite */
	KT_ASSERT_EQ(pfn_mkwrites, 1);
	KT_ASSERT(pte_of(mm, a) & PTE_W, "not writable after ->pfn_mkwrite");
	KT_ASSERT_EQ(touch(mm, a + PAGE_SIZE, false), -EIO);	/* SIGBUS */
	/* /proc/PID/mem's way in: no pages to take, so ->access. */
	KT_ASSERT_EQ(access_remote_vm(mm, a + 10, src, 3, true), 3);
	KT_ASSERT(!memcmp((u8 *)page_address(pfn_page) + 10, "pfn", 3), "write did not land");
	KT_ASSERT_EQ(access_remote_vm(mm, a + 10, buf, 3, false), 3);
	KT_ASSERT(!memcmp(buf, "pfn", 3), "read %.3s", buf);
	KT_ASSERT_EQ(pfn_accesses, 2);
	/* A split and a fork make copies: ->open each; munmap and exit ->close. */
	down_write(&mm->mmap_lock);
	KT_ASSERT_EQ(do_mprotect(mm, a + PAGE_SIZE, PAGE_SIZE, PROT_READ), 0);
	up_write(&mm->mmap_lock);
	KT_ASSERT_EQ(pfn_opens, 1);
	child = mm_dup(mm);
	KT_ASSERT(child, "fork: no memory");
	KT_ASSERT_EQ(pfn_opens, 3);
	KT_ASSERT((pte_of(child, a) & PTE_SPECIAL), "fork did not copy the pfn entry");
	mmput(child);
	KT_ASSERT_EQ(pfn_closes, 2);
	KT_ASSERT_EQ(unmap_range(mm, a, 2), 0);
	KT_ASSERT_EQ(pfn_closes, 4);
	KT_ASSERT_EQ(page_ref_count(pfn_page), 1);	/* pfn entries hold no reference */
}

KTEST(vm_ops_pfnmap_open_close_pfn_mkwrite_access)
{
	struct mm_struct *mm = mm_alloc();
	struct file *f = filp_open(PFN_PATH, O_CREAT | O_RDWR | O_TRUNC, 0644);
	const struct file_operations *saved;

	KT_ASSERT(mm, "no memory");
	KT_ASSERT(!IS_ERR(f), "create: %ld", PTR_ERR(f));
	pfn_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	KT_ASSERT(pfn_page, "no memory");
	pfn_opens = pfn_closes = pfn_faults = pfn_mkwrites = pfn_accesses = 0;
	saved = f->f_op;
	f->f_op = &pfn_fops;			/* a device-like file for this test */
	pfn_mapping(KT_CTX, mm, f);
	mmput(mm);
	f->f_op = saved;
	fput(f);
	put_page(pfn_page);
	do_unlinkat(AT_FDCWD, PFN_PATH);
}
