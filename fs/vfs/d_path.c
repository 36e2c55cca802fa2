/*
 * Path names from the dentry tree (see d_path.h). A name is built from
 * the end backwards: each dentry's name is prepended, then its parent's;
 * at the root of a mount the walk continues from the mount point in the
 * parent mount, until it meets the given root.
 *
 * No lock is taken: names and parents are read under rcu_read_lock()
 * (dentries, their names and mounts are freed after a grace period), and
 * the whole walk is redone if a rename (rename_lock) or a mount change
 * (mount_lock) ran meanwhile.
 */
#include "fs/vfs/d_path.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/mount.h"
#include "kernel/lib/string.h"
#include "kernel/errno.h"

#define UNREACHABLE	"(unreachable)"

/* Put len bytes of s before *end; false if buf has no room (one byte
 * stays free for the leading '/'). */
static bool prepend(char **end, char *buf, const char *s, u32 len)
{
	if (*end - buf < (long)len + 1)
		return false;
	*end -= len;
	memcpy(*end, s, len);
	return true;
}

/* One attempt of the walk; *unreachable when root was never met. */
static char *walk_up(const struct path *path, const struct path *root, char *buf, int buflen,
		     bool *unreachable)
{
	struct dentry *d = path->dentry;
	struct vfsmount *mnt = path->mnt;
	char *end = buf + buflen;

	*--end = '\0';
	*unreachable = false;
	while (d != root->dentry || mnt != root->mnt) {
		struct dentry *parent;

		if (d == READ_ONCE(mnt->mnt_root)) {
			struct vfsmount *up = READ_ONCE(mnt->mnt_parent);

			if (up == mnt) {
				*unreachable = true;
				break;
			}
			d = READ_ONCE(mnt->mnt_mountpoint);
			mnt = up;
			continue;
		}
		parent = READ_ONCE(d->d_parent);
		if (parent == d) {		/* a disconnected tree */
			*unreachable = true;
			break;
		}
		if (!prepend(&end, buf, READ_ONCE(d->d_name.name), READ_ONCE(d->d_name.len)) ||
		    !prepend(&end, buf, "/", 1))
			return ERR_PTR(-ENAMETOOLONG);
		d = parent;
	}
	return end;
}

char *d_path_from(const struct path *path, const struct path *root, char *buf, int buflen)
{
	bool unreachable;
	unsigned rseq, mseq;
	char *end;

	if (buflen < 2)
		return ERR_PTR(-ENAMETOOLONG);
	do {
		rseq = read_seqbegin(&rename_lock);
		mseq = read_seqbegin(&mount_lock);
		rcu_read_lock();
		end = walk_up(path, root, buf, buflen, &unreachable);
		rcu_read_unlock();
	} while (read_seqretry(&rename_lock, rseq) || read_seqretry(&mount_lock, mseq));
	if (IS_ERR(end))
		return end;
	if (!*end)
		*--end = '/';
	if (unreachable && !prepend(&end, buf, UNREACHABLE, sizeof(UNREACHABLE) - 1))
		return ERR_PTR(-ENAMETOOLONG);
	return end;
}

bool d_unlinked(const struct dentry *dentry)
{
	return !(READ_ONCE(dentry->d_flags) & DCACHE_HASHED) && dentry->d_parent != dentry;
}
