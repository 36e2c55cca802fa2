/*
 * Moving data through descriptors: read, write, pread64, pwrite64, readv,
 * writev, preadv, pwritev, lseek, sendfile.
 *
 * The file operations take kernel buffers, so the data goes through a
 * bounce buffer of up to RW_CHUNK bytes: copy_from_user before ->write,
 * copy_to_user after ->read, never with a VFS lock held. A regular file
 * or a block device is read or written chunk after chunk until the count
 * is done or a call comes up short; any other file (a tty, a pipe) is
 * read once, since a short read there means "that is what there was". A write of up to
 * RW_CHUNK bytes is one ->write call, so it lands whole even with other
 * writers (O_APPEND included); a longer one may interleave with theirs.
 *
 * O_DIRECT on a file that has ->read_iter/->write_iter (a block device)
 * skips the bounce buffer: the user buffer is passed as it is, and the
 * I/O goes between the device and the user's pages.
 *
 * The file position: files with FMODE_ATOMIC_POS (regular files and
 * directories) hold f_pos_lock across the whole call, so two processes
 * sharing an open file (after fork) never read the same bytes; other
 * files read and write f_pos without it, so that a process blocked reading
 * the console does not hold up another writing to the same open file.
 *
 * Process context, IRQs on, no lock held on entry.
 */
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "fs/vfs/file.h"
#include "kernel/errno.h"
#include "mm/slab.h"

#define RW_CHUNK	(64 * 1024)

/* A bounce buffer for count bytes: up to RW_CHUNK, or one page if that
 * much contiguous memory is not to be had. *size says what it holds. */
static char *bounce_alloc(size_t count, size_t *size)
{
	char *buf;

	*size = MIN(MAX(count, (size_t)1), (size_t)RW_CHUNK);
	buf = kmalloc(*size, GFP_KERNEL);
	if (!buf && *size > PAGE_SIZE) {
		*size = PAGE_SIZE;
		buf = kmalloc(*size, GFP_KERNEL);
	}
	return buf;
}

/* Whether a short read means the end (regular files, block devices)
 * rather than "that is what there was" (ttys, pipes). */
static bool reads_to_the_end(struct file *f)
{
	umode_t mode = file_inode(f)->i_mode;

	return S_ISREG(mode) || S_ISBLK(mode);
}

/* O_DIRECT on a file with ->read_iter/->write_iter: the user buffer goes
 * to the file as it is (an ITER_UBUF iterator), so the I/O can go
 * straight between the device and the user's pages. */
static bool direct_to_user(struct file *f, bool write)
{
	return (f->f_flags & O_DIRECT) && f->f_op &&
	       (write ? f->f_op->write_iter != NULL : f->f_op->read_iter != NULL);
}

static ssize_t direct_rw(struct file *f, char *ubuf, size_t count, loff_t *pos, bool write)
{
	struct iov_iter iter;

	iov_iter_ubuf(&iter, write ? ITER_SOURCE : ITER_DEST, ubuf, count);
	return write ? vfs_iter_write(f, &iter, pos) : vfs_iter_read(f, &iter, pos);
}

/* Read count bytes at *pos into ubuf. Returns bytes read (*pos advanced
 * past them) or, if none, the error. */
static ssize_t read_to_user(struct file *f, char *ubuf, size_t count, loff_t *pos)
{
	size_t done = 0, chunk;
	ssize_t ret = 0;
	char *kbuf;

	if (!count)
		return vfs_read(f, (char *)&ret, 0, pos);
	if (direct_to_user(f, false))
		return direct_rw(f, ubuf, count, pos, false);
	kbuf = bounce_alloc(count, &chunk);
	if (!kbuf)
		return -ENOMEM;
	while (done < count) {
		size_t n = MIN(count - done, chunk);
		loff_t p = *pos;

		ret = vfs_read(f, kbuf, n, &p);
		if (ret <= 0)
			break;
		if (copy_to_user(ubuf + done, kbuf, (size_t)ret)) {
			ret = -EFAULT;
			break;
		}
		*pos = p;
		done += (size_t)ret;
		if ((size_t)ret < n || !reads_to_the_end(f))
			break;
	}
	kfree(kbuf);
	return done ? (ssize_t)done : ret;
}

/* Write count bytes from ubuf at *pos. Returns bytes written or, if none,
 * the error. */
static ssize_t write_from_user(struct file *f, const char *ubuf, size_t count, loff_t *pos)
{
	size_t done = 0, chunk;
	ssize_t ret = 0;
	char *kbuf;

	if (!count)
		return vfs_write(f, (const char *)&ret, 0, pos);
	if (direct_to_user(f, true))
		return direct_rw(f, (char *)ubuf, count, pos, true);
	kbuf = bounce_alloc(count, &chunk);
	if (!kbuf)
		return -ENOMEM;
	while (done < count) {
		size_t n = MIN(count - done, chunk);

		if (copy_from_user(kbuf, ubuf + done, n)) {
			ret = -EFAULT;
			break;
		}
		ret = vfs_write(f, kbuf, n, pos);
		if (ret <= 0)
			break;
		done += (size_t)ret;
		if ((size_t)ret < n)
			break;
	}
	kfree(kbuf);
	return done ? (ssize_t)done : ret;
}

static void pos_lock(struct file *f)
{
	if (f->f_mode & FMODE_ATOMIC_POS)
		mutex_lock(&f->f_pos_lock);
}

static void pos_unlock(struct file *f)
{
	if (f->f_mode & FMODE_ATOMIC_POS)
		mutex_unlock(&f->f_pos_lock);
}

/* One read or write at the file position (pos < 0) or at pos. */
static ssize_t do_rw(int fd, char *ubuf, size_t count, loff_t pos, bool write)
{
	struct file *f = fdget(fd);
	bool at_fpos = pos < 0;
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = -EBADF;
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		goto out;
	ret = -EFAULT;
	if (!access_ok(ubuf, count))
		goto out;
	ret = -ESPIPE;
	if (!at_fpos && !(f->f_mode & (write ? FMODE_PWRITE : FMODE_PREAD)))
		goto out;
	count = MIN(count, (size_t)MAX_RW_COUNT);
	if (at_fpos) {
		pos_lock(f);
		pos = f->f_pos;
	}
	ret = write ? write_from_user(f, ubuf, count, &pos) : read_to_user(f, ubuf, count, &pos);
	if (at_fpos) {
		f->f_pos = pos;
		pos_unlock(f);
	}
out:
	fput(f);
	return ret;
}

static long sys_read(int fd, char *buf, size_t count)
{
	return do_rw(fd, buf, count, -1, false);
}

static long sys_write(int fd, const char *buf, size_t count)
{
	return do_rw(fd, (char *)buf, count, -1, true);
}

static long sys_pread64(int fd, char *buf, size_t count, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	return do_rw(fd, buf, count, pos, false);
}

static long sys_pwrite64(int fd, const char *buf, size_t count, loff_t pos)
{
	if (pos < 0)
		return -EINVAL;
	return do_rw(fd, (char *)buf, count, pos, true);
}

/* Copy in a user iovec array: -EINVAL for a bad count or a total that
 * does not fit ssize_t, -EFAULT for an unreadable array or a buffer
 * outside user space. The total is cut to MAX_RW_COUNT (the lengths are
 * trimmed to match). Returns a kmalloc'ed copy or an ERR_PTR. */
static struct iovec *import_iovec(const struct iovec *uiov, int iovcnt, size_t *total)
{
	struct iovec *iov;
	size_t sum = 0;

	if (iovcnt < 0 || iovcnt > IOV_MAX)
		return ERR_PTR(-EINVAL);
	iov = kmalloc(MAX(iovcnt, 1) * sizeof(*iov), GFP_KERNEL);
	if (!iov)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(iov, uiov, iovcnt * sizeof(*iov))) {
		kfree(iov);
		return ERR_PTR(-EFAULT);
	}
	for (int i = 0; i < iovcnt; i++) {
		size_t len = iov[i].iov_len;

		if ((ssize_t)len < 0) {
			kfree(iov);
			return ERR_PTR(-EINVAL);
		}
		if (!access_ok(iov[i].iov_base, len)) {
			kfree(iov);
			return ERR_PTR(-EFAULT);
		}
		if (len > (size_t)MAX_RW_COUNT - sum)
			iov[i].iov_len = len = (size_t)MAX_RW_COUNT - sum;
		sum += len;
	}
	*total = sum;
	return iov;
}

/* readv/writev and their positioned forms (pos < 0: the file position). */
static ssize_t do_rwv(int fd, const struct iovec *uiov, int iovcnt, loff_t pos, bool write)
{
	struct file *f = fdget(fd);
	bool at_fpos = pos < 0;
	struct iovec *iov = NULL;
	size_t total, done = 0;
	ssize_t ret;

	if (!f)
		return -EBADF;
	ret = -EBADF;
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ)))
		goto out;
	ret = -ESPIPE;
	if (!at_fpos && !(f->f_mode & (write ? FMODE_PWRITE : FMODE_PREAD)))
		goto out;
	iov = import_iovec(uiov, iovcnt, &total);
	if (IS_ERR(iov)) {
		ret = PTR_ERR(iov);
		iov = NULL;
		goto out;
	}
	if (at_fpos) {
		pos_lock(f);
		pos = f->f_pos;
	}
	ret = 0;
	for (int i = 0; i < iovcnt; i++) {
		size_t len = iov[i].iov_len;

		if (!len)
			continue;
		ret = write ? write_from_user(f, iov[i].iov_base, len, &pos)
			    : read_to_user(f, iov[i].iov_base, len, &pos);
		if (ret <= 0)
			break;
		done += (size_t)ret;
		if ((size_t)ret < len || (!write && !reads_to_the_end(f)))
			break;
	}
	if (at_fpos) {
		f->f_pos = pos;
		pos_unlock(f);
	}
	if (done)
		ret = (ssize_t)done;
out:
	kfree(iov);
	fput(f);
	return ret;
}

static long sys_readv(int fd, const struct iovec *iov, int iovcnt)
{
	return do_rwv(fd, iov, iovcnt, -1, false);
}

static long sys_writev(int fd, const struct iovec *iov, int iovcnt)
{
	return do_rwv(fd, iov, iovcnt, -1, true);
}

/* On x86-64 the whole offset comes in pos_l (pos_h is for 32-bit ABIs). */
static long sys_preadv(int fd, const struct iovec *iov, int iovcnt, unsigned long pos_l,
		       unsigned long pos_h)
{
	if ((loff_t)pos_l < 0)
		return -EINVAL;
	return do_rwv(fd, iov, iovcnt, (loff_t)pos_l, false);
}

static long sys_pwritev(int fd, const struct iovec *iov, int iovcnt, unsigned long pos_l,
			unsigned long pos_h)
{
	if ((loff_t)pos_l < 0)
		return -EINVAL;
	return do_rwv(fd, iov, iovcnt, (loff_t)pos_l, true);
}

static long sys_lseek(int fd, loff_t offset, unsigned whence)
{
	struct file *f = fdget(fd);
	loff_t ret;

	if (!f)
		return -EBADF;
	ret = whence <= SEEK_HOLE ? vfs_llseek(f, offset, (int)whence) : -EINVAL;
	fput(f);
	return ret;
}

/*
 * sendfile: count bytes from in (at *uoffset, which is updated, or at
 * its position) to out (at its position), through one kernel buffer. A
 * short write stops the copy and counts only what was written; the input
 * position then goes back by the bytes read but not written. out may not
 * be O_APPEND (-EINVAL, as Linux).
 */
static ssize_t do_sendfile(struct file *in, struct file *out, loff_t *pos, size_t count)
{
	size_t done = 0, chunk;
	ssize_t ret = 0;
	char *kbuf = bounce_alloc(count, &chunk);

	if (!kbuf)
		return -ENOMEM;
	while (done < count) {
		size_t n = MIN(count - done, chunk);
		ssize_t r = vfs_read(in, kbuf, n, pos), w;

		if (r <= 0) {
			ret = r;
			break;
		}
		pos_lock(out);
		w = vfs_write(out, kbuf, (size_t)r, &out->f_pos);
		pos_unlock(out);
		if (w > 0)
			done += (size_t)w;
		if (w < r) {
			*pos -= r - MAX(w, (ssize_t)0);
			ret = w;
			break;
		}
		if ((size_t)r < n)
			break;
	}
	kfree(kbuf);
	return done ? (ssize_t)done : ret;
}

static long sys_sendfile(int out_fd, int in_fd, loff_t *uoffset, size_t count)
{
	struct file *in = fdget(in_fd), *out = fdget(out_fd);
	loff_t pos;
	long ret = -EBADF;

	if (!in || !out || !(in->f_mode & FMODE_READ) || !(out->f_mode & FMODE_WRITE))
		goto out;
	ret = -EINVAL;
	if (out->f_flags & O_APPEND)
		goto out;
	count = MIN(count, (size_t)MAX_RW_COUNT);
	if (uoffset) {
		ret = -EFAULT;
		if (copy_from_user(&pos, uoffset, sizeof(pos)))
			goto out;
		ret = -ESPIPE;
		if (!(in->f_mode & FMODE_PREAD))
			goto out;
		ret = pos < 0 ? -EINVAL : do_sendfile(in, out, &pos, count);
		if (ret >= 0 && copy_to_user(uoffset, &pos, sizeof(pos)))
			ret = -EFAULT;
	} else {		/* in's position without f_pos_lock, as Linux (in may be out) */
		pos = in->f_pos;
		ret = do_sendfile(in, out, &pos, count);
		in->f_pos = pos;
	}
out:
	if (in)
		fput(in);
	if (out)
		fput(out);
	return ret;
}

SYSCALL_ENTRY(read, sys_read);
SYSCALL_ENTRY(write, sys_write);
SYSCALL_ENTRY(pread64, sys_pread64);
SYSCALL_ENTRY(pwrite64, sys_pwrite64);
SYSCALL_ENTRY(readv, sys_readv);
SYSCALL_ENTRY(writev, sys_writev);
SYSCALL_ENTRY(preadv, sys_preadv);
SYSCALL_ENTRY(pwritev, sys_pwritev);
SYSCALL_ENTRY(lseek, sys_lseek);
SYSCALL_ENTRY(sendfile, sys_sendfile);
