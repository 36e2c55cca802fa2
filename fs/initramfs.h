/*
 * initramfs: the root filesystem's first contents. GRUB loads a cpio
 * archive ("newc" format, made by tools/mkcpio from the repo's initramfs/
 * folder) as a multiboot2 module; vfs_init() ends by unpacking it into
 * the root tmpfs through the VFS entry points the syscalls use.
 */
#ifndef FS_INITRAMFS_H
#define FS_INITRAMFS_H

#include "kernel/types.h"

struct boot_module;

/*
 * Unpack the boot module named "initrd" (else the first module) into /.
 * Prints "initramfs: unpacked N entries (M bytes)" (M: the archive's
 * size), or "initramfs: none" and returns 0 when the boot had no module.
 * Returns 0, -EINVAL for a malformed archive (then nothing is created),
 * or the first error of the VFS. Sleeps; called once, at boot.
 */
int initramfs_unpack(void);

/* The module initramfs_unpack() reads, or NULL if the boot had none. */
const struct boot_module *initramfs_module(void);

/*
 * Unpack the newc archive data[0, len) under the existing directory
 * prefix ("" or "/" for the root). The whole archive is checked before
 * anything is created: a malformed one is refused with a console message
 * and -EINVAL. Then each entry is created (missing parent directories
 * with mode 0755), replacing an existing non-directory of the same name;
 * an error on one entry is reported and the rest still unpacked.
 * Returns the number of entries created, or -EINVAL, or the first error
 * of the VFS (-ENOMEM, -ENOSPC, -EEXIST for a file over a directory ...).
 * Sleeps; takes only the locks of the VFS calls it makes.
 */
int unpack_cpio(const void *data, size_t len, const char *prefix);

#endif
