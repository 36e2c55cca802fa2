/*
 * lockdep's class table and lockstat's counters as text in a caller's
 * buffer, for /proc/lockdep and /proc/lockstat (fs/proc/). The console
 * versions are lockdep_print_classes() (lockdep_report.c) and
 * lockstat_print() (lockstat.c); the lines here are the same.
 *
 * Readers of the class table are lock-free, as internal.h allows: entries
 * [0, lockdep_nr_classes()) are published, their identity is const, and
 * the counters are read with relaxed atomic loads (a row may be a little
 * behind a CPU that is counting right now).
 */
#include "kernel/sync/lockdep_proc.h"
#include "kernel/sync/internal.h"
#include "kernel/lib/string.h"
#include "kernel/lib/vsprintf.h"
#include "mm/slab.h"

/* A buffer being filled: pos bytes written, always NUL-terminated. */
struct lp_buf {
	char *buf;
	size_t len;
	size_t pos;
};

static void lp_printf(struct lp_buf *b, const char *fmt, ...) __printf(2, 3);

/* Append; a line that does not fit is cut, and pos stops at len - 1. */
static void lp_printf(struct lp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->pos + 1 >= b->len)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->buf + b->pos, b->len - b->pos, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->pos = MIN(b->pos + (size_t)n, b->len - 1);
}

/* "IN-HARDIRQ,HARDIRQ-ON" or "-", as lockdep_print_classes() shows it. */
static void format_usage(const struct lock_class *c, char *buf, size_t len)
{
	static const char *const names[NR_LOCK_USAGE_BITS] = {
		[USAGE_IN_HARDIRQ] = "IN-HARDIRQ",
		[USAGE_HARDIRQ_ON] = "HARDIRQ-ON",
		[USAGE_HARDIRQ_OFF] = "HARDIRQ-OFF",
	};
	unsigned mask = READ_ONCE(c->usage_mask);
	struct lp_buf b = { buf, len, 0 };

	buf[0] = '\0';
	for (int bit = 0; bit < NR_LOCK_USAGE_BITS; bit++)
		if (mask & (1u << bit))
			lp_printf(&b, "%s%s", b.pos ? "," : "", names[bit]);
	if (!b.pos)
		strlcpy(buf, "-", len);
}

size_t lockdep_format_classes(char *buf, size_t len)
{
	struct lp_buf b = { buf, len, 0 };
	unsigned n = lockdep_nr_classes();
	unsigned long reports = lockdep_report_count();
	unsigned long unexpected = lockdep_unexpected_count();
	char usage[48];

	if (!len)
		return 0;
	buf[0] = '\0';
	lp_printf(&b, "lockdep: %u classes, %u dependencies%s\n", n, lockdep_nr_edges(),
		  READ_ONCE(lockdep_disabled) ? " (validator off)" : "");
	lp_printf(&b, "lockdep: reports=%lu expected=%lu unexpected=%lu\n", reports,
		  reports - unexpected, unexpected);
	for (unsigned i = 0; i < n && b.pos + 1 < len; i++) {
		const struct lock_class *c = &lock_classes[i];

		format_usage(c, usage, sizeof(usage));
		lp_printf(&b, "%-32s %-8s %s:%d usage={%s} before=%u after=%u\n", c->name,
			  lock_mode_name(c->kind, 0), c->file ? c->file : "?", c->line,
			  usage, READ_ONCE(c->nr_before), READ_ONCE(c->nr_after));
	}
	lp_printf(&b, "lockdep: end\n");
	return b.pos;
}

/* ------------------------------------------------------------ lockstat */

/* One row, copied so that sorting sees stable numbers. */
struct lockstat_row {
	const struct lock_class *class;
	unsigned long acquisitions, read_acquisitions, contentions;
	u64 wait_total_ns, wait_max_ns;
};

/* Most contended first, then most taken (as lockstat_print()). */
static bool row_before(const struct lockstat_row *a, const struct lockstat_row *b)
{
	if (a->contentions != b->contentions)
		return a->contentions > b->contentions;
	return a->acquisitions > b->acquisitions;
}

static void read_row(const struct lock_class *c, struct lockstat_row *r)
{
	r->class = c;
	r->acquisitions = __atomic_load_n(&c->acquisitions, __ATOMIC_RELAXED);
	r->read_acquisitions = __atomic_load_n(&c->read_acquisitions, __ATOMIC_RELAXED);
	r->contentions = __atomic_load_n(&c->contentions, __ATOMIC_RELAXED);
	r->wait_total_ns = __atomic_load_n(&c->wait_total_ns, __ATOMIC_RELAXED);
	r->wait_max_ns = __atomic_load_n(&c->wait_max_ns, __ATOMIC_RELAXED);
}

/* The classes taken at least once, of the first n, into rows[] sorted by
 * insertion. Returns the number of rows. */
static unsigned collect_rows(struct lockstat_row *rows, unsigned n)
{
	unsigned nr = 0;

	for (unsigned i = 0; i < n; i++) {
		struct lockstat_row r;
		unsigned j;

		read_row(&lock_classes[i], &r);
		if (!r.acquisitions)
			continue;
		for (j = nr++; j > 0 && row_before(&r, &rows[j - 1]); j--)
			rows[j] = rows[j - 1];
		rows[j] = r;
	}
	return nr;
}

static void format_row(struct lp_buf *b, const struct lockstat_row *r)
{
	lp_printf(b, "%-40s %12lu %12lu %14lu %12lu %12lu\n", r->class->name,
		  r->acquisitions, r->contentions, r->wait_total_ns / 1000,
		  r->wait_max_ns / 1000, r->read_acquisitions);
}

static void format_header(struct lp_buf *b, unsigned nr)
{
	lp_printf(b, "lockstat: %u classes\n", nr);
	lp_printf(b, "%-40s %12s %12s %14s %12s %12s\n", "class name", "acquisitions",
		  "contentions", "wait-total-us", "wait-max-us", "read-acq");
}

/* Without memory for sorting: the rows in class-table order. */
static void format_unsorted(struct lp_buf *b, unsigned n)
{
	unsigned nr = 0;

	for (unsigned i = 0; i < n; i++)
		nr += __atomic_load_n(&lock_classes[i].acquisitions, __ATOMIC_RELAXED) != 0;
	format_header(b, nr);
	for (unsigned i = 0; i < n && b->pos + 1 < b->len; i++) {
		struct lockstat_row r;

		read_row(&lock_classes[i], &r);
		if (r.acquisitions)
			format_row(b, &r);
	}
}

size_t lockstat_format(char *buf, size_t len)
{
	struct lp_buf b = { buf, len, 0 };
	unsigned n = lockdep_nr_classes(), nr;
	struct lockstat_row *rows;

	if (!len)
		return 0;
	buf[0] = '\0';
	rows = kcalloc(n ? n : 1, sizeof(*rows), GFP_KERNEL | __GFP_NOWARN);
	if (!rows) {
		format_unsorted(&b, n);
	} else {
		nr = collect_rows(rows, n);
		format_header(&b, nr);
		for (unsigned i = 0; i < nr && b.pos + 1 < len; i++)
			format_row(&b, &rows[i]);
		kfree(rows);
	}
	lp_printf(&b, "lockstat: end\n");
	return b.pos;
}
