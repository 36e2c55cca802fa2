/*
 * Tests of the VFS pieces a disk filesystem uses (ktest=vfs_bdev):
 * mount_bdev/kill_block_super, dirty inodes written by sync, umount and
 * eviction (never freed dirty, the shrinker skips them), iget_failed,
 * d_splice_alias, generic_file_write_iter (buffered, O_APPEND, s_maxbytes,
 * O_DIRECT and its fallback, O_SYNC), fiemap_prep/fiemap_fill_next_extent,
 * the writeback flusher (expired inodes written without fsync), dirty
 * throttling (a writer over the limit sleeps while the flusher writes) and
 * /proc/sys/vm.
 *
 * "tfs" is a tiny filesystem type made for them: its fill_super reads the
 * device's block 1 (an ext2 superblock on vdd: the magic is checked when
 * mounted with data "ext2"), its files map file block n to device block
 * TFS_BASE + slot * TFS_FILE_BLOCKS + n (1 KiB blocks) and count every
 * ->write_inode, ->dirty_inode and ->evict_inode.
 *
 * Disks: vdd read only (the ext2 image, never written here); hdd from
 * 4 MiB up (sectors 8192..16383; the ATA tests stay below).
 */
#include "fs/vfs/file.h"
#include "fs/vfs/inode.h"
#include "fs/vfs/dcache.h"
#include "fs/vfs/mount.h"
#include "fs/vfs/namei.h"
#include "fs/vfs/super.h"
#include "fs/vfs/fiemap.h"
#include "fs/vfs/writeback.h"
#include "fs/vfs/aops.h"
#include "fs/vfs/ops.h"
#include "fs/buffer_head.h"
#include "fs/block_dev.h"
#include "drivers/block/blkdev.h"
#include "kernel/ktest/ktest.h"
#include "kernel/lib/string.h"
#include "kernel/lib/uio.h"
#include "kernel/errno.h"
#include "kernel/time.h"
#include "kernel/sched/sched.h"
#include "mm/pagemap.h"
#include "mm/page_alloc.h"
#include "mm/slab.h"

#define TFS_MAGIC	0x7e57f5
#define TFS_BASE	4096UL		/* 1 KiB blocks: hdd's second 4 MiB */
#define TFS_FILE_BLOCKS	256UL
#define TFS_MAXBYTES	(200 * 1024)

static struct {
	unsigned fill_calls;
	unsigned write_inode_calls, write_inode_sync;
	unsigned dirty_inode_calls;
	unsigned evict_calls;
	unsigned fsync_calls;
	struct block_device *bdev;	/* of the last fill */
	struct task_struct *writer;	/* writepage by this task is counted apart */
	unsigned writer_writepages, other_writepages;
} tfs;

static int tfs_get_block(struct inode *inode, sector_t iblock, struct buffer_head *bh, int create)
{
	unsigned long slot = (unsigned long)inode->i_private;

	if (iblock >= (sector_t)(inode->i_sb->s_maxbytes >> 10) ||
	    TFS_BASE + slot * TFS_FILE_BLOCKS + iblock >= 8192)	/* hdd's end */
		return -EFBIG;
	bh->b_bdev = inode->i_sb->s_bdev;
	bh->b_blocknr = TFS_BASE + slot * TFS_FILE_BLOCKS + iblock;
	set_buffer_mapped(bh);
	return 0;
}

static int tfs_read_folio(struct file *file, struct folio *folio)
{
	return block_read_full_folio(folio, tfs_get_block);
}

static int tfs_writepage(struct page *page, struct writeback_control *wbc)
{
	if (current == READ_ONCE(tfs.writer))
		__atomic_add_fetch(&tfs.writer_writepages, 1, __ATOMIC_RELAXED);
	else
		__atomic_add_fetch(&tfs.other_writepages, 1, __ATOMIC_RELAXED);
	return block_write_full_folio(page_folio(page), tfs_get_block, wbc);
}

static int tfs_write_begin(struct file *file, struct address_space *mapping, loff_t pos,
			   unsigned len, struct page **pagep, void **fsdata)
{
	return block_write_begin(mapping, pos, len, pagep, tfs_get_block);
}

static int tfs_direct_IO(struct kiocb *iocb, struct iov_iter *iter)
{
	return (int)blockdev_direct_IO(iocb, iocb->ki_filp->f_mapping->host, iter, tfs_get_block);
}

static const struct address_space_operations tfs_aops = {
	.read_folio = tfs_read_folio,
	.writepage = tfs_writepage,
	.write_begin = tfs_write_begin,
	.write_end = generic_write_end,
	.dirty_folio = block_dirty_folio,
	.invalidate_folio = block_invalidate_folio,
	.direct_IO = tfs_direct_IO,
};

static int tfs_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct inode *inode = file_inode(file);
	int err = filemap_write_and_wait_range(inode->i_mapping, start, end);

	tfs.fsync_calls++;
	if (!err)
		err = sync_inode_metadata(inode, 1);
	return err;
}

static const struct file_operations tfs_fops = {
	.read_iter = generic_file_read_iter,
	.write_iter = generic_file_write_iter,
	.fsync = tfs_fsync,
};

static int tfs_fiemap(struct inode *inode, struct fiemap_extent_info *fi, u64 start, u64 len)
{
	unsigned long slot = (unsigned long)inode->i_private;
	u64 size = (u64)i_size_read(inode), pos;
	int err;

	err = fiemap_prep(inode, fi, start, &len, 0);
	if (err)
		return err;
	/* One extent per 4 KiB, as if the file were in pieces. */
	for (pos = start & ~4095ULL; pos < size && pos < start + len; pos += 4096) {
		u32 flags = pos + 4096 >= size ? FIEMAP_EXTENT_LAST : 0;

		err = fiemap_fill_next_extent(fi, pos,
					      (TFS_BASE + slot * TFS_FILE_BLOCKS) * 1024 + pos,
					      4096, flags);
		if (err)
			return err < 0 ? err : 0;
	}
	return 0;
}

static const struct inode_operations tfs_file_iops = {
	.fiemap = tfs_fiemap,
};

static int tfs_write_inode(struct inode *inode, struct writeback_control *wbc)
{
	might_sleep();
	tfs.write_inode_calls++;
	if (wbc->sync_mode == WB_SYNC_ALL)
		tfs.write_inode_sync++;
	return 0;
}

static void tfs_dirty_inode(struct inode *inode, int flags)
{
	tfs.dirty_inode_calls++;
}

static void tfs_evict_inode(struct inode *inode)
{
	truncate_inode_pages_final(&inode->i_data);
	if (S_ISREG(inode->i_mode))	/* the root and test directories: not counted */
		tfs.evict_calls++;
}

static const struct super_operations tfs_sops = {
	.write_inode = tfs_write_inode,
	.dirty_inode = tfs_dirty_inode,
	.evict_inode = tfs_evict_inode,
};

static int tfs_fill_super(struct super_block *sb, void *data, int silent)
{
	struct buffer_head *bh;
	struct inode *root;
	u16 magic;

	tfs.fill_calls++;
	tfs.bdev = sb->s_bdev;
	if (data && !strcmp(data, "fail"))
		return -EINVAL;
	if (sb_set_blocksize(sb, 1024) != 1024)
		return -EINVAL;
	bh = sb_bread(sb, 1);
	if (!bh)
		return -EIO;
	memcpy(&magic, bh->b_data + 56, sizeof(magic));
	brelse(bh);
	if (data && !strcmp(data, "ext2") && magic != 0xEF53)
		return -EINVAL;
	sb->s_magic = TFS_MAGIC;
	sb->s_op = &tfs_sops;
	sb->s_maxbytes = TFS_MAXBYTES;
	root = new_inode(sb);
	if (!root)
		return -ENOMEM;
	root->i_ino = 1;
	root->i_mode = S_IFDIR | 0755;
	sb->s_root = d_make_root(root);
	return sb->s_root ? 0 : -ENOMEM;
}

static struct dentry *tfs_mount(struct file_system_type *type, int flags, const char *dev,
				void *data)
{
	return mount_bdev(type, flags, dev, data, tfs_fill_super);
}

static struct file_system_type tfs_type = {
	.name = "tfs",
	.mount = tfs_mount,
	.kill_sb = kill_block_super,
};

/* A regular file of slot (hashed, on the superblock's lists). */
static struct inode *tfs_new_file(struct super_block *sb, unsigned long slot)
{
	struct inode *inode = new_inode(sb);

	if (!inode)
		return NULL;
	inode->i_ino = 100 + slot;
	inode->i_mode = S_IFREG | 0644;
	inode->i_blkbits = 10;
	inode->i_private = (void *)slot;
	inode->i_mapping->a_ops = &tfs_aops;
	inode->i_fop = &tfs_fops;
	inode->i_op = &tfs_file_iops;
	insert_inode_hash(inode);
	return inode;
}

static bool bdev_free_for_others(const char *path)
{
	static int other_holder;
	struct block_device *b = blkdev_get_by_path(path, FMODE_READ | FMODE_EXCL, &other_holder);

	if (IS_ERR(b))
		return false;
	blkdev_put(b, FMODE_READ | FMODE_EXCL);
	return true;
}

KTEST(vfs_bdev_mount_shares_one_superblock)
{
	struct vfsmount *m1, *m2, *m3;
	struct super_block *sb;

	memset(&tfs, 0, sizeof(tfs));
	m1 = vfs_kern_mount(&tfs_type, 0, "/dev/vdd", "ext2");
	KT_ASSERT(!IS_ERR(m1), "mount vdd: %ld", PTR_ERR(m1));
	sb = m1->mnt_sb;
	KT_ASSERT(!strcmp(sb->s_id, "vdd"), "s_id %s", sb->s_id);
	KT_ASSERT(sb->s_bdev && sb->s_bdev == tfs.bdev, "s_bdev");
	KT_ASSERT_EQ(sb->s_dev, sb->s_bdev->bd_dev);
	KT_ASSERT_EQ(sb->s_bdev->bd_super, sb);
	KT_ASSERT_EQ(sb->s_blocksize, 1024UL);
	KT_ASSERT(!bdev_free_for_others("/dev/vdd"), "vdd not held exclusively");

	m2 = vfs_kern_mount(&tfs_type, 0, "/dev/vdd", "ext2");
	KT_ASSERT(!IS_ERR(m2), "second mount: %ld", PTR_ERR(m2));
	KT_ASSERT(m2->mnt_sb == sb, "second mount got another superblock");
	KT_ASSERT_EQ(tfs.fill_calls, 1u);
	m3 = vfs_kern_mount(&tfs_type, SB_RDONLY, "/dev/vdd", "ext2");
	KT_ASSERT(m3 == ERR_PTR(-EBUSY), "read-only mount of a rw superblock: %ld",
		  PTR_ERR(m3));

	mntput(m1);
	KT_ASSERT(!bdev_free_for_others("/dev/vdd"), "released with a mount left");
	KT_ASSERT(sb->s_flags & SB_ACTIVE, "shut down with a mount left");
	mntput(m2);
	KT_ASSERT(bdev_free_for_others("/dev/vdd"), "vdd still held after the last umount");

	/* A fresh mount after the last one went makes a new superblock. */
	m1 = vfs_kern_mount(&tfs_type, SB_RDONLY, "/dev/vdd", "ext2");
	KT_ASSERT(!IS_ERR(m1), "remount: %ld", PTR_ERR(m1));
	KT_ASSERT_EQ(tfs.fill_calls, 2u);
	KT_ASSERT(m1->mnt_sb->s_flags & SB_RDONLY, "not read-only");
	mntput(m1);

	/* fill_super failing releases everything. */
	m1 = vfs_kern_mount(&tfs_type, 0, "/dev/vdd", "fail");
	KT_ASSERT(m1 == ERR_PTR(-EINVAL), "failing fill_super: %ld", PTR_ERR(m1));
	KT_ASSERT(bdev_free_for_others("/dev/vdd"), "vdd held after a failed mount");
	m1 = vfs_kern_mount(&tfs_type, 0, "/dev/no-such-disk", NULL);
	KT_ASSERT(IS_ERR(m1), "mounted a missing device");
	m1 = vfs_kern_mount(&tfs_type, 0, "/dev/null", NULL);
	KT_ASSERT(IS_ERR(m1), "mounted a character device");
}

static unsigned long istate(struct inode *inode)
{
	return READ_ONCE(inode->i_state);
}

KTEST(vfs_bdev_dirty_inodes_reach_write_inode)
{
	struct vfsmount *m;
	struct super_block *sb;
	struct inode *a, *b, *c;
	unsigned w;

	memset(&tfs, 0, sizeof(tfs));
	m = vfs_kern_mount(&tfs_type, 0, "/dev/hdd", NULL);
	KT_ASSERT(!IS_ERR(m), "mount hdd: %ld", PTR_ERR(m));
	sb = m->mnt_sb;
	a = tfs_new_file(sb, 0);
	KT_ASSERT(a != NULL, "no inode");

	/* Dirty: ->dirty_inode, the bits, the list. */
	mark_inode_dirty(a);
	KT_ASSERT_EQ(tfs.dirty_inode_calls, 1u);
	KT_ASSERT_EQ(istate(a) & I_DIRTY, (unsigned long)I_DIRTY_INODE);
	KT_ASSERT_EQ(sb_nr_dirty_inodes(sb), 1UL);
	mark_inode_dirty(a);		/* already on the list */
	KT_ASSERT_EQ(sb_nr_dirty_inodes(sb), 1UL);

	/* sync writes it, waiting (WB_SYNC_ALL), and it leaves the list. */
	KT_ASSERT_EQ(sync_filesystem(sb), 0);
	KT_ASSERT_EQ(tfs.write_inode_calls, 1u);
	KT_ASSERT_EQ(tfs.write_inode_sync, 1u);
	KT_ASSERT_EQ(istate(a) & I_DIRTY, 0UL);
	KT_ASSERT_EQ(sb_nr_dirty_inodes(sb), 0UL);

	/* A clean inode is not written; metadata only is. */
	KT_ASSERT_EQ(write_inode_now(a, 1), 0);
	KT_ASSERT_EQ(tfs.write_inode_calls, 1u);
	mark_inode_dirty_sync(a);
	KT_ASSERT_EQ(sync_inode_metadata(a, 0), 0);
	KT_ASSERT_EQ(tfs.write_inode_calls, 2u);
	KT_ASSERT_EQ(tfs.write_inode_sync, 1u);	/* wait 0: WB_SYNC_NONE */

	/* Unused and dirty: the shrinker leaves it, still dirty, cached. */
	mark_inode_dirty(a);
	iput(a);
	shrink_icache(~0UL);
	KT_ASSERT_EQ(tfs.evict_calls, 0u);
	a = ilookup(sb, 100);
	KT_ASSERT(a != NULL, "the dirty inode was evicted");
	KT_ASSERT(istate(a) & I_DIRTY_SYNC, "no longer dirty");
	iput(a);

	/* Unlinked and dirty: evicted without a write. */
	b = tfs_new_file(sb, 1);
	KT_ASSERT(b != NULL, "no inode");
	clear_nlink(b);
	mark_inode_dirty(b);
	w = tfs.write_inode_calls;
	iput(b);
	KT_ASSERT_EQ(tfs.evict_calls, 1u);
	KT_ASSERT_EQ(tfs.write_inode_calls, w);

	/* Linked, dirty and evicted at once (unhashed): written first. */
	c = tfs_new_file(sb, 2);
	KT_ASSERT(c != NULL, "no inode");
	remove_inode_hash(c);
	mark_inode_dirty(c);
	iput(c);
	KT_ASSERT_EQ(tfs.evict_calls, 2u);
	KT_ASSERT_EQ(tfs.write_inode_calls, w + 1);

	/* umount writes the cached dirty one before it goes. */
	mntput(m);
	KT_ASSERT_EQ(tfs.evict_calls, 3u);
	KT_ASSERT_EQ(tfs.write_inode_calls, w + 2);
	KT_ASSERT_EQ(tfs.write_inode_sync, tfs.write_inode_calls - 1);
}

KTEST(vfs_bdev_iget_failed_lets_lookup_retry)
{
	struct vfsmount *m;
	struct super_block *sb;
	struct inode *inode, *again;

	memset(&tfs, 0, sizeof(tfs));
	m = vfs_kern_mount(&tfs_type, 0, "/dev/hdd", NULL);
	KT_ASSERT(!IS_ERR(m), "mount hdd: %ld", PTR_ERR(m));
	sb = m->mnt_sb;
	inode = iget_locked(sb, 77);
	KT_ASSERT(inode && (istate(inode) & I_NEW), "iget_locked");
	mark_inode_dirty(inode);	/* a half-read inode dirtied: never written */
	iget_failed(inode);
	KT_ASSERT_EQ(tfs.evict_calls, 0u);	/* no ->evict_inode for it */
	KT_ASSERT(ilookup(sb, 77) == NULL, "the failed inode is still found");
	again = iget_locked(sb, 77);
	KT_ASSERT(again && (istate(again) & I_NEW), "no fresh inode after iget_failed");
	again->i_mode = S_IFREG;
	unlock_new_inode(again);
	iput(again);
	mntput(m);
	KT_ASSERT_EQ(tfs.write_inode_calls, 0u);
}

KTEST(vfs_bdev_d_splice_alias)
{
	static const struct qstr qa = QSTR_INIT("a", 1), qb = QSTR_INIT("b", 1),
				 qc = QSTR_INIT("c", 1), qn = QSTR_INIT("neg", 3);
	struct vfsmount *m;
	struct dentry *root, *da, *db, *dc, *dn, *r, *found;
	struct inode *dir;

	memset(&tfs, 0, sizeof(tfs));
	m = vfs_kern_mount(&tfs_type, 0, "/dev/hdd", NULL);
	KT_ASSERT(!IS_ERR(m), "mount hdd: %ld", PTR_ERR(m));
	root = m->mnt_root;
	dir = new_inode(m->mnt_sb);
	KT_ASSERT(dir != NULL, "no inode");
	dir->i_ino = 200;
	dir->i_mode = S_IFDIR | 0755;
	insert_inode_hash(dir);

	inode_lock(d_inode(root));
	da = d_alloc(root, &qa);
	KT_ASSERT(da, "d_alloc");
	ihold(dir);
	KT_ASSERT(d_splice_alias(dir, da) == NULL, "first name of a directory");
	KT_ASSERT(d_inode(da) == dir && (da->d_flags & DCACHE_HASHED), "not attached");

	/* The same directory found under another name: the alias moves. */
	db = d_alloc(root, &qb);
	ihold(dir);
	r = d_splice_alias(dir, db);
	KT_ASSERT(r == da, "alias not returned: %p", r);
	KT_ASSERT(!strcmp((const char *)da->d_name.name, "b"), "alias not renamed");
	found = d_lookup(root, &qa);
	KT_ASSERT(found == NULL, "old name still hashed");
	found = d_lookup(root, &qb);
	KT_ASSERT(found == da, "new name not found");
	dput(found);
	dput(db);
	dput(r);

	/* Found below itself: a loop. */
	dc = d_alloc(da, &qc);
	ihold(dir);
	r = d_splice_alias(dir, dc);
	KT_ASSERT(r == ERR_PTR(-ELOOP), "directory inside itself: %p", r);
	dput(dc);

	/* Negative, and errors passed through. */
	dn = d_alloc(root, &qn);
	KT_ASSERT(d_splice_alias(NULL, dn) == NULL, "negative");
	KT_ASSERT(dn->d_inode == NULL && (dn->d_flags & DCACHE_HASHED), "negative not hashed");
	KT_ASSERT(d_splice_alias(ERR_PTR(-EIO), dn) == ERR_PTR(-EIO), "error not passed");
	dput(dn);
	inode_unlock(d_inode(root));
	dput(da);
	iput(dir);
	mntput(m);
}

/* Read len bytes (whole pages) of the disk at byte offset off into the
 * page-aligned buf, around every cache. */
static int raw_read(struct block_device *bdev, loff_t off, char *buf, unsigned len)
{
	for (unsigned done = 0; done < len; done += PAGE_SIZE) {
		struct bio *bio = bio_alloc(bdev, 1, REQ_OP_READ, GFP_KERNEL);
		int err;

		if (!bio)
			return -ENOMEM;
		bio->bi_sector = (sector_t)((off + done) >> SECTOR_SHIFT);
		bio_add_page(bio, virt_to_page(buf + done), PAGE_SIZE, 0);
		err = submit_bio_wait(bio);
		bio_put(bio);
		if (err)
			return err;
	}
	return 0;
}

static ssize_t file_write(struct file *f, loff_t pos, const void *buf, size_t len, int flags)
{
	struct kiocb iocb = { .ki_filp = f, .ki_pos = pos, .ki_flags = flags };
	struct kvec kv = { .iov_base = (void *)buf, .iov_len = len };
	struct iov_iter iter;
	ssize_t ret;

	iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, len);
	ret = generic_file_write_iter(&iocb, &iter);
	if (ret > 0 && iocb.ki_pos != (flags & IOCB_APPEND ? iocb.ki_pos : pos + ret))
		return -1000;	/* position not advanced */
	return ret;
}

static ssize_t file_read(struct file *f, loff_t pos, void *buf, size_t len)
{
	struct kiocb iocb = { .ki_filp = f, .ki_pos = pos };
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;

	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, len);
	return generic_file_read_iter(&iocb, &iter);
}

static loff_t dev_off(unsigned long slot, loff_t pos)
{
	return (loff_t)(TFS_BASE + slot * TFS_FILE_BLOCKS) * 1024 + pos;
}

KTEST(vfs_bdev_generic_file_write_iter)
{
	struct vfsmount *m;
	struct inode *inode;
	struct file f = { 0 };
	char *buf, *rd, *raw;
	struct timespec64 t0;
	ssize_t n;

	memset(&tfs, 0, sizeof(tfs));
	m = vfs_kern_mount(&tfs_type, 0, "/dev/hdd", NULL);
	KT_ASSERT(!IS_ERR(m), "mount hdd: %ld", PTR_ERR(m));
	inode = tfs_new_file(m->mnt_sb, 3);
	KT_ASSERT(inode != NULL, "no inode");
	buf = __get_free_pages(GFP_KERNEL, 2);
	rd = __get_free_pages(GFP_KERNEL, 2);
	raw = __get_free_pages(GFP_KERNEL, 2);
	KT_ASSERT(buf && rd && raw, "no memory");
	for (unsigned i = 0; i < 4 * PAGE_SIZE; i++)
		buf[i] = (char)(i * 7 + 3);
	f.f_inode = inode;
	f.f_mapping = inode->i_mapping;
	f.f_op = &tfs_fops;
	f.f_mode = FMODE_READ | FMODE_WRITE;
	f.f_path.mnt = m;
	f.f_path.dentry = m->mnt_root;

	/* Buffered: size, times, the dirty inode, the data in the cache. */
	t0 = inode->i_mtime;
	n = file_write(&f, 0, buf, 5000, 0);
	KT_ASSERT_EQ(n, 5000L);
	KT_ASSERT_EQ(i_size_read(inode), 5000LL);
	KT_ASSERT(inode->i_mtime.tv_sec != t0.tv_sec || inode->i_mtime.tv_nsec != t0.tv_nsec,
		  "mtime not updated");
	KT_ASSERT((istate(inode) & (I_DIRTY_SYNC | I_DIRTY_DATASYNC | I_DIRTY_PAGES)) ==
		  (I_DIRTY_SYNC | I_DIRTY_DATASYNC | I_DIRTY_PAGES), "state %#lx", istate(inode));
	KT_ASSERT_EQ(file_read(&f, 0, rd, 8192), 5000L);
	KT_ASSERT(!memcmp(rd, buf, 5000), "read back differs");

	/* O_APPEND writes at i_size whatever the position. */
	n = file_write(&f, 0, buf + 5000, 100, IOCB_APPEND);
	KT_ASSERT_EQ(n, 100L);
	KT_ASSERT_EQ(i_size_read(inode), 5100LL);
	KT_ASSERT_EQ(file_read(&f, 0, rd, 8192), 5100L);
	KT_ASSERT(!memcmp(rd, buf, 5100), "append differs");

	/* s_maxbytes: cut short, then -EFBIG. */
	n = file_write(&f, TFS_MAXBYTES - 10, buf, 100, 0);
	KT_ASSERT_EQ(n, 10L);
	n = file_write(&f, TFS_MAXBYTES, buf, 100, 0);
	KT_ASSERT_EQ(n, (ssize_t)-EFBIG);
	KT_ASSERT_EQ(inode_newsize_ok(inode, TFS_MAXBYTES + 1), -EFBIG);
	KT_ASSERT_EQ(inode_newsize_ok(inode, 10), 0);

	/* sync puts the data on the disk. */
	KT_ASSERT_EQ(sync_filesystem(m->mnt_sb), 0);
	KT_ASSERT_EQ(istate(inode) & I_DIRTY, 0UL);
	KT_ASSERT_EQ(raw_read(m->mnt_sb->s_bdev, dev_off(3, 0), raw, 8192), 0);
	KT_ASSERT(!memcmp(raw, buf, 5100), "not on the disk after sync");

	/* O_DIRECT inside i_size: straight to the disk, cache consistent. */
	n = file_write(&f, 8192, buf + 8192, 8192, IOCB_DIRECT);
	KT_ASSERT_EQ(n, 8192L);
	KT_ASSERT_EQ(raw_read(m->mnt_sb->s_bdev, dev_off(3, 8192), raw, 8192), 0);
	KT_ASSERT(!memcmp(raw, buf + 8192, 8192), "O_DIRECT data not on the disk");
	KT_ASSERT_EQ(file_read(&f, 8192, rd, 8192), 8192L);
	KT_ASSERT(!memcmp(rd, buf + 8192, 8192), "cache stale after O_DIRECT");

	/* O_SYNC: ->fsync of the range, the data on the disk. */
	n = file_write(&f, 20000, buf, 3000, IOCB_SYNC);
	KT_ASSERT_EQ(n, 3000L);
	KT_ASSERT_EQ(tfs.fsync_calls, 1u);
	KT_ASSERT_EQ(raw_read(m->mnt_sb->s_bdev, dev_off(3, 16384), raw, 8192), 0);
	KT_ASSERT(!memcmp(raw + (20000 - 16384), buf, 3000), "O_SYNC data not on the disk");

	free_pages_addr(buf, 2);
	free_pages_addr(rd, 2);
	free_pages_addr(raw, 2);
	iput(inode);
	mntput(m);
}

KTEST(vfs_bdev_fiemap_helpers)
{
	struct vfsmount *m;
	struct inode *inode;
	struct fiemap_extent_info fi = { 0 };
	u64 len;

	m = vfs_kern_mount(&tfs_type, 0, "/dev/hdd", NULL);
	KT_ASSERT(!IS_ERR(m), "mount hdd: %ld", PTR_ERR(m));
	inode = tfs_new_file(m->mnt_sb, 4);
	KT_ASSERT(inode != NULL, "no inode");
	i_size_write(inode, 10000);

	/* Counting only: three 4 KiB pieces, the last one flagged. */
	KT_ASSERT_EQ(call_fiemap(inode, &fi, 0, ~0ULL), 0);
	KT_ASSERT_EQ(fi.fi_extents_mapped, 3u);

	/* Flags it does not support come back with -EBADR. */
	fi = (struct fiemap_extent_info){ .fi_flags = FIEMAP_FLAG_XATTR | FIEMAP_FLAG_SYNC };
	len = 100;
	KT_ASSERT_EQ(fiemap_prep(inode, &fi, 0, &len, 0), -EBADR);
	KT_ASSERT_EQ(fi.fi_flags, (unsigned)FIEMAP_FLAG_XATTR);
	fi = (struct fiemap_extent_info){ .fi_flags = FIEMAP_FLAG_SYNC };
	len = ~0ULL;
	KT_ASSERT_EQ(fiemap_prep(inode, &fi, 1000, &len, 0), 0);
	KT_ASSERT_EQ(len, (u64)TFS_MAXBYTES - 1000);
	len = 0;
	KT_ASSERT_EQ(fiemap_prep(inode, &fi, 0, &len, 0), -EINVAL);
	len = 1;
	KT_ASSERT_EQ(fiemap_prep(inode, &fi, TFS_MAXBYTES, &len, 0), -EFBIG);

	/* The array is user memory: a kernel address is -EFAULT. */
	fi = (struct fiemap_extent_info){ .fi_extents_max = 2,
					  .fi_extents_start = (struct fiemap_extent *)&len };
	KT_ASSERT_EQ(fiemap_fill_next_extent(&fi, 0, 0, 4096, 0), -EFAULT);
	KT_ASSERT_EQ(fi.fi_extents_mapped, 0u);
	iput(inode);
	mntput(m);
}

static bool inode_clean_on_disk(struct inode *inode)
{
	return !mapping_tagged(inode->i_mapping, PAGECACHE_TAG_DIRTY) &&
	       !mapping_tagged(inode->i_mapping, PAGECACHE_TAG_WRITEBACK) &&
	       !(istate(inode) & I_DIRTY);
}

KTEST(vfs_bdev_flusher_writes_expired_inodes)
{
	unsigned old_interval = dirty_writeback_centisecs, old_expire = dirty_expire_centisecs;
	struct vfsmount *m;
	struct inode *inode;
	struct file f = { 0 };
	char *buf, *raw;
	int waited;

	memset(&tfs, 0, sizeof(tfs));
	m = vfs_kern_mount(&tfs_type, 0, "/dev/hdd", NULL);
	KT_ASSERT(!IS_ERR(m), "mount hdd: %ld", PTR_ERR(m));
	inode = tfs_new_file(m->mnt_sb, 5);
	buf = __get_free_pages(GFP_KERNEL, 1);
	raw = __get_free_pages(GFP_KERNEL, 1);
	KT_ASSERT(inode && buf && raw, "no memory");
	for (unsigned i = 0; i < 2 * PAGE_SIZE; i++)
		buf[i] = (char)(i * 13 + 1);
	f.f_inode = inode;
	f.f_mapping = inode->i_mapping;
	f.f_op = &tfs_fops;
	f.f_path.mnt = m;
	f.f_path.dentry = m->mnt_root;

	/* Expire after a second, look every tenth. */
	WRITE_ONCE(dirty_expire_centisecs, 100);
	WRITE_ONCE(dirty_writeback_centisecs, 10);
	wakeup_flusher();
	KT_ASSERT_EQ(file_write(&f, 0, buf, 2 * PAGE_SIZE, 0), (ssize_t)(2 * PAGE_SIZE));
	msleep(300);
	/* Young: left alone (unless the machine is over the background
	 * threshold, when everything is written). */
	if (global_dirty_folios() < dirty_background_thresh() / 2)
		KT_ASSERT(!inode_clean_on_disk(inode), "written before it expired");
	for (waited = 0; waited < 5000 && !inode_clean_on_disk(inode); waited += 50)
		msleep(50);
	WRITE_ONCE(dirty_expire_centisecs, old_expire);
	WRITE_ONCE(dirty_writeback_centisecs, old_interval);
	KT_ASSERT(inode_clean_on_disk(inode), "still dirty after 5 s: state %#lx", istate(inode));
	KT_ASSERT(tfs.write_inode_calls >= 1, "the inode was not written");
	KT_ASSERT_EQ(tfs.write_inode_sync, 0u);	/* the flusher does not wait */
	KT_ASSERT_EQ(tfs.fsync_calls, 0u);
	KT_ASSERT_EQ(raw_read(m->mnt_sb->s_bdev, dev_off(5, 0), raw, 2 * PAGE_SIZE), 0);
	KT_ASSERT(!memcmp(raw, buf, 2 * PAGE_SIZE), "the flusher's data is not on the disk");
	free_pages_addr(buf, 1);
	free_pages_addr(raw, 1);
	iput(inode);
	mntput(m);
}

KTEST(vfs_bdev_writer_throttled_over_dirty_limit)
{
	unsigned long old_limit = dirty_limit_pages, throttled = dirty_throttle_count();
	struct vfsmount *m;
	struct inode *inode;
	struct file f = { 0 };
	size_t len = 1 << 20;	/* 256 pages through a 32-page limit */
	char *buf, *rd;
	ssize_t n;

	memset(&tfs, 0, sizeof(tfs));
	m = vfs_kern_mount(&tfs_type, 0, "/dev/hdd", NULL);
	KT_ASSERT(!IS_ERR(m), "mount hdd: %ld", PTR_ERR(m));
	m->mnt_sb->s_maxbytes = TFS_FILE_BLOCKS * 1024 * 8;
	inode = tfs_new_file(m->mnt_sb, 6);	/* slots 6.. : 1 MiB is four slots' room */
	buf = kmalloc(len, GFP_KERNEL);
	rd = kmalloc(len, GFP_KERNEL);
	KT_ASSERT(inode && buf && rd, "no memory");
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(i * 5 + (i >> 12));
	f.f_inode = inode;
	f.f_mapping = inode->i_mapping;
	f.f_op = &tfs_fops;
	f.f_path.mnt = m;
	f.f_path.dentry = m->mnt_root;

	WRITE_ONCE(dirty_limit_pages, 32);
	WRITE_ONCE(tfs.writer, current);
	n = file_write(&f, 0, buf, len, 0);
	WRITE_ONCE(tfs.writer, NULL);
	WRITE_ONCE(dirty_limit_pages, old_limit);
	KT_ASSERT_EQ(n, (ssize_t)len);
	KT_ASSERT(dirty_throttle_count() > throttled, "the writer never slept");
	KT_ASSERT_EQ(tfs.writer_writepages, 0u);	/* it did not write back itself */
	KT_ASSERT(tfs.other_writepages > 0, "nobody wrote while it slept");
	KT_ASSERT_EQ(file_read(&f, 0, rd, len), (ssize_t)len);
	KT_ASSERT(!memcmp(rd, buf, len), "the file reads other bytes");
	KT_ASSERT_EQ(sync_filesystem(m->mnt_sb), 0);
	kfree(buf);
	kfree(rd);
	iput(inode);
	mntput(m);
}

/* Read a small /proc file into buf (NUL-terminated); bytes or -errno. */
static long proc_read(const char *path, char *buf, size_t size)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_read(f, buf, size - 1);
	fput(f);
	if (n >= 0)
		buf[n] = 0;
	return n;
}

static long proc_write(const char *path, const char *text)
{
	struct file *f = filp_open(path, O_WRONLY, 0);
	ssize_t n;

	if (IS_ERR(f))
		return PTR_ERR(f);
	n = kernel_write(f, text, strlen(text));
	fput(f);
	return n;
}

KTEST(vfs_bdev_proc_sys_vm_dirty_tunables)
{
	unsigned old = dirty_ratio;
	char buf[32];

	KT_ASSERT_EQ(proc_read("/proc/sys/vm/dirty_writeback_centisecs", buf, sizeof(buf)), 4L);
	KT_ASSERT(!strcmp(buf, "500\n") || dirty_writeback_centisecs != 500, "read %s", buf);
	KT_ASSERT(proc_read("/proc/sys/vm/dirty_expire_centisecs", buf, sizeof(buf)) > 0, "expire");
	KT_ASSERT(proc_read("/proc/sys/vm/dirty_background_ratio", buf, sizeof(buf)) > 0, "bg");
	KT_ASSERT_EQ(proc_write("/proc/sys/vm/dirty_ratio", "33\n"), 3L);
	KT_ASSERT_EQ(dirty_ratio, 33u);
	KT_ASSERT_EQ(proc_read("/proc/sys/vm/dirty_ratio", buf, sizeof(buf)), 3L);
	KT_ASSERT(!strcmp(buf, "33\n"), "read back %s", buf);
	KT_ASSERT_EQ(proc_write("/proc/sys/vm/dirty_ratio", "x"), (long)-EINVAL);
	KT_ASSERT_EQ(proc_write("/proc/sys/vm/dirty_ratio", "101"), (long)-EINVAL);
	KT_ASSERT_EQ(dirty_ratio, 33u);
	WRITE_ONCE(dirty_ratio, old);
}

/* rmdir leaves nothing that pins the directory: the negative entries its
 * lookups made go, no lookup in it makes new ones (-ENOENT), and the
 * last reference (a cwd) lets the inode go at once. On ext2 (vde). */
KTEST(vfs_bdev_rmdir_frees_the_directory)
{
	static const char *mnt = "/mnt-vfs-rmdir";
	struct path p;
	struct kstat st;
	struct dentry *r;
	struct super_block *sb;
	u64 ino;

	do_mkdirat(AT_FDCWD, mnt, 0755);	/* or it is there from an earlier run */
	KT_ASSERT_EQ(do_mount("/dev/vde", mnt, "ext2", 0, NULL), 0);
	KT_ASSERT_EQ(do_mkdirat(AT_FDCWD, "/mnt-vfs-rmdir/d", 0755), 0);
	KT_ASSERT_EQ(kern_path("/mnt-vfs-rmdir/d", 0, &p), 0);	/* as a cwd would */
	sb = p.dentry->d_sb;
	ino = d_inode(p.dentry)->i_ino;
	KT_ASSERT_EQ(vfs_stat("/mnt-vfs-rmdir/d/x", &st), -ENOENT);	/* a negative child */
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/mnt-vfs-rmdir/d"), 0);
	inode_lock(d_inode(p.dentry));
	r = lookup_one_len("y", p.dentry, 1);
	inode_unlock(d_inode(p.dentry));
	KT_ASSERT(r == ERR_PTR(-ENOENT), "lookup in a removed directory: %p", r);
	path_put(&p);
	KT_ASSERT(ilookup(sb, ino) == NULL, "the removed directory's inode is still in memory");
	KT_ASSERT_EQ(do_umount_path(mnt, 0), 0);
}

static int frozen_mkdir_result = 1;	/* 1: not finished yet */

static int frozen_mkdir(void *unused)
{
	WRITE_ONCE(frozen_mkdir_result, do_mkdirat(AT_FDCWD, "/mnt-vfs-freeze/while-frozen", 0755));
	return 0;
}

/* FIFREEZE/FITHAW through the ioctl of any file: -EOPNOTSUPP without
 * ->freeze_fs (procfs), a change waits for the thaw. On ext2. */
KTEST(vfs_bdev_fifreeze_fithaw)
{
	static const char *mnt = "/mnt-vfs-freeze";
	struct file *f, *rootf;
	struct super_block *sb;
	int waited;

	do_mkdirat(AT_FDCWD, mnt, 0755);
	KT_ASSERT_EQ(do_mount("/dev/vde", mnt, "ext2", 0, NULL), 0);
	f = filp_open("/mnt-vfs-freeze/hello.txt", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(f), "open: %ld", PTR_ERR(f));
	sb = file_inode(f)->i_sb;
	rootf = filp_open("/proc/mounts", O_RDONLY, 0);
	KT_ASSERT(!IS_ERR(rootf), "open /proc/mounts");
	KT_ASSERT_EQ(vfs_ioctl(rootf, FIFREEZE, 0), (long)-EOPNOTSUPP);	/* procfs */
	fput(rootf);

	KT_ASSERT_EQ(vfs_ioctl(f, FIFREEZE, 0), 0L);
	KT_ASSERT_EQ(sb->s_writers.frozen, SB_FREEZE_COMPLETE);
	KT_ASSERT_EQ(vfs_ioctl(f, FIFREEZE, 0), (long)-EBUSY);
	WRITE_ONCE(frozen_mkdir_result, 1);
	KT_ASSERT(kthread_run(frozen_mkdir, NULL, "frozen-mkdir") != NULL, "no thread");
	msleep(100);
	KT_ASSERT_EQ(READ_ONCE(frozen_mkdir_result), 1);	/* still waiting */
	KT_ASSERT_EQ(vfs_ioctl(f, FITHAW, 0), 0L);
	for (waited = 0; waited < 5000 && READ_ONCE(frozen_mkdir_result) == 1; waited += 10)
		msleep(10);
	KT_ASSERT_EQ(READ_ONCE(frozen_mkdir_result), 0);
	KT_ASSERT_EQ(vfs_ioctl(f, FITHAW, 0), (long)-EINVAL);
	KT_ASSERT_EQ(do_rmdir(AT_FDCWD, "/mnt-vfs-freeze/while-frozen"), 0);
	fput(f);
	KT_ASSERT_EQ(do_umount_path(mnt, 0), 0);
}
