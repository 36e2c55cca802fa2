/*
 * Writeback control: what one round of writing dirty page-cache folios
 * back asks for (Linux's struct writeback_control). Passed to ->writepages
 * and ->writepage.
 */
#ifndef MM_WRITEBACK_H
#define MM_WRITEBACK_H

#include "fs/vfs/types.h"

enum writeback_sync_modes {
	WB_SYNC_NONE,	/* start what can be started without waiting (memory cleansing) */
	WB_SYNC_ALL,	/* data integrity: wait for I/O in progress and write everything */
};

struct writeback_control {
	long nr_to_write;		/* folios still to write; decremented per folio */
	long pages_skipped;		/* folios not written */
	loff_t range_start;		/* bytes, inclusive */
	loff_t range_end;		/* bytes, inclusive (LLONG_MAX: to the end) */
	enum writeback_sync_modes sync_mode;
	unsigned for_reclaim:1;		/* ->writepage from reclaim (mm/vmscan.c): cleansing */
};

#define LLONG_MAX	((loff_t)(~0ULL >> 1))
#define LONG_MAX	((long)(~0UL >> 1))

#endif
