# User programs, built with musl's static toolchain (see the Makefile for
# where each lands): user/sbin/X.c -> /sbin/X, user/bin/X.c -> /bin/X,
# user/tests/X.c -> /bin/utest-X, a folder in user-dir-y -> /bin/FOLDER.
user-y += user/sbin/init.c
user-dir-y += user/sh
user-y += user/bin/hello.c
user-y += user/bin/fault.c
user-y += user/tests/efault.c
user-y += user/tests/fpu.c
user-y += user/tests/brk.c
user-y += user/tests/enosys.c
user-y += user/tests/setid.c
user-y += user/tests/clock.c
user-y += user/tests/sleep_intr.c
user-y += user/tests/getrandom.c
user-y += user/tests/rlimit.c
user-y += user/tests/misc_sys.c
user-y += user/tests/procself.c
user-y += user/tests/fs_rw.c
user-y += user/tests/fs_getdents.c
user-y += user/tests/fs_cwd.c
user-y += user/tests/fs_dup.c
user-y += user/tests/fs_append.c
user-y += user/tests/fs_cloexec.c
user-y += user/tests/fs_names.c
user-y += user/tests/fs_locks.c
user-y += user/tests/fs_eacces.c
user-y += user/tests/pause.c
user-y += user/tests/fs_mount.c
user-y += user/tests/fs_xattr.c
user-y += user/tests/fs_attr.c
user-y += user/tests/fs_efault.c
user-y += user/tests/cow.c
user-y += user/tests/mmap.c
user-y += user/tests/stack.c
