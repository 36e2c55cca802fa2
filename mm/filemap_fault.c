/*
 * Page faults on files in the page cache (mm/filemap_fault.h).
 *
 * A fault finds the file's folio, reads it in if needed (->read_folio with
 * invalidate_lock shared, which truncation and hole punching hold
 * exclusive, so no fault brings back a folio of a range being removed),
 * then locks it and checks that it is still in the mapping and inside
 * i_size: truncation sets i_size first and takes each folio's lock before
 * removing it, unmapping it if a fault mapped it meanwhile, so a fault
 * past the new end raises SIGBUS. The folio is mapped with its lock held
 * (mm/fault.c), and unlocked after.
 *
 * Locks: called with mmap_lock held for reading; order mmap_lock ->
 * invalidate_lock -> folio lock -> page_table_lock. filemap_map_pages runs
 * under page_table_lock and only trylocks folios.
 */
#include "mm/filemap_fault.h"
#include "mm/pagemap.h"
#include "fs/vfs/file.h"
#include "kernel/errno.h"

/* Pages of the file that exist: the first index beyond its end. */
static unsigned long file_pages(struct inode *inode)
{
	return (unsigned long)DIV_ROUND_UP((u64)i_size_read(inode), PAGE_SIZE);
}

/* The uptodate folio at index with a reference, read in if needed.
 * VM_FAULT_MAJOR in *major if it was. ERR_PTR on a read error. */
static struct folio *fault_get_folio(struct file *file, struct address_space *mapping,
				     unsigned long index, vm_fault_t *major)
{
	struct folio *folio = filemap_get_folio(mapping, index);

	if (!IS_ERR(folio) && folio_test_uptodate(folio))
		return folio;
	if (!IS_ERR(folio))
		folio_put(folio);
	*major = VM_FAULT_MAJOR;
	return read_mapping_folio(mapping, index, file);
}

vm_fault_t filemap_fault(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct file *file = vma->vm_file;
	struct address_space *mapping = file->f_mapping;
	struct inode *inode = mapping->host;
	vm_fault_t major = 0;
	struct folio *folio;

	might_sleep();
	for (;;) {
		if (vmf->pgoff >= file_pages(inode))
			return VM_FAULT_SIGBUS;
		folio = fault_get_folio(file, mapping, vmf->pgoff, &major);
		if (IS_ERR(folio))
			return PTR_ERR(folio) == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
		folio_lock(folio);
		if (folio->mapping == mapping && folio_test_uptodate(folio))
			break;
		folio_unlock(folio);		/* truncated meanwhile: again */
		folio_put(folio);
	}
	if (vmf->pgoff >= file_pages(inode)) {	/* the file shrank meanwhile */
		folio_unlock(folio);
		folio_put(folio);
		return VM_FAULT_SIGBUS;
	}
	vmf->page = &folio->page;
	return major | VM_FAULT_LOCKED;
}

/* Map the folio found at index if that needs no sleeping. True if its
 * reference went to the PTE. page_table_lock held. */
static bool map_one_folio(struct vm_fault *vmf, struct address_space *mapping,
			  struct folio *folio, unsigned long index)
{
	unsigned long addr = vmf->address + (index - vmf->pgoff) * PAGE_SIZE;
	bool mapped = false;

	if (!folio_test_uptodate(folio) || !folio_trylock(folio))
		return false;
	if (folio->mapping == mapping && folio_test_uptodate(folio) &&
	    index < file_pages(mapping->host))
		mapped = do_set_pte(vmf, &folio->page, addr);
	folio_unlock(folio);
	return mapped;
}

vm_fault_t filemap_map_pages(struct vm_fault *vmf, unsigned long start_pgoff,
			     unsigned long end_pgoff)
{
	struct address_space *mapping = vmf->vma->vm_file->f_mapping;
	unsigned long index = start_pgoff;
	vm_fault_t ret = 0;
	struct folio *folio;

	while ((folio = filemap_next_folio(mapping, &index, RADIX_TREE_ANY_TAG))) {
		if (index > end_pgoff) {
			folio_put(folio);
			break;
		}
		if (map_one_folio(vmf, mapping, folio, index)) {
			if (index == vmf->pgoff)
				ret = VM_FAULT_NOPAGE;
		} else {
			folio_put(folio);
		}
		if (index++ == ~0UL)
			break;
	}
	return ret;
}

vm_fault_t filemap_page_mkwrite(struct vm_area_struct *vma, struct vm_fault *vmf)
{
	struct folio *folio = page_folio(vmf->page);
	struct address_space *mapping = vma->vm_file->f_mapping;	/* a device's: not its inode's */

	might_sleep();
	folio_lock(folio);
	if (folio->mapping != mapping || folio->index >= file_pages(mapping->host)) {
		folio_unlock(folio);
		return VM_FAULT_NOPAGE;
	}
	folio_mark_dirty(folio);
	folio_wait_writeback(folio);
	return VM_FAULT_LOCKED;
}

const struct vm_operations_struct generic_file_vm_ops = {
	.fault = filemap_fault,
	.map_pages = filemap_map_pages,
	.page_mkwrite = filemap_page_mkwrite,
};

int generic_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct address_space *mapping = file->f_mapping;

	if (!mapping->a_ops || !mapping->a_ops->read_folio)
		return -ENOEXEC;
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}

int generic_file_readonly_mmap(struct file *file, struct vm_area_struct *vma)
{
	if ((vma->vm_flags & VM_SHARED) && (vma->vm_flags & VM_MAYWRITE))
		return -EINVAL;
	return generic_file_mmap(file, vma);
}
