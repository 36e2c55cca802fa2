/*
 * seq_file: text files produced by a function, as /proc's are.
 *
 * A small version of Linux's: only single_open() is provided. At open the
 * file's show() function writes the whole text into a buffer with
 * seq_printf() and friends; if the text does not fit, the buffer is doubled
 * and show() runs again. read() then copies from that snapshot at f_pos,
 * so a reader sees one consistent text however it splits its reads, and
 * the buffer needs no lock: it is written once, before the file is visible,
 * and only read after.
 */
#ifndef FS_SEQ_FILE_H
#define FS_SEQ_FILE_H

#include "fs/vfs/fs.h"
#include "kernel/boot/layout.h"

#define SEQ_BUF_MIN	PAGE_SIZE		/* first try */
#define SEQ_BUF_MAX	(4UL << 20)		/* largest text: -EFBIG beyond */

struct seq_file {
	char *buf;		/* the text; const once open returns */
	size_t size;		/* bytes allocated */
	size_t count;		/* bytes of text; == size once it overflowed */
	void *private;		/* the data passed to single_open() */
	struct file *file;	/* const: the open file */
};

/* Append formatted text. On overflow the text is dropped and the buffer
 * marked full; single_open() then retries with a bigger one. */
void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_vprintf(struct seq_file *m, const char *fmt, va_list ap);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
void seq_write(struct seq_file *m, const void *data, size_t len);

/*
 * Let a buffer formatter write into the free space: fmt(buf, len) writes
 * at most len - 1 bytes and a NUL and returns the bytes written, as
 * lockrule_format_report() and mounts_format() do. A result of len - 1 or
 * more counts as an overflow, since a full buffer and a cut text look the
 * same.
 */
void seq_put_formatted(struct seq_file *m, size_t (*fmt)(char *buf, size_t len));

static inline bool seq_has_overflowed(const struct seq_file *m)
{
	return m->count == m->size;
}

/*
 * ->open helper: run show(m, data) into a buffer that grows until the text
 * fits, and keep it in file->private_data. The error show() returns, or
 * -ENOMEM, or -EFBIG past SEQ_BUF_MAX. May sleep (show() may).
 */
int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data);
/* ->release of a single_open() file; also fine if open made no text. */
int single_release(struct inode *inode, struct file *file);
/* ->read: copy from the text at *pos. No lock needed. */
ssize_t seq_read(struct file *file, char *buf, size_t len, loff_t *pos);
/* ->llseek: SEEK_SET, SEEK_CUR, SEEK_END (from the end of the text).
 * Caller holds f_pos_lock (vfs_llseek). */
loff_t seq_lseek(struct file *file, loff_t offset, int whence);

#endif
