// SPDX-License-Identifier: MIT
/*
 * Host tests of the runtime's printf (runtime/lib/printf.c). Most cases are
 * differential: the same format and arguments go to the C library's
 * snprintf, which defines the expected output. The rest covers what differs
 * on purpose (%p) or what the C library cannot be asked (sink counts).
 */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>

#include "check.h"
#include "lib/printf.h"

static int diff_cases;

/*
 * Wrappers without the printf attribute: some cases (a flag the standard
 * says is ignored, unknown conversions) are deliberately what the compiler's
 * format check warns about.
 */
static int ours(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static int libc(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/* Both formatters, same arguments; the C library is the reference. */
#define DIFF(...)                                                                                  \
	do {                                                                                       \
		char ours_[256], libc_[256];                                                       \
		int n_ours_ = ours(ours_, sizeof(ours_), __VA_ARGS__);                             \
		int n_libc_ = libc(libc_, sizeof(libc_), __VA_ARGS__);                             \
		diff_cases++;                                                                      \
		CHECK_STR(ours_, libc_, #__VA_ARGS__);                                             \
		CHECK_INT(n_ours_, n_libc_, #__VA_ARGS__);                                         \
	} while (0)

static void test_differential(void)
{
	case_begin();
	DIFF("plain text");
	DIFF("%d %d %d %d", 0, 42, -42, INT_MIN);
	DIFF("%i|%5d|%-5d|%05d|%05d", INT_MAX, 7, 7, 7, -7);
	DIFF("%u %u", 0u, UINT_MAX);
	DIFF("%x %X %x", 0xdeadbeefu, 0xdeadbeefu, 0u);
	DIFF("%#x %#X %#x", 0x1fu, 0x1fu, 0u);
	DIFF("%08x|%-8x|%8x|%#010x|%#-10x|", 0xabcu, 0xabcu, 0xabcu, 0xabcu, 0xabcu);
	DIFF("%lx %lu %ld", 0xffffffffffffffffUL, ULONG_MAX, LONG_MIN);
	DIFF("%llx %llu %lld %lld", 0x123456789abcdef0ULL, ULLONG_MAX, LLONG_MIN, LLONG_MAX);
	DIFF("%#llx %016llx", 0x40000000ULL, 0x9000000ULL);
	DIFF("%zu %zx", (size_t)12345, (size_t)0xfff);
	DIFF("%hhu %hhx %hd %hu", 300, 0x1ff, 70000, 70000);
	DIFF("%c%c%c|%3c|%-3c|", 'a', 'b', 'c', 'x', 'y');
	DIFF("%s|%8s|%-8s|%.2s|%8.3s|", "hello", "hi", "hi", "hello", "hello");
	DIFF("%*d|%-*d|%*d|", 6, 42, 6, 42, -6, 42);
	DIFF("%.*s|%.*s|", 3, "abcdef", -1, "abcdef");
	DIFF("%.3d|%5.3d|%-5.3d|%.0d|%.0x|%5.0d|", 7, 7, 7, 0, 0u, 0);
	DIFF("%08.3d|%#.5x|", 7, 0x1fu);
	DIFF("100%%|%%d|");
	DIFF("%s on board '%s': %u CPUs, %u cells", "cellforge 0.1.0", "qemu-arm64", 4u, 3u);
	DIFF("ram 0x%llx-0x%llx", 0x44000000ULL, 0x4bffffffULL);
	case_end("differential: same output and length as the C library's snprintf");
	printf("      (%d format strings compared)\n", diff_cases);
}

static void test_pointer_and_oddities(void)
{
	char buf[64];
	int n;

	case_begin();
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0x40001234);
	CHECK_STR(buf, "0x40001234", "%p is 0x and lower-case hex");
	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0);
	CHECK_STR(buf, "0x0", "%p of NULL");
	ours(buf, sizeof(buf), "%s", (const char *)0);
	CHECK_STR(buf, "(null)", "%s of NULL does not crash");
	/* Unknown conversions and a lone trailing '%' are printed verbatim. */
	ours(buf, sizeof(buf), "a%qb");
	CHECK_STR(buf, "a%qb", "unknown conversion");
	n = ours(buf, sizeof(buf), "end%");
	CHECK_STR(buf, "end%", "trailing percent");
	CHECK_INT(n, 4, "trailing percent length");
	ours(buf, sizeof(buf), "%999999999d|", 1);
	CHECK_INT(strlen(buf), sizeof(buf) - 1, "absurd width is bounded and truncated");
	case_end("%p, NULL strings, unknown conversions");
}

static void test_truncation(void)
{
	char buf[8];
	int n;

	case_begin();
	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 5, "%s", "abcdefgh");
	CHECK_STR(buf, "abcd", "truncated to size - 1");
	CHECK_INT(n, 8, "returns the untruncated length");
	CHECK(buf[5] == 'Z', "nothing written past size");
	n = fmt_snprintf(buf, 0, "%d", 12345);
	CHECK_INT(n, 5, "size 0 only measures");
	CHECK(buf[0] == 'a', "size 0 writes nothing");
	n = fmt_snprintf(buf, 1, "xyz");
	CHECK_STR(buf, "", "size 1 holds only the terminator");
	CHECK_INT(n, 3, "size 1 length");
	case_end("snprintf truncation and return value");
}

struct counting_sink {
	struct fmt_sink sink;
	int chars;
	int newlines;
};

static void count_put(struct fmt_sink *s, char c)
{
	struct counting_sink *cs = (struct counting_sink *)s;

	cs->chars++;
	cs->newlines += c == '\n';
}

static void test_sink(void)
{
	struct counting_sink cs = {.sink = {.put = count_put}};
	int n;

	case_begin();
	n = fmt_print(&cs.sink, "line %d\nline %s\n", 1, "two");
	CHECK_INT(n, 16, "fmt_print returns the characters written");
	CHECK_INT(cs.chars, 16, "every character reaches the sink");
	CHECK_INT(cs.newlines, 2, "newlines reach the sink unchanged");
	case_end("output goes through the sink callback");
}

int main(void)
{
	test_differential();
	test_pointer_and_oddities();
	test_truncation();
	test_sink();
	return check_summary("printf");
}
