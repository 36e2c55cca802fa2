/*
 * Per-process root, cwd and umask (see fs_struct.h).
 */
#include "fs/vfs/fs_struct.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "mm/slab.h"
#include "kernel/sched/sched.h"

struct fs_struct *fs_struct_alloc(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	spin_lock_init(&fs->lock);
	get_fs_root(&fs->root);
	get_fs_root(&fs->pwd);
	fs->umask = 022;
	return fs;
}

struct fs_struct *copy_fs_struct(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	fs->users = 1;
	spin_lock_init(&fs->lock);
	fs_get_root(old, &fs->root);
	fs_get_pwd(old, &fs->pwd);
	fs->umask = old->umask;
	return fs;
}

/* Dropping the paths may sleep (the last dput of an unlinked cwd). */
void put_fs_struct(struct fs_struct *fs)
{
	might_sleep();
	if (__atomic_sub_fetch(&fs->users, 1, __ATOMIC_ACQ_REL))
		return;
	path_put(&fs->root);
	path_put(&fs->pwd);
	kfree(fs);
}

void fs_get_root(struct fs_struct *fs, struct path *root)
{
	spin_lock(&fs->lock);
	*root = fs->root;
	path_get(root);
	spin_unlock(&fs->lock);
}

void fs_get_pwd(struct fs_struct *fs, struct path *pwd)
{
	spin_lock(&fs->lock);
	*pwd = fs->pwd;
	path_get(pwd);
	spin_unlock(&fs->lock);
}

/* Swap in a new path under the lock; drop the old one after it. */
static void fs_set_path(struct fs_struct *fs, struct path *slot, const struct path *path)
{
	struct path old;

	path_get(path);
	spin_lock(&fs->lock);
	old = *slot;
	*slot = *path;
	spin_unlock(&fs->lock);
	path_put(&old);
}

void fs_set_root(struct fs_struct *fs, const struct path *path)
{
	fs_set_path(fs, &fs->root, path);
}

void fs_set_pwd(struct fs_struct *fs, const struct path *path)
{
	fs_set_path(fs, &fs->pwd, path);
}

void get_current_root(struct path *root)
{
	if (current->fs)
		fs_get_root(current->fs, root);
	else
		get_fs_root(root);
}

void get_current_pwd(struct path *pwd)
{
	if (current->fs)
		fs_get_pwd(current->fs, pwd);
	else
		get_fs_root(pwd);
}

unsigned current_umask(void)
{
	return current->fs ? READ_ONCE(current->fs->umask) : 0;
}

unsigned set_current_umask(unsigned mask)
{
	struct fs_struct *fs = current->fs;
	unsigned old;

	if (!fs)
		return 0;
	old = fs->umask;
	WRITE_ONCE(fs->umask, mask & S_IRWXUGO);
	return old;
}
