/*
 * forkexit: fork a child that exits at once, give it time to become a
 * zombie, then exit without waiting for it. Whoever reaps orphans must
 * take the zombie: init, or with no init (the kernel's tests start this
 * with run_user_program) the kernel itself, when this process exits.
 */
#include <unistd.h>

int main(void)
{
	if (fork() == 0)
		_exit(0);
	usleep(100000);
	return 0;
}
