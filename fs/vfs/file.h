/*
 * Open files and what is done with them: open, read, write, seek, readdir,
 * attributes, truncate, fsync, close. These are the kernel-level back ends
 * of the file syscalls. A struct file holds references on its path; the
 * last fput() calls ->release.
 */
#ifndef FS_VFS_FILE_H
#define FS_VFS_FILE_H

#include "fs/vfs/fs.h"
#include "kernel/lib/uio.h"

/*
 * Open name relative to dfd (see kern_path_at) with O_* flags: O_CREAT
 * (mode less the caller's umask; the file is the caller's), O_EXCL,
 * O_TRUNC, O_DIRECTORY, O_NOFOLLOW, O_PATH; O_TMPFILE is -EOPNOTSUPP.
 * Access is checked against the caller's credentials. ERR_PTR on failure.
 * O_CLOEXEC is the caller's business (a descriptor flag). May sleep.
 */
struct file *do_filp_open(int dfd, const char *name, int flags, umode_t mode);
/* do_filp_open(AT_FDCWD, ...) */
struct file *filp_open(const char *path, int flags, umode_t mode);
/* Open an already resolved path. */
struct file *dentry_open(const struct path *path, int flags);
struct file *get_file(struct file *f);
/* For ->open of a device without a position (a tty, a pipe): lseek,
 * pread and pwrite then fail with -ESPIPE. */
int nonseekable_open(struct inode *inode, struct file *f);
void fput(struct file *f);

ssize_t vfs_read(struct file *f, char *buf, size_t count, loff_t *pos);
ssize_t vfs_write(struct file *f, const char *buf, size_t count, loff_t *pos);
/* Through ->read_iter/->write_iter with the caller's iterator (a user
 * buffer for O_DIRECT); -EINVAL if the file has none. */
ssize_t vfs_iter_read(struct file *f, struct iov_iter *iter, loff_t *pos);
ssize_t vfs_iter_write(struct file *f, struct iov_iter *iter, loff_t *pos);
/* read/write at and advancing f_pos (under f_pos_lock). */
ssize_t kernel_read(struct file *f, void *buf, size_t count);
ssize_t kernel_write(struct file *f, const void *buf, size_t count);
loff_t vfs_llseek(struct file *f, loff_t offset, int whence);
/* The usual ->llseek: SEEK_SET/CUR/END against i_size, no lock needed. */
loff_t generic_file_llseek(struct file *f, loff_t offset, int whence);

/* Readdir: ->iterate_shared with i_rwsem shared (or ->iterate exclusive). */
int iterate_dir(struct file *f, struct dir_context *ctx);

int vfs_getattr(const struct path *path, struct kstat *stat);
int vfs_stat(const char *path, struct kstat *stat);
/* ->setattr with i_rwsem exclusive held by the caller. */
int notify_change(struct dentry *dentry, struct iattr *attr);
int do_truncate(struct dentry *dentry, loff_t length);
int vfs_fsync(struct file *f, int datasync);
/* fallocate() modes (Linux's values). */
#define FALLOC_FL_KEEP_SIZE	0x01
#define FALLOC_FL_PUNCH_HOLE	0x02
long vfs_fallocate(struct file *f, int mode, loff_t offset, loff_t len);
long vfs_ioctl(struct file *f, unsigned cmd, unsigned long arg);

/* Helpers for filesystems */
void generic_fillattr(struct inode *inode, struct kstat *stat);
/*
 * ->write_iter of page-cache filesystems: takes i_rwsem exclusive, honours
 * O_APPEND and s_maxbytes/RLIMIT_FSIZE (-EFBIG, SIGXFSZ), updates mtime and
 * ctime, writes through ->direct_IO for IOCB_DIRECT (falling back to the
 * cache for what it could not do) or generic_perform_write, dirties and
 * throttles (balance_dirty_pages_ratelimited), syncs for O_SYNC/O_DSYNC.
 */
ssize_t generic_file_write_iter(struct kiocb *iocb, struct iov_iter *from);
/* A size change is allowed: s_maxbytes, RLIMIT_FSIZE (-EFBIG). */
int inode_newsize_ok(const struct inode *inode, loff_t offset);
int simple_setattr(struct dentry *dentry, struct iattr *attr);

#endif
