/*
 * mkswap DEVICE|FILE — make a swap area (Linux's format, version 1) on a
 * block device or a file: the header page, the rest left as it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../tests/swap_header.h"

int main(int argc, char **argv)
{
	unsigned long long bytes;
	off_t end;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: mkswap DEVICE|FILE\n");
		return 2;
	}
	fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "mkswap: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	end = lseek(fd, 0, SEEK_END);
	if (end < 0) {
		fprintf(stderr, "mkswap: %s: cannot find its size: %s\n", argv[1], strerror(errno));
		return 1;
	}
	bytes = (unsigned long long)end & ~(unsigned long long)(SWAP_PAGE - 1);
	if (write_swap_header(fd, bytes)) {
		fprintf(stderr, "mkswap: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	close(fd);
	printf("Setting up swapspace version 1, size = %llu KiB\n", bytes / 1024 - 4);
	return 0;
}
