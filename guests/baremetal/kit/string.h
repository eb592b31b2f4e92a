/* SPDX-License-Identifier: MIT */
/*
 * Memory and string functions. The compiler may emit calls to memcpy, memmove and
 * memset on its own (structure copies), so these keep their standard names.
 */
#ifndef KIT_STRING_H
#define KIT_STRING_H

#include <stddef.h>

void *memcpy(void *restrict dst, const void *restrict src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
/* Index of the first c in s[0..n), or n. */
size_t strnchr_index(const char *s, size_t n, char c);

#endif
