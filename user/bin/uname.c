/*
 * uname [-a] [-s] [-n] [-r] [-v] [-m] — the system's name, host name,
 * release, version and machine, from uname(2). Default: -s.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

int main(int argc, char **argv)
{
	struct utsname u;
	const char *fields[5];
	int want[5] = { 0 }, any = 0, first = 1;

	if (uname(&u) < 0) {
		perror("uname");
		return 1;
	}
	fields[0] = u.sysname;
	fields[1] = u.nodename;
	fields[2] = u.release;
	fields[3] = u.version;
	fields[4] = u.machine;
	for (int i = 1; i < argc; i++) {
		for (char *o = argv[i] + (argv[i][0] == '-'); *o; o++) {
			const char *letters = "snrvm", *at = strchr(letters, *o);

			if (*o == 'a') {
				for (int f = 0; f < 5; f++)
					want[f] = 1;
			} else if (at) {
				want[at - letters] = 1;
			} else {
				fprintf(stderr, "usage: uname [-asnrvm]\n");
				return 2;
			}
			any = 1;
		}
	}
	if (!any)
		want[0] = 1;
	for (int f = 0; f < 5; f++) {
		if (want[f]) {
			printf("%s%s", first ? "" : " ", fields[f]);
			first = 0;
		}
	}
	printf("\n");
	return 0;
}
