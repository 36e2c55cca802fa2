/*
 * Every pointer argument of the file syscalls, when bad, gives EFAULT and
 * never hurts the kernel: NULL where NULL has no meaning, an unmapped
 * address, a kernel address and a non-canonical one, for each pointer of
 * each call (the other arguments valid). Raw syscall() throughout, so that
 * libc checks nothing first.
 */
#include "fs_util.h"
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define F_OFD_GETLK_ 36

static void *const bad_all[] = {
	NULL, (void *)0x10000000, (void *)0xffffffff80000000UL, (void *)0x8000000000000000UL,
};
static void *const bad_nonnull[] = {
	(void *)0x10000000, (void *)0xffffffff80000000UL, (void *)0x8000000000000000UL,
};

static int nchecked;

/* Evaluate call with B set to each bad pointer; each must be EFAULT. */
#define EFAULT_FOR(set, call) do {					\
	for (unsigned __i = 0; __i < sizeof(set) / sizeof(set[0]); __i++) { \
		void *B = set[__i];					\
		errno = 0;						\
		long __r = (long)(call);				\
		nchecked++;						\
		CHECK(__r == -1 && errno == EFAULT, "%s with B=%p gave %ld", #call, B, __r); \
	}								\
} while (0)
#define EF(call)	EFAULT_FOR(bad_all, call)
#define EFN(call)	EFAULT_FOR(bad_nonnull, call)

int main(void)
{
	const char *dir = test_begin("fs_efault");
	struct stat st;
	char buf[256];
	int fd, dfd;

	CHECK(chdir(dir) == 0, "chdir");
	fd = open("f", O_CREAT | O_RDWR, 0644);
	CHECK(fd >= 0 && put(fd, "data") == 4, "create f");
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(symlink("f", "l"));
	dfd = open(".", O_RDONLY | O_DIRECTORY);
	int have_xattr = syscall(SYS_setxattr, "f", "user.a", "v", 1, 0) == 0;
	struct iovec badiov[1] = { { (void *)0xffffffff80000000UL, 4 } };

	/* I/O */
	EF((lseek(fd, 0, SEEK_SET), syscall(SYS_read, fd, B, 4)));
	EF(syscall(SYS_write, fd, B, 4));
	EF(syscall(SYS_pread64, fd, B, 4, 0));
	EF(syscall(SYS_pwrite64, fd, B, 4, 0));
	EF(syscall(SYS_readv, fd, B, 1));
	EF(syscall(SYS_writev, fd, B, 1));
	EF(syscall(SYS_preadv, fd, B, 1, 0, 0));
	EF(syscall(SYS_pwritev, fd, B, 1, 0, 0));
	EFAULT_FOR(bad_nonnull, syscall(SYS_readv, fd, badiov, 1) + 0 * (long)B);
	EFAULT_FOR(bad_nonnull, syscall(SYS_writev, fd, badiov, 1) + 0 * (long)B);
	EF(syscall(SYS_getdents64, dfd, B, 4096));
	EFN(syscall(SYS_sendfile, fd, fd, B, 1));

	/* open, stat */
	EF(syscall(SYS_open, B, O_RDONLY));
	EF(syscall(SYS_openat, AT_FDCWD, B, O_RDONLY));
	EF(syscall(SYS_creat, B, 0644));
	EF(syscall(SYS_stat, B, &st));
	EF(syscall(SYS_stat, "f", B));
	EF(syscall(SYS_lstat, B, &st));
	EF(syscall(SYS_lstat, "l", B));
	EF(syscall(SYS_fstat, fd, B));
	EF(syscall(SYS_newfstatat, AT_FDCWD, B, &st, 0));
	EF(syscall(SYS_newfstatat, AT_FDCWD, "f", B, 0));
	EF(syscall(SYS_statx, AT_FDCWD, B, 0, 0x7ff, buf));
	EF(syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ff, B));
	EF(syscall(SYS_access, B, F_OK));
	EF(syscall(SYS_faccessat, AT_FDCWD, B, F_OK));
	EF(syscall(SYS_faccessat2, AT_FDCWD, B, F_OK, 0));
	EF(syscall(SYS_readlink, B, buf, sizeof(buf)));
	EF(syscall(SYS_readlink, "l", B, 10));
	EF(syscall(SYS_readlinkat, dfd, B, buf, sizeof(buf)));
	EF(syscall(SYS_statfs, B, buf));
	EF(syscall(SYS_statfs, ".", B));
	EF(syscall(SYS_fstatfs, fd, B));

	/* names */
	EF(syscall(SYS_mkdir, B, 0755));
	EF(syscall(SYS_mkdirat, dfd, B, 0755));
	EF(syscall(SYS_mknod, B, S_IFIFO | 0600, 0));
	EF(syscall(SYS_mknodat, dfd, B, S_IFIFO | 0600, 0));
	EF(syscall(SYS_rmdir, B));
	EF(syscall(SYS_unlink, B));
	EF(syscall(SYS_unlinkat, dfd, B, 0));
	EF(syscall(SYS_rename, B, "x"));
	EF(syscall(SYS_rename, "f", B));
	EF(syscall(SYS_renameat, dfd, B, dfd, "x"));
	EF(syscall(SYS_renameat2, dfd, "f", dfd, B, 0));
	EF(syscall(SYS_link, B, "x"));
	EF(syscall(SYS_link, "f", B));
	EF(syscall(SYS_linkat, dfd, B, dfd, "x", 0));
	EF(syscall(SYS_symlink, B, "x"));
	EF(syscall(SYS_symlink, "f", B));
	EF(syscall(SYS_symlinkat, "f", dfd, B));

	/* cwd, attributes */
	EF(syscall(SYS_chdir, B));
	EF(syscall(SYS_chroot, B));
	EF(syscall(SYS_getcwd, B, sizeof(buf)));
	EF(syscall(SYS_chmod, B, 0644));
	EF(syscall(SYS_fchmodat, dfd, B, 0644));
	EF(syscall(SYS_chown, B, 0, 0));
	EF(syscall(SYS_lchown, B, 0, 0));
	EF(syscall(SYS_fchownat, dfd, B, 0, 0, 0));
	EF(syscall(SYS_truncate, B, 0));
	EFN(syscall(SYS_utimensat, dfd, "f", B, 0));
	EFN(syscall(SYS_utimensat, dfd, B, NULL, 0));

	/* descriptors */
	EF(syscall(SYS_fcntl, fd, F_GETLK, B));
	EF(syscall(SYS_fcntl, fd, F_SETLK, B));
	EF(syscall(SYS_fcntl, fd, F_SETLKW, B));
	EF(syscall(SYS_fcntl, fd, F_OFD_GETLK_, B));
	EF(syscall(SYS_ioctl, fd, FIONBIO, B));
	EF(syscall(SYS_ioctl, fd, FIOASYNC, B));
	EF(syscall(SYS_ioctl, fd, FIONREAD, B));

	/* mounts */
	EFN(syscall(SYS_mount, B, "d", "tmpfs", 0, NULL));
	EF(syscall(SYS_mount, "x", B, "tmpfs", 0, NULL));
	EFN(syscall(SYS_mount, "x", "d", B, 0, NULL));
	EFN(syscall(SYS_mount, "x", "d", "tmpfs", 0, B));
	EF(syscall(SYS_umount2, B, 0));

	/* xattrs */
	if (have_xattr) {
		EF(syscall(SYS_getxattr, B, "user.a", buf, sizeof(buf)));
		EF(syscall(SYS_getxattr, "f", B, buf, sizeof(buf)));
		EF(syscall(SYS_getxattr, "f", "user.a", B, sizeof(buf)));
		EF(syscall(SYS_lgetxattr, B, "user.a", buf, sizeof(buf)));
		EF(syscall(SYS_fgetxattr, fd, B, buf, sizeof(buf)));
		EF(syscall(SYS_fgetxattr, fd, "user.a", B, sizeof(buf)));
		EF(syscall(SYS_setxattr, B, "user.b", "v", 1, 0));
		EF(syscall(SYS_setxattr, "f", B, "v", 1, 0));
		EF(syscall(SYS_setxattr, "f", "user.b", B, 1, 0));
		EF(syscall(SYS_lsetxattr, B, "user.b", "v", 1, 0));
		EF(syscall(SYS_fsetxattr, fd, B, "v", 1, 0));
		EF(syscall(SYS_fsetxattr, fd, "user.b", B, 1, 0));
		EF(syscall(SYS_listxattr, B, buf, sizeof(buf)));
		EF(syscall(SYS_listxattr, "f", B, sizeof(buf)));
		EF(syscall(SYS_llistxattr, B, buf, sizeof(buf)));
		EF(syscall(SYS_flistxattr, fd, B, sizeof(buf)));
		EF(syscall(SYS_removexattr, B, "user.a"));
		EF(syscall(SYS_removexattr, "f", B));
		EF(syscall(SYS_lremovexattr, B, "user.a"));
		EF(syscall(SYS_fremovexattr, fd, B));
	}

	/* Nothing above changed anything. */
	CHECK(fstat(fd, &st) == 0 && st.st_size == 4, "f is intact");
	CHECK(access("x", F_OK) == -1 && errno == ENOENT, "nothing was created");
	close(fd);
	close(dfd);
	CHECK(chdir("/") == 0, "chdir /");
	if (!failures)
		printf("fs_efault: %d bad pointers refused\n", nchecked);
	return test_end();
}
