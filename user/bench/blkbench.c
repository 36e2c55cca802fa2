/*
 * blkbench — sequential throughput of a raw block device.
 *
 *   blkbench [-l LABEL] [-r ROUNDS] [-d] DEVICE MIB
 *
 * Each round writes the first MIB MiB of DEVICE with 1 MiB write()s and
 * an fsync() (timed together: the data has reached the device when the
 * clock stops), drops the device's cached pages with BLKFLSBUF, then reads
 * the same range back with 1 MiB read()s (timed) and checks it. -d opens
 * the device O_DIRECT (no page cache on either side).
 *
 * Output (see bench.h), LABEL defaulting to "dev":
 *   BENCH blk_LABEL_size_bytes N            BLKGETSIZE64
 *   BENCH blk_LABEL_seq_write_MBps X        median of the rounds
 *   BENCH blk_LABEL_seq_read_MBps X
 * A step that fails gives BENCH-NA with the reason, never a number: a
 * read after a failed BLKFLSBUF would measure the cache, not the device.
 *
 * The check: the first 16 bytes of every 512-byte sector carry a stamp
 * (a magic number, the round, the byte offset), so a read that returns
 * the wrong sector, stale data or zeros is caught without comparing whole
 * buffers inside the timed loop. The rest of each sector is a fixed
 * pattern that the stamps do not cover.
 *
 * It runs the same on Linux and on Lockstep (static musl); it destroys
 * the device's contents.
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "bench.h"

/* <linux/fs.h>'s numbers (musl's headers do not carry it). */
#ifndef BLKFLSBUF
#define BLKFLSBUF	_IO(0x12, 97)
#define BLKGETSIZE64	_IOR(0x12, 114, size_t)
#endif

#define CHUNK		BENCH_MIB
#define SECTOR		512
#define STAMP_MAGIC	0x6c6b7374626e6368ull	/* "lkstbnch" */

struct blk_run {
	const char *dev;
	const char *label;
	int fd;
	unsigned long mib;
	int rounds;
	int direct;
	unsigned char *buf;	/* CHUNK bytes, 4 KiB aligned */
};

static void metric(char *out, size_t len, const struct blk_run *r, const char *what)
{
	snprintf(out, len, "blk_%s_%s", r->label, what);
}

/* Every sector of the chunk at byte offset off gets its stamp. */
static void stamp_chunk(unsigned char *buf, int round, uint64_t off)
{
	for (size_t s = 0; s < CHUNK; s += SECTOR) {
		uint64_t *w = (uint64_t *)(buf + s);

		w[0] = STAMP_MAGIC ^ (uint64_t)round;
		w[1] = off + s;
	}
}

/* The first sector whose stamp is wrong, or -1. */
static long check_chunk(const unsigned char *buf, int round, uint64_t off)
{
	for (size_t s = 0; s < CHUNK; s += SECTOR) {
		const uint64_t *w = (const uint64_t *)(buf + s);

		if (w[0] != (STAMP_MAGIC ^ (uint64_t)round) || w[1] != off + s)
			return (long)((off + s) / SECTOR);
	}
	return -1;
}

/* Move exactly CHUNK bytes; 0, or -errno (-EIO for a short transfer). */
static int full_io(int fd, unsigned char *buf, int writing)
{
	size_t done = 0;

	while (done < CHUNK) {
		ssize_t n = writing ? write(fd, buf + done, CHUNK - done)
				    : read(fd, buf + done, CHUNK - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		done += n;
	}
	return 0;
}

/* One timed write pass (writes + fsync); ns, or 0 after reporting why. */
static uint64_t write_pass(struct blk_run *r, int round, const char *name)
{
	uint64_t start, off;
	int err;

	if (lseek(r->fd, 0, SEEK_SET) < 0) {
		bench_na(name, "lseek: %s", strerror(errno));
		return 0;
	}
	start = bench_now_ns();
	for (off = 0; off < (uint64_t)r->mib * CHUNK; off += CHUNK) {
		stamp_chunk(r->buf, round, off);
		err = full_io(r->fd, r->buf, 1);
		if (err) {
			bench_na(name, "write at %llu: %s", (unsigned long long)off, strerror(-err));
			return 0;
		}
	}
	if (fsync(r->fd) < 0) {
		bench_na(name, "fsync: %s", strerror(errno));
		return 0;
	}
	return bench_now_ns() - start;
}

/* One timed read pass with its check; ns, or 0 after reporting why. */
static uint64_t read_pass(struct blk_run *r, int round, const char *name)
{
	uint64_t start, off, ns;
	long bad;
	int err;

	if (!r->direct && ioctl(r->fd, BLKFLSBUF, 0) < 0) {
		bench_na(name, "BLKFLSBUF: %s (a read would measure the cache)", strerror(errno));
		return 0;
	}
	if (lseek(r->fd, 0, SEEK_SET) < 0) {
		bench_na(name, "lseek: %s", strerror(errno));
		return 0;
	}
	start = bench_now_ns();
	for (off = 0; off < (uint64_t)r->mib * CHUNK; off += CHUNK) {
		err = full_io(r->fd, r->buf, 0);
		if (err) {
			bench_na(name, "read at %llu: %s", (unsigned long long)off, strerror(-err));
			return 0;
		}
		bad = check_chunk(r->buf, round, off);
		if (bad >= 0) {
			bench_na(name, "sector %ld read back wrong (round %d)", bad, round);
			return 0;
		}
	}
	ns = bench_now_ns() - start;
	return ns ? ns : 1;
}

static int run(struct blk_run *r)
{
	double wr[BENCH_MAX_ROUNDS], rd[BENCH_MAX_ROUNDS];
	char wname[96], rname[96];
	uint64_t bytes = (uint64_t)r->mib * CHUNK;
	int nw = 0, nr = 0;

	metric(wname, sizeof(wname), r, "seq_write_MBps");
	metric(rname, sizeof(rname), r, "seq_read_MBps");
	for (int round = 1; round <= r->rounds; round++) {
		uint64_t ns = write_pass(r, round, wname);

		if (!ns) {		/* nothing valid to read back */
			bench_na(rname, "not measured: the write pass failed");
			return 1;
		}
		wr[nw++] = bench_mbps(bytes, ns);
		ns = read_pass(r, round, rname);
		if (!ns)
			break;		/* said why; the next round would too */
		rd[nr++] = bench_mbps(bytes, ns);
	}
	bench_rounds(wname, wr, nw);
	if (nr == r->rounds)
		bench_rounds(rname, rd, nr);
	return nr == r->rounds ? 0 : 1;
}

/* Opens the device and checks its size; 0, or 1 after BENCH-NA lines. */
static int open_device(struct blk_run *r)
{
	char wname[96], rname[96], sname[96];
	uint64_t size = 0;

	metric(wname, sizeof(wname), r, "seq_write_MBps");
	metric(rname, sizeof(rname), r, "seq_read_MBps");
	metric(sname, sizeof(sname), r, "size_bytes");
	r->fd = open(r->dev, O_RDWR | (r->direct ? O_DIRECT : 0));
	if (r->fd < 0) {
		int e = errno;

		bench_na(sname, "open %s: %s", r->dev, strerror(e));
		bench_na(wname, "open %s: %s", r->dev, strerror(e));
		bench_na(rname, "open %s: %s", r->dev, strerror(e));
		return 1;
	}
	if (ioctl(r->fd, BLKGETSIZE64, &size) < 0) {
		bench_na(sname, "BLKGETSIZE64: %s", strerror(errno));
	} else {
		printf("BENCH %s %llu\n", sname, (unsigned long long)size);
		if (size < (uint64_t)r->mib * CHUNK) {
			bench_na(wname, "%s has %llu bytes, fewer than %lu MiB", r->dev,
				 (unsigned long long)size, r->mib);
			bench_na(rname, "device too small");
			return 1;
		}
	}
	bench_info(r->label, "device %s, %lu MiB in 1 MiB requests, %d rounds%s", r->dev,
		   r->mib, r->rounds, r->direct ? ", O_DIRECT" : "");
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: blkbench [-l LABEL] [-r ROUNDS] [-d] DEVICE MIB\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct blk_run r = { .label = "dev", .rounds = 3 };
	void *buf;
	int c;

	while ((c = getopt(argc, argv, "l:r:d")) != -1) {
		if (c == 'l')
			r.label = optarg;
		else if (c == 'r')
			r.rounds = atoi(optarg);
		else if (c == 'd')
			r.direct = 1;
		else
			usage();
	}
	if (argc - optind != 2 || r.rounds < 1 || r.rounds > BENCH_MAX_ROUNDS)
		usage();
	r.dev = argv[optind];
	r.mib = strtoul(argv[optind + 1], NULL, 0);
	if (!r.mib)
		usage();
	if (posix_memalign(&buf, 4096, CHUNK)) {
		fprintf(stderr, "blkbench: no memory\n");
		return 1;
	}
	r.buf = buf;
	for (size_t i = 0; i < CHUNK; i++)
		r.buf[i] = (unsigned char)(i * 7 + 1);
	if (open_device(&r))
		return 1;
	c = run(&r);
	close(r.fd);
	return c;
}
