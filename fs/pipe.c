/*
 * Pipes and FIFOs, as Linux's fs/pipe.c (see fs/pipe.h).
 *
 * A struct pipe_inode_info is a ring of page buffers with free-running
 * head (where the next write goes) and tail (what the next read takes)
 * indices; it is full when head - tail reaches PIPE_DEF_BUFFERS. An
 * anonymous pipe lives on an inode of pipefs, an internal filesystem
 * mounted nowhere (lazily, at the first pipe()); a FIFO's pipe belongs to
 * the FIFO's inode on whatever filesystem it was made (fifo_open finds it
 * in fifo_list, or makes it).
 *
 * A write of n <= PIPE_BUF bytes goes whole into one buffer: appended to
 * the last one if it all fits there, else into a fresh page. Larger
 * writes go a page at a time and may interleave with other writers.
 *
 * Locking: pipe->mutex protects the ring, the reader/writer counts and the
 * FIFO open counters; readers sleep on rd_wait, writers on wr_wait, with
 * the mutex dropped. ->poll reads head, tail and the counts without the
 * mutex (as Linux). fifo_lock (mutex) protects fifo_list and each pipe's
 * files count; it is taken before pipe->mutex. Data moves with memcpy:
 * ->read and ->write get kernel buffers.
 */
#include "fs/pipe.h"
#include "fs/poll.h"
#include "fs/libfs.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/user/cred.h"
#include "kernel/user/signal.h"
#include "kernel/user/syscalls.h"
#include "kernel/user/sys_fs.h"
#include "kernel/user/uaccess.h"
#include "kernel/sched/sched.h"
#include "kernel/sched/wait.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/errno.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define PIPEFS_MAGIC	0x50495045
#define FIONREAD	0x541B

struct pipe_buffer {
	char *page;			/* a page of data, NULL while the slot is free */
	unsigned offset, len;		/* the unread bytes in it */
};

struct pipe_inode_info {
	struct mutex mutex;
	struct wait_queue_head rd_wait;		/* readers waiting for data or EOF */
	struct wait_queue_head wr_wait;		/* writers waiting for room */
	unsigned head, tail;			/* mutex (poll reads them without) */
	unsigned readers, writers;		/* mutex (poll reads them without) */
	unsigned r_counter, w_counter;		/* mutex: FIFO opens ever, for waiting */
	char *tmp_page;				/* mutex: a spare page */
	struct pipe_buffer bufs[PIPE_DEF_BUFFERS];	/* mutex */
	unsigned files;				/* fifo_lock: files using this pipe */
	struct inode *fifo_inode;		/* const: the FIFO's inode, or NULL */
	struct list_head fifo_list;		/* fifo_lock: in fifo_list */
};

static DEFINE_MUTEX(fifo_lock);
static LIST_HEAD(fifo_list);		/* fifo_lock: pipes of open FIFOs */

/* ---- the ring ---- */

static inline bool pipe_empty(unsigned head, unsigned tail)
{
	return head == tail;
}

static inline bool pipe_full(unsigned head, unsigned tail)
{
	return head - tail >= PIPE_DEF_BUFFERS;
}

static inline struct pipe_buffer *pipe_buf(struct pipe_inode_info *pipe, unsigned i)
{
	return &pipe->bufs[i % PIPE_DEF_BUFFERS];
}

static struct pipe_inode_info *alloc_pipe_info(void)
{
	struct pipe_inode_info *pipe = kzalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return NULL;
	mutex_init(&pipe->mutex);
	init_waitqueue_head(&pipe->rd_wait);
	init_waitqueue_head(&pipe->wr_wait);
	INIT_LIST_HEAD(&pipe->fifo_list);
	return pipe;
}

/* The last file is gone: nobody can reach the pipe any more. */
static void free_pipe_info(struct pipe_inode_info *pipe)
{
	for (unsigned i = pipe->tail; i != pipe->head; i++)
		free_pages_addr(pipe_buf(pipe, i)->page, 0);
	if (pipe->tmp_page)
		free_pages_addr(pipe->tmp_page, 0);
	kfree(pipe);
}

/* A page for a new buffer: the spare one, or a fresh one. mutex held. */
static char *pipe_get_page(struct pipe_inode_info *pipe)
{
	char *page = pipe->tmp_page;

	if (page) {
		pipe->tmp_page = NULL;
		return page;
	}
	return __get_free_pages(GFP_KERNEL, 0);
}

/* A buffer was read empty: keep its page as the spare. mutex held. */
static void pipe_put_page(struct pipe_inode_info *pipe, char *page)
{
	if (!pipe->tmp_page)
		pipe->tmp_page = page;
	else
		free_pages_addr(page, 0);
}

/* ---- read ---- */

/* Take up to n bytes from the ring. mutex held. */
static size_t pipe_take(struct pipe_inode_info *pipe, char *buf, size_t n)
{
	size_t done = 0;

	while (pipe->tail != pipe->head && done < n) {
		struct pipe_buffer *b = pipe_buf(pipe, pipe->tail);
		size_t c = b->len < n - done ? b->len : n - done;

		memcpy(buf + done, b->page + b->offset, c);
		b->offset += c;
		b->len -= c;
		done += c;
		if (!b->len) {
			pipe_put_page(pipe, b->page);
			b->page = NULL;
			pipe->tail++;
		}
	}
	return done;
}

static bool pipe_readable(struct pipe_inode_info *pipe)
{
	return !pipe_empty(READ_ONCE(pipe->head), READ_ONCE(pipe->tail)) ||
	       !READ_ONCE(pipe->writers);
}

static bool pipe_writable(struct pipe_inode_info *pipe)
{
	return !pipe_full(READ_ONCE(pipe->head), READ_ONCE(pipe->tail)) ||
	       !READ_ONCE(pipe->readers);
}

/* Sleep on wq until ready(pipe) or a signal: 0 or -ERESTARTSYS. Called
 * with pipe->mutex dropped. */
static int pipe_wait(struct pipe_inode_info *pipe, struct wait_queue_head *wq,
		     bool (*ready)(struct pipe_inode_info *))
{
	DEFINE_WAIT(w);
	int ret = 0;

	for (;;) {
		prepare_to_wait(wq, &w, TASK_INTERRUPTIBLE);
		if (ready(pipe))
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		current->blocked_kind = "pipe";
		current->blocked_on = pipe;
		schedule();
		current->blocked_kind = NULL;
	}
	finish_wait(wq, &w);
	return ret;
}

/* ->read: no lock held. What is there (at least one byte), waiting for
 * data while writers remain; 0 at end of file. */
static ssize_t pipe_read(struct file *file, char *buf, size_t n, loff_t *pos)
{
	struct pipe_inode_info *pipe = file->private_data;
	ssize_t ret = 0;
	size_t done;

	might_sleep();
	if (!n)
		return 0;
	mutex_lock(&pipe->mutex);
	for (;;) {
		done = pipe_take(pipe, buf, n);
		if (done || !pipe->writers)
			break;
		if (READ_ONCE(file->f_flags) & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->mutex);
		ret = pipe_wait(pipe, &pipe->rd_wait, pipe_readable);
		mutex_lock(&pipe->mutex);
		if (ret)
			break;
	}
	mutex_unlock(&pipe->mutex);
	if (done)
		__wake_up(&pipe->wr_wait, 0);
	return done ? (ssize_t)done : ret;
}

/* ---- write ---- */

/* A small write (or a big one's tail end) appended to the last buffer,
 * if it fits there whole. mutex held. Returns the bytes taken. */
static size_t pipe_merge(struct pipe_inode_info *pipe, const char *buf, size_t n)
{
	size_t chars = n & (PAGE_SIZE - 1);
	struct pipe_buffer *b;

	if (!chars || pipe_empty(pipe->head, pipe->tail))
		return 0;
	b = pipe_buf(pipe, pipe->head - 1);
	if (b->offset + b->len + chars > PAGE_SIZE)
		return 0;
	memcpy(b->page + b->offset + b->len, buf, chars);
	b->len += chars;
	return chars;
}

/* Fill a new buffer with up to a page. mutex held, ring not full.
 * Returns the bytes taken, or 0 without memory. */
static size_t pipe_push_page(struct pipe_inode_info *pipe, const char *buf, size_t n)
{
	struct pipe_buffer *b = pipe_buf(pipe, pipe->head);
	size_t c = n < PAGE_SIZE ? n : PAGE_SIZE;
	char *page = pipe_get_page(pipe);

	if (!page)
		return 0;
	memcpy(page, buf, c);
	b->page = page;
	b->offset = 0;
	b->len = c;
	pipe->head++;
	return c;
}

/* No reader: SIGPIPE to the writer (unless it ignores or blocks it). */
static ssize_t pipe_broken(void)
{
	force_sig(SIGPIPE);
	return -EPIPE;
}

/* ->write: no lock held. All of n unless O_NONBLOCK, a signal, or the
 * last reader leaving cut it short. */
static ssize_t pipe_write(struct file *file, const char *buf, size_t n, loff_t *pos)
{
	struct pipe_inode_info *pipe = file->private_data;
	ssize_t ret = 0;
	size_t done;

	might_sleep();
	if (!n)
		return 0;
	mutex_lock(&pipe->mutex);
	if (!pipe->readers) {
		mutex_unlock(&pipe->mutex);
		return pipe_broken();
	}
	done = pipe_merge(pipe, buf, n);
	while (done < n) {
		if (!pipe->readers) {
			ret = pipe_broken();
			break;
		}
		if (!pipe_full(pipe->head, pipe->tail)) {
			size_t c = pipe_push_page(pipe, buf + done, n - done);

			if (!c) {
				ret = -ENOMEM;
				break;
			}
			done += c;
			continue;
		}
		if (READ_ONCE(file->f_flags) & O_NONBLOCK) {
			ret = -EAGAIN;
			break;
		}
		mutex_unlock(&pipe->mutex);
		__wake_up(&pipe->rd_wait, 0);	/* let readers make room */
		ret = pipe_wait(pipe, &pipe->wr_wait, pipe_writable);
		mutex_lock(&pipe->mutex);
		if (ret)
			break;
	}
	mutex_unlock(&pipe->mutex);
	if (done)
		__wake_up(&pipe->rd_wait, 0);
	return done ? (ssize_t)done : ret;
}

/* ---- poll, ioctl, release ---- */

/* ->poll: no lock held; does not sleep. POLLHUP for a reader once every
 * writer has gone, POLLERR for a writer once every reader has. */
static unsigned pipe_poll(struct file *file, poll_table *pt)
{
	struct pipe_inode_info *pipe = file->private_data;
	unsigned head, tail, mask = 0;

	if (file->f_mode & FMODE_READ)
		poll_wait(file, &pipe->rd_wait, pt);
	if (file->f_mode & FMODE_WRITE)
		poll_wait(file, &pipe->wr_wait, pt);
	head = READ_ONCE(pipe->head);
	tail = READ_ONCE(pipe->tail);
	if (file->f_mode & FMODE_READ) {
		if (!pipe_empty(head, tail))
			mask |= POLLIN | POLLRDNORM;
		if (!READ_ONCE(pipe->writers))
			mask |= POLLHUP;
	}
	if (file->f_mode & FMODE_WRITE) {
		if (!pipe_full(head, tail))
			mask |= POLLOUT | POLLWRNORM;
		if (!READ_ONCE(pipe->readers))
			mask |= POLLERR;
	}
	return mask;
}

/* ->unlocked_ioctl: FIONREAD, the bytes waiting. */
static long pipe_ioctl(struct file *file, unsigned cmd, unsigned long arg)
{
	struct pipe_inode_info *pipe = file->private_data;
	int count = 0;

	if (cmd != FIONREAD)
		return -ENOTTY;
	mutex_lock(&pipe->mutex);
	for (unsigned i = pipe->tail; i != pipe->head; i++)
		count += pipe_buf(pipe, i)->len;
	mutex_unlock(&pipe->mutex);
	return copy_to_user((int *)arg, &count, sizeof(count));
}

static loff_t pipe_llseek(struct file *file, loff_t offset, int whence)
{
	return -ESPIPE;
}

/* Drop a file's use of the pipe; the last one frees it (and takes a
 * FIFO's pipe off fifo_list). */
static void put_pipe_info(struct pipe_inode_info *pipe)
{
	bool last;

	mutex_lock(&fifo_lock);
	last = --pipe->files == 0;
	if (last && pipe->fifo_inode)
		list_del_init(&pipe->fifo_list);
	mutex_unlock(&fifo_lock);
	if (last)
		free_pipe_info(pipe);
}

/* ->release: no lock held. The other side wakes: to end of file, EPIPE,
 * POLLHUP or POLLERR. */
static int pipe_release(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe = file->private_data;

	mutex_lock(&pipe->mutex);
	if (file->f_mode & FMODE_READ)
		pipe->readers--;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers--;
	mutex_unlock(&pipe->mutex);
	__wake_up(&pipe->rd_wait, 0);
	__wake_up(&pipe->wr_wait, 0);
	put_pipe_info(pipe);
	return 0;
}

/* Count a new file of the pipe as a reader and/or writer. */
static void pipe_attach(struct pipe_inode_info *pipe, struct file *file)
{
	file->private_data = pipe;
	mutex_lock(&fifo_lock);
	pipe->files++;
	mutex_unlock(&fifo_lock);
	mutex_lock(&pipe->mutex);
	if (file->f_mode & FMODE_READ)
		pipe->readers++;
	if (file->f_mode & FMODE_WRITE)
		pipe->writers++;
	mutex_unlock(&pipe->mutex);
}

/* ->open of a pipefs inode (create_pipe_files opens each end once). */
static int pipeanon_open(struct inode *inode, struct file *file)
{
	pipe_attach(inode->i_private, file);
	return 0;
}

static const struct file_operations pipeanon_fops = {
	.open = pipeanon_open,
	.llseek = pipe_llseek,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.unlocked_ioctl = pipe_ioctl,
	.release = pipe_release,
};

/* ---- pipefs ---- */

static int pipefs_fill_super(struct super_block *sb, void *data, int silent)
{
	return pseudo_fill_super(sb, PIPEFS_MAGIC);
}

static struct dentry *pipefs_mount(struct file_system_type *type, int flags,
				   const char *dev_name, void *data)
{
	return mount_nodev(type, flags, data, pipefs_fill_super);
}

static struct file_system_type pipefs_type = {
	.name = "pipefs",
	.mount = pipefs_mount,
	.kill_sb = kill_anon_super,
};

static DEFINE_MUTEX(pipefs_mount_lock);
static struct vfsmount *pipe_mnt;	/* pipefs_mount_lock; const once set */

/* The pipefs mount, made at the first call. NULL without memory. */
static struct vfsmount *get_pipe_mnt(void)
{
	struct vfsmount *mnt;

	mutex_lock(&pipefs_mount_lock);
	if (!pipe_mnt) {
		register_filesystem(&pipefs_type);
		mnt = vfs_kern_mount(&pipefs_type, 0, "pipefs", NULL);
		if (!IS_ERR(mnt))
			pipe_mnt = mnt;
	}
	mnt = pipe_mnt;
	mutex_unlock(&pipefs_mount_lock);
	return mnt;
}

/* A pipefs inode for pipe, and its (unhashed) dentry "pipe:[ino]". */
static struct dentry *pipefs_dentry(struct vfsmount *mnt, struct pipe_inode_info *pipe)
{
	struct inode *inode = new_inode(mnt->mnt_sb);
	const struct cred *cred = current_cred();
	char name[32];
	struct qstr q;
	struct dentry *d;

	if (!inode)
		return NULL;
	inode->i_ino = get_next_ino();
	inode->i_mode = S_IFIFO | 0600;
	inode->i_fop = &pipeanon_fops;
	inode->i_uid = cred->fsuid;
	inode->i_gid = cred->fsgid;
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
	inode->i_private = pipe;
	q.len = (u32)snprintf(name, sizeof(name), "pipe:[%lu]", (unsigned long)inode->i_ino);
	q.name = name;
	d = d_alloc(mnt->mnt_sb->s_root, &q);
	if (!d) {
		iput(inode);
		return NULL;
	}
	d_instantiate(d, inode);
	return d;
}

int create_pipe_files(struct file *files[2], int flags)
{
	struct vfsmount *mnt = get_pipe_mnt();
	struct pipe_inode_info *pipe;
	struct path path;
	int nb = flags & O_NONBLOCK;

	might_sleep();
	if (!mnt)
		return -ENOMEM;
	pipe = alloc_pipe_info();
	if (!pipe)
		return -ENOMEM;
	path.mnt = mnt;
	path.dentry = pipefs_dentry(mnt, pipe);
	if (!path.dentry) {
		free_pipe_info(pipe);
		return -ENOMEM;
	}
	files[0] = dentry_open(&path, O_RDONLY | nb);
	files[1] = IS_ERR(files[0]) ? files[0] : dentry_open(&path, O_WRONLY | nb);
	dput(path.dentry);			/* the files hold it now */
	if (IS_ERR(files[0])) {
		free_pipe_info(pipe);		/* no file ever used it */
		return (int)PTR_ERR(files[0]);
	}
	if (IS_ERR(files[1])) {
		fput(files[0]);			/* the last file: frees the pipe */
		return (int)PTR_ERR(files[1]);
	}
	return 0;
}

/* ---- FIFOs ---- */

/* Wait, with pipe->mutex held (dropped while asleep), until *counter
 * moves: the other side opened. 0 or -ERESTARTSYS. */
static int wait_for_partner(struct pipe_inode_info *pipe, unsigned *counter)
{
	unsigned seen = *counter;
	DEFINE_WAIT(w);
	int ret = 0;

	for (;;) {
		prepare_to_wait(&pipe->rd_wait, &w, TASK_INTERRUPTIBLE);
		if (READ_ONCE(*counter) != seen)
			break;
		if (signal_pending(current)) {
			ret = -ERESTARTSYS;
			break;
		}
		mutex_unlock(&pipe->mutex);
		schedule();
		mutex_lock(&pipe->mutex);
	}
	finish_wait(&pipe->rd_wait, &w);
	return ret;
}

/* The pipe of a FIFO's inode, made at its first open; its files count
 * already includes the caller. NULL without memory. */
static struct pipe_inode_info *fifo_get_pipe(struct inode *inode)
{
	struct pipe_inode_info *pipe;

	mutex_lock(&fifo_lock);
	list_for_each_entry(pipe, &fifo_list, fifo_list)
		if (pipe->fifo_inode == inode)
			goto found;
	pipe = alloc_pipe_info();
	if (!pipe)
		goto out;
	pipe->fifo_inode = inode;
	list_add(&pipe->fifo_list, &fifo_list);
found:
	pipe->files++;
out:
	mutex_unlock(&fifo_lock);
	return pipe;
}

/* Open for reading: wait for a writer unless O_NONBLOCK. pipe->mutex
 * held. */
static int fifo_open_read(struct pipe_inode_info *pipe, struct file *file)
{
	pipe->r_counter++;
	if (pipe->readers++ == 0)
		__wake_up(&pipe->rd_wait, 0);	/* writers waiting for a partner */
	if (pipe->writers || (file->f_flags & O_NONBLOCK))
		return 0;
	if (!wait_for_partner(pipe, &pipe->w_counter))
		return 0;
	if (--pipe->readers == 0)
		__wake_up(&pipe->wr_wait, 0);
	return -ERESTARTSYS;
}

/* Open for writing: -ENXIO under O_NONBLOCK with no reader, else wait for
 * one. pipe->mutex held. */
static int fifo_open_write(struct pipe_inode_info *pipe, struct file *file)
{
	if ((file->f_flags & O_NONBLOCK) && !pipe->readers)
		return -ENXIO;
	pipe->w_counter++;
	if (pipe->writers++ == 0)
		__wake_up(&pipe->rd_wait, 0);	/* readers waiting for a partner */
	if (pipe->readers)
		return 0;
	if (!wait_for_partner(pipe, &pipe->r_counter))
		return 0;
	if (--pipe->writers == 0)
		__wake_up(&pipe->rd_wait, 0);
	return -ERESTARTSYS;
}

/* ->open of a FIFO: no lock held. Blocks until the other side opens too,
 * as POSIX says (O_RDWR never blocks). */
static int fifo_open(struct inode *inode, struct file *file)
{
	struct pipe_inode_info *pipe = fifo_get_pipe(inode);
	int ret = 0;

	might_sleep();
	if (!pipe)
		return -ENOMEM;
	file->private_data = pipe;
	mutex_lock(&pipe->mutex);
	switch (file->f_mode & (FMODE_READ | FMODE_WRITE)) {
	case FMODE_READ:
		ret = fifo_open_read(pipe, file);
		break;
	case FMODE_WRITE:
		ret = fifo_open_write(pipe, file);
		break;
	case FMODE_READ | FMODE_WRITE:
		pipe->readers++;
		pipe->writers++;
		pipe->r_counter++;
		pipe->w_counter++;
		__wake_up(&pipe->rd_wait, 0);
		break;
	default:
		ret = -EINVAL;
	}
	mutex_unlock(&pipe->mutex);
	if (ret)
		put_pipe_info(pipe);
	return ret;
}

const struct file_operations pipefifo_fops = {
	.open = fifo_open,
	.llseek = pipe_llseek,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.unlocked_ioctl = pipe_ioctl,
	.release = pipe_release,
};

/* ---- the syscalls ---- */

#define O_DIRECT	00040000

/* pipe2(2): O_CLOEXEC, O_NONBLOCK. (O_DIRECT, packet mode: -EINVAL.) */
static long sys_pipe2(int *ufds, int flags)
{
	struct files_struct *fdt = current->files;
	struct file *files[2];
	int fds[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	err = create_pipe_files(files, flags);
	if (err)
		return err;
	/* Under RLIMIT_NOFILE; fd_install_current() consumes the reference
	 * even when it fails. */
	fds[0] = fd_install_current(files[0], 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		fput(files[1]);
		return fds[0];
	}
	fds[1] = fd_install_current(files[1], 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		close_fd(fdt, fds[0]);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds))) {
		close_fd(fdt, fds[0]);
		close_fd(fdt, fds[1]);
		return -EFAULT;
	}
	return 0;
}
SYSCALL_ENTRY(pipe2, sys_pipe2);

static long sys_pipe(int *ufds)
{
	return sys_pipe2(ufds, 0);
}
SYSCALL_ENTRY(pipe, sys_pipe);
