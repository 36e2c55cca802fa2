/*
 * The lexer: text → tokens. A word keeps its quotes and backslashes (the
 * expander removes them later, because "$x" and $x expand differently);
 * the lexer only needs them to know where the word ends. Operators are
 * | || & && ; < > >> <& >& and newline; '#' at the start of a word starts a
 * comment; backslash-newline joins two lines.
 */
#include <ctype.h>
#include <string.h>

#include "sh.h"

#define MAX_TOKENS 4096

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool is_operator_start(char c)
{
	return c == '|' || c == '&' || c == ';' || c == '<' || c == '>' || c == '\n';
}

/* The operator at s: its kind and length. */
static int operator_at(const char *s, enum token_kind *kind)
{
	static const struct { const char *text; enum token_kind kind; } ops[] = {
		{ "&&", T_AND_IF }, { "||", T_OR_IF }, { ">>", T_DGREAT },
		{ "<&", T_LESSAND }, { ">&", T_GREATAND }, { "|", T_PIPE },
		{ "&", T_AMP }, { ";", T_SEMI }, { "<", T_LESS }, { ">", T_GREAT },
		{ "\n", T_NEWLINE },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].text);

		if (!strncmp(s, ops[i].text, n)) {
			*kind = ops[i].kind;
			return n;
		}
	}
	return 0;
}

/* The end of the word starting at s, or NULL if a quote is not closed or
 * the text ends with a backslash. Backslash-newline pairs are part of the
 * word here; the expander drops them. */
static const char *word_end(const char *s)
{
	while (*s && !is_blank(*s) && !is_operator_start(*s)) {
		if (*s == '\\') {
			if (!s[1] || (s[1] == '\n' && !s[2]))
				return NULL;	/* continued on the next line */
			s += 2;
		} else if (*s == '\'') {
			s = strchr(s + 1, '\'');
			if (!s)
				return NULL;
			s++;
		} else if (*s == '"') {
			for (s++; *s != '"'; s++) {
				if (!*s)
					return NULL;
				if (*s == '\\' && s[1])
					s++;
			}
			s++;
		} else {
			s++;
		}
	}
	return s;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

int lex(const char *src, struct token **out)
{
	struct token *toks = arena_alloc(MAX_TOKENS * sizeof(*toks));
	const char *s = src;
	int n = 0;

	while (n < MAX_TOKENS - 1) {
		enum token_kind kind;
		int len;

		while (is_blank(*s) || (s[0] == '\\' && s[1] == '\n')) {
			if (!is_blank(*s) && !s[2])
				return -1;	/* continued on the next line */
			s += is_blank(*s) ? 1 : 2;
		}
		if (*s == '#')
			while (*s && *s != '\n')
				s++;
		if (!*s)
			break;
		len = operator_at(s, &kind);
		if (len) {
			toks[n++].kind = kind;
			s += len;
			continue;
		}
		const char *end = word_end(s);

		if (!end)
			return -1;	/* an open quote: the caller reads more */
		toks[n].kind = (all_digits(s, end - s) && (*end == '<' || *end == '>'))
			? T_IO_NUMBER : T_WORD;
		toks[n++].text = arena_strndup(s, end - s);
		s = end;
	}
	toks[n].kind = T_END;
	*out = toks;
	return n;
}
