/*
 * df [DIR...] — space used and free, from statfs(2), for each mount in
 * /proc/mounts (or for the filesystems holding each DIR), in 1K blocks.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>

static int show(const char *device, const char *dir)
{
	struct statfs st;
	unsigned long long total, avail, used, k;

	if (statfs(dir, &st) < 0) {
		fprintf(stderr, "df: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	k = st.f_bsize / 1024 ? st.f_bsize / 1024 : 1;
	total = st.f_blocks * k;
	avail = st.f_bavail * k;
	used = (st.f_blocks - st.f_bfree) * k;
	printf("%-12s %10llu %10llu %10llu %3llu%% %s\n", device, total, used, avail,
	       total ? (used * 100 + total - 1) / total : 0, dir);
	return 0;
}

int main(int argc, char **argv)
{
	char device[256], dir[256];
	int status = 0;
	FILE *mounts;

	printf("%-12s %10s %10s %10s %4s %s\n", "Filesystem", "1K-blocks", "Used",
	       "Available", "Use%", "Mounted on");
	if (argc > 1) {
		for (int i = 1; i < argc; i++)
			status |= show("-", argv[i]);
		return status;
	}
	mounts = fopen("/proc/mounts", "r");
	if (!mounts) {
		fprintf(stderr, "df: /proc/mounts: %s\n", strerror(errno));
		return 1;
	}
	while (fscanf(mounts, "%255s %255s %*[^\n]", device, dir) == 2)
		status |= show(device, dir);
	fclose(mounts);
	return status;
}
