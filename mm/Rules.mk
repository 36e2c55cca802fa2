# Memory: boot memory map, page tables, buddy and slab allocators, stacks.
kernel-y += mm/memblock.c
kernel-y += mm/paging.c
kernel-y += mm/mm.c
kernel-y += mm/page_alloc.c
kernel-y += mm/slab.c
kernel-y += mm/kstack.c
kernel-y += mm/shrinker.c
kernel-y += mm/test_page_alloc.c
kernel-y += mm/test_slab.c
kernel-y += mm/fault.c
