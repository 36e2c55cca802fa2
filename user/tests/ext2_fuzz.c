/*
 * ext2_fuzz — the corruption fuzzer of ext2: mutate the metadata of a
 * pristine image, mount each mutated copy, walk it, write to it, unmount.
 * The kernel survives if every image ends with a mount refused with a
 * clean error, or a mount whose operations returned clean errors (or
 * none), and an unmount.
 *
 *   utest-ext2_fuzz [-n COUNT] [-s SEED] [-i INDEX] [-t SECONDS] [-v]
 *                   SOURCE TARGET
 *   utest-ext2_fuzz -r [-n COUNT] [-s SEED] [-v] DEVICE
 *   utest-ext2_fuzz                (as /bin/utest runs it: -r -n 8 /dev/vde
 *                                   when /dev/vde holds ext2; else a note)
 *
 * SOURCE holds the pristine image (a file or a disk: tools/ext2-fuzz makes
 * it, tools/check's ext2-fuzz configuration attaches it as /dev/vda); its
 * size is the image's (s_blocks_count blocks). TARGET is a block device at
 * least that big (/dev/ram0): each image is written there whole, then
 * mounted as ext2 on /tmp/ext2-fuzz.
 *
 * Where the metadata is comes from the pristine image itself (parse()):
 * the superblock, the group descriptors, each group's bitmaps, every inode
 * in use, directory blocks, indirect blocks (single, double, triple) and
 * xattr blocks. Image 0 is the pristine image: it must mount, walk with no
 * error and read back the files tools/ext2-fuzz wrote (a fuzzer that never
 * reaches ext2 must not pass). Image i > 0 gets 1 to 4 mutations (a byte,
 * a bit, a 16- or 32-bit value that matters - 0, ~0, a block number of
 * other metadata, the block count -, or a run of 0x00/0xff/random bytes)
 * in one region (the kind cycles with i) and, one time in four, in a
 * second one; one image in eight gets havoc instead, 3 to 6 regions of up
 * to 8 mutations each. Half the mutations of an inode, a directory block
 * or the superblock are aimed: an inode's type, link count, size, flags,
 * xattr block, a block pointer (to other metadata, another file's block,
 * the end) or its deletion time (the orphan list's link: to another
 * inode); a directory entry's inode (another directory, a reserved inode,
 * out of range), rec_len, name_len, type, or a '/' or NUL in its name; the
 * superblock's orphan list head, state, errors behaviour, a feature bit,
 * inode size, counts and geometry. All of it from SEED and i:
 * "-s SEED -i I -v" replays image I
 * alone and prints its mutations.
 *
 * Per image, in a child process (the parent gives it -t seconds, 60 by
 * default, then calls it a hang): write the image, mount (rw; read-only
 * if rw is refused with EROFS/EACCES; with errors=remount-ro for every
 * third image, i % 3 == 2, else errors=continue, which overrides an
 * s_errors of panic in the superblock), walk from the root (getdents64,
 * lstat, read every regular file - at most 1 MiB and its last bytes -,
 * the first pages of each through mmap, readlink, llistxattr and
 * lgetxattr), then write: create and fsync a file, append to one, set an
 * xattr, mkdir, rename, truncate the largest file, unlink it, rmdir, sync;
 * unmount. Then mount what that left once more, walk and write again
 * (for odd i while another process walks it too), unmount: the first
 * writes went through corrupted metadata. Special
 * files are never opened (a corrupted mode can make any inode a FIFO or a
 * device).
 *
 * A mount may be refused with EINVAL, EUCLEAN, EIO, EBADMSG, EFBIG,
 * ESTALE or EROFS. Every other failed call's errno is counted. Clean
 * errors: EIO, EUCLEAN, EINVAL, ENOENT, ENOTDIR, EISDIR, ELOOP,
 * ENAMETOOLONG, EFBIG, ENOSPC, ENODATA, ERANGE, E2BIG, EROFS, EOVERFLOW,
 * EMLINK, ENOTEMPTY, EEXIST, ESTALE, EBADMSG, EPERM, EACCES, EOPNOTSUPP,
 * ENXIO, ENODEV. Any other
 * (EFAULT, EBADF, ENOMEM, EBUSY from the unmount, ...), a child killed
 * by a signal, or a hang fails the run with the image's number and seed.
 * The kernel's side (no panic, no lockdep report) is the harness's.
 *
 * Output: one line per image, then
 *   ext2-fuzz: images=N refused=N errors=N clean=N odd=N time=S
 * (refused: the mount failed cleanly; errors: mounted, some call failed
 * cleanly; clean: mounted, nothing failed; odd: an unexpected errno, a
 * crash or a hang; the first few odd ones get a UTEST FAIL line each)
 * and UTEST PASS/FAIL ext2_fuzz. A pristine image that does not mount
 * ends the run there.
 *
 * -r (read-only): DEVICE holds an ext2 image that other tests use; each
 * mutation is written into it in place, the mount is read-only (no
 * writes, which expect EROFS), and the original bytes are put back after
 * the unmount. After each image the device's metadata (but the
 * superblock, where a kernel may record errors) must read back from the
 * disk exactly as before: a read-only mount that wrote fails the run.
 *
 * The same binary runs on Linux (tools/ext2-fuzz --linux boots Debian's
 * kernel in QEMU with it, for comparison).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include "utest.h"

#ifndef BLKFLSBUF
#define BLKFLSBUF	_IO(0x12, 97)	/* <linux/fs.h>'s */
#endif

#define MNT		"/tmp/ext2-fuzz"
#define MAX_REGIONS	4096
#define MAX_MUT		32
#define MAX_DEPTH	10
#define MAX_ENTRIES	4000		/* walked per image */
#define READ_CAP	(1 << 20)	/* bytes read from the start of a file */
#define MAX_REPORTED	10		/* odd images with a UTEST FAIL line each */

enum kind { K_SB, K_GDT, K_BBITMAP, K_IBITMAP, K_INODE, K_DIR, K_IND, K_XATTR, NR_KINDS };
static const char *const kind_name[NR_KINDS] = {
	"superblock", "gdt", "block-bitmap", "inode-bitmap", "inode", "dir-block",
	"indirect", "xattr-block",
};

struct region {
	uint64_t off;		/* bytes from the start of the image */
	uint32_t len;
	uint32_t ino;		/* the inode it belongs to, or 0 */
	enum kind kind;
};

struct mutation {
	uint64_t off;
	uint32_t len;
	uint8_t old[32], new[32];
	enum kind kind;
	uint32_t ino;
};

/* What the child reports through its pipe. */
struct outcome {
	int mounted;		/* 0 refused, 1 rw, 2 ro */
	int mount_errno;
	int errors;		/* failed calls with a clean errno */
	int odd;		/* failed calls with another errno */
	char odd_what[160];	/* the first of those */
	int errs[140];		/* count per errno */
	long entries, bytes;
	int remounted;		/* mounted a second time after the writes */
	int content_ok;		/* image 0: the known files read back right */
	char content_why[120];
};

/* The pristine image and what parse() found in it. */
static uint8_t *image;
static uint64_t image_len;
static uint32_t bsize, blocks_count, inodes_count, ipg, isize, ngroups, first_data;
static struct region regions[MAX_REGIONS];
static int nregions;
static int by_kind[NR_KINDS];
static uint32_t meta_blocks[16];	/* block numbers worth pointing at */
static int nmeta;
static uint32_t data_blocks[64];	/* some blocks of regular files */
static int ndata;
static uint32_t dir_inos[32];		/* directories' inode numbers */
static int ndirs;

static int verbose;
static int readonly_mode;

/* ---- a reproducible random stream (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

/* ---- the pristine image ---- */

static int src_fd = -1;		/* -r: the device itself, read as needed */

/* len bytes at off of the pristine image; 0, or -1 past its end. */
static int img_read(uint64_t off, void *buf, size_t len)
{
	if (off + len > image_len)
		return -1;
	if (image) {
		memcpy(buf, image + off, len);
		return 0;
	}
	return pread(src_fd, buf, len, off) == (ssize_t)len ? 0 : -1;
}

static uint32_t le32_at(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16_at(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static void add_region(enum kind k, uint64_t off, uint32_t len, uint32_t ino)
{
	for (int i = 0; i < nregions; i++)
		if (regions[i].off == off && regions[i].kind == k)
			return;
	if (nregions == MAX_REGIONS || off + len > image_len)
		return;
	regions[nregions++] = (struct region){ off, len, ino, k };
	by_kind[k]++;
}

static void add_meta(uint32_t block)
{
	if (nmeta < (int)(sizeof(meta_blocks) / sizeof(meta_blocks[0])))
		meta_blocks[nmeta++] = block;
}

/* A directory block of one empty entry (lost+found's spare blocks): not
 * worth a mutation. */
static int empty_dir_block(uint32_t block)
{
	uint8_t e[8];

	return img_read((uint64_t)block * bsize, e, 8) == 0 && !le32_at(e) &&
	       le16_at(e + 4) == (bsize & 0xffff);
}

/* An indirect block at level (1 single, 2 double, 3 triple) of inode ino:
 * itself a region, and what it points to followed. */
static void walk_indirect(uint32_t block, int level, uint32_t ino, int is_dir)
{
	uint8_t *buf;

	if (!block || block >= blocks_count)
		return;
	add_region(K_IND, (uint64_t)block * bsize, bsize, ino);
	if (ino == 7)
		return;		/* resize_inode: its blocks are the GDT's reserve */
	buf = malloc(bsize);
	if (!buf || img_read((uint64_t)block * bsize, buf, bsize) < 0) {
		free(buf);
		return;
	}
	for (uint32_t i = 0; i < bsize / 4; i++) {
		uint32_t b = le32_at(buf + 4 * i);

		if (!b || b >= blocks_count)
			continue;
		if (level > 1)
			walk_indirect(b, level - 1, ino, is_dir);
		else if (is_dir && !empty_dir_block(b))
			add_region(K_DIR, (uint64_t)b * bsize, bsize, ino);
	}
	free(buf);
}

/* Find the metadata of the pristine image. 0, or -1 if it is no ext2. */
static int parse(void)
{
	uint8_t sb[1024], gd[32], inode[256];

	if (img_read(1024, sb, sizeof(sb)) < 0 || le16_at(sb + 56) != 0xEF53)
		return -1;
	inodes_count = le32_at(sb + 0);
	blocks_count = le32_at(sb + 4);
	first_data = le32_at(sb + 20);
	bsize = 1024u << le32_at(sb + 24);
	ipg = le32_at(sb + 40);
	isize = le32_at(sb + 76) ? le16_at(sb + 88) : 128;
	if (bsize > 4096 || !ipg || isize < 128 || isize > 256 || !le32_at(sb + 32))
		return -1;
	ngroups = (blocks_count - first_data + le32_at(sb + 32) - 1) / le32_at(sb + 32);
	if ((uint64_t)blocks_count * bsize > image_len)
		return -1;
	add_region(K_SB, 1024, 1024, 0);
	add_region(K_GDT, (uint64_t)(first_data + 1) * bsize, ngroups * 32, 0);
	add_meta(first_data + 1);
	for (uint32_t g = 0; g < ngroups; g++) {
		uint32_t bb, ib, it;

		if (img_read((uint64_t)(first_data + 1) * bsize + g * 32, gd, 32) < 0)
			return -1;
		bb = le32_at(gd), ib = le32_at(gd + 4), it = le32_at(gd + 8);
		add_region(K_BBITMAP, (uint64_t)bb * bsize, bsize, 0);
		add_region(K_IBITMAP, (uint64_t)ib * bsize, bsize, 0);
		if (g == 0) {
			add_meta(bb);
			add_meta(ib);
			add_meta(it);
		}
		for (uint32_t i = 0; i < ipg; i++) {
			uint32_t ino = g * ipg + i + 1;
			uint64_t off = (uint64_t)it * bsize + (uint64_t)i * isize;
			uint16_t mode;
			uint32_t acl, blocks512;

			if (ino > inodes_count || img_read(off, inode, isize) < 0)
				break;
			mode = le16_at(inode);
			if (!mode || (!le16_at(inode + 26) && ino >= 11))
				continue;
			add_region(K_INODE, off, isize, ino);
			if ((mode & 0xF000) == 0x4000 && ndirs < 32)
				dir_inos[ndirs++] = ino;
			if ((mode & 0xF000) == 0x8000 && le32_at(inode + 40) && ndata < 64)
				data_blocks[ndata++] = le32_at(inode + 40);
			if (ino == 2 && nmeta < 15)
				add_meta(le32_at(inode + 40));		/* the root's first block */
			acl = le32_at(inode + 104);
			if (acl && acl < blocks_count)
				add_region(K_XATTR, (uint64_t)acl * bsize, bsize, ino);
			blocks512 = le32_at(inode + 28) - (acl ? bsize / 512 : 0);
			if ((mode & 0xF000) == 0xA000 && !blocks512)
				continue;				/* fast symlink */
			if ((mode & 0xF000) != 0x8000 && (mode & 0xF000) != 0x4000 &&
			    (mode & 0xF000) != 0xA000 && ino != 7)
				continue;				/* devices, FIFOs */
			for (int b = 0; b < 12; b++) {
				uint32_t blk = le32_at(inode + 40 + 4 * b);

				if ((mode & 0xF000) == 0x4000 && blk && blk < blocks_count &&
				    !empty_dir_block(blk))
					add_region(K_DIR, (uint64_t)blk * bsize, bsize, ino);
			}
			for (int level = 1; level <= 3; level++)
				walk_indirect(le32_at(inode + 40 + 4 * (11 + level)), level, ino,
					      (mode & 0xF000) == 0x4000);
		}
	}
	for (int k = 0; k < NR_KINDS; k++)
		if (!by_kind[k] && k != K_XATTR)
			fprintf(stderr, "ext2-fuzz: no %s region in the image\n", kind_name[k]);
	return 0;
}

/* ---- mutations ---- */

static uint32_t interesting32(void)
{
	static const uint32_t fixed[] = { 0, 1, 2, 0xffffffff, 0x7fffffff, 0x80000000, 11, 12,
					  0xffff, 0x10000 };

	switch (below(4)) {
	case 0:
		return fixed[below(sizeof(fixed) / sizeof(fixed[0]))];
	case 1:
		return blocks_count + below(3) - 1;
	case 2:
		return nmeta ? meta_blocks[below(nmeta)] : 0;
	default:
		return inodes_count + below(3) - 1;
	}
}

static uint16_t interesting16(void)
{
	static const uint16_t fixed[] = { 0, 1, 4, 8, 12, 0xffff, 0x8000, 0x7fff, 1024, 4096 };

	if (below(3) == 0)
		return (uint16_t)(bsize + 4 * below(3) - 4);
	return fixed[below(sizeof(fixed) / sizeof(fixed[0]))];
}

/* Where in a region a mutation lands: the fields that matter most of the
 * time (the superblock's used part, an inode's first 128 bytes, the start
 * of a bitmap), anywhere otherwise. */
static uint32_t pick_offset(const struct region *r, uint32_t align)
{
	uint32_t span = r->len;

	if (below(4)) {
		if (r->kind == K_SB)
			span = 0x108;
		else if (r->kind == K_INODE)
			span = 128;
		else if (r->kind == K_BBITMAP || r->kind == K_IBITMAP)
			span = 64;
		else if (r->kind == K_GDT)
			span = r->len < 64 ? r->len : 64;
	}
	if (span > r->len)
		span = r->len;
	return below(span / align) * align;
}

/* A block number worth putting where one is expected: other metadata, a
 * block of another file, the last one, one past the end, 0. */
static uint32_t some_block(void)
{
	switch (below(5)) {
	case 0:
		return nmeta ? meta_blocks[below(nmeta)] : 1;
	case 1:
	case 2:
		return ndata ? data_blocks[below(ndata)] : 1;
	case 3:
		return blocks_count - below(2);
	default:
		return below(2) ? 0 : 0xffffffff;
	}
}

/* An inode number worth putting where one is expected: an inode in use
 * (a directory, the root, lost+found), a reserved one, out of range. */
static uint32_t some_inode(void)
{
	static const uint32_t fixed[] = { 1, 2, 7, 11, 12 };

	switch (below(4)) {
	case 0:
		return ndirs ? dir_inos[below(ndirs)] : 2;
	case 1:
		return fixed[below(5)];
	case 2:
		return inodes_count + below(2);
	default:
		return 12 + below(inodes_count > 12 ? 70 : 1);
	}
}

/* A superblock field that decides how the rest is read: the orphan list's
 * head, state, errors behaviour, features, geometry. at/len/v out. */
static void mutate_super(uint32_t *at, uint32_t *len, uint8_t *v)
{
	static const uint16_t geometry[] = { 0, 4, 8, 20, 24, 32, 40, 84 };
	uint32_t x32;
	uint16_t x16;

	switch (below(5)) {
	case 0:				/* s_last_orphan */
		x32 = some_inode();
		*at = 232, *len = 4;
		memcpy(v, &x32, 4);
		return;
	case 1:				/* s_state, s_errors */
		x16 = (uint16_t)below(5);
		*at = below(2) ? 58 : 60, *len = 2;
		memcpy(v, &x16, 2);
		return;
	case 2:				/* a feature bit */
		*at = 92 + 4 * below(3) + below(2), *len = 1;
		img_read(1024 + *at, v, 1);
		v[0] ^= (uint8_t)(1u << below(8));
		return;
	case 3:				/* s_inode_size */
		x16 = below(2) ? (uint16_t)(128 << below(4)) : (uint16_t)rnd();
		*at = 88, *len = 2;
		memcpy(v, &x16, 2);
		return;
	default:			/* a count or a geometry field */
		x32 = interesting32();
		*at = geometry[below(8)], *len = 4;
		memcpy(v, &x32, 4);
		return;
	}
}

/* An inode field that decides what the inode is: its type, links, size,
 * flags, block pointers, xattr block, deletion time. at/len/v out. */
static void mutate_inode(uint32_t *at, uint32_t *len, uint8_t *v)
{
	static const uint16_t types[] = { 0x1000, 0x2000, 0x4000, 0x6000, 0x8000, 0xA000, 0xC000 };
	static const uint32_t flags[] = { 0x10, 0x20, 0x1000, 0x80000, 0x10000000, 0x4000 };
	uint32_t x32;
	uint16_t x16;

	switch (below(8)) {
	case 0:				/* i_mode: another type, same permissions */
		x16 = types[below(7)] | 0644;
		*at = 0, *len = 2;
		memcpy(v, &x16, 2);
		return;
	case 1:				/* i_links_count */
		x16 = below(3) == 0 ? 0xffff : (uint16_t)below(2);
		*at = 26, *len = 2;
		memcpy(v, &x16, 2);
		return;
	case 2:				/* i_size, i_size_high */
		x32 = below(2) ? 0xffffffff - below(4096) : below(1u << 20);
		*at = below(2) ? 4 : 108, *len = 4;
		memcpy(v, &x32, 4);
		return;
	case 3:				/* i_flags */
		x32 = flags[below(6)];
		*at = 32, *len = 4;
		memcpy(v, &x32, 4);
		return;
	case 4:				/* i_file_acl */
		x32 = some_block();
		*at = 104, *len = 4;
		memcpy(v, &x32, 4);
		return;
	case 5:				/* i_dtime (the orphan list's link), i_blocks */
		x32 = below(2) ? some_inode() : below(2) ? 0x5f5e1000 : 0;
		*at = below(2) ? 20 : 28, *len = 4;
		memcpy(v, &x32, 4);
		return;
	default:			/* i_block[k] */
		x32 = some_block();
		*at = 40 + 4 * (below(3) ? below(12) : 12 + below(3)), *len = 4;
		memcpy(v, &x32, 4);
		return;
	}
}

/* A field of one directory entry of the block at off: its inode (another
 * directory, a reserved inode, out of range), rec_len, name_len, type, a
 * '/' or NUL in the name. at/len/v out. */
static void mutate_dirent(uint64_t off, uint32_t *at, uint32_t *len, uint8_t *v)
{
	uint32_t offs[128], n = 0, pos = 0;
	uint8_t e[8];
	uint32_t x32;
	uint16_t x16;

	while (pos + 8 <= bsize && n < 128 && img_read(off + pos, e, 8) == 0) {
		uint16_t rec = le16_at(e + 4);

		offs[n++] = pos;
		if (rec < 8 || rec % 4)
			break;
		pos += rec;
	}
	if (!n)
		n = 1, offs[0] = 0;
	pos = offs[below(n)];
	img_read(off + pos, e, 8);
	switch (below(5)) {
	case 0: {
		static const uint32_t inos[] = { 0, 1, 2, 7, 11 };

		x32 = below(2) ? (ndirs ? dir_inos[below(ndirs)] : 2) :
		      below(2) ? inos[below(5)] : inodes_count + below(2);
		*at = pos, *len = 4;
		memcpy(v, &x32, 4);
		return;
	}
	case 1: {
		uint16_t rec = le16_at(e + 4);
		static const uint16_t odd[] = { 0, 4, 8, 12, 13, 0xfffc };

		x16 = below(2) ? odd[below(6)] : (uint16_t)(rec + 4 * below(5) - 8);
		*at = pos + 4, *len = 2;
		memcpy(v, &x16, 2);
		return;
	}
	case 2:
		v[0] = below(2) ? 0 : below(2) ? 255 : (uint8_t)(e[6] + below(16));
		*at = pos + 6, *len = 1;
		return;
	case 3:
		v[0] = (uint8_t)below(9);
		*at = pos + 7, *len = 1;
		return;
	default:
		v[0] = below(2) ? '/' : 0;
		*at = pos + 8 + (e[6] ? below(e[6]) : 0), *len = 1;
		return;
	}
}

static void mutate_region(const struct region *r, struct mutation *m)
{
	uint32_t at, len = 1;
	uint8_t v[32];

	if ((r->kind == K_INODE || r->kind == K_DIR || r->kind == K_SB) && below(2)) {
		if (r->kind == K_INODE)
			mutate_inode(&at, &len, v);
		else if (r->kind == K_DIR)
			mutate_dirent(r->off, &at, &len, v);
		else
			mutate_super(&at, &len, v);
		goto done;
	}
	switch (below(6)) {
	case 0:				/* a random byte */
		at = pick_offset(r, 1);
		v[0] = (uint8_t)rnd();
		break;
	case 1:				/* one bit */
		at = pick_offset(r, 1);
		img_read(r->off + at, v, 1);
		v[0] ^= (uint8_t)(1u << below(8));
		break;
	case 2:				/* a 32-bit field */
	case 5: {
		uint32_t x = interesting32();

		at = pick_offset(r, 4);
		len = 4;
		memcpy(v, &x, 4);
		break;
	}
	case 3: {			/* a 16-bit field */
		uint16_t x = interesting16();

		at = pick_offset(r, 2);
		len = 2;
		memcpy(v, &x, 2);
		break;
	}
	default: {			/* a run */
		int fill = below(3);

		len = 2 + below(31);
		at = pick_offset(r, 1);
		for (uint32_t i = 0; i < len; i++)
			v[i] = fill == 0 ? 0 : fill == 1 ? 0xff : (uint8_t)rnd();
		break;
	}
	}
done:
	if (at >= r->len)
		at = r->len - 1;
	if (at + len > r->len)
		len = r->len - at;
	m->off = r->off + at;
	m->len = len;
	m->kind = r->kind;
	m->ino = r->ino;
	img_read(m->off, m->old, len);
	memcpy(m->new, v, len);
}

static const struct region *pick_region(enum kind k)
{
	int n = below(by_kind[k]);

	for (int i = 0; i < nregions; i++)
		if (regions[i].kind == k && n-- == 0)
			return &regions[i];
	return NULL;
}

/* The mutations of image i (none for image 0); how many. */
static int plan_image(uint64_t seed, long i, struct mutation *m)
{
	int n = 0, kinds = 1, havoc;
	enum kind k;

	if (i == 0)
		return 0;
	rng_state = seed * 0x2545f4914f6cdd1dull ^ (uint64_t)i * 0x9e3779b97f4a7c15ull;
	rnd();
	if (below(4) == 0)
		kinds = 2;
	havoc = below(8) == 0;
	if (havoc)
		kinds = 3 + below(4);
	for (int round = 0; round < kinds; round++) {
		k = round == 0 ? (enum kind)((i - 1) % NR_KINDS) : (enum kind)below(NR_KINDS);
		if (!by_kind[k])
			k = K_INODE;
		for (int j = 1 + below(havoc ? 8 : 4); j > 0 && n < MAX_MUT; j--) {
			const struct region *r = pick_region(k);

			if (!r)
				break;
			mutate_region(r, &m[n++]);
		}
	}
	return n;
}

static void describe(const struct mutation *m, int n, char *out, size_t size)
{
	size_t used = 0;

	out[0] = 0;
	for (int i = 0; i < n && used < size; i++) {
		used += snprintf(out + used, size - used, "%s%s", i ? "; " : "", kind_name[m[i].kind]);
		if (m[i].ino && used < size)
			used += snprintf(out + used, size - used, "(ino %u)", m[i].ino);
		if (used < size)
			used += snprintf(out + used, size - used, " @%llu:",
					 (unsigned long long)m[i].off);
		for (uint32_t j = 0; j < m[i].len && used < size; j++)
			used += snprintf(out + used, size - used, " %02x>%02x", m[i].old[j],
					 m[i].new[j]);
	}
}

/* ---- the walk, in the child ---- */

static struct outcome *out;
static struct outcome *out2;		/* the concurrent walker's */
static char biggest[256];		/* the largest regular file seen (path from MNT) */
static long long biggest_size = -1;
static char first_file[256];

static int clean_errno(int e)
{
	switch (e) {
	case EIO: case EUCLEAN: case EINVAL: case ENOENT: case ENOTDIR: case EISDIR:
	case ELOOP: case ENAMETOOLONG: case EFBIG: case ENOSPC: case ENODATA: case ERANGE:
	case E2BIG: case EROFS: case EOVERFLOW: case EMLINK: case ENOTEMPTY: case EEXIST:
	case ESTALE: case EBADMSG: case EPERM: case EACCES: case EOPNOTSUPP: case ENXIO:
	case ENODEV:
		return 1;
	}
	return 0;
}

/* A mount refused for a bad image (not ENODEV: no ext2 at all). */
static int clean_mount_errno(int e)
{
	return e == EINVAL || e == EUCLEAN || e == EIO || e == EBADMSG || e == EFBIG ||
	       e == ESTALE || e == EROFS;
}

/* Count a failed call. */
static void failed(const char *what, const char *path, int e)
{
	if (e >= 0 && e < 140)
		out->errs[e]++;
	if (clean_errno(e)) {
		out->errors++;
		return;
	}
	if (!out->odd++)
		snprintf(out->odd_what, sizeof(out->odd_what), "%s %s: %s (errno %d)", what, path,
			 strerror(e), e);
}

/* r < 0: count errno as a failure of what on path. Returns r. */
static long note(long r, const char *what, const char *path)
{
	if (r < 0)
		failed(what, path, errno);
	return r;
}

static sigjmp_buf bus_jump;

static void on_sigbus(int sig)
{
	siglongjmp(bus_jump, 1);
}

/* The first pages of the file through a mapping (->read_folio from a
 * fault); a SIGBUS is the mapping's EIO. */
static void map_file(int fd, const char *path, const struct stat *st)
{
	size_t len = st->st_size < 4 * 4096 ? (size_t)st->st_size : 4 * 4096;
	volatile unsigned sum = 0;
	unsigned char *p;

	if (!len)
		return;
	p = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		failed("mmap", path, errno);
		return;
	}
	if (sigsetjmp(bus_jump, 1) == 0) {
		for (size_t i = 0; i < len; i += 4096)
			sum += p[i];
	} else {
		failed("mmap-read", path, EIO);
	}
	munmap(p, len);
}

static void read_file(int dirfd, const char *name, const char *path, const struct stat *st)
{
	static char buf[65536];
	long total = 0;
	ssize_t n;
	int fd = openat(dirfd, name, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);

	if (note(fd, "open", path) < 0)
		return;
	while (total < READ_CAP && (n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	if (n < 0 && total < READ_CAP)
		failed("read", path, errno);
	if (st->st_size > READ_CAP && st->st_size < (1ll << 40) &&
	    pread(fd, buf, 4096, st->st_size - 100) < 0)
		failed("pread-end", path, errno);
	out->bytes += total;
	map_file(fd, path, st);
	close(fd);
}

static void xattrs(const char *path)
{
	char names[4096], value[4096];
	ssize_t n = llistxattr(path, names, sizeof(names));

	if (n < 0) {
		if (errno != EOPNOTSUPP && errno != ENOTSUP)
			failed("llistxattr", path, errno);
		return;
	}
	for (ssize_t i = 0; i < n; i += strlen(names + i) + 1)
		if (names[i] && lgetxattr(path, names + i, value, sizeof(value)) < 0)
			failed("lgetxattr", path, errno);
}

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void walk(const char *path, int depth)
{
	char buf[8192], sub[512], target[4096];
	int fd;
	long n;

	fd = open(path, O_RDONLY | O_DIRECTORY | O_NONBLOCK | O_CLOEXEC);
	if (note(fd, "open-dir", path) < 0)
		return;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long at = 0; at < n;) {
			struct linux_dirent64 *d = (struct linux_dirent64 *)(buf + at);
			struct stat st;

			at += d->d_reclen;
			if (!strcmp(d->d_name, ".") || !strcmp(d->d_name, "..") || !d->d_name[0] ||
			    strchr(d->d_name, '/'))
				continue;
			if (++out->entries > MAX_ENTRIES)
				goto done;
			snprintf(sub, sizeof(sub), "%s/%s", path, d->d_name);
			if (note(fstatat(fd, d->d_name, &st, AT_SYMLINK_NOFOLLOW), "lstat", sub) < 0)
				continue;
			xattrs(sub);
			if (S_ISDIR(st.st_mode) && depth < MAX_DEPTH) {
				walk(sub, depth + 1);
			} else if (S_ISREG(st.st_mode)) {
				read_file(fd, d->d_name, sub, &st);
				if (!first_file[0] && strlen(sub) < sizeof(first_file))
					strcpy(first_file, sub);
				if (st.st_size > biggest_size && strlen(sub) < sizeof(biggest)) {
					biggest_size = st.st_size;
					strcpy(biggest, sub);
				}
			} else if (S_ISLNK(st.st_mode)) {
				note(readlinkat(fd, d->d_name, target, sizeof(target)), "readlink", sub);
			}
		}
	}
	if (n < 0)
		failed("getdents64", path, errno);
done:
	close(fd);
}

static void writes(void)
{
	static char data[8192];
	int fd;

	memset(data, 'w', sizeof(data));
	fd = open(MNT "/fuzz-new", O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);
	if (note(fd, "create", "fuzz-new") >= 0) {
		if (note(write(fd, data, 6000), "write", "fuzz-new") >= 0)
			note(fsync(fd), "fsync", "fuzz-new");
		close(fd);
	}
	note(lsetxattr(MNT "/fuzz-new", "user.fuzz", data, 200, 0), "setxattr", "fuzz-new");
	if (first_file[0]) {
		fd = open(first_file, O_WRONLY | O_APPEND | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (note(fd, "open-append", first_file) >= 0) {
			note(write(fd, data, 3000), "append", first_file);
			close(fd);
		}
		note(lsetxattr(first_file, "user.fuzz", data, 100, 0), "setxattr", first_file);
	}
	if (note(mkdir(MNT "/fuzz-dir", 0755), "mkdir", "fuzz-dir") >= 0) {
		fd = open(MNT "/fuzz-dir/f", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
		if (note(fd, "create", "fuzz-dir/f") >= 0) {
			note(write(fd, data, 100), "write", "fuzz-dir/f");
			close(fd);
			if (note(rename(MNT "/fuzz-dir/f", MNT "/fuzz-moved"), "rename", "fuzz-moved") >= 0)
				note(unlink(MNT "/fuzz-moved"), "unlink", "fuzz-moved");
		}
		note(rmdir(MNT "/fuzz-dir"), "rmdir", "fuzz-dir");
	}
	if (biggest[0] && biggest_size > 0) {
		note(truncate(biggest, biggest_size < (1ll << 40) ? biggest_size / 3 : 4096),
		     "truncate", biggest);
		note(unlink(biggest), "unlink", biggest);
	}
	sync();
}

/* Image 0: the files tools/ext2-fuzz put there read back exactly. */
static void check_content(void)
{
	static char buf[400 * 1024];
	ssize_t n;
	int fd;

	out->content_ok = 0;
	fd = open(MNT "/hello.txt", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf))) != 12 || memcmp(buf, "hello, ext2\n", 12)) {
		snprintf(out->content_why, sizeof(out->content_why), "hello.txt: %s",
			 fd < 0 ? strerror(errno) : "wrong contents");
		goto out;
	}
	close(fd);
	fd = open(MNT "/big", O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	if (n != 300 * 1024) {
		snprintf(out->content_why, sizeof(out->content_why), "big: read %ld of %d bytes: %s",
			 (long)n, 300 * 1024, n < 0 ? strerror(errno) : "short");
		goto out;
	}
	for (long i = 0; i < n; i++)
		if ((uint8_t)buf[i] != (uint8_t)((i * 31 + (i >> 10)) & 0xff)) {
			snprintf(out->content_why, sizeof(out->content_why),
				 "big: byte %ld is %#x, not the pattern", i, (uint8_t)buf[i]);
			goto out;
		}
	out->content_ok = 1;
out:
	if (fd >= 0)
		close(fd);
}

/* Write whole image (with m applied) to target; 0 or -errno. */
static int write_image(const char *target, const struct mutation *m, int n)
{
	static uint8_t *copy;
	int fd = open(target, O_WRONLY | O_CLOEXEC);
	uint64_t done = 0;

	if (fd < 0)
		return -errno;
	if (!copy)
		copy = malloc(image_len);
	memcpy(copy, image, image_len);
	for (int i = 0; i < n; i++)
		memcpy(copy + m[i].off, m[i].new, m[i].len);
	while (done < image_len) {
		ssize_t w = write(fd, copy + done, image_len - done);

		if (w <= 0) {
			int e = w < 0 ? errno : EIO;

			close(fd);
			return -e;
		}
		done += w;
	}
	if (fsync(fd) < 0) {
		int e = errno;

		close(fd);
		return -e;
	}
	close(fd);
	return 0;
}

/* -r: put bytes of m (new or old) into the device in place. */
static int patch_device(const char *dev, const struct mutation *m, int n, int restore)
{
	int fd = open(dev, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	for (int i = n - 1; i >= 0 && !err; i--)	/* restore in reverse: overlaps */
		if (pwrite(fd, restore ? m[i].old : m[i].new, m[i].len, m[i].off) != (ssize_t)m[i].len)
			err = -EIO;
	if (!err && fsync(fd) < 0)
		err = -errno;
	/* After a restore: drop the device's cached pages, so that what is
	 * read next comes from the disk (a filesystem may have changed its
	 * buffers in memory without writing them). */
	if (!err && restore && ioctl(fd, BLKFLSBUF, 0) < 0)
		err = -errno;
	close(fd);
	return err;
}

static int unmount(void)
{
	if (umount(MNT) < 0) {
		int e = errno;

		if (!out->odd++)
			snprintf(out->odd_what, sizeof(out->odd_what), "umount: %s (errno %d)",
				 strerror(e), e);
		umount2(MNT, MNT_DETACH);
		return -1;
	}
	return 0;
}

/* Image i's mount options: errors=remount-ro one time in three, else
 * errors=continue. Always one of them: the superblock's own s_errors may
 * say panic (a mutation can make it so), which the kernel must obey when
 * no option overrides it. */
static const char *options(long i)
{
	return i % 3 == 2 ? "errors=remount-ro" : "errors=continue";
}

static void merge(struct outcome *to, const struct outcome *from)
{
	to->errors += from->errors;
	if (from->odd && !to->odd++)
		snprintf(to->odd_what, sizeof(to->odd_what), "(concurrent walker) %.120s",
			 from->odd_what);
	for (int e = 0; e < 140; e++)
		to->errs[e] += from->errs[e];
	to->entries += from->entries;
	to->bytes += from->bytes;
}

/* The child: one image, start to end. */
static void run_image(const char *target, const struct mutation *m, int n, long index)
{
	int err = readonly_mode ? patch_device(target, m, n, 0) : write_image(target, m, n);
	pid_t walker = -1;
	int status = 0;
	struct sigaction sa = { .sa_handler = on_sigbus };

	sigaction(SIGBUS, &sa, NULL);
	if (err) {
		snprintf(out->odd_what, sizeof(out->odd_what), "writing the image to %s: %s",
			 target, strerror(-err));
		out->odd = 1;
		return;
	}
	if (mount(target, MNT, "ext2", readonly_mode ? MS_RDONLY : 0, options(index)) == 0) {
		out->mounted = readonly_mode ? 2 : 1;
	} else if (!readonly_mode && (errno == EROFS || errno == EACCES) &&
		   mount(target, MNT, "ext2", MS_RDONLY, options(index)) == 0) {
		out->mounted = 2;
	} else {
		out->mount_errno = errno;
		if (!clean_mount_errno(errno)) {
			out->odd = 1;
			snprintf(out->odd_what, sizeof(out->odd_what), "mount: %s (errno %d)",
				 strerror(errno), errno);
		}
		return;
	}
	walk(MNT, 0);
	if (index == 0 && !readonly_mode)
		check_content();
	if (out->mounted == 1)
		writes();
	if (unmount() < 0 || out->mounted != 1)
		return;
	/* Again, on what the first mount left: its writes went through the
	 * corrupted metadata (a block freed twice, a bitmap gone wrong). */
	if (mount(target, MNT, "ext2", 0, options(index)) < 0) {
		if (!clean_mount_errno(errno) && errno != EROFS && errno != EACCES)
			failed("mount-again", target, errno);
		return;
	}
	out->remounted = 1;
	first_file[0] = biggest[0] = 0;
	biggest_size = -1;
	if (index % 2) {
		/* Odd images: a second process walks while this one writes. */
		memset(out2, 0, sizeof(*out2));
		walker = fork();
		if (walker == 0) {
			out = out2;
			walk(MNT, 0);
			_exit(0);
		}
	}
	walk(MNT, 0);
	writes();
	if (walker > 0) {
		/* A hang here is the parent's to see. */
		if (waitpid(walker, &status, 0) != walker || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			if (!out->odd++)
				snprintf(out->odd_what, sizeof(out->odd_what), "the concurrent walker "
					 "died (status %#x)", status);
		}
		merge(out, out2);
	}
	unmount();
}

/* ---- the parent ---- */

static const char *errname(int e)
{
	static const struct { int e; const char *name; } names[] = {
		{ EPERM, "EPERM" }, { ENOENT, "ENOENT" }, { EIO, "EIO" }, { ENXIO, "ENXIO" },
		{ E2BIG, "E2BIG" }, { EBADF, "EBADF" }, { ENOMEM, "ENOMEM" }, { EACCES, "EACCES" },
		{ EFAULT, "EFAULT" }, { EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { ENODEV, "ENODEV" },
		{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" }, { EFBIG, "EFBIG" },
		{ ENOSPC, "ENOSPC" }, { EROFS, "EROFS" }, { EMLINK, "EMLINK" }, { ERANGE, "ERANGE" },
		{ ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" }, { ENOTEMPTY, "ENOTEMPTY" },
		{ ELOOP, "ELOOP" }, { ENODATA, "ENODATA" }, { EOVERFLOW, "EOVERFLOW" },
		{ EBADMSG, "EBADMSG" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { ESTALE, "ESTALE" },
		{ EUCLEAN, "EUCLEAN" }, { ENOTTY, "ENOTTY" }, { EAGAIN, "EAGAIN" }, { EINTR, "EINTR" },
	};
	static char other[16];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].e == e)
			return names[i].name;
	snprintf(other, sizeof(other), "errno%d", e);
	return other;
}

static const char *errno_list(const struct outcome *o, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = 0;
	for (int e = 1; e < 140 && used < size; e++)
		if (o->errs[e])
			used += snprintf(buf + used, size - used, "%s%s:%d", used ? " " : "",
					 errname(e), o->errs[e]);
	return buf;
}

static int load_source(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	uint8_t sb[1024];
	off_t size;

	if (fd < 0)
		return -errno;
	if (pread(fd, sb, sizeof(sb), 1024) != sizeof(sb) || le16_at(sb + 56) != 0xEF53) {
		close(fd);
		return -EINVAL;
	}
	image_len = (uint64_t)le32_at(sb + 4) * (1024u << le32_at(sb + 24));
	size = lseek(fd, 0, SEEK_END);
	if (size >= 0 && (uint64_t)size < image_len)
		image_len = size;		/* parse() refuses it */
	if (readonly_mode) {
		src_fd = fd;
		return 0;
	}
	image = malloc(image_len);
	if (!image || pread(fd, image, image_len, 0) != (ssize_t)image_len) {
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

/* A checksum of every metadata region but the superblock (-r: the device
 * before and after; a kernel may record an error in the superblock even
 * when mounted read-only, as Linux's ext4 does). */
static uint64_t metadata_sum(void)
{
	uint64_t h = 1469598103934665603ull;
	uint8_t buf[4096];

	for (int i = 0; i < nregions; i++) {
		if (regions[i].kind == K_SB)
			continue;
		uint32_t len = regions[i].len < sizeof(buf) ? regions[i].len : sizeof(buf);

		if (img_read(regions[i].off, buf, len) < 0)
			return 0;
		for (uint32_t j = 0; j < len; j++)
			h = (h ^ buf[j]) * 1099511628211ull;
	}
	return h;
}

static int usage(void)
{
	fprintf(stderr, "usage: utest-ext2_fuzz [-n COUNT] [-s SEED] [-i INDEX] [-t SECONDS] [-v] "
		"SOURCE TARGET\n       utest-ext2_fuzz -r [-n COUNT] [-s SEED] [-v] DEVICE\n");
	return 2;
}

int main(int argc, char **argv)
{
	long count = 240, only = -1, budget = 60, refused = 0, with_errors = 0, clean = 0, odd = 0;
	uint64_t seed = 1, start, sum_before = 0;
	const char *source, *target;
	static char desc[4096], errs[512];
	struct mutation m[MAX_MUT];
	int c, err, images = 0, stop = 0;

	if (argc == 1) {
		/* As /bin/utest runs it: the read-only run on the tests' ext2 disk. */
		if (access("/dev/vde", F_OK) < 0) {
			CHECK("ext2_fuzz", 0, "no /dev/vde (run with SOURCE TARGET, see the source)");
			return utest_exit();
		}
		static char *def[] = { "utest-ext2_fuzz", "-r", "-n", "8", "/dev/vde", NULL };
		argv = def;
		argc = 5;
	}
	while ((c = getopt(argc, argv, "n:s:i:t:vr")) != -1) {
		if (c == 'n')
			count = atol(optarg);
		else if (c == 's')
			seed = strtoull(optarg, NULL, 0);
		else if (c == 'i')
			only = atol(optarg);
		else if (c == 't')
			budget = atol(optarg);
		else if (c == 'v')
			verbose = 1;
		else if (c == 'r')
			readonly_mode = 1;
		else
			return usage();
	}
	if (argc - optind != (readonly_mode ? 1 : 2))
		return usage();
	source = argv[optind];
	target = readonly_mode ? source : argv[optind + 1];
	err = load_source(source);
	if (err || parse() < 0) {
		CHECK("ext2_fuzz", 0, "%s: %s", source, err ? strerror(-err) : "not an ext2 image");
		return utest_exit();
	}
	printf("ext2-fuzz: %s: %u blocks of %u, %u groups, %u inodes of %u bytes; %d regions:",
	       source, blocks_count, bsize, ngroups, inodes_count, isize, nregions);
	for (int k = 0; k < NR_KINDS; k++)
		printf(" %s %d", kind_name[k], by_kind[k]);
	printf("\n");
	fflush(stdout);
	mkdir("/tmp", 01777);
	mkdir(MNT, 0755);
	out = mmap(NULL, 2 * sizeof(*out), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	out2 = out + 1;
	if (out == MAP_FAILED) {
		CHECK("ext2_fuzz", 0, "mmap: %s", strerror(errno));
		return utest_exit();
	}
	if (readonly_mode) {
		int fd = open(source, O_RDONLY | O_CLOEXEC);

		if (fd >= 0)
			ioctl(fd, BLKFLSBUF, 0);	/* the disk's bytes, not the cache's */
		if (fd >= 0)
			close(fd);
		sum_before = metadata_sum();
	}
	start = (uint64_t)time(NULL);
	for (long i = only >= 0 ? only : 0; i < (only >= 0 ? only + 1 : count) && !stop; i++) {
		int n = plan_image(seed, i, m), status = 0;
		pid_t pid;
		const char *verdict;

		memset(out, 0, sizeof(*out));
		describe(m, n, desc, sizeof(desc));
		if (verbose)
			printf("ext2-fuzz: image %ld: %s\n", i, n ? desc : "pristine");
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			run_image(target, m, n, i);
			_exit(0);
		}
		if (pid < 0 || utest_waitpid(pid, &status, 0, budget * 1000) != pid) {
			out->odd++;
			snprintf(out->odd_what, sizeof(out->odd_what), pid < 0 ? "fork failed" :
				 "no end within %ld s: a hang (the mount may be stuck)", budget);
			stop = pid > 0;
		} else if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			out->odd++;
			snprintf(out->odd_what, sizeof(out->odd_what), "the walker died: %s",
				 WIFSIGNALED(status) ? strsignal(WTERMSIG(status)) : "exit status");
		}
		if (readonly_mode && n && !stop && (err = patch_device(target, m, n, 1)) < 0) {
			out->odd++;
			snprintf(out->odd_what, sizeof(out->odd_what), "restoring %s: %s", target,
				 strerror(-err));
			stop = 1;
		}
		if (readonly_mode && !stop && metadata_sum() != sum_before) {
			out->odd++;
			snprintf(out->odd_what, sizeof(out->odd_what), "%s's metadata differs after the "
				 "read-only mount and the restore", target);
			stop = 1;
		}
		images++;
		if (out->odd) {
			odd++;
			verdict = "ODD";
		} else if (!out->mounted) {
			refused++;
			verdict = "refused";
		} else if (out->errors) {
			with_errors++;
			verdict = "errors";
		} else {
			clean++;
			verdict = "clean";
		}
		printf("ext2-fuzz: image %ld %s", i, verdict);
		if (!out->mounted)
			printf(" (mount: %s)", errname(out->mount_errno));
		else
			printf(" (%s%s, %ld entries, %ld bytes read%s%s)", out->mounted == 2 ? "ro" : "rw",
			       out->remounted ? " twice" : "",
			       out->entries, out->bytes, out->errors || out->odd ? "; " : "",
			       errno_list(out, errs, sizeof(errs)));
		if (out->odd)
			printf(": %s", out->odd_what);
		printf(" | %s [%s]\n", n ? desc : "pristine", options(i));
		fflush(stdout);
		if (out->odd && odd <= MAX_REPORTED)
			CHECK("ext2_fuzz-image", 0, "image %ld (replay: utest-ext2_fuzz %s-s %llu -i %ld "
			      "-v %s%s%s): %s", i, readonly_mode ? "-r " : "", (unsigned long long)seed, i,
			      source, readonly_mode ? "" : " ", readonly_mode ? "" : target, out->odd_what);
		if (i == 0 && !readonly_mode && !(out->mounted && !out->errors && !out->odd &&
						   out->content_ok)) {
			CHECK("ext2_fuzz-pristine", 0, "the pristine image: %s",
			      !out->mounted ? "refused at mount" : out->errors || out->odd ?
			      "errors in the walk" : out->content_why);
			stop = !out->mounted;	/* the rest would say nothing */
		}
		if (i == 0 && readonly_mode && !out->mounted) {
			CHECK("ext2_fuzz-pristine", 0, "%s does not mount read-only: %s", source,
			      strerror(out->mount_errno));
			stop = 1;
		}
	}
	printf("ext2-fuzz: images=%d refused=%ld errors=%ld clean=%ld odd=%ld time=%llu s "
	       "(seed %llu)\n", images, refused, with_errors, clean, odd,
	       (unsigned long long)((uint64_t)time(NULL) - start), (unsigned long long)seed);
	if (readonly_mode && !stop)
		CHECK("ext2_fuzz-ro-unchanged", metadata_sum() == sum_before,
		      "%s's metadata changed: a read-only mount wrote, or a restore failed", source);
	CHECK("ext2_fuzz", !odd && !utest_failures && images == (only >= 0 ? 1 : count),
	      "%ld of %d images odd (see the ODD lines), %d images run", odd, images, images);
	return utest_exit();
}
