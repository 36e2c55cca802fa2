/*
 * brk(2) grows the heap with zeroed, writable pages and shrinks it again;
 * a request below the start of the heap leaves the break where it was.
 * Exits 0 when every check passed.
 */
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#define GROW (3 * 4096 + 100)

static int fail(const char *why)
{
	printf("UTEST FAIL brk: %s\n", why);
	return 1;
}

int main(void)
{
	char *start = (char *)syscall(SYS_brk, 0);
	char *end = (char *)syscall(SYS_brk, start + GROW);

	if (end != start + GROW)
		return fail("the heap did not grow");
	for (int i = 0; i < GROW; i++)
		if (start[i])
			return fail("new heap memory is not zeroed");
	memset(start, 0x5a, GROW);
	if ((char *)syscall(SYS_brk, start) != start)
		return fail("the heap did not shrink");
	if ((char *)syscall(SYS_brk, start - 4096) != start)
		return fail("a break below the heap's start was accepted");
	printf("UTEST PASS brk\n");
	return 0;
}
