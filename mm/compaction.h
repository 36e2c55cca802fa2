/*
 * Memory compaction (mm/compaction.c): /proc/sys/vm/compact_memory and
 * the counters of /proc/vmstat.
 */
#ifndef MM_COMPACTION_H
#define MM_COMPACTION_H

/* One run over all of memory (see mm/compaction.c). May sleep. */
void compact_memory(void);
/* Register /proc/sys/vm/compact_memory and /proc/vmstat (boot, after
 * writeback_init made /proc/sys/vm). */
void compaction_proc_init(void);

extern unsigned long compact_runs, compact_migrate_scanned, compact_isolated, compact_migrated,
	compact_fail;

#endif
