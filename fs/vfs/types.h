/*
 * Basic VFS value types: names, times, attributes, stat results, and the
 * mode/flag constants with Linux's values (user space sees them unchanged).
 */
#ifndef FS_VFS_TYPES_H
#define FS_VFS_TYPES_H

#include "kernel/types.h"

typedef u32 umode_t;
typedef u32 dev_t;
typedef u32 kuid_t;
typedef u32 kgid_t;
typedef long long loff_t;

#define NAME_MAX	255
#define PATH_MAX	4096
#define MAXSYMLINKS	40

#define S_IFMT		00170000
#define S_IFSOCK	0140000
#define S_IFLNK		0120000
#define S_IFREG		0100000
#define S_IFBLK		0060000
#define S_IFDIR		0040000
#define S_IFCHR		0020000
#define S_IFIFO		0010000
#define S_ISUID		0004000
#define S_ISGID		0002000
#define S_ISVTX		0001000
#define S_IRWXUGO	00777
#define S_IALLUGO	07777
#define S_ISLNK(m)	(((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)	(((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m)	(((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)	(((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m)	(((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m)	(((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m)	(((m) & S_IFMT) == S_IFSOCK)

#define MAJOR(d)	((unsigned)((d) >> 20))
#define MINOR(d)	((unsigned)((d) & 0xfffff))
#define MKDEV(ma, mi)	(((dev_t)(ma) << 20) | (mi))

/* open(2) flags */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_DSYNC		00010000
#define O_ASYNC		00020000	/* FASYNC */
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#define __O_SYNC	04000000
#define O_PATH		010000000
#define __O_TMPFILE	020000000
#define O_TMPFILE	(__O_TMPFILE | O_DIRECTORY)

/* file->f_mode */
#define FMODE_READ	0x1
#define FMODE_WRITE	0x2
#define FMODE_LSEEK	0x4
#define FMODE_PREAD	0x8		/* pread/preadv allowed (cleared by nonseekable_open) */
#define FMODE_PWRITE	0x10
#define FMODE_ATOMIC_POS 0x8000		/* read/write/lseek serialise on f_pos_lock */
#define FMODE_PATH	0x4000		/* O_PATH: a handle on the path, no I/O */
#define FMODE_CREATED	0x100000	/* this open created the file */

#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4

/* permission masks */
#define MAY_EXEC	0x1
#define MAY_WRITE	0x2
#define MAY_READ	0x4
#define MAY_NOT_BLOCK	0x80

/* renameat2 flags */
#define RENAME_NOREPLACE	1
#define RENAME_EXCHANGE		2
#define RENAME_WHITEOUT		4

struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

/* A name with its length and hash, as the dcache keys it. */
struct qstr {
	const char *name;
	u32 len;
	u32 hash;
};
#define QSTR_INIT(n, l) { .name = (n), .len = (l) }

/* setattr request */
#define ATTR_MODE	(1 << 0)
#define ATTR_UID	(1 << 1)
#define ATTR_GID	(1 << 2)
#define ATTR_SIZE	(1 << 3)
#define ATTR_ATIME	(1 << 4)
#define ATTR_MTIME	(1 << 5)
#define ATTR_CTIME	(1 << 6)

struct iattr {
	unsigned ia_valid;
	umode_t ia_mode;
	kuid_t ia_uid;
	kgid_t ia_gid;
	loff_t ia_size;
	struct timespec64 ia_atime, ia_mtime, ia_ctime;
};

struct kstat {
	u64 ino;
	dev_t dev;
	umode_t mode;
	u32 nlink;
	kuid_t uid;
	kgid_t gid;
	dev_t rdev;
	loff_t size;
	struct timespec64 atime, mtime, ctime;
	u32 blksize;
	u64 blocks;
};

struct kstatfs {
	long f_type;
	long f_bsize;
	u64 f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	long f_namelen;
	long f_frsize;
	long f_flags;
};

#endif
