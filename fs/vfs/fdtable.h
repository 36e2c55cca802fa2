/*
 * File descriptor tables: what a process's small integers stand for. A
 * table is shared by the threads of a process (and copied by fork). Each
 * open descriptor holds a reference on its struct file; close drops it and,
 * as POSIX requires, the process's record locks on that file. The table is
 * the owner of those locks.
 *
 * Locks: files->file_lock (spinlock) protects the array and the bitmaps;
 * files->count is atomic. fget() takes a file reference under the lock, so
 * a concurrent close cannot free the file under the caller.
 */
#ifndef FS_VFS_FDTABLE_H
#define FS_VFS_FDTABLE_H

#include "fs/vfs/fs.h"

#define NR_OPEN_MAX	1024	/* descriptors per table; RLIMIT_NOFILE may say fewer */

struct files_struct {
	long count;			/* atomic: tasks sharing the table */
	spinlock_t file_lock;
	unsigned max_fds;		/* file_lock: length of fd[] */
	struct file **fd;		/* file_lock: open files, NULL if free */
	unsigned long *close_on_exec;	/* file_lock: bitmap */
	unsigned next_fd;		/* file_lock: lowest maybe-free descriptor */
};

struct files_struct *files_alloc(void);			/* empty; NULL if no memory */
struct files_struct *files_dup(struct files_struct *old);	/* fork */
void files_get(struct files_struct *files);
void files_put(struct files_struct *files);		/* last put closes everything */

/* Install f at the lowest free descriptor >= min; consumes the caller's
 * reference on success. Returns the descriptor or -EMFILE/-ENOMEM. */
int fd_install_lowest(struct files_struct *files, struct file *f, unsigned min, bool cloexec);
/* The same below end (the caller's RLIMIT_NOFILE): -EMFILE when
 * [min, end) is full. */
int fd_install_range(struct files_struct *files, struct file *f, unsigned min, unsigned end,
		     bool cloexec);
/* Is a descriptor below end free now? (open(2) asks before it creates a
 * file, so that -EMFILE leaves nothing behind.) */
bool fd_room_below(struct files_struct *files, unsigned end);
/* A new reference to the file at fd, or NULL (-EBADF for the caller). */
struct file *fget(struct files_struct *files, unsigned fd);
/* close(2): flush, drop the owner's POSIX locks, drop the reference. */
int close_fd(struct files_struct *files, unsigned fd);
/* dup2/dup3: make newfd refer to oldfd's file (closing newfd first). */
int replace_fd(struct files_struct *files, unsigned oldfd, unsigned newfd, bool cloexec);
/* exec: close every descriptor marked close-on-exec. */
void close_on_exec(struct files_struct *files);
/* F_GETFD: 1 if fd is close-on-exec, 0 if not, -EBADF if not open. */
int get_close_on_exec(struct files_struct *files, unsigned fd);
/* F_SETFD: 0 or -EBADF. */
int set_close_on_exec(struct files_struct *files, unsigned fd, bool on);
/* close_range(2): close (or, with cloexec, mark close-on-exec) every open
 * descriptor in [first, last]. May sleep. */
void close_fd_range(struct files_struct *files, unsigned first, unsigned last, bool cloexec);
unsigned files_count_open(struct files_struct *files);

#endif
