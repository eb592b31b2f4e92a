// SPDX-License-Identifier: MIT
/*
 * printf core. Pure C without allocation or recursion so that it can run in
 * the panic path and be compiled on the host for differential tests against
 * the C library.
 */
#include <stdbool.h>
#include <stdint.h>

#include "lib/printf.h"

enum fmt_length { LEN_INT, LEN_CHAR, LEN_SHORT, LEN_LONG, LEN_LONG_LONG, LEN_SIZE };

struct fmt_spec {
	bool left;     /* '-' */
	bool zero;     /* '0' */
	bool alt;      /* '#' */
	int width;     /* -1 when absent */
	int precision; /* -1 when absent */
	enum fmt_length length;
};

struct fmt_out {
	struct fmt_sink *sink;
	int count;
};

static void out_char(struct fmt_out *o, char c)
{
	o->sink->put(o->sink, c);
	o->count++;
}

static void out_repeat(struct fmt_out *o, char c, int n)
{
	for (int i = 0; i < n; i++)
		out_char(o, c);
}

static size_t bounded_strlen(const char *s, int precision)
{
	size_t n = 0;

	while (s[n] != '\0' && (precision < 0 || n < (size_t)precision))
		n++;
	return n;
}

static void out_string(struct fmt_out *o, const struct fmt_spec *spec, const char *s)
{
	if (!s)
		s = "(null)";
	size_t len = bounded_strlen(s, spec->precision);
	int pad = spec->width > (int)len ? spec->width - (int)len : 0;

	if (!spec->left)
		out_repeat(o, ' ', pad);
	for (size_t i = 0; i < len; i++)
		out_char(o, s[i]);
	if (spec->left)
		out_repeat(o, ' ', pad);
}

/*
 * Print an unsigned magnitude with an optional sign and "0x" prefix, following
 * the C standard's padding rules: precision gives the minimum digit count (and
 * disables '0'), '0' pads between prefix and digits, '-' pads on the right.
 */
static void out_number(struct fmt_out *o, const struct fmt_spec *spec, uint64_t value,
		       unsigned int base, bool upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24]; /* 2^64 has 20 decimal digits */
	int len = 0;

	if (value == 0 && spec->precision == 0)
		len = 0; /* C: zero with precision 0 prints no digits */
	else
		do {
			buf[len++] = digits[value % base];
			value /= base;
		} while (value != 0);

	int prefix_len = (int)bounded_strlen(prefix, -1);
	int zeros = spec->precision > len ? spec->precision - len : 0;
	int body = prefix_len + zeros + len;
	int pad = spec->width > body ? spec->width - body : 0;

	if (spec->zero && !spec->left && spec->precision < 0) {
		zeros += pad;
		pad = 0;
	}
	if (!spec->left)
		out_repeat(o, ' ', pad);
	for (int i = 0; i < prefix_len; i++)
		out_char(o, prefix[i]);
	out_repeat(o, '0', zeros);
	while (len > 0)
		out_char(o, buf[--len]);
	if (spec->left)
		out_repeat(o, ' ', pad);
}

static uint64_t take_unsigned(enum fmt_length length, va_list *ap)
{
	switch (length) {
	case LEN_CHAR:
		return (unsigned char)va_arg(*ap, unsigned int);
	case LEN_SHORT:
		return (unsigned short)va_arg(*ap, unsigned int);
	case LEN_LONG:
		return va_arg(*ap, unsigned long);
	case LEN_LONG_LONG:
		return va_arg(*ap, unsigned long long);
	case LEN_SIZE:
		return va_arg(*ap, size_t);
	case LEN_INT:
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t take_signed(enum fmt_length length, va_list *ap)
{
	switch (length) {
	case LEN_CHAR:
		return (signed char)va_arg(*ap, int);
	case LEN_SHORT:
		return (short)va_arg(*ap, int);
	case LEN_LONG:
		return va_arg(*ap, long);
	case LEN_LONG_LONG:
		return va_arg(*ap, long long);
	case LEN_SIZE:
		return (int64_t)va_arg(*ap, size_t);
	case LEN_INT:
	default:
		return va_arg(*ap, int);
	}
}

/* Parses a decimal number or '*'; returns the updated format pointer. */
static const char *parse_count(const char *f, int *count, va_list *ap, bool *from_args_negative)
{
	*from_args_negative = false;
	if (*f == '*') {
		*count = va_arg(*ap, int);
		if (*count < 0)
			*from_args_negative = true;
		return f + 1;
	}
	*count = 0;
	/* Bound the value so that absurd widths cannot overflow an int. */
	while (*f >= '0' && *f <= '9') {
		if (*count < 100000)
			*count = *count * 10 + (*f - '0');
		f++;
	}
	return f;
}

static const char *parse_spec(const char *f, struct fmt_spec *spec, va_list *ap)
{
	bool negative;

	*spec = (struct fmt_spec){.width = -1, .precision = -1, .length = LEN_INT};
	for (;; f++) {
		if (*f == '-')
			spec->left = true;
		else if (*f == '0')
			spec->zero = true;
		else if (*f == '#')
			spec->alt = true;
		else
			break;
	}
	if (*f == '*' || (*f >= '1' && *f <= '9')) {
		f = parse_count(f, &spec->width, ap, &negative);
		if (negative) { /* C: a negative '*' width means '-' flag */
			spec->left = true;
			spec->width = -spec->width;
		}
	}
	if (*f == '.') {
		f = parse_count(f + 1, &spec->precision, ap, &negative);
		if (negative) /* C: a negative '*' precision is as if omitted */
			spec->precision = -1;
	}
	if (f[0] == 'h' && f[1] == 'h') {
		spec->length = LEN_CHAR;
		f += 2;
	} else if (f[0] == 'h') {
		spec->length = LEN_SHORT;
		f++;
	} else if (f[0] == 'l' && f[1] == 'l') {
		spec->length = LEN_LONG_LONG;
		f += 2;
	} else if (f[0] == 'l') {
		spec->length = LEN_LONG;
		f++;
	} else if (f[0] == 'z') {
		spec->length = LEN_SIZE;
		f++;
	}
	return f;
}

int fmt_vprint(struct fmt_sink *sink, const char *fmt, va_list ap_in)
{
	struct fmt_out o = {.sink = sink, .count = 0};
	struct fmt_spec spec;
	va_list ap;

	/* A copy lets helpers take &ap portably (va_list may be an array type). */
	va_copy(ap, ap_in);
	for (const char *f = fmt; *f != '\0'; f++) {
		if (*f != '%') {
			out_char(&o, *f);
			continue;
		}
		const char *start = f;
		f = parse_spec(f + 1, &spec, &ap);
		switch (*f) {
		case '%':
			out_char(&o, '%');
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);
			char s[2] = {c, '\0'};
			struct fmt_spec cs = spec;

			cs.precision = 1;
			if (c == '\0') { /* still one character wide */
				out_repeat(&o, ' ', !cs.left && cs.width > 1 ? cs.width - 1 : 0);
				out_char(&o, '\0');
				out_repeat(&o, ' ', cs.left && cs.width > 1 ? cs.width - 1 : 0);
			} else {
				out_string(&o, &cs, s);
			}
			break;
		}
		case 's':
			out_string(&o, &spec, va_arg(ap, const char *));
			break;
		case 'd':
		case 'i': {
			int64_t v = take_signed(spec.length, &ap);
			uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

			out_number(&o, &spec, mag, 10, false, v < 0 ? "-" : "");
			break;
		}
		case 'u':
			out_number(&o, &spec, take_unsigned(spec.length, &ap), 10, false, "");
			break;
		case 'x':
		case 'X': {
			uint64_t v = take_unsigned(spec.length, &ap);
			const char *prefix = "";

			/* C: '#' prefixes only non-zero values. */
			if (spec.alt && v != 0)
				prefix = *f == 'X' ? "0X" : "0x";
			out_number(&o, &spec, v, 16, *f == 'X', prefix);
			break;
		}
		case 'p':
			out_number(&o, &spec, (uintptr_t)va_arg(ap, void *), 16, false, "0x");
			break;
		default:
			/* Unknown or truncated conversion: show it verbatim. */
			for (const char *c = start; c <= f && *c != '\0'; c++)
				out_char(&o, *c);
			if (*f == '\0')
				f--;
			break;
		}
	}
	va_end(ap);
	return o.count;
}

int fmt_print(struct fmt_sink *sink, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vprint(sink, fmt, ap);
	va_end(ap);
	return n;
}

struct buffer_sink {
	struct fmt_sink sink;
	char *buf;
	size_t size;
	size_t len;
};

static void buffer_put(struct fmt_sink *sink, char c)
{
	struct buffer_sink *b = (struct buffer_sink *)sink;

	if (b->size != 0 && b->len < b->size - 1)
		b->buf[b->len] = c;
	b->len++;
}

int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct buffer_sink b = {.sink = {.put = buffer_put}, .buf = buf, .size = size, .len = 0};
	int n = fmt_vprint(&b.sink, fmt, ap);

	if (size != 0)
		buf[b.len < size ? b.len : size - 1] = '\0';
	return n;
}

int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
