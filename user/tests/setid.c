/* Credential syscalls follow Linux's rules: root sets anything; an
 * unprivileged process only moves among its real, effective and saved
 * ids; the filesystem id follows the effective one; setgroups needs root.
 * Run as root. Exits 0 and prints UTEST PASS setid when every rule held. */
#define _GNU_SOURCE
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <sys/fsuid.h>
#include <sys/syscall.h>
#include <unistd.h>

static int fails;

#define CHECK(cond) do { if (!(cond)) { \
	printf("UTEST FAIL setid: line %d: %s (errno %d)\n", __LINE__, #cond, errno); \
	fails++; } } while (0)

static int res_uid_is(uid_t r, uid_t e, uid_t s)
{
	uid_t a, b, c;

	return getresuid(&a, &b, &c) == 0 && a == r && b == e && c == s;
}

static int res_gid_is(gid_t r, gid_t e, gid_t s)
{
	gid_t a, b, c;

	return getresgid(&a, &b, &c) == 0 && a == r && b == e && c == s;
}

int main(void)
{
	gid_t groups[8] = { 7, 3, 5 };

	CHECK(getuid() == 0 && geteuid() == 0);
	/* Groups while root: set, count, read back. */
	CHECK(setgroups(3, groups) == 0);
	CHECK(getgroups(0, NULL) == 3);
	CHECK(getgroups(1, groups) == -1 && errno == EINVAL);
	CHECK(getgroups(8, groups) == 3);
	CHECK(groups[0] + groups[1] + groups[2] == 15);
	CHECK(setgroups(-1, groups) == -1 && errno == EINVAL);

	/* gids: root sets all three; then the unprivileged rules below. */
	CHECK(setresgid(100, 100, 0) == 0);
	CHECK(res_gid_is(100, 100, 0));
	CHECK(getgid() == 100 && getegid() == 100);
	CHECK(setregid(-1, 0) == 0 && getegid() == 0);	/* root still */

	/* uids: root drops its effective uid but keeps 0 saved. */
	CHECK(setresuid(1000, 1000, 0) == 0);
	CHECK(res_uid_is(1000, 1000, 0));
	CHECK(setfsuid(-1) == 1000);			/* fsuid followed euid */
	CHECK(setuid(2000) == -1 && errno == EPERM);	/* not one of 1000/1000/0 */
	CHECK(setresuid(-1, 2000, -1) == -1 && errno == EPERM);
	CHECK(setgroups(0, NULL) == -1 && errno == EPERM);
	CHECK(setresgid(-1, 55, -1) == -1 && errno == EPERM);	/* gid 55: not ours */
	CHECK(setresgid(-1, 100, -1) == 0 && getegid() == 100);	/* ours: fine */
	/* The saved 0 lets the effective uid go back to 0 and return. */
	CHECK(setresuid(-1, 0, -1) == 0 && geteuid() == 0);
	CHECK(setfsuid(-1) == 0);
	CHECK(setresuid(-1, 1000, -1) == 0 && res_uid_is(1000, 1000, 0));
	/* setreuid: setting euid != ruid makes it the saved uid too. */
	CHECK(setreuid(-1, 0) == 0 && res_uid_is(1000, 0, 0));
	/* euid back to the real uid: the saved uid stays; naming the real
	 * uid makes the saved one follow the new euid. */
	CHECK(setreuid(-1, 1000) == 0 && res_uid_is(1000, 1000, 0));
	CHECK(setreuid(1000, 1000) == 0 && res_uid_is(1000, 1000, 1000));
	/* Now nothing leads back to 0. */
	CHECK(setresuid(-1, 0, -1) == -1 && errno == EPERM);
	CHECK(setuid(0) == -1 && errno == EPERM);
	CHECK(setreuid(0, -1) == -1 && errno == EPERM);
	CHECK(setuid(1000) == 0 && res_uid_is(1000, 1000, 1000));
	/* setfsuid refuses quietly: returns the old value, changes nothing. */
	CHECK(setfsuid(0) == 1000 && setfsuid(-1) == 1000);
	CHECK(setfsgid(55) == 100 && setfsgid(-1) == 100);
	/* A bad pointer for getresuid is EFAULT. */
	CHECK(syscall(118, (void *)8, (void *)8, (void *)8) == -1 && errno == EFAULT);

	if (fails)
		return 1;
	printf("UTEST PASS setid\n");
	return 0;
}
