/*
 * The writeback flusher and dirty throttling (mm/writeback.c), with
 * Linux's tunables, also in /proc/sys/vm/:
 *
 *   dirty_writeback_centisecs  the flusher wakes this often (0: only when
 *                              kicked) and writes the inodes first dirtied
 *                              more than
 *   dirty_expire_centisecs     ago, with their pages;
 *   dirty_background_ratio     % of RAM dirty (or under writeback) that
 *                              wakes it early to write everything;
 *   dirty_ratio                % of RAM a writer may not go beyond: it
 *                              sleeps while the flusher writes (killable,
 *                              at most a fifth of a second per chunk, so a
 *                              single writer still progresses).
 * dirty_limit_pages (mm/pagemap.h), if set, replaces dirty_ratio (tests);
 * the background threshold is then half of it.
 *
 * One global thread, "flush", writes every superblock that has a dirty
 * inode list (fs/vfs/fs-writeback.c), taking s_umount shared by trylock
 * (an unmount or remount in progress is skipped) and skipping frozen ones.
 */
#ifndef FS_VFS_WRITEBACK_H
#define FS_VFS_WRITEBACK_H

#include "fs/vfs/types.h"

extern unsigned dirty_writeback_centisecs;
extern unsigned dirty_expire_centisecs;
extern unsigned dirty_background_ratio;
extern unsigned dirty_ratio;

/* Pages dirty or under writeback before writers are throttled / before
 * the flusher starts writing everything. */
unsigned long dirty_thresh(void);
unsigned long dirty_background_thresh(void);

/* Wake the flusher for a pass (background: write everything if over the
 * background threshold). Any context that may take a spinlock. */
void wakeup_flusher(void);
/* Flusher passes completed so far, and writer sleeps in throttling (tests,
 * /proc). */
unsigned long flusher_passes(void);
unsigned long dirty_throttle_count(void);

/* At boot (vfs_init): /proc/sys/vm entries and the flusher thread. */
void writeback_init(void);

#endif
