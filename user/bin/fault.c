/* Dereferences NULL: the kernel must kill this process, not panic. */
#include <stdio.h>

int main(void)
{
	volatile int *p = 0;

	printf("fault: about to dereference NULL\n");
	fflush(stdout);
	return *p;
}
