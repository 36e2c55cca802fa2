/*
 * ext2's on-disk bitmaps (a group's block and inode bitmaps): bit n is
 * bit n % 8 of byte n / 8, little-endian as the disk has it. Plain
 * (non-atomic) helpers: every change happens under the group's
 * s_group_lock (balloc.c, ialloc.c).
 *
 * Layer above: balloc.c, ialloc.c, orphan.c. Locks: none of its own.
 */
#ifndef FS_EXT2_BITMAP_H
#define FS_EXT2_BITMAP_H

#include "kernel/types.h"

static inline bool ext2_test_bit(const void *map, unsigned long n)
{
	return (((const u8 *)map)[n >> 3] >> (n & 7)) & 1;
}

static inline void ext2_set_bit(void *map, unsigned long n)
{
	((u8 *)map)[n >> 3] |= (u8)(1u << (n & 7));
}

static inline void ext2_clear_bit(void *map, unsigned long n)
{
	((u8 *)map)[n >> 3] &= (u8)~(1u << (n & 7));
}

/* The first clear bit in [start, size), or size if none. */
static inline unsigned long ext2_find_next_zero_bit(const void *map, unsigned long size,
						    unsigned long start)
{
	const u8 *p = map;

	for (unsigned long n = start; n < size; n++) {
		if ((n & 7) == 0 && n + 8 <= size && p[n >> 3] == 0xff) {
			n += 7;
			continue;
		}
		if (!ext2_test_bit(map, n))
			return n;
	}
	return size;
}

/* Every bit in [start, start + len) is set (whole bytes compared at once). */
static inline bool ext2_range_all_set(const void *map, unsigned long start, unsigned long len)
{
	const u8 *p = map;
	unsigned long n = start, end = start + len;

	for (; n < end && (n & 7); n++)
		if (!ext2_test_bit(map, n))
			return false;
	for (; n + 8 <= end; n += 8)
		if (p[n >> 3] != 0xff)
			return false;
	for (; n < end; n++)
		if (!ext2_test_bit(map, n))
			return false;
	return true;
}

/* Clear bits in [0, size). */
static inline unsigned long ext2_count_zero_bits(const void *map, unsigned long size)
{
	const u8 *p = map;
	unsigned long zeros = 0, n = 0;

	for (; n + 8 <= size; n += 8) {
		unsigned v = (u8)~p[n >> 3];

		while (v) {
			v &= v - 1;
			zeros++;
		}
	}
	for (; n < size; n++)
		zeros += !ext2_test_bit(map, n);
	return zeros;
}

#endif
