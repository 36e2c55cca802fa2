/*
 * Kernel formatted output. Supports flags '-', '0', '+', ' ', '#', a width
 * (or '*'), a precision for strings (or '.*'), the length modifiers hh h l ll z t, and
 * the conversions d i u x X o c s p %. "%pS" prints a code address as
 * function+0xoff/0xsize using the linked-in symbol table.
 */
#include "kernel/lib/vsprintf.h"
#include "kernel/lib/string.h"
#include "kernel/ksyms.h"

struct outbuf {
	char *buf;
	size_t size;
	size_t len;	/* characters that would have been written */
};

static void put(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void put_str(struct outbuf *o, const char *s, int width, int prec, bool left)
{
	int len = (int)strnlen(s, prec >= 0 ? (size_t)prec : (size_t)-1);

	for (; !left && width > len; width--)
		put(o, ' ');
	for (int i = 0; i < len; i++)
		put(o, s[i]);
	for (; left && width > len; width--)
		put(o, ' ');
}

struct numfmt {
	int base;
	int width;
	bool left, zero, plus, space, alt, upper, is_signed;
};

static void put_num(struct outbuf *o, unsigned long v, bool neg, const struct numfmt *f)
{
	const char *digits = f->upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0, width = f->width;
	char sign = neg ? '-' : f->plus ? '+' : f->space ? ' ' : 0;

	do {
		tmp[n++] = digits[v % f->base];
		v /= f->base;
	} while (v);
	width -= n + (sign ? 1 : 0) + (f->alt && f->base == 16 ? 2 : 0);
	if (!f->left && !f->zero)
		for (; width > 0; width--)
			put(o, ' ');
	if (sign)
		put(o, sign);
	if (f->alt && f->base == 16) {
		put(o, '0');
		put(o, f->upper ? 'X' : 'x');
	}
	if (!f->left && f->zero)
		for (; width > 0; width--)
			put(o, '0');
	while (n)
		put(o, tmp[--n]);
	for (; width > 0; width--)
		put(o, ' ');
}

static void put_symbol(struct outbuf *o, unsigned long addr)
{
	char tmp[128];

	ksym_format(addr, tmp, sizeof(tmp));
	put_str(o, tmp, 0, -1, false);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		struct numfmt f = { .base = 10 };
		int prec = -1, lng = 0;
		unsigned long v;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (fmt++;; fmt++) {
			if (*fmt == '-') f.left = true;
			else if (*fmt == '0') f.zero = true;
			else if (*fmt == '+') f.plus = true;
			else if (*fmt == ' ') f.space = true;
			else if (*fmt == '#') f.alt = true;
			else break;
		}
		if (*fmt == '*') {
			f.width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			f.width = f.width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			prec = 0;
			if (fmt[1] == '*') {
				prec = va_arg(ap, int);
				fmt += 2;
			} else {
				for (fmt++; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec * 10 + (*fmt - '0');
			}
		}
		for (;; fmt++) {
			if (*fmt == 'l' || *fmt == 'z' || *fmt == 't') lng = 1;
			else if (*fmt == 'h') lng = lng == -1 ? -2 : -1;
			else break;
		}
		switch (*fmt) {
		case 'c':
			put(&o, (char)va_arg(ap, int));
			continue;
		case 's': {
			const char *s = va_arg(ap, const char *);
			put_str(&o, s ? s : "(null)", f.width, prec, f.left);
			continue;
		}
		case 'p':
			v = (unsigned long)va_arg(ap, void *);
			if (fmt[1] == 'S' || fmt[1] == 's') {
				fmt++;
				put_symbol(&o, v);
				continue;
			}
			f.base = 16, f.alt = true, f.zero = true, f.width = 18;
			put_num(&o, v, false, &f);
			continue;
		case '%':
			put(&o, '%');
			continue;
		case 'd': case 'i':
			f.is_signed = true;
			break;
		case 'u':
			break;
		case 'x':
			f.base = 16;
			break;
		case 'X':
			f.base = 16, f.upper = true;
			break;
		case 'o':
			f.base = 8;
			break;
		default:
			put(&o, '%');
			if (*fmt)
				put(&o, *fmt);
			else
				fmt--;
			continue;
		}
		if (f.is_signed) {
			long s = lng == 1 ? va_arg(ap, long) : va_arg(ap, int);
			if (lng == -1) s = (short)s;
			if (lng == -2) s = (signed char)s;
			put_num(&o, s < 0 ? -(unsigned long)s : (unsigned long)s, s < 0, &f);
		} else {
			v = lng == 1 ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			if (lng == -1) v = (unsigned short)v;
			if (lng == -2) v = (unsigned char)v;
			put_num(&o, v, false, &f);
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
