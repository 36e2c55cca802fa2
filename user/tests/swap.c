/*
 * swapon(2)/swapoff(2) and what shows them (/proc/swaps, /proc/meminfo),
 * on the test swap disk /dev/vdc (tools/mkdisks: 256 MiB, blank): no
 * signature is -EINVAL, a mkswap'ed one is used, twice is -EBUSY,
 * swapoff gives it back and a second swapoff is -EINVAL; a swap file on
 * tmpfs is -EINVAL (no ->swap_activate: tmpfs maps no blocks), a missing
 * path -ENOENT. Needs root and /dev/vdc (as in Linux with such a disk).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/swap.h>
#include "utest.h"
#include "swap_header.h"

#define DISK	"/dev/vdc"

/* The line of /proc/meminfo starting with key, in kB; -1 if none. */
static long meminfo(const char *key)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, strlen(key)))
			v = strtol(line + strlen(key), NULL, 10);
	fclose(f);
	return v;
}

/* Does /proc/swaps list name? */
static int swaps_lists(const char *name)
{
	FILE *f = fopen("/proc/swaps", "r");
	char line[256];
	int found = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, name, strlen(name)))
			found = 1;
	fclose(f);
	return found;
}

int main(void)
{
	static char zero[SWAP_PAGE];
	int fd, r, e;
	long total;

	r = swapon("/nonexistent-swap", 0);
	CHECK("swapon-enoent", r == -1 && errno == ENOENT, "swapon returned %d, errno %d", r, errno);

	fd = open("/tmp/swapfile", O_RDWR | O_CREAT | O_TRUNC, 0600);
	CHECK("tmpfs-file-created", fd >= 0, "open: %s", strerror(errno));
	if (fd >= 0) {
		r = ftruncate(fd, 1 << 20);
		CHECK("tmpfs-file-mkswap", r == 0 && write_swap_header(fd, 1 << 20) == 0,
		      "%s", strerror(errno));
		close(fd);
		r = swapon("/tmp/swapfile", 0);
		e = errno;
		CHECK("swapon-tmpfs-einval", r == -1 && e == EINVAL, "swapon returned %d, errno %d", r, e);
		if (r == 0)
			swapoff("/tmp/swapfile");
		unlink("/tmp/swapfile");
	}

	fd = open(DISK, O_RDWR);
	CHECK("swap-disk-present", fd >= 0, "open %s: %s", DISK, strerror(errno));
	if (fd < 0)
		return utest_exit();
	CHECK("wipe-signature", pwrite(fd, zero, sizeof(zero), 0) == sizeof(zero) && !fsync(fd),
	      "%s", strerror(errno));
	r = swapon(DISK, 0);
	e = errno;
	CHECK("swapon-no-signature-einval", r == -1 && e == EINVAL, "swapon returned %d, errno %d", r, e);
	if (r == 0)
		swapoff(DISK);

	CHECK("mkswap", write_swap_header(fd, lseek(fd, 0, SEEK_END)) == 0, "%s", strerror(errno));
	close(fd);
	r = swapon(DISK, 0);
	CHECK("swapon", r == 0, "swapon %s: %s", DISK, strerror(errno));
	if (r)
		return utest_exit();
	total = meminfo("SwapTotal:");
	CHECK("meminfo-swaptotal", total >= 250 * 1024 && total <= 256 * 1024,
	      "SwapTotal %ld kB", total);
	CHECK("meminfo-swapfree", meminfo("SwapFree:") > 0 && meminfo("SwapFree:") <= total,
	      "SwapFree %ld kB", meminfo("SwapFree:"));
	CHECK("proc-swaps-lists-it", swaps_lists(DISK) == 1, "not in /proc/swaps");
	r = swapon(DISK, 0);
	e = errno;
	CHECK("swapon-twice-ebusy", r == -1 && e == EBUSY, "swapon returned %d, errno %d", r, e);

	r = swapoff(DISK);
	CHECK("swapoff", r == 0, "swapoff: %s", strerror(errno));
	CHECK("proc-swaps-empty", swaps_lists(DISK) == 0, "still in /proc/swaps");
	CHECK("meminfo-swaptotal-zero", meminfo("SwapTotal:") == 0, "SwapTotal %ld kB",
	      meminfo("SwapTotal:"));
	r = swapoff(DISK);
	e = errno;
	CHECK("swapoff-twice-einval", r == -1 && e == EINVAL, "swapoff returned %d, errno %d", r, e);
	return utest_exit();
}
