/*
 * umount [-f] [-l] DIR... — detach the filesystems mounted at each DIR.
 * -f forces it (MNT_FORCE), -l detaches now and cleans up when the last
 * user is gone (MNT_DETACH).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

int main(int argc, char **argv)
{
	int flags = 0, status = 0, i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-f")) {
			flags |= MNT_FORCE;
		} else if (!strcmp(argv[i], "-l")) {
			flags |= MNT_DETACH;
		} else {
			fprintf(stderr, "usage: umount [-f] [-l] DIR...\n");
			return 2;
		}
	}
	if (i == argc) {
		fprintf(stderr, "usage: umount [-f] [-l] DIR...\n");
		return 2;
	}
	for (; i < argc; i++) {
		if (umount2(argv[i], flags) < 0) {
			fprintf(stderr, "umount: %s: %s\n", argv[i], strerror(errno));
			status = 1;
		}
	}
	return status;
}
