/*
 * grep [-F] [-E] [-i] [-v] [-c] [-n] [-q] PATTERN [FILE...] — print the
 * lines that match PATTERN, a basic regular expression (regcomp(3); -E:
 * extended) or with -F a fixed string. -i ignores case, -v prints the
 * lines that do not match, -c only counts them, -n numbers them, -q
 * prints nothing. With several files each line starts with its file name.
 * Exit status: 0 if a line was selected, 1 if none, 2 on an error.
 */
#include <ctype.h>
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static int fixed, extended, icase, invert, count_only, numbers, quiet;
static const char *pattern;
static regex_t re;

static int has_substring(const char *line, const char *s)
{
	size_t n = strlen(s);

	for (; *line; line++)
		if (!(icase ? strncasecmp(line, s, n) : strncmp(line, s, n)))
			return 1;
	return !n;
}

static int matches(const char *line)
{
	int m = fixed ? has_substring(line, pattern) : regexec(&re, line, 0, NULL, 0) == 0;

	return m != invert;
}

/* Search one file; the number of lines selected. */
static long search(FILE *f, const char *name)
{
	char line[4096];
	long selected = 0, lineno = 0;

	while (fgets(line, sizeof(line), f)) {
		size_t len = strlen(line);

		lineno++;
		if (len && line[len - 1] == '\n')
			line[len - 1] = 0;
		if (!matches(line))
			continue;
		selected++;
		if (quiet || count_only)
			continue;
		if (name)
			printf("%s:", name);
		if (numbers)
			printf("%ld:", lineno);
		printf("%s\n", line);
	}
	if (count_only && !quiet)
		name ? printf("%s:%ld\n", name, selected) : printf("%ld\n", selected);
	return selected;
}

static int options(int argc, char **argv)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		for (char *o = argv[i] + 1; *o; o++) {
			switch (*o) {
			case 'F': fixed = 1; break;
			case 'E': extended = 1; break;
			case 'i': icase = 1; break;
			case 'v': invert = 1; break;
			case 'c': count_only = 1; break;
			case 'n': numbers = 1; break;
			case 'q': quiet = 1; break;
			default: return -1;
			}
		}
	}
	return i < argc ? i : -1;
}

int main(int argc, char **argv)
{
	int i = options(argc, argv), files, error = 0;
	long selected = 0;

	if (i < 0) {
		fprintf(stderr, "usage: grep [-FEivcnq] PATTERN [FILE...]\n");
		return 2;
	}
	pattern = argv[i++];
	if (!fixed) {
		int err = regcomp(&re, pattern, REG_NOSUB | (extended ? REG_EXTENDED : 0) |
				  (icase ? REG_ICASE : 0));

		if (err) {
			char msg[128];

			regerror(err, &re, msg, sizeof(msg));
			fprintf(stderr, "grep: %s: %s\n", pattern, msg);
			return 2;
		}
	}
	files = argc - i;
	if (!files)
		selected = search(stdin, NULL);
	for (; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");

		if (!f) {
			fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
			error = 1;
			continue;
		}
		selected += search(f, files > 1 ? argv[i] : NULL);
		fclose(f);
	}
	return error ? 2 : selected ? 0 : 1;
}
