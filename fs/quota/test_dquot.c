/* Quotas on tmpfs: per-user inode and page limits give -EDQUOT. */
#include "kernel/ktest/ktest.h"
#include "fs/quota/dquot.h"
#include "fs/vfs/file.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "kernel/errno.h"
#include "mm/slab.h"

KTEST(dquot_tmpfs_inode_and_block_limits)
{
	struct path p;
	struct file *f;
	char name[48], *buf;
	u64 blocks, inodes;
	int i;

	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-quota", 0755), 0);
	KT_ASSERT_EQ(do_mount("q", "/t-quota", "tmpfs", 0,
			      "usrquota_inode_hardlimit=4,usrquota_block_hardlimit=16k"), 0);
	/* The root directory is one inode: three more fit. */
	for (i = 0; i < 4; i++) {
		snprintf(name, sizeof(name), "/t-quota/f%d", i);
		f = filp_open(name, O_CREAT | O_WRONLY, 0644);
		if (IS_ERR(f))
			break;
		fput(f);
	}
	KT_ASSERT_EQ(i, 3);
	KT_ASSERT_EQ(PTR_ERR(f), -EDQUOT);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-quota/d", 0755), -EDQUOT);
	f = filp_open("/proc/mounts", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f), "open /proc/mounts: %ld", PTR_ERR(f));
	buf = kzalloc(4096, GFP_KERNEL);
	KT_ASSERT(buf, "no memory");
	kernel_read(f, buf, 4095);
	fput(f);
	KT_ASSERT(strstr(buf, "q /t-quota tmpfs rw,size=") &&
		  strstr(buf, "usrquota_inode_hardlimit=4"), "/proc/mounts:\n%s", buf);
	kfree(buf);
	KT_ASSERT_EQ(kern_path("/t-quota", 0, &p), 0);
	KT_ASSERT_EQ(dquot_get_usage(p.mnt->mnt_sb, 0, &blocks, &inodes), 0);
	KT_ASSERT_EQ(inodes, 4);
	/* 16 KiB = 4 pages: the fifth page of writes fails. */
	buf = kzalloc(PAGE_SIZE, GFP_KERNEL);
	KT_ASSERT(buf, "no memory");
	f = filp_open("/t-quota/f0", O_WRONLY, 0);
	KT_ASSERT(!IS_ERR(f), "open");
	for (i = 0; i < 4; i++)
		KT_ASSERT_EQ(kernel_write(f, buf, PAGE_SIZE), PAGE_SIZE);
	KT_ASSERT_EQ(kernel_write(f, buf, PAGE_SIZE), -EDQUOT);
	fput(f);
	kfree(buf);
	KT_ASSERT_EQ(dquot_get_usage(p.mnt->mnt_sb, 0, &blocks, &inodes), 0);
	KT_ASSERT_EQ(blocks, 4);
	/* Freeing gives the quota back. */
	KT_ASSERT_EQ(do_unlinkat(AT_FDCWD, "/t-quota/f0"), 0);
	KT_ASSERT_EQ(dquot_get_usage(p.mnt->mnt_sb, 0, &blocks, &inodes), 0);
	KT_ASSERT_EQ(blocks, 0);
	KT_ASSERT_EQ(inodes, 3);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/t-quota/d", 0755), 0);
	KT_ASSERT_EQ(do_mount(NULL, "/t-quota", NULL, MS_REMOUNT, "usrquota_inode_hardlimit=9"),
		     -EINVAL);
	path_put(&p);
	KT_ASSERT_EQ(do_umount_path("/t-quota", 0), 0);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/t-quota"), 0);
}
