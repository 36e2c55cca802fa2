/*
 * mount — without arguments, print /proc/mounts (device, mount point,
 * type, options). Otherwise:
 *   mount -t TYPE [-o OPTIONS] SOURCE DIR   mount a filesystem
 *   mount --bind OLD NEW                    make OLD's tree visible at NEW
 *   mount -o remount,ro DIR                 change the flags of a mount
 * Options ro, rw, remount, bind, nosuid, nodev, noexec become mount(2)
 * flags; the others go to the filesystem as its data string.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

static const struct { const char *name; unsigned long flag; } flag_names[] = {
	{ "ro", MS_RDONLY }, { "rw", 0 }, { "remount", MS_REMOUNT }, { "bind", MS_BIND },
	{ "nosuid", MS_NOSUID }, { "nodev", MS_NODEV }, { "noexec", MS_NOEXEC },
};

/* Split "ro,size=1m" into flags (MS_RDONLY) and data ("size=1m"). */
static unsigned long parse_options(char *opts, char *data, size_t size)
{
	unsigned long flags = 0;

	data[0] = 0;
	for (char *o = strtok(opts, ","); o; o = strtok(NULL, ",")) {
		size_t i = 0;

		while (i < sizeof(flag_names) / sizeof(flag_names[0]) && strcmp(o, flag_names[i].name))
			i++;
		if (i < sizeof(flag_names) / sizeof(flag_names[0])) {
			flags |= flag_names[i].flag;
		} else {
			if (data[0])
				strncat(data, ",", size - strlen(data) - 1);
			strncat(data, o, size - strlen(data) - 1);
		}
	}
	return flags;
}

static int print_mounts(void)
{
	char buf[4096];
	int fd = open("/proc/mounts", O_RDONLY);
	ssize_t n;

	if (fd < 0) {
		fprintf(stderr, "mount: /proc/mounts: %s\n", strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		write(1, buf, n);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	const char *type = NULL, *args[2];
	char opts[256] = "", data[256];
	unsigned long flags;
	int nargs = 0;

	if (argc == 1)
		return print_mounts();
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-t") && i + 1 < argc)
			type = argv[++i];
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			snprintf(opts, sizeof(opts), "%s", argv[++i]);
		else if (!strcmp(argv[i], "--bind"))
			snprintf(opts, sizeof(opts), "bind");
		else if (nargs < 2 && argv[i][0] != '-')
			args[nargs++] = argv[i];
		else
			nargs = 3;
	}
	flags = parse_options(opts, data, sizeof(data));
	if (nargs == 1 && (flags & MS_REMOUNT)) {
		args[1] = args[0];
		args[0] = "none";
		nargs = 2;
	}
	if (nargs != 2 || (!type && !(flags & (MS_BIND | MS_REMOUNT)))) {
		fprintf(stderr, "usage: mount [-t TYPE] [-o OPTIONS] SOURCE DIR | mount --bind OLD NEW"
			" | mount -o remount,... DIR\n");
		return 2;
	}
	if (mount(args[0], args[1], type, flags, data[0] ? data : NULL) < 0) {
		fprintf(stderr, "mount: %s on %s: %s\n", args[0], args[1], strerror(errno));
		return 1;
	}
	return 0;
}
