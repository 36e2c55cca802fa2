/*
 * initramfs: unpacking the boot module's cpio archive into the root tmpfs.
 *
 * The archive is in the "newc" format: each entry is a 110-byte header
 * (the magic "070701" and 13 numbers of 8 hex digits each), the name with
 * its NUL, padding to 4 bytes, the data, padding to 4 bytes. The entry
 * named TRAILER!!! ends an archive; zeros may follow it, and another
 * archive after them (archives may be concatenated).
 *
 * The archive comes from outside the kernel, so it is read in two passes:
 * the first checks every header, name, size and offset against the
 * archive's bounds and creates nothing; only a well-formed archive gets
 * the second pass, which creates the entries through the same VFS entry
 * points the syscalls use (do_mkdirat, filp_open + kernel_write,
 * do_symlinkat, do_mknodat, do_linkat) and sets each entry's mode and
 * owner with notify_change(). A malformed archive never crashes the
 * kernel or makes it read past the archive's end.
 *
 * Below: the VFS. Locks: none of its own; each VFS call takes what its
 * rule says, and set_attrs() holds the inode's i_rwsem around
 * notify_change(). Everything here may sleep.
 */
#include "fs/initramfs.h"
#include "fs/vfs/file.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "kernel/boot/multiboot2.h"
#include "kernel/errno.h"
#include "kernel/lib/list.h"
#include "kernel/lib/string.h"
#include "kernel/printk.h"
#include "mm/page.h"
#include "mm/slab.h"

#define CPIO_HDR_LEN	110
#define CPIO_MAGIC	"070701"
#define CPIO_NR_FIELDS	13
#define CPIO_TRAILER	"TRAILER!!!"
#define DEV_MAJOR_MAX	(MAJOR(~0u))
#define DEV_MINOR_MAX	(MINOR(~0u))

/* One entry of the archive, its header decoded. */
struct cpio_entry {
	size_t off;			/* of the header, for messages */
	u32 ino, mode, uid, gid, nlink, mtime, size;
	u32 dev_major, dev_minor, rdev_major, rdev_minor, namesize;
	const char *name;		/* in the archive, NUL-terminated */
	const u8 *data;			/* in the archive, size bytes */
};

/* A position in an archive. */
struct cpio_reader {
	const u8 *buf;
	size_t len;
	size_t pos;			/* of the next header; never above len */
	bool after_trailer;		/* only zeros or another archive may follow */
};

/* What the second pass has made so far. */
struct unpack {
	const char *prefix;
	size_t prefix_len;		/* without trailing slashes */
	char *path;			/* PATH_MAX: prefix/name of the current entry */
	char *target;			/* PATH_MAX: a symlink's target */
	struct list_head links;		/* struct hard_link */
	int created;
	int err;			/* the first error of the VFS */
};

/* A regular file the archive gives more than one name (nlink > 1). */
struct hard_link {
	struct list_head list;
	u32 ino, dev_major, dev_minor;
	char path[];
};

/* ------------------------------------------------------------ parsing */

static int malformed(size_t off, const char *why)
{
	pr_err("initramfs: malformed archive at offset %zu: %s\n", off, why);
	return -EINVAL;
}

static int hex_digit(u8 c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* The number newc writes as 8 hex digits at p; false if one is not hex. */
static bool parse_hex8(const u8 *p, u32 *out)
{
	u32 v = 0;

	for (int i = 0; i < 8; i++) {
		int d = hex_digit(p[i]);

		if (d < 0)
			return false;
		v = v << 4 | (u32)d;
	}
	*out = v;
	return true;
}

/* Decode the header at r->pos into e; 0 or -EINVAL. */
static int cpio_read_header(const struct cpio_reader *r, struct cpio_entry *e)
{
	const u8 *p = r->buf + r->pos;
	u32 f[CPIO_NR_FIELDS];

	e->off = r->pos;
	if (r->len - r->pos < CPIO_HDR_LEN)
		return malformed(r->pos, r->pos == r->len ? "no TRAILER!!! entry"
							   : "truncated header");
	if (memcmp(p, CPIO_MAGIC, 6) != 0)
		return malformed(r->pos, "bad magic (only newc \"070701\" archives)");
	for (int i = 0; i < CPIO_NR_FIELDS; i++)
		if (!parse_hex8(p + 6 + 8 * i, &f[i]))
			return malformed(r->pos, "header field not in hex");
	e->ino = f[0], e->mode = f[1], e->uid = f[2], e->gid = f[3];
	e->nlink = f[4], e->mtime = f[5], e->size = f[6];
	e->dev_major = f[7], e->dev_minor = f[8];
	e->rdev_major = f[9], e->rdev_minor = f[10], e->namesize = f[11];
	return 0;
}

/* Find e's name and data within the archive and move r past them. */
static int cpio_read_body(struct cpio_reader *r, struct cpio_entry *e)
{
	size_t name_off = e->off + CPIO_HDR_LEN, data_off;

	if (e->namesize < 2 || e->namesize > PATH_MAX)
		return malformed(e->off, "bad name size");
	if (e->namesize > r->len - name_off)
		return malformed(e->off, "name past the end");
	e->name = (const char *)r->buf + name_off;
	if (strnlen(e->name, e->namesize) != e->namesize - 1)
		return malformed(e->off, "name not ended by its NUL");
	data_off = ALIGN_UP(name_off + e->namesize, 4);
	if (data_off > r->len)
		return malformed(e->off, "name padding past the end");
	if (e->size > r->len - data_off)
		return malformed(e->off, "file data past the end");
	e->data = r->buf + data_off;
	r->pos = ALIGN_UP(data_off + e->size, 4);
	if (r->pos > r->len)
		r->pos = r->len;
	return 0;
}

/* After a trailer: skip zeros. 1 if a header follows, 0 at the end. */
static int skip_padding(struct cpio_reader *r)
{
	if (!r->after_trailer)
		return 1;
	while (r->pos < r->len && r->buf[r->pos] == 0)
		r->pos++;
	if (r->pos == r->len)
		return 0;
	if (r->pos % 4)
		return malformed(r->pos, "junk after TRAILER!!!");
	r->after_trailer = false;
	return 1;
}

/* The next entry into e: 1, or 0 at the end of the archive, or -EINVAL. */
static int cpio_next(struct cpio_reader *r, struct cpio_entry *e)
{
	int err;

	for (;;) {
		err = skip_padding(r);
		if (err <= 0)
			return err;
		err = cpio_read_header(r, e);
		if (!err)
			err = cpio_read_body(r, e);
		if (err)
			return err;
		if (strcmp(e->name, CPIO_TRAILER) != 0)
			return 1;
		r->after_trailer = true;
	}
}

/* name without a leading "/" or "./" (any number of them). */
static const char *strip_name(const char *name)
{
	for (;;) {
		if (name[0] == '/')
			name++;
		else if (name[0] == '.' && name[1] == '/')
			name += 2;
		else
			return name;
	}
}

/* Does name have a ".." component (which would leave the prefix)? */
static bool has_dotdot(const char *name)
{
	for (const char *c = name; c; c = strchr(c, '/')) {
		if (*c == '/')
			c++;
		if (c[0] == '.' && c[1] == '.' && (c[2] == '/' || c[2] == '\0'))
			return true;
	}
	return false;
}

/* Check that e's header makes sense for its type; strip its name. */
static int cpio_check_entry(struct cpio_entry *e)
{
	e->name = strip_name(e->name);
	if (has_dotdot(e->name))
		return malformed(e->off, "name with a \"..\" component");
	if (e->mode & ~(u32)(S_IFMT | S_IALLUGO))
		return malformed(e->off, "bad mode");
	switch (e->mode & S_IFMT) {
	case S_IFREG:
		return 0;
	case S_IFLNK:
		if (e->size == 0 || e->size >= PATH_MAX ||
		    strnlen((const char *)e->data, e->size) != e->size)
			return malformed(e->off, "bad symlink target");
		return 0;
	case S_IFCHR:
	case S_IFBLK:
		if (e->rdev_major > DEV_MAJOR_MAX || e->rdev_minor > DEV_MINOR_MAX)
			return malformed(e->off, "device number out of range");
		return e->size ? malformed(e->off, "data on a device node") : 0;
	case S_IFDIR:
	case S_IFIFO:
	case S_IFSOCK:
		return e->size ? malformed(e->off, "data on an entry without any") : 0;
	}
	return malformed(e->off, "unknown file type");
}

/* The first pass: 0 if the whole archive is well formed, else -EINVAL. */
static int cpio_validate(const void *data, size_t len)
{
	struct cpio_reader r = { .buf = data, .len = len };
	struct cpio_entry e;
	int err;

	while ((err = cpio_next(&r, &e)) > 0) {
		err = cpio_check_entry(&e);
		if (err)
			return err;
	}
	return err;
}

/* ----------------------------------------------------------- creating */

/* u->path = prefix/name; -ENAMETOOLONG if it does not fit. */
static int entry_path(struct unpack *u, const char *name)
{
	size_t n = strlen(name);

	if (u->prefix_len + 1 + n >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(u->path, u->prefix, u->prefix_len);
	u->path[u->prefix_len] = '/';
	memcpy(u->path + u->prefix_len + 1, name, n + 1);
	return 0;
}

/* Create the missing directories on the way to path, with mode 0755. */
static int make_parents(char *path)
{
	for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		int err;

		*p = '\0';
		err = do_mkdirat(AT_FDCWD, path, 0755);
		*p = '/';
		if (err && err != -EEXIST)
			return err;
	}
	return 0;
}

static bool is_dir(const char *path)
{
	struct path p;
	bool dir;

	if (kern_path(path, 0, &p))
		return false;
	dir = S_ISDIR(d_inode(p.dentry)->i_mode);
	path_put(&p);
	return dir;
}

/* Make room for a non-directory: unlink what has its name (-EISDIR if
 * that is a directory). */
static int remove_old(const char *path)
{
	int err = do_unlinkat(AT_FDCWD, path);

	return err == -ENOENT ? 0 : err;
}

static struct hard_link *find_link(struct unpack *u, const struct cpio_entry *e)
{
	struct hard_link *l;

	if (e->nlink < 2)
		return NULL;
	list_for_each_entry(l, &u->links, list)
		if (l->ino == e->ino && l->dev_major == e->dev_major &&
		    l->dev_minor == e->dev_minor)
			return l;
	return NULL;
}

/* Note that u->path is the first name of e's file. 0 or -ENOMEM. */
static int remember_link(struct unpack *u, const struct cpio_entry *e)
{
	size_t n = strlen(u->path) + 1;
	struct hard_link *l = kmalloc(sizeof(*l) + n, GFP_KERNEL);

	if (!l)
		return -ENOMEM;
	l->ino = e->ino, l->dev_major = e->dev_major, l->dev_minor = e->dev_minor;
	memcpy(l->path, u->path, n);
	list_add_tail(&l->list, &u->links);
	return 0;
}

static int write_all(struct file *f, const u8 *data, size_t len)
{
	while (len) {
		ssize_t n = kernel_write(f, data, len);

		if (n <= 0)
			return n < 0 ? (int)n : -EIO;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int create_dir(struct unpack *u, const struct cpio_entry *e)
{
	int err = do_mkdirat(AT_FDCWD, u->path, e->mode & S_IALLUGO);

	return err == -EEXIST && is_dir(u->path) ? 0 : err;
}

/*
 * A regular file. A later name of a file with nlink > 1 (same ino and
 * dev) becomes a hard link to the first, and its data (GNU cpio puts it on
 * the last name) is written into the shared file.
 */
static int create_file(struct unpack *u, const struct cpio_entry *e)
{
	struct hard_link *l = find_link(u, e);
	struct file *f;
	int err = remove_old(u->path);

	if (err)
		return err;
	if (l) {
		err = do_linkat(AT_FDCWD, l->path, AT_FDCWD, u->path, 0);
		f = err ? ERR_PTR(err) : filp_open(u->path, O_WRONLY, 0);
	} else {
		f = filp_open(u->path, O_CREAT | O_EXCL | O_WRONLY, 0600);
	}
	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	err = write_all(f, e->data, e->size);
	fput(f);
	if (!err && !l && e->nlink > 1)
		err = remember_link(u, e);
	return err;
}

static int create_symlink(struct unpack *u, const struct cpio_entry *e)
{
	int err = remove_old(u->path);

	if (err)
		return err;
	memcpy(u->target, e->data, e->size);
	u->target[e->size] = '\0';
	return do_symlinkat(u->target, AT_FDCWD, u->path);
}

/* A device node, FIFO or socket. */
static int create_node(struct unpack *u, const struct cpio_entry *e)
{
	dev_t dev = 0;
	int err = remove_old(u->path);

	if (err)
		return err;
	if (S_ISCHR(e->mode) || S_ISBLK(e->mode))
		dev = MKDEV(e->rdev_major, e->rdev_minor);
	return do_mknodat(AT_FDCWD, u->path, (umode_t)e->mode, dev);
}

static int create_entry(struct unpack *u, const struct cpio_entry *e)
{
	switch (e->mode & S_IFMT) {
	case S_IFDIR:
		return create_dir(u, e);
	case S_IFREG:
		return create_file(u, e);
	case S_IFLNK:
		return create_symlink(u, e);
	default:
		return create_node(u, e);
	}
}

/*
 * Give path (not followed) e's mode, owner and group, and to a
 * non-directory e's mtime as its atime and mtime (a directory's would
 * change again as entries are made in it). Takes the inode's i_rwsem
 * exclusive around notify_change(), as the setattr rule says.
 */
static int set_attrs(const char *path, const struct cpio_entry *e)
{
	struct iattr attr = {
		.ia_valid = ATTR_MODE | ATTR_UID | ATTR_GID,
		.ia_mode = (umode_t)(e->mode & S_IALLUGO),
		.ia_uid = e->uid,
		.ia_gid = e->gid,
	};
	struct inode *inode;
	struct path p;
	int err = kern_path(path, 0, &p);

	if (err)
		return err;
	if (!S_ISDIR(e->mode)) {
		attr.ia_valid |= ATTR_ATIME | ATTR_MTIME;
		attr.ia_atime.tv_sec = attr.ia_mtime.tv_sec = e->mtime;
	}
	inode = d_inode(p.dentry);
	sb_start_write(inode->i_sb);
	inode_lock(inode);
	err = notify_change(p.dentry, &attr);
	inode_unlock(inode);
	sb_end_write(inode->i_sb);
	path_put(&p);
	return err;
}

/* Create one entry, with its parents if they are missing, and set its
 * attributes (a symlink keeps mode 0777 and owner root: there is no
 * lchown). On an error, report it and carry on with the next entry. */
static void unpack_one(struct unpack *u, const struct cpio_entry *e)
{
	int err;

	if (e->name[0] == '\0' || strcmp(e->name, ".") == 0)
		return;
	err = entry_path(u, e->name);
	if (!err) {
		err = create_entry(u, e);
		if (err == -ENOENT && !(err = make_parents(u->path)))
			err = create_entry(u, e);
	}
	if (!err && !S_ISLNK(e->mode))
		err = set_attrs(u->path, e);
	if (!err) {
		u->created++;
		return;
	}
	pr_err("initramfs: cannot create %s: error %d\n", e->name, err);
	if (!u->err)
		u->err = err;
}

static void unpack_free(struct unpack *u)
{
	struct hard_link *l, *next;

	list_for_each_entry_safe(l, next, &u->links, list)
		kfree(l);
	kfree(u->target);
	kfree(u->path);
}

int unpack_cpio(const void *data, size_t len, const char *prefix)
{
	struct cpio_reader r = { .buf = data, .len = len };
	struct unpack u = { .prefix = prefix, .prefix_len = strlen(prefix) };
	struct cpio_entry e;
	int err;

	might_sleep();
	err = cpio_validate(data, len);
	if (err)
		return err;
	while (u.prefix_len && prefix[u.prefix_len - 1] == '/')
		u.prefix_len--;
	INIT_LIST_HEAD(&u.links);
	u.path = kmalloc(PATH_MAX, GFP_KERNEL);
	u.target = kmalloc(PATH_MAX, GFP_KERNEL);
	err = -ENOMEM;
	if (!u.path || !u.target)
		goto out_free;
	while (cpio_next(&r, &e) > 0) {
		cpio_check_entry(&e);	/* passed in cpio_validate(); strips the name */
		unpack_one(&u, &e);
	}
	err = u.err ? u.err : u.created;
out_free:
	unpack_free(&u);
	return err;
}

/* ---------------------------------------------------------- boot module */

const struct boot_module *initramfs_module(void)
{
	for (unsigned i = 0; i < boot_info.nr_modules; i++)
		if (strcmp(boot_info.modules[i].name, "initrd") == 0)
			return &boot_info.modules[i];
	return boot_info.nr_modules ? &boot_info.modules[0] : NULL;
}

int initramfs_unpack(void)
{
	const struct boot_module *m = initramfs_module();
	size_t len;
	int n;

	if (!m) {
		pr_info("initramfs: none\n");
		return 0;
	}
	if (m->end < m->start) {
		pr_err("initramfs: module \"%s\" ends before it starts\n", m->name);
		return -EINVAL;
	}
	len = m->end - m->start;
	n = unpack_cpio(phys_to_virt(m->start), len, "/");
	if (n < 0) {
		pr_err("initramfs: error %d unpacking module \"%s\"; the root may lack files\n",
		       n, m->name);
		return n;
	}
	pr_info("initramfs: unpacked %d entries (%zu bytes)\n", n, len);
	return 0;
}
