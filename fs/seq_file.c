/*
 * seq_file: the text of a generated file, made once at open (see
 * seq_file.h). Used by /proc; any driver whose file is a report can use it.
 *
 * Layer above: procfs and drivers. Below: kmalloc and vsnprintf. Locks:
 * none. The text is written by show() in the opener's context before the
 * file exists for anyone else, and after that it is only read.
 */
#include "fs/seq_file.h"
#include "kernel/errno.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/slab.h"

/* The text never fills the buffer completely: count == size means
 * "overflowed", and vsnprintf needs the last byte for its NUL anyway. */
static void seq_set_overflow(struct seq_file *m)
{
	m->count = m->size;
}

void seq_vprintf(struct seq_file *m, const char *fmt, va_list ap)
{
	int n;

	if (seq_has_overflowed(m))
		return;
	n = vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	if (n < 0 || m->count + (size_t)n >= m->size)
		seq_set_overflow(m);
	else
		m->count += (size_t)n;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(m, fmt, ap);
	va_end(ap);
}

void seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (seq_has_overflowed(m))
		return;
	if (len >= m->size - m->count) {
		seq_set_overflow(m);
		return;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}

void seq_put_formatted(struct seq_file *m, size_t (*fmt)(char *buf, size_t len))
{
	size_t avail, n;

	if (seq_has_overflowed(m))
		return;
	avail = m->size - m->count;
	n = fmt(m->buf + m->count, avail);
	if (n + 1 >= avail)
		seq_set_overflow(m);
	else
		m->count += n;
}

/* One attempt at size bytes: 1 if the text did not fit, 0, or -errno. */
static int seq_fill(struct seq_file *m, size_t size,
		    int (*show)(struct seq_file *m, void *v))
{
	int err;

	m->buf = kmalloc(size, GFP_KERNEL);
	if (!m->buf)
		return -ENOMEM;
	m->size = size;
	m->count = 0;
	err = show(m, m->private);
	if (!err && !seq_has_overflowed(m))
		return 0;
	kfree(m->buf);
	m->buf = NULL;
	m->size = m->count = 0;
	return err < 0 ? err : 1;
}

int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data)
{
	struct seq_file *m;
	size_t size;
	int err;

	might_sleep();
	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->private = data;
	m->file = file;
	for (size = SEQ_BUF_MIN; ; size *= 2) {
		err = seq_fill(m, size, show);
		if (err <= 0)
			break;
		if (size >= SEQ_BUF_MAX) {
			err = -EFBIG;
			break;
		}
	}
	if (err) {
		kfree(m);
		return err;
	}
	file->private_data = m;
	return 0;
}

int single_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	if (m) {
		kfree(m->buf);
		kfree(m);
		file->private_data = NULL;
	}
	return 0;
}

ssize_t seq_read(struct file *file, char *buf, size_t len, loff_t *pos)
{
	struct seq_file *m = file->private_data;
	size_t n;

	if (!m)
		return -EBADF;
	if (*pos < 0)
		return -EINVAL;
	if ((u64)*pos >= m->count)
		return 0;
	n = MIN(len, m->count - (size_t)*pos);
	memcpy(buf, m->buf + *pos, n);
	*pos += (loff_t)n;
	return (ssize_t)n;
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	struct seq_file *m = file->private_data;
	loff_t pos;

	switch (whence) {
	case SEEK_SET: pos = offset; break;
	case SEEK_CUR: pos = file->f_pos + offset; break;
	case SEEK_END: pos = (m ? (loff_t)m->count : 0) + offset; break;
	default: return -EINVAL;
	}
	if (pos < 0)
		return -EINVAL;
	file->f_pos = pos;
	return pos;
}
