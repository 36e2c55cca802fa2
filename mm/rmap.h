/*
 * From a file's pages back to the page tables that map them ("reverse
 * mapping"): every VMA that maps a file is on its mapping's i_mmap list
 * (vma->vm_i_mmap), so the page cache can reach the PTEs of every process
 * mapping a range without their mmap_locks: to unmap what truncation
 * removes (so that a later access raises SIGBUS) and to write-protect a
 * folio before it is written back (so that the next write through a
 * mapping calls ->page_mkwrite and dirties it again).
 *
 * Locking: i_mmap_rwsem of the mapping, held for writing to change the
 * list or the range of a VMA on it (mm/vma.c, with that VMA's mmap_lock),
 * for reading to walk it (here). Order: mmap_lock -> invalidate_lock ->
 * folio lock -> i_mmap_rwsem -> page_table_lock. The walks take each
 * mm's page_table_lock and flush the TLBs of the CPUs that have the mm
 * loaded (mm/tlb.c).
 */
#ifndef MM_RMAP_H
#define MM_RMAP_H

#include "fs/vfs/fs.h"
#include "mm/mm.h"

struct folio;

static inline void i_mmap_lock_write(struct address_space *m) { down_write(&m->i_mmap_rwsem); }
static inline void i_mmap_unlock_write(struct address_space *m) { up_write(&m->i_mmap_rwsem); }
static inline void i_mmap_lock_read(struct address_space *m) { down_read(&m->i_mmap_rwsem); }
static inline void i_mmap_unlock_read(struct address_space *m) { up_read(&m->i_mmap_rwsem); }

/* Does any VMA map the file? (No lock: a hint.) */
static inline bool mapping_mapped(struct address_space *m)
{
	return !list_empty(&m->i_mmap);
}

/*
 * Unmap [holebegin, holebegin + holelen) of the file (bytes, rounded out
 * to pages; holelen 0: to the end) from every process that maps it. With
 * even_cows, private copies made by copy-on-write go too (truncation: the
 * range no longer exists), else only the file's own pages (hole punch).
 * The caller keeps pages from coming back (invalidate_lock exclusive, the
 * new i_size set). May sleep.
 */
void unmap_mapping_range(struct address_space *mapping, loff_t holebegin, loff_t holelen,
			 bool even_cows);
/* Unmap the locked folio from every process that maps it (truncation of
 * a folio a fault mapped after unmap_mapping_range). May sleep. */
void unmap_mapping_folio(struct folio *folio);
/* Make every PTE that maps the locked folio read-only and clean (before
 * writeback). Returns how many were writable. May sleep. */
int folio_mkclean(struct folio *folio);

#endif
