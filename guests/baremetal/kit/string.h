/* SPDX-License-Identifier: MIT */
/*
 * Memory and string functions. memcpy, memmove, memset, memcmp, strlen and strcmp
 * come from the runtime's runtime/lib/string.c (compiled into the kit, see
 * meson.build); the kit's own string.c adds the bounded helpers the FDT reader needs.
 * All are byte-wise, which is what code running with the MMU off (Device memory)
 * requires.
 */
#ifndef KIT_STRING_H
#define KIT_STRING_H

#include <stddef.h>

#include "lib/string.h"

size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Index of the first c in s[0..n), or n. */
size_t strnchr_index(const char *s, size_t n, char c);

#endif
