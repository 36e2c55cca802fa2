/*
 * ktests of path resolution relative to the caller (ktest=namei_) and of
 * permission with credentials (ktest=perm_). A test thread borrows a
 * process's context for the duration: its own fs_struct (root, cwd,
 * umask), descriptor table and credentials, restored afterwards even when
 * an assertion fails (each body runs in a helper that returns to the
 * cleanup).
 */
#include "kernel/ktest/ktest.h"
#include "fs/vfs/d_path.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/fs_struct.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "kernel/sched/sched.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"

#define TDIR "/t-namei"

/* The thread's borrowed process context. */
struct borrowed {
	struct cred cred;
	struct fs_struct *fs;
	struct files_struct *files;
};

static bool borrow(struct borrowed *b)
{
	b->cred = current->cred;
	b->fs = current->fs;
	b->files = current->files;
	current->fs = fs_struct_alloc();
	current->files = files_alloc();
	return current->fs && current->files;
}

static void give_back(struct borrowed *b)
{
	if (current->files)
		files_put(current->files);
	if (current->fs)
		put_fs_struct(current->fs);
	current->files = b->files;
	current->fs = b->fs;
	current->cred = b->cred;
}

static void set_ids(u32 uid, u32 gid)
{
	struct cred *c = &current->cred;

	c->uid = c->euid = c->suid = c->fsuid = uid;
	c->gid = c->egid = c->sgid = c->fsgid = gid;
	c->ngroups = 0;
}

static int touch(const char *path, umode_t mode)
{
	struct file *f = filp_open(path, O_CREAT | O_WRONLY, mode);

	if (IS_ERR(f))
		return (int)PTR_ERR(f);
	fput(f);
	return 0;
}

/* Run body with a borrowed context, then restore it. */
#define WITH_PROCESS(body) do {						\
	struct borrowed __b;						\
	bool __ok = borrow(&__b);					\
	if (__ok)							\
		body(__kt);						\
	give_back(&__b);						\
	KT_ASSERT(__ok, "no memory for a process context");		\
} while (0)

/* The same dentry and mount. */
static bool same(const struct path *a, const struct path *b)
{
	return a->dentry == b->dentry && a->mnt == b->mnt;
}

static void chdir_to(const char *name)
{
	struct path p;

	if (kern_path(name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p) == 0) {
		fs_set_pwd(current->fs, &p);
		path_put(&p);
	}
}

static void chroot_to(const char *name)
{
	struct path p;

	if (kern_path(name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &p) == 0) {
		fs_set_root(current->fs, &p);
		path_put(&p);
	}
}

/* ------------------------------------------------------------ namei_ */

static void relative_body(struct ktest_ctx *__kt)
{
	struct path a, b;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "1", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "1/sub", 0755), 0);
	chdir_to(TDIR "1");
	KT_ASSERT_EQ(touch("sub/f", 0644), 0);			/* relative create */
	KT_ASSERT_EQ(kern_path("sub/f", 0, &a), 0);
	KT_ASSERT_EQ(kern_path(TDIR "1/sub/f", 0, &b), 0);
	KT_ASSERT(same(&a, &b), "relative and absolute names differ");
	path_put(&a);
	path_put(&b);
	KT_ASSERT_EQ(kern_path("./sub/../sub/f", 0, &a), 0);	/* ., .. from the cwd */
	path_put(&a);
	KT_ASSERT_EQ(do_symlinkat("sub/f", AT_FDCWD, "rel-link"), 0);
	KT_ASSERT_EQ(kern_path("rel-link", LOOKUP_FOLLOW, &a), 0);	/* target relative to the link */
	path_put(&a);
	KT_ASSERT_EQ(do_renameat2(AT_FDCWD, "sub/f", AT_FDCWD, "g", 0), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "g"), 0);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "rel-link"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "sub"), 0);
	chdir_to("/");
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, TDIR "1"), 0);
}

/* Relative names start at the cwd, for lookups and for every operation. */
KTEST(namei_relative_names_start_at_the_cwd)
{
	WITH_PROCESS(relative_body);
}

static void dirfd_body(struct ktest_ctx *__kt)
{
	struct file *dir, *reg;
	struct path a, b;
	int dfd, rfd;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "2", 0755), 0);
	KT_ASSERT_EQ(touch(TDIR "2/f", 0644), 0);
	dir = filp_open(TDIR "2", O_RDONLY | O_DIRECTORY, 0);
	reg = filp_open(TDIR "2/f", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(dir) && !IS_ERR(reg), "open");
	dfd = fd_install_lowest(current->files, dir, 0, false);
	rfd = fd_install_lowest(current->files, reg, 0, false);
	KT_ASSERT(dfd >= 0 && rfd >= 0, "install");

	KT_ASSERT_EQ(kern_path_at(dfd, "f", 0, &a), 0);
	KT_ASSERT_EQ(kern_path(TDIR "2/f", 0, &b), 0);
	KT_ASSERT(same(&a, &b), "dirfd-relative name is another file");
	path_put(&b);
	KT_ASSERT_EQ(kern_path_at(rfd, "", LOOKUP_EMPTY, &b), 0);	/* AT_EMPTY_PATH */
	KT_ASSERT(same(&a, &b), "empty path is not the descriptor's file");
	path_put(&a);
	path_put(&b);
	KT_ASSERT_EQ(kern_path_at(rfd, "x", 0, &a), -ENOTDIR);
	KT_ASSERT_EQ(kern_path_at(99, "x", 0, &a), -EBADF);
	KT_ASSERT_EQ(kern_path_at(dfd, "", 0, &a), -ENOENT);
	KT_ASSERT_EQ(kern_path_at(rfd, TDIR "2", 0, &a), 0);	/* absolute: dirfd unused */
	path_put(&a);
	KT_ASSERT_EQ(do_mkdirat(dfd, "d", 0755), 0);
	KT_ASSERT_EQ(do_renameat2(dfd, "d", AT_FDCWD, TDIR "2/e", 0), 0);
	KT_ASSERT_EQ(do_linkat(dfd, "f", dfd, "f2", 0), 0);
	KT_ASSERT_EQ(do_unlinkat(dfd, "f2"), 0);
	KT_ASSERT_EQ(do_rmdir(dfd, "e"), 0);
	KT_ASSERT_EQ(do_unlinkat(dfd, "f"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, TDIR "2"), 0);
}

/* *at() names start at a descriptor's directory; AT_EMPTY_PATH names
 * the descriptor's file; EBADF and ENOTDIR as Linux. */
KTEST(namei_dirfd_starts_at_the_descriptor)
{
	WITH_PROCESS(dirfd_body);
}

static void chroot_body(struct ktest_ctx *__kt)
{
	struct path a, root;
	char buf[64], *p;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "3", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "3/jail", 0755), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "3/jail/in", 0755), 0);
	KT_ASSERT_EQ(touch(TDIR "3/outside", 0644), 0);
	chroot_to(TDIR "3/jail");
	chdir_to("/in");
	get_current_root(&root);
	KT_ASSERT_EQ(kern_path("/../..", 0, &a), 0);
	KT_ASSERT(same(&a, &root), "/.. left the root");
	path_put(&a);
	KT_ASSERT_EQ(kern_path("../../../..", 0, &a), 0);
	KT_ASSERT(same(&a, &root), "../.. left the root");
	path_put(&a);
	KT_ASSERT_EQ(kern_path("../../outside", 0, &a), -ENOENT);
	KT_ASSERT_EQ(do_symlinkat("/..", AT_FDCWD, "up"), 0);		/* absolute target: the new root */
	KT_ASSERT_EQ(kern_path("up", LOOKUP_FOLLOW, &a), 0);
	KT_ASSERT(same(&a, &root), "an absolute symlink left the root");
	path_put(&a);
	/* Names as the jailed process sees them. */
	KT_ASSERT_EQ(kern_path(".", 0, &a), 0);
	p = d_path_from(&a, &root, buf, sizeof(buf));
	KT_ASSERT(!IS_ERR(p) && !strcmp(p, "/in"), "cwd named '%s'", IS_ERR(p) ? "?" : p);
	path_put(&a);
	path_put(&root);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "up"), 0);
	chroot_to("/..");	/* still the jail: nothing above it */
	get_current_root(&root);
	KT_ASSERT_EQ(kern_path("/in", 0, &a), 0);
	path_put(&a);
	path_put(&root);
}

/* ".." (and an absolute symlink) never climbs above the process root. */
KTEST(namei_dotdot_stays_inside_chroot)
{
	WITH_PROCESS(chroot_body);
	do_rmdir(AT_FDCWD, TDIR "3/jail/in");
	do_rmdir(AT_FDCWD, TDIR "3/jail");
	do_unlinkat(AT_FDCWD, TDIR "3/outside");
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, TDIR "3"), 0);
}

static void d_path_body(struct ktest_ctx *__kt)
{
	struct path root, a;
	char buf[64], *p;

	get_current_root(&root);
	KT_ASSERT_EQ(kern_path("/proc", LOOKUP_FOLLOW, &a), 0);	/* a mount's root */
	p = d_path_from(&a, &root, buf, sizeof(buf));
	KT_ASSERT(!IS_ERR(p) && !strcmp(p, "/proc"), "named '%s'", IS_ERR(p) ? "?" : p);
	path_put(&a);
	KT_ASSERT_EQ(kern_path("/dev/null", 0, &a), 0);		/* below a mount */
	p = d_path_from(&a, &root, buf, sizeof(buf));
	KT_ASSERT(!IS_ERR(p) && !strcmp(p, "/dev/null"), "named '%s'", IS_ERR(p) ? "?" : p);
	path_put(&a);
	p = d_path_from(&root, &root, buf, sizeof(buf));
	KT_ASSERT(!IS_ERR(p) && !strcmp(p, "/"), "root named '%s'", IS_ERR(p) ? "?" : p);
	p = d_path_from(&root, &root, buf, 1);
	KT_ASSERT(IS_ERR(p), "no room, yet a name");
	/* Outside the root: behind "(unreachable)". */
	KT_ASSERT_EQ(kern_path("/dev", 0, &a), 0);
	p = d_path_from(&root, &a, buf, sizeof(buf));
	KT_ASSERT(!IS_ERR(p) && !strncmp(p, "(unreachable)", 13), "named '%s'",
		  IS_ERR(p) ? "?" : p);
	path_put(&a);
	path_put(&root);
}

/* d_path_from() names a path across mount points, from the process root. */
KTEST(namei_d_path_crosses_mounts)
{
	WITH_PROCESS(d_path_body);
}

/* ------------------------------------------------------------- perm_ */

static struct inode fake_inode(umode_t mode, u32 uid, u32 gid)
{
	static const struct inode_operations no_ops;
	struct inode i;

	memset(&i, 0, sizeof(i));
	i.i_mode = mode;
	i.i_uid = uid;
	i.i_gid = gid;
	i.i_op = &no_ops;
	return i;
}

static void perm_body(struct ktest_ctx *__kt)
{
	struct inode owned = fake_inode(S_IFREG | 0640, 1000, 50);
	struct inode others = fake_inode(S_IFREG | 0604, 2000, 1000);
	struct inode noexec = fake_inode(S_IFREG | 0666, 0, 0);
	struct inode dir = fake_inode(S_IFDIR | 0700, 2000, 2000);

	set_ids(1000, 1000);
	KT_ASSERT_EQ(generic_permission(&owned, MAY_READ | MAY_WRITE), 0);	/* owner bits */
	KT_ASSERT_EQ(generic_permission(&owned, MAY_EXEC), -EACCES);
	KT_ASSERT_EQ(generic_permission(&others, MAY_READ), -EACCES);	/* group bits rule */
	KT_ASSERT_EQ(generic_permission(&dir, MAY_EXEC), -EACCES);
	current->cred.fsgid = 7;
	KT_ASSERT_EQ(generic_permission(&others, MAY_READ), 0);		/* now others' */
	current->cred.groups[0] = 1000;
	current->cred.ngroups = 1;
	KT_ASSERT_EQ(generic_permission(&others, MAY_READ), -EACCES);	/* a supplementary group */
	current->cred.fsuid = 2000;
	KT_ASSERT_EQ(generic_permission(&dir, MAY_EXEC | MAY_WRITE), 0);
	/* Root: anything but executing a file without an x bit. */
	set_ids(0, 0);
	KT_ASSERT_EQ(generic_permission(&owned, MAY_READ | MAY_WRITE), 0);
	KT_ASSERT_EQ(generic_permission(&dir, MAY_EXEC | MAY_READ), 0);
	KT_ASSERT_EQ(generic_permission(&noexec, MAY_EXEC), -EACCES);
	KT_ASSERT_EQ(generic_permission(&owned, MAY_EXEC), -EACCES);
	owned.i_mode = S_IFREG | 0001;
	KT_ASSERT_EQ(generic_permission(&owned, MAY_EXEC), 0);		/* one x bit is enough */
	/* The real uid does not count: only fsuid. */
	set_ids(1000, 1000);
	current->cred.uid = 0;
	KT_ASSERT_EQ(generic_permission(&noexec, MAY_READ), 0);
	KT_ASSERT_EQ(generic_permission(&dir, MAY_READ), -EACCES);
}

/* generic_permission() uses the caller's fsuid, fsgid and groups. */
KTEST(perm_generic_permission_uses_credentials)
{
	WITH_PROCESS(perm_body);
}

static void owner_body(struct ktest_ctx *__kt)
{
	struct kstat st;
	struct file *f;

	struct path p;

	current->fs->umask = 0;
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "4", 0777), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "4/sgid", 0777), 0);
	set_ids(1000, 100);
	current->fs->umask = 027;
	KT_ASSERT_EQ(touch(TDIR "4/f", 0666), 0);
	KT_ASSERT_EQ(vfs_stat(TDIR "4/f", &st), 0);
	KT_ASSERT(st.uid == 1000 && st.gid == 100 && (st.mode & 07777) == 0640,
		  "file uid %u gid %u mode %o", st.uid, st.gid, st.mode & 07777);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "4/d", 0777), 0);
	KT_ASSERT_EQ(vfs_stat(TDIR "4/d", &st), 0);
	KT_ASSERT_EQ(st.mode & 07777, 0750);
	KT_ASSERT_EQ(do_symlinkat("f", AT_FDCWD, TDIR "4/l"), 0);	/* no umask for links */
	KT_ASSERT_EQ(kern_path(TDIR "4/l", 0, &p), 0);
	KT_ASSERT_EQ(vfs_getattr(&p, &st), 0);
	path_put(&p);
	KT_ASSERT(S_ISLNK(st.mode) && (st.mode & 0777) == 0777, "link mode %o", st.mode);
	/* A file this open created is open for writing even with mode 0444. */
	f = filp_open(TDIR "4/ro", O_CREAT | O_EXCL | O_WRONLY, 0444);
	KT_ASSERT(!IS_ERR(f), "O_CREAT with 0444: %ld", PTR_ERR(f));
	fput(f);
	KT_ASSERT(PTR_ERR(filp_open(TDIR "4/ro", O_WRONLY, 0)) == -EACCES, "reopen for writing");
	/* Under a setgid directory: its group, and directories inherit the bit. */
	set_ids(0, 0);
	current->fs->umask = 0;
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "4/sgid/x", 0), 0);	/* sanity */
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, TDIR "4/sgid/x"), 0);
	KT_ASSERT_EQ(kern_path(TDIR "4/sgid", 0, &p), 0);
	inode_lock(d_inode(p.dentry));
	d_inode(p.dentry)->i_mode |= S_ISGID;
	d_inode(p.dentry)->i_gid = 555;
	inode_unlock(d_inode(p.dentry));
	path_put(&p);
	set_ids(1000, 100);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, TDIR "4/sgid/sub", 0755), 0);
	KT_ASSERT_EQ(vfs_stat(TDIR "4/sgid/sub", &st), 0);
	KT_ASSERT(st.gid == 555 && (st.mode & S_ISGID), "gid %u mode %o", st.gid, st.mode);
	KT_ASSERT_EQ(touch(TDIR "4/sgid/file", 02755), 0);		/* not in group 555 */
	KT_ASSERT_EQ(vfs_stat(TDIR "4/sgid/file", &st), 0);
	KT_ASSERT(st.gid == 555 && !(st.mode & S_ISGID), "gid %u mode %o", st.gid, st.mode);
	/* Removing needs write permission on the directory. */
	set_ids(2000, 2000);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, TDIR "4/f"), 0);		/* 0777 dir: allowed */
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, TDIR "4/d/missing"), -EACCES);	/* 0750, not ours */
}

/* New inodes belong to fsuid/fsgid (setgid directories as Linux), the
 * umask applies to creates and mkdir but not symlinks. */
KTEST(perm_new_inodes_take_owner_and_umask)
{
	static const char *const leftovers[] = {
		TDIR "4/f", TDIR "4/l", TDIR "4/ro", TDIR "4/sgid/file",
	};

	WITH_PROCESS(owner_body);
	for (unsigned i = 0; i < ARRAY_SIZE(leftovers); i++)
		do_unlinkat(AT_FDCWD, leftovers[i]);
	do_rmdir(AT_FDCWD, TDIR "4/sgid/sub");
	do_rmdir(AT_FDCWD, TDIR "4/sgid");
	do_rmdir(AT_FDCWD, TDIR "4/d");
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, TDIR "4"), 0);
}
