/* SPDX-License-Identifier: MIT */
/*
 * A small printf for the hypervisor. Formatting is separated from output:
 * fmt_vprint() writes characters into a sink, so the same code serves the
 * console, fixed buffers (snprintf) and the host unit tests.
 *
 * Supported: %d %i %u %x %X %c %s %p %%, length modifiers hh h l ll z,
 * flags '-' '0' '#', field width and precision (number or '*').
 * %p prints 0x followed by lower-case hex digits (0x0 for NULL).
 */
#ifndef CELLFORGE_LIB_PRINTF_H
#define CELLFORGE_LIB_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

#include "compiler.h"

struct fmt_sink {
	void (*put)(struct fmt_sink *sink, char c);
};

/* Returns the number of characters handed to the sink. */
int fmt_vprint(struct fmt_sink *sink, const char *fmt, va_list ap);
int fmt_print(struct fmt_sink *sink, const char *fmt, ...) __printf_like(2, 3);

/*
 * Like C's snprintf: writes at most size - 1 characters plus a NUL and
 * returns the length the full output would have had.
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...) __printf_like(3, 4);

#endif
