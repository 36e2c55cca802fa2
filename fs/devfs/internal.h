/* devfs's private parts: the built-in drivers' registration. */
#ifndef FS_DEVFS_INTERNAL_H
#define FS_DEVFS_INTERNAL_H

/* mem.c: major 1 (null, zero). */
void mem_chrdev_init(void);
/* tty.c: major 5 (tty, console). */
void tty_chrdev_init(void);

#endif
