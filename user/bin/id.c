/*
 * id — the real and effective user and group ids of this process, and its
 * supplementary groups, with their names from /etc/passwd and /etc/group.
 */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>

static void user(const char *label, uid_t uid)
{
	struct passwd *pw = getpwuid(uid);

	printf("%s=%u", label, uid);
	if (pw)
		printf("(%s)", pw->pw_name);
}

static void group(const char *label, gid_t gid)
{
	struct group *gr = getgrgid(gid);

	printf("%s=%u", label, gid);
	if (gr)
		printf("(%s)", gr->gr_name);
}

int main(void)
{
	gid_t groups[64];
	int n = getgroups(64, groups);

	user("uid", getuid());
	printf(" ");
	group("gid", getgid());
	if (geteuid() != getuid()) {
		printf(" ");
		user("euid", geteuid());
	}
	if (getegid() != getgid()) {
		printf(" ");
		group("egid", getegid());
	}
	for (int i = 0; i < n; i++) {
		struct group *gr = getgrgid(groups[i]);

		printf("%s%u", i ? "," : " groups=", groups[i]);
		if (gr)
			printf("(%s)", gr->gr_name);
	}
	printf("\n");
	return 0;
}
