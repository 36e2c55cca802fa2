/*
 * The file syscalls as user programs see them: each ktest here runs one
 * program of user/tests/fs_*.c (/bin/utest-fs_*, from the initramfs) as a
 * process and expects exit status 0 (its "UTEST PASS" line is in the
 * console log).
 * The same programs pass on Linux. Without the initramfs there are no
 * programs and these tests check nothing.
 */
#include "kernel/ktest/ktest.h"
#include "kernel/user/process.h"
#include "fs/initramfs.h"

static void run_fs_test(struct ktest_ctx *__kt, const char *path, const char *name)
{
	char *const argv[] = { (char *)name, NULL };
	int status;

	if (!initramfs_module())
		return;
	status = run_user_program(path, argv);
	KT_ASSERT(status == W_EXITCODE(0, 0), "%s: wait status %#x", path, status);
}

#define USER_FS_TEST(prog)						\
	KTEST(user_fs_##prog)						\
	{								\
		run_fs_test(KT_CTX, "/bin/utest-fs_" #prog, "fs_" #prog);	\
	}

USER_FS_TEST(rw)
USER_FS_TEST(getdents)
USER_FS_TEST(cwd)
USER_FS_TEST(dup)
USER_FS_TEST(append)
USER_FS_TEST(cloexec)
USER_FS_TEST(names)
USER_FS_TEST(locks)
USER_FS_TEST(eacces)
USER_FS_TEST(mount)
USER_FS_TEST(xattr)
USER_FS_TEST(attr)
USER_FS_TEST(efault)
