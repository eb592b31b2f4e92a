/* SPDX-License-Identifier: MIT */
/*
 * printf-style formatting: %s %c %d %i %u %x %X %p %%, flags '-' and '0', a field
 * width (digits or '*'), a precision for %s, and the length modifiers hh h l ll z.
 */
#ifndef KIT_FORMAT_H
#define KIT_FORMAT_H

#include <stdarg.h>
#include <stddef.h>

#define KIT_PRINTF(fmt_index, first_arg) __attribute__((format(printf, fmt_index, first_arg)))

/* Sends every output character to put(c, arg); returns the number of characters. */
int vformat(void (*put)(char c, void *arg), void *arg, const char *fmt, va_list ap);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) KIT_PRINTF(3, 4);

#endif
