// SPDX-License-Identifier: MIT
/*
 * Host tests of runtime/lib/string.c. The runtime's functions carry the C
 * names; meson compiles them here with -D renames (rt_memcpy, ...) so that
 * they do not replace the host C library's.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"

void *rt_memcpy(void *dst, const void *src, size_t n);
void *rt_memmove(void *dst, const void *src, size_t n);
void *rt_memset(void *dst, int c, size_t n);
int rt_memcmp(const void *a, const void *b, size_t n);
size_t rt_strlen(const char *s);
int rt_strcmp(const char *a, const char *b);

static void test_copy_and_move(void)
{
	char buf[32];

	case_begin();
	CHECK(rt_memcpy(buf, "abcdefgh", 9) == buf, "memcpy returns dst");
	CHECK_STR(buf, "abcdefgh", "memcpy");
	rt_memmove(buf + 2, buf, 6); /* overlapping, forward */
	CHECK(memcmp(buf, "ababcdef", 8) == 0, "memmove to a higher address: %.8s", buf);
	rt_memcpy(buf, "abcdefgh", 9);
	rt_memmove(buf, buf + 2, 6); /* overlapping, backward */
	CHECK(memcmp(buf, "cdefghgh", 8) == 0, "memmove to a lower address: %.8s", buf);
	rt_memmove(buf, buf, 8);
	CHECK(memcmp(buf, "cdefghgh", 8) == 0, "memmove onto itself");
	CHECK(rt_memset(buf, 'x', 4) == buf && memcmp(buf, "xxxxghgh", 8) == 0, "memset");
	rt_memset(buf, 0x1ff, 1);
	CHECK((unsigned char)buf[0] == 0xff, "memset converts c to unsigned char");
	case_end("memcpy, memmove (both directions), memset");
}

static void test_compare(void)
{
	case_begin();
	CHECK(rt_memcmp("abc", "abd", 3) < 0, "memcmp less");
	CHECK(rt_memcmp("abd", "abc", 3) > 0, "memcmp greater");
	CHECK(rt_memcmp("abc", "abd", 2) == 0, "memcmp prefix");
	CHECK(rt_memcmp("\x80", "\x01", 1) > 0, "memcmp compares unsigned bytes");
	CHECK_INT(rt_strlen(""), 0, "strlen empty");
	CHECK_INT(rt_strlen("qemu-arm64"), 10, "strlen");
	CHECK(rt_strcmp("cpu1", "cpu1") == 0, "strcmp equal");
	CHECK(rt_strcmp("cpu1", "cpu10") < 0, "strcmp prefix is less");
	CHECK(rt_strcmp("cpu2", "cpu10") > 0, "strcmp");
	CHECK(rt_strcmp("\xff", "a") > 0, "strcmp compares unsigned chars");
	case_end("memcmp, strlen, strcmp");
}

int main(void)
{
	test_copy_and_move();
	test_compare();
	return check_summary("string");
}
