/* The first user program: prints a line with printf and exits 0. */
#include <stdio.h>

int main(void)
{
	printf("hello from user space\n");
	return 0;
}
