# User programs, built with musl's static toolchain (see the Makefile for
# where each lands): user/sbin/X.c -> /sbin/X, user/bin/X.c -> /bin/X,
# user/tests/X.c -> /bin/utest-X, a folder in user-dir-y -> /bin/FOLDER.
user-y += user/sbin/init.c
user-dir-y += user/sh

# Tools, one small file each.
user-y += user/bin/blkcheck.c
user-y += user/bin/cat.c
user-y += user/bin/chmod.c
user-y += user/bin/clear.c
user-y += user/bin/cp.c
user-y += user/bin/df.c
user-y += user/bin/dmesg.c
user-y += user/bin/echo.c
user-y += user/bin/env.c
user-y += user/bin/false.c
user-y += user/bin/grep.c
user-y += user/bin/head.c
user-y += user/bin/id.c
user-y += user/bin/kill.c
user-y += user/bin/ln.c
user-y += user/bin/lockstat.c
user-y += user/bin/ls.c
user-y += user/bin/mkdir.c
user-y += user/bin/mount.c
user-y += user/bin/mv.c
user-y += user/bin/poweroff.c
user-y += user/bin/ps.c
user-y += user/bin/pwd.c
user-y += user/bin/reboot.c
user-y += user/bin/rm.c
user-y += user/bin/rmdir.c
user-y += user/bin/sleep.c
user-y += user/bin/stat.c
user-y += user/bin/sync.c
user-y += user/bin/touch.c
user-y += user/bin/true.c
user-y += user/bin/umount.c
user-y += user/bin/uname.c
user-y += user/bin/utest.c
user-y += user/bin/wc.c
user-y += user/bin/mkswap.c
user-y += user/bin/swapon.c
user-y += user/bin/swapoff.c
user-y += user/bin/memhog.c

# Programs the kernel's ktests run (kernel/user/test_user.c).
user-y += user/bin/hello.c
user-y += user/bin/forkexit.c
user-y += user/bin/fault.c

# Tests: /bin/utest-NAME, run by /bin/utest.
user-y += user/tests/efault.c
user-y += user/tests/fpu.c
user-y += user/tests/brk.c
user-y += user/tests/enosys.c
user-y += user/tests/exec_xonly.c
user-y += user/tests/static_pie.c
user-y += user/tests/sigwait_altstack.c
user-y += user/tests/setid.c
user-y += user/tests/clock.c
user-y += user/tests/sleep_intr.c
user-y += user/tests/getrandom.c
user-y += user/tests/rlimit.c
user-y += user/tests/blk_raw.c
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
user-y += user/bin/pause.c
user-y += user/tests/fs_mount.c
user-y += user/tests/fs_xattr.c
user-y += user/tests/fs_attr.c
user-y += user/tests/fs_efault.c
user-y += user/tests/cow.c
user-y += user/tests/mmap.c
user-y += user/tests/stack.c
user-y += user/tests/fork_wait.c
user-y += user/tests/exec_args.c
user-y += user/tests/signal_handler.c
user-y += user/tests/sigprocmask.c
user-y += user/tests/kill_child.c
user-y += user/tests/sigchld.c
user-y += user/tests/nproc_limit.c
user-y += user/tests/script_exec.c
user-y += user/tests/sh.c
user-y += user/tests/mmap_file.c
user-y += user/tests/mmap_shared.c
user-y += user/tests/proc_mem.c
user-y += user/tests/pipe.c
user-y += user/tests/pipeline.c
user-y += user/tests/poll.c
user-y += user/tests/fifo.c
user-y += user/tests/tty.c
user-y += user/tests/fuzz.c

# Benchmarks (make bench, tools/bench): /bin/NAME, the same binaries on
# Lockstep and on Linux. benchinit is process 1 of a benchmark boot.
user-y += user/bench/benchinit.c
user-y += user/bench/blkbench.c
user-y += user/bench/vmbench.c
user-y += user/bench/fsbench.c
user-y += user/tests/blk_direct.c
user-y += user/tests/blk_mmap.c
user-y += user/tests/swap.c

# ext2: the host-made images read back, the workload whose tree the host
# compares, the power-cut writer and the concurrency test (tools/ext2check.py).
user-y += user/tests/ext2_read.c
user-y += user/tests/ext2_workload.c
user-y += user/tests/ext2_crash.c
user-y += user/tests/ext2_conc.c
user-y += user/tests/mm_hwpoison.c
user-y += user/tests/mm_populate.c
user-y += user/tests/ext2_fuzz.c
user-y += user/tests/mm_compact.c
user-y += user/tests/vfs_ioctl.c
user-y += user/tests/mm_bigfile.c
