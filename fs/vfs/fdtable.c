/*
 * Descriptor tables. The array grows by doubling up to NR_OPEN_MAX; a new
 * array is allocated without the lock held and swapped in under it.
 * Closing never happens under file_lock: the file is taken out of the
 * table under the lock and released (->flush, lock removal, fput — all of
 * which may sleep) after it.
 */
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/locks.h"
#include "fs/vfs/ops.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"
#include "mm/slab.h"

#define INITIAL_FDS 32
#define BITS_PER_LONG 64

static struct lock_class_key file_lock_key;

static unsigned long *bitmap_alloc(unsigned n)
{
	return kcalloc(DIV_ROUND_UP(n, BITS_PER_LONG), sizeof(unsigned long), GFP_KERNEL);
}

struct files_struct *files_alloc(void)
{
	struct files_struct *files = kzalloc(sizeof(*files), GFP_KERNEL);

	if (!files)
		return NULL;
	files->fd = kcalloc(INITIAL_FDS, sizeof(struct file *), GFP_KERNEL);
	files->close_on_exec = bitmap_alloc(INITIAL_FDS);
	if (!files->fd || !files->close_on_exec) {
		kfree(files->fd);
		kfree(files->close_on_exec);
		kfree(files);
		return NULL;
	}
	files->max_fds = INITIAL_FDS;
	files->count = 1;
	__spin_lock_init(&files->file_lock, "&files->file_lock", &file_lock_key, __FILE__, __LINE__);
	return files;
}

void files_get(struct files_struct *files)
{
	__atomic_fetch_add(&files->count, 1, __ATOMIC_SEQ_CST);
}

/* Grow the table to hold at least want descriptors. Called without
 * file_lock; returns 0 or -ENOMEM / -EMFILE. */
static int expand_files(struct files_struct *files, unsigned want)
{
	unsigned n = files->max_fds;
	struct file **fd, **old_fd;
	unsigned long *coe, *old_coe;

	if (want > NR_OPEN_MAX)
		return -EMFILE;
	while (n < want)
		n *= 2;
	n = MIN(n, (unsigned)NR_OPEN_MAX);
	fd = kcalloc(n, sizeof(*fd), GFP_KERNEL);
	coe = bitmap_alloc(n);
	if (!fd || !coe) {
		kfree(fd);
		kfree(coe);
		return -ENOMEM;
	}
	spin_lock(&files->file_lock);
	if (files->max_fds >= n) {	/* someone else grew it */
		spin_unlock(&files->file_lock);
		kfree(fd);
		kfree(coe);
		return 0;
	}
	memcpy(fd, files->fd, files->max_fds * sizeof(*fd));
	memcpy(coe, files->close_on_exec, DIV_ROUND_UP(files->max_fds, BITS_PER_LONG) * sizeof(long));
	old_fd = files->fd;
	old_coe = files->close_on_exec;
	files->fd = fd;
	files->close_on_exec = coe;
	files->max_fds = n;
	spin_unlock(&files->file_lock);
	kfree(old_fd);
	kfree(old_coe);
	return 0;
}

static void set_cloexec(struct files_struct *files, unsigned fd, bool on)
{
	lockdep_assert_held(&files->file_lock);
	if (on)
		files->close_on_exec[fd / BITS_PER_LONG] |= 1UL << (fd % BITS_PER_LONG);
	else
		files->close_on_exec[fd / BITS_PER_LONG] &= ~(1UL << (fd % BITS_PER_LONG));
}

int fd_install_range(struct files_struct *files, struct file *f, unsigned min, unsigned end,
		     bool cloexec)
{
	end = MIN(end, (unsigned)NR_OPEN_MAX);
	for (;;) {
		unsigned fd;
		int err;

		spin_lock(&files->file_lock);
		for (fd = MAX(min, files->next_fd); fd < files->max_fds && files->fd[fd]; fd++)
			;
		if (fd < files->max_fds && fd < end) {
			files->fd[fd] = f;
			set_cloexec(files, fd, cloexec);
			if (fd == files->next_fd)
				files->next_fd = fd + 1;
			spin_unlock(&files->file_lock);
			return (int)fd;
		}
		spin_unlock(&files->file_lock);
		if (fd >= end)
			return -EMFILE;
		err = expand_files(files, fd + 1);
		if (err)
			return err;
	}
}

bool fd_room_below(struct files_struct *files, unsigned end)
{
	bool room;

	end = MIN(end, (unsigned)NR_OPEN_MAX);
	spin_lock(&files->file_lock);
	room = files->next_fd < end;
	for (unsigned fd = files->next_fd; room && fd < files->max_fds && files->fd[fd]; fd++)
		room = fd + 1 < end;
	spin_unlock(&files->file_lock);
	return room;
}

int fd_install_lowest(struct files_struct *files, struct file *f, unsigned min, bool cloexec)
{
	return fd_install_range(files, f, min, NR_OPEN_MAX, cloexec);
}

static bool test_cloexec(struct files_struct *files, unsigned fd)
{
	lockdep_assert_held(&files->file_lock);
	return files->close_on_exec[fd / BITS_PER_LONG] & (1UL << (fd % BITS_PER_LONG));
}

int get_close_on_exec(struct files_struct *files, unsigned fd)
{
	int ret = -EBADF;

	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd])
		ret = test_cloexec(files, fd);
	spin_unlock(&files->file_lock);
	return ret;
}

int set_close_on_exec(struct files_struct *files, unsigned fd, bool on)
{
	int ret = -EBADF;

	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd]) {
		set_cloexec(files, fd, on);
		ret = 0;
	}
	spin_unlock(&files->file_lock);
	return ret;
}

struct file *fget(struct files_struct *files, unsigned fd)
{
	struct file *f = NULL;

	spin_lock(&files->file_lock);
	if (fd < files->max_fds && files->fd[fd])
		f = get_file(files->fd[fd]);
	spin_unlock(&files->file_lock);
	return f;
}

/* Take the file out of slot fd; NULL if empty. */
static struct file *pick_file(struct files_struct *files, unsigned fd)
{
	struct file *f = NULL;

	spin_lock(&files->file_lock);
	if (fd < files->max_fds && (f = files->fd[fd])) {
		files->fd[fd] = NULL;
		set_cloexec(files, fd, false);
		if (fd < files->next_fd)
			files->next_fd = fd;
	}
	spin_unlock(&files->file_lock);
	return f;
}

/* What close does with a file it took out of the table. May sleep. */
static int filp_close(struct file *f, struct files_struct *owner)
{
	int err = 0;

	might_sleep();
	if (f->f_op && f->f_op->flush)
		err = call_flush(f);
	locks_remove_posix(f, owner);
	fput(f);
	return err;
}

int close_fd(struct files_struct *files, unsigned fd)
{
	struct file *f = pick_file(files, fd);

	return f ? filp_close(f, files) : -EBADF;
}

int replace_fd(struct files_struct *files, unsigned oldfd, unsigned newfd, bool cloexec)
{
	struct file *f, *old = NULL;
	int err;

	if (newfd >= NR_OPEN_MAX)
		return -EBADF;
	if (newfd >= files->max_fds && (err = expand_files(files, newfd + 1)))
		return err;
	f = fget(files, oldfd);
	if (!f)
		return -EBADF;
	spin_lock(&files->file_lock);
	old = files->fd[newfd];
	files->fd[newfd] = f;
	set_cloexec(files, newfd, cloexec);
	spin_unlock(&files->file_lock);
	if (old)
		filp_close(old, files);
	return (int)newfd;
}

void close_on_exec(struct files_struct *files)
{
	for (unsigned fd = 0; fd < files->max_fds; fd++) {
		struct file *f = NULL;

		spin_lock(&files->file_lock);
		if (fd < files->max_fds && test_cloexec(files, fd))
			f = files->fd[fd];
		spin_unlock(&files->file_lock);
		if (f)
			close_fd(files, fd);
	}
}

void close_fd_range(struct files_struct *files, unsigned first, unsigned last, bool cloexec)
{
	for (unsigned fd = first; fd <= last && fd < READ_ONCE(files->max_fds); fd++) {
		if (cloexec)
			set_close_on_exec(files, fd, true);
		else
			close_fd(files, fd);
	}
}

struct files_struct *files_dup(struct files_struct *old)
{
	struct files_struct *files = files_alloc();

	if (!files)
		return NULL;
	if (expand_files(files, old->max_fds)) {
		files_put(files);
		return NULL;
	}
	spin_lock(&old->file_lock);
	for (unsigned fd = 0; fd < old->max_fds && fd < files->max_fds; fd++) {
		if (old->fd[fd])
			files->fd[fd] = get_file(old->fd[fd]);
	}
	memcpy(files->close_on_exec, old->close_on_exec,
	       DIV_ROUND_UP(MIN(old->max_fds, files->max_fds), BITS_PER_LONG) * sizeof(long));
	files->next_fd = old->next_fd;
	spin_unlock(&old->file_lock);
	return files;
}

void files_put(struct files_struct *files)
{
	if (__atomic_sub_fetch(&files->count, 1, __ATOMIC_SEQ_CST) > 0)
		return;
	for (unsigned fd = 0; fd < files->max_fds; fd++)
		close_fd(files, fd);
	kfree(files->fd);
	kfree(files->close_on_exec);
	kfree(files);
}

unsigned files_count_open(struct files_struct *files)
{
	unsigned n = 0;

	spin_lock(&files->file_lock);
	for (unsigned fd = 0; fd < files->max_fds; fd++)
		n += files->fd[fd] != NULL;
	spin_unlock(&files->file_lock);
	return n;
}
