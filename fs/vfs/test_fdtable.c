/* Descriptor tables: allocation order, growth, dup2, close-on-exec, fork
 * copies, and POSIX locks dropped by close. */
#include "kernel/ktest/ktest.h"
#include "fs/vfs/fdtable.h"
#include "fs/vfs/file.h"
#include "fs/vfs/locks.h"
#include "fs/vfs/namei.h"
#include "kernel/errno.h"

static struct file *open_test_file(void)
{
	return filp_open("/t-fd/f", O_CREAT | O_RDWR, 0644);
}

KTEST(fdtable_lowest_free_growth_and_limit)
{
	struct files_struct *files = files_alloc();
	struct file *f;
	int fd, i;

	KT_ASSERT(files, "no memory");
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-fd", 0755), 0);
	f = open_test_file();
	KT_ASSERT(!IS_ERR(f), "open %ld", PTR_ERR(f));
	for (i = 0; i < 100; i++) {	/* grows past the first 32 slots */
		fd = fd_install_lowest(files, get_file(f), 0, false);
		KT_ASSERT_EQ(fd, i);
	}
	KT_ASSERT_EQ(close_fd(files, 7), 0);
	KT_ASSERT_EQ(close_fd(files, 7), -EBADF);
	KT_ASSERT_EQ(fd_install_lowest(files, get_file(f), 0, false), 7);
	KT_ASSERT_EQ(fd_install_lowest(files, get_file(f), 500, false), 500);
	KT_ASSERT(!fget(files, 200), "fd 200 is not open");
	for (i = 101; i < NR_OPEN_MAX; i++)	/* the 923 slots left */
		KT_ASSERT(fd_install_lowest(files, get_file(f), 0, false) >= 0, "full at %d", i);
	KT_ASSERT_EQ(fd_install_lowest(files, get_file(f), 0, false), -EMFILE);
	fput(f);			/* a failed install leaves the reference to us */
	KT_ASSERT_EQ(files_count_open(files), NR_OPEN_MAX);
	files_put(files);		/* closes all */
	fput(f);			/* ours */
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-fd/f"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-fd"), 0);
}

KTEST(fdtable_dup2_cloexec_and_fork_copy)
{
	struct files_struct *files = files_alloc(), *child;
	struct file *f;

	KT_ASSERT(files, "no memory");
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-fd", 0755), 0);
	f = open_test_file();
	KT_ASSERT(!IS_ERR(f), "open");
	KT_ASSERT_EQ(fd_install_lowest(files, f, 0, false), 0);
	KT_ASSERT_EQ(replace_fd(files, 0, 5, true), 5);
	KT_ASSERT_EQ(replace_fd(files, 3, 6, false), -EBADF);
	KT_ASSERT_EQ(f->f_count, 2);
	child = files_dup(files);
	KT_ASSERT(child, "dup failed");
	KT_ASSERT_EQ(f->f_count, 4);
	close_on_exec(child);		/* fd 5 was close-on-exec */
	KT_ASSERT_EQ(files_count_open(child), 1);
	KT_ASSERT_EQ(f->f_count, 3);
	files_put(child);
	files_put(files);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-fd/f"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-fd"), 0);
}

KTEST(fdtable_close_drops_posix_locks_of_the_table)
{
	struct files_struct *a = files_alloc(), *b = files_alloc();
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 10 };
	struct file *fa, *fb;
	int fda, fdb;

	KT_ASSERT(a && b, "no memory");
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-fd", 0755), 0);
	fa = open_test_file();
	fb = open_test_file();
	KT_ASSERT(!IS_ERR(fa) && !IS_ERR(fb), "open");
	fda = fd_install_lowest(a, fa, 0, false);
	fdb = fd_install_lowest(b, fb, 0, false);
	KT_ASSERT_EQ(fcntl_setlk(fa, a, F_SETLK, &fl), 0);	/* owner: table a */
	KT_ASSERT_EQ(fcntl_setlk(fb, b, F_SETLK, &fl), -EAGAIN);
	KT_ASSERT_EQ(close_fd(a, fda), 0);			/* drops a's locks */
	KT_ASSERT_EQ(fcntl_setlk(fb, b, F_SETLK, &fl), 0);
	KT_ASSERT_EQ(close_fd(b, fdb), 0);
	files_put(a);
	files_put(b);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-fd/f"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-fd"), 0);
}

/* fd_install_range() stops at the caller's limit (RLIMIT_NOFILE); the
 * close-on-exec flag reads back and changes per descriptor; close_fd_range()
 * closes (or marks) a range, whatever is open in it. */
KTEST(fdtable_limit_cloexec_flags_and_close_range)
{
	struct files_struct *files = files_alloc();
	struct file *f;

	KT_ASSERT(files, "no memory");
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-fd", 0755), 0);
	f = open_test_file();
	KT_ASSERT(!IS_ERR(f), "open");
	for (int i = 0; i < 4; i++)
		KT_ASSERT_EQ(fd_install_range(files, get_file(f), 0, 4, i == 2), i);
	KT_ASSERT_EQ(fd_install_range(files, get_file(f), 0, 4, false), -EMFILE);
	fput(f);				/* the refused install's reference */
	KT_ASSERT_EQ(fd_install_range(files, get_file(f), 2, 40, false), 4);
	KT_ASSERT_EQ(fd_install_range(files, get_file(f), 39, 40, false), 39);	/* grows */
	KT_ASSERT_EQ(fd_install_range(files, get_file(f), 39, 40, false), -EMFILE);
	fput(f);
	KT_ASSERT_EQ(get_close_on_exec(files, 2), 1);
	KT_ASSERT_EQ(get_close_on_exec(files, 1), 0);
	KT_ASSERT_EQ(get_close_on_exec(files, 20), -EBADF);
	KT_ASSERT_EQ(set_close_on_exec(files, 1, true), 0);
	KT_ASSERT_EQ(set_close_on_exec(files, 2, false), 0);
	KT_ASSERT_EQ(set_close_on_exec(files, 20, true), -EBADF);
	KT_ASSERT_EQ(get_close_on_exec(files, 1), 1);
	KT_ASSERT_EQ(get_close_on_exec(files, 2), 0);
	close_fd_range(files, 3, 39, true);	/* mark 3, 4, 39 */
	KT_ASSERT(get_close_on_exec(files, 3) == 1 && get_close_on_exec(files, 39) == 1,
		  "not marked");
	close_fd_range(files, 2, ~0u, false);	/* close 2..39 */
	KT_ASSERT_EQ(files_count_open(files), 2);
	close_on_exec(files);			/* fd 1 was marked */
	KT_ASSERT_EQ(files_count_open(files), 1);
	KT_ASSERT_EQ(f->f_count, 2);		/* fd 0 and ours */
	files_put(files);
	fput(f);
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-fd/f"), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-fd"), 0);
}
