/*
 * The root filesystem named on the kernel command line (a small Linux
 * init/do_mounts.c):
 *
 *   root=/dev/vda      the block device to mount as / (/dev/hda, /dev/vda1,
 *                      ...; "vda" alone means /dev/vda)
 *   rootfstype=ext2    its filesystem type (default ext2)
 *   ro | rw            read-only or read-write (default rw; rw wins)
 *   rootflags=OPTS     the filesystem's mount options (errors=remount-ro)
 *
 * The disks are probed synchronously at boot (pci_init), so no rootwait:
 * just before init starts, the device is mounted and made the root of the
 * namespace (mount_root_mnt: over the initramfs tmpfs, which stays
 * beneath), and the /proc and /dev mounts move onto the new root's
 * directories of those names. Without root=, or when the mount fails
 * (one console line says why), the initramfs stays the root.
 */
#include "fs/vfs/vfs.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/super.h"
#include "fs/vfs/fs.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"

static const char *const root_moves[] = { "/proc", "/dev" };

void prepare_namespace(void)
{
	char arg[48], dev[64], type[32], opts[128];
	struct file_system_type *fstype;
	struct vfsmount *mnt;
	bool ro;
	int err;

	might_sleep();
	if (!cmdline_get("root", arg, sizeof(arg)) || !arg[0])
		return;
	snprintf(dev, sizeof(dev), "%s%s", arg[0] == '/' ? "" : "/dev/", arg);
	if (!cmdline_get("rootfstype", type, sizeof(type)) || !type[0])
		strlcpy(type, "ext2", sizeof(type));
	ro = cmdline_get("ro", NULL, 0) && !cmdline_get("rw", NULL, 0);
	if (!cmdline_get("rootflags", opts, sizeof(opts)))
		opts[0] = 0;
	fstype = get_fs_type(type);
	if (!fstype) {
		mnt = ERR_PTR(-ENODEV);
	} else {
		mnt = vfs_kern_mount(fstype, ro ? MS_RDONLY : 0, dev, opts[0] ? opts : NULL);
	}
	if (IS_ERR(mnt)) {
		pr_err("VFS: cannot mount root %s (%s): error %ld; staying on the initramfs\n",
		       dev, type, PTR_ERR(mnt));
		return;
	}
	err = mount_root_mnt(mnt, root_moves, ARRAY_SIZE(root_moves));
	if (err) {
		pr_err("VFS: cannot make %s the root: error %d; staying on the initramfs\n",
		       dev, err);
		mntput(mnt);
		return;
	}
	pr_info("VFS: mounted root %s (%s filesystem) %s on device %u:%u\n", dev, type,
		ro ? "read-only" : "read-write", MAJOR(mnt->mnt_sb->s_dev),
		MINOR(mnt->mnt_sb->s_dev));
}
