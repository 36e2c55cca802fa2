/*
 * The data pattern the block-device tests write and check, the same on
 * the host (tools/check reads images with the same formula): byte j of
 * sector s, for a test seed, is
 *     j < 8 ?  byte j of the 64-bit little-endian value s * 0x9e3779b1 + seed
 *           :  (s * 7 + j + seed) & 0xff
 * so a sector read from the wrong place, or twice, or half-written, shows.
 */
#ifndef BLK_PATTERN_H
#define BLK_PATTERN_H

#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

/* The block-device ioctls (Linux's linux/fs.h numbers; musl ships no
 * kernel headers). */
#ifndef BLKGETSIZE64
#define BLKRRPART	_IO(0x12, 95)
#define BLKFLSBUF	_IO(0x12, 97)
#define BLKGETSIZE64	_IOR(0x12, 114, uint64_t)
#endif

static inline void blk_pattern_fill(unsigned char *buf, uint64_t first_sector,
				    size_t nsectors, unsigned seed)
{
	for (size_t i = 0; i < nsectors; i++) {
		uint64_t s = first_sector + i, tag = s * 0x9e3779b1ull + seed;
		unsigned char *p = buf + i * 512;

		for (unsigned j = 0; j < 8; j++)
			p[j] = (unsigned char)(tag >> (8 * j));
		for (unsigned j = 8; j < 512; j++)
			p[j] = (unsigned char)(s * 7 + j + seed);
	}
}

/* The first sector in buf that differs from the pattern, or -1. */
static inline long blk_pattern_check(const unsigned char *buf, uint64_t first_sector,
				     size_t nsectors, unsigned seed)
{
	unsigned char want[512];

	for (size_t i = 0; i < nsectors; i++) {
		blk_pattern_fill(want, first_sector + i, 1, seed);
		if (memcmp(want, buf + i * 512, 512))
			return (long)(first_sector + i);
	}
	return -1;
}

#endif
