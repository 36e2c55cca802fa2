/*
 * dmesg — print the kernel's log: what syslog(2) (klogctl) returns, or
 * else the contents of /dev/kmsg or /proc/kmsg, the places Linux offers
 * it. A kernel with none of them keeps its log on the console only; dmesg
 * then says so and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/klog.h>
#include <unistd.h>

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_SIZE_BUFFER 10

static int from_syslog(void)
{
	int size = klogctl(SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf;
	int n;

	if (size <= 0)
		size = 1 << 16;
	buf = malloc(size);
	if (!buf)
		return -1;
	n = klogctl(SYSLOG_ACTION_READ_ALL, buf, size);
	if (n >= 0)
		write(1, buf, n);
	free(buf);
	return n < 0 ? -1 : 0;
}

/* /dev/kmsg gives one record per read and would wait for more at the end:
 * non-blocking, it stops there. */
static int from_file(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY | O_NONBLOCK);
	ssize_t n;

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, n);
	close(fd);
	return 0;
}

int main(void)
{
	if (from_syslog() == 0 || from_file("/dev/kmsg") == 0 || from_file("/proc/kmsg") == 0)
		return 0;
	fprintf(stderr, "dmesg: this kernel keeps its log on the console only "
		"(no syslog(2), /dev/kmsg or /proc/kmsg)\n");
	return 1;
}
