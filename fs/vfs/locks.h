/*
 * File locks: POSIX record locks (fcntl F_GETLK/F_SETLK/F_SETLKW), flock(2)
 * whole-file locks and leases, after Linux's fs/locks.c. The VFS calls
 * locks_remove_file() from the last fput() and locks_free_lock_context()
 * when it destroys an inode; system calls use fcntl_getlk(), fcntl_setlk(),
 * do_flock() and fcntl_setlease().
 *
 * Locks (order: outer first; see fs/vfs/locks.c for the argument):
 *	flctx_list_lock > ctx->flc_lock > blocked_lock_lock > fl->fl_wait.lock
 *	ctx->flc_lock > inode->i_lock		(only around ->fl_copy_lock)
 *	inode->i_lock alone			(installing inode->i_flctx)
 */
#ifndef FS_VFS_LOCKS_H
#define FS_VFS_LOCKS_H

#include "fs/vfs/fs.h"
#include "kernel/errno.h"

/* fcntl commands (Linux values) */
#define F_GETLK		5
#define F_SETLK		6
#define F_SETLKW	7
#define F_SETLEASE	1024
#define F_GETLEASE	1025

/* Lock types: struct flock's l_type and fl_type (Linux values). */
#define F_RDLCK		0
#define F_WRLCK		1
#define F_UNLCK		2

/* flock(2) operations (Linux values) */
#define LOCK_SH		1
#define LOCK_EX		2
#define LOCK_NB		4
#define LOCK_UN		8

/* fl_flags */
#define FL_POSIX		0x001	/* fcntl record lock */
#define FL_FLOCK		0x002	/* flock(2) lock, owned by the struct file */
#define FL_ACCESS		0x008	/* only look for a conflict, do not lock */
#define FL_EXISTS		0x010	/* unlock: -ENOENT if nothing was locked */
#define FL_LEASE		0x020	/* a lease */
#define FL_CLOSE		0x040	/* unlock at close */
#define FL_SLEEP		0x080	/* the requester will wait on a conflict */
#define FL_DOWNGRADE_PENDING	0x100	/* lease: being broken to F_RDLCK */
#define FL_UNLOCK_PENDING	0x200	/* lease: being broken to F_UNLCK */

/* Returned (positive) when a FL_SLEEP request was queued behind a
 * conflicting lock: the requester waits and tries again. */
#define FILE_LOCK_DEFERRED	1

#define OFFSET_MAX	((loff_t)0x7fffffffffffffffLL)

struct file_lock_operations {
	void (*fl_copy_lock)(struct file_lock *dst, struct file_lock *src);
	void (*fl_release_private)(struct file_lock *fl);
};

/*
 * A lock manager (an NFS server, a cluster filesystem) that requests locks
 * on behalf of others. Prototypes are the seed's; lm_change's first
 * argument points at the lease, and lm_change sets it to NULL when it
 * removed (and freed) the lease.
 */
struct lock_manager_operations {
	void (*lm_notify)(struct file_lock *fl);	/* a deferred request may now succeed */
	int (*lm_grant)(struct file_lock *fl, struct file_lock *conf, int result);
	void (*lm_break)(struct file_lock *lease);	/* please give the lease up */
	int (*lm_change)(struct file_lock **lease, int arg);
	bool (*lm_breaker_owns_lease)(struct file_lock *lease);
	bool (*lm_lock_expirable)(struct file_lock *fl);
	void (*lm_expire_lock)(void);
};

struct file_lock {
	/* The request: set by the requester; const once the lock is in a
	 * context's list (a copy is inserted, never the request itself). */
	void *fl_owner;			/* POSIX: the "process"; flock, lease: the struct file */
	int fl_pid;			/* for F_GETLK and /proc/locks */
	struct file *fl_file;		/* the file the lock was taken through */
	const struct file_lock_operations *fl_ops;
	const struct lock_manager_operations *fl_lmops;
	void *fl_private;		/* the owner's data for fl_ops / fl_lmops */

	/* flc_lock while the lock is in a context's list (FL_*_PENDING of a
	 * lease, a lease's type, the range of a POSIX lock being trimmed). */
	unsigned fl_flags;		/* FL_* */
	unsigned char fl_type;		/* F_RDLCK, F_WRLCK, F_UNLCK */
	loff_t fl_start, fl_end;	/* bytes, inclusive; fl_end OFFSET_MAX: to EOF */
	u64 fl_break_time;		/* lease: jiffies when an unlock break times out, 0 none */
	u64 fl_downgrade_time;		/* lease: same for a downgrade break */
	struct list_head fl_list;	/* in ctx->flc_posix / flc_flock / flc_lease */

	/* blocked_lock_lock: who waits for whom */
	struct file_lock *fl_blocker;		/* the lock this request waits for */
	struct list_head fl_blocked_requests;	/* requests waiting for this lock */
	struct list_head fl_blocked_member;	/* in fl_blocker->fl_blocked_requests */
	struct list_head fl_link;		/* POSIX waiter: in the global blocked list */

	struct wait_queue_head fl_wait;	/* the requester sleeps here */
};

/* An inode's locks; created on first use, freed with the inode. */
struct file_lock_context {
	spinlock_t flc_lock;
	struct list_head flc_flock;	/* flc_lock */
	struct list_head flc_posix;	/* flc_lock */
	struct list_head flc_lease;	/* flc_lock */
	struct inode *flc_inode;	/* const */
	struct list_head flc_all;	/* flctx_list_lock: every context, for locks_format() */
};

/* The user's view of a record lock (fcntl's struct flock, x86-64 layout). */
struct flock {
	short l_type;			/* F_RDLCK, F_WRLCK, F_UNLCK */
	short l_whence;			/* SEEK_SET, SEEK_CUR, SEEK_END */
	loff_t l_start;
	loff_t l_len;			/* 0: to EOF; negative: the bytes before l_start */
	int l_pid;
};

/* ---------------------------------------------- the lock objects */

/* Set up a lock the caller allocated (on the stack, say). Any context. */
void locks_init_lock(struct file_lock *fl);
/* kzalloc + locks_init_lock; NULL if no memory. Any context. */
struct file_lock *locks_alloc_lock(void);
/* ->fl_release_private and kfree. Not in a list, not blocked. May sleep
 * unless the lock is a lease. */
void locks_free_lock(struct file_lock *fl);
/* ->fl_release_private of a lock the caller allocated itself. */
void locks_release_private(struct file_lock *fl);
/* Copy fl into new (a fresh lock), with ->fl_copy_lock under the inode's
 * i_lock (fl->fl_file must be set when fl has fl_ops). No lock held. */
void locks_copy_lock(struct file_lock *new, struct file_lock *fl);

/* ---------------------------------------------- POSIX record locks */

/* Set, change or remove fl's range for fl->fl_owner. Returns 0, -EAGAIN
 * on a conflict (the conflicting lock copied to conflock if given),
 * FILE_LOCK_DEFERRED when FL_SLEEP queued the request, -EDEADLK, -ENOLCK.
 * No lock held; does not wait for the conflict. */
int posix_lock_file(struct file *filp, struct file_lock *fl, struct file_lock *conflock);
/* Replace fl with the first lock that conflicts with it, or set its type
 * to F_UNLCK. No lock held. */
void posix_test_lock(struct file *filp, struct file_lock *fl);
/* F_GETLK tests (fl is overwritten as for posix_test_lock); F_SETLK sets
 * (FILE_LOCK_DEFERRED if fl has FL_SLEEP, for lock managers); F_SETLKW
 * sets and sleeps until granted or a signal comes (-ERESTARTSYS). Uses
 * f_op->lock when the file has one.
 * May sleep. */
int vfs_lock_file(struct file *filp, unsigned cmd, struct file_lock *fl,
		  struct file_lock *conf);
int vfs_test_lock(struct file *filp, struct file_lock *fl);
/* Take a POSIX or flock lock, sleeping through conflicts when FL_SLEEP
 * is set (for ->flock and ->lock implementations); a signal ends the
 * sleep with -ERESTARTSYS. May sleep. */
int locks_lock_file_wait(struct file *filp, struct file_lock *fl);
/* Take a FL_SLEEP request out of the waiters (a lock manager giving up).
 * Returns 0, or -ENOENT if it was not waiting. No lock held. */
int locks_delete_block(struct file_lock *waiter);

/* fcntl(F_GETLK / F_SETLK / F_SETLKW) for owner. flock->l_whence is
 * relative to filp's f_pos or i_size. May sleep. */
int fcntl_getlk(struct file *filp, void *owner, struct flock *flock);
int fcntl_setlk(struct file *filp, void *owner, unsigned cmd, struct flock *flock);

/* ---------------------------------------------- flock(2) */

/* flock(2): LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB not to wait
 * (-EWOULDBLOCK). Uses f_op->flock when the file has one. May sleep. */
int do_flock(struct file *filp, unsigned cmd);

/* ---------------------------------------------- leases */

/* fcntl(F_SETLEASE): F_RDLCK, F_WRLCK or F_UNLCK on filp. -EAGAIN when
 * another file's lease conflicts. Uses f_op->setlease if there is one. */
int fcntl_setlease(struct file *filp, long arg);
/* fcntl(F_GETLEASE): the type of filp's lease (F_UNLCK: none). */
int fcntl_getlease(struct file *filp);
/* Add, change (arg F_RDLCK/F_WRLCK) or remove (F_UNLCK) filp's lease.
 * *lease is the caller's FL_LEASE lock with fl_file == filp and lm_break,
 * lm_change set; when it went into the list, *lease is set to NULL, else
 * the caller frees it. -EAGAIN when another file's lease conflicts (or,
 * for F_UNLCK, filp has none). May sleep. */
int vfs_setlease(struct file *filp, long arg, struct file_lock **lease, void **priv);
int generic_setlease(struct file *filp, long arg, struct file_lock **lease, void **priv);
/* The default ->lm_change: set a lease's type; F_UNLCK removes and frees
 * it and sets *lease to NULL. ctx->flc_lock held. */
int lease_modify(struct file_lock **lease, int arg);
/* Seconds a lease holder has to give up its lease once asked. */
extern unsigned lease_break_time;

/* Called by open (and truncate) before touching the file: break the
 * leases that conflict with access `mode` (O_ACCMODE bits; O_NONBLOCK:
 * -EWOULDBLOCK instead of waiting). May sleep. */
int __break_lease(struct inode *inode, unsigned mode);
static inline int break_lease(struct inode *inode, unsigned mode)
{
	struct file_lock_context *ctx = __atomic_load_n(&inode->i_flctx, __ATOMIC_ACQUIRE);

	/* A peek without flc_lock: a lease set after it is for a later open. */
	if (ctx && !list_empty(&ctx->flc_lease))
		return __break_lease(inode, mode);
	return 0;
}

/* ---------------------------------------------- closing and freeing */

/* Remove owner's POSIX locks on filp's inode: under POSIX, closing any
 * descriptor of a file drops all the process's locks on it. May sleep. */
void locks_remove_posix(struct file *filp, void *owner);
/* Remove every lock taken through filp (its last fput). May sleep. */
void locks_remove_file(struct file *filp);
/* At inode destruction; the inode has no users. No lock held. */
void locks_free_lock_context(struct inode *inode);

/* For filesystems whose ->lock completes later: hand the result of a
 * deferred request to its lock manager (->lm_grant). No lock held. */
int locks_lm_grant(struct file_lock *fl, struct file_lock *conf, int result);

/* ---------------------------------------------- reports */

/* /proc/locks: one line per lock, "1: POSIX  ADVISORY  WRITE 12
 * 00:00:1234 0 EOF", each waiter under its lock as "1: -> ...".
 * Returns the length written (at most len - 1). Takes the locks itself. */
size_t locks_format(char *buf, size_t len);
/* Requests waiting for a lock of this inode (tests, gdb). */
unsigned locks_count_waiters(struct inode *inode);

#endif
