/* An unknown syscall number (1000: far beyond any Linux syscall) fails
 * with ENOSYS (every time), and the process goes on. Exits 0 when it did. */
#include <errno.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	for (int i = 0; i < 2; i++) {
		errno = 0;
		if (syscall(1000) != -1 || errno != ENOSYS) {
			printf("UTEST FAIL enosys: errno %d\n", errno);
			return 1;
		}
	}
	printf("UTEST PASS enosys\n");
	return 0;
}
