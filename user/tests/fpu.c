/*
 * SSE registers survive context switches: adds argv[1] / 2 fifteen million
 * times in xmm registers while other copies of this program, started with
 * other numbers, run on the same CPUs. Exits 0 when the sum is exact.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	double x = argc > 1 ? atoi(argv[1]) : 1, step = x * 0.5, acc = 0;
	const int n = 15000000;

	for (int i = 0; i < n; i++)
		acc += step;
	if (acc != x * 0.5 * n) {
		printf("UTEST FAIL fpu %d: sum %f, expected %f\n", (int)x, acc, x * 0.5 * n);
		return 1;
	}
	printf("UTEST PASS fpu %d\n", (int)x);
	return 0;
}
