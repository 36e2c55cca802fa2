/*
 * The shell's memory and messages. Everything a command line needs (tokens,
 * the tree, expanded words) comes from one arena: a chain of blocks that
 * arena_reset() frees all at once after the line has run. Nothing from the
 * arena may be kept across lines (variables and jobs use malloc).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define BLOCK_SIZE 8192

struct block {
	struct block *next;
	size_t used, size;
	char data[];
};

static struct block *blocks;

static void *xmalloc(size_t n)
{
	void *p = malloc(n);

	if (!p) {
		write(2, "sh: out of memory\n", 18);
		_exit(2);
	}
	return p;
}

void *arena_alloc(size_t n)
{
	struct block *b = blocks;

	n = (n + 15) & ~(size_t)15;
	if (!b || b->used + n > b->size) {
		size_t size = n > BLOCK_SIZE ? n : BLOCK_SIZE;

		b = xmalloc(sizeof(*b) + size);
		b->size = size;
		b->used = 0;
		b->next = blocks;
		blocks = b;
	}
	b->used += n;
	return memset(b->data + b->used - n, 0, n);
}

char *arena_strndup(const char *s, size_t n)
{
	char *p = arena_alloc(n + 1);

	memcpy(p, s, n);
	return p;
}

char *arena_strdup(const char *s)
{
	return arena_strndup(s, strlen(s));
}

void arena_reset(void)
{
	while (blocks) {
		struct block *next = blocks->next;

		free(blocks);
		blocks = next;
	}
}

static void sb_grow(struct strbuf *b, size_t more)
{
	size_t cap = b->cap ? b->cap : 32;
	char *s;

	if (b->len + more + 1 <= b->cap)
		return;
	while (cap < b->len + more + 1)
		cap *= 2;
	s = arena_alloc(cap);
	if (b->len)
		memcpy(s, b->s, b->len);
	b->s = s;
	b->cap = cap;
}

void sb_addc(struct strbuf *b, char c)
{
	sb_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

void sb_adds(struct strbuf *b, const char *s)
{
	size_t n = strlen(s);

	sb_grow(b, n);
	memcpy(b->s + b->len, s, n + 1);
	b->len += n;
}

char *sb_str(struct strbuf *b)
{
	sb_grow(b, 0);
	return b->s;
}

/* Unbuffered, so that the order with children's output is kept. */
void sh_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	n = snprintf(msg, sizeof(msg), "sh: ");
	va_start(ap, fmt);
	n += vsnprintf(msg + n, sizeof(msg) - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(msg) - 2)
		n = sizeof(msg) - 2;
	msg[n++] = '\n';
	write(2, msg, n);
}
