/*
 * The parser: tokens → a tree, by recursive descent over this grammar
 * (a subset of POSIX sh; no if/while/for, subshells or functions):
 *
 *   list      := and_or ( (';' | '&' | newline) and_or )*
 *   and_or    := pipeline ( ('&&' | '||') newline* pipeline )*
 *   pipeline  := ['!'] command ( '|' newline* command )*
 *   command   := ( NAME=value )* ( word | redirection )+
 *   redirection := [digits] ( '<' | '>' | '>>' | '<&' | '>&' ) word
 *
 * Nothing is expanded here: the words keep their quotes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct parser {
	struct token *tok;	/* the next token */
	enum parse_result res;
};

/* A growable array of pointers in the arena, NULL-terminated. */
struct ptrvec {
	void **v;
	int n, cap;
};

static void pv_push(struct ptrvec *pv, void *x)
{
	if (pv->n + 2 > pv->cap) {
		int cap = pv->cap ? pv->cap * 2 : 8;
		void **v = arena_alloc(cap * sizeof(*v));

		if (pv->n)
			memcpy(v, pv->v, pv->n * sizeof(*v));
		pv->v = v;
		pv->cap = cap;
	}
	pv->v[pv->n++] = x;
	pv->v[pv->n] = NULL;
}

static void **pv_done(struct ptrvec *pv)
{
	if (!pv->v)
		pv->v = arena_alloc(sizeof(*pv->v));	/* an empty list */
	return pv->v;
}

static const char *token_name(const struct token *t)
{
	static const char *names[] = {
		[T_PIPE] = "|", [T_AND_IF] = "&&", [T_OR_IF] = "||", [T_AMP] = "&",
		[T_SEMI] = ";", [T_NEWLINE] = "newline", [T_LESS] = "<", [T_GREAT] = ">",
		[T_DGREAT] = ">>", [T_LESSAND] = "<&", [T_GREATAND] = ">&",
		[T_END] = "end of input",
	};

	return t->text ? t->text : names[t->kind];
}

/* Report the token we did not expect (once); at the very end of the input
 * after | && || the line is only unfinished. */
static void *syntax_error(struct parser *p, bool may_continue)
{
	if (p->res != PARSE_OK)
		return NULL;
	if (p->tok->kind == T_END && may_continue) {
		p->res = PARSE_MORE;
		return NULL;
	}
	sh_error("syntax error near unexpected token `%s'", token_name(p->tok));
	p->res = PARSE_ERROR;
	return NULL;
}

static void skip_newlines(struct parser *p)
{
	while (p->tok->kind == T_NEWLINE)
		p->tok++;
}

static bool is_redirection(enum token_kind k)
{
	return k == T_LESS || k == T_GREAT || k == T_DGREAT || k == T_LESSAND || k == T_GREATAND;
}

/* [n]op word. p->tok is at the number or the operator. */
static struct redir *parse_redirection(struct parser *p)
{
	struct redir *r = arena_alloc(sizeof(*r));
	int fd = -1;

	if (p->tok->kind == T_IO_NUMBER)
		fd = atoi((p->tok++)->text);
	switch ((p->tok++)->kind) {
	case T_LESS:	 r->kind = R_IN;      r->fd = 0; break;
	case T_GREAT:	 r->kind = R_OUT;     r->fd = 1; break;
	case T_DGREAT:	 r->kind = R_APPEND;  r->fd = 1; break;
	case T_LESSAND:	 r->kind = R_DUP_IN;  r->fd = 0; break;
	default:	 r->kind = R_DUP_OUT; r->fd = 1; break;
	}
	if (fd >= 0)
		r->fd = fd;
	if (p->tok->kind != T_WORD)
		return syntax_error(p, false);
	r->word = (p->tok++)->text;
	return r;
}

static struct command *parse_command(struct parser *p, struct strbuf *text)
{
	struct command *c = arena_alloc(sizeof(*c));
	struct ptrvec assigns = { 0 }, words = { 0 };
	struct redir **last = &c->redirs;

	for (;;) {
		enum token_kind k = p->tok->kind;

		if (k == T_IO_NUMBER || is_redirection(k)) {
			struct token *start = p->tok;

			if (!(*last = parse_redirection(p)))
				return NULL;
			last = &(*last)->next;
			if (text->len)
				sb_addc(text, ' ');
			for (; start < p->tok; start++)
				sb_adds(text, token_name(start));
		} else if (k == T_WORD) {
			char *w = (p->tok++)->text;

			if (text->len)
				sb_addc(text, ' ');
			sb_adds(text, w);
			pv_push(!words.n && is_assignment(w) ? &assigns : &words, w);
		} else {
			break;
		}
	}
	if (!words.n && !assigns.n && !c->redirs)
		return syntax_error(p, true);
	c->assigns = (char **)pv_done(&assigns);
	c->words = (char **)pv_done(&words);
	return c;
}

static struct pipeline *parse_pipeline(struct parser *p)
{
	struct pipeline *pl = arena_alloc(sizeof(*pl));
	struct command **last = &pl->cmds;
	struct strbuf text = { 0 };

	if (p->tok->kind == T_WORD && !strcmp(p->tok->text, "!")) {
		pl->bang = true;
		p->tok++;
	}
	for (;;) {
		if (!(*last = parse_command(p, &text)))
			return NULL;
		last = &(*last)->next;
		if (p->tok->kind != T_PIPE)
			break;
		sb_adds(&text, " |");
		p->tok++;
		skip_newlines(p);
	}
	pl->text = sb_str(&text);
	return pl;
}

static struct and_or *parse_and_or(struct parser *p)
{
	struct and_or *ao = arena_alloc(sizeof(*ao));
	struct ptrvec pipes = { 0 }, ops = { 0 };

	for (;;) {
		struct pipeline *pl = parse_pipeline(p);

		if (!pl)
			return NULL;
		pv_push(&pipes, pl);
		if (p->tok->kind != T_AND_IF && p->tok->kind != T_OR_IF)
			break;
		pv_push(&ops, (void *)(long)(p->tok->kind == T_AND_IF ? C_AND : C_OR));
		p->tok++;
		skip_newlines(p);
	}
	ao->pipes = (struct pipeline **)pipes.v;
	ao->n = pipes.n;
	ao->ops = arena_alloc(ao->n * sizeof(*ao->ops));
	for (int i = 0; i < ops.n; i++)
		ao->ops[i] = (enum connector)(long)ops.v[i];
	return ao;
}

struct and_or *parse(struct token *toks, enum parse_result *res)
{
	struct parser p = { .tok = toks, .res = PARSE_OK };
	struct and_or *head = NULL, **last = &head;

	for (;;) {
		skip_newlines(&p);
		if (p.tok->kind == T_END)
			break;
		if (!(*last = parse_and_or(&p)))
			break;
		if (p.tok->kind == T_AMP)
			(*last)->background = true;
		last = &(*last)->next;
		if (p.tok->kind == T_AMP || p.tok->kind == T_SEMI || p.tok->kind == T_NEWLINE)
			p.tok++;
		else if (p.tok->kind != T_END) {
			syntax_error(&p, false);
			break;
		}
	}
	if (p.res == PARSE_OK && !head)
		p.res = PARSE_EMPTY;
	*res = p.res;
	return p.res == PARSE_OK ? head : NULL;
}
