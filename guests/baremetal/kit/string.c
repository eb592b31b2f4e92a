// SPDX-License-Identifier: MIT
/*
 * The kit's additions to runtime/lib/string.c (which provides memcpy, memmove, memset,
 * memcmp, strlen and strcmp). Byte-wise on purpose: this code also runs with the MMU
 * off, where every access is Device memory and an unaligned word access would fault.
 */
#include "kit/string.h"

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a, *q = (const unsigned char *)b;

	for (size_t i = 0; i < n; i++) {
		if (p[i] != q[i])
			return p[i] < q[i] ? -1 : 1;
		if (p[i] == 0)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (*s == 0)
			return NULL;
	}
}

size_t strnchr_index(const char *s, size_t n, char c)
{
	size_t i = 0;

	while (i < n && s[i] != c)
		i++;
	return i;
}
