/*
 * Word expansion: one word as typed → the fields a command receives.
 *
 *   ~ and ~/x        $HOME
 *   $NAME ${NAME}    a variable ("" when unset)
 *   $? $$ $! $# $0 $1..$9 $@ $*   the special parameters
 *   '...'            literal text
 *   "..."            text where $ still expands; \ escapes $ ` " \ only
 *   \c               the character c, literally
 *
 * Then, as in POSIX sh, the results of unquoted expansions are split into
 * fields at blanks, and a field with an unquoted * ? or [ is replaced by
 * the file names it matches (glob(3)), or kept as it is when none does.
 * To know which characters were quoted, each field is built twice: as
 * text (quotes removed) and as a glob pattern (quoted characters escaped
 * with a backslash).
 */
#include <ctype.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct expander {
	char **fields;
	int n, cap;
	struct strbuf cur;	/* the field being built, quotes removed */
	struct strbuf pat;	/* the same as a glob pattern */
	bool have;		/* cur is a field, even if empty ("" is one) */
	bool glob;		/* an unquoted * ? [ is in cur */
	bool split;		/* split and glob (not for expand_string) */
};

static void push_field(struct expander *e, const char *s)
{
	if (e->n + 2 > e->cap) {
		int cap = e->cap ? e->cap * 2 : 8;
		char **f = arena_alloc(cap * sizeof(*f));

		if (e->n)
			memcpy(f, e->fields, e->n * sizeof(*f));
		e->fields = f;
		e->cap = cap;
	}
	e->fields[e->n++] = arena_strdup(s);
	e->fields[e->n] = NULL;
}

/* The current field is complete: glob it or keep it. */
static void end_field(struct expander *e)
{
	glob_t g;

	if (e->have && e->glob && e->split && glob(sb_str(&e->pat), 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			push_field(e, g.gl_pathv[i]);
		globfree(&g);
	} else if (e->have) {
		push_field(e, sb_str(&e->cur));
	}
	e->cur = (struct strbuf){ 0 };
	e->pat = (struct strbuf){ 0 };
	e->have = e->glob = false;
}

static void add_char(struct expander *e, char c, bool quoted)
{
	bool special = c == '*' || c == '?' || c == '[';

	sb_addc(&e->cur, c);
	if (quoted && (special || c == '\\'))
		sb_addc(&e->pat, '\\');
	sb_addc(&e->pat, c);
	if (special && !quoted)
		e->glob = true;
	e->have = true;
}

/* The value of an expansion: quoted, it joins the field as it is;
 * unquoted, blanks in it separate fields. */
static void add_value(struct expander *e, const char *v, bool quoted)
{
	if (quoted || !e->split) {
		e->have = true;
		for (; *v; v++)
			add_char(e, *v, true);
		return;
	}
	for (; *v; v++) {
		if (*v == ' ' || *v == '\t' || *v == '\n')
			end_field(e);
		else
			add_char(e, *v, false);
	}
}

/* $@ and $*: every positional parameter; "$@" gives one field each. */
static void add_all_args(struct expander *e, bool quoted, bool at)
{
	for (int i = 0; i < pos_count; i++) {
		if (i > 0) {
			if (quoted && at && e->split)
				end_field(e);
			else
				add_value(e, " ", quoted);
		}
		add_value(e, pos_args[i], quoted);
	}
}

/* The value of a special parameter ($? $$ $! $# $0..$9), or NULL. */
static const char *special_value(char c, char *buf, size_t size)
{
	if (c == '?')
		snprintf(buf, size, "%d", last_status);
	else if (c == '$')
		snprintf(buf, size, "%d", (int)getpid());
	else if (c == '!')
		snprintf(buf, size, "%d", (int)last_bg_pid);
	else if (c == '#')
		snprintf(buf, size, "%d", pos_count);
	else if (c == '0')
		return arg0;
	else if (isdigit((unsigned char)c))
		return c - '1' < pos_count ? pos_args[c - '1'] : "";
	else
		return NULL;
	return buf;
}

/* At s: the text after a '$'. Expands it; returns where the word goes on. */
static const char *expand_dollar(struct expander *e, const char *s, bool quoted)
{
	char name[256], num[24];
	const char *v;
	size_t n = 0;

	if (*s == '@' || *s == '*') {
		add_all_args(e, quoted, *s == '@');
		return s + 1;
	}
	v = special_value(*s, num, sizeof(num));
	if (v) {
		add_value(e, v, quoted);
		return s + 1;
	}
	if (*s == '{') {
		const char *close = strchr(s, '}');

		if (close && close - s - 1 < (long)sizeof(name)) {
			memcpy(name, s + 1, close - s - 1);
			name[close - s - 1] = 0;
			v = special_value(name[0], num, sizeof(num));
			if (!v || name[1])
				v = var_get(name);
			add_value(e, v ? v : "", quoted);
			return close + 1;
		}
	}
	while ((isalnum((unsigned char)s[n]) || s[n] == '_') && n < sizeof(name) - 1) {
		name[n] = s[n];
		n++;
	}
	if (!n || isdigit((unsigned char)s[0])) {
		add_char(e, '$', true);		/* a lone $ is itself */
		return s;
	}
	name[n] = 0;
	v = var_get(name);
	add_value(e, v ? v : "", quoted);
	return s + n;
}

/* "...": from after the opening quote; returns after the closing one. */
static const char *expand_double_quoted(struct expander *e, const char *s)
{
	e->have = true;
	while (*s && *s != '"') {
		if (*s == '\\' && s[1] == '\n') {
			s += 2;
		} else if (*s == '\\' && strchr("$`\"\\", s[1])) {
			add_char(e, s[1], true);
			s += 2;
		} else if (*s == '$') {
			s = expand_dollar(e, s + 1, true);
		} else {
			add_char(e, *s++, true);
		}
	}
	return *s ? s + 1 : s;
}

static void expand_into(struct expander *e, const char *s)
{
	const char *home = var_get("HOME");

	if (s[0] == '~' && (s[1] == '/' || !s[1]) && home) {
		add_value(e, home, true);
		s++;
	}
	while (*s) {
		if (*s == '\'') {
			const char *close = strchr(s + 1, '\'');

			if (!close)
				close = s + strlen(s);
			e->have = true;
			for (s++; s < close; s++)
				add_char(e, *s, true);
			s = *s ? s + 1 : s;
		} else if (*s == '"') {
			s = expand_double_quoted(e, s + 1);
		} else if (*s == '\\' && s[1] == '\n') {
			s += 2;
		} else if (*s == '\\' && s[1]) {
			add_char(e, s[1], true);
			s += 2;
		} else if (*s == '$') {
			s = expand_dollar(e, s + 1, false);
		} else {
			add_char(e, *s++, false);
		}
	}
	end_field(e);
}

char **expand_word(const char *word, int *n)
{
	struct expander e = { .split = true };

	expand_into(&e, word);
	if (!e.fields)
		e.fields = arena_alloc(sizeof(char *));
	*n = e.n;
	return e.fields;
}

char **expand_words(char **words, int *n)
{
	struct expander e = { .split = true };

	for (; *words; words++)
		expand_into(&e, *words);
	if (!e.fields)
		e.fields = arena_alloc(sizeof(char *));
	*n = e.n;
	return e.fields;
}

char *expand_string(const char *word)
{
	struct expander e = { .split = false };

	expand_into(&e, word);
	return e.n ? e.fields[0] : arena_strdup("");
}
