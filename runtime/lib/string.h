/* SPDX-License-Identifier: MIT */
/*
 * Memory and string functions. The compiler may emit calls to memcpy, memmove,
 * memset and memcmp even in freestanding code, so these keep the C names.
 */
#ifndef CELLFORGE_LIB_STRING_H
#define CELLFORGE_LIB_STRING_H

#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);

#endif
