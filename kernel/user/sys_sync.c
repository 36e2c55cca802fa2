/*
 * File data to stable storage, and space reservation: fsync, fdatasync,
 * sync, syncfs, fallocate. The VFS back ends (vfs_fsync, sync_filesystem,
 * ksys_sync, vfs_fallocate) do the work; this file finds the file.
 *
 * Process context, no lock held.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "fs/vfs/file.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/super.h"
#include "kernel/errno.h"

static long do_fsync(int fd, int datasync)
{
	struct file *f = fdget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = vfs_fsync(f, datasync);
	fput(f);
	return err;
}

static long sys_fsync(int fd)
{
	return do_fsync(fd, 0);
}

static long sys_fdatasync(int fd)
{
	return do_fsync(fd, 1);
}

static long sys_sync(void)
{
	ksys_sync();
	return 0;
}

static long sys_syncfs(int fd)
{
	struct file *f = fdget(fd);
	long err;

	if (!f)
		return -EBADF;
	err = sync_filesystem(file_inode(f)->i_sb);
	fput(f);
	return err;
}

/* fallocate, with Linux's order of checks: the range (-EINVAL), a file
 * open for writing (-EBADF), a regular file (-EISDIR, -ENODEV), a
 * writable mount (-EROFS); the filesystem decides which modes it has. */
static long sys_fallocate(int fd, int mode, loff_t offset, loff_t len)
{
	struct file *f = fdget(fd);
	struct inode *inode;
	long err;

	if (!f)
		return -EBADF;
	inode = file_inode(f);
	if (offset < 0 || len <= 0)
		err = -EINVAL;
	else if (!(f->f_mode & FMODE_WRITE))
		err = -EBADF;
	else if (S_ISDIR(inode->i_mode))
		err = -EISDIR;
	else if (!S_ISREG(inode->i_mode))
		err = -ENODEV;
	else if (mnt_is_readonly(f->f_path.mnt))
		err = -EROFS;
	else
		err = vfs_fallocate(f, mode, offset, len);
	fput(f);
	return err;
}

SYSCALL_ENTRY(fsync, sys_fsync);
SYSCALL_ENTRY(fdatasync, sys_fdatasync);
SYSCALL_ENTRY(sync, sys_sync);
SYSCALL_ENTRY(syncfs, sys_syncfs);
SYSCALL_ENTRY(fallocate, sys_fallocate);
