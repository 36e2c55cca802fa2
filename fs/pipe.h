/*
 * Pipes (fs/pipe.c): pipe(2), pipe2(2), and the pipe behind a FIFO.
 *
 * A pipe is a ring of up to PIPE_DEF_BUFFERS pages (64 KiB, as Linux)
 * behind a pipefs inode (S_IFIFO, "pipe:[ino]"); pipe() opens it twice,
 * once for reading and once for writing. A write of at most PIPE_BUF
 * bytes lands whole, never interleaved with another writer's data.
 * Readers get end of file once every writer has closed; a writer with no
 * reader left gets -EPIPE and SIGPIPE.
 */
#ifndef FS_PIPE_H
#define FS_PIPE_H

#include "fs/vfs/fs.h"

#define PIPE_BUF		4096	/* atomic write size (POSIX) */
#define PIPE_DEF_BUFFERS	16	/* pages in the ring */

/* The two files of a new pipe: files[0] reads, files[1] writes. flags:
 * O_NONBLOCK (others are ignored here). 0 or -ENOMEM. May sleep. */
int create_pipe_files(struct file *files[2], int flags);

/* The operations of a FIFO's inode (init_special_inode sets them for
 * S_IFIFO): ->open finds or makes the inode's pipe. */
extern const struct file_operations pipefifo_fops;

#endif
