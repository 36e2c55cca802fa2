/*
 * Linux's swap area header (mkswap): page 0 of the area, "SWAPSPACE2" in
 * its last 10 bytes, version 1 and the number of the last page at 1024.
 * Shared by /bin/mkswap and the swap test.
 */
#ifndef SWAP_HEADER_H
#define SWAP_HEADER_H

#include <stdint.h>
#include <string.h>
#include <unistd.h>

#define SWAP_PAGE	4096

/* Write the header for an area of `bytes` to fd. 0 or -1 (errno). */
static inline int write_swap_header(int fd, unsigned long long bytes)
{
	static unsigned char page[SWAP_PAGE];
	uint32_t version = 1, last_page = (uint32_t)(bytes / SWAP_PAGE - 1), nr_bad = 0;

	if (bytes < 2 * SWAP_PAGE) {
		errno = EINVAL;
		return -1;
	}
	memset(page, 0, sizeof(page));
	memcpy(page + 1024, &version, 4);
	memcpy(page + 1028, &last_page, 4);
	memcpy(page + 1032, &nr_bad, 4);
	memcpy(page + SWAP_PAGE - 10, "SWAPSPACE2", 10);
	if (pwrite(fd, page, SWAP_PAGE, 0) != SWAP_PAGE)
		return -1;
	return fsync(fd);
}

#endif
