/*
 * lockstat — a readable summary of the kernel's lock checking, from
 *   /proc/lockdep    the lock classes and the validator's report counts
 *   /proc/lockstat   per class: acquisitions, contentions, wait times
 *   /proc/lockrules  per VFS operation: the lock states its callers were
 *                    in ("LOCKRULE table.op lock=state ... calls=N")
 *
 *   lockstat          the summary: classes, the busiest ones, rule coverage
 *                     and violations
 *   lockstat -a       every class, and every operation not yet seen
 *   lockstat reset    zero the contention counters (writes 0 to /proc/lockstat)
 *
 * Coverage and violations need the rules themselves: this program is built
 * with the same table the kernel checks against (fs/lockrules/rules.def),
 * and checks each observed state against its row again, here in user space.
 * The kernel already reports a violation as a lockdep report when it
 * happens; this is the after-the-fact view.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- the rule table, from the kernel's own data file ---- */

struct rule {
	const char *table, *op;
	const char *block;	/* MAY_BLOCK, ATOMIC, ...: decides in_atomic */
	const char *locks;	/* "R(d_lock, none), R(rcu_walk, none, held)" */
	int seen;
};

#define LOCKTABLE(table, title, note)
#define LOCKRULE(table, op, block, note, ...) { #table, #op, #block, #__VA_ARGS__, 0 },
static struct rule rules[] = {
#include "../../fs/lockrules/rules.def"
};
#undef LOCKRULE
#undef LOCKTABLE

#define NR_RULES (sizeof(rules) / sizeof(rules[0]))

static struct rule *find_rule(const char *table_op)
{
	for (size_t i = 0; i < NR_RULES; i++) {
		size_t n = strlen(rules[i].table);

		if (!strncmp(table_op, rules[i].table, n) && table_op[n] == '.' &&
		    !strcmp(table_op + n + 1, rules[i].op))
			return &rules[i];
	}
	return NULL;
}

/* Does the rule allow lock to be in state? "lock is not named" allows all. */
static int state_allowed(const struct rule *r, const char *lock, const char *state,
			 const char *rcu_walk)
{
	char want[64];
	const char *p;

	if (!strcmp(lock, "in_atomic")) {
		if (!strcmp(r->block, "MAY_BLOCK"))
			return !strcmp(state, "none");
		if (!strcmp(r->block, "ATOMIC"))
			return !strcmp(state, "held");
		if (!strcmp(r->block, "MAY_BLOCK_REF_WALK"))
			return !strcmp(state, rcu_walk && !strcmp(rcu_walk, "held") ? "held" : "none");
		return 1;
	}
	snprintf(want, sizeof(want), "R(%s,", lock);
	p = strstr(r->locks, want);
	if (!p)
		return 1;
	for (p += strlen(want); *p && *p != ')'; ) {
		size_t n;

		p += strspn(p, " ,");
		n = strcspn(p, ",)");
		if (n == strlen(state) && !strncmp(p, state, n))
			return 1;
		p += n;
	}
	return 0;
}

/* ---- reading /proc ---- */

static char *read_all(const char *path)
{
	size_t len = 0, cap = 8192;
	char *buf = malloc(cap);
	ssize_t n;
	int fd = open(path, O_RDONLY);

	if (fd < 0 || !buf) {
		fprintf(stderr, "lockstat: %s: %s\n", path, strerror(errno));
		free(buf);
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += n;
		if (len + 1 == cap) {
			char *more = realloc(buf, cap *= 2);

			if (!more)
				break;
			buf = more;
		}
	}
	close(fd);
	buf[len] = 0;
	return buf;
}

/* ---- the three parts of the summary ---- */

static void summary_lockdep(const char *text)
{
	unsigned classes = 0, deps = 0;
	unsigned long reports = 0, unexpected = 0, expected = 0;
	const char *p = strstr(text, "lockdep: reports=");

	sscanf(text, "lockdep: %u classes, %u dependencies", &classes, &deps);
	if (p)
		sscanf(p, "lockdep: reports=%lu expected=%lu unexpected=%lu",
		       &reports, &expected, &unexpected);
	printf("Lock classes: %u, with %u dependencies between them (lock order graph)\n",
	       classes, deps);
	printf("lockdep reports: %lu (%lu provoked by tests, %lu unexpected)%s\n", reports,
	       expected, unexpected, unexpected ? "  <-- read the console log" : "");
}

/* /proc/lockstat rows come most contended first, then most taken. */
static void summary_lockstat(const char *text, int all)
{
	const char *line = strchr(text, '\n');
	int shown = 0, classes = 0;

	sscanf(text, "lockstat: %d classes", &classes);
	printf("\n%s (of %d classes used; most contended first):\n",
	       all ? "Every class" : "The busiest", classes);
	printf("  %-32s %12s %11s %14s %12s\n", "class", "acquired", "contended",
	       "wait-total-us", "wait-max-us");
	for (; line && *++line; line = strchr(line, '\n')) {
		char name[128];
		unsigned long acq, cont, total, max;

		if (sscanf(line, "%127s %lu %lu %lu %lu", name, &acq, &cont, &total, &max) != 5)
			continue;
		if (!all && shown == 10)
			break;
		printf("  %-32s %12lu %11lu %14lu %12lu\n", name, acq, cont, total, max);
		shown++;
	}
}

/* Check one "LOCKRULE table.op lock=state ... calls=N" line; returns 1 if
 * a state in it breaks the rule. */
static int check_rule_line(char *line)
{
	char *save, *table_op = strtok_r(line + strlen("LOCKRULE "), " ", &save);
	char *pairs[16], *rcu_walk = NULL;
	struct rule *r = find_rule(table_op);
	int n = 0, bad = 0;

	if (!r) {
		printf("  %s: not in this program's rule table (rebuild it?)\n", table_op);
		return 0;
	}
	r->seen = 1;
	for (char *tok; (tok = strtok_r(NULL, " ", &save)) && n < 16; )
		if (strncmp(tok, "calls=", 6))
			pairs[n++] = tok;
	for (int i = 0; i < n; i++)
		if (!strncmp(pairs[i], "rcu_walk=", 9))
			rcu_walk = pairs[i] + 9;
	for (int i = 0; i < n; i++) {
		char *eq = strchr(pairs[i], '=');

		if (!eq)
			continue;
		*eq = 0;
		if (!state_allowed(r, pairs[i], eq + 1, rcu_walk)) {
			printf("  VIOLATION %s: %s=%s; the rule: %s%s%s\n", table_op, pairs[i], eq + 1,
			       r->locks, *r->locks ? ", " : "", r->block);
			bad = 1;
		}
		*eq = '=';
	}
	return bad;
}

static void summary_rules(char *text, int all)
{
	int violations = 0, seen = 0;
	const char *table = NULL;

	printf("\nLock rules (VFS operations called, checked against fs/lockrules/rules.def):\n");
	for (char *line = text, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		if (!strncmp(line, "LOCKRULE ", 9))
			violations += check_rule_line(line);
	}
	for (size_t i = 0; i < NR_RULES; i++)
		seen += rules[i].seen;
	printf("  coverage: %d of %zu operations seen (%zu%%); violations: %d\n", seen,
	       NR_RULES, seen * 100 / NR_RULES, violations);
	for (size_t i = 0; i < NR_RULES; i++) {
		int total = 0, got = 0;

		if (table && !strcmp(table, rules[i].table))
			continue;
		table = rules[i].table;
		for (size_t j = i; j < NR_RULES && !strcmp(rules[j].table, table); j++) {
			total++;
			got += rules[j].seen;
		}
		printf("  %-16s %3d of %3d:", table, got, total);
		for (size_t j = i; j < NR_RULES && !strcmp(rules[j].table, table); j++)
			if (all ? !rules[j].seen : rules[j].seen)
				printf(" %s", rules[j].op);
		printf("%s\n", all ? "  (not seen)" : "");
	}
}

static int reset(void)
{
	int fd = open("/proc/lockstat", O_WRONLY);

	if (fd < 0 || write(fd, "0\n", 2) != 2) {
		fprintf(stderr, "lockstat: /proc/lockstat: %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	printf("lockstat: counters reset\n");
	return 0;
}

int main(int argc, char **argv)
{
	int all = argc > 1 && !strcmp(argv[1], "-a");
	char *lockdep, *lockstat, *lockrules;

	if (argc > 1 && !strcmp(argv[1], "reset"))
		return reset();
	if (argc > 1 && !all) {
		fprintf(stderr, "usage: lockstat [-a] | lockstat reset\n");
		return 2;
	}
	lockdep = read_all("/proc/lockdep");
	lockstat = read_all("/proc/lockstat");
	lockrules = read_all("/proc/lockrules");
	if (lockdep)
		summary_lockdep(lockdep);
	if (lockstat)
		summary_lockstat(lockstat, all);
	if (lockrules)
		summary_rules(lockrules, all);
	return lockdep && lockstat && lockrules ? 0 : 1;
}
