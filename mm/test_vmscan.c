/*
 * Tests of the LRU lists and reclaim (ktest=lru, ktest=reclaim): where
 * folios and anonymous pages go on the lists and how they move, and
 * reclaim of page-cache folios over a fake file whose a_ops count what
 * reclaim asks of them: clean folios dropped (->release_folio for those
 * with private data), dirty ones written by ->writepage in cleansing
 * mode, then dropped; folios of a mapping without ->writepage kept;
 * mapped folios (of /dev/ram0) unmapped from the page tables first.
 */
#include "mm/lru.h"
#include "mm/pagemap.h"
#include "mm/vmscan.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/dcache.h"
#include "mm/slab.h"
#include "mm/internal.h"
#include "mm/mmap.h"
#include "mm/fault.h"
#include "fs/vfs/file.h"

static struct {
	long reads, writes, cleansing, releases, frees;
} fk;

static char fk_byte(unsigned long index) { return (char)(index * 37 + 5); }

static int fk_read_folio(struct file *file, struct folio *folio)
{
	memset(folio_address(folio), fk_byte(folio->index), PAGE_SIZE);
	__atomic_fetch_add(&fk.reads, 1, __ATOMIC_RELAXED);
	folio_mark_uptodate(folio);
	folio_unlock(folio);
	return 0;
}

static int fk_writepage(struct page *page, struct writeback_control *wbc)
{
	struct folio *folio = page_folio(page);

	if (wbc->sync_mode == WB_SYNC_NONE && wbc->for_reclaim)
		__atomic_fetch_add(&fk.cleansing, 1, __ATOMIC_RELAXED);
	folio_start_writeback(folio);
	folio_unlock(folio);
	__atomic_fetch_add(&fk.writes, 1, __ATOMIC_RELAXED);
	folio_end_writeback(folio);
	return 0;
}

static bool fk_release_folio(struct folio *folio, gfp_t gfp)
{
	__atomic_fetch_add(&fk.releases, 1, __ATOMIC_RELAXED);
	folio_detach_private(folio);
	return true;
}

static void fk_invalidate_folio(struct folio *folio, size_t offset, size_t len)
{
	folio_detach_private(folio);
}

static void fk_free_folio(struct folio *folio)
{
	__atomic_fetch_add(&fk.frees, 1, __ATOMIC_RELAXED);
}

static const struct address_space_operations fk_aops = {
	.read_folio = fk_read_folio,
	.writepage = fk_writepage,
	.release_folio = fk_release_folio,
	.invalidate_folio = fk_invalidate_folio,
	.free_folio = fk_free_folio,
};

/* The same without ->writepage: memory is the only store. */
static const struct address_space_operations fk_memonly_aops = {
	.read_folio = fk_read_folio,
};

static struct inode *fk_inode(const struct address_space_operations *aops, loff_t size)
{
	struct inode *inode;
	struct path root;

	memset(&fk, 0, sizeof(fk));
	if (kern_path("/", 0, &root))
		return NULL;
	inode = new_inode(root.dentry->d_sb);
	path_put(&root);
	if (!inode)
		return NULL;
	inode->i_mode = S_IFREG | 0600;
	inode->i_mapping->a_ops = aops;
	i_size_write(inode, size);
	return inode;
}

static void fk_put(struct inode *inode)
{
	truncate_inode_pages_final(inode->i_mapping);
	iput(inode);
}

/* Read pages [0, n) into the cache (no references kept). */
static int fk_populate(struct inode *inode, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct folio *folio = read_mapping_folio(inode->i_mapping, i, NULL);

		if (IS_ERR(folio))
			return (int)PTR_ERR(folio);
		folio_put(folio);
	}
	return 0;
}

/* Reclaim until the mapping is empty or tries run out. */
static void reclaim_until_empty(struct address_space *mapping, int tries)
{
	while (mapping->nrpages && tries--)
		shrink_memory(mapping->nrpages + lru_pages(LRU_INACTIVE_FILE) +
			      lru_pages(LRU_ACTIVE_FILE));
}

KTEST(lru_file_folio_inactive_then_active)
{
	struct inode *inode = fk_inode(&fk_aops, 4 * PAGE_SIZE);
	struct folio *folio;
	bool on, active, anon, on2, active2;

	KT_ASSERT(inode, "no inode");
	folio = read_mapping_folio(inode->i_mapping, 1, NULL);
	KT_ASSERT(!IS_ERR(folio), "read failed");
	on = PageFlag(&folio->page, PG_lru);
	active = PageFlag(&folio->page, PG_active);
	anon = PageFlag(&folio->page, PG_anon);
	folio_mark_accessed(folio);		/* referenced */
	folio_mark_accessed(folio);		/* second access: active */
	on2 = PageFlag(&folio->page, PG_lru);
	active2 = PageFlag(&folio->page, PG_active);
	folio_put(folio);
	fk_put(inode);
	KT_ASSERT(on && !active && !anon, "new folio: lru %d active %d anon %d", on, active, anon);
	KT_ASSERT(on2 && active2, "after two accesses: lru %d active %d", on2, active2);
}

KTEST(lru_anon_page_and_free)
{
	struct page *page = alloc_page(GFP_KERNEL);
	unsigned long before;
	bool on, anon, active;

	KT_ASSERT(page, "no page");
	before = lru_pages(LRU_INACTIVE_ANON);
	lru_cache_add_anon(page);
	on = PageFlag(page, PG_lru);
	anon = PageFlag(page, PG_anon);
	active = PageFlag(page, PG_active);
	put_page(page);				/* freeing takes it off */
	KT_ASSERT(on && anon && !active, "lru %d anon %d active %d", on, anon, active);
	KT_ASSERT(lru_pages(LRU_INACTIVE_ANON) <= before, "still counted: %lu > %lu",
		  lru_pages(LRU_INACTIVE_ANON), before);
}

KTEST(lru_isolate_and_deactivate)
{
	struct inode *inode = fk_inode(&fk_aops, 2 * PAGE_SIZE);
	struct folio *folio;
	bool isolated_off, back_active, deact;

	KT_ASSERT(inode, "no inode");
	folio = read_mapping_folio(inode->i_mapping, 0, NULL);
	KT_ASSERT(!IS_ERR(folio), "read failed");
	/* Take it off its list as reclaim does, then put it back active. */
	lru_del_freed(&folio->page);		/* (not freed: only off the list) */
	isolated_off = !PageFlag(&folio->page, PG_lru);
	get_page(&folio->page);
	lru_putback(&folio->page, true);
	back_active = PageFlag(&folio->page, PG_lru) && PageFlag(&folio->page, PG_active);
	lru_deactivate(false, lru_pages(LRU_ACTIVE_FILE));
	deact = PageFlag(&folio->page, PG_lru) && !PageFlag(&folio->page, PG_active);
	folio_put(folio);
	fk_put(inode);
	KT_ASSERT(isolated_off, "still on a list");
	KT_ASSERT(back_active, "not back on the active list");
	KT_ASSERT(deact, "not deactivated");
}

#define FK_PAGES	64

KTEST(reclaim_drops_clean_file_folios)
{
	struct inode *inode = fk_inode(&fk_aops, FK_PAGES * PAGE_SIZE);
	unsigned long left, reads;
	int err;

	KT_ASSERT(inode, "no inode");
	err = fk_populate(inode, FK_PAGES);
	KT_ASSERT_EQ(err, 0);
	/* Private data on the even folios: reclaim must ask ->release_folio. */
	for (unsigned long i = 0; i < FK_PAGES; i += 2) {
		struct folio *folio = filemap_lock_folio(inode->i_mapping, i);

		KT_ASSERT(!IS_ERR(folio), "folio %lu gone", i);
		folio_attach_private(folio, (void *)1);
		folio_unlock(folio);
		folio_put(folio);
	}
	reads = fk.reads;
	reclaim_until_empty(inode->i_mapping, 20);
	left = inode->i_mapping->nrpages;
	/* Reading again reads from the "disk". */
	err = fk_populate(inode, 4);
	fk_put(inode);
	KT_ASSERT_EQ(left, 0);
	KT_ASSERT_EQ(fk.releases, FK_PAGES / 2);
	KT_ASSERT(fk.frees >= FK_PAGES, "->free_folio %ld times", fk.frees);
	KT_ASSERT_EQ(err, 0);
	KT_ASSERT_EQ(fk.reads, (long)reads + 4);
	KT_ASSERT_EQ(fk.writes, 0);
}

KTEST(reclaim_writes_dirty_folios_cleansing)
{
	struct inode *inode = fk_inode(&fk_aops, FK_PAGES * PAGE_SIZE);
	unsigned long left;
	int err;

	KT_ASSERT(inode, "no inode");
	err = fk_populate(inode, FK_PAGES);
	KT_ASSERT_EQ(err, 0);
	for (unsigned long i = 0; i < FK_PAGES; i++) {
		struct folio *folio = filemap_lock_folio(inode->i_mapping, i);

		KT_ASSERT(!IS_ERR(folio), "folio %lu gone", i);
		folio_mark_dirty(folio);
		folio_unlock(folio);
		folio_put(folio);
	}
	reclaim_until_empty(inode->i_mapping, 20);
	left = inode->i_mapping->nrpages;
	fk_put(inode);
	KT_ASSERT_EQ(left, 0);
	KT_ASSERT_EQ(fk.writes, FK_PAGES);
	KT_ASSERT_EQ(fk.cleansing, FK_PAGES);
}

KTEST(reclaim_keeps_memory_only_folios)
{
	struct inode *inode = fk_inode(&fk_memonly_aops, 8 * PAGE_SIZE);
	unsigned long left;
	int err;

	KT_ASSERT(inode, "no inode");
	err = fk_populate(inode, 8);
	KT_ASSERT_EQ(err, 0);
	reclaim_until_empty(inode->i_mapping, 3);
	left = inode->i_mapping->nrpages;
	fk_put(inode);
	KT_ASSERT_EQ(left, 8);
}

KTEST(reclaim_under_pressure_frees_cache)
{
	struct inode *inode = fk_inode(&fk_aops, 0);
	unsigned long n = 0, cap, left;
	struct page *list = NULL, *p;
	struct reclaim_stats st0, st1;

	KT_ASSERT(inode, "no inode");
	/* A cache of a quarter of RAM, then allocations that need it back. */
	cap = totalram_pages() / 4;
	i_size_write(inode, (loff_t)cap * PAGE_SIZE);
	KT_ASSERT_EQ(fk_populate(inode, cap), 0);
	reclaim_get_stats(&st0);
	while ((p = alloc_page(GFP_KERNEL | __GFP_NOWARN))) {
		p->lru.next = (void *)list;	/* a chain of the pages taken */
		list = p;
		n++;
	}
	left = inode->i_mapping->nrpages;
	reclaim_get_stats(&st1);
	while (list) {
		p = list;
		list = (void *)p->lru.next;
		p->lru.next = NULL;
		free_page(p);
	}
	fk_put(inode);
	KT_ASSERT(left < cap / 8, "%lu of %lu cached folios left", left, cap);
	KT_ASSERT(n > cap, "only %lu pages allocated", n);
	KT_ASSERT(st1.direct_runs > st0.direct_runs, "no direct reclaim");
}

/* ------------------------------------------------ mapped folios */

#define MAP_PAGES	8

/*
 * Pages of /dev/ram0 mapped shared into an address space (no CPU has it
 * loaded): reclaim unmaps them from the page tables first, then drops
 * them; a later access reads them back from the device, same bytes.
 */
KTEST(reclaim_unmaps_mapped_file_folios)
{
	struct file *file = filp_open("/dev/ram0", O_RDWR, 0);
	struct vm_area_struct *dead = NULL;
	struct mm_struct *mm = mm_alloc();
	unsigned long a = 0, mapped = 0, still = 0, left;
	u8 first = 0, again = 0;
	int tries = 30;
	u64 *pte;

	KT_ASSERT(!IS_ERR(file), "open /dev/ram0: %ld", PTR_ERR(file));
	KT_ASSERT(mm, "no mm");
	file->f_pos = 64 * PAGE_SIZE;		/* the first page mapped: known bytes */
	KT_ASSERT_EQ(kernel_write(file, "kept", 4), 4);
	KT_ASSERT_EQ(filemap_write_and_wait(file->f_mapping), 0);
	down_write(&mm->mmap_lock);
	a = (unsigned long)do_mmap(mm, 0, MAP_PAGES * PAGE_SIZE, PROT_READ, MAP_SHARED, file,
				   64, &dead);
	up_write(&mm->mmap_lock);
	release_vmas(dead);
	KT_ASSERT(!IS_ERR_VALUE(a), "mmap: %ld", (long)a);
	for (int p = 0; p < MAP_PAGES; p++) {
		handle_mm_fault(mm, a + p * PAGE_SIZE, PF_USER);
		pte = pte_lookup(mm, a + p * PAGE_SIZE);
		mapped += pte && pte_has_page(*pte);
	}
	pte = pte_lookup(mm, a);
	if (pte && pte_has_page(*pte))
		first = *(u8 *)page_address(pte_page(*pte));
	while (file->f_mapping->nrpages && tries--)
		shrink_memory(lru_pages(LRU_INACTIVE_FILE) + lru_pages(LRU_ACTIVE_FILE));
	left = file->f_mapping->nrpages;
	for (int p = 0; p < MAP_PAGES; p++) {
		pte = pte_lookup(mm, a + p * PAGE_SIZE);
		still += pte && pte_has_page(*pte);
	}
	handle_mm_fault(mm, a, PF_USER);		/* read back from the device */
	pte = pte_lookup(mm, a);
	if (pte && pte_has_page(*pte))
		again = *(u8 *)page_address(pte_page(*pte));
	mmput(mm);
	fput(file);
	KT_ASSERT_EQ(mapped, MAP_PAGES);
	KT_ASSERT_EQ(still, 0);
	KT_ASSERT_EQ(left, 0);
	KT_ASSERT_EQ(first, 'k');
	KT_ASSERT_EQ(again, 'k');
}
