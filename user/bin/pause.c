/*
 * Waits in pause() until a signal ends it: the tty ktests type ^C, ^\ and
 * ^Z at a tty whose foreground group is this process, and check how it
 * ended (killed by SIGINT, SIGQUIT; stopped by SIGTSTP).
 */
#include <unistd.h>

int main(void)
{
	for (;;)
		pause();
}
