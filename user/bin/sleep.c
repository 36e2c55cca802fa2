/*
 * sleep SECONDS — wait that long (a decimal number: sleep 0.5). A signal
 * ends it early; nanosleep(2) says how much was left, and sleep waits on
 * if the signal was handled and it is not over.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	struct timespec left;
	char *end;
	double s;

	if (argc != 2 || (s = strtod(argv[1], &end)) < 0 || end == argv[1] || *end) {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 2;
	}
	left.tv_sec = (time_t)s;
	left.tv_nsec = (long)((s - (double)left.tv_sec) * 1e9);
	while (nanosleep(&left, &left) < 0) {
		if (errno != EINTR) {
			perror("sleep");
			return 1;
		}
	}
	return 0;
}
