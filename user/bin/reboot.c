/*
 * reboot — write the filesystems out (sync), then restart the machine
 * with reboot(2). Only root may.
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	sync();
	reboot(RB_AUTOBOOT);
	perror("reboot: reboot");
	return 1;
}
