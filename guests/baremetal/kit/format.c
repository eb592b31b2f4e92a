// SPDX-License-Identifier: MIT
#include <stdbool.h>
#include <stdint.h>

#include "kit/format.h"
#include "kit/string.h"

struct sink {
	void (*put)(char c, void *arg);
	void *arg;
	int count;
};

struct spec {
	bool left; /* '-' */
	bool zero; /* '0' */
	unsigned width;
	int precision; /* -1: none */
};

static void emit(struct sink *out, char c)
{
	out->put(c, out->arg);
	out->count++;
}

static void emit_repeat(struct sink *out, char c, unsigned n)
{
	while (n--)
		emit(out, c);
}

/* 'prefix' (sign or 0x) then 'body', padded to the field width. */
static void emit_field(struct sink *out, const struct spec *sp, const char *prefix,
		       const char *body, size_t body_len)
{
	size_t prefix_len = strlen(prefix);
	size_t len = prefix_len + body_len;
	unsigned pad = sp->width > len ? sp->width - (unsigned)len : 0;

	if (!sp->left && !sp->zero)
		emit_repeat(out, ' ', pad);
	for (size_t i = 0; i < prefix_len; i++)
		emit(out, prefix[i]);
	if (!sp->left && sp->zero)
		emit_repeat(out, '0', pad);
	for (size_t i = 0; i < body_len; i++)
		emit(out, body[i]);
	if (sp->left)
		emit_repeat(out, ' ', pad);
}

static void emit_number(struct sink *out, const struct spec *sp, uint64_t v, unsigned base,
			bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24];
	size_t n = sizeof(buf);

	do {
		buf[--n] = digits[v % base];
		v /= base;
	} while (v);
	emit_field(out, sp, prefix, buf + n, sizeof(buf) - n);
}

enum length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LLONG, LEN_SIZE };

static uint64_t fetch_unsigned(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LLONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t fetch_signed(va_list *ap, enum length len)
{
	switch (len) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LLONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return (int64_t)va_arg(*ap, size_t);
	default:
		return va_arg(*ap, int);
	}
}

int vformat(void (*put)(char c, void *arg), void *arg, const char *fmt, va_list ap_in)
{
	struct sink out = {put, arg, 0};
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		struct spec sp = {false, false, 0, -1};
		enum length len = LEN_INT;
		const char *start = fmt;

		if (*fmt != '%') {
			emit(&out, *fmt++);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				sp.left = true;
			else if (*fmt == '0')
				sp.zero = true;
			else
				break;
		}
		if (*fmt == '*') {
			int w = va_arg(ap, int);

			if (w < 0) {
				sp.left = true;
				w = -w;
			}
			sp.width = (unsigned)w;
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9' && sp.width < 1000)
			sp.width = sp.width * 10 + (unsigned)(*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			sp.precision = 0;
			if (*fmt == '*') {
				sp.precision = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9' && sp.precision < 100000)
				sp.precision = sp.precision * 10 + (*fmt++ - '0');
		}
		if (*fmt == 'h') {
			len = LEN_SHORT;
			if (*++fmt == 'h') {
				len = LEN_CHAR;
				fmt++;
			}
		} else if (*fmt == 'l') {
			len = LEN_LONG;
			if (*++fmt == 'l') {
				len = LEN_LLONG;
				fmt++;
			}
		} else if (*fmt == 'z') {
			len = LEN_SIZE;
			fmt++;
		}

		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = fetch_signed(&ap, len);
			uint64_t mag = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;

			emit_number(&out, &sp, mag, 10, false, v < 0 ? "-" : "");
			break;
		}
		case 'u':
			emit_number(&out, &sp, fetch_unsigned(&ap, len), 10, false, "");
			break;
		case 'x':
		case 'X':
			emit_number(&out, &sp, fetch_unsigned(&ap, len), 16, *fmt == 'X', "");
			break;
		case 'p':
			emit_number(&out, &sp, (uintptr_t)va_arg(ap, void *), 16, false, "0x");
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			sp.zero = false;
			emit_field(&out, &sp, "", &c, 1);
			break;
		}
		case 's': {
			const char *s = va_arg(ap, const char *);
			size_t n;

			if (!s)
				s = "(null)";
			n = sp.precision >= 0 ? strnlen(s, (size_t)sp.precision) : strlen(s);
			sp.zero = false;
			emit_field(&out, &sp, "", s, n);
			break;
		}
		case '%':
			emit(&out, '%');
			break;
		default:
			/* Unknown or truncated conversion: show it as written. */
			while (start < fmt)
				emit(&out, *start++);
			if (*fmt)
				emit(&out, *fmt);
			else
				fmt--;
			break;
		}
		fmt++;
	}
	va_end(ap);
	return out.count;
}

struct buffer {
	char *buf;
	size_t size;
	size_t pos;
};

static void put_buffer(char c, void *arg)
{
	struct buffer *b = arg;

	if (b->pos + 1 < b->size)
		b->buf[b->pos] = c;
	b->pos++;
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer b = {buf, size, 0};
	int n = vformat(put_buffer, &b, fmt, ap);

	if (size)
		buf[b.pos < size ? b.pos : size - 1] = '\0';
	return n;
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
