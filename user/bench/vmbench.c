/*
 * vmbench — memory-management and process costs (issue 6's metrics).
 *
 *   vmbench [-r ROUNDS] [-s MIB] [-n FORKS] DIR
 *
 * DIR should be a fresh tmpfs (tools/bench mounts one at /tmp on both
 * kernels); vmbench makes a MIB MiB file there (default 16) and removes it
 * at the end. Each metric is measured ROUNDS times (default 5) and its
 * median reported (see bench.h):
 *
 *   vm_anon_fault_ns_per_page   write one byte to each page of a fresh
 *                               MIB MiB anonymous private mapping
 *   vm_file_fault_ns_per_page   read one byte from each page of a fresh
 *                               MAP_SHARED read-only mapping of the file,
 *                               whose pages are all in memory
 *   vm_cached_read_MBps         read() the whole file in 1 MiB requests
 *   vm_mmap_read_MBps           mmap the file, copy it out in 1 MiB pieces
 *                               with memcpy, munmap (faults included)
 *   proc_fork_exit_wait_us      fork(); the child _exit(0)s; waitpid()
 *                               (FORKS of them per round, default 200)
 *
 * Anonymous mappings are madvise(MADV_NOHUGEPAGE)d where the kernel knows
 * the advice, so a kernel with transparent huge pages does not fault 2 MiB
 * at a time: the metric is the cost of a 4 KiB page fault. (File-mapping
 * fault-around, which maps several cached pages per fault, is left on: it
 * is how that kernel serves file faults, and the metric is per page.)
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench.h"

#define PAGE	4096
#define CHUNK	BENCH_MIB

struct vm_run {
	int rounds;
	size_t bytes;		/* the file's and the anonymous mapping's size */
	int forks;
	char path[256];		/* the test file */
	unsigned char *buf;	/* CHUNK bytes */
};

typedef double (*vm_measure)(struct vm_run *r, const char *name);

/* Runs measure r->rounds times and reports the median; a round that
 * returns a negative value has printed BENCH-NA and ends the metric. */
static void measure_metric(struct vm_run *r, const char *name, vm_measure measure)
{
	double v[BENCH_MAX_ROUNDS];

	for (int i = 0; i < r->rounds; i++) {
		v[i] = measure(r, name);
		if (v[i] < 0)
			return;
	}
	bench_rounds(name, v, r->rounds);
}

static double anon_fault(struct vm_run *r, const char *name)
{
	volatile unsigned char *p;
	uint64_t start, ns;

	p = mmap(NULL, r->bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		bench_na(name, "mmap: %s", strerror(errno));
		return -1;
	}
	madvise((void *)p, r->bytes, MADV_NOHUGEPAGE);	/* EINVAL where unknown: fine */
	start = bench_now_ns();
	for (size_t off = 0; off < r->bytes; off += PAGE)
		p[off] = 1;
	ns = bench_now_ns() - start;
	munmap((void *)p, r->bytes);
	return (double)ns / (double)(r->bytes / PAGE);
}

static double file_fault(struct vm_run *r, const char *name)
{
	volatile const unsigned char *p;
	uint64_t start, ns;
	unsigned sum = 0;
	int fd = open(r->path, O_RDONLY);

	if (fd < 0) {
		bench_na(name, "open %s: %s", r->path, strerror(errno));
		return -1;
	}
	p = mmap(NULL, r->bytes, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		bench_na(name, "mmap: %s", strerror(errno));
		return -1;
	}
	start = bench_now_ns();
	for (size_t off = 0; off < r->bytes; off += PAGE)
		sum += p[off];
	ns = bench_now_ns() - start;
	munmap((void *)p, r->bytes);
	if (sum != (r->bytes / PAGE) * 0x5a) {
		bench_na(name, "the mapping does not hold the file's bytes");
		return -1;
	}
	return (double)ns / (double)(r->bytes / PAGE);
}

static double cached_read(struct vm_run *r, const char *name)
{
	uint64_t start, ns;
	size_t total = 0;
	ssize_t n;
	int fd = open(r->path, O_RDONLY);

	if (fd < 0) {
		bench_na(name, "open %s: %s", r->path, strerror(errno));
		return -1;
	}
	start = bench_now_ns();
	while ((n = read(fd, r->buf, CHUNK)) > 0)
		total += n;
	ns = bench_now_ns() - start;
	close(fd);
	if (n < 0 || total != r->bytes) {
		bench_na(name, "read %zu of %zu bytes: %s", total, r->bytes,
			 n < 0 ? strerror(errno) : "short");
		return -1;
	}
	return bench_mbps(total, ns);
}

static double mmap_read(struct vm_run *r, const char *name)
{
	const unsigned char *p;
	uint64_t start, ns;
	int fd = open(r->path, O_RDONLY);

	if (fd < 0) {
		bench_na(name, "open %s: %s", r->path, strerror(errno));
		return -1;
	}
	start = bench_now_ns();
	p = mmap(NULL, r->bytes, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		bench_na(name, "mmap: %s", strerror(errno));
		close(fd);
		return -1;
	}
	for (size_t off = 0; off < r->bytes; off += CHUNK)
		memcpy(r->buf, p + off, CHUNK);
	munmap((void *)p, r->bytes);
	ns = bench_now_ns() - start;
	close(fd);
	if (r->buf[CHUNK - 1] != 0x5a) {
		bench_na(name, "the mapping does not hold the file's bytes");
		return -1;
	}
	return bench_mbps(r->bytes, ns);
}

static double fork_exit_wait(struct vm_run *r, const char *name)
{
	uint64_t start = bench_now_ns();

	for (int i = 0; i < r->forks; i++) {
		int status;
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0) {
			bench_na(name, "fork: %s", strerror(errno));
			return -1;
		}
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			bench_na(name, "waitpid: %s", strerror(errno));
			return -1;
		}
	}
	return (double)(bench_now_ns() - start) / 1000.0 / r->forks;
}

/* The test file: r->bytes of 0x5a, written and closed (in the cache). */
static int make_file(struct vm_run *r)
{
	int fd = open(r->path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -errno;
	memset(r->buf, 0x5a, CHUNK);
	for (size_t off = 0; off < r->bytes; off += CHUNK) {
		if (write(fd, r->buf, CHUNK) != CHUNK) {
			int e = errno ? errno : EIO;

			close(fd);
			return -e;
		}
	}
	close(fd);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: vmbench [-r ROUNDS] [-s MIB] [-n FORKS] DIR\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; vm_measure fn; int needs_file; } metrics[] = {
		{ "vm_anon_fault_ns_per_page",	anon_fault,	0 },
		{ "vm_file_fault_ns_per_page",	file_fault,	1 },
		{ "vm_cached_read_MBps",	cached_read,	1 },
		{ "vm_mmap_read_MBps",		mmap_read,	1 },
		{ "proc_fork_exit_wait_us",	fork_exit_wait,	0 },
	};
	struct vm_run r = { .rounds = 5, .bytes = 16 * (size_t)CHUNK, .forks = 200 };
	int c, file_err;

	while ((c = getopt(argc, argv, "r:s:n:")) != -1) {
		if (c == 'r')
			r.rounds = atoi(optarg);
		else if (c == 's')
			r.bytes = strtoul(optarg, NULL, 0) * CHUNK;
		else if (c == 'n')
			r.forks = atoi(optarg);
		else
			usage();
	}
	if (argc - optind != 1 || r.rounds < 1 || r.rounds > BENCH_MAX_ROUNDS ||
	    !r.bytes || r.forks < 1)
		usage();
	snprintf(r.path, sizeof(r.path), "%s/vmbench.data", argv[optind]);
	r.buf = malloc(CHUNK);
	if (!r.buf)
		return 1;
	file_err = make_file(&r);
	bench_info("vm", "%zu MiB file %s, %d rounds, %d forks a round", r.bytes / CHUNK,
		   r.path, r.rounds, r.forks);
	for (size_t i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++) {
		if (metrics[i].needs_file && file_err)
			bench_na(metrics[i].name, "cannot write %s: %s", r.path, strerror(-file_err));
		else
			measure_metric(&r, metrics[i].name, metrics[i].fn);
	}
	unlink(r.path);
	return 0;
}
