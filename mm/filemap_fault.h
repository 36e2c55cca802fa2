/*
 * Mapping files that live in the page cache (Linux's filemap_fault and
 * friends): a file whose ->mmap is generic_file_mmap gets
 * generic_file_vm_ops, whose page faults find the file's folios in the
 * page cache (reading them through ->read_folio when missing), so that
 * every MAP_SHARED mapping of the file, in any process, and read()/write()
 * see the same pages; a MAP_PRIVATE mapping reads them and copies on write.
 *
 * The vm operations are called by mm/fault.c with the mm's mmap_lock held
 * for reading (mm/vm_ops.h); filemap_map_pages also with the mm's
 * page_table_lock, so it never sleeps.
 */
#ifndef MM_FILEMAP_FAULT_H
#define MM_FILEMAP_FAULT_H

#include "mm/mm.h"
#include "mm/rmap.h"

struct file;

/*
 * ->fault: the folio at vmf->pgoff, read in through ->read_folio (with
 * invalidate_lock shared) if it is not cached, returned locked
 * (VM_FAULT_LOCKED) after checking it is still in the mapping and inside
 * i_size. VM_FAULT_SIGBUS beyond the end of the file or on a read error,
 * VM_FAULT_OOM. May sleep.
 */
vm_fault_t filemap_fault(struct vm_area_struct *vma, struct vm_fault *vmf);
/*
 * ->map_pages: map read-only the folios of [start_pgoff, end_pgoff] that
 * are cached, uptodate, inside i_size and unlocked (trylock: never
 * sleeps). VM_FAULT_NOPAGE if vmf->address got mapped. page_table_lock
 * held.
 */
vm_fault_t filemap_map_pages(struct vm_fault *vmf, unsigned long start_pgoff,
			     unsigned long end_pgoff);
/*
 * ->page_mkwrite: lock vmf->page's folio, check it is still in the mapping
 * and inside i_size (else VM_FAULT_NOPAGE: the access retries and faults
 * again), mark it dirty, wait for writeback to end; returns it locked
 * (VM_FAULT_LOCKED). May sleep.
 */
vm_fault_t filemap_page_mkwrite(struct vm_area_struct *vma, struct vm_fault *vmf);

extern const struct vm_operations_struct generic_file_vm_ops;

/* ->mmap of files in the page cache: vm_ops = generic_file_vm_ops.
 * -ENOEXEC if the mapping cannot read folios. mmap_lock (write). */
int generic_file_mmap(struct file *file, struct vm_area_struct *vma);
/* The same, refusing shared mappings that could become writable
 * (-EINVAL). */
int generic_file_readonly_mmap(struct file *file, struct vm_area_struct *vma);

#endif
