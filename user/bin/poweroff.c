/*
 * poweroff — write the filesystems out (sync), then switch the machine off
 * with reboot(2). Under QEMU this ends the session. Only root may.
 */
#include <stdio.h>
#include <sys/reboot.h>
#include <unistd.h>

int main(void)
{
	sync();
	reboot(RB_POWER_OFF);
	perror("poweroff: reboot");
	return 1;
}
