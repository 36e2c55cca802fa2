/*
 * Page migration (mm/migrate.c): moving the contents of a page-cache folio
 * to another physical page, for compaction. The generic pieces an
 * address_space's ->migrate_folio is built from (Linux's names):
 *
 *   folio_migrate_copy     data and flags from src to dst;
 *   folio_migrate_mapping  dst takes src's place in the mapping's index,
 *                          if nobody but the cache, its private data and
 *                          the migrating caller holds src;
 *   filemap_migrate_folio  the ->migrate_folio of folios without private
 *                          data (buffer_migrate_folio, fs/buffer_head.h,
 *                          is the one for folios with buffers).
 *
 * Contract of ->migrate_folio (the seed's row): src and dst are locked;
 * src is in mapping, not mapped by any page table, not under writeback,
 * and off the LRU with one reference of the caller's; dst is a new folio
 * (one reference, not in any mapping). On success (0) dst is in the
 * mapping with src's data, flags and private data, and src is out of it
 * (the caller puts dst on the LRU and frees src). -EAGAIN: src is busy
 * (try later); nothing changed.
 */
#ifndef MM_MIGRATE_H
#define MM_MIGRATE_H

#include "fs/vfs/fs.h"
#include "mm/folio.h"

void folio_migrate_copy(struct folio *dst, struct folio *src);
/* extra_count: references on src beyond the cache's, its private data's
 * and the caller's one that are allowed. 0 or -EAGAIN. */
int folio_migrate_mapping(struct address_space *mapping, struct folio *dst,
			  struct folio *src, int extra_count);
int filemap_migrate_folio(struct address_space *mapping, struct folio *dst,
			  struct folio *src, enum migrate_mode mode);

/*
 * Move the page-cache folio src (the caller holds a reference; src must
 * not be mapped) to a new page through its mapping's ->migrate_folio
 * (filemap_migrate_folio without one). On success (0) the new folio is in
 * the cache and on the LRU (*dstp, if given, points at it; no reference),
 * and src is out of it: the caller's put frees it. -EAGAIN if src is
 * busy, locked, mapped, dirty-with-private or not in a mapping;
 * -ENOMEM. May sleep.
 */
int migrate_pagecache_folio(struct folio *src, struct folio **dstp);
/* The same into dst (a new page with one reference, which this takes). */
int migrate_pagecache_folio_to(struct folio *src, struct folio *dst);

/* Migrations done and failed since boot (/proc/vmstat). */
extern unsigned long nr_migrated, nr_migrate_failed;

#endif
